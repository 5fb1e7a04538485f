#!/usr/bin/env bash
# Refreshes the front-end files that are embedded in the binary.
# They are committed, so a build never needs the network; run this only to upgrade them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/crates/web/assets/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent htmx.org@2.0.11 swagger-ui-dist@5.35.0 >/dev/null
for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
cp htmx.org-*/package/dist/htmx.min.js htmx.org-*/package/LICENSE "$dest/htmx/"
cp swagger-ui-dist-*/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/"
echo "vendored files refreshed in $dest"
