#!/usr/bin/env bash
# The performance benchmark; writes bench/results/REPORT.md (docs/performance.md says what it measures).
#   bench/run.sh [--runs N]        the full benchmark (cold-path runs per variant: 7)
#   bench/run.sh --smoke           every section once with small counts (CI: fails on errors, never on timings)
#   bench/run.sh --only SECTION    one section: cold, warm, economy, jars or budget
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -Pbench -DskipTests package -pl bench -am
if [ ! -d bench/node/node_modules ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# the harness runs with Lambda's JVM options, so the warm path is measured as Lambda runs it
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx445m -cp "bench/target/bench.jar:$(cat bench/target/classpath.txt)" io.nowplaying.bench.Bench "$@"
