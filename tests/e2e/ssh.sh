#!/bin/sh
# Two operators over real OpenSSH (issue 3).  As root: sshd on 127.0.0.1
# with its own config, host key and an unprivileged port; two throwaway
# accounts in the warroom group with keys; a group-shared database
# folder (2770).  Each account runs `warroom attach` through `ssh -tt`
# inside tmux.  A creates the incident and hands command to B; B ticks an
# item and moves the phase; A's screen shows both with no key pressed
# there.  The timeline names both accounts with their client address,
# the chain verifies, and every database file is group-shared (0660, group
# warroom) and owned by an operator, not root.  Everything it made is
# removed on exit.
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
[ -x "$WARROOM" ] || { echo "skipped: no binary at $WARROOM"; exit 77; }
for c in /usr/sbin/sshd ssh ssh-keygen tmux sqlite3 useradd groupadd; do
	command -v "$c" >/dev/null ||
	    { echo "skipped: no $c (openssh-server, tmux, sqlite3)"; exit 77; }
done
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$(mktemp -d /tmp/wr-ssh.XXXXXX) || exit 1
chmod 0755 "$S"
A=wra$$
B=wrb$$
SOCK=wr-ssh-$$
MADE_GROUP=0
MADE_RUN=0
SSHD=
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null
	[ -n "$SSHD" ] && kill "$SSHD" 2>/dev/null && wait "$SSHD" 2>/dev/null
	# The sessions end with their ssh clients; stragglers of the
	# throwaway accounts (all started by this test) go by pid.
	for u in $A $B; do
		id "$u" >/dev/null 2>&1 || continue
		i=0
		while [ -n "$(ps -o pid= -u "$u")" ] && [ $i -lt 20 ]; do
			sleep 0.1; i=$((i + 1))
		done
		for p in $(ps -o pid= -u "$u"); do kill -9 "$p"; done
		userdel -f "$u" 2>/dev/null
	done
	[ $MADE_GROUP = 1 ] && groupdel warroom 2>/dev/null
	[ $MADE_RUN = 1 ] && rmdir /run/sshd 2>/dev/null
	rm -rf "$S"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
	echo "FAIL: $*"
	[ -n "${LAST:-}" ] && cat "$LAST"
	# Both screens and both operators' logs: a failure names its side.
	for u in $A $B; do
		tm capture-pane -p -t "$u" >"$S/last.$u" 2>/dev/null &&
		    { echo "--- $u's screen"; cat "$S/last.$u"; }
		for l in "$S"/log.$u/*; do
			[ -f "$l" ] && { echo "--- $l"; tail -n 30 "$l"; }
		done
	done
	[ -f "$S/sshd.log" ] && { echo "--- sshd"; tail -n 8 "$S/sshd.log"; }
	exit 1
}

# Accounts, group, keys.  '*' (not '!'): no password, yet not locked.
if ! getent group warroom >/dev/null; then
	groupadd warroom || fail "groupadd"
	MADE_GROUP=1
fi
mkdir -p "$S/home"
for u in $A $B; do
	useradd -M -d "$S/home/$u" -s /bin/sh -G warroom "$u" ||
	    fail "useradd $u"
	usermod -p '*' "$u"
	mkdir -p "$S/home/$u/.ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$S/key.$u" || fail "ssh-keygen"
	cp "$S/key.$u.pub" "$S/home/$u/.ssh/authorized_keys"
	chown -R "$u:$u" "$S/home/$u"
	chmod 0700 "$S/home/$u" "$S/home/$u/.ssh"
	install -d -o "$u" -m 0755 "$S/log.$u"
done

# The war-room host: the binary, its data, a setgid database folder.
mkdir -p "$S/bin"
cp "$WARROOM" "$S/bin/warroom" && chmod 0755 "$S/bin/warroom"
cp -R "${WARROOM_DATA:-$ROOT/data}" "$S/data" && chmod -R a+rX "$S/data"
install -d -o root -g warroom -m 2770 "$S/db"
DB=$S/db/warroom.db

# sshd of our own.
[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 0755 /run/sshd &&
    MADE_RUN=1; }
ssh-keygen -q -t ed25519 -N '' -f "$S/hostkey" || fail "host key"
PORT=$((20000 + $$ % 20000))
cat >"$S/sshd_config" <<EOC
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/hostkey
PidFile $S/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
AllowUsers $A $B
X11Forwarding no
AllowTcpForwarding no
EOC
/usr/sbin/sshd -f "$S/sshd_config" -D -E "$S/sshd.log" &
SSHD=$!

sshc() {
	u=$1; shift
	ssh -F /dev/null -i "$S/key.$u" -p "$PORT" -o BatchMode=yes \
	    -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
	    -o UserKnownHostsFile="$S/known_hosts" -o LogLevel=ERROR \
	    "$@"
}
i=0
until sshc $A $A@127.0.0.1 true 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "sshd never accepted $A"
	sleep 0.2
done
SQ="sqlite3 -cmd '.timeout 5000'"
WR="env WARROOM_DATA=$S/data LANG=C.UTF-8 LC_ALL=C.UTF-8 $S/bin/warroom \
--db $DB"

# A creates the incident (commander), seeds an item, hands over command.
sshc $A $A@127.0.0.1 "$WR init --title 'Over SSH' \
    --type compromised-iam-access-key" >/dev/null || fail "init over ssh"
n=$(sshc $A $A@127.0.0.1 "$SQ $DB 'SELECT count(*) FROM checklist'")
[ "${n:-0}" -gt 0 ] || sshc $A $A@127.0.0.1 "$SQ $DB \"INSERT INTO
    checklist(incident_id, phase, ord, text, created_by, created_at)
    VALUES (1, 0, 1, 'Confirm the key is compromised', '$A', 0)\"" ||
    fail "seed"
first=$(sshc $A $A@127.0.0.1 "$SQ $DB 'SELECT text FROM checklist
    ORDER BY phase, ord, id LIMIT 1'")
sshc $A $A@127.0.0.1 "$WR role $B commander" >/dev/null ||
    fail "handover over ssh"

# Two consoles, each over its own ssh -tt, in tmux.
for u in $A $B; do
	tm new-session -d -s "$u" -x 150 -y 40 \
	    "ssh -tt -F /dev/null -i $S/key.$u -p $PORT -o BatchMode=yes \
	    -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
	    -o UserKnownHostsFile=$S/known_hosts -o LogLevel=ERROR \
	    $u@127.0.0.1 'TERM=tmux-256color WARROOM_LOG_DIR=$S/log.$u \
	    $WR attach'; sleep 600" ||
	    fail "tmux $u"
done
cap() { LAST=$S/cap.$1; tm capture-pane -p -t "$1" >"$LAST"; }
wait_for() {
	i=0
	while [ $i -lt "$3" ]; do
		cap "$1"
		grep -qF -- "$2" "$LAST" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "$1's screen never showed: $2"
}
# Bounds are generous (a loaded machine under ASan is slow to log in);
# the wait ends as soon as the screen shows what it waits for.
wait_for $A "$B[cmdr:findings]" 600
wait_for $B "$A[resp:findings]" 600

# B ticks and moves the phase; nobody presses a key on A's screen.
# Each key waits for what it changes, as seen from A: B's focus first.
tm send-keys -t $B Tab
wait_for $A "$B[cmdr:phases]" 300
tm send-keys -t $B Tab
wait_for $A "$B[cmdr:checklist]" 300
tm send-keys -t $B Space
wait_for $A "[x] $first" 300
tm send-keys -t $B '>' y
wait_for $A "> Containment" 300
cap $A
grep -qF "[x] $first" "$LAST" || fail "the tick went from A's screen"

# The timeline: both accounts, each with the client address.
sshc $A $A@127.0.0.1 "$SQ -separator ' ' $DB 'SELECT actor,
    actor_addr, action FROM audit WHERE incident_id = 1 ORDER BY id'" \
    >"$S/timeline" || fail "reading the timeline"
LAST=$S/timeline
for row in "$A 127.0.0.1 incident.open" "$A 127.0.0.1 role" \
    "$B 127.0.0.1 tick" "$B 127.0.0.1 phase"; do
	grep -qF "$row" "$S/timeline" || fail "no timeline row: $row"
done
out=$(sshc $B $B@127.0.0.1 "$WR verify") || fail "verify: $out"
case $out in intact:*) ;; *) fail "verify said: $out" ;; esac

# Group-shared and owned by operators: nothing of root's.
LAST=
for f in "$DB" "$DB-wal" "$DB-shm"; do
	[ -f "$f" ] || continue
	m=$(stat -c '%a %G %U' "$f")
	case $m in
	"660 warroom $A"|"660 warroom $B") ;;
	*) fail "$f is $m, want 660 warroom and an operator's" ;;
	esac
done
[ "$(stat -c '%a %G' "$S/db")" = "2770 warroom" ] ||
    fail "folder is $(stat -c '%a %G' "$S/db")"
echo "ok: two accounts over ssh stay in step, both on the record"
