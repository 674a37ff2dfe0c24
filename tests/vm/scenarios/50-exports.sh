#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 50-exports.sh: the project's exportfs + rpc.mountd decide who mounts what, vsock:1 vs vsock:3, through the relay.
# shellcheck disable=SC1091,SC2317 # lib.sh is in the guest; t_check calls functions indirectly
. /scenarios/lib.sh

# One guest plays both sides, as in 30-relay: the guest relay's connection
# arrives at the host relay from CID 1, which reaches nfsd as
# fd76:736f:636b::1. So vsock:1 is "this guest", vsock:3 another one, and
# a mount straight to nfsd on 127.0.0.1 is a host process, not a guest.
W=$PWD
E=/srv/e
EXPORTFS=/usr/local/sbin/exportfs
MOUNTD=/usr/local/sbin/rpc.mountd
NFSD=/usr/sbin/rpc.nfsd

dump() { t_log "$(tail -n 30 "$W/mountd.log" 2>&1)"; dmesg | tail -n 15; }

server_up() {
	mkdir -p "$E" /var/lib/nfs /run/rpc_pipefs /mnt/rw /mnt/o3 /mnt/ro /mnt/lo /mnt/all &&
	mount -t tmpfs tmpfs "$E" && mkdir -p "$E/rw" "$E/only3" "$E/ro" "$E/guests" "$E/cm/sub" &&
	mount -t tmpfs tmpfs "$E/cm/sub" && echo below >"$E/cm/sub/file" &&
	echo seed >"$E/ro/file" &&
	mount -t nfsd nfsd /proc/fs/nfsd &&
	echo 10 >/proc/fs/nfsd/nfsv4leasetime && echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
	cat >/etc/exports <<-EOF &&
	# bad line first: reported, and the rest still exported
	$E/rw vsock:banana(rw)
	$E/rw vsock:1(rw,no_root_squash)
	$E/only3 vsock:3(rw,no_root_squash)
	$E/ro vsock:*(ro)
	$E/guests vsock:*(rw,no_root_squash,insecure)
	$E/cm vsock:1(rw,crossmnt)
	EOF
	: >/var/lib/nfs/etab
}
t_check server-setup server_up || exit 0
"$EXPORTFS" -ra 2>"$W/exportfs.err"
rc=$?
if [ $rc = 1 ] && grep -q "/etc/exports:2: vsock:banana:" "$W/exportfs.err"; then t_pass bad-line-reported
else t_fail bad-line-reported "exit $rc: $(cat "$W/exportfs.err")"; fi
case $("$EXPORTFS" -v) in *"vsock:1(rw,"*"vsock:3(rw,"*"vsock:*(ro,"*) t_pass exportfs-v-shows-vsock ;;
	*) t_fail exportfs-v-shows-vsock "$("$EXPORTFS" -v | tr '\n' ' ')" ;; esac

"$MOUNTD" -F -d exports >"$W/mountd.log" 2>&1 &
MPID=$!
t_check nfsd-started "$NFSD" -N 3 -V 4.1 -V 4.2 4 || { dump; exit 0; }

nfsvsockd -F -r host -S /run/h.ctl -c /dev/null >"$W/host.log" 2>&1 &
HOST=$!
nfsvsockd -F -r guest -S /run/g.ctl -c /dev/null >"$W/guest.log" 2>&1 &
GUEST=$!
sleep 1
PORT=$(nfsvsockd -S /run/g.ctl acquire 1 2049)
t_check relay-endpoint test -n "$PORT" || { t_log "$(cat "$W/host.log" "$W/guest.log")"; exit 0; }
O="vers=4.1,port=$PORT,clientaddr=127.0.0.1"
# Debian's mount.nfs or the project's, whichever the image has at that path.
t_log "mount helper: $(command -v mount.nfs4) ($(mount.nfs4 -V 2>&1 | head -n 1))"

# vsock:1 (this guest through the relay): mounts, writes land on the server.
if timeout 90 mount.nfs4 "127.0.0.1:$E/rw" /mnt/rw -o "$O"; then t_pass vsock1-mounts
else t_fail vsock1-mounts "mount failed"; dump; fi
if echo hello >/mnt/rw/f && sync && [ "$(cat "$E/rw/f" 2>/dev/null)" = hello ]; then t_pass vsock1-writable
else t_fail vsock1-writable "write did not reach $E/rw"; fi
if grep -q "vsock:1 (fd76:736f:636b:0000:0000:0000:0000:0001): may use exports of vsock:1,vsock:\*" "$W/mountd.log"
then t_pass mountd-logs-vsock-cid; else t_fail mountd-logs-vsock-cid "$(grep may "$W/mountd.log" | head -n 3)"; fi

# An export only to vsock:3 is refused for this guest (CID 1).
if timeout 90 mount.nfs4 "127.0.0.1:$E/only3" /mnt/o3 -o "$O" 2>"$W/o3.err"; then
	t_fail vsock3-only-refused "mounted"; umount /mnt/o3
