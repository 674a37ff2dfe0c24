#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/build.sh [native|vm]...: configure and build the out-of-tree builds.
#   build/san  warnings as errors, AddressSanitizer + UBSan: everything run natively, and
#              the programs of tests/run's vm-san level (installed in the guest from here)
#   build/vm   warnings as errors, no sanitizers: the programs copied into the guest
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# Later edits to Makefile.am or configure.ac are picked up by the generated
# Makefiles' own rebuild rules; only a fresh clone needs autoreconf.
[ -x configure ] || autoreconf -fi
jobs=$(nproc)
build() {
	local dir=$1; shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$dir/config.status" -ot configure ]; then
		(cd "$dir" && "$top/configure" -q "$@")
	fi
	make -s -C "$dir" -j"$jobs" tests-build
}
for what in "${@:-native vm}"; do
	for w in $what; do
		case $w in
		native) build build/san --enable-werror --enable-sanitizers ;;
		vm) build build/vm --enable-werror CFLAGS="-O2 -g" ;;
		*) echo "build.sh: unknown build '$w' (native or vm)" >&2; exit 2 ;;
		esac
	done
done
