#!/bin/sh
# isolate-instance against the local AWS stand-in (which checks every
# signature with botocore and keeps EC2 state): the dry-run lists the
# calls and makes none; the call snapshots each volume (tagged with the
# incident), puts the instance alone in a rule-less isolation group in
# its VPC and detaches its instance profile; verification reads that
# back (again while EC2 finishes detaching the profile); undo puts the
# old groups and profile back and keeps the snapshots.  The isolation
# group is reused the second time.  A refused call names the EC2
# permission; a refusal part-way, or a verification that reads a rule
# in a reused group, leaves an undoable action; throttling is retried;
# an unknown instance says so; an instance with two network interfaces
# has each interface isolated.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
T=$TMPROOT/contain_ec2.$$
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

PROFILE=arn:aws:iam::111122223333:instance-profile/web-profile
cat >"$T/data.json" <<EOD
{"credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
 "ec2": {"vpcs": {"vpc-0a": {"ipv6": true}, "vpc-0b": {}},
         "security_groups": {
           "sg-0web": {"name": "web", "vpc": "vpc-0a",
                       "ingress": [{"protocol": "tcp", "from": 443,
                                    "to": 443, "cidr": "0.0.0.0/0"}],
                       "egress": [{"protocol": "-1",
                                   "cidr": "0.0.0.0/0"}]},
           "sg-0ssh": {"name": "ssh", "vpc": "vpc-0a"},
           "sg-0db": {"name": "db", "vpc": "vpc-0b"},
           "sg-0stale": {"name": "warroom-isolation-i-0abc5",
                         "vpc": "vpc-0b",
                         "ingress": [{"protocol": "tcp", "from": 22,
                                      "to": 22, "cidr": "10.0.0.0/8"}]}},
         "instances": {
           "i-0abc1": {"state": "running", "vpc": "vpc-0a",
                       "groups": ["sg-0web", "sg-0ssh"],
                       "volumes": ["vol-0a1", "vol-0a2"],
                       "profile": "$PROFILE"},
           "i-0abc2": {"state": "running", "vpc": "vpc-0b",
                       "groups": ["sg-0db"], "volumes": ["vol-0b1"]},
           "i-0abc3": "running",
           "i-0abc4": {"state": "running", "vpc": "vpc-0b",
                       "groups": ["sg-0db"], "volumes": ["vol-0d1"],
                       "interfaces": 2},
           "i-0abc5": {"state": "running", "vpc": "vpc-0b",
                       "groups": ["sg-0db"], "volumes": []}},
         "disassociate_lag": 2}}
EOD
start_standin
aws_env
db=$T/c.db
W() { "$WARROOM" --db "$db" "$@"; }
ec2() { curl -s -f "$EP/_standin/ec2"; }
inst() { ec2 | jq -c ".instances[\"$1\"] | [.groups, .profile]"; }
last() { W actions --json | jq -r ".[-1].$1"; }
ops() {	# ops FROM: the EC2 operations from log entry FROM on
	reqlog | jq -r "[.[$1:][] | select(.service == \"ec2\") | .op] |
	    join(\" \")"
}
W init --title "Miner on web host" \
    --type crypto-mining-unauthorized-ec2 >/dev/null ||
    { fail "init"; exit 1; }
ITEM=$(W item add containment "Isolate the web host") ||
    { fail "item add"; exit 1; }
done_of() { W checklist --json | jq -r ".[] | select(.id == $ITEM) | .done"; }
ORIG='[["sg-0web","sg-0ssh"],"'$PROFILE'"]'
check "starting state" "$ORIG" "$(inst i-0abc1)"

# The dry-run: every call in order, the warning, and no call at all.
ec2 >"$T/before.json"
W contain isolate-instance i-0abc1 --dry-run >"$T/dry" ||
    fail "dry-run exited $?"
order=$(grep -o '^ec2 [A-Za-z]*' "$T/dry" | awk '{ print $2 }' |
    tr '\n' ' ')
check "dry-run calls in order" "DescribeInstances CreateSnapshot \
DescribeSecurityGroups CreateSecurityGroup DescribeSecurityGroups \
ModifyInstanceAttribute DescribeIamInstanceProfileAssociations " "$order"
grep -q "warroom-isolation-i-0abc1" "$T/dry" || fail "dry-run: group name"
grep -q "RevokeSecurityGroupEgress" "$T/dry" || fail "dry-run: revoke"
grep -q "DisassociateIamInstanceProfile" "$T/dry" ||
    fail "dry-run: disassociate"
grep -q "tracked survive a security group change" "$T/dry" ||
    fail "dry-run: tracked connections warning"
grep -q "snapshots are kept" "$T/dry" || fail "dry-run: snapshots kept"
check "dry-run made no call" 0 "$(reqlog | jq '[.[] |
    select(.service == "ec2")] | length')"
