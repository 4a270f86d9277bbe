#!/bin/sh
# warroom report and warroom print through the binary: every format twice
# gives the same bytes; BR-31 ingested in orders O1-O4 (O4: two processes
# at once) gives the same event timeline and findings; the JSON has the
# schema's keys (jq); hostile strings reach no output raw; print says
# plainly when there is no printer and hands the txt record to lp when
# there is one; the HTML renders in headless Chromium to PDF and PNG;
# with the AWS stand-in, containment actions (verified, failed, undone)
# have their own section in every format and a First containment time.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
CASES=${CASES:-$(pwd)/tests/cases}
T=$TMPROOT/report.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export TZ=UTC WARROOM_TEST_OPERATOR=alice
export WARROOM_DATA="${WARROOM_DATA:-$(pwd)/data}"
W() { "$WARROOM" --db "$db" "$@"; }
at() { WARROOM_TEST_NOW=$1; export WARROOM_TEST_NOW; }

# A fixed incident built through the commands.
db=$T/fixed.db
at 2026-11-03T09:00:00Z
W init --title "Backdoor user" --type insider-backdoor-iam >/dev/null ||
    fail "init"
W role bob responder >/dev/null || fail "role"
at 2026-11-03T09:05:00Z
(cd "$CASES" && W ingest BR-31.s3-file-1.json BR-31.s3-file-2.json \
    BR-31.lookup-api-raw.json) >/dev/null || fail "ingest"
at 2026-11-03T09:10:00Z
W note "leaked key seen in a paste" >/dev/null || fail "note"
W phase containment >/dev/null || fail "phase"
at 2026-11-03T09:20:00Z
WARROOM_TEST_OPERATOR=bob W tick 2 >/dev/null || fail "tick"
for f in txt md html json; do
	W report --format "$f" -o "$T/a.$f" || fail "report --format $f"
	W report --format "$f" >"$T/b.$f" || fail "report --format $f (stdout)"
	cmp -s "$T/a.$f" "$T/b.$f" || fail "$f: two runs differ"
done
W report >"$T/default" && cmp -s "$T/default" "$T/a.md" ||
    fail "md is not the default format"
W report --format pdf >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "unknown format 'pdf'" "$T/err" ||
    fail "an unknown format is not a usage error"

# txt: 80 columns, form feeds between pages, page numbers.
awk '{ sub(/^\f/, "") } length > 80 { bad = 1 } END { exit bad }' \
    "$T/a.txt" || fail "txt has lines over 80 columns"
pages=$(grep -c 'page [0-9]* of [0-9]*$' "$T/a.txt")
ffs=$(tr -cd '\f' <"$T/a.txt" | wc -c)
[ "$pages" -gt 1 ] && [ "$ffs" -eq $((pages - 1)) ] ||
    fail "txt: $pages pages but $ffs form feeds"
grep -q "Check it against the store with \`warroom verify" "$T/a.txt" ||
    fail "txt does not say how to verify"
head=$(W verify | grep -o '[0-9a-f]\{64\}' | head -1)
[ -n "$head" ] && grep -q "$head" "$T/a.txt" && jq -e --arg h "$head" \
    '.integrity.final_hash == $h' "$T/a.json" >/dev/null ||
    fail "the record's final hash is not what warroom verify prints"

# JSON: the schema's keys, in every section the schema closes.
S=data/report/schema.json
jq -e -n --slurpfile s "$S" --slurpfile d "$T/a.json" '
    def check($sc; $v):
      if ($sc.type == "object") then
        (($v | keys) == ($sc.required | sort)) and
        all($sc.properties | to_entries[];
            . as $p | check($p.value; $v[$p.key]))
      elif ($sc.type == "array") and ($v | length) > 0 then
        all($v[]; check($sc.items; .))
      else true end;
    check($s[0]; $d[0])' >/dev/null || fail "JSON keys differ from $S"
jq -e '.schema == "warroom-report/1" and (.events | length) == 6 and
    ([.events[] | select(.same_second)] | length) == 4 and
    .notes[0].text == "leaked key seen in a paste" and
    ([.checklist[] | select(.done)] | .[0].done_by) == "bob"' \
    "$T/a.json" >/dev/null || fail "JSON content"

