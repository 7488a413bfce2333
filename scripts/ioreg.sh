#!/usr/bin/env bash
# Runs the ioreg tool (iokit4j-tools, docs/tools.md): the I/O Registry of a kernel as a tree, then its problems.
#   bash scripts/ioreg.sh [--kernel embedded|unix:PATH] [-l] [-c <class>] [-n <name>] [--bundle <resource>]...
#                         [--no-discover]        (--help for all options)
# --kernel embedded (the default, unless iokit4j.kernel / IOKIT4J_KERNEL say otherwise) boots a kernel in this JVM
# with every driver bundle on the class path: add your dext's jar or classes directory with IOKIT4J_CLASSPATH (a
# ':'-separated class path). --kernel unix:PATH reads a running kernel daemon (scripts/kerneld.sh), which has its
# own dexts. Needs only a JDK >= 25 (scripts/java25.sh); builds the tools only when needed (scripts/tools-classpath.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
source scripts/tools-classpath.sh
exec "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$IOKIT4J_TOOLS_CLASSPATH" org.iokit4j.tools.Ioreg "$@"
