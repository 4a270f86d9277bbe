#!/bin/sh
# warroom demo (make demo without the console): the bundled crypto-mining
# scenario becomes one exercise incident whose findings, events and
# checklist match what the scenario's files hold; a second run starts
# afresh; a database warroom demo did not make is never replaced; the
# scenario's files are valid and are what tests/scenarios/crypto-mining.py
# writes, byte for byte.
set -u
: "${WARROOM:?}" "${TMPROOT:?}"
[ -x "$WARROOM" ] || { echo "skipped: no binary $WARROOM"; exit 77; }
command -v jq >/dev/null || { echo "skipped: jq missing"; exit 77; }
cd "$(dirname "$0")/../.." || exit 1
SC=data/scenarios/crypto-mining
T=$TMPROOT/demo.$$
mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() {	# check WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected $2, got $3"
}

# The scenario's files: valid JSON, and reproducible.
for f in $(find "$SC" -type f -name '*.json*' | sort); do
	zcat -f "$f" | jq empty 2>/dev/null || fail "$f is not valid JSON"
done
if [ -x /usr/bin/python3 ]; then
	/usr/bin/python3 tests/scenarios/crypto-mining.py "$T/regen" &&
	    diff -r "$T/regen" "$SC" >/dev/null ||
	    fail "$SC differs from what tests/scenarios/crypto-mining.py writes"
fi
files=$(jq -r '.files[]' "$SC/scenario.json")
ct() { (cd "$SC" && zcat -f $files) | jq -c '.Records[]?'; }
n_gd=$(cd "$SC" && zcat -f $files | jq '.Findings // [] | length' |
    awk '{ s += $1 } END { print s }')

# Build it.
db=$T/demo.db
W() { "$WARROOM" --db "$db" "$@"; }
W demo --no-attach >"$T/out" 2>"$T/err" ||
    { cat "$T/out" "$T/err"; fail "warroom demo exited $?"; exit 1; }
grep -q 'exercise incident 1 ' "$T/out" || fail "no incident line"
grep -q '^  ok ' "$T/out" || fail "no per-file lines"
grep -Eq '^  (failed|suspect)' "$T/out" && fail "a scenario file did not ingest cleanly"
check "files listed" "$(echo "$files" | wc -l)" \
    "$(grep -c '^  ok ' "$T/out")"

# Findings: every GuardDuty one, the sample flagged, the tiers right.
W findings --json >"$T/f.json" || fail "findings exited $?"
check "GuardDuty findings" "$n_gd" \
    "$(jq '[.[] | select(.source == "guardduty")] | length' "$T/f.json")"
check "sample findings" 1 "$(jq '[.[] | select(.sample)] | length' "$T/f.json")"
lvl() {
	jq -r --arg t "$1" '[.[] | select(.source == "guardduty" and
	    .type == $t)][0].p_level' "$T/f.json"
}
check "BitcoinTool.B!DNS" P1 "$(lvl 'CryptoCurrency:EC2/BitcoinTool.B!DNS')"
check "credential exfiltration" P1 "$(lvl \
    'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS')"
check "MaliciousIPCaller" P2 "$(lvl 'Recon:IAMUser/MaliciousIPCaller')"
check "RootCredentialUsage" P3 "$(lvl 'Policy:IAMUser/RootCredentialUsage')"
# The first rules (issue 2) each see their part of the story.
rule() {	# rule WHAT JQ-TEST
	jq -e "[.[] | select(.source == \"rule\") | select($2)] | length > 0" \
	    "$T/f.json" >/dev/null || fail "no rule finding for $1"
}
rule "root use" '.principal | endswith(":root")'
rule "StopLogging" '.title | test("logging"; "i")'
rule "a key for another user" '.title | test("Access key created for another")'
rule "AdministratorAccess" '.title | test("AdministratorAccess")'
rule "GPU instances" '.title | test("p3\\.16xlarge")'

# Events: what the files hold for each key, as warroom stores it.
for key in AKIAEXAMPLECIDEPLOY7 AKIAEXAMPLEBACKDOOR4 ASIAEXAMPLERUNNER01; do
	want=$(ct | jq -r --arg k "$key" 'select(.userIdentity.accessKeyId
	    == $k) | .eventID' | wc -l)
	got=$(W events --principal "$key" --json | jq length)
	check "events of $key" "$want" "$got"
done
W events --principal AKIAEXAMPLEBACKDOOR4 --json |
    jq -e 'map(.eventName) | index("RunInstances")' >/dev/null ||
    fail "events do not keep the raw records"

# Checklist: the demo says how many items its playbook gave.
items=$(sed -n 's/^checklist: \([0-9]*\) items.*/\1/p' "$T/out")
[ "${items:-0}" -gt 0 ] || fail "no checklist items"
# Only the playbooks of this story: the root, insider and persistence
# playbooks wait for a P1 signal of their own (triggers.level).
check "attached playbooks" \
    "compromised-iam-access-key compromised-role-session crypto-mining-unauthorized-ec2" \
    "$(W playbooks list --json | jq -r '[.[] | select(.status ==
    "attached") | .id] | sort | join(" ")')"
