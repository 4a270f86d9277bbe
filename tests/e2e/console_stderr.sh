#!/bin/sh
# BR-28: while curses is up, fd 2 goes to the log file: a raw write, a
# stdio write with escapes, a child process and a second thread's
# perror() leave nothing on screen, the status line says "N warnings
# logged", and a fatal error restores the terminal before its message.
. "$(dirname "$0")/console.lib"
new_incident
"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" >/dev/null || fail ingest

start 80x24
wait_for "Root user read activity"
cp "$LAST" "$W/clean.txt"
keys q
check_restored 0

start 80x24 WARROOM_TEST_NOISE=1
wait_for "warnings logged"
grep -q "4 warnings logged" "$LAST" || fail "want 4 warnings logged"
for s in "raw write" "stdio noise" "child process" "second thread"; do
	grep -q "$s" "$LAST" && fail "stray text on screen: $s"
done
# Apart from the indicator, the screen is the clean one.
sed '$d' "$W/clean.txt" >"$W/a"
sed '$d' "$LAST" >"$W/b"
cmp -s "$W/a" "$W/b" || { diff "$W/a" "$W/b"; fail "screen differs"; }
log=$(ls "$WARROOM_LOG_DIR"/warroom-attach-*.log | head -1)
[ "$(stat -c %a "$log")" = 600 ] || fail "log file mode not 0600"
for s in "raw write" "stdio noise" "child process" "second thread"; do
	grep -q "$s" "$WARROOM_LOG_DIR"/warroom-attach-*.log ||
	    fail "noise not in the log: $s"
done
keys q
wait_for "4 warnings logged to"
check_restored 0

start 80x24 WARROOM_TEST_NOISE=fatal
wait_for "warroom: fatal: test fatal error while the console is up"
[ "$(tm display -p -t t '#{alternate_on}')" = 0 ] ||
    fail "fatal message written before endwin"

# A crash (abort, as after a failed assert or glibc's heap checks): the
# handler restores the terminal, then says so on the real stderr.
start 80x24 WARROOM_TEST_NOISE=abort
wait_for "warroom: crashed; the log file has the details"
check_restored 134
grep -q "assertion-style message" "$WARROOM_LOG_DIR"/warroom-attach-*.log ||
    fail "the message before abort is not in the log"
echo "ok: stderr kept off the screen"
