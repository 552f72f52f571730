#!/usr/bin/env bash
# End-to-end: the UI served by the Wails dev build (real Go backend, temp database) driven by Playwright
# in Debian's Chromium. Run from anywhere; `make dev-build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
TMP=$(mktemp -d /tmp/gloss-e2e.XXXXXX)
APP_PID=
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; kill "${XVFB_PID:-}" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

start_xvfb 1280x1024x24   # the dev build opens its native window too
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export GLOSS_DB="$TMP/library.db" XDG_STATE_HOME="$TMP/state" GLOSS_SYNC_PASSWORD=gloss-e2e  # the window's team sync password (e2e/sync-refused.spec.ts)
./build/bin/gloss-dev -devserver "127.0.0.1:$PORT" -assetdir frontend/dist >"$TMP/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break
  kill -0 $APP_PID 2>/dev/null || { echo "gloss-dev exited:"; cat "$TMP/app.log"; exit 1; }
  sleep 0.05
done
# The CLI the specs run: the production binary when built (make build), else the dev build (the same cli.Run).
GLOSS_BIN=$PWD/build/bin/gloss; [ -x "$GLOSS_BIN" ] || GLOSS_BIN=$PWD/build/bin/gloss-dev
export APP_URL="http://127.0.0.1:$PORT/" GLOSS_BIN
status=0
(cd frontend && npx playwright test "$@") || status=$?
# Any error the page reports fails the run (Wails' dev overlay is kept from throwing: frontend/src/lib/wailsdev.ts).
if grep -q "window error" "$TMP/app.log"; then echo "errors reported by the page:"; grep "window error" "$TMP/app.log"; status=1; fi
[ $status -eq 0 ] || { echo "--- app log"; tail -40 "$TMP/app.log"; }
exit $status
