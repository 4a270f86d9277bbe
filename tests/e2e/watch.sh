#!/bin/sh
# warroom watch against the local AWS stand-in (tests/standin), which
# checks every signature with botocore: findings and events reach the
# store, every page is read, a restart resumes from the cursors with no
# duplicates, throttling is survived, a wrong secret is a clear error,
# and a running collector survives the network going away and picks up
# a new finding within one poll interval.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
T=$TMPROOT/watch.$$
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
stop_all() {
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null
	stop_standin
	wait 2>/dev/null
}
trap stop_all EXIT INT TERM

$PY tests/standin/gen_data.py --findings 120 --events 120 >"$T/data.json"
start_standin

aws_env
echo '{"watch": {"interval": 60}}' >"$WARROOM_CONFIG"
db=$T/w.db
W() { "$WARROOM" --db "$db" "$@"; }
W init --title "Leaked key" --type compromised-iam-access-key >/dev/null ||
    { fail "init"; exit 1; }

# One round: everything arrives, every page is read.
W watch --once >"$T/out1" 2>"$T/err1" || fail "watch --once exited $?"
W findings --json >"$T/f1.json"
check "GuardDuty findings stored" 120 \
    "$(jq '[.[] | select(.source == "guardduty")] | length' "$T/f1.json")"
check "billing anomaly stored" 1 \
    "$(jq '[.[] | select(.source == "billing")] | length' "$T/f1.json")"
check "CloudTrail events stored" 120 "$(W events --json | jq length)"
reqlog >"$T/log1.json"
check "ListFindings pages" 3 \
    "$(jq '[.[] | select(.op == "ListFindings")] | length' "$T/log1.json")"
check "GetFindings batches of at most 50" "50 50 20" \
    "$(jq -r '[.[] | select(.op == "GetFindings") | .body | fromjson |
    .findingIds | length] | map(tostring) | join(" ")' "$T/log1.json")"
check "LookupEvents pages" 3 \
    "$(jq '[.[] | select(.op == "LookupEvents")] | length' "$T/log1.json")"
check "requests refused" 0 \
    "$(jq '[.[] | select(.status != 200)] | length' "$T/log1.json")"
# NextToken went back byte for byte (it holds + / =; BR-05).
jq -r '.[] | select(.op == "LookupEvents") | .body | fromjson |
    .NextToken // empty' "$T/log1.json" | grep -q '^EX+.*/==$' ||
    fail "LookupEvents NextToken not sent back as given"
# What ingest does after a file the collector does after a round: the
# "detected" clock starts itself with the first real finding.
check "detected clock started by the collector's round" 1 \
    "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action =
    'notify.start' AND target = 'detected'")"
W watch --status >"$T/st1" || fail "watch --status exited $?"
grep -q '^collector: healthy since .*account 111122223333' "$T/st1" ||
    { cat "$T/st1"; fail "status after one round is not healthy"; }

grep -q 'est. charges \$1234.50' "$T/st1" ||
    fail "status lacks the estimated charges from CloudWatch"

# A restart resumes from the cursors: nothing twice, asks from there.
n0=$(jq length "$T/log1.json")
W watch --once >"$T/out2" 2>&1 || fail "second watch --once exited $?"
# (rules may raise findings of their own from the events: count all.)
total=$(jq length "$T/f1.json")
check "findings after restart" "$total" "$(W findings --json | jq length)"
check "events after restart" 120 "$(W events --json | jq length)"
grep -q ' 0 new' "$T/out2" || fail "second round reported new records"
newest=$(jq '[.guardduty["us-east-1"].findings[].updatedAt |
    (sub("\\.[0-9]+Z$"; "Z") | fromdate) * 1000 +
    (capture("\\.(?<ms>[0-9]+)Z$").ms | tonumber)] | max' "$T/data.json")
gte=$(reqlog | jq --argjson n "$n0" '[.[$n:][] | select(.op ==
    "ListFindings") | .body | fromjson |
    .findingCriteria.criterion.updatedAt.gte][0]')
echo "cursor: newest $newest, asked $gte"
check "ListFindings asks from the cursor" "$newest" "$gte"

# Throttling is survived (and counted).
ctl fail '{"op": "LookupEvents", "status": 400, "code":
    "ThrottlingException", "message": "Rate exceeded", "count": 2}'
