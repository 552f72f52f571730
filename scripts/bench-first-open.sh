#!/usr/bin/env bash
# The first open of a document after start, in WebKitGTK (the dev build's native window under Xvfb), with
# and without the library's prewarm (issue 15), same run: library A has the 1 MB / 5,000-annotation
# article as the document read last (benchdata -read-last), so the window renders it into Go's render
# cache when the library paints; library B, the same content, has no document read last, so its first
# open renders cold. Processes alternate A, B, A, B …; each runs frontend/src/lib/bench.ts (the annotated
# article first, then the plain one, RUNS times), after SETTLE ms on the library (it has painted and its
# prewarm ran, as when a person looks at the list before clicking). Needs build/bin/gloss-dev (make dev-build).
# Prints one JSON line per process: {"library": "A"|"B", "results": [...]} (open = click → painted, ms).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
RUNS=${RUNS:-2}
PAIRS=${PAIRS:-2}
SETTLE=${SETTLE:-2500} # ms on the library before the first open
LIBS=${LIBS:-A B}     # which libraries (A: Go prewarm, B: cold Go)
ASSETS=${ASSETS:-frontend/dist} # page builds to alternate, same run (e.g. "dist-before dist-after")
TMP=$(mktemp -d /tmp/gloss-bench-first.XXXXXX)
export XDG_STATE_HOME="$TMP/state"
APP_PID=
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; kill "${XVFB_PID:-}" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
start_xvfb 1600x1000x24
docsA=$(go run ./scripts/benchdata --db "$TMP/A0.db" -read-last)
docsB=$(go run ./scripts/benchdata --db "$TMP/B0.db")
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
for pair in $(seq "$PAIRS"); do
  for lib in $LIBS; do
  for assets in $ASSETS; do
    docs=docs$lib
    log="$TMP/$lib-$pair-$(basename "$assets").log"
    # each process starts from the library as generated: the runs before made the plain article the one read last
    cp "$TMP/${lib}0.db" "$TMP/$lib.db"
    GLOSS_DB="$TMP/$lib.db" GLOSS_BENCH_READER="{\"engine\":\"webkit\",\"runs\":$RUNS,\"settle\":$SETTLE,\"docs\":${!docs}}" \
      build/bin/gloss-dev -devserver "127.0.0.1:$(free_port)" -assetdir "$assets" >"$log" 2>&1 &
    APP_PID=$!
    wait_log "$log" "gloss: painted bench" 600 "$APP_PID"
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
    echo "{\"library\":\"$lib\",\"assets\":\"$assets\",\"pair\":$pair,\"bench\":$(grep "gloss: painted bench" "$log" | tail -1 | sed 's/^gloss: painted bench //')}"
  done
  done
done
