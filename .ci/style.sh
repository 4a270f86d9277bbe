#!/bin/sh
# The style gate: no line over 80 columns (tab = 8) and no banned
# function in tui/ core/ aws/ tests/.  Prints every hit, fails on any.
cd "$(dirname "$0")/.." || exit 1
files=$(find tui core aws tests -name '*.[ch]' | sort)
rc=0
for f in $files; do
	expand -t8 "$f" | awk -v f="$f" 'length > 80 {
		printf "%s:%d: line over 80 columns\n", f, NR; bad = 1 }
		END { exit bad }' || rc=1
done
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi|atol|localtime|gmtime|ctime|asctime)[[:space:]]*\('
if grep -nE "$banned" $files; then
	echo "style: banned function (see .ci/style.sh)"
	rc=1
fi
exit $rc
