#!/bin/sh
# make bench: run every benchmark script in tests/bench/ against one
# binary and print their figures.  Benchmarks measure; they never fail on
# a time (a wrong count or a crash still fails).
#
#   sh tests/bench/run.sh build/rel/warroom
#
# CORPUS: the shared public samples (default ../shared/data).  Each script
# gets WARROOM, CORPUS and a scratch folder BENCH_TMP of its own, removed
# afterwards (BENCH_KEEP=1 keeps it).
WARROOM=${1:?usage: run.sh WARROOM}
cd "$(dirname "$0")/../.." || exit 1
case "$WARROOM" in /*) ;; *) WARROOM=$(pwd)/$WARROOM ;; esac
[ -x "$WARROOM" ] || { echo "bench: no binary $WARROOM" >&2; exit 1; }
# ../shared/data beside a clone; one more level up from a worktree.
if [ -z "${CORPUS:-}" ]; then
	CORPUS=$(cd .. && pwd)/shared/data
	[ -d "$CORPUS" ] || [ ! -d ../../shared/data ] ||
	    CORPUS=$(cd ../.. && pwd)/shared/data
fi
WARROOM_DATA=$(pwd)/data
export WARROOM CORPUS WARROOM_DATA

rc=0
BENCH_TMP=
trap '[ -n "$BENCH_TMP" ] && [ "${BENCH_KEEP:-0}" != 1 ] &&
    rm -rf "$BENCH_TMP"' EXIT
trap 'exit 130' INT TERM
for b in tests/bench/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/warroom-bench.XXXXXX")
	export BENCH_TMP WARROOM_LOG_DIR="$BENCH_TMP/logs"
	echo "== $(basename "$b" .sh)"
	sh "$b" || { rc=1; echo "bench: $(basename "$b") failed"; }
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "(kept $BENCH_TMP)"
	else
		rm -rf "$BENCH_TMP"
	fi
	BENCH_TMP=
done
exit $rc
