#!/bin/sh
# Gloss's .qdpx read by the real third-party REFI-QDA readers: QualCoder's importer (refi.py, RefiImport)
# and qualitative-coding's reader (refi_qda/reader.py). A check run by hand, not by CI: their sources are
# other projects' (AGPL/LGPL), checked out outside this repository. See BENCHMARKS.md ("REFI-QDA read by
# the real third-party readers") for what they kept.
# Needs: Debian's python3-pyqt6 python3-pyqt6.qtmultimedia python3-pil python3-fitz (QualCoder) and
# python3-xmlschema python3-structlog python3-yaml (qualitative-coding).
# Usage: QUALCODER=~/src/QualCoder QC=~/src/qualitative-coding scripts/refi-readers/run.sh
#        (GLOSS=path/to/gloss to use a binary already built; OUT=folder for the results)
set -eu
: "${QUALCODER:?a QualCoder checkout}" "${QC:?a qualitative-coding checkout}"
OUT=${OUT:-/tmp/refi-readers}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$OUT"
export XDG_STATE_HOME="$OUT/state" # the libraries made here stay out of the person's list of libraries
rm -rf "$XDG_STATE_HOME"
if [ -z "${GLOSS:-}" ]; then
	GLOSS=$OUT/gloss
	(cd "$root" && go build -tags webkit2_41 -o "$GLOSS" .)
fi
rm -rf "$OUT/lib" && mkdir "$OUT/lib"
(cd "$root" && go run ./scripts/refi-readers/mklib "$OUT/lib/lib.db")
"$GLOSS" --db "$OUT/lib/lib.db" export --format qdpx --out "$OUT/gloss.qdpx" --force
QT_QPA_PLATFORM=offscreen /usr/bin/python3 "$here/run_qualcoder.py" "$QUALCODER/src" "$OUT/gloss.qdpx" "$OUT/qualcoder" "$OUT/qualcoder.json" \
	"$OUT/qualcoder-export.qdpx" >"$OUT/qualcoder.log" 2>&1
/usr/bin/python3 "$here/run_qc.py" "$QC" "$OUT/gloss.qdpx" "$OUT/qc" "$OUT/qc.json" >"$OUT/qc.log" 2>&1
status=0
/usr/bin/python3 "$here/summary.py" "$OUT/gloss.qdpx" "$OUT/qualcoder.json" "$OUT/qc.json" || status=1
# The way back: the project QualCoder imported, written by QualCoder's own exporter, read by Gloss.
if [ -f "$OUT/qualcoder-export.qdpx" ]; then
	rm -rf "$OUT/back" && mkdir "$OUT/back"
	echo "QualCoder's export (RefiExport) imported into an empty Gloss library:"
	"$GLOSS" --db "$OUT/back/lib.db" import "$OUT/qualcoder-export.qdpx" 2>&1 | grep "^gloss import:" || true
	"$GLOSS" --db "$OUT/back/lib.db" agreement | head -2
fi
if python3 "$root/export/testdata/qdpx_reader.py" "$OUT/gloss.qdpx" >"$OUT/reader.json" 2>"$OUT/reader.err"; then
	echo "export/testdata/qdpx_reader.py: no errors"
else
	echo "export/testdata/qdpx_reader.py: errors:" && cat "$OUT/reader.err" && status=1
fi
exit $status
