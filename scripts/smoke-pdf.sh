#!/usr/bin/env bash
# Real-window smoke step for PDFs (run by scripts/smoke.sh, or alone): the production binary under Xvfb opens a
# two-page PDF given on the command line (as a double-click does). The Reader must paint the text PDFium read,
# with the "2 pages · Open the original" line in the article's column; a click on "Open the original" (found
# in the screenshot by the link colour) must hand the system viewer (a stand-in xdg-open first on PATH that
# writes down what it is given) the original Gloss kept beside the library, at page 1. The CLI, answered by
# the open window, must list the document as a PDF. Screenshot in artifacts/smoke/pdf-1-reader.png.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=$(realpath "${BIN:-build/bin/gloss}")
OUT=artifacts/smoke
IM=/usr/bin
mkdir -p "$OUT"; rm -f "$OUT"/pdf-*.png
start_window_session smoke-pdf
mkdir "$TMP/bin"
cat >"$TMP/bin/xdg-open" <<EOF
#!/bin/sh
echo "\$@" >>"$TMP/opened"
EOF
chmod +x "$TMP/bin/xdg-open"
cp ingest/pdf/testdata/made/report-v1.pdf "$TMP/"
PATH="$TMP/bin:$PATH" "$BIN" "$TMP/report-v1.pdf" >"$TMP/app.log" 2>&1 &
APP_PID=$!
wait_log "$TMP/app.log" "gloss: painted reader" 90 $APP_PID || fail "the PDF given on the command line did not open"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window titled Gloss"
eval "$(xdotool getwindowgeometry --shell "$W")"
xdotool mousemove --window "$W" $((WIDTH - 20)) $((HEIGHT - 20))
sleep 3 # the "Opened" toast goes
$IM/import -window "$W" "$OUT/pdf-1-reader.png"
"$BIN" list --json >"$TMP/list.json" || fail "the CLI could not list the library the window has open"
DOC=$(python3 -c 'import json,sys; print(next(d["id"] for d in json.load(open(sys.argv[1])) if d["source"] == "report-v1.pdf"))' "$TMP/list.json") ||
  fail "the library does not list the PDF: $(head -c 400 "$TMP/list.json")"
"$BIN" versions --doc "$DOC" --json >"$TMP/versions.json" || fail "the CLI could not list the PDF's versions"
python3 - "$TMP/versions.json" <<'PY' || fail "the PDF's version has no kept original or not 2 pages: $(cat "$TMP/versions.json")"
import json, sys
v = json.load(open(sys.argv[1]))[0]
assert v["pages"] == 2 and v["original"]["mediaType"] == "application/pdf" and v["words"] > 500, v
print(f"smoke-pdf: imported {v['words']} words on {v['pages']} pages, original kept ({v['original']['bytes']} bytes)")
PY
# The link: the first short band of accent-coloured (#2f5fa7) pixels above the article's text, inside the
# main column (left of the side panel). It must start where the article's text starts (the column's edge).
$IM/convert "$OUT/pdf-1-reader.png" -depth 8 ppm:- >"$TMP/shot.ppm"
python3 - "$TMP/shot.ppm" >"$TMP/link" <<'PY' || fail "no \"Open the original\" link painted above the article"
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(b"\n", 3)
w, h = map(int, parts[1].split()); px = parts[3]
def rgb(x, y):
    i = (y * w + x) * 3
    return px[i], px[i + 1], px[i + 2]
main = int(w * 0.7)
def dark(c): return sum(c) < 200
# the article's left text edge: the leftmost dark (text) pixel in the lower half of the main column
edge = min((x for y in range(h // 2, h, 3) for x in range(main) if dark(rgb(x, y))), default=-1)
def accent(c): return abs(c[0] - 0x2f) + abs(c[1] - 0x5f) + abs(c[2] - 0xa7) < 60
band = [(y, xs) for y in range(80, h // 2) if (xs := [x for x in range(main) if accent(rgb(x, y))])]
groups, cur = [], []
for y, xs in band:  # rows of accent ink, a gap of up to two rows inside one line of text
    if cur and y > cur[-1][0] + 3:
        groups.append(cur); cur = []
    cur.append((y, xs))
if cur: groups.append(cur)
for g in groups:
    xs = [x for _, row in g for x in row]
    if 5 <= g[-1][0] - g[0][0] <= 20 and len(xs) >= 30 and max(xs) - min(xs) < 300:  # a word or two, not a rule
        print((min(xs) + max(xs)) // 2, (g[0][0] + g[-1][0]) // 2, edge)
        sys.exit(0)
sys.exit(1)
PY
read -r LX LY EDGE <"$TMP/link"
echo "smoke-pdf: link at $LX,$LY; article text starts at x=$EDGE"
python3 - "$TMP/shot.ppm" "$EDGE" "$LY" <<'PY' || fail "the \"2 pages\" line is not in the article's column"
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(b"\n", 3)
w, h = map(int, parts[1].split()); px = parts[3]
edge, ly = int(sys.argv[2]), int(sys.argv[3])
def ink(x, y):
    i = (y * w + x) * 3
    return sum(px[i:i + 3]) < 600
# the line's first ink (the muted "2 pages") must be at the article's left edge, give or take a glyph's bearing
first = min((x for y in range(ly - 5, ly + 6) for x in range(int(w * 0.7)) if ink(x, y)), default=-1)
print(f"smoke-pdf: the pages line starts at x={first}")
sys.exit(0 if abs(first - edge) <= 6 else 1)
PY
xdotool mousemove --window "$W" "$LX" "$LY" click 1
for _ in $(seq 100); do [ -s "$TMP/opened" ] && break; sleep 0.1; done
[ -s "$TMP/opened" ] || fail "a click on \"Open the original\" handed nothing to the system viewer"
OPENED=$(head -1 "$TMP/opened")
echo "smoke-pdf: the system viewer was given $OPENED"
case "$OPENED" in
  file://*.pdf*) ;;
  *) fail "the viewer was not given the kept original as a file URL: $OPENED" ;;
esac
FILE=$(python3 -c 'import sys, urllib.parse as u; print(u.unquote(u.urlparse(sys.argv[1]).path))' "$OPENED")
[ -f "$FILE" ] || fail "the original handed to the viewer does not exist: $FILE"
cmp -s "$FILE" ingest/pdf/testdata/made/report-v1.pdf || fail "the original handed to the viewer is not the imported file"
grep "window error" "$TMP/app.log" && fail "the page reported errors"
echo "smoke-pdf: ok"
