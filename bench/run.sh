#!/usr/bin/env bash
# The performance benchmark: cold start against the Node.js reference, warm path, Spotify-call
# economy, jar sizes and the time budget when Spotify stalls. Writes bench/results/REPORT.md.
#   bench/run.sh            the full benchmark (several minutes)
#   bench/run.sh --smoke    one run each with small counts (CI: proves it still works, asserts no timing)
#   bench/run.sh --budget-only [--runs N]   only the time budget when Spotify stalls (section 5)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -Pbench -DskipTests package -pl bench,callback-function,refresh-function -am
if [ ! -d bench/node/node_modules ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# the harness itself runs with Lambda's JVM options, so the warm path is measured as Lambda runs it
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx445m -cp "bench/target/bench.jar:$(cat bench/target/classpath.txt)" io.nowplaying.bench.Bench "$@"
