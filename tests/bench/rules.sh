#!/bin/sh
# Rules benchmark (issue 5): the cost of rules_eval alone on a generated
# corpus (gen.py, the same samples as the ingest benchmark), measured
# inside one process so the figure is the engine's, not the store's.
# The ingest benchmark gives the rules' share of a whole ingest.
# Run through tests/bench/run.sh, which sets WARROOM, CORPUS, BENCH_TMP.
set -u
: "${WARROOM:?}" "${CORPUS:?}" "${BENCH_TMP:?}" "${WARROOM_DATA:?}"
N=${BENCH_RULES_RECORDS:-50000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=$(dirname "$WARROOM")/libwarroom-core.a

[ -d "$CORPUS/stratus-red-team" ] ||
    { echo "skipped: no corpus at $CORPUS"; exit 0; }
[ -f "$lib" ] || { echo "bench: no $lib (build first)" >&2; exit 1; }
/usr/bin/python3 "$here/gen.py" "$CORPUS" "$BENCH_TMP/corpus" "$N" 50 \
    >/dev/null || exit 1
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root" -o "$BENCH_TMP/rules" \
    "$here/rules.c" "$lib" $(pkg-config --cflags --libs libcjson zlib \
    sqlite3 libcrypto) -lm || exit 1
PIN=
command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null &&
    PIN="taskset -c 0"
find "$BENCH_TMP/corpus" -name '*.json.gz' | LC_ALL=C sort |
    xargs $PIN "$BENCH_TMP/rules" "$WARROOM_DATA/rules"