[ "$items" -lt 100 ] || fail "$items checklist items: over-attached"
# The crypto playbook came with a rule hit that names no instance; the
# GuardDuty finding that does arrives later and fills it in, on the record.
W checklist --json >"$T/cl.json"
jq -e '[.[] | select(.text | contains("(which instance?)"))] |
    length == 0' "$T/cl.json" >/dev/null ||
    fail "items still ask which instance"
jq -e --arg t "Snapshot every volume of i-0e8f0d553b33d5b0f" \
    'any(.[]; .text | startswith($t))' "$T/cl.json" >/dev/null ||
    fail "the instance is not filled in"
W report --format json | jq -e '[.audit[] | select(.action ==
    "item.refill")] | length > 0' >/dev/null ||
    fail "refilled items are not on the timeline"
grep -q 'replay: 2 more files' "$T/out" || fail "replay list not read"

# Again: a fresh database, not a second copy.
W demo --no-attach >"$T/out2" 2>&1 || fail "second demo exited $?"
grep -q 'exercise incident 1 ' "$T/out2" || fail "second run not fresh"
check "findings after a second run" "$(jq length "$T/f.json")" \
    "$(W findings --json | jq length)"

# Never replace what warroom demo did not make.
other=$T/real.db
"$WARROOM" --db "$other" init --title "real incident" --type compromised-iam-access-key >/dev/null ||
    fail "init exited $?"
"$WARROOM" --db "$other" demo --no-attach >"$T/o3" 2>&1 &&
    fail "demo replaced a real incident database"
grep -q 'not replacing' "$T/o3" || fail "refusal does not say why"
"$WARROOM" --db "$other" findings --json >/dev/null ||
    fail "the real database was damaged"
printf 'notes\n' >"$T/notes.txt"
"$WARROOM" --db "$T/notes.txt" demo --no-attach >/dev/null 2>&1 &&
    fail "demo replaced a text file"
check "text file" notes "$(cat "$T/notes.txt")"

# The replay files ingest too (an exercise feeds them in later).
W ingest --json $(jq -r '.replay[]' "$SC/scenario.json" |
    sed "s|^|$SC/|") >"$T/r.json" || fail "replay ingest exited $?"
check "replay files ok" 2 "$(jq '.totals.ok' "$T/r.json")"
# The EventBridge copy of the DNS finding is newer: it updates, not adds.
W findings --json >"$T/f2.json"
check "GuardDuty findings after the replay" "$n_gd" \
    "$(jq '[.[] | select(.source == "guardduty")] | length' "$T/f2.json")"
check "DNS finding updated" "498 2026-11-24T11:24:30Z" "$(jq -r '.[] |
    select(.type == "CryptoCurrency:EC2/BitcoinTool.B!DNS") |
    "\(.count) \(.last_seen)"' "$T/f2.json")"

# make demo's console: at 80x24 in a private tmux, findings, the phase
# and the checklist on screen, q quits with status 0.
console() {
	sock=wr-demo-$$
	trap 'tmux -L "$sock" kill-server 2>/dev/null' EXIT INT TERM
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	    "TERM=xterm-256color '$WARROOM' --db '$T/console.db' demo \
	    2>'$T/console.err'; echo \$? >'$T/console.rc'; sleep 30"
	i=0
	while [ $i -lt 100 ]; do
		tmux -L "$sock" capture-pane -p >"$T/screen" 2>/dev/null
		grep -q "Bitcoin" "$T/screen" && break
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "Bitcoin" "$T/screen" ||
	    { sed 's/^/    | /' "$T/screen"; fail "no finding on the console"; }
	grep -q Detection "$T/screen" || fail "no phase on the console"
	grep -Eq "Checklist 0/[1-9]" "$T/screen" ||
	    fail "no checklist on the console"
	grep -q EXERCISE "$T/screen" || fail "not marked as an exercise"
	tmux -L "$sock" send-keys q
	i=0
	while [ ! -s "$T/console.rc" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "console exit status" 0 "$(cat "$T/console.rc" 2>/dev/null)"
	[ -s "$T/console.err" ] && sed 's/^/    stderr: /' "$T/console.err"
	tmux -L "$sock" kill-server 2>/dev/null
}
if ! "$WARROOM" --help 2>&1 | grep -q '^  attach '; then
	echo "note: this build has no attach; the console part did not run"
elif ! command -v tmux >/dev/null; then
	echo "note: no tmux; the console part did not run"
else
	console
fi

[ $fails -eq 0 ] || { echo "$fails failed checks"; exit 1; }
echo "demo: all checks passed"
