#!/usr/bin/env bash
# Prints, on the build's console, the test classes of one module that did not run because the user
# opted out of a missing test dependency (-Dmoto.skip=true, -Dbrowser.skip=true), then removes the list.
# The list is written by io.nowplaying.testing.SkippedTestsListener: "class<TAB>reason" per line.
set -euo pipefail
report="${1:?usage: report-skipped.sh TARGET_DIR}/skipped-tests.txt"
[ -f "$report" ] || exit 0
echo "[WARNING] TESTS NOT RUN (opted out of a missing test dependency):"
sort -u "$report" | while IFS=$'\t' read -r test_class reason; do
  echo "[WARNING]   $test_class: $reason"
done
rm -f "$report"
