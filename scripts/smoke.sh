#!/usr/bin/env bash
# Real-window smoke test: the production binary in WebKitGTK under Xvfb (screen larger than the window).
# Screenshot the library, click the first row with xdotool, screenshot the reader, and assert both really
# painted: the page reports each view through a bound Go method, and the window pixels are not background.
# Screenshots are kept in artifacts/smoke/. Also: a second start on the same library must not hang (it
# brings the window forward over D-Bus, or says so without a bus), and a damaged library gets an error
# screen whose "move aside" button starts a new library in the same window.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=${BIN:-build/bin/gloss}
OUT=artifacts/smoke
IM=/usr/bin   # ImageMagick's own import/convert (a stand-in convert may come first on PATH)
mkdir -p "$OUT"; rm -f "$OUT"/*.png
TMP=$(mktemp -d /tmp/gloss-smoke.XXXXXX)
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null
  kill "${XVFB_PID:-}" "${DBUS_PID:-}" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
LOG=app.log   # the log of the window under test, in $TMP
fail() { echo "smoke: FAIL: $*"; echo "--- $LOG"; tail -30 "$TMP/$LOG"; exit 1; }

start_xvfb 1600x1000x24
# A private session bus, as on a desktop: a second start finds the running window over it (below).
{ read -r DBUS_SESSION_BUS_ADDRESS; read -r DBUS_PID; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
export DBUS_SESSION_BUS_ADDRESS
export GLOSS_DB="$TMP/library.db"
# Headless first: seed the library and give one article a highlight with the tag "Evidence" (digit key 1).
DOC=$("$BIN" list --json | python3 -c 'import json,sys; print(next(d["id"] for d in json.load(sys.stdin) if d["title"].startswith("Kamala Ran")))')
"$BIN" annotate --doc "$DOC" --quote "Back on Track" --tag Evidence --note "seeded by the smoke test" >/dev/null
"$BIN" >"$TMP/app.log" 2>&1 &
APP_PID=$!
wait_log "$TMP/app.log" "gloss: painted library" 60 $APP_PID || fail "the library never reported painted"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window titled Gloss"
eval "$(xdotool getwindowgeometry --shell "$W")"
echo "smoke: window $W ${WIDTH}x${HEIGHT} at $X,$Y on a 1600x1000 screen"
[ "$WIDTH" -lt 1600 ] && [ "$HEIGHT" -lt 1000 ] || fail "window is not smaller than the screen"
# The native menu bar sits above the page: page y + TOP = window y (the page reports TOP).
wait_log "$TMP/app.log" "gloss: viewport top" 10 $APP_PID || fail "the page did not report where it starts"
TOP=$(grep -o 'gloss: viewport top [0-9]*' "$TMP/app.log" | tail -1 | grep -o '[0-9]*$')
echo "smoke: the page starts ${TOP} px below the window's top (menu bar)"

# painted SHOT: share of pixels that differ from the window background, in per mille, and colour count.
painted() {
  $IM/convert "$1" -fuzz 4% -fill white -opaque 'rgb(251,250,247)' -fill black +opaque white \
    -format '%[fx:round((1-mean)*1000)]' info:
}
colours() { $IM/convert "$1" -format '%k' info:; }
shot() { # NAME: capture the window after the next paint settles
  sleep 0.6
  $IM/import -window "$W" "$OUT/$1.png"
  local p c; p=$(painted "$OUT/$1.png"); c=$(colours "$OUT/$1.png")
  echo "smoke: $1.png: ${p}‰ of the window painted, $c colours"
  [ "$p" -ge 15 ] || fail "$1: only ${p}‰ of the window differs from the background (blank page?)"
  [ "$c" -ge 50 ] || fail "$1: only $c colours (no text rendered?)"
}
shot 1-library
grep -q '"rows":5' "$TMP/app.log" || fail "the library did not show the 5 seed articles"

# Click the first row where the page says it is (page coordinates = window coordinates: no decorations).
pos=$(grep -o '"first":{"x":[0-9]*,"y":[0-9]*}' "$TMP/app.log" | tail -1 | grep -o '[0-9]\+' | tr '\n' ' ' || true)
[ -n "$pos" ] || fail "no first-row position reported"
CX=${pos%% *}; CY=$(( $(echo $pos | cut -d' ' -f2) + TOP ))
[ -n "${CY:-}" ] || fail "no first-row position reported"
xdotool mousemove --window "$W" "$CX" "$CY" click 1
wait_log "$TMP/app.log" "gloss: painted reader" 20 $APP_PID || fail "clicking the first row did not open the reader"
shot 2-reader
if $IM/compare -metric AE "$OUT/1-library.png" "$OUT/2-reader.png" null: 2>"$TMP/ae"; then fail "the reader looks exactly like the library"; fi
echo "smoke: library and reader differ in $(cat "$TMP/ae") pixels"

grep -q '"marks":1' "$TMP/app.log" || fail "the reader does not show the highlight made with gloss annotate"

# Select the first words with a real mouse drag, press 1 (the tag Evidence): the highlight must appear.
sample=$(grep "gloss: painted reader" "$TMP/app.log" | tail -1 | sed 's/^gloss: painted reader //' |
  python3 -c 'import json,sys; s=json.load(sys.stdin)["sample"]; print(s["x1"], s["y1"], s["x2"], s["y2"])' || true)
read -r SX1 SY1 SX2 SY2 <<<"$sample" || true
[ -n "${SY2:-}" ] || fail "the reader reported no sample words to select"
SY1=$((SY1 + TOP)); SY2=$((SY2 + TOP))
xdotool mousemove --window "$W" "$SX1" "$SY1" mousedown 1
xdotool mousemove --window "$W" $(( (SX1 + SX2) / 2 )) "$SY1"
xdotool mousemove --window "$W" "$SX2" "$SY2" mouseup 1
sleep 0.6
xdotool key 1
wait_log "$TMP/app.log" "gloss: painted annotated" 10 $APP_PID || fail "selecting with the mouse and pressing 1 made no annotation"
grep -q '"marks":2' "$TMP/app.log" || fail "the new highlight is not drawn"
shot 3-annotated
# The selected words look different now: compare that strip of both screenshots.
crop="$((SX2 - SX1 + 4))x12+$((SX1 - 2))+$((SY1 - 6))"
$IM/convert "$OUT/2-reader.png" -crop "$crop" "$TMP/before.png"
$IM/convert "$OUT/3-annotated.png" -crop "$crop" "$TMP/after.png"
diff_px=$($IM/compare -metric AE "$TMP/before.png" "$TMP/after.png" null: 2>&1 || true)
echo "smoke: highlight changed ${diff_px} pixels of the selected words ($crop)"
[ "${diff_px%%.*}" -gt 100 ] || fail "no visible highlight where the words were selected"
"$BIN" annotations --json --db "$TMP/library.db" >/dev/null 2>&1 && fail "the CLI got the lock while the window holds it"

# Esc goes back to the library.
xdotool key Escape   # XTEST: focus follows the pointer, which is over the window
for _ in $(seq 100); do [ "$(grep -c 'gloss: painted library' "$TMP/app.log")" -ge 2 ] && break; sleep 0.05; done
[ "$(grep -c 'gloss: painted library' "$TMP/app.log")" -ge 2 ] || fail "Esc did not return to the library"
shot 4-back

# A second start on the same library must not hang on the database lock: over the session bus it brings
# the running window forward and exits 0; without a bus it says the library is open elsewhere and exits 1.
# Both within 2 s, and there is still one window.
second() { # WANT_RC MESSAGE COMMAND...
  local want=$1 msg=$2 start rc ms; shift 2
  start=$(date +%s%N)
  set +e; timeout 10 "$@" >"$TMP/second.log" 2>&1; rc=$?; set -e
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "smoke: second instance exited $rc after $ms ms: $(head -c 200 "$TMP/second.log")"
  [ $rc = "$want" ] && [ $ms -le 2000 ] || fail "second instance took $ms ms (exit $rc, want $want)"
  grep -q "$msg" "$TMP/second.log" || fail "second instance: no \"$msg\""
  [ "$(xdotool search --onlyvisible --name '^Gloss$' | wc -l)" = 1 ] || fail "a second window opened"
  kill -0 "$APP_PID" || fail "the first window is gone"
}
second 0 "already open in another Gloss window; switched to it" "$BIN"
second 1 "open in another Gloss process" env -u DBUS_SESSION_BUS_ADDRESS "$BIN"

grep "window error" "$TMP/app.log" && fail "the page reported errors"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
"$BIN" check >/dev/null || fail "gloss check failed after the window closed"
"$BIN" annotations --json | python3 -c '
import json, sys
anns = json.load(sys.stdin)
assert len(anns) == 2, anns
assert sorted(a["tags"] for a in anns) == [["Evidence"], ["Evidence"]], anns
print("smoke: stored annotations:", [a["exact"] for a in anns])' || fail "the window annotation was not stored"

# A damaged library: the window says so and offers to move the file aside; one click on that button (a real
# mouse click) renames the file, starts a new library and paints it (the seed articles) in the same window.
# The damaged file stays next to it under its new name, byte for byte.
export GLOSS_DB="$TMP/damaged/library.db"
"$BIN" list >/dev/null && "$BIN" list >/dev/null   # the second open leaves a daily backup to name
python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.write(bytes((i * 37 + 11) % 256 for i in range(8192)))' "$GLOSS_DB"
damaged_sum=$(sha256sum <"$GLOSS_DB")
LOG=damaged.log
"$BIN" >"$TMP/damaged.log" 2>&1 &
APP_PID=$!
wait_log "$TMP/damaged.log" "gloss: painted startup-error" 60 $APP_PID || fail "no error screen for a damaged library"
grep -q "is not a readable Gloss library: invalid database; the file was left untouched" "$TMP/damaged.log" ||
  fail "no clear message for the damaged library"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window for the damaged library"
shot 5-damaged
detail=$(grep "gloss: painted startup-error" "$TMP/damaged.log" | tail -1 | sed 's/^gloss: painted startup-error //')
read -r MX MY MTOP <<<"$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); b=d["moveAside"]; print(b["x"], b["y"], d["top"])' "$detail")" ||
  fail "the error screen offers no move aside ($detail)"
grep -q "gloss: painted library" "$TMP/damaged.log" && fail "the library view showed (and failed) before the error screen"
xdotool mousemove --window "$W" "$MX" $((MY + MTOP)) click 1
wait_log "$TMP/damaged.log" "gloss: painted library" 20 $APP_PID || fail "clicking Move aside did not bring up a new library"
grep "gloss: painted library" "$TMP/damaged.log" | tail -1 | grep -q '"rows":5' || fail "the new library does not show the 5 seed articles"
[ "$(xdotool search --onlyvisible --name '^Gloss$' | head -1)" = "$W" ] || fail "the library did not paint in the same window"
shot 6-moved-aside
if $IM/compare -metric AE "$OUT/5-damaged.png" "$OUT/6-moved-aside.png" null: 2>/dev/null; then fail "the window did not change after Move aside"; fi
aside=$(ls "$GLOSS_DB".corrupt-* 2>/dev/null || true)
[ "$(echo "$aside" | grep -c .)" = 1 ] || fail "want one moved-aside file, found: $aside"
[ "$(sha256sum <"$aside")" = "$damaged_sum" ] || fail "the moved-aside file $aside is not the damaged file byte for byte"
echo "smoke: damaged library moved aside to $(basename "$aside") (identical, $(stat -c %s "$aside") bytes); new library painted"
grep "window error" "$TMP/damaged.log" && fail "the page reported errors"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
"$BIN" check >/dev/null || fail "gloss check failed on the new library"
echo "smoke: ok (screenshots in $OUT/)"
