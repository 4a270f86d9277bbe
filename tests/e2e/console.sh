#!/bin/sh
# The console in tmux at 80x24 and 120x40: data ingested from a second
# shell appears without a keypress; Space ticks an item; > and < move
# the phase; Enter opens the detail; q restores the terminal.
. "$(dirname "$0")/console.lib"

run_at() {
	new_incident
	start "$1"
	wait_for "Findings (0)"

	# A second process writes; no key is pressed here.
	"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" >/dev/null ||
	    fail "ingest"
	wait_for "Root user read activity" 30

	# Playbooks may have added items: the first in order is selected.
	n=$(sqlite3 "$DB" "SELECT count(*) FROM checklist")
	first=$(sqlite3 "$DB" "SELECT id FROM checklist
	    ORDER BY phase, ord, id LIMIT 1")
	text=$(sqlite3 "$DB" "SELECT substr(text, 1, 20) FROM checklist
	    WHERE id = $first")
	wait_for "0/$n done"

	# Tab to the checklist (findings, phases, checklist) and tick.
	keys Tab Tab Space
	wait_for "1/$n done"
	wait_for "[x] $text"
	[ "$(sqlite3 "$DB" "SELECT done_by FROM checklist WHERE id = $first")" \
	    = alice ] || fail "tick not stored with its operator"

	# The commander confirms a phase move; any other key keeps it.
	keys '>'
	wait_for "move the incident on to Containment?"
	keys n
	wait_for "phase kept: Detection"
	keys '>' y
	wait_for "> Containment"
	wait_for "phase: Containment"
	keys '<'
	wait_for "move the incident back to Detection?"
	keys y
	wait_for "> Detection"

	# Back to findings, open the detail, close it.
	keys Tab Enter
	wait_for "Events by arn:aws:iam::111122223333:root"
	keys q
	wait_gone "Finding detail"
	wait_for "Findings ($("$WARROOM" --db "$DB" findings --json | jq length))"

	keys q
	check_restored 0
}

run_at 80x24
run_at 120x40

# Someone who is not the commander: the phase key is refused on the
# status line, and nothing changes.
new_incident
start 80x24 WARROOM_TEST_OPERATOR=bob
wait_for "operator bob"
keys '>'
wait_for "only the incident commander can do this"
wait_for "> Detection"
[ "$(sqlite3 "$DB" 'SELECT phase FROM incidents WHERE id = 1')" = 0 ] ||
    fail "phase moved for a non-commander"
keys q
check_restored 0
echo "ok: console at 80x24 and 120x40"
