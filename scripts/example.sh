#!/usr/bin/env bash
# Builds iokit4j-examples (and the modules it needs) and runs one of its main classes on its class path: the one body
# of every example's launcher (demo.sh, nulldriver.sh, displayregistry.sh, thermometer.sh).
#   bash scripts/example.sh [JVM_OPTION...] MAIN_CLASS [ARG...]
# The JVM also gets --add-exports java.base/jdk.internal.misc=ALL-UNNAMED, which Agrona's rings need on Java 25 when
# the example is an app of a kernel daemon (IOKIT4J_KERNEL=unix:PATH) and calls a driver server over the direct path.
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
jvm_options=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED)
while [[ $# -gt 0 && "$1" == -* ]]; do
  jvm_options+=("$1")
  shift
done
if [[ $# -eq 0 ]]; then
  echo "usage: bash scripts/example.sh [JVM_OPTION...] MAIN_CLASS [ARG...] (e.g. org.iokit4j.examples.seed.SeedDemo)" >&2
  exit 2
fi
main="$1"
shift
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-examples -am
exec "$JAVA_HOME/bin/java" "${jvm_options[@]}" \
  -cp "iokit4j-examples/target/classes:$(cat iokit4j-examples/target/classpath.txt)" "$main" "$@"
