#!/usr/bin/env bash
# Builds the JMH jar and runs the benchmarks matching a pattern, with the flags docs/benchmarks.md used.
#
#   scripts/bench.sh CallBenchmark                     # 2 forks x (3 warm-up + 5 measured) x 1 s
#   scripts/bench.sh 'CallBenchmark.scalar' -f 1 -i 3  # options after the pattern replace the defaults
#   IOKIT4J_BENCH_NO_BUILD=1 scripts/bench.sh ...       # reuse the jar already built
#
# Results are also written as JSON to iokit4j-benchmarks/target/jmh-result.json.
# This machine class is noisy (docs/benchmarks.md): run on an idle machine and compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
if [ "${IOKIT4J_BENCH_NO_BUILD:-}" != 1 ]; then
  ./mvnw -B -q -ntp package -DskipTests -pl iokit4j-benchmarks -am
fi
pattern="${1:-CallBenchmark}"
shift || true
if [ "$#" -eq 0 ]; then
  set -- -f 2 -wi 3 -i 5 -w 1 -r 1
fi
exec java --sun-misc-unsafe-memory-access=allow -jar iokit4j-benchmarks/target/benchmarks.jar "$pattern" "$@" \
  -rf json -rff iokit4j-benchmarks/target/jmh-result.json \
  -jvmArgsAppend --sun-misc-unsafe-memory-access=allow
