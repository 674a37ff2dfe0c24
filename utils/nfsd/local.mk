# SPDX-License-Identifier: GPL-2.0-or-later
# utils/nfsd/local.mk: rpc.nfsd, its version logic as a library, and its unit tests.
noinst_LIBRARIES += utils/nfsd/libnfsdvers.a
utils_nfsd_libnfsdvers_a_SOURCES = utils/nfsd/versions.c utils/nfsd/nfsd.h

sbin_PROGRAMS += utils/nfsd/rpc.nfsd
utils_nfsd_rpc_nfsd_SOURCES = \
	utils/nfsd/main.c utils/nfsd/nfsd.h utils/nfsd/config.c utils/nfsd/xact.c \
	utils/nfsd/listen.c utils/nfsd/vsockpath.c utils/nfsd/relay.c \
	utils/nfsd/start.c utils/nfsd/status.c
# Where `make install` puts nfsvsockd, which rpc.nfsd starts for the relay.
utils_nfsd_rpc_nfsd_CPPFLAGS = $(AM_CPPFLAGS) -DNV_SBINDIR='"$(sbindir)"'
utils_nfsd_rpc_nfsd_LDADD = utils/nfsd/libnfsdvers.a support/nfs/librelayctl.a \
	support/vsock/libvsock.a support/nfs/libnfs.a
dist_man_MANS += man/rpc.nfsd.8

check_PROGRAMS += tests/unit/test-nfsd
tests_unit_test_nfsd_SOURCES = tests/unit/test-nfsd.c tests/unit/t.h
tests_unit_test_nfsd_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/nfsd
tests_unit_test_nfsd_LDADD = utils/nfsd/libnfsdvers.a
