#!/bin/sh
# The note entry in the console: N opens it on the status line, text is
# typed, Enter saves it to the timeline (the incident's, or the selected
# checklist item's), Esc drops it; another console sees who is editing;
# a note longer than the screen keeps its end in view.
. "$(dirname "$0")/console.lib"

new_incident
start 80x24
wait_for "Findings (0)"

keys N
wait_for "note: "
keys -l "key handed to legal"
wait_for "note: key handed to legal"
keys Enter
wait_for "note saved on the timeline"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'note'
    AND after = 'key handed to legal' AND actor = 'alice'")" = 1 ] ||
    fail "incident note not on the timeline"

# On a checklist item: Tab to the checklist, note, drop, then save.
keys Tab Tab N
wait_for "note on item 1: "
keys -l "abc"
wait_for "note on item 1: abc"
keys BSpace Escape
wait_for "note dropped"
keys N
keys -l "checked with owner"
wait_for "note on item 1: checked with owner"
keys Enter
wait_for "note saved on the timeline"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'item.note'
    AND target = 'item 1' AND after = 'checked with owner'")" = 1 ] ||
    fail "item note not on the timeline"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE after = 'ab'")" = 0 ] ||
    fail "a dropped note was saved"

# Longer than the 80 columns: the end being typed stays in view.
keys Tab N
keys -l "key AKIAEXAMPLE01 deactivated by Alice at 02:14 UTC, after the"
keys -l " trail showed no new users or roles END-OF-NOTE"
wait_for "new users or roles END-OF-NOTE"
keys Enter
wait_for "note saved on the timeline"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'note'
    AND after LIKE 'key AKIAEXAMPLE01 %END-OF-NOTE'")" = 1 ] ||
    fail "the long note was not saved whole"

keys q
check_restored 0
echo "ok: notes from the console"
