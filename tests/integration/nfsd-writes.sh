#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfsd-writes.sh: rpc.nfsd against a relocated, fake /proc/fs/nfsd: the sequence of
# writes, messages and exit status of each configuration, diffed against nfsd-expected/.
#
# A fake file keeps only the last write, so rpc.nfsd records every transaction
# in NFSVSOCK_NFSD_TRACE. Failures are real: a file that is a symlink to
# /dev/full refuses every write with ENOSPC, as a kernel handler refuses one.
# No AF_VSOCK here (this machine's /dev/vsock leads off it): the native
# attempt is refused by NFSVSOCK_TEST_NO_VSOCK and tested in the VM instead.
# REGEN=1 rewrites the expected files from the current output.
set -u
: "${BUILDDIR:?BUILDDIR must name the build directory}"
: "${SRCDIR:?SRCDIR must name the source tree}"
NFSD=$BUILDDIR/utils/nfsd/rpc.nfsd
EXP=$SRCDIR/tests/integration/nfsd-expected
SUITE=nfsd-writes
T=$(mktemp -d /tmp/nfsd-test.XXXXXX)
PIDS=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
export NFSVSOCK_TEST_NO_VSOCK=1 NFSVSOCK_ROOT=$T/root NFSVSOCK_NFSD_TRACE=$T/trace
export NFSVSOCK_NFSVSOCKD=$T/fake-nfsvsockd
unset INVOCATION_ID NFSVSOCK_DEBUG
# A free-looking high port, replaced by PORT in the output.
P=$((21000 + $$ % 20000))

# The relay stand-in records its command line; FAKE_RELAY_EXIT sets its status.
cat >"$T/fake-nfsvsockd" <<'EOS'
#!/bin/sh
echo "nfsvsockd $*" >>"$NFSVSOCK_ROOT/relay.args"
exit "${FAKE_RELAY_EXIT:-0}"
EOS
chmod +x "$T/fake-nfsvsockd"

# fresh_fs: an empty nfsd filesystem with the files rpc.nfsd writes; no nfs.conf.
fresh_fs() {
	local f
	rm -rf "$T/root" "$T/trace"
	mkdir -p "$T/root/proc/fs/nfsd" "$T/root/etc"
	for f in threads versions portlist nfsv4leasetime nfsv4gracetime; do
		: >"$T/root/proc/fs/nfsd/$f"
	done
}

# run NAME ARGS...: run rpc.nfsd and compare its exit status, stderr, the
# transaction trace and the relay's command line with nfsd-expected/NAME.
run() {
	local name=$1 rc out=$T/$1.out
	shift
	"$NFSD" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	{
		echo "exit $rc"
		echo "--- stdout"; cat "$T/stdout"
		echo "--- stderr"; cat "$T/stderr"
		echo "--- trace"; cat "$T/trace" 2>/dev/null
		echo "--- relay"; cat "$T/root/relay.args" 2>/dev/null
	} | sed -e "s|$T|T|g" -e "s/$P/PORT/g" -e 's/pid=[0-9]*/pid=N/' -e 's/worker=[0-9]*/worker=N/' >"$out"
	if [ -n "${REGEN:-}" ]; then
		cp "$out" "$EXP/$name.txt"
	fi
	if diff -u "$EXP/$name.txt" "$out" >"$T/diff" 2>&1; then
		echo "ok $SUITE/$name"
	else
		echo "not ok $SUITE/$name: output differs from nfsd-expected/$name.txt: $(grep -m3 '^[-+][^-+]' "$T/diff" | tr '\n' ' ')"
		cat "$T/diff" >&2
	fi
}

fresh_fs; run tcp-only -p "$P" 8
fresh_fs; run tcp-host-v4only -H 127.0.0.1 -p "$P" -N 3 -N 4.0 -L 10 -G 10 2
fresh_fs; run tcp-udp -u -p "$P" 4
fresh_fs; run vsock-relay -p "$P" --vsock --vsock-path=relay 8
fresh_fs; run vsock-relay-host -H 127.0.0.1 -p "$P" --vsock=3049 --vsock-path=relay -N 3 8
fresh_fs; run vsock-relay-notcp -T -p "$P" --vsock --vsock-path=relay -N 3 8
fresh_fs
cat >"$T/root/etc/nfs.conf" <<EOC
[nfsd]
vsock-only = y
vsock-path = relay
threads = 16
lease-time = 10
grace-time = 10
port = $P
host = 192.0.2.1
udp = y
EOC
run vsock-only-conf
rm -f "$T/trace" "$T/root/relay.args"
run print-config --print-config -p 2050 --vsock=3049
fresh_fs; run vsock-native-refused-here -p "$P" --vsock
fresh_fs; run vsock-kernel-refused-here -p "$P" --vsock --vsock-path=kernel

