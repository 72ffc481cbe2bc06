#!/usr/bin/env bash
# Cold-path cost of writing one EMF metric: the project's own writer (spotify-core Log.metric) against
# AWS's aws-embedded-metrics library, in classes loaded and time to the first metric, in a fresh JVM.
# Usage: bench/emf-cost/run.sh [runs]   (after `mvn -B -o -pl spotify-core -am package -DskipTests`;
# the library's jars are resolved once with `mvn dependency:copy-dependencies` into target/).
set -euo pipefail
# The library writes to standard output in its Lambda environment, as it would in a function.
export AWS_EMF_ENVIRONMENT=Lambda
cd "$(dirname "$0")"
runs=${1:-7}
root=$(cd ../.. && pwd)
m2=${HOME}/.m2/repository
jackson=$(ls "$m2"/com/fasterxml/jackson/core/jackson-databind/2.21.*/jackson-databind-2.21.*.jar | tail -1)
jcore=$(ls "$m2"/com/fasterxml/jackson/core/jackson-core/2.21.*/jackson-core-2.21.*.jar | tail -1)
jann=$(ls "$m2"/com/fasterxml/jackson/core/jackson-annotations/2.21*/jackson-annotations-2.21*.jar | tail -1)
core_cp="$root/spotify-core/target/classes:$jackson:$jcore:$jann"
mkdir -p target/lib target/classes
if [ ! -e target/lib/aws-embedded-metrics-4.2.0.jar ]; then
  mvn -B -q -f library-pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/target/lib" -DexcludeGroupIds=com.fasterxml.jackson.core
fi
lib_cp=$(ls target/lib/*.jar | tr '\n' ':')
javac -d target/classes -cp "$core_cp:$lib_cp" EmfCostProbe.java
for variant in baseline own library; do
  classes=()
  micros=()
  for i in $(seq "$runs"); do
    rm -f target/classload.log
    out=$(java -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:class+load=info:file=target/classload.log \
      -cp "target/classes:$core_cp:$lib_cp" EmfCostProbe "$variant" 2>&1 >/dev/null | grep metricMicros)
    classes+=("$(grep -c ' source: ' target/classload.log)")
    micros+=("${out#metricMicros=}")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "$variant: classes loaded (median of $runs) $(median "${classes[@]}"), time to first metric (median) $(median "${micros[@]}") us"
done