W watch --once >"$T/out3" 2>&1 || fail "watch with throttling exited $?"
grep -q ' 2 throttled' "$T/out3" || { cat "$T/out3"; fail "throttling not counted"; }
check "throttled total" 2 "$(W watch --status | awk '$1 == "throttled" { print $2 }')"

# Several regions: each signed for its own region, each its own cursor.
n0=$(reqlog | jq length)
W watch --once --region us-east-1 --region eu-west-1 >"$T/out3b" 2>&1 ||
    fail "watch with two regions exited $?"
check "LookupEvents signed for eu-west-1" 1 "$(reqlog | jq --argjson n "$n0" \
    '[.[$n:][] | select(.op == "LookupEvents" and .region == "eu-west-1")] |
    length')"
check "ListDetectors in eu-west-1" 1 "$(reqlog | jq --argjson n "$n0" \
    '[.[$n:][] | select(.op == "ListDetectors" and .region == "eu-west-1")] |
    length')"

# A wrong secret: a clear error, the collector marked failing.
AWS_SECRET_ACCESS_KEY=wrong-secret-XYZZY W watch --once >"$T/out4" 2>"$T/err4" &&
    fail "watch with a wrong secret succeeded"
grep -q 'SignatureDoesNotMatch' "$T/err4" ||
    { cat "$T/err4"; fail "wrong secret: no SignatureDoesNotMatch"; }
grep -q 'sts GetCallerIdentity' "$T/err4" || fail "wrong secret: no request named"
grep -rq "XYZZY\|watch/secret" "${WARROOM_LOG_DIR:-$T/logs}" 2>/dev/null &&
    fail "a secret reached the log"
W watch --status | grep -q '^collector: failing since' ||
    fail "status after a wrong secret is not failing"

# Running: the network goes away, the collector stays; it comes back,
# and a new finding is in the store within one poll interval.
stop_standin
"$WARROOM" --db "$db" watch --interval 1 >"$T/out5" 2>"$T/err5" &
WPID=$!
sleep 2
kill -0 "$WPID" 2>/dev/null || fail "watch exited when the network went away"
grep -q 'error: .*Could not connect\|error: .*Couldn.t connect\|error: .*onnect' \
    "$T/out5" || { cat "$T/out5"; fail "no connection error reported"; }
# A second collector for the same incident is refused.
W watch --once >"$T/out6" 2>"$T/err6" && fail "a second collector ran"
grep -q "already watches incident 1" "$T/err6" ||
    { cat "$T/err6"; fail "second collector: no clear refusal"; }
start_standin "$PORT"
ctl add "$(live_finding "Live finding")"
i=0
until W findings --json 2>/dev/null | jq -e 'any(.[]; .title ==
    "Live finding")' >/dev/null; do
	i=$((i + 1))
	[ $i -gt 40 ] && { fail "new finding not stored within the interval"; break; }
	sleep 0.25
done
sleep 1.5
W watch --status | grep -q '^collector: healthy' ||
    fail "not healthy again after the network came back"
kill -TERM "$WPID"
wait "$WPID"; rc=$?
WPID=
check "watch exit after SIGTERM" 0 "$rc"
W watch --status | grep -q '^collector: stopped' || fail "not marked stopped"
check "findings at the end" $((total + 1)) "$(W findings --json | jq length)"

# BR-18 live: AWS's clock is 21 min 12 s ahead of ours.  Every call is
# compensated (one re-signed retry, then the learnt offset) and the
# status line says so.
stop_standin
rm -f "$T/port"
$PY tests/standin/standin.py --data "$T/data.json" --port-file "$T/port" \
    --now 2026-12-02T10:36:12Z 2>"$T/standin.err" &
SPID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
EP=http://127.0.0.1:$(cat "$T/port")
export AWS_ENDPOINT_URL=$EP
db=$T/skew.db
W init --title "Skewed clock" --type compromised-iam-access-key >/dev/null
WARROOM_TEST_NOW=2026-12-02T10:15:00Z W watch --once >"$T/out7" 2>&1 ||
    { cat "$T/out7"; fail "watch with a slow clock exited $?"; }
W watch --status >"$T/st7"
grep -q 'local clock 21 min 12 s slow — compensating' "$T/st7" ||
    { cat "$T/st7"; fail "no clock-skew line in the status"; }
check "skew retries (one per process)" 1 "$(reqlog | jq '[.[] |
    select(.error == "InvalidSignatureException")] | length')"

[ $fails -eq 0 ] && echo "watch: all checks passed"
[ $fails -eq 0 ]
