#!/bin/sh
# The timeline on the record: `warroom verify` passes on a clean chain;
# the sqlite3 CLI cannot edit or delete a row while the triggers stand;
# with the triggers dropped, verify names the row that was changed (or
# the first row after one removed) and exits 1.  Role refusals from the
# command line say why on stderr and exit 1.
[ -x "$WARROOM" ] || { echo "skipped: no binary at $WARROOM"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3 CLI"; exit 77; }
: "${TMPROOT:=$(mktemp -d)}"
W=$TMPROOT/verify.$$
mkdir -p "$W"
DB=$W/warroom.db
fail() { echo "FAIL: $*"; exit 1; }
wr() { WARROOM_TEST_OPERATOR=$1; export WARROOM_TEST_OPERATOR; shift
	"$WARROOM" --db "$DB" "$@"; }

wr alice init --title "Leaked key" --type compromised-iam-access-key >/dev/null ||
    fail "init"
wr alice note "first call with the account owner" >/dev/null || fail "note"
wr bob note "key last used from 203.0.113.9" >/dev/null || fail "note 2"
wr alice role carol observer >/dev/null || fail "role"
wr alice note "third note" >/dev/null || fail "note 3"
out=$(wr alice verify) || fail "verify on a clean chain: $out"
case $out in intact:*) ;; *) fail "verify said: $out" ;; esac

# Roles from the command line: refused with the reason, exit 1.
err=$(wr bob phase next 2>&1) && fail "a responder moved the phase"
echo "$err" | grep -q "only the incident commander" ||
    fail "no reason for bob: $err"
err=$(wr carol note "observers write nothing" 2>&1) &&
    fail "an observer wrote a note"
echo "$err" | grep -q "observers change nothing" ||
    fail "no reason for carol: $err"
err=$(wr bob close 2>&1) && fail "a responder closed the incident"

# The triggers refuse the sqlite3 CLI.
sqlite3 "$DB" "UPDATE audit SET after = 'x' WHERE id = 2" 2>"$W/e" &&
    fail "UPDATE on the audit log was allowed"
grep -q "append-only" "$W/e" || fail "trigger message: $(cat "$W/e")"
sqlite3 "$DB" "DELETE FROM audit WHERE id = 2" 2>/dev/null &&
    fail "DELETE on the audit log was allowed"

# Triggers dropped, one row edited: verify names it.
row=$(sqlite3 "$DB" "SELECT id FROM audit WHERE after LIKE 'key last%'")
[ -n "$row" ] || fail "no note row"
cp "$DB" "$W/copy.db"
cp "$DB" "$W/tail.db"
sqlite3 "$DB" "DROP TRIGGER audit_no_update;
    UPDATE audit SET after = 'key last used from 198.51.100.1'
    WHERE id = $row" || fail "sqlite3 edit"
out=$(wr alice verify) && fail "verify passed an edited chain: $out"
echo "$out" | grep -q "BROKEN at row $row:" || fail "verify said: $out"
echo "$out" | grep -q "changed after it was written" || fail "why: $out"

# On a copy: a row deleted is caught at the row after it.
sqlite3 "$W/copy.db" "DROP TRIGGER audit_no_delete;
    DELETE FROM audit WHERE id = $row" || fail "sqlite3 delete"
next=$(sqlite3 "$W/copy.db" "SELECT min(id) FROM audit WHERE id > $row")
out=$(WARROOM_TEST_OPERATOR=alice "$WARROOM" --db "$W/copy.db" verify) &&
    fail "verify passed a chain with a row removed"
echo "$out" | grep -q "BROKEN at row $next:" || fail "after delete: $out"
# On another copy: the newest row removed leaves a chain that links, but
# with the triggers gone verify does not call it intact.
sqlite3 "$W/tail.db" "DROP TRIGGER audit_no_update;
    DROP TRIGGER audit_no_delete;
    DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)" ||
    fail "sqlite3 tail delete"
out=$(WARROOM_TEST_OPERATOR=alice "$WARROOM" --db "$W/tail.db" verify) &&
    fail "verify called a chain without its triggers intact: $out"
echo "$out" | grep -q "append-only triggers are gone" ||
    fail "no word of the triggers: $out"
echo "ok: verify passes a clean chain and names the edited row"
