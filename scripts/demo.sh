#!/usr/bin/env bash
# Runs the seed's scenario embedded: the Stack Overflow bug, then its fix (dispatch queue and run loop).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
./mvnw -B -q -ntp -DskipTests install -pl iokit4j-examples -am
exec java -cp "$(cat iokit4j-examples/target/classpath.txt):iokit4j-examples/target/classes" \
  org.iokit4j.examples.seed.SeedDemo "$@"