# BR-31: O1-O3 one after the other, O4 two processes at once.
timeline() {	# timeline DB OUT: the order-independent parts
	"$WARROOM" --db "$1" report --format md |
	    sed -n '/^## Event timeline/,/^## Audit log/p' >"$2.md"
	"$WARROOM" --db "$1" report --format json |
	    jq -S '{events, findings: ([.findings[] | del(.p_level)] |
	    sort_by(.source, .type, .ext_id))}' >"$2.json"
}
order() {	# order N FILE...
	db=$T/o$1.db
	n=$1
	shift
	W init --title BR-31 --type insider-backdoor-iam >/dev/null
	for f in "$@"; do
		W ingest "$CASES/BR-31.$f.json" >/dev/null || fail "O$n: $f"
	done
	timeline "$db" "$T/o$n"
}
at 2026-11-03T09:00:00Z
order 1 s3-file-1 s3-file-2 lookup-api-raw
order 2 lookup-api-raw s3-file-2 s3-file-1
order 3 s3-file-2 lookup-api-raw s3-file-1
db=$T/o4.db
W init --title BR-31 --type insider-backdoor-iam >/dev/null
W ingest "$CASES/BR-31.s3-file-1.json" "$CASES/BR-31.lookup-api-raw.json" \
    >/dev/null 2>"$T/o4a" &
a=$!
W ingest "$CASES/BR-31.s3-file-2.json" "$CASES/BR-31.s3-file-1.json" \
    >/dev/null 2>"$T/o4b" &
b=$!
wait $a || fail "O4: process A failed: $(cat "$T/o4a")"
wait $b || fail "O4: process B failed: $(cat "$T/o4b")"
timeline "$db" "$T/o4"
grep -q '08:15:42Z= | CreateUser' "$T/o1.md" ||
    fail "BR-31: same-second events not marked"
grep -q 'no known order' "$T/o1.md" || fail "BR-31: order not disclaimed"
[ "$(jq '.events | length' "$T/o1.json")" = 6 ] || fail "BR-31: not 6 events"
for n in 2 3 4; do
	cmp -s "$T/o1.md" "$T/o$n.md" || fail "O$n: timeline differs from O1"
	cmp -s "$T/o1.json" "$T/o$n.json" ||
	    fail "O$n: events or findings differ from O1"
done

# -o naming the database itself (or its -wal) is refused and the
# incident is still there.
for f in "$db" "$db-wal"; do
	W report -o "$f" >/dev/null 2>"$T/self" &&
	    fail "report -o $f was allowed"
	grep -q "is the incident's database" "$T/self" ||
	    fail "report -o the database: $(cat "$T/self")"
done
W incidents | grep -q BR-31 || fail "report -o destroyed the database"

# Hostile strings: nothing raw in any format.
db=$T/hostile.db
W init --title "drill <b>" --type insider-backdoor-iam --exercise >/dev/null
W ingest tests/fixtures/hostile/cloudtrail-hostile.json >/dev/null
for f in txt md html json; do
	W report --format "$f" -o "$T/h.$f" || fail "hostile: $f"
	LC_ALL=C tr -d '\n\t\f' <"$T/h.$f" | LC_ALL=C grep -q \
	    "$(printf '[\001-\037\177]')" && fail "hostile: $f has a control byte"
	grep -q "$(printf '\342\200\256')" "$T/h.$f" &&
	    fail "hostile: $f has a raw U+202E"
	grep -q 'EXERCISE\|"exercise":	true' "$T/h.$f" ||
	    fail "hostile: $f not marked as an exercise"
done
grep -q '<b>' "$T/h.html" && fail "hostile: html has a raw tag"

# print: no printer, then a stand-in lp.
db=$T/fixed.db
mkdir -p "$T/bin"
for tool in sh cat dirname; do
	ln -sf "$(command -v $tool)" "$T/bin/$tool"
done
PATH=$T/bin W print >"$T/p.out" 2>"$T/p.err"
[ $? -eq 1 ] && grep -q 'no default printer' "$T/p.err" ||
    fail "print without a printer: $(cat "$T/p.err")"
cat >"$T/bin/lpstat" <<'EOF'
#!/bin/sh
echo "system default destination: office"
EOF
cat >"$T/bin/lp" <<EOF
#!/bin/sh
echo "\$@" >"$T/lp.args"
cat >"$T/lp.data"
echo "request id is office-1 (1 file(s))"
EOF
chmod +x "$T/bin/lpstat" "$T/bin/lp"
PATH=$T/bin W print >"$T/p.out" 2>"$T/p.err" || fail "print: $(cat "$T/p.err")"
grep -q 'to printer office' "$T/p.out" || fail "print does not say where"
grep -q -- '-d office' "$T/lp.args" 2>/dev/null || fail "lp not given -d"
cmp -s "$T/lp.data" "$T/a.txt" 2>/dev/null ||
    W report --format txt | cmp -s - "$T/lp.data" ||
    fail "lp did not get the txt record"

