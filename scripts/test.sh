#!/usr/bin/env bash
# Runs the whole test suite: every module's unit and conformance tests (installing Chromium first if it is
# missing and can be: scripts/chromium.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
bash scripts/chromium.sh # the trace page's browser test needs one (docs/observability.md)
exec ./mvnw -B -ntp verify "$@"
