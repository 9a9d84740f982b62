# An S3-compatible server for the photo store test (sourced by scripts/test): moto's, from the
# venv scripts/ensure-tools makes, on a free loopback port; exports HAKPAENG_TEST_S3_URL and
# stops the server by its PID when the suite ends. A caller who sets HAKPAENG_TEST_S3_URL
# themselves gets that server untouched.

S3_STARTED_PID=""
S3_LOG=""

stop_s3() {
  if [ -n "$S3_STARTED_PID" ] && kill -0 "$S3_STARTED_PID" 2>/dev/null; then
    echo "stopping the S3 server this run started (pid $S3_STARTED_PID)"
    kill "$S3_STARTED_PID"
    wait "$S3_STARTED_PID" 2>/dev/null || true
  fi
  S3_STARTED_PID=""
  if [ -n "$S3_LOG" ]; then rm -f "$S3_LOG"; fi
}

start_s3() {
  if [ -n "${HAKPAENG_TEST_S3_URL:-}" ]; then
    echo "using HAKPAENG_TEST_S3_URL as given"
    return
  fi
  local venv="$HOME/.cache/hakpaeng/venv" port url
  port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  S3_LOG=$(mktemp)
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$S3_LOG" 2>&1 &
  S3_STARTED_PID=$!
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "$url/"; then
      echo "started moto's S3 server on $url (pid $S3_STARTED_PID)"
      export HAKPAENG_TEST_S3_URL="$url"
      return
    fi
    kill -0 "$S3_STARTED_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "moto's S3 server did not start; its log:" >&2
  cat "$S3_LOG" >&2
  stop_s3
  return 1
}
