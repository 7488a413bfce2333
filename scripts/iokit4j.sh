#!/usr/bin/env bash
# Runs the iokit4j command line (iokit4j-tools, docs/tools.md) from its runnable jar:
#   bash scripts/iokit4j.sh ioreg [--kernel embedded|unix:PATH] [-l] [-c <class>] [-n <name>] [-r]
#   bash scripts/iokit4j.sh call -n <name> -s <selector> [--scalars 1,2] [--struct-hex 00ff | --struct-file F]
#                                [--scalar-outputs N] [--struct-output N] [--out-file F] [--async [--timeout 10s]]
#   bash scripts/iokit4j.sh kerneld [--socket PATH] [--dext PATH]... [--entitlements FILE]
#   source <(bash scripts/iokit4j.sh generate-completion)        (--help on each command for all options)
# The jar, iokit4j-tools/target/iokit4j-tools-VERSION-all.jar, holds the tools and everything they run (the client,
# the embedded kernel, the DriverKit runtime, the daemon, picocli). It is built only when it is missing or a pom or a
# main source of a module it holds is newer than it (the build's output and the line "iokit4j.sh: building ..." go
# to standard error, so standard output carries only the command's); otherwise java starts at once.
# Class path: the jar, then IOKIT4J_CLASSPATH (a ':'-separated class path: your dext's jar or classes directory for
# --kernel embedded, which loads every driver bundle on the class path). Needs only a JDK >= 25 (scripts/java25.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
iokit4j_modules=(iokit4j-core iokit4j-iokitlib iokit4j-kernel iokit4j-internal-dd-plist iokit4j-driverkit
                 iokit4j-kerneld iokit4j-tools)

iokit4j_jar() {
  ls iokit4j-tools/target/iokit4j-tools-*-all.jar 2>/dev/null | head -n 1
}

iokit4j_needs_build() {
  local jar
  jar=$(iokit4j_jar)
  [ -n "$jar" ] || return 0
  local existing=()
  for module in pom.xml "${iokit4j_modules[@]}"; do
    [ -e "$module" ] && existing+=("$module")
  done
  # a pom or a main source of a module in the jar changed since it was built (tests and build output do not count)
  [ -n "$(find "${existing[@]}" -path '*/target' -prune -o -path '*/src/test' -prune -o -type f \
            -newer "$jar" -print -quit)" ]
}

if iokit4j_needs_build; then
  echo "iokit4j.sh: building ${iokit4j_modules[*]}" >&2
  ./mvnw -B -q -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl iokit4j-tools -am >&2
  touch "$(iokit4j_jar)" # the shade step rewrites the jar, but say so even if a build ever skipped it
fi
exec "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "$PWD/$(iokit4j_jar)${IOKIT4J_CLASSPATH:+:$IOKIT4J_CLASSPATH}" org.iokit4j.tools.Iokit4j "$@"
