# SPDX-License-Identifier: GPL-2.0-or-later
# support/vsock: AF_VSOCK addresses, local CID, sockets, transport probes, CID mapping.
noinst_LIBRARIES += support/vsock/libvsock.a
support_vsock_libvsock_a_SOURCES =
support_vsock_libvsock_a_SOURCES += \
	support/include/vsock.h \
	support/include/vsockmap.h \
	support/vsock/addr.c \
	support/vsock/local.c \
	support/vsock/socket.c \
	support/vsock/vsockmap.c \
	support/include/probe.h \
	support/vsock/probe.c

# Unit tests: pure code only, never an AF_VSOCK socket (see test-vsocksock.c).
check_PROGRAMS += tests/unit/test-vsockaddr tests/unit/test-vsockmap tests/unit/test-vsocksock
tests_unit_test_vsockaddr_SOURCES = tests/unit/test-vsockaddr.c tests/unit/t.h
tests_unit_test_vsockaddr_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a
tests_unit_test_vsockmap_SOURCES = tests/unit/test-vsockmap.c tests/unit/t.h
tests_unit_test_vsockmap_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a
tests_unit_test_vsocksock_SOURCES = tests/unit/test-vsocksock.c tests/unit/t.h
tests_unit_test_vsocksock_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a

# Runs as root inside the QEMU guest only (tests/vm/scenarios/10-vsock.sh).
noinst_PROGRAMS += tests/vm/guest/vsock-guest-test
tests_vm_guest_vsock_guest_test_SOURCES = tests/vm/guest/vsock-guest-test.c
tests_vm_guest_vsock_guest_test_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a
EXTRA_DIST += tests/vm/scenarios/10-vsock.sh

# Raw NFS calls from a chosen user, source address, port and transport, for
# the threat model's checks (tests/vm/scenarios/55-security.sh); guest only.
noinst_PROGRAMS += tests/vm/guest/nfs-sec-probe
tests_vm_guest_nfs_sec_probe_SOURCES = tests/vm/guest/nfs-sec-probe.c
EXTRA_DIST += tests/vm/scenarios/55-security.sh SECURITY.md
