#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 00-bed.sh: the test bed itself: the guest has what every other scenario assumes.
# shellcheck disable=SC1091
. /scenarios/lib.sh

# has_module NAME: NAME is loaded, or say so on stderr (t_check reports the last line).
has_module() {
	grep -q "^$1 " /proc/modules || {
		echo "$1 is not in /proc/modules" >&2
		return 1
	}
}

for m in vsock_loopback nfsd nfsv4; do
	t_check "module-$m" has_module "$m"
done

lo_up() {
	ip link show lo | grep -q '[<,]UP[,>]' || {
		echo "lo is not up: $(ip link show lo | head -n 1)" >&2
		return 1
	}
}
t_check lo-up lo_up

ipv6_lo() {
	ip -6 addr show dev lo | grep -q 'inet6 ::1/128' || {
		echo "::1 is not on lo" >&2
		return 1
	}
}
t_check lo-ipv6 ipv6_lo

# The relay path routes a whole IPv6 prefix to lo (see ref/vm-testbed.md).
local_route() {
	ip -6 route add local fd00:0:7673:6f63::/96 dev lo &&
		ip -6 route show table local | grep -q 'fd00:0:7673:6f63::/96' &&
		ip -6 route del local fd00:0:7673:6f63::/96 dev lo
}
t_check ipv6-local-route local_route

t_check dev-vsock test -c /dev/vsock
root_user() {
	[ "$(id -u)" = 0 ] || {
		echo "running as uid $(id -u)" >&2
		return 1
	}
}
t_check root root_user
t_check busybox busybox true

nfsd_fs() {
	mount -t nfsd nfsd /proc/fs/nfsd || return 1
	st=0
	[ -e /proc/fs/nfsd/portlist ] || {
		echo "no /proc/fs/nfsd/portlist after mounting nfsd" >&2
		st=1
	}
	umount /proc/fs/nfsd || st=1
	return "$st"
}
t_check nfsd-fs nfsd_fs

# The API itself: t_lines turns a program's "ok"/"not ok" lines into results.
t_lines sh -c 'echo "a log line"; echo "ok t_lines"'
