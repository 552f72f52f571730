#!/usr/bin/env bash
# bench-startup.sh — start-up benchmark of the production binary (issue 3), run by `make bench`.
# Compares Gloss with an empty Wails app (same Wails version, same WebKitGTK) in the same run, interleaved,
# on a private Xvfb: time to first painted content, binary size, idle memory of the process tree.
# Prints a Markdown table and writes the "## Start-up (issue 3)" section of BENCHMARKS.md.
# Exits non-zero only when something fails to run; a missed goal is reported, not an error.
#   RUNS=7 scripts/bench-startup.sh        (default 7 runs per app/mode; the median needs >= 5)
#   NO_WRITE=1 scripts/bench-startup.sh    (print only, leave BENCHMARKS.md alone)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=${BIN:-build/bin/gloss}
RUNS=${RUNS:-7}
PY=${PYTHON:-python3}
GOBIN=$(go env GOPATH)/bin
WAILS=$GOBIN/wails

[ -x "$BIN" ] || { echo "bench: $BIN is missing: run make build"; exit 1; }
[ -x "$WAILS" ] || { echo "bench: the Wails CLI is missing: run scripts/deps.sh test"; exit 1; }
WAILS_VERSION=$("$WAILS" version 2>/dev/null || true); WAILS_VERSION=$(sed -n '1{s/[[:space:]]//g;p;}' <<<"$WAILS_VERSION")
[ -n "$WAILS_VERSION" ] || { echo "bench: cannot read the Wails CLI version"; exit 1; }

TMP=$(mktemp -d /tmp/gloss-bench.XXXXXX)
BUILD=      # the empty app's build dir while it is being built
XVFB_PID=
PY_PID=
cleanup() {
  set +e   # a failing kill (process already gone) must not stop the clean-up under errexit
  # The Python part kills its own app process trees on SIGTERM; the pid list catches anything left.
  if [ -n "$PY_PID" ]; then kill -TERM "$PY_PID" 2>/dev/null; wait "$PY_PID" 2>/dev/null; fi
  if [ -f "$TMP/pids" ]; then while read -r p; do kill "$p" 2>/dev/null; done <"$TMP/pids"; fi
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
  if [ -n "$BUILD" ]; then rm -rf "$BUILD"; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The empty app: `wails init -t svelte-ts` + the Svelte 5 fix, cached per Wails version (~2 min to build).
CACHE=/tmp/gloss-bench-emptyapp-wails-$WAILS_VERSION
EMPTY=$CACHE/emptyapp
if [ ! -x "$EMPTY" ]; then
  echo "bench: building the empty Wails $WAILS_VERSION app (cached in $CACHE)"
  BUILD=$(mktemp -d /tmp/gloss-bench-emptybuild.XXXXXX)
  (
    cd "$BUILD"
    "$WAILS" init -n emptyapp -t svelte-ts >"$BUILD/init.log" 2>&1 || { cat "$BUILD/init.log"; exit 1; }
    cd emptyapp
    # Svelte 5: the template's `new App(...)` throws at start-up and nothing is mounted (see the Wails notes).
    printf '%s\n' "import './style.css'" "import { mount } from 'svelte'" "import App from './App.svelte'" \
      "const app = mount(App, { target: document.getElementById('app')! })" "export default app" \
      >frontend/src/main.ts
    sed -i 's#"@sveltejs/vite-plugin-svelte": "[^"]*"#"@sveltejs/vite-plugin-svelte": "^7.0.0"#' frontend/package.json
    grep -q '"@sveltejs/vite-plugin-svelte": "^7.0.0"' frontend/package.json || { echo "bench: could not bump vite-plugin-svelte"; exit 1; }
    "$WAILS" build -tags webkit2_41 >"$BUILD/build.log" 2>&1 || { tail -40 "$BUILD/build.log"; exit 1; }
    [ -x build/bin/emptyapp ] || { echo "bench: wails build produced no build/bin/emptyapp"; exit 1; }
  )
  mkdir -p "$CACHE.tmp.$$"
  cp "$BUILD/emptyapp/build/bin/emptyapp" "$CACHE.tmp.$$/emptyapp"
  rm -rf "$CACHE"; mv "$CACHE.tmp.$$" "$CACHE"
  rm -rf "$BUILD"; BUILD=
fi

# A private copy, so a rebuild of build/bin/gloss during the run (others work in this tree) cannot mix binaries.
cp "$BIN" "$TMP/gloss"
BIN=$TMP/gloss

# --- Private X server, larger than both windows (Gloss 1200x820, empty app 1024x768).
start_xvfb 1600x1000x24

# In the background + wait, so a signal to this script runs the trap at once (and stops the Python part).
"$PY" scripts/bench-startup.py --gloss "$BIN" --empty "$EMPTY" --runs "$RUNS" --tmp "$TMP" \
  --wails-version "$WAILS_VERSION" ${NO_WRITE:+--no-write} &
PY_PID=$!
rc=0; wait "$PY_PID" || rc=$?
PY_PID=
exit $rc
