#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 60-nfsd.sh: the hypervisor side started by the project's own programs on the stock kernel:
# refusal detected, relay started, `mount.nfs 2:/export /mnt -o proto=vsock`, vsock-only listens
# on loopback only, and stop/restart with the guest mounted keeps its files and mount.
# shellcheck disable=SC1091,SC2317 # lib.sh is in the guest; t_check calls functions indirectly
. /scenarios/lib.sh

# The server side is lib.sh's (nv_server_up, nv_nfsd): the project's programs
# by full path, the host relay's run directory relocated. mount.nfs is the
# project's too (first in PATH, checked below). This one guest plays both
# sides, as in 30-relay.
MNT=/mnt
W=$PWD
EXP=$NV_EXP
HRUN=$NV_HRUN
nfsd() { nv_nfsd "$@"; }

t_check helper-is-ours nv_mount_helper_is_ours || exit 0

# rpc.nfsd 0 on a kernel with the nfsd filesystem unmounted mounts it first.
umount /proc/fs/nfsd 2>/dev/null
t_check stop-mounts-nfsd-fs nfsd 0
t_check nfsd-fs-mounted test -e /proc/fs/nfsd/threads

nv_server_up export60 "vsock:1(rw,no_root_squash)" "$MNT" "$W/mountd.log" || exit 0

# portlist_empty NAME: nothing half-started: no listener, no thread.
portlist_empty() {
	pl=$(cat /proc/fs/nfsd/portlist)
	th=$(cat /proc/fs/nfsd/threads)
	if [ -z "$pl" ] && [ "$th" = 0 ]; then t_pass "$1"
	else t_fail "$1" "portlist '$pl', threads '$th'"; fi
}

# Forcing the native path on a stock kernel fails cleanly, naming the errno.
nfsd --vsock-only --vsock-path=kernel -L 10 -G 10 4 2>"$W/kernel.err"
st=$?
t_log "$(cat "$W/kernel.err")"
if [ $st -ne 0 ] && grep -q "vsock-path=kernel, but nfsd refused a vsock listener in portlist (EAFNOSUPPORT" "$W/kernel.err"
then t_pass kernel-path-refused; else t_fail kernel-path-refused "exit $st: $(cat "$W/kernel.err")"; fi
portlist_empty kernel-path-nothing-left

# A version this kernel does not know: refused by the kernel, one line, nothing left.
nfsd --vsock-only --vsock-path=relay -V 4.3 4 2>"$W/v43.err"
st=$?
if [ $st -ne 0 ] && [ "$(wc -l <"$W/v43.err")" = 1 ] && grep -q "(EINVAL)" "$W/v43.err"
then t_pass unknown-version-refused; else t_fail unknown-version-refused "exit $st: $(cat "$W/v43.err")"; fi
portlist_empty unknown-version-nothing-left

# demo CMD TEXT: what scripts/demo.sh shows a person ("demo: " lines of the guest log).
demo() { printf '%s\n' "$@" | sed 's/^/demo: /' >&2; }
# The numbers below are short for tests: lease and grace 10 s, 4 threads.

# The real start: auto detects the refusal and starts nfsvsockd's host role.
nfsd --vsock-only -L 10 -G 10 4 2>"$W/start.err"
st=$?
t_log "$(cat "$W/start.err")"
demo "hypervisor# cat /etc/exports" "$(cat /etc/exports)" "hypervisor# exportfs -ra; rpc.mountd" \
	"hypervisor# rpc.nfsd --vsock-only -L 10 -G 10 4" "$(cat "$W/start.err")"
t_check started test $st = 0 || exit 0
if grep -q "vsock: using the relay: nfsd refused a vsock listener in portlist (EAFNOSUPPORT" "$W/start.err"
then t_pass refusal-detected; else t_fail refusal-detected "$(cat "$W/start.err")"; fi
if [ "$(grep -c "vsock: " "$W/start.err")" = 1 ]; then t_pass one-path-line
else t_fail one-path-line "$(grep "vsock: " "$W/start.err")"; fi
t_check relay-running nfsvsockd -S "$HRUN/nfsvsockd.sock" status
v=$(cat /proc/fs/nfsd/versions)
case $v in *-3*+4.1*+4.2*) t_pass versions-v4-only ;; *) t_fail versions-v4-only "$v" ;; esac
t_check lease-10 test "$(cat /proc/fs/nfsd/nfsv4leasetime)" = 10

