#!/usr/bin/env bash
# Browser test of the `citsim serve` page and the try-on viewer (CTest browser.viewer).
#   run_viewer_test.sh CITSIM_BINARY OUT_DIR
#
# Starts `citsim serve --port 0`, reads the port from its first line, runs
# viewer.test.mjs against it in headless Chromium, and stops the server.
# Screenshots land in OUT_DIR/screenshots/ (viewer-*.png, app-*.png).
# Exit 77 (CTest SKIPPED) when Chromium, node, web/node_modules or the built
# page (web/dist) is missing.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CITSIM_BINARY OUT_DIR" >&2
  exit 2
fi
citsim=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CITSIM_CHROMIUM:-/usr/bin/chromium}

. "$here/require_browser.sh"
require_browser "the citsim serve page" web/dist/index.html web/dist/app.js

mkdir -p "$out"
log="$out/serve.log"
"$citsim" serve --port 0 -j 2 >"$log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT

port=""
for _ in $(seq 1 100); do
  port=$(sed -nE 's|^citsim: serving on http://127\.0\.0\.1:([0-9]+)/ .*|\1|p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "run_viewer_test: citsim serve did not report its port:" >&2
  cat "$log" >&2
  exit 1
fi

CITSIM_CHROMIUM="$chromium" node "$here/viewer.test.mjs" --url "http://127.0.0.1:$port/" \
  --screenshots "$out/screenshots"
