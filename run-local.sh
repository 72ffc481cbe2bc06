#!/usr/bin/env bash
# Starts the local server on http://127.0.0.1:3000 (README: "Run it locally"), building it first
# when its jar is missing or older than the sources. Arguments go to the server, e.g. --port 3001.
set -euo pipefail
cd "$(dirname "$0")"
jar=local-server/target/local-server.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src widget -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building the local server (the first build downloads dependencies and takes a few minutes)..."
  mvn -B -q -DskipTests package -pl local-server -am
fi
exec java -jar "$jar" "$@"
