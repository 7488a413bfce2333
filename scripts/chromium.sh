#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the trace page's browser test (TraceBrowserTest, issue 12 §4):
# does nothing when one is there (/usr/bin/chromium, chromium-browser, google-chrome, or $IOKIT4J_CHROMIUM);
# else installs Debian's `chromium` package with apt-get (as root, or through sudo without a password).
# When it cannot, it says so and returns 0: the test then fails with the same instructions.
set -uo pipefail

for candidate in "${IOKIT4J_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: no Chromium and no apt-get: install Chromium, or set IOKIT4J_CHROMIUM to its executable" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "chromium.sh: no Chromium, and not root (nor passwordless sudo): run 'sudo apt-get install -y chromium'" >&2
  exit 0
fi
echo "chromium.sh: installing Debian's chromium package for the trace page's browser test" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq chromium; } >&2; then
  echo "chromium.sh: apt-get could not install chromium: run 'sudo apt-get install -y chromium'" >&2
fi
exit 0