else t_pass vsock3-only-refused; fi
if grep -q "$E/only3 is not exported to it; refused" "$W/mountd.log"; then t_pass refusal-logged
else t_fail refusal-logged "$(tail -n 5 "$W/mountd.log")"; fi

# vsock:*(ro): readable, not writable.
if timeout 90 mount.nfs4 "127.0.0.1:$E/ro" /mnt/ro -o "$O"; then
	t_pass vsock-any-ro-mounts
	if [ "$(cat /mnt/ro/file)" = seed ]; then t_pass vsock-any-ro-readable; else t_fail vsock-any-ro-readable "no seed"; fi
	if touch /mnt/ro/new 2>"$W/ro.err"; then t_fail vsock-any-ro-readonly "touch worked"
	else t_pass vsock-any-ro-readonly; fi
	umount /mnt/ro
else t_fail vsock-any-ro-mounts "mount failed"; dump; fi

# The root of the pseudo filesystem: only what this guest may reach.
if timeout 90 mount.nfs4 127.0.0.1:/ /mnt/all -o "$O"; then
	# shellcheck disable=SC2012 # busybox find has no -printf; the names are ours
	got=$(ls "/mnt/all$E" | tr '\n' ' ')
	if [ "$got" = "cm guests ro rw " ]; then t_pass pseudo-root-shows-own-exports
	else t_fail pseudo-root-shows-own-exports "ls $E: $got"; fi
	umount /mnt/all
else t_fail pseudo-root-mounts "mount of / failed"; dump; fi

# crossmnt: a filesystem mounted below the export is reached through it;
# its files' handles carry its own fsid, which mountd finds in the mounts.
if timeout 90 mount.nfs4 "127.0.0.1:$E/cm" /mnt/all -o "$O"; then
	if [ "$(cat /mnt/all/sub/file 2>&1)" = below ]; then t_pass crossmnt-submount
	else t_fail crossmnt-submount "$(cat /mnt/all/sub/file 2>&1)"; dump; fi
	if grep -q "fsid type [0-9] is $E/cm/sub\$" "$W/mountd.log"; then t_pass crossmnt-fsid-from-mounts
	else t_fail crossmnt-fsid-from-mounts "$(grep "$E/cm" "$W/mountd.log" | tail -n 4)"; fi
	umount /mnt/all
else t_fail crossmnt-mounts "mount failed"; dump; fi

# A host process on loopback, straight to nfsd, is no guest: vsock:* refuses it.
for a in 127.0.0.1 "[::1]"; do
	n=lo-$(echo "$a" | tr -d '[]:.')
	if timeout 90 mount.nfs4 "$a:$E/guests" /mnt/lo -o "vers=4.1,port=2049" 2>"$W/$n.err"; then
		t_fail "host-$n-refused" "mounted"; umount /mnt/lo
	else t_pass "host-$n-refused"; fi
done

# The kernel refuses an export of a filesystem nfsd cannot serve (procfs
# has no export operations): mountd logs it, answers "no", and goes on.
"$EXPORTFS" -o rw vsock:1:/proc/sys
if timeout 90 mount.nfs4 127.0.0.1:/proc/sys /mnt/lo -o "$O" 2>"$W/proc.err"; then
	t_fail kernel-refusal-mount-fails "mounted /proc/sys"; umount /mnt/lo
else t_pass kernel-refusal-mount-fails; fi
if grep -q "the kernel refused the reply" "$W/mountd.log" && kill -0 "$MPID"; then t_pass kernel-refusal-survived
else t_fail kernel-refusal-survived "$(tail -n 3 "$W/mountd.log")"; fi
"$EXPORTFS" -u vsock:1:/proc/sys

# exportfs -u takes effect on the mounted guest at once.
grep -q " /mnt/rw nfs4 " /proc/mounts || t_fail unexport-needs-mount "/mnt/rw is not mounted"
"$EXPORTFS" -u "vsock:1:$E/rw"
if timeout 60 touch /mnt/rw/after-u 2>"$W/u.err"; then t_fail unexport-at-once "touch worked after exportfs -u"
else t_pass unexport-at-once; t_log "after exportfs -u: $(cat "$W/u.err")"; fi
if [ -e "$E/rw/after-u" ]; then t_fail unexport-nothing-written "after-u exists"; else t_pass unexport-nothing-written; fi
"$EXPORTFS" -o rw,no_root_squash "vsock:1:$E/rw"
if timeout 60 touch /mnt/rw/after-reexport; then t_pass reexport-at-once; else t_fail reexport-at-once "$(cat "$W/u.err")"; fi

umount /mnt/rw || umount -f -l /mnt/rw
kill "$MPID" 2>/dev/null
sleep 0.5
if grep -q "stopping on signal" "$W/mountd.log"; then t_pass mountd-survived; else t_fail mountd-survived "$(tail -n 3 "$W/mountd.log")"; fi
nfsvsockd -S /run/g.ctl release 1 2049 >/dev/null 2>&1
kill "$HOST" "$GUEST"
"$NFSD" 0
"$EXPORTFS" -ua
umount /proc/fs/nfsd
umount "$E/cm/sub"
umount "$E"
exit 0
