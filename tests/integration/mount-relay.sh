#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mount-relay.sh: mount.nfs and umount.nfs against a real nfsvsockd guest role (over the AF_UNIX
# stand-in, never AF_VSOCK): the endpoint is released on every failure path and by every umount.
SUITE=mount-relay
. "$(dirname "$0")/relay-lib"
MNT=$BUILDDIR/utils/mount/mount.nfs
UMNT=$T/umount.nfs
ln -s "$MNT" "$UMNT"
# mount(2) itself is replaced by the helper's test seam: this runs as root on
# a development machine, and nothing here may mount anything.
export NFSVSOCK_TEST_MOUNT_ERRNO=0

start_server echo ::1 echo || { t_fail setup "echo server did not start"; exit 1; }
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -o uds-cid=3 \
	-o nfsd-port="$SPORT" -l 2049 || { t_fail host-start "$(tail -n 3 "$T/host.log")"; exit 1; }
start_daemon guest -r guest --test-uds "$T/h.sock" ||
	{ t_fail guest-start "$(tail -n 3 "$T/guest.log")"; exit 1; }
printf '[nfsvsockd]\ncontrol-socket = %s\n' "$T/guest.ctl" >"$NFSVSOCK_ROOT/etc/nfs.conf"

endpoints() { status guest | grep '^endpoint' || true; }
# no_endpoint NAME CID PORT
no_endpoint() {
	local e
	e=$(endpoints | grep "cid=$2 port=$3 " || true)
	if [ -z "$e" ]; then t_ok "$1"; else t_fail "$1" "left behind: $e"; fi
}
# fails NAME ERRNO WANT-TEXT [OPTS]: one line naming the cause, exit 32, nothing held.
fails() {
	local out rc
	out=$(NFSVSOCK_TEST_MOUNT_ERRNO=$2 "$MNT" 2:/export /mnt -o "proto=vsock,vsockpath=relay${4:+,$4}" 2>&1)
	rc=$?
	if [ "$rc" = 32 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ $out == *"$3"* ]]; then
		t_ok "$1"
	else t_fail "$1" "exit $rc: $out"; fi
	no_endpoint "$1-released" 2 "${5:-2049}"
}
fails eacces 13 "2:/export: access denied by server (CID 2 port 2049)"
fails etimedout 110 "timed out waiting for CID 2 port 2049"
fails enodev 19 "no such CID"
fails econnrefused 111 "no NFS server answers at CID 2 port 2049"
fails einval-all-versions 22 "an incorrect mount option"
fails eperm 1 "the server refused access (EPERM); an export without the insecure option"
fails no-server-behind-relay 0 "through the relay (it closed the connection" port=3000 3000

# Negotiation: 4.2 and 4.1 refused, 4.0 taken; the endpoint stays for the mount.
out=$(NFSVSOCK_TEST_MOUNT_ERRNO=93,93,0 "$MNT" 2:/export /mnt -v -o proto=vsock,vsockpath=relay 2>&1)
t_check negotiate-exit-0 test $? = 0
PORT=$(endpoints | sed -n 's/^endpoint cid=2 port=2049 tcp=127.0.0.1:\([0-9]*\) refs=1$/\1/p')
t_check negotiate-holds-endpoint test -n "$PORT"
for v in 4.2 4.1 4.0; do
	t_check "negotiate-tried-$v" grep -q "trying vers=$v,port=$PORT,addr=127.0.0.1,clientaddr=127.0.0.1" <<<"$out"
done
t_check verbose-says-relay grep -q "using the relay path: vsockpath=relay asks for it" <<<"$out"

# umount.nfs finds the endpoint from the mount table (device + port=) and the relay's status.
printf '2:/export /mnt nfs4 rw,relatime,vers=4.0,port=%s,addr=127.0.0.1 0 0\n' "$PORT" >"$T/mounts"
export NFSVSOCK_PATH_PROC_MOUNTS=$T/mounts
out=$(NFSVSOCK_TEST_MOUNT_ERRNO=16 "$UMNT" /mnt 2>&1)
t_check umount-busy-exit-32 test $? = 32
t_check umount-busy-message grep -q "/mnt: device is busy" <<<"$out"
case $(endpoints) in *"tcp=127.0.0.1:$PORT refs=1"*) t_ok umount-busy-keeps-endpoint ;;
	*) t_fail umount-busy-keeps-endpoint "$(endpoints)" ;; esac
