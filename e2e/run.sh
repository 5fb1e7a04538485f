#!/usr/bin/env bash
# Browser tests: builds touyan, serves the demo on a free port with a fresh data folder,
# runs e2e/run.mjs in Chromium (headless) and stops the server again.
#
# Needs Node.js and npm, and Chromium at /usr/bin/chromium (Debian: apt-get install chromium
# fonts-noto-cjk), or another one named by TOUYAN_E2E_CHROMIUM. Screenshots are written to
# target/e2e-screenshots/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

chromium_bin=${TOUYAN_E2E_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium_bin ]]; then
  echo "e2e: no Chromium at $chromium_bin; install it (Debian: apt-get install chromium fonts-noto-cjk)" >&2
  exit 1
fi

if [[ ! -d e2e/node_modules/playwright-core ]]; then
  echo "e2e: installing playwright-core (npm ci)"
  (cd e2e && npm ci --no-audit --no-fund)
fi

echo "e2e: building touyan"
cargo build -p touyan
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin="$target_dir/debug/touyan"

work=$(mktemp -d)
server_pid=""
cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f $work/server.log ]]; then
    echo "e2e: last lines of the server's log:" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(node -e "
  const s = require('net').createServer();
  s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });
")
url="http://127.0.0.1:$port"

# Started from the temporary folder so that no touyan.toml of the checkout is read, and
# without any database URL from the environment: the demo on a fresh SQLite file.
mkdir -p "$work/data"
(
  cd "$work"
  exec env -u TOUYAN_DATABASE_URL -u TOUYAN_TEST_DATABASE_URL \
    TOUYAN_DATA_DIR="$work/data" TOUYAN_LISTEN="127.0.0.1:$port" "$bin"
) >"$work/server.log" 2>&1 &
server_pid=$!

echo "e2e: waiting for $url/healthz"
up=""
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server stopped before answering" >&2
    exit 1
  fi
  if node -e "
    fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
  " "$url/healthz"; then
    up=1
    break
  fi
  sleep 0.5
done
if [[ -z $up ]]; then
  echo "e2e: the server did not answer $url/healthz within 120 s" >&2
  exit 1
fi

echo "e2e: running the browser tests against $url"
TOUYAN_E2E_URL="$url" \
  TOUYAN_E2E_SCREENSHOTS="$target_dir/e2e-screenshots" \
  TOUYAN_E2E_CHROMIUM="$chromium_bin" \
  node --test --test-reporter=spec --test-concurrency=1 e2e/run.mjs e2e/people.mjs e2e/studio.mjs e2e/request.mjs
echo "e2e: screenshots in $target_dir/e2e-screenshots"
