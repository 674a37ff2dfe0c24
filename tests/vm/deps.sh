#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/deps.sh: install the host tools the VM test bed uses (Debian), quietly. Quick and
# silent when everything is there; runs apt-get update only when a package is missing.
set -euo pipefail

# qemu-system-x86: the guest; busybox-static: its userland; cpio, gzip: the initramfs;
# kmod: modinfo and depmod; util-linux: flock; libc-bin: ldd; coreutils: timeout, sha256sum.
pkgs=(qemu-system-x86 busybox-static cpio gzip kmod util-linux libc-bin coreutils)

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tests/vm/deps.sh: missing ${missing[*]}: run as root, or apt-get install ${missing[*]}" >&2
	exit 1
fi
# Stale or absent package lists know no candidate: refresh them then, and only then.
for p in "${missing[@]}"; do
	if ! apt-cache policy "$p" 2>/dev/null | grep -q '^ *Candidate: [^(]'; then
		apt-get update -qq >/dev/null || {
			echo "tests/vm/deps.sh: apt-get update failed; cannot install ${missing[*]}" >&2
			exit 1
		}
		break
	fi
done
if ! out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" 2>&1); then
	echo "tests/vm/deps.sh: apt-get install ${missing[*]} failed: $(printf '%s\n' "$out" | tail -n 1)" >&2
	exit 1
fi
