#!/usr/bin/env bash
# Runs the thermometer of docs/guide-first-dext.md: its dext embedded (found on the class path), and its app, written
# as a C app would be (default) or on the Java layer (--java). Against a daemon instead:
#   IOKIT4J_KERNEL=unix:PATH bash scripts/thermometer.sh [--java]
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
main=org.iokit4j.examples.thermometer.ThermometerApp
if [[ "${1:-}" == "--java" ]]; then
  main=org.iokit4j.examples.thermometer.ThermometerJavaApp
  shift
fi
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-examples -am
exec "$JAVA_HOME/bin/java" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "iokit4j-examples/target/classes:$(cat iokit4j-examples/target/classpath.txt)" "$main" "$@"
