#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 30-relay.sh: NFSv4.1 through nfsvsockd (guest role -> vsock loopback -> host role) to Debian's nfsd.
# shellcheck disable=SC1091,SC2317 # lib.sh is in the guest; t_check calls functions indirectly
. /scenarios/lib.sh

# Both roles run in this one guest: the guest role connects to CID 1, the
# vsock loopback delivers it to the host role, which sees peer CID 1 and so
# reaches nfsd from fd76:736f:636b::1. The export names only that address
# and keeps the `secure` default: the mount works only if the relay carried
# the kernel client's reserved port end to end.
EXP=/srv/export
W=$PWD

server_up() {
	mkdir -p "$EXP" /var/lib/nfs /run/rpc_pipefs /mnt/r &&
	mount -t nfsd nfsd /proc/fs/nfsd &&
	echo 10 >/proc/fs/nfsd/nfsv4leasetime && echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
	echo "$EXP fd76:736f:636b::1(rw,no_root_squash,fsid=0,no_subtree_check,sync)" >/etc/exports &&
	: >/var/lib/nfs/etab && exportfs -ra && rpc.mountd -N 3 &&
	rpc.nfsd -N 3 -V 4.1 -V 4.2 4
}
t_check nfsd-started server_up || exit 0

nfsvsockd -F -r host -S /run/h.ctl -c /dev/null >"$W/host.log" 2>&1 &
HOST=$!
nfsvsockd -F -r guest -S /run/g.ctl -c /dev/null >"$W/guest.log" 2>&1 &
GUEST=$!
sleep 1
PORT=$(nfsvsockd -S /run/g.ctl acquire 1 2049)
t_check relay-endpoint test -n "$PORT" || { t_log "$(cat "$W/host.log" "$W/guest.log")"; exit 0; }

t_check mount-v41 mount.nfs4 127.0.0.1:/ /mnt/r -o "vers=4.1,port=$PORT,clientaddr=127.0.0.1" ||
	{ t_log "$(cat "$W/host.log" "$W/guest.log")"; dmesg | tail -n 20; exit 0; }
if grep -q "fd76:736f:636b::1" /proc/fs/nfsd/clients/*/info 2>/dev/null; then t_pass nfsd-sees-mapped-address
else t_fail nfsd-sees-mapped-address "$(cat /proc/fs/nfsd/clients/*/info 2>&1 | tr '\n' ' ')"; fi
st=$(nfsvsockd -S /run/h.ctl status --raw)
case $st in *"conn role=host cid=1 peer=vsock:1:"*"local=[fd76:736f:636b::1]:"*) t_pass host-status-conn ;;
	*) t_fail host-status-conn "$st" ;; esac
if echo "$st" | grep -Eq 'peer=vsock:1:(6[6-9][0-9]|[7-9][0-9][0-9]|10[0-2][0-9]) local=\[fd76:736f:636b::1\]:(6[6-9][0-9]|[7-9][0-9][0-9]|10[0-2][0-9]) '; then
	t_pass reserved-port-both-hops
else t_fail reserved-port-both-hops "$st"; fi

# kill_during_write ROLE: 64 MiB written while ROLE's worker is SIGKILLed.
dd if=/dev/urandom of="$W/src" bs=1M count=64 2>/dev/null
WANT=$(sha256sum "$W/src" | cut -d' ' -f1)
kill_during_write() {
	rm -f "$EXP/f.$1"
	cp "$W/src" "/mnt/r/f.$1" &
	cpid=$!
	# Kill once nfsd holds a few MiB, and check the write was still going.
	nv_wait_size "$EXP/f.$1" 4194304 200
	w=$(nfsvsockd -S "/run/$2.ctl" status --raw | sed -n 's/^daemon .*worker=\([0-9]*\).*/\1/p')
	if kill -0 "$cpid" 2>/dev/null; then t_pass "$1-kill-lands-mid-write"
	else t_fail "$1-kill-lands-mid-write" "cp had finished before the kill"; fi
	kill -KILL "$w"
	wait "$cpid"
	rc=$?
	sync
	got=$(sha256sum "$EXP/f.$1" | cut -d' ' -f1)
	if [ "$rc" = 0 ] && [ "$got" = "$WANT" ]; then t_pass "$1-worker-killed-64mib-intact"
	else t_fail "$1-worker-killed-64mib-intact" "cp exit $rc, server file sha256 $got, want $WANT"; fi
	if grep -q "killed by signal 9" "$W/$3.log"; then t_pass "$1-worker-restarted"
	else t_fail "$1-worker-restarted" "$(tail -n 3 "$W/$3.log")"; fi
}
kill_during_write host h host
kill_during_write guest g guest

umount /mnt/r
t_check released nfsvsockd -S /run/g.ctl release 1 2049
kill "$HOST" "$GUEST"
rpc.nfsd 0
exportfs -ua
killall rpc.mountd 2>/dev/null
umount /proc/fs/nfsd
exit 0
