#!/bin/sh
# warroom notify from the command line: deadline arithmetic (DST,
# business days, refused local times), a decision-tree walk with a
# revision, notices sent, status --json, and who may set "aware".
[ -x "$WARROOM" ] || { echo "skipped: no binary at $WARROOM"; exit 77; }
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skipped: no /usr/bin/python3"; exit 77; }
DIR="$TMPROOT/notify.$$"
mkdir -p "$DIR"
export WARROOM_DB="$DIR/w.db"
export WARROOM_TEST_NOW=2026-11-28T12:00:00Z
export WARROOM_TEST_OPERATOR=alice
W() { "$WARROOM" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
field() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# Deadlines: 4 business days over Thanksgiving, 24 h over DST start.
out=$(TZ=America/New_York W notify deadline "2026-11-25 15:00" 4 \
    business_days --json) || fail "deadline business_days"
[ "$(echo "$out" | field 'd["deadline_utc"]')" = 2026-12-03T04:59:59Z ] ||
    fail "8-K deadline: $out"
[ "$(echo "$out" | field 'd["deadline_local"]')" = \
    2026-12-02T23:59:59-05:00 ] || fail "8-K local: $out"
out=$(TZ=America/New_York W notify deadline 2026-03-07T12:00:00-05:00 24 \
    hours --json) || fail "deadline hours"
[ "$(echo "$out" | field 'd["deadline_local"]')" = \
    2026-03-08T13:00:00-04:00 ] || fail "DST hours: $out"
out=$(TZ=Europe/Berlin W notify deadline 2027-03-25T10:00:00+01:00 2 \
    business_days --calendar EU-DE --json) || fail "EU-DE"
[ "$(echo "$out" | field 'd["deadline_utc"]')" = 2027-03-31T21:59:59Z ] ||
    fail "Easter deadline: $out"
err=$(TZ=America/New_York W notify deadline "2026-11-01 01:30" 1 hours \
    2>&1) && fail "ambiguous time accepted"
echo "$err" | grep -q ambiguous || fail "ambiguous message: $err"
err=$(TZ=Europe/Berlin W notify deadline "2026-03-29 02:30" 1 hours \
    2>&1) && fail "nonexistent time accepted"
echo "$err" | grep -q "does not exist" || fail "gap message: $err"
W notify deadline now 3 weeks >/dev/null 2>&1 && fail "unit weeks accepted"

# A listed company with EU personal data.
W init --title "bucket exposed" --type s3-bucket-public-customer-data >/dev/null || fail init
WARROOM_TEST_OPERATOR=bob W notify start aware 2026-11-27T09:00:00Z \
    --why "bob thinks so" 2>/dev/null && fail "non-commander set aware"
W notify start aware 2026-11-27T09:00:00Z >/dev/null 2>&1 &&
    fail "aware without a reason"
W notify start aware 2026-11-27T09:00:00Z --why "objects read" \
    >/dev/null || fail "aware"
W notify answer q_personal yes --why "customer table" >/dev/null ||
    fail answer
W notify answer q_whose eu >/dev/null || fail answer
W notify answer q_gdpr_risk risk >/dev/null || fail answer
W notify answer q_gdpr_risk maybe >/dev/null 2>&1 && fail "bad answer"
W notify answer q_nothing yes >/dev/null 2>&1 && fail "bad question"
W notify answer q_sec material >/dev/null || fail answer
W notify start material 2026-11-25T15:00:00-05:00 >/dev/null ||
    fail material
out=$(W notify status --json) || fail status
[ "$(echo "$out" | field '",".join(o["id"]+"="+o["status"] for o in d)')" \
    = "o_gdpr_sa=running,o_sec_8k=running,o_gdpr_log=running" ] ||
    fail "status: $out"
[ "$(echo "$out" | field 'd[1]["deadline_utc"]')" = 2026-12-02T22:30:00Z ] ||
    fail "8-K in status: $out"
[ "$(echo "$out" | field 'sorted(d[0].keys())')" = \
    "['deadline_utc', 'id', 'recipient', 'regime', 'start_event', 'status']" ] ||
    fail "status keys: $out"

# Key never used: revise; the authority notice is no longer required.
W notify answer q_gdpr_risk unlikely --why "SSE-KMS, key unused" \
    >/dev/null || fail revise
out=$(W notify status --json)
[ "$(echo "$out" | field '[o["status"] for o in d if o["id"]=="o_gdpr_sa"][0]')" \
    = not_required ] || fail "after revision: $out"
W notify sent o_sec_8k --to SEC --channel EDGAR --ref 0001-26-1 \
    >/dev/null || fail sent
W notify sent o_sec_8k --to SEC --channel EDGAR --ref 0001-26-1 \
    >/dev/null 2>&1 && fail "sent twice"
W notify sent o_nis2_final --to CSIRT --channel portal --ref x \
    >/dev/null 2>&1 && fail "sent an obligation never raised"
out=$(W notify status --json)
[ "$(echo "$out" | field '[o["status"] for o in d if o["id"]=="o_sec_8k"][0]')" \
    = sent ] || fail "after sent: $out"
W notify status | grep -q "not legal advice" || fail "no disclaimer"
W verify >/dev/null 2>&1 || fail "audit chain"

# The record lists every decision, revision and notice.
rep=$(W report | tr -d '\\')
[ -n "$rep" ] || fail report
echo "$rep" | grep -q "^## Notification decisions" || fail "no section"
echo "$rep" | grep -q "| unlikely | risk | SSE-KMS, key unused | alice |" ||
    fail "revision not in the report"
echo "$rep" | grep -q "| o_sec_8k | US-SEC-8K-105 | .* | sent | .* | met | .* | SEC | EDGAR | 0001-26-1 | alice |" ||
    fail "notice not in the report"
echo "$rep" | grep -q "| o_gdpr_sa | EU-GDPR-33 | .* | not_required |" ||
    fail "dropped obligation not in the report"
echo "notify e2e ok"
