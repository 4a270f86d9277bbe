#!/bin/sh
# The breach-notification view in tmux: 'n' opens it, the questions
# show with their answers, obligations count down live on the real
# clock, an unverified regime is marked, the disclaimer is there, and
# the header shows the nearest deadline.
. "$(dirname "$0")/console.lib"
# Live countdowns need the real clock, not the pinned test one.
unset WARROOM_TEST_NOW
ago() { date -u -d "@$(( $(date +%s) - $1 ))" +%Y-%m-%dT%H:%M:%SZ; }
new_incident "Exposed bucket"
N() { "$WARROOM" --db "$DB" notify "$@" >/dev/null || fail "notify $*"; }
N start detected "$(ago 21000)"
N start aware "$(ago 3600)" --why "objects read from an unknown address"
N answer q_india yes
N answer q_sector au_ci
N answer q_soci significant
N answer q_personal no
start 100x30
wait_for "operator alice"
keys n
wait_for "Breach notification"
wait_for "not legal advice"
wait_for "IN-CERTIN"
grep -q "(to answer)" "$LAST" || fail "open questions not listed"
grep -q "q_india  *yes  *Does the incident touch" "$LAST" ||
    fail "answer not beside its question"
grep -q "\[UNVERIFIED\]" "$LAST" || fail "unverified regime not marked"
grep -q "notify 00:" "$LAST" || fail "header lacks the nearest deadline"
first=$(grep "IN-CERTIN" "$LAST" | head -1)
sleep 1.5
cap
second=$(grep "IN-CERTIN" "$LAST" | head -1)
[ "$first" != "$second" ] || fail "countdown did not move: $first"
# The CERT-In clock has about 40 minutes left: under 12 h is red (P2).
cape
grep "IN-CERTIN" "$LAST" | grep -q "31m\|;31;\|\[31" ||
    fail "under-12h countdown not in red"
# Enter on a question says how to answer it.
keys Enter
wait_for "warroom notify answer q_personal yes|no"
# Another operator's answer shows without a keypress.
N answer q_cards yes
wait_for "PCI-VISA"

keys Escape
wait_gone "Obligations, soonest first"
keys q
wait_for "rc=0"
echo "notify pane ok"
