#!/usr/bin/env bash
# The test command: the whole Maven build (unit, integration, security and fuzz tests, cfn-lint, the
# widget's tests), then a scan of every test output for the test secrets (.ci/scan-logs.sh) and a
# check of every relative link in the Markdown docs (.ci/check-links.py).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B verify "$@"
.ci/scan-logs.sh
python3 .ci/check-links.py
