#!/usr/bin/env bash
# Runs the ioreg tool (iokit4j-tools, docs/tools.md) over an embedded kernel with every driver bundle on its class
# path; add your dext's jar or classes directory with IOKIT4J_CLASSPATH (a ':'-separated class path).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-tools -am
exec "$JAVA_HOME/bin/java" \
  -cp "iokit4j-tools/target/classes:$(cat iokit4j-tools/target/classpath.txt)${IOKIT4J_CLASSPATH:+:$IOKIT4J_CLASSPATH}" \
  org.iokit4j.tools.Ioreg "$@"
