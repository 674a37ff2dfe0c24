#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# relay-crash.sh: SIGKILL a worker mid-transfer: what reached the server is an exact
# prefix of what was sent, both ends see the connection end, and the restarted
# worker serves a new connection on the same ports. Then the whole guest relay,
# daemon and worker, killed and started again: its endpoints come back on the
# same loopback ports (the kernel client knows no other), references and all.
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

"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 2049 >/dev/null
"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 3049 >/dev/null
before=$(status guest | grep '^endpoint' | sort)
t_check table-kept grep -q "^endpoint cid=2 port=2049 tcp=127.0.0.1:$GPORT refs=2$" "$T/guest.ctl.endpoints"
gpid=$(status guest | sed -n 's/^daemon .*pid=\([0-9]*\).*/\1/p')
w1=$(worker_pid guest)
kill -KILL "$gpid" "$w1"
wait_for sh -c "! kill -0 $gpid && ! kill -0 $w1"
start_daemon guest -r guest --test-uds "$T/h.sock" || t_fail whole-guest-restart "see $T/guest.log"
after=$(status guest | grep '^endpoint' | sort)
if [ -n "$before" ] && [ "$after" = "$before" ]; then t_ok whole-guest-restart-same-endpoints
else t_fail whole-guest-restart-same-endpoints "before: $before; after: $after"; fi
t_check whole-guest-restart-logged grep -q "2 endpoints of a previous relay restored" "$T/guest.log"
out=$(python3 "$PYS" stream 127.0.0.1 "$GPORT" 1048576 21)
read -r _ _ _ _ got _ hash _ _ < <(grep bytes "$T/sink.log" | tail -n 1)
want=$(python3 "$PYS" prefix 1048576 21)
if [ "$out" = "sent 1048576 end done" ] && [ "$hash" = "$want" ]; then
	t_ok whole-guest-restart-carries-data
else t_fail whole-guest-restart-carries-data "client '$out', server sha256 $hash"; fi
for a in "2 2049" "2 2049" "2 3049"; do
	# shellcheck disable=SC2086 # CID and port as two words
	"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" release $a >/dev/null
done
t_check released-table-gone test ! -e "$T/guest.ctl.endpoints"

# A table line the daemon cannot take is skipped, said, and dropped from the file.
kill "$(status guest | sed -n 's/^daemon .*pid=\([0-9]*\).*/\1/p')"
wait_for sh -c "! '$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status"
python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1],flush=True); time.sleep(60)' >"$T/busy" &
PIDS+=("$!")
wait_for test -s "$T/busy"
printf 'endpoint cid=2 port=2049 tcp=127.0.0.1:%s refs=1\ngarbage\nendpoint cid=2 port=4049 tcp=127.0.0.1:%s refs=1\n' \
	"$(cat "$T/busy")" "$GPORT" >"$T/guest.ctl.endpoints"
start_daemon guest -r guest --test-uds "$T/h.sock" || t_fail restart-with-bad-table "see $T/guest.log"
t_check port-taken-said grep -q "endpoint vsock:2:2049: cannot listen on 127.0.0.1:$(cat "$T/busy") again" "$T/guest.log"
t_check bad-line-said grep -q "guest.ctl.endpoints:2: not an endpoint line; ignored" "$T/guest.log"
t_check good-line-restored sh -c "'$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -qx 'endpoint cid=2 port=4049 tcp=127.0.0.1:$GPORT refs=1'"
t_check table-rewritten sh -c "[ \"\$(cat '$T/guest.ctl.endpoints')\" = 'endpoint cid=2 port=4049 tcp=127.0.0.1:$GPORT refs=1' ]"

# A table that is a symbolic link is neither read nor written through. The
# daemon saves its table on the way out, after its control socket is gone:
# wait for the process itself, or that save can land on the link made next.
gpid=$(status guest | sed -n 's/^daemon .*pid=\([0-9]*\).*/\1/p')
kill "$gpid"
wait "$gpid" 2>/dev/null
echo "endpoint cid=2 port=5049 tcp=127.0.0.1:$GPORT refs=1" >"$T/elsewhere"
rm -f "$T/guest.ctl.endpoints"
ln -s "$T/elsewhere" "$T/guest.ctl.endpoints"
start_daemon guest -r guest --test-uds "$T/h.sock" || t_fail restart-with-link "see $T/guest.log"
t_check link-not-followed sh -c "! '$NVD' -c '$T/guest.conf' -S '$T/guest.ctl' status --raw | grep -q '^endpoint'"
t_check link-refusal-said grep -q "cannot read the endpoint table $T/guest.ctl.endpoints" "$T/guest.log"
ln -sf "$T/elsewhere" "$T/guest.ctl.endpoints.new"
"$NVD" -c "$T/guest.conf" -S "$T/guest.ctl" acquire 2 6049 >/dev/null
t_check link-not-written-through grep -qx "endpoint cid=2 port=5049 tcp=127.0.0.1:$GPORT refs=1" "$T/elsewhere"
exit 0
