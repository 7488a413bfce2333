#!/usr/bin/env bash
# The long forms of the reliability checks (docs/reliability.md): async floods with exact accounting, open/close
# churn and closes racing calls, through org.iokit4j.systemtests.load.ReliabilityHarness.
#
#   scripts/reliability.sh                      # 64 threads x 100,000 async calls; 100,000 opens; 2,000 close races
#   scripts/reliability.sh 8 10000 10000 200    # THREADS CALLS_PER_THREAD OPENS RACE_ROUNDS
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# one reactor run: the modules resolve to their target/classes; the last module written (system tests) wins
./mvnw -B -q -ntp test-compile dependency:build-classpath -pl iokit4j-system-tests -am \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
CP="iokit4j-system-tests/target/test-classes:$(cat "$cp_file")"
exec java -Xmx2g -cp "$CP" org.iokit4j.systemtests.load.ReliabilityHarness "$@"
