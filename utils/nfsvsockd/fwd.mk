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

# Benchmark helpers, run by bench/relay-bench (never by the tests).
noinst_PROGRAMS += bench/fwd-relay bench/bench-peer bench/floor-relay
bench_fwd_relay_SOURCES = bench/fwd-relay.c
bench_fwd_relay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/nfsvsockd
bench_fwd_relay_LDADD = utils/nfsvsockd/libfwd.a
bench_bench_peer_SOURCES = bench/bench-peer.c
bench_floor_relay_SOURCES = bench/floor-relay.c
EXTRA_DIST += bench/relay-bench bench/README.md