ec2 >"$T/after.json"
cmp -s "$T/before.json" "$T/after.json" || fail "dry-run changed EC2 state"
check "dry-run stored nothing" 0 "$(W actions --json | jq length)"

# Disruptive: refused without --yes (no terminal to type it back).
W contain isolate-instance i-0abc1 </dev/null >/dev/null 2>&1 &&
    fail "isolate ran without --yes"
check "nothing called without --yes" 0 "$(reqlog | jq length)"

# The call.  The stand-in takes two readings to finish detaching the
# profile: verification reads again until it is gone.
W contain isolate-instance i-0abc1 --yes --item "$ITEM" >"$T/out1" \
    2>"$T/err1" || fail "isolate exited $?: $(cat "$T/err1")"
check "calls in order" "DescribeInstances CreateSnapshot CreateSnapshot \
DescribeSecurityGroups CreateSecurityGroup DescribeSecurityGroups \
RevokeSecurityGroupEgress ModifyInstanceAttribute \
DescribeIamInstanceProfileAssociations DisassociateIamInstanceProfile \
DescribeInstances DescribeSecurityGroups DescribeInstances \
DescribeSecurityGroups DescribeInstances DescribeSecurityGroups" "$(ops 0)"
ec2 >"$T/e1.json"
SG=$(jq -r '.security_groups | to_entries[] |
    select(.value.name == "warroom-isolation-i-0abc1") | .key' "$T/e1.json")
[ -n "$SG" ] || fail "no isolation group in the stand-in"
check "isolation group in the VPC" vpc-0a \
    "$(jq -r ".security_groups[\"$SG\"].vpc" "$T/e1.json")"
check "isolation group has no rules" "0 0" \
    "$(jq -r ".security_groups[\"$SG\"] |
    \"\(.ingress | length) \(.egress | length)\"" "$T/e1.json")"
# The VPC has IPv6: both allow-all egress rules went in one revoke.
reqlog | jq -r '.[] | select(.op == "RevokeSecurityGroupEgress") | .body' |
    grep -q 'CidrIpv6=%3A%3A%2F0' || fail "the ::/0 egress rule not revoked"
check "instance alone in the isolation group, no profile" \
    "[[\"$SG\"],null]" "$(inst i-0abc1)"
check "a snapshot of each volume, tagged with the incident" \
    '[["vol-0a1","1","i-0abc1"],["vol-0a2","1","i-0abc1"]]' \
    "$(jq -c '[.snapshots[] | [.volume, .tags["warroom-incident"],
    .tags["warroom-instance"]]] | sort' "$T/e1.json")"
check "other instances untouched" '[["sg-0db"],null]' "$(inst i-0abc2)"
check "action state" "done true" "$(last state) $(last verified)"
U=$(last undo)
check "undo keeps the old groups" '["sg-0web","sg-0ssh"]' \
    "$(echo "$U" | jq -c .groups)"
check "undo keeps the profile" "$PROFILE web-profile" \
    "$(echo "$U" | jq -r '"\(.profile_arn) \(.profile_name)"')"
check "undo keeps the isolation group" "$SG" \
    "$(echo "$U" | jq -r .isolation_group)"
check "undo keeps the snapshot ids" \
    "$(jq -c '.snapshots | keys' "$T/e1.json")" \
    "$(echo "$U" | jq -c '.snapshots | sort')"
check "item ticked on verification" true "$(done_of)"

# Undo: the old groups and the profile are back; the snapshots stay.
n=$(reqlog | jq length)
W undo 1 >"$T/out2" 2>"$T/err2" || fail "undo exited $?: $(cat "$T/err2")"
check "undo calls" "ModifyInstanceAttribute AssociateIamInstanceProfile" \
    "$(ops "$n")"
