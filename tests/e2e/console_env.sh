#!/bin/sh
# BR-27: ESCDELAY (ours 50 ms when unset, the user's value otherwise;
# an arrow sent whole with ESCDELAY=0 is an arrow, not ESC plus text)
# and NO_COLOR (non-empty: no colour at all, tags stay readable; empty:
# colour stays); TERM=vt100 is monochrome like NO_COLOR=1.
. "$(dirname "$0")/console.lib"
new_incident
"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" >/dev/null || fail ingest
esc=$(printf '\033')

escdelay_is() {
	keys '?' End
	wait_for "Esc acts after $1 ms (ESCDELAY=$2,"
	keys Escape
	wait_gone "Esc acts after"
	keys q
	check_restored 0
}
start 80x24
escdelay_is 60 50
start 80x24 ESCDELAY=500
escdelay_is 500 500

# ESCDELAY=0: an arrow sent whole, then one split in two writes 20 ms
# apart, are arrows: the help stays open and no stray key is reported.
start 80x24 ESCDELAY=0
keys '?' End
wait_for "Esc acts after 60 ms (ESCDELAY=0,"
tm send-keys -t t -H 1b 5b 41
sleep 0.3
tm send-keys -t t -H 1b
sleep 0.02
tm send-keys -t t -H 5b 41
sleep 0.5
wait_for "Keys of some panes"
grep -q "no action" "$LAST" && fail "arrow split into ESC and text"
keys Escape
wait_gone "Keys of some panes"
keys q
check_restored 0

# Colour: SGR 30-37/40-47/38;5/48;5/90-97 present or absent.
has_colour() {
	grep -qE "${esc}\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m" "$LAST"
}
colour_run() {
	want=$1; shift
	start 80x24 "$@"
	wait_for "[P2]"
	cape
	if [ "$want" = yes ]; then
		has_colour || fail "no colour with $*"
	else
		has_colour && fail "colour with $*"
		grep -q "${esc}\[[0-9;]*7[0-9;]*m" "$LAST" ||
		    fail "no reverse video with $*"
	fi
	keys q
	check_restored 0
}
colour_run yes
colour_run no NO_COLOR=1
colour_run yes NO_COLOR=
colour_run no TERM=vt100
colour_run yes TERM=xterm
echo "ok: ESCDELAY and NO_COLOR"
