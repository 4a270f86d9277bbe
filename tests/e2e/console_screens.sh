#!/bin/sh
# Golden screens: `warroom attach` in script mode (keys from a file,
# screens dumped as text) at 80x24 and 120x40, two consoles attached to
# one database, the clock and operator pinned.  The 120x40 console
# waits while the 80x24 one ticks an item and moves the phase, and must
# show both without a key.  UPDATE=1 rewrites tests/screens/.
. "$(dirname "$0")/console.lib"
GOLD=$ROOT/tests/screens

new_incident "Compromised key"
"$WARROOM" --db "$DB" ingest "$CASES/BR-03.json" \
    "$ROOT/tests/fixtures/hostile/cloudtrail-hostile.json" >/dev/null ||
    fail "ingest"

cat >"$W/b.keys" <<EOS
dump start
run touch $W/b-ready
wait-change 10000
run while [ ! -f $W/a-done ]; do sleep 0.05; done
wait-change 1000
dump after-other-console
key Enter
dump detail
key Down Enter
dump event
key Esc Esc ?
dump help
EOS
cat >"$W/a.keys" <<'EOS'
dump start
key Tab Tab Space
dump ticked
key > y
dump phase
key Tab Enter
dump detail
key q ?
dump help
key q Tab Tab Down Space
dump ticked-second
EOS
echo "run touch $W/a-done" >>"$W/a.keys"

"$WARROOM" --db "$DB" attach --script "$W/b.keys" --dump "$W/b.out" \
    --size 120x40 &
bpid=$!
i=0
while [ ! -f "$W/b-ready" ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
[ -f "$W/b-ready" ] || fail "second console never started"
"$WARROOM" --db "$DB" attach --script "$W/a.keys" --dump "$W/a.out" \
    --size 80x24 || fail "attach (80x24) failed"
wait $bpid || fail "attach (120x40) failed"

if [ "${UPDATE:-}" = 1 ]; then
	cp "$W/a.out" "$GOLD/attach-80x24.txt"
	cp "$W/b.out" "$GOLD/attach-120x40.txt"
	echo "updated tests/screens"
fi
rc=0
for s in a:80x24 b:120x40; do
	if ! diff -u "$GOLD/attach-${s#*:}.txt" "$W/${s%%:*}.out"; then
		echo "FAIL: screens at ${s#*:} differ from tests/screens"
		rc=1
	fi
done
[ $rc -eq 0 ] && echo "ok: golden screens"
exit $rc
