#!/usr/bin/env bash
# Kill-and-restart rounds of a driver server (docs/reliability.md, "Driver-server crashes (issue 10)"): runs
# DriverServerKillRoundsTest with ROUNDS rounds (default 100, the long form; CI runs 5) and prints its summary.
#
#   scripts/crash-rounds.sh          # 100 rounds
#   scripts/crash-rounds.sh 20
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
# surefire:test@default-test runs the test once (a plain `test` with -Dtest would run it in the fuzz-regression
# execution too); Maven's -D user properties reach the forked test JVM as system properties
exec ./mvnw -B -ntp -pl iokit4j-system-tests -am test-compile surefire:test@default-test \
  -Dtest=DriverServerKillRoundsTest -Dsurefire.failIfNoSpecifiedTests=false -Diokit4j.crash.rounds="${1:-100}"
