#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz-replay.sh: every fuzz target, built with the sanitizers as a replay program,
# runs every saved seed and regression input (fuzz/corpus, fuzz/regress), each in
# a child of its own: a crash, sanitizer report, leak or broken invariant is a
# "not ok" naming the input.
set -u
: "${BUILDDIR:?BUILDDIR is the sanitizer build (tests/run sets it)}"
: "${SRCDIR:?SRCDIR is the source tree (tests/run sets it)}"
rc=0
for dir in "$SRCDIR"/fuzz/corpus/*/; do
	t=$(basename "$dir")
	prog=$BUILDDIR/fuzz/fuzz-$t
	if [ ! -x "$prog" ]; then
		echo "not ok fuzz/$t: no replay program $prog; run scripts/build.sh native"
		rc=1
		continue
	fi
	# The replay program prints one result line per input itself.
	"$prog" "$SRCDIR/fuzz/corpus/$t" "$SRCDIR/fuzz/regress/$t" || rc=1
done
exit $rc
