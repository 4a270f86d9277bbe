#!/bin/sh
# Conformance over the shared public samples: every CloudTrail and
# GuardDuty sample file ingests with the right outcome.  Record counts
# are checked against jq's count of the same shapes in the same file;
# files jq cannot parse must be reported failed with nothing stored;
# valid files of other shapes must be skipped (or empty) with a reason.
set -u
[ -d "${CORPUS:-}" ] || { echo "skipped: no corpus"; exit 0; }
command -v jq >/dev/null || { echo "skipped: needs jq"; exit 0; }
DB="$TMPROOT/conf.db"
rm -f "$DB"*
"$WARROOM" --db "$DB" init --title conformance --type compromised-iam-access-key >/dev/null ||
    exit 1

COUNT='
def isrec: type == "object" and
  ((.eventType == "AwsCloudTrailInsight" and (.eventID != null)) or
   ((.eventName | type) == "string" and
    (has("eventSource") or has("userIdentity") or has("eventVersion"))));
def isgd: type == "object" and
  ((.schemaVersion // .SchemaVersion) == "2.0") and
  ((.type // .Type) | type) == "string" and ((.id // .Id) != null);
def unit: if type != "object" then 0
  elif has("Records") then [.Records[] | select(isrec)] | length
  elif has("digestPublicKeyFingerprint") or has("logFiles") then 0
  elif has("Findings") or has("findings") then
    [(.Findings // .findings)[] | select(isgd)] | length
  elif (.Events | type) == "array" then
    [.Events[] | select((.CloudTrailEvent | type) == "string") |
     .CloudTrailEvent | fromjson | select(isrec)] | length
  elif has("detail-type") and (.detail | type) == "object" then
    (if (.detail | isrec) or (.detail | isgd) then 1 else 0 end)
  elif isrec or isgd then 1 else 0 end;
def top(d): if type == "array" and d < 2 then [.[] | top(d + 1)] | add // 0
  else unit end;
[inputs | top(0)] | add // 0'

events() {
	"$WARROOM" --db "$DB" events --json | jq length
}

files=$(find "$CORPUS" -type f \( -name '*.json' -o -name '*.json.gz' \
    -o -name '*.ndjson' -o -name '*.log' -o -name '*.txt' \) |
    grep -v -e signing-test-suite -e aws4_testsuite -e /v4a/ | sort)
pass=0 fail=0
for f in $files; do
	case "$f" in *.gz) cat="zcat" ;; *) cat="cat" ;; esac
	want=$($cat "$f" 2>/dev/null | jq -n "$COUNT" 2>/dev/null)
	valid=$?
	before=$(events)
	out=$("$WARROOM" --db "$DB" ingest --json "$f" 2>/dev/null)
	status=$(printf '%s' "$out" | jq -r '.files[0].status')
	got=$(printf '%s' "$out" | jq -r '.files[0].records')
	reason=$(printf '%s' "$out" | jq -r '.files[0].reason')
	ok=1
	if [ $valid -ne 0 ]; then
		[ "$status" = failed ] && [ "$(events)" = "$before" ] || ok=0
	elif [ "$want" = 0 ]; then
		case "$status" in
		skipped) [ -n "$reason" ] || ok=0 ;;
		ok) ;;
		*) ok=0 ;;
		esac
	else
		case "$status" in ok|suspect) ;; *) ok=0 ;; esac
		[ "$got" = "$want" ] || ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "MISMATCH ${f#$CORPUS/}: jq valid=$valid want=$want;" \
		    "warroom $status $got ($reason)"
	fi
done
echo "conformance: $pass files as expected, $fail not"
[ $fail -eq 0 ]
