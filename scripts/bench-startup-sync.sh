#!/usr/bin/env bash
# bench-startup-sync.sh — does team sync cost the window's start? (issue 21). The production binary under a
# private Xvfb opens the same seeded library, alternately with team sync set up (a loopback express-pouchdb
# test server, one round done, so the window starts its watch after the first paint) and without, RUNS times
# each; it prints the median time from launch to "painted library" and to "painted" + 2 s idle RSS of the
# process. Needs `make build` and `scripts/deps.sh test` (the test server's node modules).
#   RUNS=7 scripts/bench-startup-sync.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=$(realpath "${BIN:-build/bin/gloss}")
RUNS=${RUNS:-7}
TMP=$(mktemp -d /tmp/gloss-bench-sync.XXXXXX)
SRV_PID=
cleanup() {
  set +e
  [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
  kill "${XVFB_PID:-}" "${DBUS_PID:-}" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
start_xvfb 1600x1000x24
{ read -r DBUS_SESSION_BUS_ADDRESS; read -r DBUS_PID; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
export DBUS_SESSION_BUS_ADDRESS GLOSS_SYNC_PASSWORD=
node teams/sync/testserver/server.js 0 >"$TMP/server.log" 2>&1 &
SRV_PID=$!
for _ in $(seq 100); do grep -q '^listening' "$TMP/server.log" && break; sleep 0.1; done
PORT=$(sed -n 's/^listening //p' "$TMP/server.log")
[ -n "$PORT" ] || { echo "the test server did not start"; cat "$TMP/server.log"; exit 1; }
# Two libraries with the same seeds; one has synced once (it remembers the server and project).
for mode in plain sync; do
  GLOSS_DB="$TMP/$mode.db" "$BIN" list --json >/dev/null
done
GLOSS_DB="$TMP/sync.db" "$BIN" sync --server "http://127.0.0.1:$PORT" --project bench --json >"$TMP/round.json"
python3 -c 'import json,sys; print("first round: pushed", json.load(open(sys.argv[1]))["pushed"], "records")' "$TMP/round.json"
one() { # MODE: ms to painted library, then RSS (kB) 2 s later
  local log="$TMP/run.log" start pid ms
  start=$(date +%s%N)
  GLOSS_DB="$TMP/$1.db" XDG_STATE_HOME="$TMP/state-$1" "$BIN" >"$log" 2>&1 &
  pid=$!
  wait_log "$log" "gloss: painted library" 60 $pid >/dev/null || { echo "no paint"; tail "$log"; exit 1; }
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2
  if [ "$1" = sync ]; then # the window's watch really ran a round since it started
    GLOSS_DB="$TMP/$1.db" XDG_STATE_HOME="$TMP/state-$1" "$BIN" sync --status --json >"$TMP/status.json"
    python3 -c '
import datetime, json, sys
st = json.load(open(sys.argv[1]))
at = datetime.datetime.fromisoformat(st["lastSynced"].replace("Z", "+00:00")).timestamp()
sys.exit(0 if at * 1e9 > int(sys.argv[2]) and not st["lastError"] else 1)' "$TMP/status.json" "$start" ||
      { echo "the window did not sync after it started: $(cat "$TMP/status.json")"; exit 1; }
  fi
  echo "$ms $(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
  kill $pid; wait $pid 2>/dev/null || true
}
: >"$TMP/plain.txt"; : >"$TMP/sync.txt"
for i in $(seq "$RUNS"); do
  one plain >>"$TMP/plain.txt"
  one sync >>"$TMP/sync.txt"
done
python3 - "$TMP/plain.txt" "$TMP/sync.txt" <<'PY'
import statistics, sys
rows = {}
for name, path in (("without sync", sys.argv[1]), ("with sync set up (watch running)", sys.argv[2])):
    ms, rss = zip(*[map(int, l.split()) for l in open(path) if l.strip()])
    rows[name] = (statistics.median(ms), statistics.median(rss) / 1024, ms)
base = rows["without sync"]
print("| library | launch → painted, median (runs) | RSS 2 s after paint, median | ratio |")
print("|---|---:|---:|---:|")
for name, (m, r, all_ms) in rows.items():
    print(f"| {name} | {m:.0f} ms ({', '.join(map(str, all_ms))}) | {r:.0f} MiB | {m / base[0]:.2f} |")
PY
