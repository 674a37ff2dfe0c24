#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/demo.sh: the main job, from a fresh Debian 12 machine (as root): install what
# is needed, build, boot Debian's stock kernel in the QEMU test bed and show what
# happens there: the probe of the kernel's vsock support (which decides the data
# path), then the hypervisor side started with the project's exportfs, rpc.mountd and
# rpc.nfsd, and the guest's literal `mount.nfs 2:/export /mnt -o proto=vsock`, with a
# file written on one side and read on the other.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" vm
out=$top/build/vm/demo
rc=0
"$top/tests/vm/run" --build "$top/build/vm" --only probe,nfsd --out "$out" >"$out.results" 2>&1 || rc=$?
echo
echo "== In a QEMU guest booting Debian's stock kernel ($(sed -n 's/.*kernel \([^ ]*\)$/\1/p' "$out/guest.log" | head -n 1)):"
sed -n 's/^demo: //p' "$out/guest.log"
echo
if [ "$rc" -eq 0 ]; then
	echo "== Checked: $(grep -c '^ok ' "$out.results") findings as expected (details: $out.results)."
else
	echo "== Something was not as expected:"
	grep -v '^ok ' "$out.results" || true
	echo "guest log: $out/guest.log"
fi
exit "$rc"
