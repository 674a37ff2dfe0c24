# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/scenarios/lib.sh: the result API of the VM scenarios (busybox sh), sourced by each
# scenario as `. /scenarios/lib.sh`.
#
#   t_pass NAME               record "ok vm/<scenario>/NAME"
#   t_fail NAME REASON        record "not ok vm/<scenario>/NAME: REASON"
#   t_check NAME CMD [ARG..]  run CMD: pass if it exits 0, else fail with
#                             "exit N: <last line of its stderr>"; returns CMD's verdict
#   t_lines CMD [ARG..]       run CMD, which prints "ok X" or "not ok X: why" lines; each is
#                             recorded as vm/<scenario>/X, other lines go to the guest log;
#                             a non-zero exit without a "not ok" is "<cmd>-exit: status N"
#   t_log MESSAGE             a line in the guest log
#
# The scenario is the script's name without .sh and without a leading number: 10-vsock.sh
# records under vm/vsock/. Results go to the results port (ttyS1, a host file of its own) and
# are echoed to the guest log. CMD's stdout and stderr go to the guest log.
# shellcheck shell=sh

# t_name_of STEM: 10-vsock -> vsock; a stem without a numeric prefix is its own name.
t_name_of() {
	case ${1%%-*} in
	"$1" | *[!0-9]* | "") printf '%s\n' "$1" ;;
	*) printf '%s\n' "${1#*-}" ;;
	esac
}

: "${NVTEST_SCENARIO:=$(t_name_of "$(basename "$0" .sh)")}"
: "${NVTEST_RESULTS:=/dev/ttyS1}"
# A copy /init reads to tell whether a scenario recorded anything.
: "${NVTEST_LOG:=/run/nvtest/results}"

# t__emit LINE: one line to the results port, the copy, and the guest log.
t__emit() {
	printf '%s\n' "$1" >>"$NVTEST_RESULTS"
	printf '%s\n' "$1" >>"$NVTEST_LOG" 2>/dev/null
	printf 'nvtest: %s\n' "$1" >&2
}

# t__oneline TEXT: TEXT with its line breaks turned into spaces, never empty.
t__oneline() {
	set -- "$(printf '%s' "$1" | tr '\r\n' '  ')"
	printf '%s\n' "${1:-no reason given}"
}

t_log() {
	printf '%s\n' "$*" >&2
}

t_pass() {
	t__emit "ok vm/$NVTEST_SCENARIO/$1"
}

t_fail() {
	t__emit "not ok vm/$NVTEST_SCENARIO/$1: $(t__oneline "$2")"
}

t_check() {
	t__c_name=$1
	shift
	t__c_err=$(mktemp /tmp/t_check.XXXXXX)
	"$@" 2>"$t__c_err"
	t__c_st=$?
	cat "$t__c_err" >&2
	t__c_last=$(grep -v '^[[:space:]]*$' "$t__c_err" | tail -n 1)
	rm -f "$t__c_err"
	if [ "$t__c_st" -eq 0 ]; then
		t_pass "$t__c_name"
		return 0
	fi
	t_fail "$t__c_name" "exit $t__c_st: ${t__c_last:-nothing on stderr}"
	return 1
}

# t__lines_parse FLAG: turn "ok X" / "not ok X: why" lines into results; touch FLAG on a
# failure.
t__lines_parse() {
	while IFS= read -r t__l_line || [ -n "$t__l_line" ]; do
		t__l_line=${t__l_line%"$(printf '\r')"}
		case $t__l_line in
		"ok "*)
			t_pass "${t__l_line#ok }"
			;;
		"not ok "*)
			t__l_rest=${t__l_line#not ok }
			t__l_name=${t__l_rest%%: *}
			t__l_why=
			[ "$t__l_name" = "$t__l_rest" ] || t__l_why=${t__l_rest#*: }
			t_fail "$t__l_name" "$t__l_why"
			: >"$1"
			;;
		*)
			printf '%s\n' "$t__l_line" >&2
			;;
		esac
	done
}

