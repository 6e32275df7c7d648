#!/usr/bin/env bash
# The quality report's browser test renders the report in headless Chromium. When no chromium is on
# the PATH, Debian's package is installed (as root, with apt-get); otherwise the test will say what
# is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium package for the browser test..." >&2
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
else
  echo "note: no chromium on the PATH; the browser test will fail (apt-get install chromium)" >&2
fi
