#!/bin/sh
# The finding's detail at 80x24 breaks prose at spaces: a word is never
# cut in two across rows and no row starts with the space it broke at.
. "$(dirname "$0")/console.lib"
"$WARROOM" --db "$DB" demo --no-attach >/dev/null 2>&1 || fail "demo"
start 80x24
wait_for "BitcoinTool.B "
keys Enter
wait_for "Description"
cap
grep -qF "cryptocurrency-related" "$LAST" ||
    fail "a word of the description was cut in two"
grep -q '^               [^ ]' "$LAST" &&
    fail "a continuation row starts with a space"
keys q q
check_restored
