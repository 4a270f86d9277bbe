#!/bin/sh
# BR-24: resizes redraw with no key pressed, below 80x24 a notice names
# the size needed, a burst of 50 resizes is survived, back at 120x40 the
# screen equals the first capture, and q leaves the terminal sane.
. "$(dirname "$0")/console.lib"

new_incident
"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" >/dev/null || fail ingest
start 120x40
wait_for "Root user read activity"
cp "$LAST" "$W/first.txt"

# tmux itself holds a pane's resize back for about 250 ms to merge a
# burst, so each step allows up to a second for the redraw.
for size in 200x60 80x24 40x12 20x8 10x3 300x90 120x40; do
	tm resize-window -t t -x "${size%x*}" -y "${size#*x}"
	w=${size%x*} h=${size#*x}
	if [ "$w" -ge 80 ] && [ "$h" -ge 24 ]; then
		wait_for "Root user read activity" 10
	elif [ "$w" -ge 31 ]; then
		wait_for "terminal too small (need 80x24)" 10
	elif [ "$w" -ge 18 ]; then
		wait_for "terminal too small" 10
	else
		wait_for "terminal" 10
	fi
done

i=0
while [ $i -lt 50 ]; do
	tm resize-window -t t -x $((60 + i)) -y $((20 + i % 10))
	i=$((i + 1))
done
tm resize-window -t t -x 120 -y 40
# Back at 120x40 the screen settles on the first capture (the clock is
# pinned, so nothing else may differ).
i=0
while [ $i -lt 30 ]; do
	sleep 0.1
	cap
	cmp -s "$W/first.txt" "$LAST" && break
	i=$((i + 1))
done
cmp -s "$W/first.txt" "$LAST" || {
	diff "$W/first.txt" "$LAST"
	fail "screen after the burst differs from the first"
}
keys q
check_restored 0
if grep -l "Sanitizer" "$WARROOM_LOG_DIR"/* 2>/dev/null; then
	fail "sanitizer report in the log"
fi
echo "ok: resizes"
