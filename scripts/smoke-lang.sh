#!/usr/bin/env bash
# Real-window smoke step for scripts (run by scripts/smoke.sh, or alone): the production binary in WebKitGTK
# under Xvfb opens an Arabic article given on the command line (as a double-click does), then a Chinese one
# from a second start (handed to the running window over D-Bus), and screenshots each Reader. The window's
# pixels must show the Arabic laid out right to left and the Chinese left to right: the text lines of the
# article are found in the screenshot and their edges compared (RTL: right edges aligned, paragraph ends
# ragged on the left; LTR the other way round), and Chinese must paint as glyphs of its own (not as boxes,
# which all look alike). Screenshots in artifacts/smoke/lang-*.png. Texts: scripts/smokedata/ (written for
# Gloss).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=${BIN:-build/bin/gloss}
OUT=artifacts/smoke
IM=/usr/bin
mkdir -p "$OUT"; rm -f "$OUT"/lang-*.png
start_window_session smoke-lang
cp scripts/smokedata/arabic.md scripts/smokedata/chinese.md "$TMP/"
"$BIN" "$TMP/arabic.md" >"$TMP/app.log" 2>&1 &
APP_PID=$!
wait_log "$TMP/app.log" "gloss: painted reader" 60 $APP_PID || fail "the Arabic article given on the command line did not open"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window titled Gloss"
eval "$(xdotool getwindowgeometry --shell "$W")"
xdotool mousemove --window "$W" $((WIDTH / 2)) $((HEIGHT / 2))
# shot NAME WANT: after the "Opened" toast has gone (2.5 s), capture the window and read the direction of the
# article's paragraphs from its pixels (scripts/smokedata/lines.py): at least three must read WANT and none
# the other way.
shot() {
  sleep 3
  $IM/import -window "$W" "$OUT/$1.png"
  $IM/convert "$OUT/$1.png" -depth 8 ppm:- >"$TMP/shot.ppm"
  python3 scripts/smokedata/lines.py "$TMP/shot.ppm" >"$TMP/lines.json"
  python3 - "$TMP/lines.json" "$2" "$1" <<'PY' || fail "$1: the article is not laid out $2 (lines: $(cat "$TMP/lines.json"))"
import json, sys
paras = json.load(open(sys.argv[1]))["paragraphs"]
want, other = sys.argv[2], {"rtl": "ltr", "ltr": "rtl"}[sys.argv[2]]
n = sum(p["dir"] == want for p in paras)
bad = [p["lines"] for p in paras if p["dir"] == other]
print(f"smoke-lang: {sys.argv[3]}.png: {n} paragraphs read {want}, {len(bad)} {other}, of {len(paras)}")
sys.exit(0 if n >= 3 and not bad else 1)
PY
}
shot lang-1-arabic rtl
timeout 20 "$BIN" "$TMP/chinese.md" >"$TMP/second.log" 2>&1 || fail "the second start with the Chinese article failed: $(cat "$TMP/second.log")"
for _ in $(seq 200); do [ "$(grep -c 'gloss: painted reader' "$TMP/app.log")" -ge 2 ] && break; sleep 0.05; done
[ "$(grep -c 'gloss: painted reader' "$TMP/app.log")" -ge 2 ] || fail "the running window did not open the Chinese article"
shot lang-2-chinese ltr
grep "window error" "$TMP/app.log" && fail "the page reported errors"
echo "smoke-lang: ok"
