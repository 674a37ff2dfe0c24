#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-crash.sh: SIGKILL a worker mid-transfer: what reached the server is an exact
# prefix of what was sent, both ends see the connection end, and the restarted
# worker serves a new connection on the same ports.
SUITE=relay-crash
. "$(dirname "$0")/relay-lib"

start_server sink ::1 sink || { t_fail setup "sink server did not start"; exit 1; }
start_daemon host -r host -o vsock=n -o uds-path="$T/h.sock" -o nfsd-port="$SPORT" -l 2049 ||
	{ t_fail host-start "$(tail -n 3 "$T/host.log")"; exit 1; }
start_daemon guest -r guest --test-uds "$T/h.sock" || { t_fail guest-start "see $T/guest.log"; exit 1; }
GPORT=$("$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049)

# crash ROLE SEED: stream 64 MiB through the chain and SIGKILL ROLE's worker.
crash() {
	local role=$1 seed=$2 w1 w2 out sent got hash end want
	w1=$(worker_pid "$role")
	python3 "$PYS" stream 127.0.0.1 "$GPORT" 67108864 "$seed" >"$T/stream.$role" &
	local spid=$!
	wait_for sh -c "'$NVD' -c '$T/$role.conf' -S '$T/$role.ctl' status --raw | grep -Eq 'to_server=[0-9]{7,}'"
	kill -KILL "$w1"
	wait "$spid"
	read -r _ sent _ end <"$T/stream.$role"
	if [ "$end" = broken ] && [ "$sent" -lt 67108864 ]; then t_ok "$role-kill-client-sees-close"
	else t_fail "$role-kill-client-sees-close" "client: sent $sent end $end"; fi
	wait_for sh -c "[ \$(grep -c bytes '$T/sink.log') -gt $(grep -c bytes "$T/sink.log") ]"
	read -r _ _ _ _ got _ hash _ _ < <(grep bytes "$T/sink.log" | tail -n 1)
	want=$(python3 "$PYS" prefix "$got" "$seed")
	if [ "$got" -gt 0 ] && [ "$hash" = "$want" ]; then t_ok "$role-kill-server-has-exact-prefix"
	else t_fail "$role-kill-server-has-exact-prefix" "server got $got bytes, sha256 $hash, want $want"; fi
	wait_for sh -c "w=\$('$NVD' -c '$T/$role.conf' -S '$T/$role.ctl' status --raw | sed -n 's/.*worker=\([0-9]*\).*/\1/p'); [ -n \"\$w\" ] && [ \"\$w\" != none ] && [ \"\$w\" != $w1 ]"
	w2=$(worker_pid "$role")
	if [ -n "$w2" ] && [ "$w2" != "$w1" ]; then t_ok "$role-worker-restarted"
	else t_fail "$role-worker-restarted" "worker $w1 -> '$w2'"; fi
	out=$(python3 "$PYS" stream 127.0.0.1 "$GPORT" 1048576 $((seed + 1)))
	read -r _ _ _ _ got _ hash _ _ < <(grep bytes "$T/sink.log" | tail -n 1)
	want=$(python3 "$PYS" prefix 1048576 $((seed + 1)))
	if [ "$out" = "sent 1048576 end done" ] && [ "$hash" = "$want" ]; then
		t_ok "$role-same-port-after-restart"
	else t_fail "$role-same-port-after-restart" "client '$out', server sha256 $hash"; fi
}
crash host 7
crash guest 9
t_check restarts-counted sh -c "'$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -q restarts=1"
t_check restart-logged grep -q "killed by signal 9; restarting" "$T/guest.log"
exit 0
