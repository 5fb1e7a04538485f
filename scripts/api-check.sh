#!/usr/bin/env bash
# Checks the API against its own OpenAPI document: builds touyan, serves the demo on a free
# port with a fresh SQLite file, validates the document (openapi-spec-validator), then runs
# a bounded property-based fuzz of every operation (schemathesis) as `admin` with an API
# token. Fails on any 5xx and on any answer whose body does not match its documented schema.
#
# Needs Python 3 with venv; the two checkers are installed from PyPI into a virtual
# environment under target/. TOUYAN_API_CHECK_EXAMPLES sets the examples per operation (3).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
examples=${TOUYAN_API_CHECK_EXAMPLES:-3}
# Further arguments go to both schemathesis runs.
extra=("$@")

venv="$target_dir/api-check-venv"
if [[ ! -x $venv/bin/st ]] || [[ ! -x $venv/bin/openapi-spec-validator ]]; then
  echo "api-check: installing openapi-spec-validator and schemathesis into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check openapi-spec-validator schemathesis
fi
"$venv/bin/st" --version

# TOUYAN_BIN names a binary already built (CI passes the one its test run built, which
# `cargo build -p touyan` would build again with other features); otherwise build it.
if [[ -n ${TOUYAN_BIN:-} && -x ${TOUYAN_BIN:-} ]]; then
  echo "api-check: using $TOUYAN_BIN"
else
  echo "api-check: building touyan"
  cargo build -p touyan
fi
bin=${TOUYAN_BIN:-$target_dir/debug/touyan}

source "$root/scripts/demo-server.sh"
serve_demo api-check "$bin"

curl -fsS "$url/api/openapi.json" -o "$work/openapi.json"
echo "api-check: validating the document"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

# An API token for admin: sign in with the demo password, then ask the token API.
jar="$work/cookies"
curl -fsS -c "$jar" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"touyan-demo"}' "$url/api/v1/session" >/dev/null
token=$(curl -fsS -b "$jar" -H 'content-type: application/json' \
  -d '{"name":"api-check","expires_in_days":1}' "$url/api/v1/tokens" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')

# Operations that can end the fuzz's own access (signing out, revoking a token, changing or
# resetting a password, removing or disabling an account, editing or removing a role,
# removing an assignment) run in a second pass, after every other operation has been tried
# with its rights intact.
ends_access='^(logout|delete_api_v1_tokens_id|change_password|reset_password|delete_assignment|patch_api_v1_users_id|delete_api_v1_users_id|patch_api_v1_roles_id|delete_api_v1_roles_id)$'
# schemathesis keeps its own files in .schemathesis/ of the checkout (ignored by git).
# One worker: with two, the fuzzer's threads parse Python source at the same time, and the
# Python of Debian 12 (3.11.2) then sometimes stops the run with "AST constructor recursion
# depth mismatch", a fault of that interpreter's parser and not of the API under test.
fuzz() {
  "$venv/bin/st" run "$work/openapi.json" \
    --url "$url" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed 14 \
    --workers 1 \
    --no-shrink \
    "$@"
}
echo "api-check: fuzzing every operation ($examples examples each)"
fuzz --exclude-operation-id-regex "$ends_access" "${extra[@]}"
echo "api-check: fuzzing the operations that end access"
fuzz --include-operation-id-regex "$ends_access" "${extra[@]}"
