#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mountd-answers.sh: rpc.mountd answering scripted kernel upcalls (--stdin test mode), diffed.
SUITE=mountd-answers
: "${BUILDDIR:?BUILDDIR must name the build directory}"
EXPORTFS=$BUILDDIR/utils/exportfs/exportfs
MOUNTD=$BUILDDIR/utils/mountd/rpc.mountd
T=$(mktemp -d /tmp/mountd-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export NFSVSOCK_ROOT=$T/root
R=$NFSVSOCK_ROOT
mkdir -p "$R/etc" "$R/var/lib/nfs" "$T/srv/share" "$T/srv/ro" "$T/srv/x y"
t_ok() { echo "ok $SUITE/$1"; }
t_fail() { echo "not ok $SUITE/$1: $2"; }
# ask CACHE NAME: requests on stdin; the replies and the log are compared with $T/want.
ask() {
	"$MOUNTD" --stdin "$1" --time 1000000000 >"$T/got" 2>"$T/log"
	if diff -u "$T/want" "$T/got" >"$T/diff"; then t_ok "$2"; else t_fail "$2" "$(tr '\n' '|' <"$T/diff")"; fi
}
U=0123456789abcdef0123456789abcdef
cat >"$R/etc/exports" <<EOF
$T/srv/share vsock:1(rw,fsid=$U) vsock:3(rw,no_root_squash,fsid=$U)
$T/srv/ro vsock:*(ro,fsid=11)
"$T/srv/x y" 127.0.0.1(rw,fsid=12,insecure) fd00::/64(fsid=12)
EOF
"$EXPORTFS" -ra || t_fail setup "exportfs -ra failed"
E=1000001800
P=fd76:736f:636b:0000:0000:0000:0000

# Bad requests first: answered negatively where they can be, never fatal.
printf 'nfsd\nnfsd not-an-address\n\nnfsd 1.2.3.4.5\n' >"$T/req"
cat >"$T/want" <<EOF
(no reply)
nfsd not-an-address $E
(no reply)
nfsd 1.2.3.4.5 $E
EOF
ask auth.unix.ip <"$T/req" ip-malformed
printf 'vsock:1\nvsock:1 relative\nvsock:1 /a\\000b\nvsock:1 %s\n' "$(head -c 5000 /dev/zero | tr '\0' a)" >"$T/req"
printf '(no reply)\n(no reply)\n(no reply)\n(no reply)\n' >"$T/want"
ask nfsd.export <"$T/req" export-malformed
printf 'vsock:1 1\nvsock:1 1 00000000\nvsock:1 9 \\x00000000\nvsock:1 1 \\x000000\nvsock:1 1 \\x0g000000\nvsock:1 x \\x00000000\n' >"$T/req"
printf '(no reply)\n(no reply)\n(no reply)\n(no reply)\n(no reply)\n(no reply)\n' >"$T/want"
ask nfsd.fh <"$T/req" fh-malformed

# auth.unix.ip: the kernel's uncompressed %pI6 and dotted quads.
printf 'nfsd %s:0001\nnfsd %s:0003\nnfsd %s:0004\nnfsd 127.0.0.1\nnfsd 0000:0000:0000:0000:0000:0000:0000:0001\nnfsd fd00:0000:0000:0000:0000:0000:0000:0009\n' $P $P $P >"$T/req"
cat >"$T/want" <<EOF
nfsd $P:0001 $E vsock:1,vsock:*
nfsd $P:0003 $E vsock:3,vsock:*
nfsd $P:0004 $E vsock:*
nfsd 127.0.0.1 $E 127.0.0.1
nfsd 0000:0000:0000:0000:0000:0000:0000:0001 $E
nfsd fd00:0000:0000:0000:0000:0000:0000:0009 $E fd00::/64
EOF
ask auth.unix.ip <"$T/req" ip-domains
if grep -q "vsock:4 ($P:0004): may use exports of vsock:\*" "$T/log"; then t_ok log-names-vsock-cid
else t_fail log-names-vsock-cid "$(tr '\n' '|' <"$T/log")"; fi

# nfsd.export: positive, ro, negative, the pseudo-root, escaping.
S=$T/srv/share
cat >"$T/req" <<EOF
vsock:1,vsock:* $S
vsock:3,vsock:* $S
vsock:4 $S
vsock:* $S
vsock:* $T/srv/ro
vsock:1,vsock:* /
127.0.0.1 $T/srv/x\\040y
fd00::/64 $T/srv/x\\040y
EOF
cat >"$T/want" <<EOF
vsock:1,vsock:* $S $E 1056 65534 65534 0 uuid \\x$U secinfo 1 1 1056
vsock:3,vsock:* $S $E 1056 65534 65534 0 uuid \\x$U secinfo 1 1 1056
vsock:4 $S $E
vsock:* $S $E
vsock:* $T/srv/ro $E 9253 65534 65534 11 secinfo 1 1 9253
vsock:1,vsock:* / $E 74755 65534 65534 0 secinfo 1 1 74755
127.0.0.1 $T/srv/x\\040y $E 9254 65534 65534 12 secinfo 1 1 9254
fd00::/64 $T/srv/x\\040y $E 9253 65534 65534 12 secinfo 1 1 9253
EOF
# rw, root_squash, wdelay, no_subtree_check = 0x424; vsock:3 without root_squash 0x420.
sed -i "1s/ 1056/ 1060/g" "$T/want"
ask nfsd.export <"$T/req" export-answers
if grep -q 'vsock:4: .*/srv/share is not exported to it; refused' "$T/log"; then t_ok log-refusal
else t_fail log-refusal "$(tr '\n' '|' <"$T/log")"; fi

# nfsd.fh: fsid 0 is the pseudo-root, fsid= numbers, uuids, unknowns.
# The share is no filesystem root, so the kernel names it by uuid + inode
# (type 7: the inode as 8 little-endian bytes, then the uuid), never type 6.
INO=$(printf '%016x' "$(stat -c %i "$S")" | sed 's/\(..\)/\1 /g' | awk '{for (i = NF; i > 0; i--) printf "%s", $i}')
cat >"$T/req" <<EOF
vsock:1,vsock:* 1 \\x00000000
vsock:* 1 \\x0b000000
vsock:4 1 \\x0b000000
vsock:1,vsock:* 7 \\x$INO$U
vsock:* 7 \\x$INO$U
vsock:1,vsock:* 6 \\x$U
vsock:1 1 \\x0c000000
127.0.0.1 1 \\x0c000000
EOF
cat >"$T/want" <<EOF
vsock:1,vsock:* 1 \\x00000000 $E /
vsock:* 1 \\x0b000000 $E $T/srv/ro
vsock:4 1 \\x0b000000 $E
vsock:1,vsock:* 7 \\x$INO$U $E $S
vsock:* 7 \\x$INO$U $E
vsock:1,vsock:* 6 \\x$U $E
vsock:1 1 \\x0c000000 $E
127.0.0.1 1 \\x0c000000 $E $T/srv/x\\040y
EOF
ask nfsd.fh <"$T/req" fh-answers

# auth.unix.gid (--manage-gids): the server's groups; none for an unknown uid.
G=$(id -G root)
printf '0\n4294967290\nx\n' >"$T/req"
printf '0 %s %s %s\n4294967290 %s 0\n(no reply)\n' $E "$(echo "$G" | wc -w)" "$G" $E >"$T/want"
ask auth.unix.gid <"$T/req" gid-answers

# A pseudo directory between / and the export: read-only V4ROOT with a uuid.
printf 'vsock:1 %s\n' "$T/srv" | "$MOUNTD" --stdin nfsd.export --time 1000000000 >"$T/got" 2>/dev/null
case $(cat "$T/got") in "vsock:1 $T/srv $E 66563 65534 65534 0 uuid \\x"*" secinfo 1 1 66563") t_ok pseudo-dir ;;
	*) t_fail pseudo-dir "$(cat "$T/got")" ;; esac

