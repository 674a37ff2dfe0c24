#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 75-restarts.sh: whole relays and nfsd restarted during a write: the guest relay
# (daemon and worker) SIGKILLed and started again, the host relay the same, and nfsd
# stopped and started; each loses no data and leaves the relays as they were.
# lib.sh is in the guest; t_check calls functions indirectly; lib.sh reads the NV_ settings.
# shellcheck disable=SC1091,SC2317,SC2034
. /scenarios/lib.sh

# Sizes scaled for TCG: lib.sh's nv_fault_settings says why.
MNT=/mnt
W=$PWD
nv_fault_settings "$MNT"
# mount.nfs starts the guest relay with the control socket nfs.conf names.
GCTL=/run/nfs-vsock/nfsvsockd.sock

t_check helper-is-ours nv_mount_helper_is_ours || exit 0
nv_server_up export75 "vsock:1(rw,no_root_squash)" "$MNT" || exit 0
t_check nfsd-started nv_nfsd_start || exit 0
t_check host-relay-running nfsvsockd -S "$NV_HCTL" status
if ! timeout 120 mount.nfs 2:/export "$MNT" -o proto=vsock 2>"$W/mount.err"; then
	t_fail mount "$(tail -n 1 "$W/mount.err")"
	t_log "$(cat "$W/mount.err" "$W/mountd.log" 2>&1 | tail -n 20)"
	exit 0
fi
t_pass mount
dd if=/dev/urandom of="$NV_SRC" bs=1M count="$NV_BIG_MIB" 2>/dev/null
sleep 1
nv_settled nv_procs
PBASE=$NV_SETTLED
t_log "baseline: $(nv_snap); processes: $PBASE"

# kill_relay STAT NAME: SIGKILL a relay's daemon and worker, wait until both are gone.
kill_relay() {
	kr_s=$("$1")
	kr_pid=$(printf '%s\n' "$kr_s" | nv_pid_of)
	kr_worker=$(printf '%s\n' "$kr_s" | nv_worker_of)
	if [ -z "$kr_pid" ] || [ -z "$kr_worker" ]; then
		t_fail "$2-killed" "no daemon and worker to kill: '$kr_s'"
		return 1
	fi
	kill -KILL "$kr_pid" "$kr_worker"
	kr_i=0
	while { [ -d "/proc/$kr_pid" ] || [ -d "/proc/$kr_worker" ]; } && [ "$kr_i" -lt 50 ]; do
		sleep 0.1
		kr_i=$((kr_i + 1))
	done
	if [ -d "/proc/$kr_pid" ] || [ -d "/proc/$kr_worker" ]; then
		t_fail "$2-killed" "daemon $kr_pid or worker $kr_worker still there"
		return 1
	fi
	t_pass "$2-killed"
}

# restarted STAT NAME OLDPID: the relay answers again, with a new daemon.
restarted() {
	rs_pid=$("$1" | nv_pid_of)
	if [ -n "$rs_pid" ] && [ "$rs_pid" != "$3" ]; then t_pass "$2-answers-again"
	else t_fail "$2-answers-again" "daemon was $3, now '$rs_pid'"; fi
}

# The guest relay as mount.nfs (or nfsvsockd.service) starts it.
guest_relay_restart() {
	gr_old=$(nv_gstat | nv_pid_of)
	kill_relay nv_gstat guest-relay || return
	t_check guest-relay-started nfsvsockd -r guest -S "$GCTL"
	restarted nv_gstat guest-relay "$gr_old"
}

# The host relay as an administrator without systemd brings it back: rpc.nfsd
# with the options that started nfsd (and the relay) in the first place.
host_relay_restart() {
	hr_old=$(nv_hstat | nv_pid_of)
	kill_relay nv_hstat host-relay || return
	t_check host-relay-started-by-rpc.nfsd nv_nfsd_start
	restarted nv_hstat host-relay "$hr_old"
}

# nfsd stopped (0 threads) and started again as the set-up did.
nfsd_restart() {
	t_check nfsd-stopped nv_nfsd 0
	t_check nfsd-threads-0 test "$(cat /proc/fs/nfsd/threads)" = 0
	t_check nfsd-started-again nv_nfsd_start
}

nv_fault guest-relay-restart guest_relay_restart
nv_fault host-relay-restart host_relay_restart
nv_fault nfsd-restart nfsd_restart
nv_same_after no-extra-process "$PBASE" nv_procs

nv_server_down "$MNT"
exit 0
