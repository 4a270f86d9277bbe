#!/bin/sh
# Ingest benchmark (issue 2): a corpus of CloudTrail S3 log files made
# from real samples (gen.py), then, on the same files and one core,
#   zcat alone,  gunzip + cJSON (parse.c, nothing stored),
#   zcat | jq -c '.Records[]',  warroom ingest (fresh db).
# Prints wall and CPU seconds, records/s, the ratios, peak RSS and the
# rules' share.  BENCH_RECORDS / BENCH_FILES size the corpus.
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

# The target is per core: the CPU-time columns are that figure (warroom
# ingest is one thread).  BENCH_PIN=1 also pins every run to CPU 0, for
# wall-clock figures on an idle machine.
PIN=
if [ "${BENCH_PIN:-0}" = 1 ] && command -v taskset >/dev/null &&
    taskset -c 0 true 2>/dev/null; then
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

# run LABEL CMD...: time a shell command line; appends "LABEL wall cpu
# rss" to $res (cpu: user + system of it and its children, which a busy
# machine does not inflate as it does the wall clock).
res=$BENCH_TMP/results
: >"$res"
run() {
	label=$1
	shift
	out=$BENCH_TMP/$label.time
	if [ -n "$TIMEV" ]; then
		$PIN $TIMEV -f '%e %U %S %M' -o "$out" sh -c "$*" || return 1
		read -r wall u sy rss <"$out"
		cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }')
	else
		s=$(date +%s.%N)
		$PIN sh -c "$*" || return 1
		wall=$(elapsed "$s" "$(date +%s.%N)")
		cpu=$wall rss=0
	fi
	echo "$label $wall $cpu $rss" >>"$res"
}

# Warm the page cache so that no run pays for the first read.
xargs cat <"$list" >/dev/null

run zcat "xargs zcat <'$list' >/dev/null" || exit 1
run jq "xargs zcat <'$list' | jq -c '.Records[]' | wc -l >'$BENCH_TMP/jq.count'" ||
    exit 1
jq_n=$(cat "$BENCH_TMP/jq.count")

# gunzip + cJSON, nothing stored: what parsing alone costs here.
cc -O2 -o "$BENCH_TMP/parse" "$here/parse.c" \
    $(pkg-config --cflags --libs libcjson zlib) 2>"$BENCH_TMP/cc.err" &&
    run parse "xargs '$BENCH_TMP/parse' <'$list' >/dev/null"

db=$BENCH_TMP/bench.db
"$WARROOM" --db "$db" init --title "ingest benchmark" --type compromised-iam-access-key \
    >/dev/null || exit 1
# -v: the log says what the evidence derivation after the files cost.
ilog=$BENCH_TMP/ingest-log
run ingest "WARROOM_LOG_DIR='$ilog' '$WARROOM' -v --db '$db' ingest --json '$corpus' >'$BENCH_TMP/ingest.json'" ||
    { echo "bench: warroom ingest failed"; exit 1; }
derive=$(cat "$ilog"/*.log 2>/dev/null |
    sed -n 's/.*derivation: .*, \([0-9.]*\) cpu-s$/\1/p' | head -n 1)
wr_n=$(jq '.totals.records' "$BENCH_TMP/ingest.json")
wr_new=$(jq '.totals.new' "$BENCH_TMP/ingest.json")
wr_failed=$(jq '.totals.failed' "$BENCH_TMP/ingest.json")
dbsize=$(du -k "$db" 2>/dev/null | cut -f1)
# The corpus is made of detection samples, so rules fire far more often
# than on a real trail: say how often.
nfind=$("$WARROOM" --db "$db" findings --json 2>/dev/null | jq length)

# The rules' share: the same ingest with a rule file holding no rules,
# when the binary takes its data from WARROOM_DATA.
if [ -d "$WARROOM_DATA/rules" ]; then
	alt=$BENCH_TMP/data-norules
	mkdir -p "$alt"
	for d in "$WARROOM_DATA"/*; do
		[ "$(basename "$d")" = rules ] || ln -s "$d" "$alt/"
	done
	mkdir "$alt/rules"
	echo '{"rules": []}' >"$alt/rules/00-none.json"
	db2=$BENCH_TMP/bench-norules.db
	"$WARROOM" --db "$db2" init --title bench --type compromised-iam-access-key >/dev/null &&
	run norules "WARROOM_DATA='$alt' '$WARROOM' --db '$db2' ingest '$corpus' >/dev/null"
fi

awk -v n="$N" -v jqn="$jq_n" -v wrn="$wr_n" -v new="$wr_new" \
    -v derive="${derive:-}" \
    -v db="${dbsize:-0}" -v jb="$jsonbytes" -v nf="${nfind:-?}" '
function rate(s) { return s > 0 ? sprintf("%9.0f", n / s) : "        -" }
function mb(k) { return k > 0 ? sprintf("%6.1f MB", k / 1024) : "     n/a" }
{ wall[$1] = $2; cpu[$1] = $3; rss[$1] = $4 }
END {
	name["zcat"] = "zcat"
	name["parse"] = "gunzip + cJSON, no store"
	name["jq"] = "zcat | jq -c .Records[]"
	name["ingest"] = "warroom ingest (fresh db)"
	name["norules"] = "warroom ingest, no rules"
	printf "%-26s %7s %7s %9s %9s %9s\n", "", "wall s", "cpu s",
	    "rec/s", "rec/cpu-s", "peak RSS"
	split("zcat parse jq ingest norules", order, " ")
	for (i = 1; i <= 5; i++) {
		k = order[i]
		if (!(k in wall))
			continue
		printf "%-26s %7.2f %7.2f %s %s %s\n", name[k], wall[k],
		    cpu[k], rate(wall[k]), rate(cpu[k]), mb(rss[k])
	}
	printf "records: jq %d, warroom %d (%d new)\n", jqn, wrn, new
	w = cpu["ingest"]
	if (w > 0)
		printf "in CPU time: warroom is %.2fx as fast as jq, and " \
		    "takes %.2fx zcat'"'"'s time\n", cpu["jq"] / w,
		    w / cpu["zcat"]
	if (("norules" in cpu) && w > 0)
		printf "rules: %.0f%% of ingest CPU time (against no " \
		    "rules)\n", 100 * (w - cpu["norules"]) / w
	if (derive != "" && w > 0)
		printf "of which evidence derivation after the files " \
		    "(checklist items from the findings'"'"' principals): " \
		    "%.2f cpu s, %.0f%%\n", derive, 100 * derive / w
	printf "database: %.1f MB for %.1f MB of JSON; %s findings (the " \
	    "samples are detection tests: rules fire more than on a real " \
	    "trail)\n", db / 1024, jb / 1048576, nf
	printf "targets: >= 60000 records/s, >= 4x jq, <= 3x zcat, " \
	    "RSS < 128 MB (figures, not asserted)\n"
}' "$res"
[ -z "$TIMEV" ] && echo "peak RSS: n/a (/usr/bin/time, Debian package" \
    "time, is not installed); times are wall clock"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" \
    "on $(nproc) CPUs"

# Counts are correctness, not speed: they must agree.
if [ "$jq_n" != "$N" ] || [ "$wr_n" != "$N" ] || [ "$wr_new" != "$N" ] ||
    [ "$wr_failed" != 0 ]; then
	echo "bench: record counts disagree (made $N, jq $jq_n," \
	    "warroom $wr_n read, $wr_new new, failed files $wr_failed)"
	exit 1
fi
exit 0
