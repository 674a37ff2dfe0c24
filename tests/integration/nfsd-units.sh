#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfsd-units.sh: every systemd unit (and the guest mount example) passes
# `systemd-analyze verify` with no finding, as built, with the build's programs.
#
# verify refuses an ExecStart= that is not executable, so the units are
# pointed from the configured sbindir to a folder holding the built rpc.nfsd
# and nfsvsockd, and stand-ins for exportfs and rpc.mountd when they are not
# built. Man pages are not checked (--man=no): exportfs(8) and friends come
# from other parts of the toolset; the ones named here that exist are.
set -u
: "${BUILDDIR:?BUILDDIR must name the build directory}"
: "${SRCDIR:?SRCDIR must name the source tree}"
SUITE=nfsd-units
BUILDDIR=$(cd "$BUILDDIR" && pwd)
SRCDIR=$(cd "$SRCDIR" && pwd)
T=$(mktemp -d /tmp/nfsd-units.XXXXXX)
trap 'rm -rf "$T"' EXIT

if ! command -v systemd-analyze >/dev/null; then
	echo "not ok $SUITE/systemd-analyze: not installed (scripts/deps.sh installs systemd)"
	exit 1
fi
if ! make -s -C "$BUILDDIR" systemd-units >"$T/make.log" 2>&1; then
	echo "not ok $SUITE/build: make systemd-units failed: $(tail -n 1 "$T/make.log")"
	exit 1
fi
sbindir=$(make -s -C "$BUILDDIR" print-sbindir)
mkdir -p "$T/units" "$T/sbin"
for p in utils/nfsd/rpc.nfsd utils/nfsvsockd/nfsvsockd utils/exportfs/exportfs utils/mountd/rpc.mountd; do
	if [ -x "$BUILDDIR/$p" ]; then
		ln -s "$BUILDDIR/$p" "$T/sbin/"
	else
		printf '#!/bin/sh\nexit 0\n' >"$T/sbin/$(basename "$p")"
		chmod +x "$T/sbin/$(basename "$p")"
	fi
done

units=()
for u in "$BUILDDIR"/systemd/*.service "$SRCDIR"/systemd/*.mount "$SRCDIR"/systemd/*.target \
	"$SRCDIR"/systemd/examples/*.mount; do
	name=$(basename "$u")
	if grep -q '@[a-z]*@' "$u"; then
		echo "not ok $SUITE/$name: an @variable@ was left unsubstituted: $(grep -m1 '@[a-z]*@' "$u")"
		continue
	fi
	sed "s|$sbindir/|$T/sbin/|g" "$u" >"$T/units/$name"
	units+=("$name")
done
[ ${#units[@]} -ge 8 ] || echo "not ok $SUITE/count: found ${#units[@]} units, expected at least 8"

# All at once, so each unit's Requires/Wants resolve to the others.
cd "$T/units" || exit 1
for name in "${units[@]}"; do
	out=$(systemd-analyze verify --man=no "${units[@]}" 2>&1 | grep -F "$name")
	if [ -z "$out" ]; then
		echo "ok $SUITE/$name"
	else
		echo "not ok $SUITE/$name: $(echo "$out" | head -n 2 | tr '\n' ' ')"
	fi
done

# Documentation= man pages this project ships must exist.
grep -ho 'man:[a-z.]*([0-9])' "${units[@]}" | sort -u | while read -r page; do
	f=${page#man:}
	f=${f%(*}.${page//[^0-9]/}
	case $f in rpc.nfsd.8 | nfsvsockd.8 | nfs.conf.5)
		if [ -f "$SRCDIR/man/$f" ]; then echo "ok $SUITE/doc-$f"
		else echo "not ok $SUITE/doc-$f: man/$f is missing"; fi ;;
	esac
done
exit 0
