#!/usr/bin/env bash
# Runs Apple's sample "Communicating between a DriverKit extension and a client app", ported: NullDriver embedded,
# and its app reading choices from standard input (1-7, 0 to exit). Non-interactive:
#   printf '1\n2\n3\n4\n5\n6\n7\n0\n' | bash scripts/nulldriver.sh
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-examples -am
exec "$JAVA_HOME/bin/java" -cp "iokit4j-examples/target/classes:$(cat iokit4j-examples/target/classpath.txt)" \
  org.iokit4j.examples.nulldriver.NullDriverApp "$@"
