#!/usr/bin/env bash
# Fails if any test secret appears in any test output of the build under ROOT (default: the repository).
# Secrets: test-support/src/main/resources/test-secrets/well-known.txt plus every */target/test-secrets.txt
# (values tests created at run time, see io.nowplaying.testing.TestSecrets). Outputs: the surefire and
# failsafe reports (each test class's stdout/stderr, *-output.txt; the XML reports; dump streams) and any
# *.log under a target/ directory. Prints the file and the kind of secret, never the secret itself.
# Every secret is scanned: a listed value shorter than 12 characters fails the scan.
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
well_known="${WELL_KNOWN:-$(cd "$(dirname "$0")/.." && pwd)/test-support/src/main/resources/test-secrets/well-known.txt}"

secrets_file="$(mktemp)"
trap 'rm -f "$secrets_file"' EXIT
{
  grep -v '^#' "$well_known" || true
  find "$root" -path '*/target/test-secrets.txt' -type f -exec cat {} + 2>/dev/null || true
} | grep -v '^$' | sort -u >"$secrets_file"

# A short value would match ordinary text, so it could only be skipped, and a leak of it would go
# unnoticed: every test secret must be distinctive (test values are prefixes such as AQDtestRefresh-).
short="$(awk -F'\t' 'length($2) < 12 { n++ } END { print n + 0 }' "$secrets_file")"
if [ "$short" -gt 0 ]; then
  echo "scan-logs: $short test secrets are shorter than 12 characters and cannot be scanned reliably; use distinctive values" >&2
  exit 1
fi

mapfile -t outputs < <(find "$root" -path '*/target/*' -type f \
  \( -path '*-reports/*-output.txt' -o -path '*-reports/TEST-*.xml' -o -name '*.dumpstream' -o -name '*.log' \) | sort)

found=0
while IFS=$'\t' read -r kind value; do
  [ -n "$value" ] || continue
  for file in "${outputs[@]}"; do
    if grep -qF -- "$value" "$file"; then
      echo "SECRET IN LOG: a $kind value appears in ${file#"$root"/}" >&2
      found=$((found + 1))
    fi
  done
done <"$secrets_file"

echo "scan-logs: $(wc -l <"$secrets_file") secrets checked in ${#outputs[@]} test output files; secrets found in logs: $found"
[ "$found" -eq 0 ]
