#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/deps.sh: install from Debian's archive what building and testing need.
# Idempotent and quiet: asks apt only for packages that are missing.
set -eu
pkgs=(
	build-essential autoconf automake pkg-config
	libtirpc-dev libmount-dev libkeyutils-dev libblkid-dev libnftables-dev linux-libc-dev
	iproute2 util-linux nftables
	man-db shellcheck socat python3 systemd
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The QEMU test bed has its own list.
exec "$(dirname "$0")/../tests/vm/deps.sh"
