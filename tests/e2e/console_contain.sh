#!/bin/sh
# Containment from the console, against the local AWS stand-in: from a
# GuardDuty finding on an access key to that key Inactive in the
# stand-in in five keypresses or fewer plus the confirmation (counted
# from the first screen), at 80x24 and larger; every step on the
# timeline; the playbook's step ticks itself.  Esc stores nothing; a
# disruptive action wants its resource id typed back; a checklist step
# runs its own call; a responder's request waits, the header counts it,
# the commander approves it from a second console with A and y, and
# both screens see it done; without credentials the collector carries
# out the action and its undo, the status line following each step; an
# exercise refuses on the status line.
. "$(dirname "$0")/console.lib"
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 missing"; exit 77; }
STANDIN_DIR=$W
. "$ROOT/tests/e2e/standin.lib"
trap 'cleanup; stop_standin' EXIT INT TERM

KEY=AKIAMALLORYEXAMPLE01
FIX=$ROOT/tests/fixtures/contain/gd-access-key.json
iam() { curl -s -f "$EP/_standin/iam"; }
key_state() { iam | jq -r ".users.mallory.keys.$KEY"; }
# wait_iam JQ VALUE: until the stand-in's IAM state says so (5 s).
wait_iam() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(iam | jq -r "$1")" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	cap
	fail "stand-in never had $1 = $2 (now $(iam | jq -c "$1"))"
}
# Keys from the first screen on, counted; the confirmation is apart.
N=0
press() { keys "$@"; N=$((N + $#)); }
seed() {
	cat >"$W/data.json" <<EOD
{"credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
 "iam": {"users": {"mallory": {"keys": {"$KEY": "Active"},
                               "login_profile": true}}}}
EOD
	stop_standin
	start_standin
	aws_env
	AWSENV="AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
	AWSENV="$AWSENV AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"
	AWSENV="$AWSENV AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$EP"
	AWSENV="$AWSENV AWS_EC2_METADATA_DISABLED=true HOME=$HOME"
	AWSENV="$AWSENV WARROOM_CONFIG=$WARROOM_CONFIG"
	# The checklist is the playbook's, attached by the finding.
	rm -f "$DB" "$DB"-*
	"$WARROOM" --db "$DB" init --title "Leaked key" \
	    --type compromised-iam-access-key >/dev/null || fail "init"
	"$WARROOM" --db "$DB" ingest "$FIX" >/dev/null 2>&1 || fail "ingest"
}

for size in 80x24 132x40; do
	seed
	start "$size" "$AWSENV"
	wait_for "MaliciousIPCaller.Custom"

	# Esc at the menu and at the dry-run: nothing stored.
	keys c
	wait_for "Contain: pick an action"
	keys Escape
	wait_for "containment cancelled; nothing stored"
	keys c Enter
	wait_for "y runs it; Esc cancels"
	keys Escape
	wait_for "containment cancelled; nothing stored"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM actions")" = 0 ] ||
	    fail "a cancelled containment was stored"

	# The flow: c opens the offers (deactivate-key first), Enter picks
	# it and shows the dry-run and the gate, y is the confirmation.
	N=0
	press c
	wait_for "1  deactivate-key        $KEY  (user mallory)"
	press Enter
	wait_for "iam UpdateAccessKey UserName=mallory AccessKeyId=$KEY"
	wait_for "gate: you are the commander"
	wait_for "checklist item 1 ticks itself when the change reads back"
	[ "$(key_state)" = Active ] || fail "the dry-run changed the key"
	keys y
	wait_iam ".users.mallory.keys.$KEY" Inactive
	[ $N -le 5 ] || fail "$N keypresses before the confirmation"
	echo "$size: key Inactive after $N keypresses plus the confirmation"
	wait_for "done and verified"
	[ "$(sqlite3 "$DB" "SELECT group_concat(action, ' ') FROM (SELECT
	    action FROM audit WHERE target = 'action 1' ORDER BY id)")" = \
	    "action.requested action.approved action.called action.verified" ] ||
	    fail "timeline: $(sqlite3 "$DB" "SELECT action FROM audit
	    WHERE target = 'action 1'")"
	[ "$("$WARROOM" --db "$DB" checklist --json | jq -r '[.[] |
	    select(.text | test("^Deactivate")) | .done][0]')" = true ] ||
	    fail "the playbook's deactivate step did not tick itself"

	# The finding's detail shows where the action is.
	keys Enter
	wait_for "Actions"
	wait_for "1 deactivate-key $KEY: done, verified"
	keys Escape

	# A checklist step with a call: c runs that call, and the step
	# ticks itself (Containment: deactivate done, list keys, deny-all).
	keys Tab Tab Down Down c
	wait_for "iam PutUserPolicy UserName=mallory"
	keys y
	wait_iam '.users.mallory.policies | length' 1
	wait_for "quarantine-user mallory: done and verified"
	[ "$("$WARROOM" --db "$DB" checklist --json | jq -r '[.[] |
	    select(.text | test("deny-all")) | .done][0]')" = true ] ||
	    fail "the deny-all step did not tick itself"
	# A step whose call warroom does not run says so.
	keys Up c
	wait_for "warroom does not run iam:ListAccessKeys"
	keys Tab

	# Disruptive (delete-login-profile, no undo): a wrong id does
	# nothing, the right one goes ahead.
	keys c 3
	wait_for "type mallory to delete-login-profile it:"
	keys -l "malory"
	keys Enter
	wait_for "mallory was not typed back: nothing done"
	[ "$(iam | jq -r '.users.mallory.login_profile')" = true ] ||
	    fail "a wrong id went ahead"
	keys c 3
	wait_for "type mallory to delete-login-profile it:"
	# The reflex "y" is not the id: asked again, nothing done yet.
	keys y Enter
	wait_for "not y: type mallory to delete-login-profile it:"
	[ "$(iam | jq -r '.users.mallory.login_profile')" = true ] ||
	    fail "y went ahead for a disruptive action"
	keys -l "mallory"
	keys Enter
	wait_iam ".users.mallory.login_profile" false
	wait_for "delete-login-profile mallory: done and verified"
	keys q
	check_restored 0
done

# A responder's request from the console waits for the commander; the
# commander's approval carries it out and the responder's screen sees it.
seed
"$WARROOM" --db "$DB" role bob responder >/dev/null || fail "role bob"
start 80x24 "$AWSENV WARROOM_TEST_OPERATOR=bob"
wait_for "operator bob"
keys c Enter
wait_for "gate: you are a responder"
keys y
wait_for "waits for the commander's approval (warroom approve 1)"
[ "$(sqlite3 "$DB" "SELECT state FROM actions WHERE id = 1")" = requested ] ||
    fail "a responder's request did not wait"
[ "$(key_state)" = Active ] || fail "a responder's request ran"
wait_for "actions 1 to approve"
# The commander, in a second console on the same tmux server: A opens
# the oldest request, y approves it and it runs.
cat >"$W/run2.sh" <<EOS
env TERM=tmux-256color $AWSENV WARROOM_TEST_OPERATOR=alice \
    "$WARROOM" --db "$DB" attach
exec sleep 600
EOS
tm new-session -d -s c -x 80 -y 24 "sh $W/run2.sh" || fail "second console"
capc() { LAST=$W/capc.txt; tm capture-pane -p -t c >"$LAST"; }
wait_c() {
	i=0
	while [ $i -lt 50 ]; do
		capc
		grep -qF -- "$1" "$LAST" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "the commander's screen never showed: $1"
}
wait_c "actions 1 to approve"
tm send-keys -t c A
wait_c "action 1, asked by bob: deactivate-key $KEY"
wait_c "gate: bob asked; you are the commander"
[ "$(key_state)" = Active ] || fail "the approval box ran the action"
tm send-keys -t c y
wait_iam ".users.mallory.keys.$KEY" Inactive
wait_c "done and verified"
wait_for "done and verified"
[ "$(sqlite3 "$DB" "SELECT approved_by FROM actions WHERE id = 1")" = alice ] ||
    fail "not approved by the commander"
tm send-keys -t c A
wait_c "no containment request waits for approval"
tm send-keys -t c q
keys q
check_restored 0

# A console without AWS credentials (an operator over SSH): the
# approved action waits for the collector, which carries it out.
seed
mkdir -p "$W/nohome"
start 80x24 "$AWSENV AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= HOME=$W/nohome"
wait_for "MaliciousIPCaller.Custom"
keys c Enter y
wait_for "no AWS credentials here, so warroom watch carries it out"
[ "$(key_state)" = Active ] || fail "ran without credentials"
[ "$(sqlite3 "$DB" "SELECT state FROM actions WHERE id = 1")" = approved ] ||
    fail "not left approved for the collector"
echo '{"watch": {"sources": ["guardduty"]}}' >"$WARROOM_CONFIG"
"$WARROOM" --db "$DB" watch --once >"$W/watch.out" 2>&1 || true
[ "$(key_state)" = Inactive ] || fail "the collector did not carry it out"
wait_for "done and verified"
# Its undo travels the same way, and the status line follows it: asked,
# refused once by AWS (still in place), asked again, undone.
"$WARROOM" --db "$DB" undo 1 --queue >/dev/null 2>&1 || fail "undo --queue"
wait_for "undo requested"
ctl fail '{"op": "UpdateAccessKey", "status": 403, "code": "AccessDenied",
    "message": "not authorized to perform: iam:UpdateAccessKey", "count": 1}'
"$WARROOM" --db "$DB" watch --once >"$W/watch.out" 2>&1 || true
wait_for "action 1 deactivate-key: undo failed, still in place"
[ "$(key_state)" = Inactive ] || fail "a refused undo changed the key"
"$WARROOM" --db "$DB" undo 1 --queue >/dev/null 2>&1 || fail "undo again"
"$WARROOM" --db "$DB" watch --once >"$W/watch.out" 2>&1 || true
[ "$(key_state)" = Active ] || fail "the collector did not undo it"
wait_for "deactivate-key $KEY: undone"
keys q
check_restored 0
echo '{}' >"$WARROOM_CONFIG"

# An exercise incident: the dry-run says refused, confirming stores
# nothing and says why on the status line.
seed
rm -f "$DB" "$DB"-*
"$WARROOM" --db "$DB" init --title "Drill" --type compromised-iam-access-key \
    --exercise >/dev/null || fail "init exercise"
"$WARROOM" --db "$DB" ingest "$FIX" >/dev/null 2>&1 || fail "ingest"
start 80x24 "$AWSENV"
wait_for "MaliciousIPCaller.Custom"
keys c Enter
wait_for "refused: incident 1 is an exercise"
keys y
wait_for "containment actions are refused"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM actions")" = 0 ] ||
    fail "an exercise stored an action"
# A disruptive action the gate refuses: no one is asked to type its id.
keys c 3
wait_for "Esc closes; nothing is stored"
cap
grep -q "type mallory to" "$LAST" &&
    fail "asked to type an id the gate refuses"
keys Escape
wait_gone "Esc closes; nothing is stored"
keys q
check_restored 0
echo "ok: containment from the console"
