#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-identity.sh: each hybrid guest CID reaches the server as its own mapped
# address (3, 4, 1000000, 0xFFFFFFFE), and reserved source ports only for a trusted guest.
SUITE=relay-identity
. "$(dirname "$0")/relay-lib"

start_server echo ::1 echo || { t_fail setup "echo server did not start"; exit 1; }
EPORT=$SPORT
conf=$T/host.conf
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -o nfsd-port="$EPORT" -l 2049 ||
	{ t_fail host-start "$(tail -n 3 "$T/host.log")"; exit 1; }
HPID=$DPID
start_daemon guest -r guest --test-uds "$T/h.sock" || { t_fail guest-start "see $T/guest.log"; exit 1; }
GPORT=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)

# SIGHUP applies uds-cid and uds-trusted to new connections.
check_cid() { # CID WANT-ADDR TRUSTED
	printf '[nfsvsockd]\nuds-cid = %s\nuds-trusted = %s\n' "$1" "$3" >"$conf"
	kill -HUP "$HPID"
	sleep 0.5
	: >"$T/echo.log"
	out=$(python3 "$PYS" client 127.0.0.1 "$GPORT" 4096)
	read -r _ addr port <"$T/echo.log"
	if [ "$out" = "echo ok" ] && [ "$addr" = "$2" ]; then t_ok "cid-$1-is-$2"
	else t_fail "cid-$1-is-$2" "echo '$out', server saw '$addr'"; fi
	if [ "$3" = y ]; then
		if [ "$port" -ge 665 ] && [ "$port" -le 1023 ]; then t_ok "cid-$1-trusted-reserved-port"
		else t_fail "cid-$1-trusted-reserved-port" "source port $port"; fi
	else
		if [ "$port" -gt 1023 ]; then t_ok "cid-$1-untrusted-unprivileged-port"
		else t_fail "cid-$1-untrusted-unprivileged-port" "source port $port"; fi
	fi
}
check_cid 3 fd76:736f:636b::3 n
check_cid 4 fd76:736f:636b::4 y
check_cid 1000000 fd76:736f:636b::f:4240 n
check_cid 4294967294 fd76:736f:636b::ffff:fffe y

# Reserved-port mirroring in the guest role: a client on a reserved port is
# forwarded from vsock port 1023 (shown, since a Unix socket has no port).
python3 - "$GPORT" <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 800)); s.connect(("127.0.0.1", int(sys.argv[1]))); s.send(b"x"); time.sleep(3)
PY
PIDS+=("$!")
python3 - "$GPORT" <<'PY' &
import socket, sys, time
s = socket.socket(); s.connect(("127.0.0.1", int(sys.argv[1]))); s.send(b"y"); time.sleep(3)
PY
PIDS+=("$!")
wait_for sh -c "[ \$('$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -c '^conn') -ge 2 ]"
gs=$(status guest)
case $gs in *"peer=127.0.0.1:800 local=test-uds:1023"*) t_ok guest-reserved-client-gets-1023 ;;
	*) t_fail guest-reserved-client-gets-1023 "$(echo "$gs" | tr '\n' '|')" ;; esac
if echo "$gs" | grep -E 'peer=127\.0\.0\.1:[0-9]{4,} local=test-uds:any' >/dev/null; then
	t_ok guest-unprivileged-client-gets-any
else t_fail guest-unprivileged-client-gets-any "$(echo "$gs" | tr '\n' '|')"; fi
exit 0
