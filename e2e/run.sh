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

if [[ ! -d e2e/node_modules/playwright-core || ! -d e2e/node_modules/axe-core ]]; then
  echo "e2e: installing playwright-core and axe-core (npm ci)"
  (cd e2e && npm ci --no-audit --no-fund)
fi

# TOUYAN_BIN names a binary already built (CI passes the one its test run built, which
# `cargo build -p touyan` would build again with other features); otherwise build it.
if [[ -n ${TOUYAN_BIN:-} && -x ${TOUYAN_BIN:-} ]]; then
  echo "e2e: using $TOUYAN_BIN"
else
  echo "e2e: building touyan"
  cargo build -p touyan
fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=${TOUYAN_BIN:-$target_dir/debug/touyan}

source "$root/scripts/demo-server.sh"
serve_demo e2e "$bin"

echo "e2e: running the browser tests against $url"
TOUYAN_E2E_URL="$url" \
  TOUYAN_E2E_SCREENSHOTS="$target_dir/e2e-screenshots" \
  TOUYAN_E2E_CHROMIUM="$chromium_bin" \
  node --test --test-reporter=spec --test-concurrency=1 e2e/run.mjs e2e/home.mjs e2e/people.mjs e2e/studio.mjs e2e/request.mjs e2e/charts.mjs e2e/picker.mjs e2e/ledger.mjs e2e/cadence.mjs e2e/notice.mjs e2e/task.mjs e2e/campaign.mjs e2e/cadence_change.mjs e2e/evaluation.mjs e2e/rating.mjs e2e/round_story.mjs e2e/assets.mjs e2e/axe.mjs
echo "e2e: screenshots in $target_dir/e2e-screenshots"
