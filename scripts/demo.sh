#!/usr/bin/env bash
# Runs the seed's scenario, embedded: the Stack Overflow question's bug, then its fix with a dispatch queue
# and with a run loop. Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
exec bash "$(dirname "$0")/example.sh" -Djava.util.logging.SimpleFormatter.format='   [%4$s] %5$s%n' \
  org.iokit4j.examples.seed.SeedDemo "$@"
