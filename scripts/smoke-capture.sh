#!/usr/bin/env bash
# Real-window smoke step for web capture (run by scripts/smoke.sh, or alone): the production binary in
# WebKitGTK under Xvfb imports a page by URL from a loopback server (never the internet) through the
# palette's Add from URL…, typed with real key presses, then opens it in the Reader (Enter on the result's
# Open button). Screenshots in artifacts/smoke/capture-*.png; what was stored is read with the CLI,
# which the open window answers over the library's socket.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=${BIN:-build/bin/gloss}
OUT=artifacts/smoke
IM=/usr/bin
PAGE=${GLOSS_CAPTURE_PAGE:-ingest/capture/testdata/pages/1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432.html.gz}
TITLE='Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return'
mkdir -p "$OUT"; rm -f "$OUT"/capture-*.png
start_window_session smoke-capture

# The page, served from loopback on a free port.
mkdir -p "$TMP/site"; zcat "$PAGE" >"$TMP/site/story.html"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$TMP/site" >"$TMP/site.log" 2>&1 &
session_pid $!
for _ in $(seq 100); do grep -q "Serving HTTP" "$TMP/site.log" && break; sleep 0.05; done
PORT=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$TMP/site.log" | head -1)
[ -n "$PORT" ] || fail "the loopback server did not start"
URL="http://127.0.0.1:$PORT/story.html"

"$BIN" >"$TMP/app.log" 2>&1 &
APP_PID=$!
wait_log "$TMP/app.log" "gloss: painted library" 60 $APP_PID || fail "the library never reported painted"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window titled Gloss"
eval "$(xdotool getwindowgeometry --shell "$W")"
xdotool mousemove --window "$W" $((WIDTH / 2)) $((HEIGHT / 2)) # XTEST: focus follows the pointer
shot() { sleep 0.6; $IM/import -window "$W" "$OUT/$1.png"; echo "smoke-capture: $1.png"; }

# Ctrl+K, the palette's Add from URL…, the link typed into the dialog, Ctrl+Enter imports it.
xdotool key ctrl+k; sleep 0.4
xdotool type --delay 20 'Add from URL'; sleep 0.3
xdotool key Return; sleep 0.6
xdotool type --delay 10 "$URL"; sleep 0.3
shot capture-1-dialog
xdotool key ctrl+Return
for _ in $(seq 200); do
  n=$(timeout 10 "$BIN" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') || true
  [ "${n:-0}" = 6 ] && break
  sleep 0.1
done
[ "${n:-0}" = 6 ] || fail "the URL import did not add a document (the library has ${n:-?})"
shot capture-2-imported
DOC=$(timeout 10 "$BIN" list --json | python3 -c "import json,sys; print(next(d['id'] for d in json.load(sys.stdin) if d['title'] == '$TITLE'))") ||
  fail "no document titled '$TITLE'"
timeout 10 "$BIN" versions --doc "$DOC" --json | python3 -c "
import json, sys
v = json.load(sys.stdin)[0]
c = v.get('capture') or {}
assert c.get('finalUrl') == '$URL' and c.get('status') == 200 and len(c.get('payloadSha256', '')) == 64, v
print('smoke-capture: captured', c['finalUrl'], c['retrievedAt'], 'sha256', c['payloadSha256'][:12])" ||
  fail "the imported document has no capture record"
grep -q "GET /story.html" "$TMP/site.log" || fail "the loopback server never saw the fetch"

# Enter on the focused Open button opens the article in the Reader, with its header and provenance line.
xdotool key Return
wait_log "$TMP/app.log" "gloss: painted reader" 20 $APP_PID || fail "Open did not bring up the reader"
shot capture-3-reader
# The captured page in its sandboxed frame: from the article, Shift+Tab twice reaches "Show the captured
# page" (before "Check for updates" in the header). The frame must paint the page: WebKit asks the
# window's navigation policy about the frame's about:srcdoc (navigation.go lets it through) and lets it
# through the window's CSP (frame-src 'none' does not apply to srcdoc, in WebKit as in Chromium).
xdotool key shift+Tab; sleep 0.2; xdotool key shift+Tab; sleep 0.2; xdotool key Return
sleep 1.5
shot capture-4-captured-page
# The frame is the pure white box in the lower quarter of the window (the paper is off-white; the article
# text is pushed below it): the captured page's text must have painted inside it.
read -r BOX INK <<<"$($IM/convert "$OUT/capture-4-captured-page.png" -depth 8 ppm:- | python3 -c '
import sys
data = sys.stdin.buffer.read()
parts = data.split(None, 4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h * 3:]
white = [(x, y) for y in range(h * 3 // 4, h, 2) for x in range(0, w, 2) if px[(y * w + x) * 3:(y * w + x) * 3 + 3] == b"\xff\xff\xff"]
if len(white) < 2000:
    print("none 0"); sys.exit()
xs = sorted(p[0] for p in white); ys = sorted(p[1] for p in white)
x0, x1, y0, y1 = xs[len(xs) // 50], xs[-len(xs) // 50], ys[len(ys) // 50], ys[-1]
ink = sum(1 for y in range(y0 + 4, y1 - 2) for x in range(x0 + 4, x1 - 4) if sum(px[(y * w + x) * 3:(y * w + x) * 3 + 3]) < 3 * 110)
print(f"{x1 - x0}x{y1 - y0}+{x0}+{y0}", ink)
')"
echo "smoke-capture: captured page frame $BOX with $INK dark pixels"
[ "$BOX" != none ] || fail "no frame for the captured page"
[ "$INK" -ge 500 ] || fail "the captured page's frame is empty (did the navigation policy or the CSP refuse about:srcdoc?)"
grep "window error" "$TMP/app.log" && fail "the page reported errors"
echo "smoke-capture: ok (screenshots in $OUT/capture-*.png)"