st=$(nfsd --status)
t_log "$st"
demo "hypervisor# rpc.nfsd --status" "$st"
case $st in *"nfsd: running, 4 threads"*"listener: tcp port 2049 (2 sockets)"*"relay: nfsvsockd role=host"*)
	t_pass status-output ;; *) t_fail status-output "$st" ;; esac

# vsock-only: every listener on port 2049 (0801) is loopback, in both tables.
loopback_only() {
	bad=$(awk '$4 == "0A" && $2 ~ /:0801$/ { print $2 }' /proc/net/tcp /proc/net/tcp6 |
		while read -r a; do
			case $a in 0100007F:0801 | 00000000000000000000000001000000:0801) ;; *) echo "$a" ;; esac
		done)
	n=$(awk '$4 == "0A" && $2 ~ /:0801$/' /proc/net/tcp /proc/net/tcp6 | wc -l)
	if [ -z "$bad" ] && [ "$n" = 2 ]; then t_pass "$1"
	else t_fail "$1" "$n listeners on 2049, not loopback: $bad"; fi
}
loopback_only nfs-port-loopback-only

# The guest side, the literal command: mount.nfs starts the guest relay itself.
mkdir -p "$MNT"
if timeout 120 mount.nfs 2:/export /mnt -o proto=vsock 2>"$W/mount.err"; then t_pass literal-mount-over-vsock
else
	t_fail literal-mount-over-vsock "$(tail -n 1 "$W/mount.err")"
	t_log "$(cat "$W/mount.err" "$W/mountd.log" 2>&1 | tail -n 20)"; dmesg | tail -n 20; exit 0
fi
t_check proc-mounts-shows-2-export grep -q "^2:/export $MNT nfs4 " /proc/mounts
echo "from the guest" >"$MNT/g.txt" && sync
t_check guest-write-seen-on-host grep -qx "from the guest" "$EXP/g.txt"
echo "from the host" >"$EXP/h.txt"
t_check host-write-seen-in-guest grep -qx "from the host" "$MNT/h.txt"
demo "guest# mount.nfs 2:/export /mnt -o proto=vsock"
[ -s "$W/mount.err" ] && demo "$(cat "$W/mount.err")"
demo "guest# grep /mnt /proc/mounts" "$(grep " $MNT " /proc/mounts | cut -d, -f1-3),..." \
	"guest# echo 'from the guest' >/mnt/g.txt" "hypervisor# cat /export/g.txt" "$(cat "$EXP/g.txt")" \
	"hypervisor# echo 'from the host' >/export/h.txt" "guest# cat /mnt/h.txt" "$(cat "$MNT/h.txt")" \
	"(this demo runs both sides in one guest: the vsock loopback carries CID 2)"
dd if=/dev/urandom of="$MNT/big" bs=1M count=8 2>/dev/null && sync
WANT=$(sha256sum "$EXP/big" | cut -d' ' -f1)

# Stop and restart with the guest mounted: files intact, mount usable after grace.
t_check stop nfsd 0
portlist_empty stopped-nothing-left
nfsd --vsock-only -L 10 -G 10 4 2>"$W/restart.err"
st=$?
t_log "$(cat "$W/restart.err")"
t_check restarted test $st = 0
if grep -q "vsock: using the relay: nfsvsockd already serves" "$W/restart.err" &&
	grep -q "relay: nfsvsockd already answers" "$W/restart.err"; then t_pass restart-keeps-relay
