#!/usr/bin/env bash
# Runs the thermometer of docs/guide-first-dext.md: its dext embedded (found on the class path), and its app, written
# as a C app would be (default) or on the Java layer (--java). Against a daemon instead:
#   IOKIT4J_KERNEL=unix:PATH bash scripts/thermometer.sh [--java]
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
main=org.iokit4j.examples.thermometer.ThermometerApp
if [[ "${1:-}" == "--java" ]]; then
  main=org.iokit4j.examples.thermometer.ThermometerJavaApp
  shift
fi
exec bash "$(dirname "$0")/example.sh" "$main" "$@"
