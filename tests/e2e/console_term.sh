#!/bin/sh
# BR-26: never curses' own exit.  No tty, empty TERM or dumb: a clear
# message and exit 1, nothing on stdout.  A TERM without a terminfo
# entry falls back (tmux-256color, screen-256color, xterm-256color,
# xterm) and says so; the control runs start normally.
. "$(dirname "$0")/console.lib"
new_incident

# No tty at all (setsid: no controlling terminal either, as with ssh
# without -t): must not hang, must not write escape codes.
env TERM=xterm-256color setsid -w timeout 10 "$WARROOM" --db "$DB" \
    attach </dev/null >"$W/out.txt" 2>"$W/err.txt"
rc=$?
[ $rc -eq 1 ] || fail "no tty: exit $rc, want 1"
[ -s "$W/out.txt" ] && fail "no tty: wrote to stdout"
grep -q "interactive UI needs a terminal (use ssh -t)" "$W/err.txt" ||
    fail "no tty: message missing"

# stdout to a file inside a terminal: the console runs on the terminal
# (/dev/tty) and the file gets no escape codes.
cat >"$W/redir.sh" <<EOS
env TERM=tmux-256color "$WARROOM" --db "$DB" attach >"$W/redir.txt"
echo "rc=\$?"
stty -a > "$W/stty.after"
exec sleep 600
EOS
NSOCK=$((NSOCK + 1))
SOCK=wr-test-$$-$NSOCK
rm -f "$W/stty.after"
tm new-session -d -s t -x 80 -y 24 "sh $W/redir.sh" || fail "tmux"
wait_for "Findings ("
keys q
check_restored 0
[ -s "$W/redir.txt" ] && fail "escape codes written into the redirected file"

# In a terminal, with unusable TERM values.
for t in "" dumb; do
	start 80x24 "TERM=$t"
	check_restored 1
	wait_for "interactive UI needs a terminal (use ssh -t)"
done

# Unknown entries fall back to one that exists here.
for t in warroom-no-such-term xterm-kitty xterm-ghostty alacritty; do
	start 80x24 "TERM=$t"
	if infocmp "$t" >/dev/null 2>&1; then
		wait_for "Findings (0)"
	else
		wait_for "no terminfo entry for \$TERM here; using"
	fi
	keys q
	check_restored 0
done

# Entry unreadable and no fallback readable either: exit 1 with a hint,
# or a fallback found in the system folders; never curses' own message.
start 80x24 TERM=xterm-256color TERMINFO=/nonexistent TERMINFO_DIRS=
i=0
while [ $i -lt 50 ]; do
	cap
	grep -q "rc=1" "$LAST" && break
	grep -q "Findings (0)" "$LAST" && break
	sleep 0.1; i=$((i + 1))
done
if grep -q "rc=1" "$LAST"; then
	grep -q "TERM=xterm-256color warroom" "$LAST" || fail "no hint"
	check_restored 1
else
	keys q
	check_restored 0
fi
grep -q "Error opening terminal" "$LAST" && fail "curses' own exit"

# Control runs.
for t in xterm-256color screen vt100; do
	start 80x24 "TERM=$t"
	wait_for "Findings (0)"
	keys q
	check_restored 0
done
echo "ok: TERM matrix"
