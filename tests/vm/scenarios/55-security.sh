#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 55-security.sh: SECURITY.md's claims on the real kernel: reserved ports end to end, the
# allow-list, host users posing as a guest, and export paths with spaces and hostile escapes.
# shellcheck disable=SC1091,SC2317 # lib.sh is in the guest; t_check calls functions indirectly
. /scenarios/lib.sh

# One guest plays both sides, as in 60-nfsd: the guest relay reaches the host
# relay over the vsock loopback from CID 1, which nfsd sees as
# fd76:736f:636b::1 (vsock:1). nfs-sec-probe (tests/vm/guest) makes the raw
# calls the kernel client cannot: from a chosen user, source address, port
# and transport; it prints one line saying what happened.
NFSD=/usr/local/sbin/rpc.nfsd
EXPORTFS=/usr/local/sbin/exportfs
MOUNTD=/usr/local/sbin/rpc.mountd
EXP=/export55
W=$PWD
HRUN=/run/h55
HCTL=$HRUN/nfsvsockd.sock
DENYCTL=/run/h55-deny.sock
ME=fd76:736f:636b::1
NOBODY=65534
# A directory name the kernel must escape in its upcalls: a space, a tab, a
# backslash and a byte that is no UTF-8 (0xe9); no newline, which a path
# on the mount command line cannot carry anyway.
HOSTILE=$(printf 'h a\tb\\c\351d')
TAB=$(printf '\t')
nfsd() { NFSVSOCK_PATH_RUNDIR=$HRUN "$NFSD" "$@"; }
hstat() { nfsvsockd -S "$HCTL" status --raw 2>/dev/null; }
dump() { t_log "$(tail -n 20 "$W/mountd.log" 2>&1)"; dmesg | tail -n 10; }

t_check helper-is-ours nv_mount_helper_is_ours || exit 0
umount /proc/fs/nfsd 2>/dev/null

server_up() {
	mkdir -p "$EXP" /var/lib/nfs "$HRUN" /mnt/s /mnt/i /mnt/sp /mnt/oc /mnt/h &&
	mount -t tmpfs export55 "$EXP" &&
	mkdir "$EXP/secure" "$EXP/insecure" "$EXP/with space" "$EXP/oct al" "$EXP/$HOSTILE" &&
	echo hostile >"$EXP/$HOSTILE/file" &&
	# The default is secure; only "insecure" lets unprivileged ports in.
	# "with space" is quoted, "oct al" and the hostile name use \ooo escapes.
	cat >/etc/exports <<-EOF &&
	$EXP/secure vsock:1(rw,no_root_squash)
	$EXP/insecure vsock:1(rw,no_root_squash,insecure)
	"$EXP/with space" vsock:1(rw,no_root_squash)
	$EXP/oct\\040al vsock:1(rw,no_root_squash)
	$EXP/h\\040a\\011b\\134c\\351d vsock:1(rw,no_root_squash)
	EOF
	: >/var/lib/nfs/etab && "$EXPORTFS" -ra
}
t_check server-setup server_up || exit 0
"$MOUNTD" -F -d exports >"$W/mountd.log" 2>&1 &
MPID=$!
t_check nfsd-started nfsd --vsock-only -L 10 -G 10 4 || { dump; exit 0; }
t_check host-relay-running nfsvsockd -S "$HCTL" status

# conn_ports: "VSOCKPORT TCPPORT" of each guest connection the host relay forwards.
conn_ports() {
	hstat | sed -n 's/^conn role=host cid=1 peer=vsock:1:\([0-9]*\) local=\[[^]]*\]:\([0-9]*\) .*/\1 \2/p'
}
# ports_are NAME low|high: every forwarded connection (at least one) has a
# reserved (low) or unprivileged (high) port on both sides; the kernel client
# may still be closing a connection of the previous mount, so wait 15 s at most.
ports_are() {
	i=0
	while :; do
		got=$(conn_ports | tr '\n' ',')
		bad=$(conn_ports | while read -r v t; do
			if [ "$2" = low ]; then [ "$v" -lt 1024 ] && [ "$t" -lt 1024 ] || echo x
			else [ "$v" -ge 1024 ] && [ "$t" -ge 1024 ] || echo x; fi
		done)
		[ -n "$got" ] && [ -z "$bad" ] && { t_pass "$1"; return; }
		[ $i -ge 15 ] && break
		sleep 1
		i=$((i + 1))
	done
	t_fail "$1" "vsock/tcp ports of the forwarded connections: '$got', want all $2"
}
vmount() { timeout 120 mount.nfs "2:$1" "$2" -o "proto=vsock$3" 2>"$W/mount.err"; }
umnt() { timeout 30 umount.nfs "$1" 2>/dev/null || umount -f -l "$1"; }

