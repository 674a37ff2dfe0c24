# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/initramfs.sh: the guest's initramfs, as two gzip'd cpio archives the kernel unpacks
# one over the other: a base (busybox, kernel modules) cached per kernel, and a project part
# (programs, scenarios, /init, extra packages) rebuilt on every run. Sourced by tests/vm/run.
# shellcheck shell=bash

VM_BUSYBOX=/bin/busybox
# Files the project's programs read through libtirpc and libc, when the host has them.
VM_HOST_ETC="/etc/netconfig /etc/rpc /etc/services /etc/protocols"

# vm_list FILE: the names in FILE, one a line, without comments or blank lines.
vm_list() {
	sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$1"
}

# vm_cpio DIR OUT: pack DIR as a gzip'd newc archive owned by root.
vm_cpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$2.part" && mv "$2.part" "$2"
}

# vm_module_order MODDIR NAME...: print the module files (relative to MODDIR) that NAME...
# need, dependencies first, each once: the order insmod needs.
vm_module_order() {
	local moddir=$1 f n
	local -A path=() seen=()
	shift
	while IFS= read -r f; do
		n=${f##*/}
		n=${n%%.ko*}
		path[${n//-/_}]=$f
	done < <(cd "$moddir" && find kernel -name '*.ko*')
	for n; do
		vm_module_visit "$n" || return 1
	done
}

# vm_module_visit NAME: depth first over `modinfo -F depends`, with vm_module_order's tables.
vm_module_visit() {
	local n=${1//-/_} d
	[ -n "${seen[$n]:-}" ] && return 0
	seen[$n]=1
	if [ -z "${path[$n]:-}" ]; then
		vm_note "kernel module $1 is not in $moddir"
		return 1
	fi
	for d in $(modinfo -F depends "$moddir/${path[$n]}" | tr , ' '); do
		vm_module_visit "$d" || return 1
	done
	printf '%s\n' "${path[$n]}"
}

# vm_base_files STAGE: the fixed files of the guest: busybox and its applet links, /etc.
vm_base_files() {
	local stage=$1 applet
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc/nvtest,dev,proc,sys,tmp,run} \
		"$stage"/{root,mnt,var/lib/nfs,var/tmp,scenarios,usr/libexec/nfsvsock-tests}
	chmod 1777 "$stage/tmp" "$stage/var/tmp"
	ln -s ../run "$stage/var/run"
	cp "$VM_BUSYBOX" "$stage/bin/busybox"
	for applet in $("$VM_BUSYBOX" --list-full); do
		[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
	done
	# The kernel opens /dev/console before /init can mount devtmpfs; /init copes without it.
	mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$stage/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$stage/etc/group"
	printf '%s\n' '127.0.0.1 localhost' '::1 localhost ip6-localhost ip6-loopback' \
		>"$stage/etc/hosts"
	printf '%s\n' 'passwd: files' 'group: files' 'hosts: files' >"$stage/etc/nsswitch.conf"
}

# vm_base_modules STAGE: the modules of tests/vm/modules.txt and their dependencies, with
# their load order in /etc/nvtest/modules and a modules.dep for busybox modprobe.
vm_base_modules() {
	local stage=$1 dst=$1/lib/modules/$VM_KVER ko f
	local -a top
	mapfile -t top < <(vm_list "$VM_DIR/modules.txt")
	vm_module_order "$VM_KMODS" "${top[@]}" >"$stage/etc/nvtest/modules" ||
		vm_die "cannot resolve the guest's kernel modules (tests/vm/modules.txt)"
	while IFS= read -r ko; do
		mkdir -p "$dst/${ko%/*}"
		cp "$VM_KMODS/$ko" "$dst/$ko"
	done <"$stage/etc/nvtest/modules"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$VM_KMODS/$f" ] && cp "$VM_KMODS/$f" "$dst/"
	done
	depmod -b "$stage" "$VM_KVER" || vm_die "depmod failed on the guest's modules"
}

# vm_base_initrd: set VM_BASE to the base archive for this kernel, busybox and module list,
# building it only when one of them (or this file) changed.
vm_base_initrd() {
	local key stage
	key=$({
		printf '%s\n' "$VM_KROOT"
		"$VM_BUSYBOX" | head -n 1
		cat "$VM_DIR/modules.txt" "${BASH_SOURCE[0]}"
	} | sha256sum | cut -c1-12)
	VM_BASE=$VM_CACHE/initrd/base-$VM_KVER-$key.cpio.gz
	[ -f "$VM_BASE" ] && return 0
	mkdir -p "$VM_CACHE/initrd"
	stage=$(mktemp -d "$VM_CACHE/initrd/stage.XXXXXX")
	vm_base_files "$stage"
	vm_base_modules "$stage"
	vm_cpio "$stage" "$VM_BASE" || vm_die "cannot write $VM_BASE"
	rm -rf "$stage"
}

# vm_missing_libdebs PKG...: the shared-library packages (libfoo1) that installing PKG...
# here would add: what this machine lacks. Its own libraries are copied from where ldd finds
# them.
vm_missing_libdebs() {
	apt-get -s -qq install --no-install-recommends "$@" 2>/dev/null |
		sed -n 's/^Inst \(lib[^ ]*[0-9][a-z0-9.+]*\) .*/\1/p'
}

# vm_extra_debs: set VM_EXTRA_DEBS to the cached .debs of tests/vm/extra-debs.txt and of the
# libraries they need that this machine lacks.
vm_extra_debs() {
	local pkg deb
	local -a want
	mapfile -t want < <(vm_list "$VM_DIR/extra-debs.txt")
	VM_EXTRA_DEBS=()
	[ ${#want[@]} -gt 0 ] || return 0
	for pkg in "${want[@]}" $(vm_missing_libdebs "${want[@]}"); do
		deb=$(vm_deb_fetch "$pkg") || exit 1
		VM_EXTRA_DEBS+=("$deb")
	done
}

# vm_is_elf FILE
vm_is_elf() {
	local magic=
	LC_ALL=C IFS= read -r -n 4 -d '' magic <"$1" || true
	[ "$magic" = $'\x7fELF' ]
}

# vm_copy_libs STAGE: copy into STAGE, at their own paths, the shared libraries and the
# dynamic loader every ELF file in STAGE needs; libraries already in STAGE (from extra
# packages) are used in place of the host's.
vm_copy_libs() {
	local stage=$1 libpath f line name lib guest missing=
	libpath=$(find "$stage" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
	while IFS= read -r -d '' f; do
		vm_is_elf "$f" || continue
		# Lines: "libc.so.6 => /lib/.../libc.so.6 (0x..)", "/lib64/ld-linux-x86-64.so.2 (0x..)"
		# or, for a library, "/lib64/ld-linux-x86-64.so.2 => /lib/.../ld-linux... (0x..)".
		while read -r line; do
			case $line in
			*'=> not found'*) missing+="${f#"$stage"} needs ${line%% *}; " ; continue ;;
			*' => /'*) name=${line%% => *} lib=${line#* => } ;;
			/*) name=${line% (0x*} lib=$line ;;
			*) continue ;;
			esac
			lib=${lib% (0x*}
			# An absolute name is what the ELF asks for (its interpreter): keep that path.
			case $name in
			/*) guest=$name ;;
			*) guest=${lib#"$stage"} ;;
			esac
			[ -e "$stage$guest" ] && continue
			mkdir -p "$stage${guest%/*}"
			cp -L "$lib" "$stage$guest"
		done < <(LD_LIBRARY_PATH=$libpath ldd "$f" 2>/dev/null)
	done < <(find "$stage" -type f \( -perm -u+x -o -name '*.so*' \) -print0)
	[ -z "$missing" ] ||
		vm_die "${missing%; }: found neither on this machine nor in the image; add the Debian package that ships it to tests/vm/extra-debs.txt"
}

# vm_project_initrd BUILDDIR STAGE OUT: install the build into STAGE with the guest
# programs, scenarios, /init and extra packages, then pack it as OUT.
vm_project_initrd() {
	local build=$1 stage=$2 out=$3 deb f
	mkdir -p "$stage"/{scenarios,usr/libexec/nfsvsock-tests,etc}
	local log=${out%/*}/install.log
	if ! make -s -C "$build" install DESTDIR="$stage" >"$log" 2>&1; then
		# The compiler's first error says more than make's last line.
		vm_die "make -C $build install failed: $({ grep -m 1 ': error:' "$log" || tail -n 1 "$log"; }) (log: $log)"
	fi
	if [ -d "$build/tests/vm/guest" ]; then
		find "$build/tests/vm/guest" -maxdepth 1 -type f -perm -u+x \
			-exec cp {} "$stage/usr/libexec/nfsvsock-tests/" \;
	fi
	cp "$VM_DIR"/scenarios/*.sh "$stage/scenarios/"
	install -m 755 "$VM_DIR/init" "$stage/init"
	for f in $VM_HOST_ETC; do
		[ -f "$f" ] && cp "$f" "$stage/etc/"
	done
	for deb in "${VM_EXTRA_DEBS[@]}"; do
		dpkg -x "$deb" "$stage" || vm_die "cannot extract $deb"
	done
	rm -rf "$stage"/usr/{,local/}share/{doc,man,info,locale}
	vm_copy_libs "$stage"
	vm_cpio "$stage" "$out" || vm_die "cannot write $out"
}
