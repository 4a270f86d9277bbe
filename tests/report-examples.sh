#!/bin/sh
# make screenshots (part): example records of the demo incident, as the
# review would get them.  Writes OUTDIR/report-demo.txt (the printed
# record), report-demo.html, and report-demo.png (the HTML's first
# screens rendered by headless Chromium).  Clock and operator are pinned
# (a TESTHOOKS build), so the files only change when the record does.
#
#   sh tests/report-examples.sh build/test/warroom [OUTDIR]
set -u
cd "$(dirname "$0")/.." || exit 1
WARROOM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=${2:-screenshots}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] ||
    { echo "report-examples: $CHROMIUM is missing (make deps)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
export TZ=UTC WARROOM_TEST_NOW=2026-11-24T10:00:00Z
export WARROOM_TEST_OPERATOR=alice WARROOM_LOG_DIR="$T/logs"
export WARROOM_DATA="$(pwd)/data"
W() { "$WARROOM" --db "$T/demo.db" "$@"; }

# The demo incident, then what a war room does with it.
W demo --no-attach >"$T/demo.out" || { cat "$T/demo.out"; exit 1; }
WARROOM_TEST_NOW=2026-11-24T10:20:00Z W phase containment >/dev/null
WARROOM_TEST_NOW=2026-11-24T10:25:00Z W tick 1 >/dev/null
WARROOM_TEST_NOW=2026-11-24T10:30:00Z W note "runner key disabled;" \
    "instances stopped, volumes kept for forensics" >/dev/null
mkdir -p "$OUT"
W report --format txt -o "$OUT/report-demo.txt" || exit 1
W report --format html -o "$OUT/report-demo.html" || exit 1
"$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --no-first-run \
    --user-data-dir="$T/profile" --hide-scrollbars \
    --window-size=1100,2200 --screenshot="$OUT/report-demo.png" \
    "file://$(pwd)/$OUT/report-demo.html" >"$T/chrome.log" 2>&1 ||
    { tail -n 5 "$T/chrome.log"; exit 1; }
echo "report-examples: $OUT/report-demo.txt, .html, .png"
