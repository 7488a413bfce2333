#!/usr/bin/env bash
# The registry tool of before the one command line: the same as `bash scripts/iokit4j.sh ioreg ARGS` (docs/tools.md),
# which it runs; kept so existing commands and notes still work.
#   bash scripts/ioreg.sh [--kernel embedded|unix:PATH] [-l] [-c <class>] [-n <name>] [-r] [--bundle <resource>]...
#                         [--no-discover]        (--help for all options)
set -euo pipefail
exec bash "$(dirname "$0")/iokit4j.sh" ioreg "$@"
