#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 40-mount.sh: the project's mount.nfs and umount.nfs against Debian's nfsd, over vsock (relay) and TCP.
# shellcheck disable=SC1091,SC2317 # lib.sh is in the guest; t_check calls functions indirectly
. /scenarios/lib.sh

# Debian's nfs-common also ships /sbin/mount.nfs and is unpacked after our
# install; the build puts our helpers in /usr/libexec/nfsvsock-tests, first
# in PATH, so the literal `mount.nfs ...` below runs ours. Checked first.
# The host role of nfsvsockd listens on vsock 2049; the guest's CID 1 and 2
# both reach it over vsock_loopback, and it sees peer CID 1, so nfsd sees
# fd76:736f:636b::1. The export keeps the `secure` default.
EXP=/export
W=$PWD
GCTL=/run/nfs-vsock/nfsvsockd.sock

ours() {
	p=$(command -v mount.nfs)
	if mount.nfs -V | grep -q nfs-vsock-utils && command -v umount.nfs | grep -q nfsvsock-tests
	then return 0; fi
	echo "mount.nfs is $p: $(mount.nfs -V 2>&1)" >&2
	return 1
}
t_check helper-is-ours ours || exit 0

server_up() {
	mkdir -p "$EXP" /var/lib/nfs /run/rpc_pipefs /mnt/v /mnt/t &&
	mount -t tmpfs export "$EXP" &&
	mount -t nfsd nfsd /proc/fs/nfsd &&
	echo 10 >/proc/fs/nfsd/nfsv4leasetime && echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
	{
		echo "$EXP fd76:736f:636b::1(rw,no_root_squash,fsid=1,no_subtree_check,sync)"
		echo "$EXP 127.0.0.1(rw,no_root_squash,fsid=1,no_subtree_check,sync)"
	} >/etc/exports &&
	: >/var/lib/nfs/etab && exportfs -ra && rpc.mountd -N 3 &&
	rpc.nfsd -N 3 -V 4.1 -V 4.2 4
}
t_check nfsd-started server_up || exit 0
nfsvsockd -F -r host -S /run/h.ctl -c /dev/null >"$W/host.log" 2>&1 &
HOST=$!
sleep 1

# endpoints: the guest relay's endpoint lines, or nothing when it is not running.
endpoints() { nfsvsockd -S "$GCTL" status --raw 2>/dev/null | grep '^endpoint' || true; }
mounted() { grep -q "^$1 $2 nfs4 " /proc/mounts; }
reads_back() { [ "$(cat "$1")" = "$2" ]; }
not_mounted() { ! grep -q " $1 nfs" /proc/mounts; }
no_endpoint() {
	e=$(endpoints | grep "cid=$1 port=$2 " || true)
	[ -z "$e" ] || { echo "left behind: $e" >&2; return 1; }
}

# The literal command; no guest relay runs yet, so mount.nfs starts one.
t_check no-guest-relay-before test ! -S "$GCTL"
if mount.nfs 1:/export /mnt/v -o proto=vsock -v >"$W/v.out" 2>&1; then t_pass literal-vsock-mount
else
	t_fail literal-vsock-mount "$(tail -n 3 "$W/v.out")"
	t_log "$(cat "$W/v.out" "$W/host.log")"
fi
t_log "$(cat "$W/v.out")"
t_check proc-mounts-device mounted 1:/export /mnt/v
t_check verbose-names-relay grep -q "using the relay path" "$W/v.out"
t_check verbose-quotes-kernel grep -q "Unrecognized transport protocol" "$W/v.out"
t_check verbose-started-relay grep -q "starting the guest relay" "$W/v.out"
case $(endpoints) in *"cid=1 port=2049 "*"refs=1"*) t_pass endpoint-held ;;
	*) t_fail endpoint-held "$(endpoints)" ;; esac
if grep -q "fd76:736f:636b::1" /proc/fs/nfsd/clients/*/info 2>/dev/null; then t_pass nfsd-sees-cid-address
else t_fail nfsd-sees-cid-address "$(cat /proc/fs/nfsd/clients/*/info 2>&1 | tr '\n' ' ')"; fi

# Files round-tripped: written through the mount, read on the server and back.
roundtrip() {
	dd if=/dev/urandom of="$W/big" bs=1M count=8 2>/dev/null &&
	cp "$W/big" "$1/big" && for i in 1 2 3 4 5; do echo "file $i" >"$1/small.$i"; done &&
	sync && want=$(sha256sum <"$W/big") &&
	[ "$(sha256sum <"$EXP/big")" = "$want" ] &&
	[ "$(cat "$EXP/small.3")" = "file 3" ] &&
	echo 3 >/proc/sys/vm/drop_caches && [ "$(sha256sum <"$1/big")" = "$want" ]
}
t_check vsock-roundtrip roundtrip /mnt/v
t_check literal-negotiated-42 sh -c "grep '^1:/export /mnt/v ' /proc/mounts | grep -q vers=4.2"