# Failures: nothing half-started is left behind.
fresh_fs; ln -sf /dev/full "$T/root/proc/fs/nfsd/threads"
run threads-write-fails -p "$P" --vsock-only --vsock-path=relay 8
fresh_fs; ln -sf /dev/full "$T/root/proc/fs/nfsd/portlist"
run portlist-refuses-fd -p "$P" 8
fresh_fs; ln -sf /dev/full "$T/root/proc/fs/nfsd/versions"
run versions-refused -p "$P" -V 4.3 8
fresh_fs; FAKE_RELAY_EXIT=1 run relay-fails -p "$P" --vsock-only --vsock-path=relay 8
fresh_fs
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET6); s.bind(("::1",int(sys.argv[1]))); s.listen(); print("up",flush=True); time.sleep(60)' "$P" >"$T/busy" &
PIDS+=("$!")
for _ in $(seq 50); do grep -q up "$T/busy" 2>/dev/null && break; sleep 0.1; done
run port-in-use -p "$P" --vsock-only --vsock-path=relay 8
kill "${PIDS[-1]}"
fresh_fs; run no-version-left -p "$P" -N 3 -N 4 8
fresh_fs; run bad-version-arg -p "$P" -V 2 8
fresh_fs; run bad-threads -p "$P" 9000
fresh_fs; run no-transport -T 8

# Stop, and a second start while nfsd runs: only threads are written.
fresh_fs; run stop 0
fresh_fs; echo "tcp $P" >"$T/root/proc/fs/nfsd/portlist"
run already-running -p "$P" 16
# Run again while nfsd runs, with the relay that carried vsock gone: started
# again, as the first start did; with nfsd's own vsock listener, not.
fresh_fs; echo "tcp $P" >"$T/root/proc/fs/nfsd/portlist"
run already-running-relay-gone -p "$P" --vsock-only --vsock-path=relay 16
fresh_fs; printf 'tcp %s\nvsock 2049\n' "$P" >"$T/root/proc/fs/nfsd/portlist"
run already-running-native -p "$P" --vsock 16

# Status, from the files as the kernel would present them.
fresh_fs
echo 8 >"$T/root/proc/fs/nfsd/threads"
echo "-3 +4 -4.0 +4.1 +4.2" >"$T/root/proc/fs/nfsd/versions"
printf 'tcp 2049\ntcp 2049\nudp 2049\n' >"$T/root/proc/fs/nfsd/portlist"
echo 10 >"$T/root/proc/fs/nfsd/nfsv4leasetime"
echo 10 >"$T/root/proc/fs/nfsd/nfsv4gracetime"
run status --status
rm -rf "$T/root/proc/fs/nfsd"
run status-not-mounted --status

# A real nfsvsockd at the control socket: the host role on hybrid vsock only
# (a Unix socket, never AF_VSOCK), then the guest role, which is the wrong one.
NVD=$BUILDDIR/utils/nfsvsockd/nfsvsockd
export NFSVSOCK_PATH_RUNDIR=$T/run
mkdir -p "$T/run"
start_relay() {
	"$NVD" -F -c /dev/null -S "$T/run/nfsvsockd.sock" -o source-guard=n "$@" >"$T/relay.log" 2>&1 &
	RPID=$!
	PIDS+=("$RPID")
	for _ in $(seq 100); do
		"$NVD" -c /dev/null -S "$T/run/nfsvsockd.sock" status >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "not ok $SUITE/relay-start: nfsvsockd $* did not answer: $(tail -n 2 "$T/relay.log")"
	return 1
}
if start_relay -r host -o vsock=n -o uds-path="$T/hyb"; then
	fresh_fs; run relay-already-running -p "$P" --vsock 8
	fresh_fs; run relay-already-running-kernel -p "$P" --vsock --vsock-path=kernel 8
	fresh_fs; echo 8 >"$T/root/proc/fs/nfsd/threads"
	printf 'tcp %s\ntcp %s\n' "$P" "$P" >"$T/root/proc/fs/nfsd/portlist"
	run status-with-relay --status
	kill "$RPID"; wait "$RPID" 2>/dev/null
fi
if start_relay -r guest --test-uds "$T/hyb"; then
	fresh_fs; run relay-wrong-role -p "$P" --vsock --vsock-path=relay 8
	kill "$RPID"; wait "$RPID" 2>/dev/null
fi
exit 0
