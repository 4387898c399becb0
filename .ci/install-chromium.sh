#!/usr/bin/env bash
# Install Debian's chromium package if /usr/bin/chromium is missing.
#
# The browser tests (tests/core/report/test_report_browser.py) drive this binary through
# Playwright (`executable_path=/usr/bin/chromium`); `playwright install` is never run, so no
# browser is downloaded from the network. Idempotent.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null | tail -1) already installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null; then
    SUDO=(sudo)
else
    echo "install-chromium: need root (or sudo) to install the chromium package" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null; then
    echo "install-chromium: apt-get not found; install chromium by hand so that /usr/bin/chromium exists" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold chromium fonts-dejavu-core

if [ ! -x /usr/bin/chromium ]; then
    echo "install-chromium: chromium installed but /usr/bin/chromium is still missing" >&2
    exit 1
fi
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null | tail -1)"
