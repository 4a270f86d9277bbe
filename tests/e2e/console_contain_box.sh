#!/bin/sh
# The contain box taller than the screen, at 80x24: isolate-instance's
# gate answer and keys show first, its dry-run scrolls down to its last
# line, and Enter on the dry-run of an exercise repeats what the box
# says instead of "y runs it".
. "$(dirname "$0")/console.lib"
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 missing"; exit 77; }
"$WARROOM" --db "$DB" demo --no-attach >/dev/null 2>&1 || fail "demo"
start 80x24
wait_for "BitcoinTool.B"

keys c
wait_for "1  isolate-instance"
keys Enter
wait_for "isolate-instance i-"
# The gate's answer and the keys first, without scrolling.
wait_for "refused: incident 1 is an exercise"
wait_for "Esc closes; nothing is stored"
keys End
wait_for "snapshots are kept as evidence"
keys Enter
wait_for "Esc closes; nothing is stored"
cap
tail -1 "$LAST" | grep -qF "Esc closes; nothing is stored" ||
    fail "Enter on a refused dry-run says: $(tail -1 "$LAST")"
keys Escape
wait_for "containment cancelled; nothing stored"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM actions")" = 0 ] ||
    fail "a cancelled containment was stored"
keys q
check_restored