else t_fail restart-keeps-relay "$(cat "$W/restart.err")"; fi
t_log "after restart: v4_end_grace=$(cat /proc/fs/nfsd/v4_end_grace); $(dmesg | grep -i 'grace period' | tail -n 1)"
# Past the 10 s grace, and with the page cache dropped so reads cross the relay.
sleep 11
echo 3 >/proc/sys/vm/drop_caches
t0=$(date +%s)
if timeout 120 sh -c "echo 'after restart' >$MNT/after.txt && sync"; then
	t_pass write-after-restart
	t_log "write after restart took $(($(date +%s) - t0)) s (grace 10 s)"
else t_fail write-after-restart "no write within 120 s"; fi
t_check after-restart-seen-on-host grep -qx "after restart" "$EXP/after.txt"
GOT=$(sha256sum "$MNT/big" | cut -d' ' -f1)
if [ "$GOT" = "$WANT" ]; then t_pass files-intact; else t_fail files-intact "sha256 $GOT, want $WANT"; fi
t_check old-file-intact grep -qx "from the guest" "$MNT/g.txt"

timeout 30 umount.nfs "$MNT" || umount -f -l "$MNT"
GPID=$(nfsvsockd status --raw 2>/dev/null | sed -n 's/^daemon role=guest pid=\([0-9]*\).*/\1/p')
HPID=$(nfsvsockd -S "$HRUN/nfsvsockd.sock" status --raw | sed -n 's/^daemon role=host pid=\([0-9]*\).*/\1/p')
t_check stop-again nfsd 0

# listeners_are NAME ADDR...: the listeners on 2049, as /proc/net/tcp{,6} spell them.
listeners_are() {
	name=$1
	shift
	got=$(awk '$4 == "0A" && $2 ~ /:0801$/ { print $2 }' /proc/net/tcp /proc/net/tcp6 | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then t_pass "$name"; else t_fail "$name" "got '$got', want '$want'"; fi
}
# --vsock with TCP for everyone: the wildcard [::] listener already takes the relay.
# Without rpcbind, NFSv3 must be off: with it on nfsd refuses the listener.
nfsd --vsock -L 10 -G 10 4 2>"$W/v3.err"
st=$?
if [ $st = 1 ] && grep -q "NFSv3 is on, and nfsd could not register it with rpcbind" "$W/v3.err"
then t_pass v3-without-rpcbind-explained; else t_fail v3-without-rpcbind-explained "exit $st: $(cat "$W/v3.err")"; fi
portlist_empty v3-without-rpcbind-nothing-left
t_check start-tcp-and-vsock nfsd -N 3 --vsock -L 10 -G 10 4
listeners_are wildcard-listeners 00000000:0801 00000000000000000000000000000000:0801
t_check stop-tcp-and-vsock nfsd 0
# One chosen address: it, plus [::1] for the relay.
t_check start-host-and-vsock nfsd -N 3 -H 127.0.0.2 --vsock -L 10 -G 10 4
listeners_are host-plus-relay-loopback 0200007F:0801 00000000000000000000000001000000:0801
t_check final-stop nfsd 0
[ -n "$GPID" ] && kill "$GPID"
[ -n "$HPID" ] && kill "$HPID"
"$NV_EXPORTFS" -ua
nv_mountd_stop
umount "$EXP"
umount /proc/fs/nfsd

# No nfsd in the kernel: unloaded, and the kernel's module loader pointed at
# false, so mounting the nfsd filesystem fails as on a kernel without it.
if rmmod nfsd 2>"$W/rmmod.err"; then
	loader=$(cat /proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	nfsd 4 2>"$W/nomod.err"
	st=$?
	echo "$loader" >/proc/sys/kernel/modprobe
	if [ $st = 1 ] && [ "$(wc -l <"$W/nomod.err")" = 1 ] &&
		grep -q "cannot mount the nfsd filesystem on /proc/fs/nfsd: No such device; this kernel has no nfsd" "$W/nomod.err"
	then t_pass no-nfsd-module; else t_fail no-nfsd-module "exit $st: $(cat "$W/nomod.err")"; fi
	t_check nfsd-module-back modprobe nfsd
else
	t_log "nfsd could not be unloaded ($(cat "$W/rmmod.err")); the missing-module check did not run"
fi
exit 0
