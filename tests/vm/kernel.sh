#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/kernel.sh: Debian's stock kernel for the guest, downloaded and extracted once into
# the cache. Sourced by tests/vm/run; run alone, it prints what it resolved.
# shellcheck shell=bash

# vm_kernel_package: the package linux-image-amd64 points at now (linux-image-6.1.0-NN-amd64).
vm_kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}

# vm_kernel: set VM_KROOT (the extracted package), VM_KVER (its uname -r), VM_VMLINUZ and
# VM_KMODS (its module tree). Only the first run for a kernel version downloads anything.
vm_kernel() {
	local pkg ver deb
	pkg=$(vm_kernel_package)
	if [ -z "$pkg" ]; then
		vm_apt_update
		pkg=$(vm_kernel_package)
	fi
	if [ -n "$pkg" ] && ver=$(vm_apt_candidate "$pkg"); then
		VM_KROOT=$VM_CACHE/kernel/${pkg}_${ver//:/%3a}
		if [ ! -d "$VM_KROOT/root" ]; then
			deb=$(vm_deb_fetch "$pkg") || exit 1
			rm -rf "$VM_KROOT/root.part" && mkdir -p "$VM_KROOT/root.part"
			dpkg -x "$deb" "$VM_KROOT/root.part" ||
				vm_die "cannot extract $deb into $VM_KROOT (disk full?)"
			mv "$VM_KROOT/root.part" "$VM_KROOT/root"
			# The extracted tree is what later runs use; the archive would only take space.
			rm -rf "${deb%/*/*}"
		fi
	else
		# Offline with stale lists: a kernel fetched earlier still does the job.
		VM_KROOT=$(find "$VM_CACHE/kernel" -mindepth 2 -maxdepth 2 -name root 2>/dev/null |
			sort -V | tail -n 1)
		VM_KROOT=${VM_KROOT%/root}
		[ -n "$VM_KROOT" ] ||
			vm_die "cannot resolve linux-image-amd64 with apt-cache depends, and no kernel is cached in $VM_CACHE/kernel"
		vm_note "apt cannot resolve linux-image-amd64; using the cached $VM_KROOT"
	fi
	VM_KVER=$(ls "$VM_KROOT/root/lib/modules")
	VM_KMODS=$VM_KROOT/root/lib/modules/$VM_KVER
	VM_VMLINUZ=$VM_KROOT/root/boot/vmlinuz-$VM_KVER
	if [ ! -f "$VM_VMLINUZ" ] || [ ! -d "$VM_KMODS/kernel" ]; then
		vm_die "$VM_KROOT holds no usable kernel (remove it and run again)"
	fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	# shellcheck source=tests/vm/common.sh
	. "$(dirname "$0")/common.sh"
	vm_cache_lock
	vm_kernel
	printf 'kernel %s\nvmlinuz %s\nmodules %s\n' "$VM_KVER" "$VM_VMLINUZ" "$VM_KMODS"
fi
