#!/usr/bin/env bash
# Reader benchmark (issue 4): a generated 1 MB article with 5,000 annotations vs the same article without
# any (the plain-text floor), opened and scrolled by the page itself (frontend/src/lib/bench.ts) in
# WebKitGTK (the dev build's native window under Xvfb) and in Chromium (the dev build on loopback), same run.
# Needs build/bin/gloss and build/bin/gloss-dev. Prints JSON lines "engine kind run open p50 p95 over20".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
RUNS=${RUNS:-3}
TMP=$(mktemp -d /tmp/gloss-bench-reader.XXXXXX)
export XDG_STATE_HOME="$TMP/state"  # the list of known libraries stays in this run
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; kill "${XVFB_PID:-}" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
start_xvfb 1600x1000x24

docs=$(go run ./scripts/benchdata --db "$TMP/library.db")
plan() { echo "{\"engine\":\"$1\",\"runs\":$RUNS,\"docs\":$docs}"; }

# BenchPlan is a dev-build seam (app/dev.go): the WebKitGTK run uses the dev build's own native window,
# the same engine and page as the production window, with no browser connected to its devserver.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
echo "== WebKitGTK (dev build's native window)" >&2
GLOSS_DB="$TMP/library.db" GLOSS_BENCH_READER="$(plan webkit)" build/bin/gloss-dev -devserver "127.0.0.1:$(free_port)" -assetdir frontend/dist >"$TMP/webkit.log" 2>&1 &
PIDS+=($!)
wait_log "$TMP/webkit.log" "gloss: painted bench" 600 "${PIDS[-1]}"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

echo "== Chromium (dev build)" >&2
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
GLOSS_DB="$TMP/library.db" GLOSS_BENCH_READER="$(plan chromium)" build/bin/gloss-dev -devserver "127.0.0.1:$PORT" -assetdir frontend/dist >"$TMP/chromium.log" 2>&1 &
DEV_PID=$!
PIDS+=($DEV_PID)
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.1; done
(cd frontend && APP_URL="http://127.0.0.1:$PORT/" node -e '
const { chromium } = require("playwright-core");
(async () => {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
  const p = await b.newPage({ viewport: { width: 1200, height: 820 } });
  await p.goto(process.env.APP_URL);
  await p.waitForTimeout(600000).catch(() => {});
})()') &
PIDS+=($!)
wait_log "$TMP/chromium.log" "gloss: painted bench" 600 "$DEV_PID"

for engine in webkit chromium; do
  grep "gloss: painted bench" "$TMP/$engine.log" | tail -1 | sed 's/^gloss: painted bench //'
done
