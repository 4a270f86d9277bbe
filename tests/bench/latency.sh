#!/bin/sh
# Live refresh benchmark (issue 3): with 1, 5 and 10 consoles attached
# (each in tmux, logging at debug level), another process ticks an item
# BENCH_TICKS times; each console logs when it redrew after the change,
# and the latency is that minus the audit row's recorded_at (taken just
# before the commit, so fsync is counted too).  Then: idle CPU per
# console over BENCH_IDLE seconds with 10 attached (heartbeats running),
# and the WAL size after an hour of 10 consoles polling, heartbeating
# and checkpointing (walsim.c, simulated time, real core calls).
# Run through tests/bench/run.sh, which sets WARROOM, BENCH_TMP.
set -u
: "${WARROOM:?}" "${BENCH_TMP:?}"
TICKS=${BENCH_TICKS:-30}
IDLE=${BENCH_IDLE:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIBDIR=$(dirname "$WARROOM")
for tool in tmux sqlite3 awk; do
	command -v "$tool" >/dev/null ||
	    { echo "skipped: $tool is missing"; exit 0; }
done
SOCK=wr-bench-$$
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
# The CLI has no busy timeout of its own; a console opening or closing
# the WAL holds a lock for a moment.
sq() { sqlite3 -cmd '.timeout 5000' "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT INT TERM
HZ=$(getconf CLK_TCK)

cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# start N DB LOGS: N consoles; returns when all N heartbeat.
start() {
	i=0
	while [ $i -lt "$1" ]; do
		tm new-session -d -s "c$i" -x 120 -y 40 "env \
		    TERM=tmux-256color WARROOM_LOG_DIR=$3 '$WARROOM' -vv \
		    --db '$2' attach" || return 1
		i=$((i + 1))
	done
	i=0
	while [ "$(sq "$2" 'SELECT count(*) FROM presence')" -lt "$1" ]
	do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "bench: consoles never attached"; \
		    return 1; }
		sleep 0.1
	done
}

# run N: prints "N p50 p99 samples missed"
run() {
	db=$BENCH_TMP/lat$1.db
	logs=$BENCH_TMP/logs$1
	mkdir -p "$logs"
	"$WARROOM" --db "$db" init --title bench --type compromised-iam-access-key >/dev/null ||
	    return 1
	sq "$db" "INSERT INTO checklist(incident_id, phase, ord, text,
	    created_by, created_at) VALUES (1, 0, 1, 'bench item', 'b', 0)"
	start "$1" "$db" "$logs" || return 1
	sleep 1
	k=0
	while [ $k -lt "$TICKS" ]; do
		"$WARROOM" --db "$db" tick 1 >/dev/null || return 1
		sleep 0.$((3 + k % 3))
		k=$((k + 1))
	done
	sleep 1
	if [ "$1" = 10 ]; then
		pids=$(sq "$db" "SELECT pid FROM presence")
		before=
		for p in $pids; do before="$before $(cpu_ticks "$p")"; done
		sleep "$IDLE"
		set -- $before
		for p in $pids; do
			echo "$1 $(cpu_ticks "$p")"
			shift
		done >"$BENCH_TMP/cpu"
		set -- 10
	fi
	tm kill-server 2>/dev/null
	sq "$db" "SELECT recorded_at FROM audit WHERE action = 'tick'
	    ORDER BY id" >"$BENCH_TMP/commits$1"
	for f in "$logs"/warroom-attach-*.log; do
		sed -n 's/.*redrawn after a change at \([0-9]*\).*/\1/p' "$f" |
		    awk -v c="$BENCH_TMP/commits$1" '
		    BEGIN { n = 0; while ((getline t < c) > 0) ct[n++] = t }
		    { r[m++] = $1 }
		    END {
			j = 0
			for (i = 0; i < n; i++) {
				nx = i + 1 < n ? ct[i + 1] : 9e18
				while (j < m && r[j] < ct[i]) j++
				if (j < m && r[j] < nx) print r[j] - ct[i]
				else print "miss"
			}
		    }'
	done >"$BENCH_TMP/lat$1"
	grep -v miss "$BENCH_TMP/lat$1" | sort -n | awk -v n="$1" \
	    -v miss="$(grep -c miss "$BENCH_TMP/lat$1")" '
	    { v[NR] = $1 }
	    END {
		p50 = v[int((NR + 1) * 0.50)]; if (p50 == "") p50 = v[NR]
		i99 = int(NR * 0.99 + 0.999); p99 = v[i99 > NR ? NR : i99]
		printf "%2d consoles: commit->redraw p50 %d ms, p99 %d ms, " \
		    "max %d ms (%d samples, %d missed)\n", n, p50, p99, \
		    v[NR], NR, miss
	    }'
}

for n in 1 5 10; do
	run $n || exit 1
done
awk -v hz="$HZ" -v s="$IDLE" '
    { d = ($2 - $1) / hz / s * 100; t += d; if (d > mx) mx = d; k++ }
    END { printf "idle CPU per console (10 attached, %d s): mean %.2f%%, " \
	"max %.2f%% of a core\n", s, t / k, mx }' "$BENCH_TMP/cpu"

# An hour of polling, compressed: needs the core library and cmocka-free
# build flags; skipped when the library is not beside the binary.
if [ -f "$LIBDIR/libwarroom-core.a" ] && cc -std=c11 -D_GNU_SOURCE -O2 \
    -I"$ROOT" -o "$BENCH_TMP/walsim" "$ROOT/tests/bench/walsim.c" \
    "$LIBDIR/libwarroom-core.a" $(pkg-config --cflags --libs sqlite3 \
    libcjson libcrypto zlib) -lm 2>"$BENCH_TMP/walsim.err"; then
	# tmpfs when there is one: WAL growth does not depend on fsync.
	simdir=$BENCH_TMP
	[ -w /dev/shm ] && simdir=$(mktemp -d /dev/shm/wr-walsim.XXXXXX)
	"$BENCH_TMP/walsim" "$simdir/sim.db" 10 3600
	[ "$simdir" = "$BENCH_TMP" ] || rm -rf "$simdir"
else
	echo "walsim: not built ($(head -n 1 "$BENCH_TMP/walsim.err"))"
fi
