#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 20-probe.sh: the stock kernel refuses vsock in nfsd and in the NFS client, and the
# project's own probes (the ones mount.nfs and rpc.nfsd use) report it exactly.
# shellcheck disable=SC1091
. /scenarios/lib.sh

out=/tmp/probe.keys

# What scripts/demo.sh shows a person: the probe as an administrator runs it.
echo "demo: guest# nfsvsock-probe"
nfsvsock-probe 2>&1 | sed 's/^/demo: /'

if nfsvsock-probe -k >"$out" 2>/tmp/probe.err; then
	t_pass exit-status
else
	t_fail exit-status "nfsvsock-probe -k exited $?: $(tail -n 1 /tmp/probe.err)"
fi
cat "$out"

# expect KEY VALUE [NAME]: one result per finding, naming what was seen instead.
expect() {
	got=$(sed -n "s/^$1=//p" "$out")
	if [ "$got" = "$2" ]; then
		t_pass "${3:-$1}"
	else
		t_fail "${3:-$1}" "got '$got', want '$2'"
	fi
}

expect vsock.family yes
# vsock_loopback alone: the local CID is VMADDR_CID_LOCAL.
expect vsock.local_cid 1
expect client.path relay
expect client.errno EINVAL
expect client.message "NFS: Unrecognized transport protocol"
expect nfsd.path relay
expect nfsd.errno EAFNOSUPPORT

# The probe must leave nothing behind: it mounted the nfsd filesystem only
# for the attempt, and the refused write must not leave a service running.
if grep -q ' /proc/fs/nfsd ' /proc/mounts; then
	t_fail nfsd-fs-unmounted "the probe left /proc/fs/nfsd mounted"
else
	t_pass nfsd-fs-unmounted
fi

# With nfsd's filesystem already mounted, the probe must not unmount it.
mount -t nfsd nfsd /proc/fs/nfsd
nfsvsock-probe -s -k >"$out" 2>/tmp/probe.err
expect nfsd.errno EAFNOSUPPORT nfsd.errno-already-mounted
if grep -q ' /proc/fs/nfsd ' /proc/mounts; then
	t_pass keeps-existing-mount
else
	t_fail keeps-existing-mount "the probe unmounted an nfsd filesystem it had not mounted"
fi
portlist=$(cat /proc/fs/nfsd/portlist)
if [ -z "$portlist" ]; then
	t_pass no-listener-left
else
	t_fail no-listener-left "portlist reads '$portlist' after a refused probe"
fi
umount /proc/fs/nfsd

# The human form names the errno and what follows from it.
nfsvsock-probe -c >"$out" 2>&1
if grep -q 'refused by the kernel: EINVAL .*Unrecognized transport protocol.*relay' "$out"; then
	t_pass human-client
else
	t_fail human-client "unexpected text: $(head -n 3 "$out" | tr '\n' '|')"
fi

# Bad input: a one-line error naming the option, exit status 2.
nfsvsock-probe -p 99999999999 >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && [ "$(wc -l <"$out")" = 1 ] && grep -q -- '-p 99999999999' "$out"; then
	t_pass bad-port
else
	t_fail bad-port "exit $rc, output: $(tr '\n' '|' <"$out")"
fi