check "groups and profile restored" "$ORIG" "$(inst i-0abc1)"
check "snapshots kept after undo" 2 "$(ec2 | jq '.snapshots | length')"
check "state after undo" undone "$(last state)"
check "item open again after undo" false "$(done_of)"

# Again: the isolation group is found and reused, not created twice.
n=$(reqlog | jq length)
W contain isolate-instance i-0abc1 --yes >"$T/out3" 2>&1 ||
    fail "second isolate exited $?: $(cat "$T/out3")"
ops "$n" | grep -q CreateSecurityGroup && fail "isolation group created twice"
check "one isolation group" 1 "$(ec2 | jq '[.security_groups[] |
    select(.name == "warroom-isolation-i-0abc1")] | length')"
check "reused" true "$(last undo | jq -r .group_reused)"
check "isolated again" "[[\"$SG\"],null]" "$(inst i-0abc1)"
W undo "$(last id)" >/dev/null 2>&1 || fail "second undo"
check "restored again" "$ORIG" "$(inst i-0abc1)"

# No instance profile: nothing to detach, still verified.
n=$(reqlog | jq length)
W contain isolate-instance i-0abc2 --yes >"$T/out4" 2>&1 ||
    fail "isolate i-0abc2 exited $?: $(cat "$T/out4")"
ops "$n" | grep -q IamInstanceProfile && fail "profile calls without a profile"
check "i-0abc2 verified" "done true" "$(last state) $(last verified)"
check "the isolation group of i-0abc2 is in its VPC" vpc-0b \
    "$(ec2 | jq -r '.security_groups[] |
    select(.name == "warroom-isolation-i-0abc2") | .vpc')"
W undo "$(last id)" >/dev/null 2>&1 || fail "undo i-0abc2"
check "i-0abc2 restored" '[["sg-0db"],null]' "$(inst i-0abc2)"

# AccessDenied on the evidence: named, nothing changed, recorded.
ctl fail '{"op": "CreateSnapshot", "status": 403,
    "code": "UnauthorizedOperation",
    "message": "You are not authorized to perform this operation.",
    "count": 1}'
W contain isolate-instance i-0abc1 --yes >"$T/out5" 2>"$T/err5" &&
    fail "UnauthorizedOperation exited 0"
grep -q "ec2:CreateSnapshot" "$T/err5" ||
    fail "AccessDenied message: $(cat "$T/err5")"
check "groups untouched after AccessDenied" "$ORIG" "$(inst i-0abc1)"
check "failure recorded" failed "$(last state)"
W undo "$(last id)" >/dev/null 2>"$T/err5b" &&
    fail "undo of an isolation that changed nothing ran"

# Refused part-way (the profile cannot be detached): the groups were
# swapped, so the failed action keeps its undo and the commander can
# reverse it.
ctl fail '{"op": "DisassociateIamInstanceProfile", "status": 403,
    "code": "UnauthorizedOperation",
    "message": "You are not authorized to perform this operation.",
    "count": 1}'
W contain isolate-instance i-0abc1 --yes >"$T/out6" 2>"$T/err6" &&
    fail "part-way refusal exited 0"
grep -q "ec2:DisassociateIamInstanceProfile" "$T/err6" ||
    fail "part-way message: $(cat "$T/err6")"
check "part-way: failed" failed "$(last state)"
check "part-way: groups swapped" "[[\"$SG\"],\"$PROFILE\"]" "$(inst i-0abc1)"
[ -n "$(last request_id)" ] || fail "part-way: no request id kept"
# Isolating it again now would lose the old groups: refused.
n=$(reqlog | jq length)
W contain isolate-instance i-0abc1 --yes >/dev/null 2>"$T/err6b" &&
    fail "isolating an isolated instance exited 0"
grep -q "already isolated" "$T/err6b" ||
    fail "already isolated message: $(cat "$T/err6b")"
check "refused after DescribeInstances alone" DescribeInstances "$(ops "$n")"
W actions --json | jq -r '.[-2].state' | grep -qx failed ||
    fail "the part-way action is no longer the one to undo"
W undo "$(W actions --json | jq '.[-1].id')" >/dev/null 2>&1 &&
    fail "undo of the refused repeat ran"
W undo "$(W actions --json | jq '.[-2].id')" >"$T/out7" 2>"$T/err7" ||
    fail "undo after a part-way failure exited $?: $(cat "$T/err7")"
