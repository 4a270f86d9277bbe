#!/bin/sh
# A running collector (warroom watch, with a poll interval far longer
# than this test) carries out a containment action soon after it is
# approved, between its rounds: a commander's `contain --queue`, then a
# responder's request once the commander approves it with --queue.
# Undo travels the same way: `warroom undo ID` run with no AWS
# credentials asks, and the collector reverses it; an undo AWS refuses
# puts the action back as done, on the timeline, and can be asked for
# again.  The waits are bounded loops with generous limits, never
# timing assertions.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
T=$TMPROOT/contain_watch.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() {	# check WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected $2, got $3"
}

ROOT=$(pwd)
STANDIN_DIR=$T
. tests/e2e/standin.lib
WPID=
cleanup() {
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
	stop_standin
}
trap cleanup EXIT INT TERM

K1=AKIAFIRSTEXAMPLE
K2=AKIASECONDEXAMPLE
cat >"$T/data.json" <<EOD
{"credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
 "guardduty": {"us-east-1": {"detectors": ["d1"]}},
 "iam": {"users": {"mallory": {"keys": {"$K1": "Active",
                                        "$K2": "Active"}}}}}
EOD
start_standin
aws_env
echo '{"watch": {"sources": ["guardduty"]}}' >"$WARROOM_CONFIG"
db=$T/c.db
W() { "$WARROOM" --db "$db" "$@"; }
key() { curl -s -f "$EP/_standin/iam" | jq -r ".users.mallory.keys.$1"; }
rounds() { reqlog | jq '[.[] | select(.op == "ListFindings")] | length'; }
state_of() { W actions --json | jq -r ".[] | select(.id == $1) | .state"; }
error_of() { W actions --json | jq -r ".[] | select(.id == $1) | .error"; }
# A commander attached over SSH: no AWS credentials in the environment.
NOCRED() {
	env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
	    "$WARROOM" --db "$db" "$@"
}
steps_of() {
	W report --format json -o "$T/r.json" >/dev/null 2>&1 ||
	    { echo "report failed"; return; }
	jq -r "[.audit[] | select(.target == \"action $1\") | .action] |
	    join(\" \")" "$T/r.json"
}
# until_state ID STATE: up to 60 s (a loaded ASan run is slow).
until_state() {
	i=0
	while [ "$(state_of "$1")" != "$2" ]; do
		i=$((i + 1))
		[ $i -gt 240 ] && return 1
		sleep 0.25
	done
	return 0
}
W init --title "Leaked key" --type compromised-iam-access-key >/dev/null ||
    { fail "init"; exit 1; }
W role bob responder >/dev/null || fail "role bob"

"$WARROOM" --db "$db" watch --interval 3600 >"$T/watch.out" 2>&1 &
WPID=$!
# The first round done: from here on the next one is an hour away.
i=0
until W watch --status 2>/dev/null | grep -q '^collector: healthy'; do
	i=$((i + 1))
	[ $i -gt 240 ] && { fail "the collector's first round"; break; }
	sleep 0.25
done
r0=$(rounds)

# The commander queues it: carried out and verified between rounds.
W contain deactivate-key $K1 --user mallory --queue >"$T/out1" 2>&1 ||
    fail "queue exited $?: $(cat "$T/out1")"
until_state 1 done || fail "queued action not carried out: $(state_of 1)"
check "key inactive" Inactive "$(key $K1)"
check "verified" true "$(W actions --json | jq -r '.[0].verified')"

# A responder asks; nothing happens until the commander approves.
WARROOM_TEST_OPERATOR=bob W contain deactivate-key $K2 --user mallory \
    >"$T/out2" 2>&1 || fail "responder request exited $?: $(cat "$T/out2")"
check "waits for approval" requested "$(state_of 2)"
sleep 1.5
check "not carried out unapproved" Active "$(key $K2)"
W approve 2 --queue >"$T/out3" 2>&1 ||
    fail "approve exited $?: $(cat "$T/out3")"
until_state 2 done || fail "approved action not carried out: $(state_of 2)"
check "second key inactive" Inactive "$(key $K2)"

# Undo from a process with no credentials: asked, then reversed by
# the collector.
NOCRED undo 1 >"$T/out4" 2>&1 || fail "undo exited $?: $(cat "$T/out4")"
grep -q "warroom watch carries it out" "$T/out4" ||
    fail "undo without credentials says: $(cat "$T/out4")"
until_state 1 undone || fail "undo not carried out: $(state_of 1)"
check "key active again" Active "$(key $K1)"
check "undo on the timeline" "action.requested action.approved \
action.called action.verified action.undo_requested action.undone" \
    "$(steps_of 1)"

# AWS refuses the undo once: back to done, the error on the record.
ctl fail '{"op": "UpdateAccessKey", "status": 403, "code": "AccessDenied",
    "message": "not authorized to perform: iam:UpdateAccessKey", "count": 1}'
NOCRED undo 2 >"$T/out5" 2>&1 || fail "undo 2 exited $?: $(cat "$T/out5")"
i=0
until error_of 2 | grep -q "undo failed"; do
	i=$((i + 1))
	[ $i -gt 240 ] && { fail "refused undo not recorded"; break; }
	sleep 0.25
done
check "refused undo: done again" done "$(state_of 2)"
check "refused undo: key still inactive" Inactive "$(key $K2)"
error_of 2 | grep -q "iam:UpdateAccessKey" ||
    fail "refused undo names the permission: $(error_of 2)"
# Asked again: this time it goes through.
NOCRED undo 2 >"$T/out6" 2>&1 || fail "retry exited $?: $(cat "$T/out6")"
until_state 2 undone || fail "retried undo not carried out: $(state_of 2)"
check "second key active again" Active "$(key $K2)"
check "refused, then retried, on the timeline" "action.requested \
action.approved action.called action.verified action.undo_requested \
action.undo_failed action.undo_requested action.undone" "$(steps_of 2)"

# All between rounds: no new poll round started meanwhile.
check "no extra poll round" "$r0" "$(rounds)"
kill -0 "$WPID" 2>/dev/null || fail "the collector stopped"
kill -TERM "$WPID"
wait "$WPID"; rc=$?
WPID=
check "watch exit after SIGTERM" 0 "$rc"

[ $fails -eq 0 ] || { cat "$T/watch.out"; exit 1; }
echo "ok"
