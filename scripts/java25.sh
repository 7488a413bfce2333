#!/usr/bin/env bash
# Sourced by the project's scripts: exports JAVA_HOME as a JDK >= 25, or fails with a clear message.
# Order: $JAVA_HOME if it is >= 25, then the usual install places.
iokit4j_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
iokit4j_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
                   "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(iokit4j_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! IOKIT4J_JDK=$(iokit4j_find_jdk); then
  echo "iokit4j needs a JDK 25 or newer: JAVA_HOME (${JAVA_HOME:-unset}) is not one, and none was found" \
       "under /usr/lib/jvm, /usr/local/lib/jvm, /opt or ~/.sdkman. Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$IOKIT4J_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
