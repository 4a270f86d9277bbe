#!/bin/sh
# warroom rules list / rules test: the rule set as data, and which rules
# fire on which record, with no database: nothing is created at --db or
# $WARROOM_DB.  JSON shapes as the issue defines them; gzip input; bad
# files fail with their name and exit 1; bad usage exits 2.
set -u
: "${WARROOM:?}" "${TMPROOT:?}" "${CASES:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
T=$TMPROOT/rules.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { [ "$2" = "$3" ] || fail "$1: expected $2, got $3"; }
export WARROOM_DB="$T/never.db"

# list: every rule with an id, a P-level and refs.
"$WARROOM" rules list --json >"$T/list.json" || fail "list exited $?"
n=$(jq length "$T/list.json")
[ "$n" -ge 100 ] || fail "only $n rules listed"
check "rules without refs" 0 \
    "$(jq '[.[] | select((.refs | length) == 0)] | length' "$T/list.json")"
check "bad p_level" 0 \
    "$(jq '[.[] | select(.p_level | test("^P[1-4]$") | not)] | length' \
    "$T/list.json")"
check "CIS 4.3 covered" true \
    "$(jq '[.[].refs[]] | index("cis:4.3") != null' "$T/list.json")"
"$WARROOM" rules list | tail -n 1 | grep -q "^$n rules$" ||
    fail "text list does not end with the count"

# test: one entry per record, fired rule ids per record.
"$WARROOM" rules test --json "$CASES/BR-10.json" >"$T/t.json" ||
    fail "test exited $?"
check "records" 11 "$(jq length "$T/t.json")"
check "keys" '["event_id","file","fired","hits"]' \
    "$(jq -c '.[0] | keys' "$T/t.json")"
fired() {
	jq -r --arg r "$1" '.[] | select(.event_id | endswith($r)) |
	    .fired | sort | join(",")' "$T/t.json"
}
check "1001" cloudtrail-stopped "$(fired 1001)"
check "1007" cloudtrail-deleted "$(fired 1007)"
check "1012" access-key-created-for-other "$(fired 1012)"
check "1013" root-access-key-created "$(fired 1013)"

# Options after the files, several files, gzip input.
gzip -c "$CASES/BR-08.json" >"$T/br08.json.gz"
"$WARROOM" rules test "$CASES/BR-11.json" "$T/br08.json.gz" --json \
    >"$T/t2.json" || fail "two files exited $?"
check "records of two files" 16 "$(jq length "$T/t2.json")"
check "gzip file named" 8 \
    "$(jq --arg f "$T/br08.json.gz" '[.[] | select(.file == $f)] | length' \
    "$T/t2.json")"

# Errors: a missing file fails with its name, the others still judged.
"$WARROOM" rules test --json "$T/nope.json" "$CASES/BR-03.json" \
    >"$T/t3.json" 2>"$T/err"
check "exit with a bad file" 1 $?
grep -q "nope.json" "$T/err" || fail "error does not name the file"
check "good file still judged" 12 "$(jq length "$T/t3.json")"
printf '{"Records": [' >"$T/cut.json"
"$WARROOM" rules test "$T/cut.json" >/dev/null 2>"$T/err"
check "exit on invalid JSON" 1 $?
grep -q "cut.json: invalid JSON" "$T/err" || fail "no JSON error: $(cat "$T/err")"
"$WARROOM" rules test >/dev/null 2>&1
check "usage without files" 2 $?
"$WARROOM" rules frobnicate >/dev/null 2>&1
check "usage on unknown verb" 2 $?

# A broken rule directory is reported with the file and the key.
mkdir -p "$T/badrules"
printf '{"rules": [{"id": "x", "title": "t", "p_level": 9}]}' \
    >"$T/badrules/a.json"
"$WARROOM" rules list --rules "$T/badrules" >/dev/null 2>"$T/err"
check "exit on bad rules" 1 $?
grep -q "a.json" "$T/err" || fail "rule error does not name the file"

[ -e "$WARROOM_DB" ] && fail "rules touched the database"
[ $fails -eq 0 ] && echo "ok: rules list and rules test"
[ $fails -eq 0 ]
