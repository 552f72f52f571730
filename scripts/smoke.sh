#!/usr/bin/env bash
# Real-window smoke test: the production binary in WebKitGTK under Xvfb (screen larger than the window).
# Screenshot the library, open the first row with the keyboard, screenshot the reader, and assert both really
# painted: the page says each view is shown (App.Shown, which the search index waits for), and the window's
# pixels are not background. The shipped binary has no test seams (app/dev.go): nothing reports geometry, so
# where to click is found in the screenshots, and what is stored is read with the CLI, which the open window
# answers over the library's socket.
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
# $TMP, Xvfb, a private session bus (a second start finds the running window over it, below), the cleanup
# trap and fail; $LOG is the log of the window under test, in $TMP.
start_window_session smoke
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
grep -q "gloss: the CLI cannot reach this window" "$TMP/app.log" && fail "the window did not open the library's socket"

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
# The CLI works while the window is open: the window answers it over the library's socket.
n=$(timeout 10 "$BIN" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') || fail "gloss list failed with the window open"
[ "$n" = 5 ] || fail "gloss list with the window open shows $n documents, want the 5 seed articles"

# Open the first row with the keyboard (the library's cursor starts there). XTEST: focus follows the pointer.
xdotool mousemove --window "$W" $((WIDTH / 2)) $((HEIGHT / 2))
xdotool key Return
wait_log "$TMP/app.log" "gloss: painted reader" 20 $APP_PID || fail "Enter on the first row did not open the reader"
shot 2-reader
if $IM/compare -metric AE "$OUT/1-library.png" "$OUT/2-reader.png" null: 2>"$TMP/ae"; then fail "the reader looks exactly like the library"; fi
echo "smoke: library and reader differ in $(cat "$TMP/ae") pixels"

# Find a line of body text in the screenshot: in the lower half of the window, the first pixel row with a run
# of dark (text) pixels across the middle column. Window pixels = window coordinates (import -window).
read -r SX SY <<<"$($IM/convert "$OUT/2-reader.png" -colorspace gray -depth 8 pgm:- | python3 -c '
import sys
data = sys.stdin.buffer.read()
parts = data.split(None, 4)  # P5 width height maxval pixels
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h:]
x0, x1 = w * 3 // 10, w * 7 // 10
for y in range(h // 2, h - 20):
    row = px[y * w + x0:y * w + x1]
    dark = [x0 + i for i, v in enumerate(row) if v < 110]
    if len(dark) >= 12:
        print(dark[0] + 3, y + 2)
        break
')" || true
[ -n "${SY:-}" ] || fail "no line of body text found in the reader's screenshot"
echo "smoke: body text found at $SX,$SY"
# Select that paragraph with a real mouse (triple click) and press 1 (the tag Evidence): a highlight appears.
xdotool mousemove --window "$W" "$SX" "$SY" click --repeat 3 --delay 80 1
sleep 0.6
xdotool key 1
wait_log "$TMP/app.log" "gloss: painted annotated" 10 $APP_PID || fail "selecting with the mouse and pressing 1 made no annotation"
shot 3-annotated
# The selected words look different now: compare a strip around the click in both screenshots.
crop="300x12+$((SX > 20 ? SX - 20 : 0))+$((SY - 6))"
$IM/convert "$OUT/2-reader.png" -crop "$crop" "$TMP/before.png"
$IM/convert "$OUT/3-annotated.png" -crop "$crop" "$TMP/after.png"
diff_px=$($IM/compare -metric AE "$TMP/before.png" "$TMP/after.png" null: 2>&1 || true)
echo "smoke: highlight changed ${diff_px} pixels around the selection ($crop)"
[ "${diff_px%%.*}" -gt 100 ] || fail "no visible highlight where the paragraph was selected"
# The CLI reads it through the open window: the seeded highlight and the one just made.
timeout 10 "$BIN" annotations --json | python3 -c '
import json, sys
anns = json.load(sys.stdin)
assert len(anns) == 2 and all(a["tags"] == ["Evidence"] for a in anns), anns' || fail "gloss annotations with the window open does not show both highlights"

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
[ -e "$GLOSS_DB.sock" ] && fail "a window without a library answers on the socket (the CLI must reach the file: gloss restore)"
grep -q "is not a readable Gloss library: invalid database; the file was left untouched" "$TMP/damaged.log" ||
  fail "no clear message for the damaged library"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window for the damaged library"
shot 5-damaged
grep -q "gloss: painted library" "$TMP/damaged.log" && fail "the library view showed (and failed) before the error screen"
# The screen's one action has the focus: Enter moves the damaged file aside (real key press, XTEST).
eval "$(xdotool getwindowgeometry --shell "$W")"
xdotool mousemove --window "$W" $((WIDTH / 2)) $((HEIGHT / 2))
xdotool key Return
wait_log "$TMP/damaged.log" "gloss: painted library" 20 $APP_PID || fail "Enter on Move aside did not bring up a new library"
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
# (A library started by Move aside gets its socket at the next start: read it once the window is closed.)
n=$("$BIN" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') || true
[ "$n" = 5 ] || fail "the new library does not hold the 5 seed articles ($n)"
BIN="$BIN" scripts/smoke-capture.sh || fail "web capture in the real window (scripts/smoke-capture.sh)"
BIN="$BIN" scripts/smoke-lang.sh || fail "Arabic and Chinese in the real window (scripts/smoke-lang.sh)"
BIN="$BIN" scripts/smoke-pdf.sh || fail "a PDF in the real window (scripts/smoke-pdf.sh)"
echo "smoke: ok (screenshots in $OUT/)"
