#!/bin/sh
# The console in tmux at 80x24 and 120x40: data ingested from a second
# shell appears without a keypress; Space ticks an item; > and < move
# the phase; Enter opens the detail; q restores the terminal.
. "$(dirname "$0")/console.lib"

run_at() {
	new_incident
	start "$1"
	wait_for "Findings (0)"
	wait_for "0/3 done"

	# A second process writes; no key is pressed here.
	"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" >/dev/null ||
	    fail "ingest"
	wait_for "Root user read activity" 30

	# Tab to the checklist (findings, phases, checklist) and tick.
	keys Tab Tab Space
	wait_for "1/3 done"
	wait_for "[x] Confirm the key is compromised"
	[ "$(sqlite3 "$DB" 'SELECT done_by FROM checklist WHERE id = 1')" \
	    = alice ] || fail "tick not stored with its operator"

	keys '>'
	wait_for "> Containment"
	wait_for "phase: Containment"
	keys '<'
	wait_for "> Detection"

	# Back to findings, open the detail, close it.
	keys Tab Enter
	wait_for "Events by arn:aws:iam::111122223333:root"
	keys q
	wait_for "Findings (2)"

	keys q
	check_restored 0
}

run_at 80x24
run_at 120x40
echo "ok: console at 80x24 and 120x40"
