#!/usr/bin/env bash
# Starts the kernel daemon, iokit4j-kerneld (contract.md §6; docs/kernel-and-bundles.md, "Running the daemon"):
#   bash scripts/kerneld.sh [--socket PATH] [--dext PATH]... [--entitlements FILE]
# Builds the daemon's jars only when one is missing or older than a source, then execs java, so the daemon's pid is
# this script's and SIGTERM reaches it. Standard output carries only the daemon's ready line (the build's output goes
# to standard error). Class path: iokit4j-kerneld's jar and its run-time dependencies (the module jars of core,
# kernel (with dd-plist inside) and driverkit, and picocli, listed in iokit4j-kerneld/target/classpath.txt by the
# package phase),
# then IOKIT4J_CLASSPATH (a ':'-separated class path), e.g. for the module that serves the daemon's protocol.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
modules=(iokit4j-core iokit4j-kernel iokit4j-driverkit iokit4j-kerneld)
classpath_file=iokit4j-kerneld/target/classpath.txt
# when this script last built: Maven leaves a jar untouched when its classes did not change, so a jar's own time
# cannot tell whether a pom edited since was built
stamp=iokit4j-kerneld/target/kerneld.sh.built

kerneld_jar() {
  ls iokit4j-kerneld/target/iokit4j-kerneld-*.jar 2>/dev/null | grep -v -e -sources.jar -e -javadoc.jar | head -n 1
}

needs_build() {
  local entry
  [ -n "$(kerneld_jar)" ] && [ -f "$classpath_file" ] && [ -f "$stamp" ] || return 0
  for entry in $(tr ':' ' ' < "$classpath_file"); do
    [ -e "$entry" ] || return 0
  done
  # a pom or a main source of the daemon or of a module it runs changed since the last build
  [ -n "$(find pom.xml "${modules[@]}" -path '*/target' -prune -o -path '*/src/test' -prune -o -type f \
            -newer "$stamp" -print -quit)" ]
}

if needs_build; then
  echo "kerneld.sh: building ${modules[*]}" >&2
  ./mvnw -B -q -ntp -DskipTests package -pl iokit4j-kerneld -am >&2
  touch "$stamp"
fi
exec "$JAVA_HOME/bin/java" \
  -cp "$PWD/$(kerneld_jar):$(cat "$classpath_file")${IOKIT4J_CLASSPATH:+:$IOKIT4J_CLASSPATH}" \
  org.iokit4j.kerneld.KernelDaemon "$@"