# Headless Chromium: PDF and PNG without errors.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
	prof=$(mktemp -d "$T/chrome.XXXXXX")
	for out in "--print-to-pdf=$T/r.pdf" "--screenshot=$T/r.png"; do
		timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		    --disable-background-networking --no-first-run \
		    --user-data-dir="$prof" --no-pdf-header-footer \
		    --window-size=1200,1600 "$out" "file://$T/a.html" \
		    >"$T/chrome.log" 2>&1 ||
		    fail "chromium $out: $(tail -n 3 "$T/chrome.log")"
	done
	# dbus noise is the sandbox's; a page error or a fetch is ours.
	grep -E 'CONSOLE|Uncaught|net::ERR' "$T/chrome.log" &&
	    fail "chromium reported errors on the page"
	head -c 4 "$T/r.pdf" 2>/dev/null | grep -q '%PDF' ||
	    fail "chromium wrote no PDF"
	[ "$(head -c 8 "$T/r.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" \
	    = 89504e470d0a1a0a ] || fail "chromium wrote no PNG"
else
	echo "chromium is absent ($CHROMIUM): HTML rendering not checked"
fi

# Containment actions against the stand-in, before the phase entry.
if /usr/bin/python3 -c 'import botocore' 2>/dev/null &&
    command -v curl >/dev/null; then
	ROOT=$(pwd)
	STANDIN_DIR=$T
	. tests/e2e/standin.lib
	trap stop_standin EXIT INT TERM
	cat >"$T/data.json" <<'EOD'
{"credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
 "iam": {"users": {"mallory": {"keys": {"AKIAMALLORYEXAMPLE": "Active"},
                               "login_profile": true}}}}
EOD
	start_standin
	aws_env
	db=$T/act.db
	at 2026-11-03T09:00:00Z
	W init --title "Leaked key" --type compromised-iam-access-key \
	    >/dev/null || fail "act: init"
	at 2026-11-03T09:02:00Z
	W contain deactivate-key AKIAMALLORYEXAMPLE --user mallory \
	    >/dev/null 2>&1 || fail "act: deactivate-key"
	ctl fail '{"op": "DeleteLoginProfile", "status": 403,
	    "code": "AccessDenied", "count": 1,
	    "message": "not authorized: iam:DeleteLoginProfile"}'
	W contain delete-login-profile mallory --yes >/dev/null 2>&1 &&
	    fail "act: AccessDenied exited 0"
	W contain quarantine-user mallory >/dev/null 2>&1 ||
	    fail "act: quarantine-user"
	at 2026-11-03T09:04:00Z
	W undo 3 >/dev/null 2>&1 || fail "act: undo"
	at 2026-11-03T09:10:00Z
	W phase containment >/dev/null || fail "act: phase"
	for f in txt md html json; do
		W report --format "$f" -o "$T/act.$f" || fail "act: report $f"
		grep -q 'Containment actions\|containment_actions' \
		    "$T/act.$f" || fail "act: $f has no actions section"
	done
	jq -e '[.containment_actions[] | "\(.state) \(.verified)"] ==
	    ["done true", "failed false", "undone true"] and
	    .containment_actions[0].request_id != "" and
	    (.containment_actions[0].read_back | length) > 0 and
	    (.containment_actions[1].error | test("DeleteLoginProfile")) and
	    .containment_actions[2].undone_by == "alice" and
	    .key_times.first_containment == "2026-11-03T09:02:00Z" and
	    .key_times.containment == "2026-11-03T09:10:00Z"' \
	    "$T/act.json" >/dev/null || fail "act: JSON $(jq -c \
	    '[.containment_actions, .key_times]' "$T/act.json")"
	grep -q '^  First containment      2026-11-03T09:02:00Z' \
	    "$T/act.txt" || fail "act: txt has no First containment row"
	awk '{ sub(/^\f/, "") } length > 80 { bad = 1 } END { exit bad }' \
	    "$T/act.txt" || fail "act: txt has lines over 80 columns"
	stop_standin
else
	echo "no stand-in (botocore, curl): containment section not checked"
fi

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "report: ok"
