# SPDX-License-Identifier: GPL-2.0-or-later
# utils/nfsvsockd/local.mk: the relay daemon nfsvsockd, its support pieces and unit tests.

# The control protocol lives in support/ so mount.nfs and umount.nfs can link it.
noinst_LIBRARIES += support/nfs/librelayctl.a
support_nfs_librelayctl_a_SOURCES = support/nfs/relayctl.c support/include/relayctl.h
# The host's set-up for the CID address map: the local route on lo and the
# nftables guard that keeps the prefix for root's sockets.
noinst_LIBRARIES += support/vsock/libvsockroute.a
support_vsock_libvsockroute_a_SOURCES = support/vsock/route.c support/include/vsockroute.h \
	support/vsock/guard.c support/include/vsockguard.h
support_vsock_libvsockroute_a_CFLAGS = $(AM_CFLAGS) $(NFTABLES_CFLAGS)

# The pure pieces, shared by the daemon and its unit tests.
noinst_LIBRARIES += utils/nfsvsockd/librelay.a
utils_nfsvsockd_librelay_a_SOURCES = \
	utils/nfsvsockd/allow.c utils/nfsvsockd/allow.h \
	utils/nfsvsockd/portscan.c utils/nfsvsockd/portscan.h \
	utils/nfsvsockd/eptab.c utils/nfsvsockd/eptab.h \
	utils/nfsvsockd/status.c utils/nfsvsockd/status.h

sbin_PROGRAMS += utils/nfsvsockd/nfsvsockd
utils_nfsvsockd_nfsvsockd_SOURCES = \
	utils/nfsvsockd/main.c utils/nfsvsockd/nfsvsockd.h \
	utils/nfsvsockd/config.c utils/nfsvsockd/supervisor.c \
	utils/nfsvsockd/control.c utils/nfsvsockd/epstate.c utils/nfsvsockd/chan.c \
	utils/nfsvsockd/worker.c utils/nfsvsockd/worker.h \
	utils/nfsvsockd/host.c utils/nfsvsockd/guest.c \
	utils/nfsvsockd/ctl_client.c
utils_nfsvsockd_nfsvsockd_LDADD = utils/nfsvsockd/librelay.a utils/nfsvsockd/libfwd.a \
	support/nfs/librelayctl.a support/vsock/libvsockroute.a \
	support/vsock/libvsock.a support/nfs/libnfs.a $(NFTABLES_LIBS)
dist_man_MANS += man/nfsvsockd.8

check_PROGRAMS += tests/unit/test-relay tests/unit/test-relayctl tests/unit/test-vsockguard
tests_unit_test_vsockguard_SOURCES = tests/unit/test-vsockguard.c tests/unit/t.h
tests_unit_test_vsockguard_CFLAGS = $(AM_CFLAGS) $(NFTABLES_CFLAGS)
tests_unit_test_vsockguard_LDADD = support/vsock/libvsockroute.a support/vsock/libvsock.a \
	support/nfs/libnfs.a $(NFTABLES_LIBS)
tests_unit_test_relay_SOURCES = tests/unit/test-relay.c tests/unit/t.h
tests_unit_test_relay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/nfsvsockd
tests_unit_test_relay_LDADD = utils/nfsvsockd/librelay.a support/nfs/libnfs.a
tests_unit_test_relayctl_SOURCES = tests/unit/test-relayctl.c tests/unit/t.h
tests_unit_test_relayctl_LDADD = support/nfs/librelayctl.a support/nfs/libnfs.a
EXTRA_DIST += tests/integration/relay-lib tests/integration/relay-servers.py
