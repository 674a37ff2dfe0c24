#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mount-fake.sh: mount.nfs -f for every line of tests/unit/mount/cases, output diffed against
# tests/unit/mount/NAME.out; fstab and utab relocated; no probe, no relay, no mount(2).
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
: "${BUILDDIR:?}" "${SRCDIR:?}"
SUITE=mount-fake
DIR=$SRCDIR/tests/unit/mount
T=$(mktemp -d /tmp/nvmount.XXXXXX)
trap 'rm -rf "$T"' EXIT
export NFSVSOCK_TEST_NO_VSOCK=1 NFSVSOCK_ROOT=$T/root LIBMOUNT_UTAB=$T/utab
# No case may reach a relay: point the control socket nowhere.
export NFSVSOCK_NFSVSOCKD=/nonexistent
mkdir -p "$NFSVSOCK_ROOT/etc"
printf '[nfsvsockd]\ncontrol-socket = %s\n' "$T/none.ctl" >"$NFSVSOCK_ROOT/etc/nfs.conf"
cat >"$NFSVSOCK_ROOT/etc/fstab" <<'FSTAB'
# a vsock line and a TCP line, as a guest would write them
2:/fstab /mnt/f nfs4 proto=vsock,vers=4.1,nofail,x-systemd.requires=nfsvsockd.service 0 0
127.0.0.1:/tcp /mnt/t nfs vers=4.2 0 0
FSTAB
for p in mount.nfs mount.nfs4 umount.nfs; do ln -s "$BUILDDIR/utils/mount/mount.nfs" "$T/$p"; done

n=0
while read -r name prog args; do
	case $name in '#'* | '') continue ;; esac
	n=$((n + 1))
	# shellcheck disable=SC2086 # the arguments are words on purpose
	# The temporary directory's name varies: it reads as $T in the expected files.
	{ "$T/$prog" $args; echo "exit $?"; } 2>&1 | sed "s|$T|\$T|g" >"$T/$name.got"
	if [ -n "${UPDATE:-}" ]; then cp "$T/$name.got" "$DIR/$name.out"; fi
	if [ ! -f "$DIR/$name.out" ]; then
		echo "not ok $SUITE/$name: no expected file $DIR/$name.out (run with UPDATE=1)"
	elif d=$(diff -u "$DIR/$name.out" "$T/$name.got"); then
		echo "ok $SUITE/$name"
	else
		echo "not ok $SUITE/$name: output differs: $(printf '%s' "$d" | sed -n '4,8p' | tr '\n' '|')"
	fi
done <"$DIR/cases"
# Every expected file belongs to a case, so a renamed case cannot leave a stale one passing.
for f in "$DIR"/*.out; do
	b=$(basename "$f" .out)
	grep -q "^$b " "$DIR/cases" || echo "not ok $SUITE/stale-$b: $f has no line in cases"
done
if [ "$n" -gt 50 ]; then echo "ok $SUITE/case-count"; else echo "not ok $SUITE/case-count: only $n"; fi
