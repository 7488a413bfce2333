#!/usr/bin/env bash
# Runs the cross-process benchmark (org.iokit4j.benchmarks.ipc.IpcBench, issue 9): an app JVM calling the kernel
# daemon, against a raw Unix-domain-socket ping-pong and gRPC-java over the same kind of socket, each leg in child
# JVMs it starts and ends itself. Builds the benchmarks jar first if it is missing or older than the sources.
#
#   scripts/bench-ipc.sh                                  # every leg: 3 rounds x (20,000 warm-up + 200,000 timed)
#   scripts/bench-ipc.sh --legs raw,grpc --count 50000    # options: see the Javadoc of ...benchmarks.ipc.Options
#   scripts/bench-ipc.sh --legs raw,raw-shm,ring-spin,ring-backoff,ring-block --count 50000
#                                                         # the rings (issue 10), then their idle CPU per mode
#
# Prints a Markdown table; the JSON goes to iokit4j-benchmarks/target/ipc-result.json unless --json says otherwise
# (paths are relative to the repository root). The legs of the kernel daemon print "skipped" while
# org.iokit4j.kerneld.KernelDaemon is not in the jar. Run on an idle machine: the load average is in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
jar=iokit4j-benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q -ntp package -DskipTests -pl iokit4j-benchmarks -am
fi
exec java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar" org.iokit4j.benchmarks.ipc.IpcBench --json iokit4j-benchmarks/target/ipc-result.json "$@"
