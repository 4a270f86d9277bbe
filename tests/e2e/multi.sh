#!/bin/sh
# BR-23 and presence, two consoles on one incident in one tmux server:
# each header lists both operators with role and pane (a console alone
# lists nobody: its operator field says who it is); a tick in one
# console and a phase move in the other show on the other screen within
# 1 s with no key pressed there; a console killed with SIGKILL drops out
# of the other header after the presence timeout.
[ -x "$WARROOM" ] || { echo "skipped: no binary at $WARROOM"; exit 77; }
command -v tmux >/dev/null || { echo "skipped: no tmux"; exit 77; }
: "${TMPROOT:=$(mktemp -d)}"
W=$TMPROOT/multi.$$
mkdir -p "$W"
DB=$W/warroom.db
SOCK=wr-multi-$$
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export WARROOM_LOG_DIR="${WARROOM_LOG_DIR:-$W/logs}"
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
# The CLI has no busy timeout of its own; a console opening or closing
# the WAL holds a lock for a moment.
sq() { sqlite3 -cmd '.timeout 5000' "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT INT TERM
fail() { echo "FAIL: $*"; [ -n "${LAST:-}" ] && cat "$LAST"; exit 1; }
cap() { LAST=$W/cap.$1; tm capture-pane -p -t "$1" >"$LAST"; }
# wait_for SESSION TEXT TENTHS
wait_for() {
	i=0
	while [ $i -lt "$3" ]; do
		cap "$1"
		grep -qF -- "$2" "$LAST" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "$1 never showed: $2"
}
now_ms() { date +%s%3N; }

WARROOM_TEST_OPERATOR=alice "$WARROOM" --db "$DB" init --title "Two" \
    --type compromised-iam-access-key >/dev/null || fail "init"
n=$(sq "$DB" "SELECT count(*) FROM checklist")
[ "$n" -gt 0 ] || sq "$DB" "INSERT INTO checklist(incident_id, phase,
    ord, text, created_by, created_at) VALUES
    (1, 0, 1, 'Confirm the key is compromised', 'alice', 0)" ||
    fail "seed"
first=$(sq "$DB" "SELECT text FROM checklist ORDER BY phase, ord, id
    LIMIT 1")

for who in alice bob; do
	tm new-session -d -s "$who" -x 150 -y 40 "env TERM=tmux-256color \
	    WARROOM_TEST_OPERATOR=$who '$WARROOM' --db '$DB' attach;
	    echo rc=\$?; sleep 600" || fail "tmux $who"
done
wait_for alice "bob[resp:findings]" 60
wait_for bob "alice[cmdr:findings]" 60

# bob ticks the first item; alice presses nothing.
tm send-keys -t bob Tab Tab
wait_for alice "bob[resp:checklist]" 20
t0=$(now_ms)
tm send-keys -t bob Space
wait_for alice "[x] $first" 10
t1=$(now_ms)
echo "tick seen by the other console after $((t1 - t0)) ms"
[ $((t1 - t0)) -le 1000 ] || fail "tick took $((t1 - t0)) ms"

# alice (commander) moves the phase; bob presses nothing.
t0=$(now_ms)
tm send-keys -t alice '>' y
wait_for bob "> Containment" 10
t1=$(now_ms)
echo "phase seen by the other console after $((t1 - t0)) ms"
[ $((t1 - t0)) -le 1000 ] || fail "phase took $((t1 - t0)) ms"

# Another console (carol's, written by hand) edits the first item:
# alice's checklist says so, and her header lists carol.
id1=$(sq "$DB" "SELECT id FROM checklist ORDER BY phase, ord, id LIMIT 1")
sq "$DB" "INSERT INTO presence(incident_id, operator, pid, host, addr,
    pane, editing, heartbeat) VALUES (1, 'carol', 999999, 'elsewhere',
    '', 'checklist', 'item:$id1', $(now_ms))" || fail "carol's row"
wait_for alice "(carol editing)" 20
wait_for alice "carol[resp:checklist editing item:$id1]" 10

# bob may not move the phase: the status line says why.
tm send-keys -t bob '>'
wait_for bob "only the incident commander" 20

# alice's console dies without a word: she drops out of bob's header.
pid=$(sq "$DB" "SELECT pid FROM presence WHERE operator = 'alice'")
[ -n "$pid" ] || fail "no presence row for alice"
kill -9 "$pid"
i=0
while [ $i -lt 200 ]; do
	cap bob
	grep -qF "alice[" "$LAST" || break
	sleep 0.1
	i=$((i + 1))
done
grep -qF "alice[" "$LAST" && fail "alice still listed after 20 s"
sq "$DB" "SELECT actor, action FROM audit" | grep -q "^bob|tick$" ||
    fail "bob's tick not on the timeline"
echo "ok: two consoles stay in step"