# 1. The kernel client with noresvport: an unprivileged TCP port to the guest
# relay, so an unprivileged vsock port, so an unprivileged port toward nfsd.
# Done before any reserved-port mount: the kernel shares one connection per
# server among mounts, whatever their resvport option.
if vmount "$EXP/insecure" /mnt/i ,noresvport; then
	t_pass noresvport-insecure-mounts
	ports_are noresvport-unprivileged-end-to-end high
	if echo unpriv >/mnt/i/f && sync && [ "$(cat "$EXP/insecure/f")" = unpriv ]; then
		t_pass noresvport-insecure-writable
	else t_fail noresvport-insecure-writable "the write did not reach $EXP/insecure"; fi
else
	t_fail noresvport-insecure-mounts "$(tail -n 1 "$W/mount.err")"; dump
fi
vmount "$EXP/secure" /mnt/s ,noresvport
st=$?
err=$(tail -n 1 "$W/mount.err")
t_log "noresvport mount of a secure export: exit $st: $err"
# nfsd answers NFS4ERR_PERM, which the kernel client turns into EPERM, and
# mount.nfs into a line that names the cause.
if [ $st = 32 ] && grep -q "the server refused access (EPERM); an export without the insecure option" "$W/mount.err"
then t_pass noresvport-secure-refused
else t_fail noresvport-secure-refused "exit $st: $err"; umount /mnt/s 2>/dev/null; fi
umnt /mnt/i

# 2. The default, a reserved port: both mount, both writable.
for d in secure insecure; do
	m=/mnt/${d%"${d#?}"}
	if vmount "$EXP/$d" "$m" && echo resv >"$m/r" && sync && [ "$(cat "$EXP/$d/r")" = resv ]
	then t_pass "resvport-$d-mounts-writable"
	else t_fail "resvport-$d-mounts-writable" "$(tail -n 1 "$W/mount.err")"; dump; fi
done
ports_are resvport-reserved-end-to-end low
umnt /mnt/s
umnt /mnt/i

# 3. A guest user (not root) over vsock: no reserved vsock port for it, and
# so only insecure exports; root from a reserved vsock port reaches both.
probe() { nfs-sec-probe "$@" 2>>"$W/probe.log"; }
# expect NAME WANT CMD...: CMD's line is WANT.
expect() {
	ex_n=$1 ex_w=$2
	shift 2
	ex_got=$("$@")
	t_log "$ex_n: $ex_got"
	if [ "$ex_got" = "$ex_w" ]; then t_pass "$ex_n"; else t_fail "$ex_n" "got '$ex_got', want '$ex_w'"; fi
}
expect guest-user-no-reserved-vsock-port "bind-failed EACCES" probe -u $NOBODY -p 700 vsock 1 2049 null
expect guest-user-secure-refused "compound NFS4ERR_PERM at GETATTR" \
	probe -u $NOBODY vsock 1 2049 lookup "$EXP/secure"
expect guest-user-insecure-reached "compound NFS4_OK type=2" \
	probe -u $NOBODY vsock 1 2049 lookup "$EXP/insecure"
expect guest-root-resvport-secure-reached "compound NFS4_OK type=2" \
	probe -p 700 vsock 1 2049 lookup "$EXP/secure"

# 4. A CID outside the allow-list: a second host relay on vsock port 2050
# that allows only CID 3; this guest is CID 1.
nfsvsockd -F -r host -l 2050 -a 3 -S "$DENYCTL" -c /dev/null >"$W/deny.log" 2>&1 &
DPID=$!
i=0
until nfsvsockd -S "$DENYCTL" status >/dev/null 2>&1 || [ $i -ge 20 ]; do sleep 0.5; i=$((i + 1)); done
t0=$(date +%s)
expect denied-cid-closed-without-data closed-without-data probe -w 20 vsock 1 2050 none
t_log "the refused connection was closed after $(($(date +%s) - t0)) s"
denied_logged() { grep -q "refused vsock:1:[0-9]*: CID 1 is not in the allow-list" "$W/deny.log"; }
i=0
until denied_logged || [ $i -ge 10 ]; do sleep 0.5; i=$((i + 1)); done
if denied_logged
then t_pass denied-cid-logged; else t_fail denied-cid-logged "$(tail -n 3 "$W/deny.log")"; fi
# The same probe where CID 1 is allowed gets an answer: the refusal is the list's.
expect allowed-cid-answered null-accepted probe vsock 1 2049 null
kill "$DPID"

# 5. A host process on loopback, straight to nfsd on [::1]:2049. Root from a
# reserved port of this guest's address is vsock:1: the control that the
# probe can get in at all.
expect host-root-as-guest-reaches-secure "compound NFS4_OK type=2" \
	probe -s $ME -p 700 tcp ::1 2049 lookup "$EXP/secure"
