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
