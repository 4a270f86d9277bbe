#!/bin/sh
# Containment against the local AWS stand-in (which checks every
# signature with botocore and keeps IAM state): a dry-run changes
# nothing; deactivate-key changes the key, verification reads it back
# and ticks the item; undo restores it; without --user the key's owner
# is looked up with GetAccessKeyLastUsed; a responder's request waits for
# the commander (tests/unit/test_action.c); AccessDenied names the missing permission; quarantine,
# revoke-sessions, delete-login-profile and block-public-bucket do what
# they say; throttling is retried; the collector carries out queued
# actions; every step is on the record.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
T=$TMPROOT/contain.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() {	# check WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected $2, got $3"
}

ROOT=$(pwd)
STANDIN_DIR=$T
. tests/e2e/standin.lib
trap stop_standin EXIT INT TERM

KEY=AKIAMALLORYEXAMPLE
cat >"$T/data.json" <<EOD
{"credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
 "buckets": {"leaky": {"public_access_block": null},
             "half": {"public_access_block": {"BlockPublicAcls": true}}},
 "ec2": {"instances": {"i-0miner": "running", "i-0web": "running"}},
 "iam": {"users": {"mallory": {"keys": {"$KEY": "Active",
                                        "AKIAOTHEREXAMPLE": "Active"},
                               "login_profile": true}},
         "roles": {"app-role": {}}}}
EOD
start_standin
aws_env
db=$T/c.db
W() { "$WARROOM" --db "$db" "$@"; }
iam() { curl -s -f "$EP/_standin/iam"; }
W init --title "Leaked key" --type compromised-iam-access-key >/dev/null ||
    { fail "init"; exit 1; }
ITEM=$(W item add containment "Deactivate the leaked key") ||
    { fail "item add"; exit 1; }
done_of() { W checklist --json | jq -r ".[] | select(.id == $ITEM) | .done"; }

# The dry-run: the exact call, and nothing changes anywhere.
W contain deactivate-key $KEY --user mallory --dry-run >"$T/dry" ||
    fail "dry-run exited $?"
grep -q "iam UpdateAccessKey UserName=mallory AccessKeyId=$KEY Status=Inactive" \
    "$T/dry" || fail "dry-run text: $(cat "$T/dry")"
check "dry-run made no call" 0 "$(reqlog | jq '[.[] |
    select(.service == "iam")] | length')"
check "dry-run stored nothing" 0 "$(W actions --json | jq length)"

# The call: the stand-in's key goes Inactive, verification reads it.
W contain deactivate-key $KEY --user mallory --item "$ITEM" >"$T/out1" 2>"$T/err1" ||
    fail "contain exited $?: $(cat "$T/err1")"
check "key inactive in the stand-in" Inactive \
    "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "other key untouched" Active \
    "$(iam | jq -r '.users.mallory.keys.AKIAOTHEREXAMPLE')"
W actions --json >"$T/a1.json"
check "action state" "done true" \
    "$(jq -r '.[0] | "\(.state) \(.verified)"' "$T/a1.json")"
rid=$(jq -r '.[0].request_id' "$T/a1.json")
[ -n "$rid" ] || fail "no AWS request id recorded"
check "ListAccessKeys verified it" 1 "$(reqlog | jq '[.[] |
    select(.op == "ListAccessKeys")] | length')"
check "item ticked on verification" true "$(done_of)"

# Undo restores it.
W undo 1 >"$T/out2" 2>"$T/err2" || fail "undo exited $?: $(cat "$T/err2")"
check "key active again" Active "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "state after undo" undone "$(W actions --json | jq -r '.[0].state')"
check "item open again after undo" false "$(done_of)"

# Quarantine: an inline deny-all, read back, removed by undo.
W contain quarantine-user mallory >"$T/out3" 2>&1 ||
    fail "quarantine exited $?: $(cat "$T/out3")"
check "deny-all policy in place" 1 \
    "$(iam | jq '.users.mallory.policies | length')"
W undo 2 >/dev/null 2>&1 || fail "undo quarantine"
check "policy removed" 0 "$(iam | jq '.users.mallory.policies | length')"

# Revoke older sessions of a role: the policy names aws:TokenIssueTime.
W contain revoke-sessions app-role >"$T/out4" 2>&1 ||
    fail "revoke exited $?: $(cat "$T/out4")"
