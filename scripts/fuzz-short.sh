#!/usr/bin/env bash
# Runs every fuzz target for a short while (FUZZTIME, default 10s each), one after another, and fails on
# the first finding. Go writes a failing input to <pkg>/testdata/fuzz/<Target>/: commit it, and it runs as
# a regression test in every `go test` from then on. The targets are found, not listed, so new ones join.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10s}
TAGS=${TAGS:-webkit2_41}
# -parallel bounds the workers: the whole run must stay near 2 minutes on a small CI machine too.
PARALLEL=${FUZZPARALLEL:-$(( $(nproc) > 4 ? 4 : $(nproc) ))}
mapfile -t targets < <(
  grep -rl --include='*_test.go' --exclude-dir=node_modules --exclude-dir=frontend '^func Fuzz' . | sort | while read -r f; do
    for t in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do echo "./$(dirname "${f#./}") $t"; done
  done)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz-short: no fuzz targets found"; exit 1; }
start=$SECONDS
for entry in "${targets[@]}"; do
  read -r pkg target <<<"$entry"
  echo "fuzz-short: $target in $pkg for $FUZZTIME"
  fuzz() { go test -tags "$TAGS" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" -parallel "$PARALLEL" "$pkg" >"/tmp/fuzz-short.$$.log" 2>&1; }
  ok=true; fuzz || ok=false
  # Go's fuzzer sometimes ends with "context deadline exceeded" when -fuzztime runs out while it waits on a
  # worker on a loaded machine; no input was written, so it is no finding: run it again, once.
  if ! $ok && grep -q 'context deadline exceeded' "/tmp/fuzz-short.$$.log" && ! grep -q 'Failing input written to' "/tmp/fuzz-short.$$.log"; then
    echo "fuzz-short: $target stopped on the fuzzer's own deadline with no finding; running it again"
    ok=true; fuzz || ok=false
  fi
  if ! $ok; then
    cat "/tmp/fuzz-short.$$.log"
    echo "fuzz-short: $target found a failing input; it is saved under $pkg/testdata/fuzz/$target/ (commit it as a regression test)"
    rm -f "/tmp/fuzz-short.$$.log"
    exit 1
  fi
  tail -n 3 "/tmp/fuzz-short.$$.log" | grep -E 'elapsed|execs' | tail -n 1 || true
done
rm -f "/tmp/fuzz-short.$$.log"
echo "fuzz-short: ${#targets[@]} targets, no findings, $((SECONDS - start))s"
