#!/usr/bin/env bash
# Runs the seed's scenario, embedded: the Stack Overflow question's bug, then its fix with a dispatch queue
# and with a run loop. Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-examples -am
exec "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -Djava.util.logging.SimpleFormatter.format='   [%4$s] %5$s%n' -cp "iokit4j-examples/target/classes:$(cat iokit4j-examples/target/classpath.txt)" \
  org.iokit4j.examples.seed.SeedDemo "$@"