iam | jq -r '.roles["app-role"].policies.AWSRevokeOlderSessions' |
    grep -q 'aws:TokenIssueTime' || fail "revoke policy missing"

# Disruptive without --yes and without a terminal: refused, no call.
W contain delete-login-profile mallory </dev/null >/dev/null 2>&1 &&
    fail "delete-login-profile ran without --yes"
check "password still there" true \
    "$(iam | jq -r '.users.mallory.login_profile')"
W contain delete-login-profile mallory --yes >"$T/out5" 2>&1 ||
    fail "delete-login-profile exited $?: $(cat "$T/out5")"
check "password gone" false "$(iam | jq -r '.users.mallory.login_profile')"
n=$(W actions --json | jq 'length')
W undo "$n" >/dev/null 2>"$T/err6" && fail "undo of no-undo action ran"
grep -q "no undo" "$T/err6" || fail "no-undo message: $(cat "$T/err6")"

# AccessDenied: the permission is named, the failure is recorded.
ctl fail '{"op": "UpdateAccessKey", "status": 403, "code": "AccessDenied",
    "message": "not authorized to perform: iam:UpdateAccessKey", "count": 1}'
W contain deactivate-key $KEY --user mallory >"$T/out7" 2>"$T/err7" &&
    fail "AccessDenied exited 0"
grep -q "iam:UpdateAccessKey" "$T/err7" ||
    fail "AccessDenied message: $(cat "$T/err7")"
check "key untouched after AccessDenied" Active \
    "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "failure recorded" failed "$(W actions --json | jq -r '.[-1].state')"
ADID=$(W actions --json | jq '.[-1].id')

# Block public access: all four on, verified; undo puts back what was
# there (nothing, or the old partial setting).
bk() { curl -s -f "$EP/_standin/buckets" | jq -c ".$1.public_access_block"; }
W contain block-public-bucket leaky --dry-run >/dev/null || fail "s3 dry-run"
check "s3 dry-run changed nothing" null "$(bk leaky)"
W contain block-public-bucket leaky >"$T/s1" 2>&1 ||
    fail "block leaky exited $?: $(cat "$T/s1")"
check "leaky blocked" '{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}' \
    "$(bk leaky)"
check "leaky verified" true "$(W actions --json | jq -r '.[-1].verified')"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>&1 ||
    fail "undo leaky"
check "leaky back to no setting" null "$(bk leaky)"
W contain block-public-bucket half >"$T/s2" 2>&1 ||
    fail "block half exited $?: $(cat "$T/s2")"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>&1 ||
    fail "undo half"
check "half back to its old setting" \
    '{"BlockPublicAcls":true,"IgnorePublicAcls":false,"BlockPublicPolicy":false,"RestrictPublicBuckets":false}' \
    "$(bk half)"
W contain block-public-bucket nosuch >/dev/null 2>"$T/s3" &&
    fail "missing bucket exited 0"
grep -q "no such" "$T/s3" || fail "missing bucket message: $(cat "$T/s3")"

# EC2: stop (typed back or --yes), verified, undone by starting it;
# terminate has no undo.
inst() { curl -s -f "$EP/_standin/instances" | jq -r ".[\"$1\"]"; }
W contain stop-instance i-0miner </dev/null >/dev/null 2>&1 &&
    fail "stop-instance ran without --yes"
check "not stopped without --yes" running "$(inst i-0miner)"
W contain stop-instance i-0miner --yes >"$T/e1" 2>&1 ||
    fail "stop exited $?: $(cat "$T/e1")"
check "instance stopped" stopped "$(inst i-0miner)"
check "stop verified" true "$(W actions --json | jq -r '.[-1].verified')"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>&1 ||
    fail "undo stop"
check "instance running again" running "$(inst i-0miner)"
W contain terminate-instance i-0miner --yes >"$T/e2" 2>&1 ||
    fail "terminate exited $?: $(cat "$T/e2")"
check "instance terminated" terminated "$(inst i-0miner)"
check "other instance untouched" running "$(inst i-0web)"
# No region configured: the action's own --region is the session's, and
# undo reads it from the action.
env -u AWS_REGION "$WARROOM" --db "$db" contain stop-instance i-0web \
    --region us-east-1 --yes >"$T/e3" 2>&1 ||
    fail "stop with --region only exited $?: $(cat "$T/e3")"
