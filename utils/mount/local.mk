# SPDX-License-Identifier: GPL-2.0-or-later
# utils/mount: mount.nfs, mount.nfs4, umount.nfs, umount.nfs4 (one program, four names) and their tests.

# Everything but main.c, so the unit tests link the same code.
noinst_LIBRARIES += utils/mount/libnfsmount.a
utils_mount_libnfsmount_a_SOURCES = \
	utils/mount/mount.h \
	utils/mount/options.c utils/mount/device.c utils/mount/build.c \
	utils/mount/network.c utils/mount/path.c utils/mount/relay.c \
	utils/mount/nfsmount.c utils/mount/errors.c utils/mount/utab.c \
	utils/mount/umount.c utils/mount/fstab.c
# mount.nfs starts the guest relay by its installed path when none runs.
utils_mount_libnfsmount_a_CPPFLAGS = $(AM_CPPFLAGS) $(MOUNT_CFLAGS) -DNV_SBINDIR='"$(sbindir)"'
NV_MOUNT_LDADD = utils/mount/libnfsmount.a support/nfs/librelayctl.a \
	support/vsock/libvsock.a support/nfs/libnfs.a $(MOUNT_LIBS)

# mount(8) runs /sbin/mount.<type> and umount(8) /sbin/umount.<type>. A dir
# variable with "exec" in its name installs with install-exec, before its hook.
mounthelperexecdir = $(mounthelperdir)
mounthelperexec_PROGRAMS = utils/mount/mount.nfs
utils_mount_mount_nfs_SOURCES = utils/mount/main.c
utils_mount_mount_nfs_CPPFLAGS = $(AM_CPPFLAGS) $(MOUNT_CFLAGS)
utils_mount_mount_nfs_LDADD = $(NV_MOUNT_LDADD)
dist_man_MANS += man/mount.nfs.8 man/nfs.5

# The other three names are hard links: the program reads its own name.
install-exec-hook:
	cd "$(DESTDIR)$(mounthelperdir)" && for n in mount.nfs4 umount.nfs umount.nfs4; do \
		rm -f $$n && ln mount.nfs $$n; done
uninstall-hook:
	cd "$(DESTDIR)$(mounthelperdir)" && rm -f mount.nfs4 umount.nfs umount.nfs4

# Debian's nfs-common, unpacked into the test guest after our install,
# overwrites /sbin/mount.nfs; guest helpers come first in the guest's PATH,
# so the same program is built there under all four names.
noinst_PROGRAMS += tests/vm/guest/mount.nfs tests/vm/guest/mount.nfs4 \
	tests/vm/guest/umount.nfs tests/vm/guest/umount.nfs4
tests_vm_guest_mount_nfs_SOURCES = utils/mount/main.c
tests_vm_guest_mount_nfs_CPPFLAGS = $(utils_mount_mount_nfs_CPPFLAGS)
tests_vm_guest_mount_nfs_LDADD = $(NV_MOUNT_LDADD)
tests_vm_guest_mount_nfs4_SOURCES = utils/mount/main.c
tests_vm_guest_mount_nfs4_CPPFLAGS = $(utils_mount_mount_nfs_CPPFLAGS)
tests_vm_guest_mount_nfs4_LDADD = $(NV_MOUNT_LDADD)
tests_vm_guest_umount_nfs_SOURCES = utils/mount/main.c
tests_vm_guest_umount_nfs_CPPFLAGS = $(utils_mount_mount_nfs_CPPFLAGS)
tests_vm_guest_umount_nfs_LDADD = $(NV_MOUNT_LDADD)
tests_vm_guest_umount_nfs4_SOURCES = utils/mount/main.c
tests_vm_guest_umount_nfs4_CPPFLAGS = $(utils_mount_mount_nfs_CPPFLAGS)
tests_vm_guest_umount_nfs4_LDADD = $(NV_MOUNT_LDADD)
EXTRA_DIST += tests/vm/scenarios/40-mount.sh tests/unit/mount

check_PROGRAMS += tests/unit/test-mount
tests_unit_test_mount_SOURCES = tests/unit/test-mount.c tests/unit/t.h
tests_unit_test_mount_CPPFLAGS = $(AM_CPPFLAGS) $(MOUNT_CFLAGS) -I$(top_srcdir)/utils/mount
tests_unit_test_mount_LDADD = $(NV_MOUNT_LDADD)

# tests/run uses the installed name's build product too.
tests-build: $(mounthelperexec_PROGRAMS)