check "part-way undone" undone "$(W actions --json | jq -r '.[-2].state')"
check "part-way: groups restored" "$ORIG" "$(inst i-0abc1)"

# Throttled once: retried, carried out.
ctl fail '{"op": "ModifyInstanceAttribute", "status": 503,
    "code": "RequestLimitExceeded", "message": "Request limit exceeded.",
    "count": 1}'
n=$(reqlog | jq length)
W contain isolate-instance i-0abc1 --yes >"$T/out8" 2>&1 ||
    fail "throttled isolate exited $?: $(cat "$T/out8")"
check "throttled: isolated and verified" "done true" \
    "$(last state) $(last verified)"
ops "$n" | grep -q "ModifyInstanceAttribute ModifyInstanceAttribute" ||
    fail "throttled: ModifyInstanceAttribute not retried: $(ops "$n")"
W undo "$(last id)" >/dev/null 2>&1 || fail "undo after throttling"
check "restored after throttling" "$ORIG" "$(inst i-0abc1)"

# An unknown instance: EC2's own error, in plain words.
W contain isolate-instance i-0ffff9 --yes >/dev/null 2>"$T/err9" &&
    fail "unknown instance exited 0"
grep -q "no such" "$T/err9" && grep -q "InvalidInstanceID.NotFound" \
    "$T/err9" || fail "unknown instance message: $(cat "$T/err9")"
W contain isolate-instance 'x; drop' --yes >/dev/null 2>"$T/err10" &&
    fail "a malformed instance id exited 0"
grep -q "not an instance id" "$T/err10" ||
    fail "malformed id message: $(cat "$T/err10")"

# Two network interfaces: each gets the isolation group alone
# (ModifyNetworkInterfaceAttribute), and each gets its groups back.
enis() { ec2 | jq -c "[.instances[\"$1\"].interfaces[].groups]"; }
n=$(reqlog | jq length)
W contain isolate-instance i-0abc4 --yes >"$T/out11" 2>&1 ||
    fail "isolate of a two-interface instance: $(cat "$T/out11")"
check "two interfaces: one call each" \
    "ModifyNetworkInterfaceAttribute ModifyNetworkInterfaceAttribute" \
    "$(ops "$n" | grep -o 'Modify[A-Za-z]*' | tr '\n' ' ' | sed 's/ $//')"
SG4=$(ec2 | jq -r '.security_groups | to_entries[] |
    select(.value.name == "warroom-isolation-i-0abc4") | .key')
check "two interfaces: both isolated" "[[\"$SG4\"],[\"$SG4\"]]" \
    "$(enis i-0abc4)"
check "two interfaces: verified" "done true" "$(last state) $(last verified)"
W undo "$(last id)" >/dev/null 2>"$T/err11" ||
    fail "undo two interfaces: $(cat "$T/err11")"
check "two interfaces: restored" '[["sg-0db"],["sg-0db"]]' "$(enis i-0abc4)"

# A leftover isolation group that someone gave a rule: reused, but the
# verification reads the rule and fails; the commander can undo it.
W contain isolate-instance i-0abc5 --yes >/dev/null 2>"$T/err12" &&
    fail "isolation into a group with a rule verified"
grep -q "verification failed: .*has 1 rule" "$T/err12" ||
    fail "verification message: $(cat "$T/err12")"
check "rule left: failed, with its request id and undo" "failed true true" \
    "$(last state) $(last 'request_id != ""') $(last 'undo != null')"
check "rule left: swapped" '[["sg-0stale"],null]' "$(inst i-0abc5)"
W undo "$(last id)" >/dev/null 2>"$T/err13" ||
    fail "undo after failed verification: $(cat "$T/err13")"
check "rule left: undone" undone "$(last state)"
check "rule left: restored" '[["sg-0db"],null]' "$(inst i-0abc5)"

# The record: each step of action 1 on the timeline.
W report --format json -o "$T/r.json" >/dev/null 2>&1 ||
    fail "report exited $?"
check "timeline steps of action 1" "action.requested action.approved \
action.called action.verified action.undo_requested action.undone" \
    "$(jq -r '[.audit[] | select(.target == "action 1") | .action] |
    join(" ")' "$T/r.json")"

[ $fails -eq 0 ] || exit 1
echo "ok"
