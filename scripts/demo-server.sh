# Sourced by the scripts that need the demo running (e2e/run.sh, scripts/api-check.sh):
# `serve_demo LABEL BINARY` starts BINARY from a temporary folder (so that no touyan.toml of
# the checkout is read) on a free port with a fresh SQLite file and no database URL from the
# environment, waits until /healthz answers, and sets `url`, `work` and `server_pid`. The
# server is stopped, and on failure the end of its log printed, when the calling script exits.

serve_demo() {
  demo_label=$1
  local bin=$2
  work=$(mktemp -d)
  server_pid=""
  trap _demo_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  mkdir -p "$work/data"
  (
    cd "$work"
    exec env -u TOUYAN_DATABASE_URL -u TOUYAN_TEST_DATABASE_URL \
      TOUYAN_DATA_DIR="$work/data" TOUYAN_LISTEN="127.0.0.1:$port" "$bin"
  ) >"$work/server.log" 2>&1 &
  server_pid=$!

  echo "$demo_label: waiting for $url/healthz"
  for _ in $(seq 1 240); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$demo_label: the server stopped before answering" >&2
      exit 1
    fi
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "$url/healthz" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "$demo_label: the server did not answer $url/healthz within 120 s" >&2
  exit 1
}

_demo_cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f $work/server.log ]]; then
    echo "$demo_label: last lines of the server's log:" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
