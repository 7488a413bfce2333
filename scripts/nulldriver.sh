#!/usr/bin/env bash
# Runs Apple's sample "Communicating between a DriverKit extension and a client app", ported: NullDriver embedded,
# and its app reading choices from standard input (1-7, 0 to exit). Non-interactive:
#   printf '1\n2\n3\n4\n5\n6\n7\n0\n' | bash scripts/nulldriver.sh
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
exec bash "$(dirname "$0")/example.sh" org.iokit4j.examples.nulldriver.NullDriverApp "$@"
