#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 70-faults.sh: the whole flow (as 60-nfsd) under parallel writers and faults: 32
# writers keep their data, and a relay worker killed, rpc.mountd restarted or
# exportfs -r mid-write lose nothing (65-cycles has the mount/umount cycles,
# 75-restarts the whole relays and nfsd restarted).
# lib.sh is in the guest; t_check calls functions indirectly; lib.sh reads the NV_ settings.
# shellcheck disable=SC1091,SC2317,SC2034
. /scenarios/lib.sh

# Scaled for TCG from issue 7's numbers: 32 writers of 2 MiB, and per fault a
# NV_BIG_MIB MiB file plus NV_SMALL small files (the issue says 128 MiB plus a
# few hundred small files; lib.sh's nv_fault_settings says what those cost).
MNT=/mnt
W=$PWD
nv_fault_settings "$MNT"

t_check helper-is-ours nv_mount_helper_is_ours || exit 0

# The set-up of 60-nfsd: export, rpc.mountd, rpc.nfsd starting the host relay.
nv_server_up export70 "vsock:1(rw,no_root_squash)" "$MNT" || exit 0
t_check nfsd-started nv_nfsd_start || exit 0
t_check host-relay-running nfsvsockd -S "$NV_HCTL" status

# Everything here runs on one mount.
t_check mount timeout 120 mount.nfs 2:/export "$MNT" -o proto=vsock || exit 0
sleep 1
MBASE=$(nv_snap)
t_log "mounted: $MBASE"

# 1. 32 parallel writers, each 2 MiB of its own slice of one random source.
big=$((NV_BIG_MIB > 64 ? NV_BIG_MIB : 64))
dd if=/dev/urandom of="$NV_SRC" bs=1M count=$big 2>/dev/null
piece() { dd if="$NV_SRC" bs=256k skip=$(($1 * 8)) count=8 2>/dev/null; }
i=0
pids=
while [ $i -lt 32 ]; do
	piece $i >"$MNT/w.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
bad=
for p in $pids; do wait "$p" || bad="$bad $p"; done
if [ -z "$bad" ]; then t_pass writers-32-complete; else t_fail writers-32-complete "writers failed:$bad"; fi
sync
echo 3 >/proc/sys/vm/drop_caches
badsrv=
badcli=
i=0
while [ $i -lt 32 ]; do
	want=$(piece $i | sha256sum | cut -d' ' -f1)
	[ "$(sha256sum <"$NV_EXP/w.$i" | cut -d' ' -f1)" = "$want" ] || badsrv="$badsrv w.$i"
	[ "$(sha256sum <"$MNT/w.$i" | cut -d' ' -f1)" = "$want" ] || badcli="$badcli w.$i"
	i=$((i + 1))
done
if [ -z "$badsrv" ]; then t_pass writers-32-server-checksums; else t_fail writers-32-server-checksums "differ:$badsrv"; fi
if [ -z "$badcli" ]; then t_pass writers-32-client-checksums; else t_fail writers-32-client-checksums "differ:$badcli"; fi
rm -f "$MNT"/w.*
nv_same_after writers-no-leaked-endpoint-or-fd "$MBASE"

# 2. Faults during the workload (lib.sh's nv_fault).
# kill_worker STAT NAME: SIGKILL the worker; the daemon must start a new one.
kill_worker() {
	old=$("$1" | nv_worker_of)
	kill -KILL "$old" || { t_fail "$2-worker-killed" "no worker to kill: '$old'"; return; }
	i=0
	while { new=$("$1" | nv_worker_of); [ -z "$new" ] || [ "$new" = "$old" ]; } && [ "$i" -lt 30 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	if [ -n "$new" ] && [ "$new" != "$old" ] && [ -d "/proc/$new" ] && [ ! -d "/proc/$old" ]; then
		t_pass "$2-worker-replaced"
	else t_fail "$2-worker-replaced" "worker $old killed, now '$new'"; fi
}
kill_guest_worker() { kill_worker nv_gstat guest-worker-kill; }
kill_host_worker() { kill_worker nv_hstat host-worker-kill; }
restart_mountd() {
	nv_mountd_stop
	nv_mountd_start "$W/mountd.log"
}
exportfs_r() { "$NV_EXPORTFS" -r; }
nv_fault guest-worker-kill kill_guest_worker
nv_fault host-worker-kill kill_host_worker
nv_fault mountd-restart restart_mountd
nv_fault exportfs-r exportfs_r

nv_server_down "$MNT"
exit 0
