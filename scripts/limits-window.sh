#!/usr/bin/env bash
# By-hand figures for RELIABILITY.md §4: the production window (build/bin/gloss, `make build`) under Xvfb on
# libraries at Gloss's limits — a 10,000-level tag tree, a 1 MB note, a 50 MB article, 100,000 annotations
# in one document. Prints how long each view took to paint and how long the page then took to answer (a
# switch back to the Library); screenshots in artifacts/limits/. Not part of `make test`: it takes a few
# minutes (the 100,000 annotations alone about 3). LIMITS="tags note big ann" picks the parts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
BIN=${BIN:-build/bin/gloss}
LIMITS=${LIMITS:-tags note big ann}
OUT=artifacts/limits
IM=/usr/bin
mkdir -p "$OUT"; rm -f "$OUT"/*.png
TMP=$(mktemp -d /tmp/gloss-limits.XXXXXX)
export XDG_STATE_HOME="$TMP/state"  # the list of known libraries stays in this run
APP_PID=
stop_app() {
  [ -n "$APP_PID" ] || return 0
  grep "window error" "$TMP/app.log" && fail "the page reported errors"
  kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}
cleanup() { stop_app; kill "${XVFB_PID:-}" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "limits: FAIL: $*"; tail -20 "$TMP/app.log"; exit 1; }
now() { date +%s%N; }
since() { echo $(( ($(now) - $1) / 1000000 )); }
count() { grep -c "$1" "$TMP/app.log" || true; }
# wait_next PATTERN SECONDS: until the log has one more line matching PATTERN than before the last mark.
mark() { MARK=$(count "$1"); }
wait_next() {
  local deadline=$((SECONDS + $2))
  until [ "$(count "$1")" -gt "$MARK" ]; do
    [ $SECONDS -lt $deadline ] || fail "no '$1' within $2 s"
    sleep 0.05
  done
}
shot() { sleep 1; $IM/import -window "$W" "$OUT/$1.png"; }
start_app() { # DB
  export GLOSS_DB=$1
  local t; t=$(now)
  "$BIN" >"$TMP/app.log" 2>&1 &
  APP_PID=$!
  wait_log "$TMP/app.log" "gloss: painted library" 120 $APP_PID || fail "the library never painted"
  W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
  wait_log "$TMP/app.log" "gloss: viewport top" 10 $APP_PID || fail "no viewport top"
  TOP=$(grep -o 'gloss: viewport top [0-9]*' "$TMP/app.log" | tail -1 | grep -o '[0-9]*$')
  echo "limits: $2: library painted $(since "$t") ms after the start"
}
# back NAME: Ctrl+1 to the Library; how long until it paints says whether the page was free.
back() {
  mark "gloss: painted library"; local t; t=$(now)
  xdotool key ctrl+1
  wait_next "gloss: painted library" 120
  echo "limits: $1: back to the Library in $(since "$t") ms"
}
# title_of ID (before the window starts: it holds the library): the start of the document's title.
title_of() { "$BIN" list --json | python3 -c 'import json,sys; print(next(d["title"][:24] for d in json.load(sys.stdin) if d["id"] == sys.argv[1]))' "$1"; }
# open_doc TITLE NAME: type the title into the Library's filter and open the first row.
open_doc() {
  xdotool type --delay 20 "$1"; sleep 0.5
  mark "gloss: painted reader"; local t; t=$(now)
  xdotool key Return
  wait_next "gloss: painted reader" 300
  echo "limits: $2: reader painted $(since "$t") ms after Enter: $(grep 'gloss: painted reader' "$TMP/app.log" | tail -1 | grep -o '"blocks":[0-9]*,"marks":[0-9]*')"
}
# settle NAME: screenshot until two in a row are the same (the page has caught up); prints how long.
settle() {
  local t prev='' sum; t=$(now)
  for _ in $(seq 240); do
    $IM/import -window "$W" "$OUT/$1.png"; sum=$(md5sum <"$OUT/$1.png")
    [ "$sum" = "$prev" ] && break
    prev=$sum; sleep 0.25
  done
  SETTLED=$(since "$t")
}
start_xvfb 1600x1000x24

for part in $LIMITS; do case $part in
tags)
  DOC=$(go run ./scripts/limitsdata -db "$TMP/tags/library.db" -deep-tags 10000)
  export GLOSS_DB="$TMP/tags/library.db"; TITLE=$(title_of "$DOC")
  start_app "$GLOSS_DB" "10,000-level tag tree"
  mark "gloss: painted tags"; t=$(now)
  xdotool key ctrl+4
  wait_next "gloss: painted tags" 300
  echo "limits: tags: Tags view painted $(since "$t") ms after Ctrl+4: $(grep 'gloss: painted tags' "$TMP/app.log" | tail -1 | grep -o '"tags":[0-9]*,"rows":[0-9]*')"
  shot tags-view
  read -r FX FY <<<"$(grep 'gloss: painted tags' "$TMP/app.log" | tail -1 | grep -o '"filter":{"x":[0-9]*,"y":[0-9]*}' | grep -o '[0-9]\+' | tr '\n' ' ')"
  xdotool mousemove --window "$W" "$FX" $((FY + TOP)) click 1
  xdotool type --delay 100 deep09999; settle tags-filtered
  echo "limits: tags: filter typed (9 keys, 100 ms apart), window settled after $SETTLED ms"
  back tags
  open_doc "$TITLE" tags
  sample=$(grep "gloss: painted reader" "$TMP/app.log" | tail -1 | sed 's/^gloss: painted reader //' |
    python3 -c 'import json,sys; s=json.load(sys.stdin)["sample"]; print(s["x1"], s["y1"] + '"$TOP"', s["x2"], s["y2"] + '"$TOP"')')
  read -r SX1 SY1 SX2 SY2 <<<"$sample"
  xdotool mousemove --window "$W" "$SX1" "$SY1" mousedown 1
  xdotool mousemove --window "$W" $(((SX1 + SX2) / 2)) "$SY1"
  xdotool mousemove --window "$W" "$SX2" "$SY2" mouseup 1
  sleep 1
  xdotool type --delay 100 deep0999; settle tags-picker
  echo "limits: tags: tag picker typed (8 keys, 100 ms apart), window settled after $SETTLED ms"
  xdotool key Escape; sleep 0.5
  back tags
  stop_app ;;
note)
  DOC=$(go run ./scripts/limitsdata -db "$TMP/note/library.db" -note-bytes 1048576)
  export GLOSS_DB="$TMP/note/library.db"; TITLE=$(title_of "$DOC")
  start_app "$GLOSS_DB" "1 MB note"
  open_doc "$TITLE" note
  shot note-reader
  back note
  xdotool key ctrl+3; sleep 3; shot note-annotations
  back "note (Annotations view)"
  stop_app ;;
big)
  python3 - "$TMP/big.txt" <<'PY'
import random, sys
random.seed(3)
words = "the council said on Tuesday that a new report from officials would be released after the election while critics argued the program had failed residents who were never told about its risks".split()
paras, size = [], 0
while size < 50 * 1024 * 1024 - 400:
    p = " ".join(random.choice(words) for _ in range(random.randint(40, 120))) + "."
    paras.append(p); size += len(p) + 2
open(sys.argv[1], "w").write(("A very long article at the size limit\n\n" + "\n\n".join(paras))[:50 * 1024 * 1024 - 100])
PY
  export GLOSS_DB="$TMP/big/library.db"
  "$BIN" list >/dev/null
  t=$(now); DOC=$("$BIN" import --json "$TMP/big.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  echo "limits: big: imported a $(stat -c %s "$TMP/big.txt")-byte article in $(since "$t") ms"
  TITLE=$(title_of "$DOC")
  start_app "$GLOSS_DB" "50 MB article"
  open_doc "$TITLE" big
  xdotool key End; sleep 2; shot big-reader-end
  back big
  stop_app ;;
ann)
  t=$(now)
  DOC=$(go run ./scripts/benchdata --db "$TMP/ann/library.db" --annotations 100000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["annotated"])')
  echo "limits: ann: 100,000 annotations written in $(since "$t") ms"
  export GLOSS_DB="$TMP/ann/library.db"; TITLE=$(title_of "$DOC")
  start_app "$GLOSS_DB" "100,000 annotations in one document"
  open_doc "$TITLE" ann
  shot ann-reader
  back ann
  stop_app ;;
*) fail "unknown part $part" ;;
esac; done
echo "limits: ok (screenshots in $OUT/)"
