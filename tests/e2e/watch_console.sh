#!/bin/sh
# A console attached while `warroom watch` runs against the AWS
# stand-in: what the collector stores appears on the screen with no key
# pressed, and a finding that turns up in AWS is on screen within one
# poll interval (2 s here, plus the console's own refresh).
. "$(dirname "$0")/console.lib"
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
STANDIN_DIR=$W/aws
mkdir -p "$STANDIN_DIR"
. "$ROOT/tests/e2e/standin.lib"
WPID=
stop_watch() {
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID"
	WPID=
}
trap 'stop_watch; stop_standin; cleanup' EXIT INT TERM

$PY "$ROOT/tests/standin/gen_data.py" --findings 3 --events 5 \
    >"$STANDIN_DIR/data.json"
start_standin
aws_env

new_incident
start 120x40
wait_for "Findings (0)"

# The collector signs with the real clock (the stand-in checks it).
env -u WARROOM_TEST_NOW "$WARROOM" --db "$DB" watch --interval 2 \
    >"$W/watch.out" 2>"$W/watch.err" &
WPID=$!
wait_for "API call from a listed IP address (2)" 50

ctl add "$(live_finding "Live finding from the stand-in")"
# One poll interval (2 s) and the console's refresh: 3.5 s at most.
wait_for "Live finding from the stand-in" 35
kill -0 "$WPID" 2>/dev/null || fail "watch is not running"
stop_watch
grep -q ' 1 new' "$W/watch.out" || { cat "$W/watch.out"; fail "no round with the new finding"; }

keys q
check_restored 0
echo "watch_console: all checks passed"
