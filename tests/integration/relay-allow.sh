#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-allow.sh: the allow-list: a denied CID is closed at once and logged once;
# SIGHUP changes it for new connections and keeps the ones already open.
SUITE=relay-allow
. "$(dirname "$0")/relay-lib"

start_server echo ::1 echo || { t_fail setup "echo server did not start"; exit 1; }
EPORT=$SPORT
conf=$T/host.conf
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -o nfsd-port="$EPORT" -l 2049 ||
	{ t_fail host-start "$(tail -n 3 "$T/host.log")"; exit 1; }
HPID=$DPID
printf '[nfsvsockd]\nallow = 3\n' >"$conf"
kill -HUP "$HPID"; sleep 0.5
start_daemon guest -r guest --test-uds "$T/h.sock" || { t_fail guest-start "see $T/guest.log"; exit 1; }
GPORT=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)

out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 1000)
t_check allowed-cid-passes test "$out" = "echo ok"
# Hold a connection open across the change.
coproc HELD { python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for line in sys.stdin:
    s.sendall(line.encode()); print(s.recv(100).decode().strip(), flush=True)
' "$GPORT"; }
echo one >&"${HELD[1]}"; read -r -t 5 r1 <&"${HELD[0]}"
t_check held-connection-works test "$r1" = one

printf '[nfsvsockd]\nallow = 4,10-20\n' >"$conf"
kill -HUP "$HPID"; sleep 0.5
for _ in 1 2 3; do out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 1000 2>&1); done
case $out in "echo bad: sent 1000 got 0") t_ok denied-cid-closed-at-once ;;
	*) t_fail denied-cid-closed-at-once "$out" ;; esac
n=$(grep -c "CID 3 is not in the allow-list" "$T/host.log")
t_check denied-logged-once test "$n" = 1
echo two >&"${HELD[1]}"; read -r -t 5 r2 <&"${HELD[0]}"
t_check sighup-keeps-open-connection test "$r2" = two

printf '[nfsvsockd]\nallow = 1-3\n' >"$conf"
kill -HUP "$HPID"; sleep 0.5
out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 1000)
t_check range-allows-again test "$out" = "echo ok"

# A broken configuration on SIGHUP keeps the running one.
printf '[nfsvsockd]\nallow = 3-x\n' >"$conf"
kill -HUP "$HPID"; sleep 0.5
out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 1000)
t_check bad-reload-keeps-running-config test "$out" = "echo ok"
t_check bad-reload-logged grep -q "keeping the running one" "$T/host.log"
held_in=${HELD[1]}
exec {held_in}>&-
exit 0
