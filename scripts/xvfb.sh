# Sourced by the window tests: start a private Xvfb (own display via -displayfd: fixed numbers collide with
# other jobs) and export DISPLAY. Needs TMP set and a trap that kills $XVFB_PID.
start_xvfb() {
  local size=${1:-1600x1000x24}
  Xvfb -displayfd 3 -screen 0 "$size" -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 200); do [ -s "$TMP/display" ] && break; sleep 0.05; done
  [ -s "$TMP/display" ] || { echo "Xvfb did not start"; cat "$TMP/xvfb.log"; return 1; }
  export DISPLAY=":$(cat "$TMP/display")"
}

# wait_log FILE PATTERN SECONDS PID: wait until FILE has a line matching PATTERN, failing early if PID dies.
wait_log() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    if ! kill -0 "$4" 2>/dev/null; then echo "process $4 exited while waiting for '$2':"; tail -20 "$1"; return 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "timed out after $3 s waiting for '$2':"; tail -20 "$1"; return 1; fi
    sleep 0.05
  done
}

# start_window_session NAME [SIZE]: the setup every real-window script shares. A temp folder $TMP
# (/tmp/gloss-NAME.XXXXXX) with the library ($GLOSS_DB) and window state (XDG_STATE_HOME) in it; a private
# Xvfb (start_xvfb) and a private session D-Bus, as on a desktop (a second start finds the running window
# over it); an EXIT trap that ends the window ($APP_PID, set by the caller; '' when none), every process
# given to session_pid, Xvfb and the bus, and removes $TMP; and fail MESSAGE, which prints "NAME: FAIL:",
# the tail of the window's log ($TMP/$LOG, app.log unless the caller changes LOG) and exits 1.
start_window_session() {
  SESSION_NAME=$1
  TMP=$(mktemp -d "/tmp/gloss-$1.XXXXXX")
  APP_PID= LOG=app.log
  SESSION_PIDS=()
  trap end_window_session EXIT
  start_xvfb "${2:-1600x1000x24}" || fail "Xvfb did not start"
  { read -r DBUS_SESSION_BUS_ADDRESS; read -r DBUS_PID; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
  export DBUS_SESSION_BUS_ADDRESS GLOSS_DB="$TMP/library.db" XDG_STATE_HOME="$TMP/state"
}

# session_pid PID: a helper process (a loopback server…) that the EXIT trap ends.
session_pid() { SESSION_PIDS+=("$1"); }

end_window_session() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  local p
  for p in "${SESSION_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "${XVFB_PID:-}" "${DBUS_PID:-}" 2>/dev/null || true
  rm -rf "$TMP"
}

fail() { echo "$SESSION_NAME: FAIL: $*"; echo "--- $LOG"; tail -30 "$TMP/$LOG"; exit 1; }
