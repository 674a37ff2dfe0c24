#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-chain.sh: guest role -> AF_UNIX stand-in -> host role -> echo server on [::1],
# with per-guest identity, status, release and SIGTERM.
SUITE=relay-chain
. "$(dirname "$0")/relay-lib"

start_server echo ::1 echo || { t_fail setup "echo server did not start"; exit 1; }
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -o uds-cid=3 \
	-o nfsd-port="$SPORT" -l 2049 || { t_fail host-start "$(tail -n 3 "$T/host.log")"; exit 1; }
HPID=$DPID
t_check host-uds-listener test -S "$T/h.sock_2049"
t_check control-socket-mode-0600 test "$(stat -c %a "$T/host.ctl")" = 600
start_daemon guest -r guest --test-uds "$T/h.sock" ||
	{ t_fail guest-start "$(tail -n 3 "$T/guest.log")"; exit 1; }
GPID=$DPID

PORT=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)
t_check acquire-gives-port test -n "$PORT"
PORT2=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)
t_check acquire-again-same-port test "$PORT" = "$PORT2"

out=$(python3 "$PYS" client 127.0.0.1 "$PORT" 1048576)
if [ "$out" = "echo ok" ]; then t_ok echo-1mib-through-both-roles; else t_fail echo-1mib-through-both-roles "$out"; fi
peer=$(sed -n '1s/^peer \([^ ]*\) .*/\1/p' "$T/echo.log")
if [ "$peer" = "fd76:736f:636b::3" ]; then t_ok server-sees-mapped-address
else t_fail server-sees-mapped-address "echo server saw '$peer', want fd76:736f:636b::3"; fi

# A held connection shows in both daemons' status.
exec 7<>/dev/tcp/127.0.0.1/"$PORT"
printf 'hello' >&7
wait_for sh -c "'$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -q 'to_server=5'"
gs=$(status guest)
hs=$(status host)
case $gs in *"conn role=guest cid=2 "*"local=test-uds:any"*"to_server=5"*) t_ok guest-status-conn ;;
	*) t_fail guest-status-conn "$(echo "$gs" | tr '\n' '|')" ;; esac
case $gs in *"endpoint cid=2 port=2049 tcp=127.0.0.1:$PORT refs=2"*) t_ok guest-status-endpoint ;;
	*) t_fail guest-status-endpoint "$(echo "$gs" | tr '\n' '|')" ;; esac
case $hs in *"conn role=host cid=3 peer=hybrid:3:2049 local=[fd76:736f:636b::3]:"*) t_ok host-status-conn ;;
	*) t_fail host-status-conn "$(echo "$hs" | tr '\n' '|')" ;; esac
human=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" status)
case $human in *ENDPOINT*"vsock:2:2049"*ROLE*guest*) t_ok status-human-readable ;;
	*) t_fail status-human-readable "$(echo "$human" | tr '\n' '|')" ;; esac
exec 7>&-

"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" release 2 2049
t_check release-keeps-while-referenced sh -c "'$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -q 'refs=1'"
"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" release 2 2049
t_check release-last-closes-listener sh -c "! python3 '$PYS' client 127.0.0.1 $PORT 10"
if "$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" release 2 2049 2>"$T/rel.err"; then
	t_fail release-unknown "succeeded"
else
	if grep -q "no such endpoint" "$T/rel.err"; then
		t_ok release-unknown
	else
		t_fail release-unknown "$(cat "$T/rel.err")"
	fi
fi

kill -TERM "$HPID" "$GPID"
wait "$HPID"; hrc=$?
wait "$GPID"; grc=$?
t_check sigterm-exits-0 test "$hrc$grc" = 00
t_check sigterm-unlinks-control-socket test ! -e "$T/host.ctl" -a ! -e "$T/guest.ctl"
t_check sigterm-unlinks-hybrid-listener test ! -e "$T/h.sock_2049"
t_check route-left-in-place sh -c "ip -6 route show table local | grep -q 'fd76:736f:636b::/96'"
exit 0
