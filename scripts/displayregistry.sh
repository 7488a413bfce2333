#!/usr/bin/env bash
# Runs IOKitUser's iodisplayregistry.c, ported (org.iokit4j.examples.displayregistry): the registry below the root as
# a tree, each entry with its class, busy state, retain count and properties, in the default kernel (embedded, with
# the examples' dexts; IOKIT4J_KERNEL=unix:PATH reads a kernel daemon's instead). Options as the C tool's:
#   bash scripts/displayregistry.sh [-p] [-r] [-h] [plane]     # -p: no properties, -r: the root's too
# Needs only a JDK >= 25 (found by scripts/java25.sh); Maven comes through ./mvnw.
set -euo pipefail
exec bash "$(dirname "$0")/example.sh" org.iokit4j.examples.displayregistry.DisplayRegistry "$@"
