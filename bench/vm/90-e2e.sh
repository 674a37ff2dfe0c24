#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/vm/90-e2e.sh: the guest side of bench/e2e (run through tests/vm/run --scenarios).
# One nfsd, one export, one boot; the same workloads through each path in turn:
#   direct      mount.nfs 127.0.0.1:/export: the kernel client straight to nfsd (the ceiling)
#   relay       mount.nfs 2:/export -o proto=vsock: the project's two relays, defaults
#   relay-1MiB  the same through a second pair of relays with buffer-size = 1048576
#   socat       socat on both sides, by hand (../shared/ref/vm-testbed.md), then a TCP mount
# Figures go to the results port as "# e2e PATH REP WORKLOAD VALUE" for bench/e2e to
# tabulate; they are never judged here. Results (ok/not ok) only say whether it could run.
# Settings come from /scenarios/e2e.conf, written by bench/e2e.
# shellcheck disable=SC1091,SC2317 # lib.sh and e2e.conf are in the guest; t_check calls functions indirectly
. /scenarios/lib.sh
. /scenarios/e2e.conf
: "${SIZE_MIB:=256}" "${RAND_N:=2000}" "${META_N:=2000}" "${REPS:=3}" "${MOUNTS:=3}"
: "${PATHS:=direct relay relay-1MiB socat}"

IO=/scenarios/e2e-io
TAR=/scenarios/tree.tar
NFSD=/usr/local/sbin/rpc.nfsd
EXPORTFS=/usr/local/sbin/exportfs
MOUNTD=/usr/local/sbin/rpc.mountd
EXP=/export
MNT=/mnt
W=$PWD
# The host role of rpc.nfsd, and the second pair of relays, each with its own run
# directory (so its own control socket); the default relay uses the default one.
HRUN=/run/he2e
H1M=/run/h1m
G1M=/run/g1m
nfsd() { NFSVSOCK_PATH_RUNDIR=$HRUN "$NFSD" "$@"; }
g1m() { NFSVSOCK_PATH_RUNDIR=$G1M NFSVSOCK_PATH_NFS_CONF=$G1M/nfs.conf "$@"; }

emit() {
	printf '# e2e %s\n' "$*" >>"$NVTEST_RESULTS"
	t_log "e2e: $*"
}
drop_caches() { sync && echo 3 >/proc/sys/vm/drop_caches; }
# ms T0 T1: milliseconds between two e2e-io now readings.
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'; }

t_check helper-is-ours nv_mount_helper_is_ours || exit 0
t_check socat-in-image command -v socat || exit 0
t_check e2e-io-runs "$IO" now || exit 0

# The export all paths reach: the relays arrive from fd76:736f:636b::1 (vsock:1) on
# reserved ports, direct from 127.0.0.1, socat from 127.0.0.1 on any port (insecure).
umount /proc/fs/nfsd 2>/dev/null
exports_up() {
	mkdir -p "$EXP" /var/lib/nfs "$HRUN" "$H1M" "$G1M" "$MNT" &&
	mount -t tmpfs -o size=640m exporte2e "$EXP" &&
	echo "$EXP *(rw,insecure,no_root_squash)" >/etc/exports &&
	: >/var/lib/nfs/etab && "$EXPORTFS" -ra
}
t_check exportfs exports_up || exit 0
"$MOUNTD" -F >"$W/mountd.log" 2>&1 &
t_check nfsd-started nfsd --vsock-only -L 10 -G 10 8 || exit 0
t_check host-relay-running nfsvsockd -S "$HRUN/nfsvsockd.sock" status

# relay-1MiB: a host relay on vsock port 3050, and a guest relay that mount.nfs starts
# with this nfs.conf (the environment reaches the nfsvsockd it runs).
printf '[nfsvsockd]\nbuffer-size = 1048576\n' >"$G1M/nfs.conf"
t_check host-relay-1MiB-started env NFSVSOCK_PATH_RUNDIR=$H1M \
	nfsvsockd -r host -l 3050 -o buffer-size=1048576