check "stopped with --region only" stopped "$(inst i-0web)"
env -u AWS_REGION "$WARROOM" --db "$db" undo \
    "$(W actions --json | jq '.[-1].id')" >"$T/e4" 2>&1 ||
    fail "undo with no region configured: $(cat "$T/e4")"
check "started again with no region configured" running "$(inst i-0web)"
W contain stop-instance i-0nosuch --yes >/dev/null 2>&1 &&
    fail "stop of a missing instance exited 0"

# Throttled once: retried, carried out.
ctl fail '{"op": "UpdateAccessKey", "status": 400, "code": "Throttling",
    "message": "Rate exceeded", "count": 1}'
W contain deactivate-key AKIAOTHEREXAMPLE --user mallory >"$T/out8" 2>&1 ||
    fail "throttled call exited $?: $(cat "$T/out8")"
check "throttled key deactivated" Inactive \
    "$(iam | jq -r '.users.mallory.keys.AKIAOTHEREXAMPLE')"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>&1 ||
    fail "undo after throttling"

# No --user: the key's owner is looked up (GetAccessKeyLastUsed), used
# for the call and the verification, and kept so undo works.
W contain deactivate-key $KEY --dry-run >"$T/dry2" || fail "dry-run 2"
grep -q "iam GetAccessKeyLastUsed AccessKeyId=$KEY" "$T/dry2" ||
    fail "dry-run without --user: $(cat "$T/dry2")"
grep -q "UserName=(looked up with GetAccessKeyLastUsed) AccessKeyId=$KEY" \
    "$T/dry2" || fail "dry-run owner placeholder: $(cat "$T/dry2")"
n=$(reqlog | jq length)
W contain deactivate-key $KEY >"$T/out11" 2>&1 ||
    fail "deactivate without --user exited $?: $(cat "$T/out11")"
check "owner looked up, then called, then verified" \
    "GetAccessKeyLastUsed UpdateAccessKey ListAccessKeys" \
    "$(reqlog | jq -r "[.[$n:][] | select(.service == \"iam\") | .op] |
    join(\" \")")"
check "owner's key inactive" Inactive "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "owner kept for undo" mallory \
    "$(W actions --json | jq -r '.[-1].undo | fromjson | .user')"
check "verified without --user" "done true" \
    "$(W actions --json | jq -r '.[-1] | "\(.state) \(.verified)"')"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>"$T/err11" ||
    fail "undo without --user: $(cat "$T/err11")"
check "owner's key active again" Active \
    "$(iam | jq -r ".users.mallory.keys.$KEY")"
W contain deactivate-key AKIANOSUCHEXAMPLE >/dev/null 2>"$T/err12" &&
    fail "unknown key exited 0"
grep -q "no such" "$T/err12" || fail "unknown key message: $(cat "$T/err12")"

# Queued for the collector: nothing happens until warroom watch runs.
echo '{"watch": {"sources": ["guardduty"]}}' >"$WARROOM_CONFIG"
W contain deactivate-key $KEY --user mallory --queue >"$T/out9" 2>&1 ||
    fail "queue exited $?: $(cat "$T/out9")"
check "queued: key still active" Active \
    "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "queued state" approved "$(W actions --json | jq -r '.[-1].state')"
W watch --once >"$T/out10" 2>&1 || true
check "collector carried it out" Inactive \
    "$(iam | jq -r ".users.mallory.keys.$KEY")"
check "collector verified it" "done true" \
    "$(W actions --json | jq -r '.[-1] | "\(.state) \(.verified)"')"

# Every step is on the record (the timeline in the report).
W report --format json -o "$T/r.json" >/dev/null 2>&1 ||
    fail "report exited $?"
check "timeline steps of action 1" \
    "action.requested action.approved action.called action.verified action.undo_requested action.undone" \
    "$(jq -r '[.audit[] | select(.target == "action 1") | .action] |
    join(" ")' "$T/r.json")"
check "AccessDenied on the timeline" "action.requested action.approved action.failed" \
    "$(jq -r "[.audit[] | select(.target == \"action $ADID\") | .action] |
    join(\" \")" "$T/r.json")"

[ $fails -eq 0 ] || exit 1
echo "ok"
