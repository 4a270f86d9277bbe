#!/bin/sh
# Run the whole suite against one build directory: every cmocka unit
# binary, then every end-to-end script in tests/e2e (tmux, ssh, the AWS
# stand-in).  Prints one closing line "N passed, N failed, N skipped".
#
#   sh tests/run.sh build/test [PATTERN]
#
# CORPUS points at the shared public samples (default ../shared/data);
# tests that need it print "skipped: no corpus" when it is absent.
BUILD=${1:-build/test}
PATTERN=${2:-}
cd "$(dirname "$0")/.." || exit 1
: "${CORPUS:=$(cd .. && pwd)/shared/data}"
: "${CASES:=$(pwd)/tests/cases}"
WARROOM=$(pwd)/$BUILD/warroom
export CORPUS CASES WARROOM BUILD
export WARROOM_DATA="$(pwd)/data"
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/warroom-test.XXXXXX")
export TMPROOT
trap 'rm -rf "$TMPROOT"' EXIT INT TERM
export WARROOM_LOG_DIR="$TMPROOT/logs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

pass=0 fail=0 skip=0 failed=
# Unit binaries by their sources, so a stale binary of a removed test
# never runs.
units=$(for c in tests/unit/test_*.c; do
	[ -f "$c" ] && echo "$BUILD/tests/$(basename "$c" .c)"
done)
for t in $units tests/e2e/*.sh; do
	[ -f "$t" ] || { echo "FAIL $(basename "$t"): not built"; fail=$((fail + 1)); continue; }
	name=$(basename "$t")
	[ -n "$PATTERN" ] && case "$name" in *$PATTERN*) ;; *) continue;; esac
	log="$TMPROOT/$name.out"
	case "$t" in
	*.sh) sh "$t" >"$log" 2>&1 ;;
	*) "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	if [ $rc -eq 77 ] || { [ $rc -eq 0 ] && grep -q '^skipped:' "$log"; }
	then
		skip=$((skip + 1))
		echo "SKIP $name: $(grep -m1 '^skipped:' "$log")"
	elif [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS $name"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name (exit $rc)"
		sed 's/^/    /' "$log" | tail -n 40
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
