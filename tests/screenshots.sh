#!/bin/sh
# make screenshots: drive the console in a private tmux server, capture
# each scene with its colours (capture-pane -e), turn the capture into
# HTML with aha and the HTML into a PNG with headless Chromium.
#
#   sh tests/screenshots.sh build/test/warroom [OUTDIR]
#
# Scenes: the main screen at 120x40 and 80x24, a finding's detail, an
# event with hostile strings escaped, the help overlay, the notice
# below 80x24, and containment from a finding (the menu, the dry-run).  Clock and operator are pinned (a TESTHOOKS build).
set -u
cd "$(dirname "$0")/.." || exit 1
WARROOM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=${2:-screenshots}
CASES=$(pwd)/tests/cases
export WARROOM CASES
for tool in tmux aha chromium; do
	command -v $tool >/dev/null ||
	    { echo "screenshots: $tool is missing (make deps)"; exit 1; }
done
TMPROOT=$(mktemp -d)
export TMPROOT
. tests/e2e/console.lib
trap 'cleanup; rm -rf "$TMPROOT"' EXIT INT TERM
mkdir -p "$OUT"

# shot NAME COLS ROWS: the current pane as OUT/NAME.png.
shot() {
	cape
	{
		printf '<!DOCTYPE html><html><head><meta charset="utf-8">'
		printf '<style>body{margin:0;background:#000}pre{margin:8px;'
		printf 'font:14px/17px "DejaVu Sans Mono",monospace;}</style>'
		printf '</head><body style="color:#ddd"><pre>'
		aha --black --no-header <"$LAST"
		printf '</pre></body></html>\n'
	} >"$W/$1.html"
	chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --no-first-run \
	    --user-data-dir="$(mktemp -d)" --hide-scrollbars \
	    --window-size=$(($2 * 85 / 10 + 16)),$(($3 * 17 + 16)) \
	    --screenshot="$OUT/$1.png" "file://$W/$1.html" \
	    >/dev/null 2>&1 || fail "chromium failed on $1"
	[ -s "$OUT/$1.png" ] || fail "no $OUT/$1.png"
	echo "  $OUT/$1.png"
}

# The bundled demo incident (an exercise), as `make demo` shows it.
rm -f "$DB" "$DB"-*
"$WARROOM" --db "$DB" demo --no-attach >/dev/null || fail "warroom demo"
start 120x40
wait_for "Findings ("
keys Tab Tab Space '>' y
wait_for "> Containment"
shot console-120x40 120 40
keys Tab Enter
wait_for "Events by"
shot detail-120x40 120 40
keys Escape '?'
wait_for "Keys of some panes"
shot help-120x40 120 40
keys Escape
tm resize-window -t t -x 80 -y 24
wait_for "Findings (" 20
shot console-80x24 80 24
tm resize-window -t t -x 60 -y 20
wait_for "terminal too small" 20
shot too-small-60x20 60 20
keys q
check_restored 0

# Hostile strings from tests/fixtures/hostile, escaped.
new_incident "Hostile strings"
"$WARROOM" --db "$DB" ingest tests/fixtures/hostile/cloudtrail-hostile.json \
    >/dev/null || fail "ingest"
start 120x40
wait_for "victim<U+202E>"
keys Down Down Enter
wait_for "Events by"
shot hostile-detail-120x40 120 40
keys Down Enter
wait_for "Event detail"
shot hostile-event-120x40 120 40
keys q q q
check_restored 0

# Containment from a GuardDuty finding on an access key (nothing run).
new_incident "Leaked key"
"$WARROOM" --db "$DB" ingest tests/fixtures/contain/gd-access-key.json \
    >/dev/null || fail "ingest"
start 80x24
wait_for "MaliciousIPCaller.Custom"
keys c
wait_for "pick an action"
shot contain-menu-80x24 80 24
keys Enter
wait_for "y runs it"
shot contain-dryrun-80x24 80 24
keys Escape q
check_restored 0
