#!/bin/sh
# Ingest benchmark (issue 2): a corpus of CloudTrail S3 log files made
# from real samples (gen.py), then, on the same files and one core,
#   zcat alone,  gunzip + cJSON (parse.c, nothing stored),
#   zcat | jq -c '.Records[]',  warroom ingest (fresh db).
# Prints records/s, the ratios, peak RSS and, when it can tell, the share
# of the rules.  BENCH_RECORDS / BENCH_FILES size the corpus.
# Run through tests/bench/run.sh, which sets WARROOM, CORPUS, BENCH_TMP.
set -u
: "${WARROOM:?}" "${CORPUS:?}" "${BENCH_TMP:?}"
N=${BENCH_RECORDS:-200000}
F=${BENCH_FILES:-200}
PY=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)

[ -d "$CORPUS/stratus-red-team" ] ||
    { echo "skipped: no corpus at $CORPUS"; exit 0; }
for tool in zcat jq "$PY"; do
	command -v "$tool" >/dev/null ||
	    { echo "bench: $tool is missing" >&2; exit 1; }
done

# Pin to one core when we can: the target is per core.
PIN=
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
	PIN="taskset -c 0"
fi
TIMEV=
[ -x /usr/bin/time ] && TIMEV=/usr/bin/time

elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

corpus=$BENCH_TMP/corpus
list=$BENCH_TMP/files
t0=$(date +%s.%N)
$PY "$here/gen.py" "$CORPUS" "$corpus" "$N" "$F" || exit 1
t1=$(date +%s.%N)
find "$corpus" -name '*.json.gz' | LC_ALL=C sort >"$list"
files=$(wc -l <"$list")
gzbytes=$(xargs cat <"$list" | wc -c)
jsonbytes=$(xargs zcat <"$list" | wc -c)
echo "corpus: $N records, $files files, $((gzbytes / 1048576)) MB gzip," \
    "$((jsonbytes / 1048576)) MB JSON (made in" \
    "$(elapsed "$t0" "$t1") s)"
[ -n "$PIN" ] && echo "pinned to one core ($PIN)"

# run LABEL CMD...: time CMD (a shell command line); sets secs and rss.
run() {
	label=$1
	shift
	out=$BENCH_TMP/$label.time
	if [ -n "$TIMEV" ]; then
		$PIN $TIMEV -f '%e %M' -o "$out" sh -c "$*" || return 1
		read -r secs rss <"$out"
	else
		s=$(date +%s.%N)
		$PIN sh -c "$*" || return 1
		secs=$(elapsed "$s" "$(date +%s.%N)")
		rss=0
	fi
}

# Warm the page cache so that no run pays for the first read.
xargs cat <"$list" >/dev/null

run zcat "xargs zcat <'$list' >/dev/null" || exit 1
zcat_s=$secs zcat_rss=$rss

run jq "xargs zcat <'$list' | jq -c '.Records[]' | wc -l >'$BENCH_TMP/jq.count'" ||
    exit 1
jq_s=$secs jq_rss=$rss
jq_n=$(cat "$BENCH_TMP/jq.count")

# gunzip + cJSON, nothing stored: what parsing alone costs here.
parse_s= parse_rss=0
if cc -O2 -o "$BENCH_TMP/parse" "$here/parse.c" \
    $(pkg-config --cflags --libs libcjson zlib) 2>"$BENCH_TMP/cc.err" &&
    run parse "xargs '$BENCH_TMP/parse' <'$list' >'$BENCH_TMP/parse.count'"
then
	parse_s=$secs parse_rss=$rss
fi

db=$BENCH_TMP/bench.db
"$WARROOM" --db "$db" init --title "ingest benchmark" --type bench \
    >/dev/null || exit 1
run ingest "'$WARROOM' --db '$db' ingest --json '$corpus' >'$BENCH_TMP/ingest.json'" ||
    { echo "bench: warroom ingest failed"; exit 1; }
