#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-control.sh: control-socket abuse gets a bounded, logged answer and everyone
# else keeps being served; -n and -T; refusing AF_VSOCK in tests.
SUITE=relay-control
. "$(dirname "$0")/relay-lib"

start_daemon guest -r guest --test-uds "$T/h.sock" || { t_fail guest-start "see $T/guest.log"; exit 1; }
S=$T/guest.ctl
ask() { printf '%b' "$1" | timeout 8 socat -t 7 - UNIX-CONNECT:"$S" 2>&1; }

t_check ping test "$(ask 'PING\n')" = OK
r=$(ask 'HELLO there\n'); case $r in "ERR EINVAL unknown request"*) t_ok garbage-einval ;; *) t_fail garbage-einval "$r" ;; esac
r=$(ask 'ACQUIRE 2 0\n'); case $r in "ERR EINVAL port out of range"*) t_ok port-zero-einval ;; *) t_fail port-zero-einval "$r" ;; esac
r=$(ask 'ACQUIRE 4294967295 2049\n'); case $r in "ERR EINVAL CID out of range"*) t_ok cid-any-einval ;; *) t_fail cid-any-einval "$r" ;; esac
r=$(ask 'ACQUIRE 2  2049\nPING\n'); case $r in "ERR EINVAL"*OK) t_ok error-then-next-request-served ;; *) t_fail error-then-next-request-served "$r" ;; esac
r=$(head -c 5000 /dev/zero | tr '\0' A | timeout 8 socat -t 7 - UNIX-CONNECT:"$S" 2>&1)
case $r in "ERR EMSGSIZE"*) t_ok oversize-emsgsize ;; *) t_fail oversize-emsgsize "${r:0:80}" ;; esac
r=$(ask 'RELEASE 2 2049\n'); case $r in "ERR ENOENT"*) t_ok release-unknown-enoent ;; *) t_fail release-unknown-enoent "$r" ;; esac
r=$(printf 'PING\0\n' | timeout 8 socat -t 7 - UNIX-CONNECT:"$S" 2>&1)
case $r in "ERR EINVAL"*NUL*) t_ok nul-byte-einval ;; *) t_fail nul-byte-einval "$r" ;; esac

# 20 idle clients: the first 16 are held, the rest refused at once; a
# status query still works once the idle ones time out (5 s).
for i in $(seq 1 20); do
	sleep 30 | socat - UNIX-CONNECT:"$S" >"$T/idle.$i" 2>&1 &
	PIDS+=("$!")
done
sleep 1
busy=$(cat "$T"/idle.* | grep -c "ERR EBUSY")
t_check too-many-clients-ebusy test "$busy" -ge 4
sleep 5.5
idle=$(cat "$T"/idle.* | grep -c "ERR ETIMEDOUT")
t_check idle-clients-timed-out test "$idle" -ge 1
t_check served-after-abuse test "$(ask 'PING\n')" = OK
t_check abuse-logged grep -q "idle for 5000 ms" "$T/guest.log"
# ACQUIRE still works and a flood of ACQUIREs is bounded by the table size.
r=$(for i in $(seq 1 300); do echo "ACQUIRE 2 $i"; done | timeout 20 socat -t 15 - UNIX-CONNECT:"$S" | grep -c "^OK")
t_check acquire-flood-bounded test "$r" = 256
r=$(ask 'ACQUIRE 2 5000\n'); case $r in "ERR ENOSPC"*) t_ok table-full-enospc ;; *) t_fail table-full-enospc "$r" ;; esac

# Only root: the socket is 0600, and the daemon checks SO_PEERCRED itself.
if command -v setpriv >/dev/null; then
	r=$(setpriv --reuid=65534 --regid=65534 --clear-groups socat - UNIX-CONNECT:"$S" </dev/null 2>&1)
	case $r in *"Permission denied"*) t_ok non-root-refused ;; *) t_fail non-root-refused "$r" ;; esac
fi

# A host role refuses endpoint requests.
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -l 2049 || t_fail host-start "see log"
r=$(printf 'ACQUIRE 2 2049\n' | timeout 8 socat -t 7 - UNIX-CONNECT:"$T/host.ctl")
case $r in "ERR EOPNOTSUPP"*) t_ok host-refuses-acquire ;; *) t_fail host-refuses-acquire "$r" ;; esac
# A second daemon on the same control socket refuses to start.
"$NVD" -F -c "$T/host.conf" -S "$T/host.ctl" -r host -o source-guard=n -o vsock=n -o uds-path="$T/h2.sock" -l 2049 \
	>"$T/second.log" 2>&1
t_check second-daemon-refused grep -q "another nfsvsockd answers there" "$T/second.log"

# -n and -T.
printf '[nfsvsockd]\nallow = 3,x\nmax-connections = 0\n' >"$T/bad.conf"
"$NVD" -c "$T/bad.conf" -r host -o vsock=n -o uds-path=/x -n >"$T/n.out" 2>&1; rc=$?
t_check check-bad-config-exit-1 test "$rc" = 1
t_check check-names-file-line grep -q "bad.conf:3: .*max-connections" "$T/n.out"
t_check check-names-allow-item grep -q '"x" is not a CID' "$T/n.out"
"$NVD" -c "$T/host.conf" -r host -o vsock=n -o uds-path=/x -o allow=3 -T >"$T/T.out" 2>&1
t_check print-config-source grep -q "^allow = 3.*# command line" "$T/T.out"
t_check print-config-default grep -q "^nfsd-address = ::1.*# default" "$T/T.out"
"$NVD" -c "$T/host.conf" -r host -n >"$T/v.out" 2>&1; rc=$?
t_check test-run-refuses-vsock sh -c "[ $rc = 1 ] && grep -q NFSVSOCK_TEST_NO_VSOCK '$T/v.out'"
"$NVD" -c "$T/host.conf" -r host -o vsock=n -o uds-path=/x -o nfsd-address=127.0.0.1 -n >"$T/4.out" 2>&1
t_check ipv4-nfsd-refused grep -q "not an IPv6 address" "$T/4.out"
exit 0
