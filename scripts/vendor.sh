#!/usr/bin/env bash
# Refreshes the front-end files that are embedded in the binary.
# They are committed, so a build never needs the network; run this only to upgrade them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/crates/web/assets/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# With arguments, only the named parts are refreshed (htmx, swagger-ui, echarts).
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(htmx swagger-ui echarts)
for part in "${parts[@]}"; do
  case "$part" in
    htmx) npm pack --silent htmx.org@2.0.11 >/dev/null ;;
    swagger-ui) npm pack --silent swagger-ui-dist@5.35.0 >/dev/null ;;
    echarts) npm pack --silent echarts@6.1.0 >/dev/null ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done
for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
for part in "${parts[@]}"; do
  case "$part" in
    htmx) cp htmx.org-*/package/dist/htmx.min.js htmx.org-*/package/LICENSE "$dest/htmx/" ;;
    swagger-ui) cp swagger-ui-dist-*/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/" ;;
    echarts)
      mkdir -p "$dest/echarts"
      cp echarts-*/package/dist/echarts.min.js echarts-*/package/{LICENSE,NOTICE} "$dest/echarts/" ;;
  esac
done
echo "vendored files refreshed in $dest"
