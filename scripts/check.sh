#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/check.sh: the whole test suite from a fresh Debian 12 machine (as root):
# install dependencies, build both trees, run unit, integration and QEMU tests (the
# guest twice: with build/vm, then a chosen set of scenarios with build/san's sanitizers).
# The last line is "N passed, N failed"; the exit status is 0 only if nothing failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" native vm
exec "$top/tests/run" "$@"