# socat: the by-hand baseline, on vsock port 3049 and guest TCP port 4049.
socat VSOCK-LISTEN:3049,fork,reuseaddr TCP:127.0.0.1:2049 2>"$W/socat-host.log" &
socat TCP-LISTEN:4049,bind=127.0.0.1,fork,reuseaddr VSOCK-CONNECT:1:3049 \
	2>"$W/socat-guest.log" &
# Past the 10 s grace period, so no OPEN waits on it.
sleep 11

do_mount() {
	case $1 in
	direct) mount.nfs 127.0.0.1:/export "$MNT" ;;
	relay) mount.nfs 2:/export "$MNT" -o proto=vsock ;;
	relay-1MiB) g1m mount.nfs 2:/export "$MNT" -o proto=vsock,port=3050 ;;
	socat) mount.nfs 127.0.0.1:/export "$MNT" -o port=4049 ;;
	esac
}
do_umount() {
	case $1 in
	relay-1MiB) g1m timeout 60 umount.nfs "$MNT" ;;
	*) timeout 60 umount.nfs "$MNT" ;;
	esac || umount -f -l "$MNT"
}

# timed_mount PATH REP: one mount, its wall time emitted; fails if it did not mount.
timed_mount() {
	tm_0=$("$IO" now)
	if ! do_mount "$1" 2>"$W/mount.err"; then
		t_fail "mount-$1" "$(tail -n 1 "$W/mount.err")"
		return 1
	fi
	tm_1=$("$IO" now)
	emit "$1 $2 mount-ms $(ms "$tm_0" "$tm_1")"
}

# one PATH REP: every workload through PATH, in one mount; then MOUNTS-1 more timed
# mounts. Only one path is mounted at a time: the NFSv4.1 client would otherwise find
# it is the same server and share one transport between the mounts.
fails=0
# relay_cpu PATH: CPU time (clock ticks, user + system) used so far by PATH's relay
# processes: every nfsvsockd, or every socat (the idle ones add nothing); 0 for direct.
relay_cpu() {
	case $1 in
	relay*) rc_comm=nfsvsockd ;;
	socat) rc_comm=socat ;;
	*) echo 0 && return ;;
	esac
	rc_sum=0
	for rc_d in /proc/[0-9]*; do
		read -r rc_stat <"$rc_d/stat" 2>/dev/null || continue
		case $rc_stat in *"($rc_comm) "*) ;; *) continue ;; esac
		# Fields 14 and 15 (utime, stime) are the 12th and 13th after "(comm) ".
		# shellcheck disable=SC2086 # split into fields on purpose
		set -- ${rc_stat##*) }
		rc_sum=$((rc_sum + ${12} + ${13}))
	done
	echo "$rc_sum"
}
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
# counters: what the whole guest spent so far, as "RPCS CTXT BUSY": NFS client calls
# (/proc/net/rpc/nfs), context switches and CPU time in clock ticks not idle (user,
# nice, system, irq, softirq; /proc/stat). Per RPC they show what a path costs the
# machine, which timings in this bed cannot separate from the host's load.
counters() {
	awk '$1 == "rpc" { r = $2 } END { printf "%d ", r }' /proc/net/rpc/nfs
	awk '$1 == "ctxt" { c = $2 } $1 == "cpu" { b = $2 + $3 + $4 + $7 + $8 }
		END { printf "%d %d\n", c, b }' /proc/stat
}
# emit_costs PATH REP WORKLOAD "BEFORE" "AFTER": the counters' differences.
emit_costs() {
	# shellcheck disable=SC2086 # three numbers each, split on purpose
	set -- "$1" "$2" "$3" $4 $5
	emit "$1 $2 rpcs-$3 $(($7 - $4))"
	emit "$1 $2 ctxt-$3 $(($8 - $5))"
	emit "$1 $2 busy-ms-$3 $((($9 - $6) * 1000 / HZ))"
}