# exportfs changes etab under a running mountd: the next request sees it.
{
	printf 'vsock:1 %s\n' "$S"
	sleep 0.3
	"$EXPORTFS" -u "vsock:1:$S"
	printf 'vsock:1 %s\n' "$S"
} | "$MOUNTD" --stdin nfsd.export --time 1000000000 >"$T/got" 2>/dev/null
printf 'vsock:1 %s %s 1060 65534 65534 0 uuid \\x%s secinfo 1 1 1060\nvsock:1 %s %s\n' "$S" $E $U "$S" $E >"$T/want"
if diff -u "$T/want" "$T/got" >"$T/diff"; then t_ok reload-on-etab-change; else t_fail reload-on-etab-change "$(tr '\n' '|' <"$T/diff")"; fi

# An etab others may write is not trusted: the previous table stays.
chmod 666 "$R/var/lib/nfs/etab"
printf 'nfsd %s:0003\n' $P | "$MOUNTD" --stdin auth.unix.ip --time 1000000000 >"$T/got" 2>"$T/log"
if grep -q "writable by others; not loaded" "$T/log" && [ "$(cat "$T/got")" = "nfsd $P:0003 $E" ]; then
	t_ok etab-permissions-checked
else t_fail etab-permissions-checked "$(cat "$T/got" "$T/log" | tr '\n' '|')"; fi
chmod 644 "$R/var/lib/nfs/etab"

# -n checks the configuration and the table; -T prints it.
if "$MOUNTD" -n 2>/dev/null; then t_ok check-config; else t_fail check-config "exit $?"; fi
case $("$MOUNTD" -T -t 60 2>/dev/null) in *"[mountd] ttl = 60"*) t_ok print-config ;; *) t_fail print-config "no ttl = 60" ;; esac
if "$MOUNTD" -t 0 -n 2>/dev/null; then t_fail bad-ttl "accepted -t 0"; else t_ok bad-ttl; fi
exit 0
