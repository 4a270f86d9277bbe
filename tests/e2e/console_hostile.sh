#!/bin/sh
# Hostile strings in events (ANSI and OSC escapes, C1, bidi overrides,
# invalid UTF-8, NUL) appear escaped on screen, in their own attribute,
# and none of them reaches the terminal as a control sequence.
. "$(dirname "$0")/console.lib"
FIX=$ROOT/tests/fixtures/hostile/cloudtrail-hostile.json

new_incident "Hostile strings"
start 120x40
wait_for "Findings (0)"
"$WARROOM" --db "$DB" ingest "$FIX" >/dev/null || fail "ingest $FIX"
wait_for "victim<U+202E><U+2066>x<U+2069>" 30

keys Enter
wait_for "Events by arn:aws:iam::111122223333:user/ev^[[31mil^[]0;pwned^G"
wait_for "<U+202E>gnp.exe"
keys Down Enter
wait_for "Event detail"
# The record is long: page down until its user agent shows.
i=0
while [ $i -lt 8 ]; do
	cap
	grep -qF 'Boto3 \xff\xfe\xc0\xaf \u0085\u200b' "$LAST" && break
	keys PageDown
	sleep 0.2
	i=$((i + 1))
done
wait_for 'Boto3 \xff\xfe\xc0\xaf \u0085\u200b' 5
wait_for '\u0000tail'

# The OSC title sequence never ran, and no raw ESC, BEL, C1 or bidi
# character is in the pane.
case "$(tm display -p -t t '#{pane_title}')" in
*pwned*) fail "OSC escape reached the terminal" ;;
esac
cap
if LC_ALL=C grep -q "$(printf '[\033\007]')" "$LAST"; then
	fail "raw control character on screen"
fi
if grep -q "$(printf '\342\200\256')" "$LAST"; then
	fail "raw bidi override on screen"
fi

# The escaped runs carry an attribute of their own: an SGR right before.
cape
esc=$(printf '\033')
grep -q "${esc}\[[0-9;]*m\^\[${esc}" "$LAST" ||
    fail "escaped run not in its own attribute"

keys q q q
check_restored 0
echo "ok: hostile strings escaped"