# run PATH REP WORKLOAD CMD...: one timed workload (CMD prints its figure), the figure
# emitted, and the relays' CPU time during it (relay-cpu-WORKLOAD, ms), to tell a
# relay that computes from one that waits, and what it cost the guest (emit_costs).
run() {
	r_path=$1 r_rep=$2 r_name=$3
	shift 3
	r_c0=$(relay_cpu "$r_path")
	r_k0=$(counters)
	if r_v=$("$@"); then emit "$r_path $r_rep $r_name $r_v"
	else fails=$((fails + 1)); fi
	r_k1=$(counters)
	r_c1=$(relay_cpu "$r_path")
	emit "$r_path $r_rep relay-cpu-$r_name $(((r_c1 - r_c0) * 1000 / HZ))"
	emit_costs "$r_path" "$r_rep" "$r_name" "$r_k0" "$r_k1"
}
# untar: entries/s unpacking TAR into $MNT/tree, sync included.
untar() {
	ut_0=$("$IO" now)
	tar -xf "$TAR" -C "$MNT/tree" && sync || return 1
	ut_1=$("$IO" now)
	awk -v a="$ut_0" -v b="$ut_1" -v n="$TAR_ENTRIES" 'BEGIN { printf "%.1f\n", n / (b - a) }'
}
one() {
	drop_caches
	timed_mount "$1" "$2" || { fails=$((fails + 1)); return; }
	t_log "e2e: $1 rep $2: $(grep " $MNT " /proc/mounts)"
	run "$1" "$2" seq-write "$IO" write "$MNT/big" "$SIZE_MIB"
	drop_caches
	run "$1" "$2" seq-read "$IO" read "$MNT/big"
	drop_caches
	run "$1" "$2" rand-read-4k "$IO" randread "$MNT/big" "$RAND_N"
	case $1 in relay*)
		# Proof that the bytes took the relay: its connections and their byte counts.
		t_log "e2e: $1 rep $2 guest relay: $(g1m_if "$1" nfsvsockd status 2>&1 | tr '\n' ';')" ;;
	esac
	rm -f "$MNT/big"
	mkdir -p "$MNT/meta"
	run "$1" "$2" metadata "$IO" meta "$MNT/meta" "$META_N"
	rmdir "$MNT/meta"
	drop_caches
	mkdir -p "$MNT/tree"
	run "$1" "$2" tar untar
	rm -rf "$MNT/tree"
	do_umount "$1"
	m=1
	while [ "$m" -lt "$MOUNTS" ]; do
		timed_mount "$1" "$2" || { fails=$((fails + 1)); return; }
		do_umount "$1"
		m=$((m + 1))
	done
}
# g1m_if PATH CMD...: CMD, with relay-1MiB's run directory when PATH is that one.
g1m_if() {
	gi_path=$1
	shift
	if [ "$gi_path" = relay-1MiB ]; then g1m "$@"; else "$@"; fi
}

emit "config size-mib=$SIZE_MIB rand-n=$RAND_N meta-n=$META_N reps=$REPS mounts=$MOUNTS tar-entries=$TAR_ENTRIES paths=$(echo "$PATHS" | tr ' ' ,)"
rep=1
while [ "$rep" -le "$REPS" ]; do
	# Each rep starts one path later, so drift over the run hits every path alike.
	# shellcheck disable=SC2086 # the list of paths, split on purpose
	set -- $PATHS
	r=1
	while [ "$r" -lt "$rep" ]; do
		first=$1
		shift
		set -- "$@" "$first"
		r=$((r + 1))
	done
	for p in "$@"; do
		t_log "e2e: rep $rep path $p (load $(cut -d' ' -f1-3 /proc/loadavg))"
		one "$p" "$rep"
	done
	rep=$((rep + 1))
done
t_log "e2e: host relay: $(nfsvsockd -S "$HRUN/nfsvsockd.sock" status 2>&1 | tail -n 3 | tr '\n' ';')"
t_log "e2e: socat host: $(tail -n 3 "$W/socat-host.log" | tr '\n' ';') guest: $(tail -n 3 "$W/socat-guest.log" | tr '\n' ';')"

if [ "$fails" = 0 ]; then t_pass all-workloads-ran
else t_fail all-workloads-ran "$fails workloads or mounts failed (guest log)"; fi
nfsd 0 >/dev/null 2>&1
exit 0
