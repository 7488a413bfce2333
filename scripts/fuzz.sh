#!/usr/bin/env bash
# Runs every fuzz target in Jazzer's fuzzing mode: the long run of docs/reliability.md ("Fuzzing").
#
#   scripts/fuzz.sh                # 1,000,000 inputs per target (9 targets: 9,000,000 in all)
#   scripts/fuzz.sh 10000          # a short run: 10,000 inputs per target
#   scripts/fuzz.sh 300000 kernel  # only the targets whose line below contains "kernel"
#
# Each target runs in a JVM of its own (Jazzer fuzzes one target per run) through the fuzz-regression surefire
# execution, with Jazzer's hooks and bug detectors on, a per-input timeout of IOKIT4J_FUZZ_TIMEOUT seconds
# (default 10: a slower input is a finding) and a heap of 1 GiB (an input that makes the code allocate more is a
# finding), inputs of at most IOKIT4J_FUZZ_MAX_LEN bytes (default 8192). A target also stops after
# IOKIT4J_FUZZ_MAX_DURATION (default 15m), whatever its count.
# New coverage goes to <module>/target/fuzz-corpus/<Class>/<method>/; a crashing input is written by Jazzer into
# the regression corpus under <module>/src/test/resources/.../<Class>Inputs/<method>/, which ./mvnw verify replays.
# The summary (inputs run, seconds spent fuzzing and wall seconds with the build, per target) is printed at the
# end and kept in target/fuzz-summary.txt;
# each target's full log is in <module>/target/fuzz-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh

per_target="${1:-1000000}"
filter="${2:-}"
timeout="${IOKIT4J_FUZZ_TIMEOUT:-10}"
max_duration="${IOKIT4J_FUZZ_MAX_DURATION:-15m}"
max_len="${IOKIT4J_FUZZ_MAX_LEN:-8192}"

# module  class  method  classes-to-instrument (Jazzer globs; empty: the module's own classes; org.iokit4j.** takes in
# dd-plist, relocated into the kernel as org.iokit4j.kernel.internal.ddplist)
all_targets=(
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest machMsgHeader -"
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest asyncCompletion -"
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest matchingNotification -"
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest interestNotification -"
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest actionAborted -"
  "iokit4j-core org.iokit4j.wire.WireLayoutFuzzTest encoders -"
  "iokit4j-iokitlib org.iokit4j.iokitlib.NotificationDispatchFuzzTest dispatch org.iokit4j.**"
  "iokit4j-kernel org.iokit4j.kernel.bundle.BundlePlistFuzzTest infoPlist org.iokit4j.**"
  "iokit4j-kernel org.iokit4j.kernel.bundle.BundlePlistFuzzTest entitlementsPlist org.iokit4j.**"
)
targets=()
for target in "${all_targets[@]}"; do
  case "$target" in *"$filter"*) targets+=("$target") ;; esac
done
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz target matches '$filter'" >&2
  exit 2
fi
echo "fuzzing ${#targets[@]} target(s), $per_target inputs each, timeout ${timeout}s per input"

summary=target/fuzz-summary.txt
mkdir -p target
printf '%-62s %10s %8s %8s %s\n' target inputs fuzzing wall result > "$summary"
failed=0
for target in "${targets[@]}"; do
  read -r module class method instrument <<< "$target"
  simple="${class##*.}"
  corpus="$PWD/$module/target/fuzz-corpus/$simple/$method"
  log="$PWD/$module/target/fuzz-logs/$simple.$method.log"
  mkdir -p "$corpus" "$(dirname "$log")"
  extra=()
  if [ "$instrument" != "-" ]; then
    extra+=("-Djazzer.instrument=$instrument")
  fi
  echo "== $module $simple#$method"
  start=$(date +%s)
  # test-compile keeps the reactor resolving sibling modules to their target/classes; nothing is installed.
  if JAZZER_FUZZ=1 ./mvnw -B -ntp -pl "$module" -am test-compile surefire:test@fuzz-regression \
      -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Diokit4j.fuzz.hooks=true -Djunit.jupiter.execution.timeout.mode=disabled \
      -Djazzer.max_executions="$per_target" -Djazzer.max_duration="$max_duration" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="$corpus" -Djazzer.internal.arg.2="-timeout=$timeout" \
      -Djazzer.internal.arg.3="-max_len=$max_len" "${extra[@]}" > "$log" 2>&1; then
    result=passed
  else
    result="FAILED (see $log)"
    failed=1
  fi
  seconds=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
  fuzzing=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  printf '%-62s %10s %7ss %7ss %s\n' "$module $simple#$method" "${runs:-?}" "${fuzzing:-?}" "$seconds" "$result" \
    | tee -a "$summary"
done
echo
cat "$summary"
exit "$failed"
