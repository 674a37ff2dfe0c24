# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/common.sh: helpers shared by the host side of the VM test bed (sourced by bash).
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the files that source this one
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Outside the repository: a kernel package extracts to about 400 MB.
VM_CACHE=${NFSVSOCK_VM_CACHE:-/var/cache/nfs-vsock-utils/vm}
VM_APT_UPDATED=

vm_die() {
	printf 'tests/vm: %s\n' "$*" >&2
	exit 1
}

vm_note() {
	printf 'tests/vm: %s\n' "$*" >&2
}

# vm_scenario_name STEM: what a scenario records under, as lib.sh's t_name_of: 10-vsock -> vsock.
vm_scenario_name() {
	if [[ ${1%%-*} =~ ^[0-9]+$ && $1 == *-* ]]; then
		printf '%s\n' "${1#*-}"
	else
		printf '%s\n' "$1"
	fi
}

# vm_apt_update: refresh the package lists, at most once per run.
vm_apt_update() {
	[ -n "$VM_APT_UPDATED" ] && return 0
	VM_APT_UPDATED=1
	apt-get update -qq >/dev/null 2>&1
}

# vm_apt_candidate PKG: the version apt would download; refreshes stale lists once.
vm_apt_candidate() {
	local ver
	ver=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		vm_apt_update
		ver=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	fi
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	printf '%s\n' "$ver"
}

# vm_deb_fetch PKG: print the path of PKG's .deb in the cache, downloading it only once
# per version.
vm_deb_fetch() {
	local pkg=$1 ver dir deb err
	ver=$(vm_apt_candidate "$pkg") ||
		vm_die "cannot download $pkg: apt knows no such package (apt-get update failed or the name is wrong)"
	dir=$VM_CACHE/debs/$pkg/${ver//:/%3a}
	deb=$(find "$dir" -maxdepth 1 -name '*.deb' 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		rm -rf "$dir.part" && mkdir -p "$dir.part"
		# Root downloads unsandboxed into a folder _apt cannot write; apt warns and goes on.
		if ! err=$(cd "$dir.part" && apt-get download -q "$pkg=$ver" 2>&1); then
			rm -rf "$dir.part"
			vm_die "cannot download $pkg $ver: $(printf '%s\n' "$err" | grep -E '^(E|Err):' | tail -n 1)"
		fi
		rm -rf "$dir" && mv "$dir.part" "$dir"
		deb=$(find "$dir" -maxdepth 1 -name '*.deb' | head -n 1)
	fi
	printf '%s\n' "$deb"
}

# vm_cache_lock: serialise cache updates between concurrent runs until vm_cache_unlock.
vm_cache_lock() {
	mkdir -p "$VM_CACHE" || vm_die "cannot create the cache $VM_CACHE (set NFSVSOCK_VM_CACHE)"
	exec {VM_LOCK_FD}>"$VM_CACHE/.lock"
	flock "$VM_LOCK_FD"
}

vm_cache_unlock() {
	exec {VM_LOCK_FD}>&-
}