t_lines() {
	t__t_dir=$(mktemp -d /tmp/t_lines.XXXXXX)
	t__t_cmd=${1##*/}
	# Results stream as CMD prints them, so a CMD killed by the timeout keeps what it said.
	{
		"$@"
		echo "$?" >"$t__t_dir/status"
	} | t__lines_parse "$t__t_dir/failed"
	t__t_st=$(cat "$t__t_dir/status" 2>/dev/null || echo "unknown (it ended the shell)")
	t__t_ret=0
	if [ -e "$t__t_dir/failed" ]; then
		t__t_ret=1
	elif [ "$t__t_st" != 0 ]; then
		t_fail "$t__t_cmd-exit" "status $t__t_st"
		t__t_ret=1
	fi
	rm -rf "$t__t_dir"
	return "$t__t_ret"
}

# nv_mount_helper_is_ours: the mount.nfs first in PATH is the project's, not
# Debian's from nfs-common (which the image also holds); says which one if not.
nv_mount_helper_is_ours() {
	mount.nfs -V 2>&1 | grep -q nfs-vsock-utils && return 0
	echo "mount.nfs is $(command -v mount.nfs): $(mount.nfs -V 2>&1)" >&2
	return 1
}

# ---- The hypervisor side, as 60-nfsd, 65-cycles, 70-faults and 75-restarts set it up ----
# Every server program is the project's, by full path: Debian's nfs-kernel-server
# is in the image for other scenarios and must not be picked up. One guest plays
# both sides: its guest relay reaches the host relay over the vsock loopback from
# CID 1, which nfsd sees as fd76:736f:636b::1, i.e. vsock:1.
NV_NFSD=/usr/local/sbin/rpc.nfsd
NV_EXPORTFS=/usr/local/sbin/exportfs
NV_MOUNTD=/usr/local/sbin/rpc.mountd
NV_EXP=/export
# The host role, which rpc.nfsd starts, gets a run directory (so a control socket)
# of its own; mount.nfs starts the guest role at the default one.
NV_HRUN=/run/host-$NVTEST_SCENARIO
NV_HCTL=$NV_HRUN/nfsvsockd.sock
# How the scenarios start nfsd: lease and grace 10 s, 4 threads.
NV_NFSD_START="--vsock-only -L 10 -G 10 4"

# nv_nfsd ARG...: rpc.nfsd with the host relay's run directory relocated.
nv_nfsd() {
	NFSVSOCK_PATH_RUNDIR=$NV_HRUN "$NV_NFSD" "$@"
}

# nv_nfsd_start: start nfsd (and through it the host relay) as the set-up does.
nv_nfsd_start() {
	# shellcheck disable=SC2086 # the options are words on purpose
	nv_nfsd $NV_NFSD_START
}

# nv__exports TMPFS CLIENTS MNT: the export on its own tmpfs, /etc/exports, exportfs -ra.
nv__exports() {
	mkdir -p "$NV_EXP" /var/lib/nfs "$NV_HRUN" "$3" &&
		mount -t tmpfs "$1" "$NV_EXP" &&
		echo "$NV_EXP $2" >/etc/exports &&
		: >/var/lib/nfs/etab && "$NV_EXPORTFS" -ra
}

# nv_mountd_start LOG: rpc.mountd in the foreground of a background job (pid in NV_MPID).
nv_mountd_start() {
	"$NV_MOUNTD" -F >>"$1" 2>&1 &
	NV_MPID=$!
}

# nv_mountd_stop: end the rpc.mountd nv_mountd_start started.
nv_mountd_stop() {
	kill "$NV_MPID" 2>/dev/null
	wait "$NV_MPID" 2>/dev/null
}

# nv_server_up TMPFS CLIENTS MNT [LOG]: /export on a tmpfs named TMPFS exported as
# "/export CLIENTS", the mount point MNT made, rpc.mountd started (log in LOG, by default
# ./mountd.log). Records "exportfs"; returns non-zero when the export could not be made.
# nfsd is left stopped, for the scenario to start (nv_nfsd_start) the way it checks.
nv_server_up() {
	# A scenario killed at its timeout can leave a hung mount on MNT, which
	# would hang this one at its first look at MNT: detach it, and say so.
	if grep -q " $3 nfs" /proc/mounts; then
		t_log "a mount left on $3 by an earlier scenario; detaching it"
		umount -f -l "$3"
	fi
	t_check exportfs nv__exports "$1" "$2" "$3" || return 1
	nv_mountd_start "${4:-$PWD/mountd.log}"
}

# nv_gstat, nv_hstat: the guest and host relays' raw status lines (empty when down).
nv_gstat() { nfsvsockd status --raw 2>/dev/null; }
nv_hstat() { nfsvsockd -S "$NV_HCTL" status --raw 2>/dev/null; }
# nv_pid_of, nv_worker_of: a daemon line's pid and worker, from stdin.
nv_pid_of() { sed -n 's/^daemon .*pid=\([0-9]*\).*/\1/p'; }
nv_worker_of() { sed -n 's/^daemon .*worker=\([0-9]*\).*/\1/p'; }

# nv_server_down MNT: undo nv_server_up and nv_nfsd_start: unmount MNT, stop nfsd, both
# relays, the export and rpc.mountd.
nv_server_down() {
	timeout 30 umount.nfs "$1" || umount -f -l "$1"
	sd_g=$(nv_gstat | nv_pid_of)
	sd_h=$(nv_hstat | nv_pid_of)
	nv_nfsd 0
	[ -n "$sd_g" ] && kill "$sd_g"
	[ -n "$sd_h" ] && kill "$sd_h"
	"$NV_EXPORTFS" -ua
	nv_mountd_stop
	umount "$NV_EXP"
	umount /proc/fs/nfsd
}

# ---- Relay state and fault checks, shared by 70-faults and 75-restarts ----

# nv__nfds PID: how many fds PID holds ("none" without such a process).
nv__nfds() {
	if [ -n "$1" ] && [ -d "/proc/$1/fd" ]; then
		find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l
	else echo none; fi
}

# nv_snap: one line with both relays' endpoint tables (loopback ports included: a relay
# must come back on the same ones) and the fd counts of their daemons and workers. Counts,
# not pids: a whole relay restarted has new pids and must still look the same.
nv_snap() {
	sn_g=$(nv_gstat)
	sn_h=$(nv_hstat)
	printf 'endpoints=%s gpid-fds=%s gworker-fds=%s hpid-fds=%s hworker-fds=%s\n' \
		"$(printf '%s\n' "$sn_g" | grep '^endpoint' | tr '\n' ';')" \
		"$(nv__nfds "$(printf '%s\n' "$sn_g" | nv_pid_of)")" \
		"$(nv__nfds "$(printf '%s\n' "$sn_g" | nv_worker_of)")" \
		"$(nv__nfds "$(printf '%s\n' "$sn_h" | nv_pid_of)")" \
		"$(nv__nfds "$(printf '%s\n' "$sn_h" | nv_worker_of)")"
}

# nv_procs: the user-space processes, as "count comm" lines. The list is read with
# builtins only, so no process of its own shows in it; kernel threads (pid 2 and
# kthreadd's children) are left out.
nv_procs() {
	pr_all=
	for d in /proc/[0-9]*; do
		read -r pr_stat <"$d/stat" 2>/dev/null || continue
		pr_rest=${pr_stat##*) }
		pr_ppid=${pr_rest#* }
		pr_ppid=${pr_ppid%% *}
		[ "${d#/proc/}" = 2 ] || [ "$pr_ppid" = 2 ] && continue
		read -r pr_comm <"$d/comm" 2>/dev/null || continue
		pr_all="$pr_all$pr_comm
"
	done
	printf '%s' "$pr_all" | sort | uniq -c | tr -s ' ' | tr '\n' ';'
}

# nv_settled FUNC: sets NV_SETTLED to FUNC's output once two readings a second apart
# agree (10 s at most). Not called as $(nv_settled ...): that would add a shell to
# nv_procs.
nv_settled() {
	NV_SETTLED=$($1)
	se_i=0
	while sleep 1 && se_b=$($1) && [ "$NV_SETTLED" != "$se_b" ] && [ $se_i -lt 10 ]; do
		NV_SETTLED=$se_b
		se_i=$((se_i + 1))
	done
}

# nv__dstate: the processes in uninterruptible sleep now, as "pid:comm ".
nv__dstate() {
	for d in /proc/[0-9]*; do
		s=$(sed 's/.*) //' "$d/stat" 2>/dev/null | cut -d' ' -f1)
		[ "$s" = D ] && echo "${d#/proc/}:$(cat "$d/comm" 2>/dev/null)"
	done | sort | tr '\n' ' '
}

# nv_no_dstate NAME: no process stays in D state over three samples a second apart.
nv_no_dstate() {
	nd_a=$(nv__dstate)
	[ -z "$nd_a" ] && { t_pass "$1"; return; }
	sleep 1
	nd_b=$(nv__dstate)
	sleep 1
	nd_c=$(nv__dstate)
	if [ -z "$nd_b" ] || [ -z "$nd_c" ] || [ "$nd_a" != "$nd_b" ] || [ "$nd_b" != "$nd_c" ]
	then t_pass "$1"
	else t_fail "$1" "in D state for 2 s: $nd_c"; fi
}

# nv_same_after NAME BEFORE [FUNC]: FUNC's output (nv_snap by default) equals BEFORE
# within 15 s. Waiting is needed for processes too: busybox timeout's watcher
# outlives its target by up to a second, so a count taken at once can be one high.
nv_same_after() {
	sa_f=${3:-nv_snap}
	sa_i=0
	while [ "$($sa_f)" != "$2" ] && [ $sa_i -lt 15 ]; do sleep 1; sa_i=$((sa_i + 1)); done
	sa_now=$($sa_f)
	if [ "$sa_now" = "$2" ]; then t_pass "$1"; else t_fail "$1" "before: $2; after: $sa_now"; fi
}

# nv_fault_settings MNT: the settings nv_fault reads, for a scenario mounted at MNT
# whose workload source is ./src. Scaled for TCG from issue 7's numbers (a 128 MiB
# file written and read back, a few hundred small files), by what a fault costs in
# this test bed with other guests and fuzzers sharing the machine's 2 CPUs: with
# 32 MiB and 20 small files a fault's workload took 21-43 s and reading the file back
# 7-17 s, 75-restarts 211 s in all, and 70-faults (4 faults) ran past the 300 s
# scenario timeout; 128 MiB would be some 2-4 minutes per fault. So 16 MiB and 20
# small files; the fault lands once 4 MiB are on the server, and the small files keep
# the workload going after the big one. NVTEST_BIG_MIB and NVTEST_SMALL override.
nv_fault_settings() {
	NV_BIG_MIB=${NVTEST_BIG_MIB:-16}
	NV_SMALL=${NVTEST_SMALL:-20}
	NV_MNT=$1
	NV_SRC=$PWD/src
}

# nv_wait_size FILE BYTES TRIES: polls every 50 ms, at most TRIES times, until FILE
# holds BYTES or more: how a fault is aimed at the middle of a write.
nv_wait_size() {
	ws_i=0
	while [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -lt "$2" ] && [ "$ws_i" -lt "$3" ]; do
		sleep 0.05
		ws_i=$((ws_i + 1))
	done
}

# The workload a fault lands in: NV_BIG_MIB MiB copied from NV_SRC (at least that big)
# onto the mount, then NV_SMALL small files created, renamed, and every other one removed.
# The scenario sets NV_SRC, NV_BIG_MIB, NV_SMALL (even) and NV_MNT. A workload still
# running NV_WORKLOAD_MAX s after the fault is a failure (a hard mount that never
# recovers would otherwise hold the scenario until its timeout, recording nothing).
NV_WORKLOAD_MAX=150

# nv__small_files NAME: the small-file churn in $NV_MNT/s.NAME.
nv__small_files() {
	mkdir -p "$NV_MNT/s.$1" || return 1
	sf_j=0
	while [ $sf_j -lt "$NV_SMALL" ]; do
		echo "small $sf_j" >"$NV_MNT/s.$1/f.$sf_j" &&
			mv "$NV_MNT/s.$1/f.$sf_j" "$NV_MNT/s.$1/g.$sf_j" || return 1
		[ $((sf_j % 2)) = 0 ] && { rm "$NV_MNT/s.$1/g.$sf_j" || return 1; }
		sf_j=$((sf_j + 1))
	done
}

# nv__small_ok NAME: on the server, half the small files are left, each with its text.
nv__small_ok() {
	so_d=$NV_EXP/s.$1
	so_n=$(find "$so_d" -mindepth 1 -maxdepth 1 | wc -l)
	[ "$so_n" = $((NV_SMALL / 2)) ] || { echo "$so_n small files, want $((NV_SMALL / 2))" >&2; return 1; }
	so_j=1
	while [ $so_j -lt "$NV_SMALL" ]; do
		[ "$(cat "$so_d/g.$so_j")" = "small $so_j" ] || { echo "g.$so_j: $(cat "$so_d/g.$so_j")" >&2; return 1; }
		so_j=$((so_j + 2))
	done
}

# nv_fault NAME ACTION: run ACTION once the server holds 4 MiB of the big file, then
# check: the workload finished, the big file on the server and read back through the
# mount (page cache dropped) and the small files are intact, the mount takes a write
# within 60 s, nothing is in D state, and the relays look as before (nv_snap).
nv_fault() {
	fa_before=$(nv_snap)
	: "${NV_WANT:=$(head -c $((NV_BIG_MIB * 1048576)) "$NV_SRC" | sha256sum | cut -d' ' -f1)}"
	fa_want=$NV_WANT
	rm -rf "$NV_EXP/f.$1" "$NV_EXP/s.$1"
	fa_t0=$(date +%s)
	{ head -c $((NV_BIG_MIB * 1048576)) "$NV_SRC" >"$NV_MNT/f.$1" && nv__small_files "$1"; } &
	fa_pid=$!
	nv_wait_size "$NV_EXP/f.$1" 4194304 400
	if kill -0 "$fa_pid" 2>/dev/null; then t_pass "$1-lands-mid-write"
	else t_fail "$1-lands-mid-write" "the write had finished before the fault"; fi
	"$2"
	t_log "$1: $2 done"
	fa_i=0
	while kill -0 "$fa_pid" 2>/dev/null && [ $fa_i -lt "$NV_WORKLOAD_MAX" ]; do
		sleep 1
		fa_i=$((fa_i + 1))
	done
	if kill -0 "$fa_pid" 2>/dev/null; then
		t_fail "$1-workload-finished" "still running $NV_WORKLOAD_MAX s after the fault"
		t_log "$1: relays: $(nv_snap); D state: $(nv__dstate)"
		kill "$fa_pid"
		return 1
	fi
	wait "$fa_pid"
	fa_rc=$?
	t_log "$1: workload ended (status $fa_rc) $(($(date +%s) - fa_t0)) s after it started"
	sync
	fa_got=$(sha256sum <"$NV_EXP/f.$1" | cut -d' ' -f1)
	if [ "$fa_rc" = 0 ] && [ "$fa_got" = "$fa_want" ]; then t_pass "$1-big-file-server-intact"
	else t_fail "$1-big-file-server-intact" "workload exit $fa_rc, server file sha256 $fa_got, want $fa_want"; fi
	t_check "$1-small-files" nv__small_ok "$1"
	fa_t0=$(date +%s)
	if timeout 60 sh -c "echo '$1' >$NV_MNT/u.$1 && sync && grep -qx '$1' $NV_EXP/u.$1"; then
		t_pass "$1-usable-within-60s"
		t_log "$1: usable after $(($(date +%s) - fa_t0)) s"
	else t_fail "$1-usable-within-60s" "no write within 60 s"; fi
	echo 3 >/proc/sys/vm/drop_caches
	fa_t0=$(date +%s)
	fa_got=$(timeout 60 sha256sum <"$NV_MNT/f.$1" | cut -d' ' -f1)
	t_log "$1: read back in $(($(date +%s) - fa_t0)) s"
	if [ "$fa_got" = "$fa_want" ]; then t_pass "$1-big-file-client-intact"
	else t_fail "$1-big-file-client-intact" "read back sha256 '$fa_got', want $fa_want"; fi
	nv_no_dstate "$1-no-d-state"
	nv_same_after "$1-relays-back-to-before" "$fa_before"
	rm -rf "$NV_MNT/f.$1" "$NV_MNT/s.$1" "$NV_MNT/u.$1"
}
