#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-guard.sh: the host relay's nftables source guard, in network namespaces of
# its own: without it any host user can send from a guest's mapped address
# (IPV6_FREEBIND needs no privilege); with it only root's sockets can, the relay's
# forwarding still works, and a restart leaves the guard in place.
SUITE=relay-guard
# Re-run in a fresh network namespace: the guard is a firewall table, and this
# machine's own must not change. lo starts down there.
if [ -z "${NV_GUARD_NETNS:-}" ]; then
	NV_GUARD_NETNS=1 exec unshare -n bash "$0" "$@"
fi
ip link set lo up || { echo "not ok $SUITE/setup: cannot bring lo up in a new network namespace"; exit 1; }
. "$(dirname "$0")/relay-lib"

# Debian's python3 for nobody: a python3 earlier in root's PATH may sit where nobody cannot read.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3)
start_server echo ::1 echo || { t_fail setup "echo server did not start"; exit 1; }
EPORT=$SPORT
# pose WHO: a connection from guest 3's address to the echo server, as root or nobody.
pose() {
	if [ "$1" = nobody ]; then "${NOBODY[@]}" "$PYS" pose fd76:736f:636b::3 "$EPORT"
	else python3 "$PYS" pose fd76:736f:636b::3 "$EPORT"; fi
}
host() { # NAME GUARD: a host relay on hybrid vsock with source-guard = GUARD
	start_daemon "$1" -r host -o vsock=n -o uds-path="$T/$1.sock" -o nfsd-port="$EPORT" \
		-o source-guard="$2" -l 2049
}

# Without the guard the hole is there: this is what the guard must close.
host plain n || { t_fail plain-start "$(tail -n 3 "$T/plain.log")"; exit 1; }
r=$(pose nobody)
if [ "$r" = "pose connected" ]; then t_ok without-guard-nobody-can-pose
else t_fail without-guard-nobody-can-pose "$r (IPV6_FREEBIND refused to a non-root user?)"; fi
case $(status plain) in *"guard=off"*) t_ok status-says-guard-off ;; *) t_fail status-says-guard-off "$(status plain | head -n 1)" ;; esac
# A second daemon refused at the first one's control socket loads nothing.
"$NVD" -F -c "$T/plain.conf" -S "$T/plain.ctl" -r host -o vsock=n -o uds-path="$T/second.sock" \
	-o source-guard=y -l 2049 >"$T/second.log" 2>&1
t_check second-daemon-refused grep -q "another nfsvsockd answers there" "$T/second.log"
if nft list tables | grep -q nfsvsockd; then t_fail refused-daemon-loads-no-guard "$(nft list tables | tr '\n' ' ')"
else t_ok refused-daemon-loads-no-guard; fi
kill "$DPID"; wait "$DPID" 2>/dev/null

host guarded y || { t_fail guarded-start "$(tail -n 3 "$T/guarded.log")"; exit 1; }
GPID=$DPID
case $(status guarded) in *"guard=on"*) t_ok status-says-guard-on ;; *) t_fail status-says-guard-on "$(status guarded | head -n 1)" ;; esac
r=$(pose nobody)
if [ "$r" = "pose refused EACCES" ]; then t_ok nobody-refused-eacces; else t_fail nobody-refused-eacces "$r"; fi
r=$(pose root)
if [ "$r" = "pose connected" ]; then t_ok root-may-use-prefix; else t_fail root-may-use-prefix "$r"; fi

# The relay's own forwarding goes through: guest 3 over hybrid vsock reaches the server as fd76:736f:636b::3.
start_daemon guest -r guest --test-uds "$T/guarded.sock" || { t_fail guest-start "$(tail -n 3 "$T/guest.log")"; exit 1; }
GPORT=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)
: >"$T/echo.log"
out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 4096)
read -r _ addr _ <"$T/echo.log"
if [ "$out" = "echo ok" ] && [ "$addr" = fd76:736f:636b::3 ]; then t_ok relay-forwards-through-guard
else t_fail relay-forwards-through-guard "echo '$out', server saw '${addr:-nothing}'"; fi

# A restart replaces the table rather than adding to it or leaving a gap.
kill "$GPID"; wait "$GPID" 2>/dev/null
host again y || { t_fail restart "$(tail -n 3 "$T/again.log")"; exit 1; }
r=$(pose nobody)
if [ "$r" = "pose refused EACCES" ]; then t_ok restarted-still-refuses; else t_fail restarted-still-refuses "$r"; fi
n=$(nft list table inet nfsvsockd 2>&1 | grep -c 'skuid')
if [ "$n" = 1 ]; then t_ok restart-leaves-one-rule
else t_fail restart-leaves-one-rule "$n rules: $(nft list table inet nfsvsockd 2>&1 | tr '\n' ' ')"; fi
exit 0