# A user other than root binds the address (IPV6_FREEBIND needs no
# privilege) but no reserved port, so no secure export. An insecure export
# is another matter: without a packet filter keeping the prefix for root,
# such a user passes for the guest. The host relay loads one (its source
# guard, SECURITY.md) and says guard=on; the guest has nf_tables, so it
# must. Without it the user would reach the insecure export, which is
# what the check then expects, so that the result shows the hole.
guard=$(hstat | sed -n 's/^daemon .*guard=\([a-z]*\).*/\1/p')
t_log "host relay source guard: ${guard:-not reported}"
if [ "$guard" = on ]; then t_pass host-relay-guard-on
else t_fail host-relay-guard-on "status says guard=${guard:-nothing}"; fi
want_s="compound NFS4ERR_PERM at GETATTR" want_i="compound NFS4_OK type=2"
[ "$guard" = on ] && want_s="connect-failed EACCES" want_i="connect-failed EACCES"
expect host-user-no-reserved-port "bind-failed EACCES" probe -u $NOBODY -s $ME -p 700 tcp ::1 2049 null
expect host-user-as-guest-secure-refused "$want_s" \
	probe -u $NOBODY -s $ME tcp ::1 2049 lookup "$EXP/secure"
expect host-user-as-guest-insecure-per-guard "$want_i" \
	probe -u $NOBODY -s $ME tcp ::1 2049 lookup "$EXP/insecure"
# The addresses a host process gets by default are no guest, even for root
# on a reserved port: mountd names no client for them, and nfsd refuses the
# call's credentials (AUTH_BADCRED) before any NFS operation. A port each:
# the first probe's closed connection keeps its port in TIME_WAIT.
expect host-root-from-::1-no-guest "rpc-denied auth_error=1" \
	probe -s ::1 -p 701 tcp ::1 2049 lookup "$EXP/insecure"
expect host-root-from-127.0.0.1-no-guest "rpc-denied auth_error=1" \
	probe -s 127.0.0.1 -p 702 tcp 127.0.0.1 2049 lookup "$EXP/insecure"

# 6. Paths with spaces and escapes, end to end through the relay.
paths() {
	for d in "with space:/mnt/sp" "oct al:/mnt/oc" "$HOSTILE:/mnt/h"; do
		printf '%s\n' "$d"
	done
}
n=0
paths | while IFS= read -r line; do
	d=${line%:*} m=${line##*:}
	n=$((n + 1))
	if ! vmount "$EXP/$d" "$m"; then
		t_fail "path-$n-mounts" "$(tail -n 1 "$W/mount.err")"; dump; continue
	fi
	t_pass "path-$n-mounts"
	# /proc/mounts shows the device as typed, with the kernel's \ooo escapes.
	esc=$(printf '%s' "$d" | sed -e 's/\\/\\134/g' -e 's/ /\\040/g' -e "s/$TAB/\\\\011/g")
	if grep -Fq "2:$EXP/$esc $m nfs4 " /proc/mounts; then t_pass "path-$n-proc-mounts"
	else t_fail "path-$n-proc-mounts" "$(grep " $m " /proc/mounts)"; fi
	if echo "in $n" >"$m/w" && sync && [ "$(cat "$EXP/$d/w")" = "in $n" ] &&
		echo 3 >/proc/sys/vm/drop_caches && [ "$(cat "$m/w")" = "in $n" ]
	then t_pass "path-$n-write-read-back"; else t_fail "path-$n-write-read-back" "$m/w"; fi
	# With the kernel's export caches flushed, the next call's filehandle
	# goes up as an nfsd.fh request, and the path comes back down escaped.
	"$EXPORTFS" -f
	echo 3 >/proc/sys/vm/drop_caches
	if [ "$(cat "$m/w")" = "in $n" ] && grep -F "is $EXP/$d" "$W/mountd.log" | grep -q "fsid type [0-9]"
	then t_pass "path-$n-fh-upcall"; else t_fail "path-$n-fh-upcall" "no nfsd.fh answer naming it"; fi
	umnt "$m"
done
if grep -Fq "$EXP/$HOSTILE exported (rw" "$W/mountd.log"; then t_pass hostile-path-upcall-answered
else t_fail hostile-path-upcall-answered "no 'exported' line for it: $(grep -c exported "$W/mountd.log") others"; fi
if grep -q "malformed request\|does not fit" "$W/mountd.log"; then
	t_fail mountd-no-parse-error "$(grep "malformed request\|does not fit" "$W/mountd.log" | head -n 2)"
else t_pass mountd-no-parse-error; fi

# Undo: the next scenarios share the kernel.
GPID=$(nfsvsockd status --raw 2>/dev/null | sed -n 's/^daemon role=guest pid=\([0-9]*\).*/\1/p')
HPID=$(hstat | sed -n 's/^daemon role=host pid=\([0-9]*\).*/\1/p')
nfsd 0
[ -n "$GPID" ] && kill "$GPID"
[ -n "$HPID" ] && kill "$HPID"
"$EXPORTFS" -ua
kill "$MPID"
sleep 0.5
umount "$EXP"
umount /proc/fs/nfsd
exit 0
