# SPDX-License-Identifier: GPL-2.0-or-later
# utils/nfsvsockd/fwd.mk: the relay's data path (libfwd.a), its unit tests and benchmark helpers.
noinst_LIBRARIES += utils/nfsvsockd/libfwd.a
utils_nfsvsockd_libfwd_a_SOURCES = \
	utils/nfsvsockd/ev.c utils/nfsvsockd/ev.h \
	utils/nfsvsockd/fwd.c utils/nfsvsockd/fwd.h

check_PROGRAMS += tests/unit/test-ev tests/unit/test-fwd
tests_unit_test_ev_SOURCES = tests/unit/test-ev.c tests/unit/t.h
tests_unit_test_ev_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/nfsvsockd
tests_unit_test_ev_LDADD = utils/nfsvsockd/libfwd.a
tests_unit_test_fwd_SOURCES = tests/unit/test-fwd.c tests/unit/t.h
tests_unit_test_fwd_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/nfsvsockd
tests_unit_test_fwd_LDADD = utils/nfsvsockd/libfwd.a
