#!/usr/bin/env bash
# Runs the whole test suite: every module's unit and conformance tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
exec ./mvnw -B -ntp verify "$@"
