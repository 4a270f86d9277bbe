#!/bin/sh
# Arguments the commands must judge before they act: an incident type
# that names no playbook is refused with the list of valid types; a
# --db path in a folder that does not exist is refused, naming it, and
# no folder appears; --since takes a bare date (midnight UTC) like a
# full ISO 8601 time or a duration.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
export WARROOM_DATA="${WARROOM_DATA:-$(pwd)/data}"
T=$TMPROOT/cli_args.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$T/w.db
W() { "$WARROOM" --db "$db" "$@"; }

# init --type: the ids of the loaded playbooks, nothing else.
W init --title "typo" --type compromised-iam-kye >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "unknown type: exit $rc, not 2"
[ -s "$T/out" ] && fail "unknown type still printed an id: $(cat "$T/out")"
grep -q "unknown incident type 'compromised-iam-kye'" "$T/err" ||
    fail "the refusal does not name the type: $(cat "$T/err")"
for f in "$WARROOM_DATA"/playbooks/*.json; do
	id=$(sed -n 's/^  "id": "\(.*\)",$/\1/p' "$f" | head -1)
	grep -q "^  $id " "$T/err" || fail "valid type $id not listed"
done
[ -e "$db" ] && fail "a refused init left a database behind"
W incidents >"$T/list" 2>&1
[ -s "$T/list" ] && fail "an incident was opened anyway: $(cat "$T/list")"
W init --title "real" --type crypto-mining-unauthorized-ec2 >"$T/id" ||
    fail "a playbook id is refused as a type"
[ "$(cat "$T/id")" = 1 ] || fail "init printed '$(cat "$T/id")'"

# --since: a bare date is midnight UTC, the same as the full time.
rec() {	# rec ID TIME
	printf '{"eventVersion":"1.08","eventID":"%s","eventTime":"%s",' "$1" "$2"
	printf '"eventSource":"s3.amazonaws.com","eventName":"ListBuckets",'
	printf '"awsRegion":"us-east-1","sourceIPAddress":"192.0.2.9",'
	printf '"userIdentity":{"type":"IAMUser","accessKeyId":"AKIAQA2EXAMPLE00001",'
	printf '"arn":"arn:aws:iam::111122223333:user/qa","userName":"qa"},'
	printf '"recipientAccountId":"111122223333"}'
}
{
	printf '{"Records":['
	rec e1 2026-11-30T23:59:59Z; printf ','
	rec e2 2026-12-01T00:00:00Z; printf ','
	rec e3 2026-12-02T10:00:00Z
	printf ']}\n'
} >"$T/trail.json"
W ingest "$T/trail.json" >/dev/null || fail "ingest of the trail file"
n() { W events --principal AKIAQA2EXAMPLE00001 --since "$1" --json |
    jq length; }
if command -v jq >/dev/null; then
	[ "$(n 2026-12-01)" = 2 ] || fail "--since 2026-12-01: $(n 2026-12-01) events, not 2"
	[ "$(n 2026-12-01T00:00:00Z)" = 2 ] || fail "--since full ISO"
	[ "$(WARROOM_TEST_NOW=2026-12-03T00:00:00Z n 2d)" = 2 ] ||
	    fail "--since 2d"
fi
W events --since 2026-02-30 >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "a date" "$T/err" ||
    fail "an impossible date is not a usage error: $(cat "$T/err")"

# ingest: a file name's terminal escapes never reach the terminal, on
# stdout or on the failure line on stderr.
bad=$(printf 'bad\033]0;pwn\007.json')
printf '{"Records":[1' >"$T/$bad"
W ingest "$T/$bad" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || fail "a bad file did not fail the ingest"
grep -q "$(printf '\033')" "$T/out" "$T/err" &&
    fail "ingest wrote a raw escape: $(cat -v "$T/err")"
grep -q 'invalid JSON' "$T/err" ||
    fail "the failure line lost its reason: $(cat -v "$T/err")"

# contain: a mistyped action is refused with the list of actions.
W contain deactivate-ky AKIAQA2EXAMPLE00001 --dry-run >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "unknown action: not a usage error"
grep -q "unknown action 'deactivate-ky'" "$T/err" &&
    grep -q '^  deactivate-key ' "$T/err" &&
    grep -q '^  isolate-instance .*(disruptive)' "$T/err" ||
    fail "an unknown action does not list the actions: $(cat "$T/err")"

# --help: every option a command takes, each once.
W attach --help >"$T/out"
[ "$(grep -o -- '--incident' "$T/out" | wc -l)" -eq 1 ] ||
    fail "attach --help: $(cat "$T/out")"
W contain --help >"$T/out"
grep -q -- '--region R' "$T/out" && grep -q -- '--profile P' "$T/out" ||
    fail "contain --help lacks --region or --profile: $(cat "$T/out")"

# item add: unquoted words are one text; blanks alone are refused.
id=$(W item add containment Deactivate the leaked key) ||
    fail "item add with unquoted words refused"
W checklist --json | jq -e ".[] | select(.id == ${id:-0}) |
    .text == \"Deactivate the leaked key\"" >/dev/null 2>&1 ||
    fail "item $id does not hold the words given"
W item add containment "   " >/dev/null 2>&1 && fail "a blank item was added"
# phase: at either end the message says which end.
W phase detection >/dev/null 2>&1
W phase back 2>"$T/err"
grep -q "already in Detection, the first phase" "$T/err" ||
    fail "phase back at Detection: $(cat "$T/err")"

exit $((fails > 0))