t_check umount-ok "$UMNT" /mnt
no_endpoint umount-releases 2 2049

# A lazy unmount releases too; two mounts of one endpoint need two umounts.
"$MNT" 2:/export /mnt -o proto=vsock,vsockpath=relay
"$MNT" 2:/b /mnt2 -o proto=vsock,vsockpath=relay
PORT=$(endpoints | sed -n 's/^endpoint cid=2 port=2049 tcp=127.0.0.1:\([0-9]*\) refs=2$/\1/p')
t_check shared-endpoint-refs-2 test -n "$PORT"
printf '2:/export /mnt nfs4 rw,port=%s,addr=127.0.0.1 0 0\n' "$PORT" >"$T/mounts"
t_check lazy-umount "$UMNT" -l /mnt
case $(endpoints) in *"refs=1"*) t_ok lazy-umount-releases-one ;; *) t_fail lazy-umount-releases-one "$(endpoints)" ;; esac
printf '2:/b /mnt2 nfs4 rw,port=%s,addr=127.0.0.1 0 0\n' "$PORT" >"$T/mounts"
t_check forced-umount "$UMNT" -f /mnt2
no_endpoint forced-umount-releases 2 2049
# A TCP mount on the table is left to umount2 alone.
printf '127.0.0.1:/x /mnt nfs4 rw,port=2049,addr=127.0.0.1 0 0\n' >"$T/mounts"
t_check umount-tcp "$UMNT" -v /mnt
printf '/dev/sda1 /mnt ext4 rw 0 0\n' >"$T/mounts"
out=$("$UMNT" /mnt 2>&1)
t_check umount-not-nfs-refused sh -c "[ $? = 32 ] && echo '$out' | grep -q 'not an NFS mount'"
out=$("$UMNT" /nowhere 2>&1)
t_check umount-not-mounted sh -c "[ $? = 32 ] && echo '$out' | grep -q 'not mounted'"

# user mounts go to utab; a failed one leaves no line there.
export LIBMOUNT_UTAB=$T/utab
: >"$T/utab"
"$MNT" 2:/export /mnt -o proto=vsock,vsockpath=relay,user=alice 2>"$T/utab.err"
t_check utab-records-user grep -q "^SRC=2:/export TARGET=/mnt ROOT=/ OPTS=user=alice" "$T/utab"
PORT=$(endpoints | sed -n 's/^endpoint cid=2 port=2049 tcp=127.0.0.1:\([0-9]*\) refs=1$/\1/p')
printf '2:/export /mnt nfs4 rw,port=%s,addr=127.0.0.1 0 0\n' "$PORT" >"$T/mounts"
"$UMNT" /mnt
t_check utab-line-removed sh -c "! grep -q TARGET=/mnt '$T/utab'"
NFSVSOCK_TEST_MOUNT_ERRNO=13 "$MNT" 2:/export /mnt -o proto=vsock,vsockpath=relay,user=bob 2>/dev/null
t_check utab-nothing-on-failure sh -c "! grep -q bob '$T/utab'"
no_endpoint utab-failure-released 2 2049

# The relay not running and not startable: one line, exit 32.
printf '[nfsvsockd]\ncontrol-socket = %s\n' "$T/none.ctl" >"$NFSVSOCK_ROOT/etc/nfs.conf"
out=$(NFSVSOCK_NFSVSOCKD=/nonexistent "$MNT" 2:/export /mnt -o proto=vsock,vsockpath=relay 2>&1)
rc=$?
if [ "$rc" = 32 ] && [[ $out == *"guest relay is not running and could not be started"* ]]; then
	t_ok relay-not-startable
else t_fail relay-not-startable "exit $rc: $out"; fi
exit 0
