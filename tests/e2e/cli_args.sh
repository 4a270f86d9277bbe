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
W incidents >"$T/list" 2>&1
[ -s "$T/list" ] && fail "an incident was opened anyway: $(cat "$T/list")"
W init --title "real" --type crypto-mining-unauthorized-ec2 >"$T/id" ||
    fail "a playbook id is refused as a type"
[ "$(cat "$T/id")" = 1 ] || fail "init printed '$(cat "$T/id")'"

exit $((fails > 0))