wr_s=$secs wr_rss=$rss
wr_n=$(jq '.totals.records' "$BENCH_TMP/ingest.json")
wr_new=$(jq '.totals.new' "$BENCH_TMP/ingest.json")
wr_failed=$(jq '.totals.failed' "$BENCH_TMP/ingest.json")
dbsize=$(du -k "$db" 2>/dev/null | cut -f1)

# The rules' share: the same ingest with an empty rule folder, when the
# binary takes its data from WARROOM_DATA.
norules=
if [ -d "$WARROOM_DATA/rules" ]; then
	alt=$BENCH_TMP/data-norules
	mkdir -p "$alt"
	for d in "$WARROOM_DATA"/*; do
		[ "$(basename "$d")" = rules ] || ln -s "$d" "$alt/"
	done
	mkdir "$alt/rules"
	db2=$BENCH_TMP/bench-norules.db
	"$WARROOM" --db "$db2" init --title bench --type bench >/dev/null &&
	run norules "WARROOM_DATA='$alt' '$WARROOM' --db '$db2' ingest '$corpus' >/dev/null" &&
	norules=$secs
fi

awk -v n="$N" -v jqn="$jq_n" -v wrn="$wr_n" -v new="$wr_new" \
    -v zs="$zcat_s" -v js="$jq_s" -v ws="$wr_s" -v nr="$norules" \
    -v ps="$parse_s" -v pr="$parse_rss" \
    -v zr="$zcat_rss" -v jr="$jq_rss" -v wr="$wr_rss" -v db="$dbsize" \
    -v jb="$jsonbytes" '
function rate(s) { return s > 0 ? sprintf("%9.0f", n / s) : "        -" }
function mb(k) { return k > 0 ? sprintf("%6.1f MB", k / 1024) : "     n/a" }
BEGIN {
	printf "%-28s %8s %10s %11s\n", "", "seconds", "records/s", "peak RSS"
	printf "%-28s %8.2f %s   %s\n", "zcat", zs, rate(zs), mb(zr)
	if (ps != "")
		printf "%-28s %8.2f %s   %s\n", "gunzip + cJSON, no store",
		    ps, rate(ps), mb(pr)
	printf "%-28s %8.2f %s   %s\n", "zcat | jq -c .Records[]", js,
	    rate(js), mb(jr)
	printf "%-28s %8.2f %s   %s\n", "warroom ingest (fresh db)", ws,
	    rate(ws), mb(wr)
	if (nr != "")
		printf "%-28s %8.2f %s\n", "warroom ingest, no rules", nr,
		    rate(nr)
	printf "records: jq %d, warroom %d (%d new)\n", jqn, wrn, new
	if (ws > 0)
		printf "warroom speed / jq speed: %.2fx; warroom time / " \
		    "zcat time: %.2fx\n", js / ws, ws / zs
	if (nr != "" && ws > 0 && ws - nr > 0.05 * ws)
		printf "rules: %.0f%% of ingest time (against an empty " \
		    "rules folder)\n", 100 * (ws - nr) / ws
	else if (nr != "")
		printf "rules: no measurable share (an empty rules folder " \
		    "is as fast)\n"
	printf "database: %.1f MB for %.1f MB of JSON\n", db / 1024,
	    jb / 1048576
	printf "targets: >= 60000 records/s, >= 4x jq, <= 3x zcat, " \
	    "RSS < 128 MB (figures, not asserted)\n"
}'
[ -z "$TIMEV" ] && echo "peak RSS: n/a (/usr/bin/time, Debian package" \
    "time, is not installed)"

# Counts are correctness, not speed: they must agree.
if [ "$jq_n" != "$N" ] || [ "$wr_n" != "$N" ] || [ "$wr_new" != "$N" ] ||
    [ "$wr_failed" != 0 ]; then
	echo "bench: record counts disagree (made $N, jq $jq_n," \
	    "warroom $wr_n read, $wr_new new, failed files $wr_failed)"
	exit 1
fi
exit 0