# A remount changes flags only: no second endpoint, and the same one stays.
t_check remount-ro mount.nfs 1:/export /mnt/v -o remount,ro
t_check remount-ro-shown sh -c "grep ' /mnt/v nfs4 ro,' /proc/mounts"
t_check remount-ro-refuses-writes sh -c "! touch /mnt/v/new 2>/dev/null"
t_check remount-rw mount.nfs 1:/export /mnt/v -o remount,rw
case $(endpoints) in *"cid=1 port=2049 "*"refs=1"*) t_pass remount-keeps-one-endpoint ;;
	*) t_fail remount-keeps-one-endpoint "$(endpoints)" ;; esac

t_check vsock-umount umount.nfs /mnt/v -v
t_check vsock-unmounted not_mounted /mnt/v
t_check endpoint-released no_endpoint 1 2049

# Negotiation took the newest version; each older one can be pinned.
for v in 4.1 4.0; do
	t_check "vsock-vers-$v" mount.nfs 1:/export /mnt/v -o "proto=vsock,vers=$v"
	t_check "vsock-vers-$v-shown" sh -c "grep '^1:/export /mnt/v nfs4 ' /proc/mounts | grep -q vers=$v"
	t_check "vsock-vers-$v-reads" reads_back /mnt/v/small.1 "file 1"
	t_check "vsock-vers-$v-umount" umount.nfs /mnt/v
done
t_check vsock-vers-released no_endpoint 1 2049

# CID 2 reaches the same listener (no guest transport: loopback takes it).
t_check cid2-mount mount.nfs 2:/export /mnt/v -o proto=vsock
t_check cid2-proc-mounts mounted 2:/export /mnt/v
t_check cid2-lazy-umount umount.nfs /mnt/v -l
t_check cid2-released no_endpoint 2 2049

# fstab, with mount(8): busybox mount runs mount.<type> when its own call fails.
echo "1:/export /mnt/v nfs4 proto=vsock,nofail,x-systemd.requires=nfsvsockd.service 0 0" >/etc/fstab
mount -a >"$W/fstab.out" 2>&1
if mounted 1:/export /mnt/v; then t_pass fstab-mount-a
else
	t_log "mount -a did not mount it: $(cat "$W/fstab.out"); trying mount.nfs /mnt/v"
	t_check fstab-mount-a mount.nfs /mnt/v
fi
t_check fstab-reads-back reads_back /mnt/v/small.2 "file 2"
# busybox umount calls no helper (util-linux umount runs umount.nfs4 for nfs4).
t_check fstab-umount umount.nfs4 /mnt/v
t_check fstab-released no_endpoint 1 2049
# "mount.nfs DIR" alone takes device and options from fstab, as mount(8) would.
t_check fstab-one-argument mount.nfs /mnt/v
t_check fstab-one-argument-mounted mounted 1:/export /mnt/v
t_check fstab-one-argument-umount umount.nfs /mnt/v
rm -f /etc/fstab

# Errors: one line each, exit 32, nothing left behind.
one_line_error() {
	name=$1
	shift
	mount.nfs "$@" >"$W/err.out" 2>&1
	rc=$?
	n=$(wc -l <"$W/err.out")
	if [ "$rc" = 32 ] && [ "$n" = 1 ]; then t_pass "$name"
	else t_fail "$name" "exit $rc, $n lines: $(cat "$W/err.out")"; fi
	t_log "$name: $(cat "$W/err.out")"
}
one_line_error bad-cid 2x:/export /mnt/v -o proto=vsock
one_line_error host-name-with-vsock server:/export /mnt/v -o proto=vsock
one_line_error vers3-vsock 1:/export /mnt/v -o proto=vsock,vers=3
one_line_error no-such-cid 7:/export /mnt/v -o proto=vsock
t_check no-such-cid-released no_endpoint 7 2049
one_line_error no-server-on-port 1:/export /mnt/v -o proto=vsock,port=3049
t_check no-server-released no_endpoint 1 3049
t_check errors-left-no-mount not_mounted /mnt/v
# The kernel's EACCES: the export names neither ::1 nor 127.0.0.2.
one_line_error access-denied-tcp "[::1]:/export" /mnt/t -o vers=4.2
t_check access-denied-message grep -q "access denied by server" "$W/err.out"

# The same export over TCP: the helper stays a drop-in.
t_check tcp-mount mount.nfs 127.0.0.1:/export /mnt/t -o vers=4.2
t_check tcp-proc-mounts mounted 127.0.0.1:/export /mnt/t
same_sum() { [ "$(sha256sum <"$1")" = "$(sha256sum <"$2")" ]; }
t_check tcp-reads-back same_sum /mnt/t/big "$W/big"
t_check tcp-umount umount.nfs4 /mnt/t
t_check tcp-negotiated mount.nfs4 127.0.0.1:/export /mnt/t
t_check tcp-negotiated-42 sh -c "grep ' /mnt/t nfs4 ' /proc/mounts | grep -q vers=4.2"
t_check tcp-umount-2 umount.nfs /mnt/t

kill "$HOST"
nfsvsockd -S "$GCTL" status --raw >/dev/null 2>&1 &&
	kill "$(nfsvsockd -S "$GCTL" status --raw | sed -n 's/^daemon .*pid=\([0-9]*\).*/\1/p')" 2>/dev/null
rpc.nfsd 0
exportfs -ua
killall rpc.mountd 2>/dev/null
umount /proc/fs/nfsd
umount "$EXP"
exit 0
