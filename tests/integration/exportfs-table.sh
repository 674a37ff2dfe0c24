#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# exportfs-table.sh: exportfs against a relocated /etc/exports, state dir and /proc/net/rpc.
SUITE=exportfs-table
: "${BUILDDIR:?BUILDDIR must name the build directory}"
EXPORTFS=$BUILDDIR/utils/exportfs/exportfs
T=$(mktemp -d /tmp/exportfs-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export NFSVSOCK_ROOT=$T/root
R=$NFSVSOCK_ROOT
mkdir -p "$R/etc/exports.d" "$R/var/lib/nfs" "$T/srv/a" "$T/srv/b" "$T/srv/c d"
for c in auth.unix.ip auth.unix.gid nfsd.fh nfsd.export; do mkdir -p "$R/proc/net/rpc/$c"; : >"$R/proc/net/rpc/$c/flush"; done
t_ok() { echo "ok $SUITE/$1"; }
t_fail() { echo "not ok $SUITE/$1: $2"; }
# t_same NAME GOT WANT: ok when the two texts are equal, else a diff.
t_same() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "$(diff <(echo "$3") <(echo "$2") | tr '\n' '|')"; fi
}

# Bad input first: every malformed line named with file, line and text;
# the good lines still exported; exit status 1.
cat >"$R/etc/exports" <<EOF
$T/srv/a vsock:3(rw) vsock:*(ro)
$T/srv/b vsock:x(rw)
$T/srv/b vsock:4(bogus) 192.0.2.0/24
relative vsock:3
$T/missing vsock:3
EOF
printf '"%s" vsock:5(rw,fsid=9)\n' "$T/srv/c d" >"$R/etc/exports.d/10-more.exports"
printf '%s vsock:6\n' "$T/srv/b" >"$R/etc/exports.d/ignored.conf"
err=$("$EXPORTFS" -ra 2>&1 >/dev/null); rc=$?
t_same bad-exit-status "$rc" 1
t_same bad-messages "$err" "exportfs: $R/etc/exports:2: vsock:x: not a vsock CID; write vsock:<cid> (decimal, e.g. vsock:3) or vsock:*
exportfs: $R/etc/exports:3: bogus: unknown option; see exports(5)
exportfs: $R/etc/exports:4: relative: export path must be absolute (start with '/')
exportfs: $T/missing: No such file or directory; not exported to vsock:3 (create it, or fix the exports line)"
got=$("$EXPORTFS")
t_same good-lines-exported "$got" "$T/srv/a
		vsock:3
$T/srv/a
		vsock:*
$T/srv/b
		192.0.2.0/24
$T/srv/c\\040d
		vsock:5"
got=$("$EXPORTFS" -v | sed -n 2p)
t_same verbose-shows-vsock "$got" "		vsock:3(rw,sync,wdelay,hide,no_subtree_check,secure,root_squash,no_all_squash,sec=sys)"
got=$("$EXPORTFS" -s | sed -n 4p)
t_same show-exports-form "$got" "$T/srv/c\\040d vsock:5(rw,sync,wdelay,hide,no_subtree_check,secure,root_squash,no_all_squash,fsid=9,sec=sys)"
n=$(grep -c . "$R/proc/net/rpc/nfsd.export/flush")
t_same caches-flushed "$n" 1
left=$(find "$R/var/lib/nfs" -name '*tmp*')
if [ -z "$left" ]; then t_ok etab-no-temp-left; else t_fail etab-no-temp-left "$left"; fi

# Operands: -o, -u, -i, -a, -ua.
"$EXPORTFS" -o rw,insecure "vsock:7:$T/srv/b"
got=$("$EXPORTFS" -v | grep -A1 "^$T/srv/b" | grep vsock:7)
t_same operand-export "$got" "		vsock:7(rw,sync,wdelay,hide,no_subtree_check,insecure,root_squash,no_all_squash,sec=sys)"
"$EXPORTFS" -o no_root_squash "vsock:3:$T/srv/a/"
got=$("$EXPORTFS" -v | grep -m1 "vsock:3(")
t_same operand-keeps-file-options "$got" "		vsock:3(rw,sync,wdelay,hide,no_subtree_check,secure,no_root_squash,no_all_squash,sec=sys)"
"$EXPORTFS" -i -o async "vsock:3:$T/srv/a"
got=$("$EXPORTFS" -v | grep -m1 "vsock:3(")
t_same dash-i-ignores-file "$got" "		vsock:3(ro,async,wdelay,hide,no_subtree_check,secure,root_squash,no_all_squash,sec=sys)"
got=$("$EXPORTFS" -uv "vsock:3:$T/srv/a")
t_same unexport-verbose "$got" "unexporting vsock:3:$T/srv/a"
if "$EXPORTFS" | grep -q 'vsock:3$'; then t_fail unexport "vsock:3 still listed"; else t_ok unexport; fi
err=$("$EXPORTFS" -u "vsock:3:$T/srv/a" 2>&1); rc=$?
t_same unexport-missing "$rc:$err" "1:exportfs: $T/srv/a: not exported to vsock:3; see exportfs -v"
err=$("$EXPORTFS" -o rw,no_acl "vsock:8:$T/srv/a" 2>&1); rc=$?
t_same operand-bad-option "$rc:$err" "1:exportfs: -o rw,no_acl: no_acl: no_acl is not supported: the kernel ignores NFSEXP_NOACL; remove it"
err=$("$EXPORTFS" "$T/srv/a" 2>&1); rc=$?
t_same operand-no-client "$rc:$err" "1:exportfs: $T/srv/a: not client:/path (IPv6 subnets: [fd00::/64]:/path)"
"$EXPORTFS" -o rw "[fd00::/64]:$T/srv/a"
t_same operand-bracket-v6 "$("$EXPORTFS" | grep -c 'fd00::/64')" 1
"$EXPORTFS" -r 2>/dev/null
t_same reexport-drops-operands "$("$EXPORTFS" | grep -c 'vsock:7\|fd00')" 0
"$EXPORTFS" -ua
t_same unexport-all "$("$EXPORTFS" | wc -l)" 0
t_same unexport-all-etab-empty "$(wc -c <"$R/var/lib/nfs/etab")" 0
: >"$R/proc/net/rpc/nfsd.fh/flush"
"$EXPORTFS" -f
t_same flush-only "$(grep -c . "$R/proc/net/rpc/nfsd.fh/flush")" 1
err=$("$EXPORTFS" -u 2>&1); rc=$?
t_same usage-error "$rc" 2
exit 0
