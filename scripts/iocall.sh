#!/usr/bin/env bash
# The call tool of before the one command line: the same as `bash scripts/iokit4j.sh call ARGS` (docs/tools.md),
# which it runs; kept so existing commands and notes still work.
#   bash scripts/iocall.sh [--kernel embedded|unix:PATH] -n <name> -s <selector> [--scalars 1,2] [--struct-hex 00ff]
#                          [--scalar-outputs N] [--struct-output N] [--async] [--entitlement key=value]...
#                          (--help for all)
set -euo pipefail
exec bash "$(dirname "$0")/iokit4j.sh" call "$@"
