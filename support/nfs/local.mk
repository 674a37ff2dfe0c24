# SPDX-License-Identifier: GPL-2.0-or-later
# support/nfs: logging, paths, nfs.conf and the configuration key table.
noinst_LIBRARIES += support/nfs/libnfs.a
support_nfs_libnfs_a_SOURCES = \
	support/nfs/log.c \
	support/nfs/paths.c
support_nfs_libnfs_a_SOURCES += support/nfs/nfsdfs.c
# nfs.conf: the key table (conftab.c), the reader (conf*.c), strict numbers.
support_nfs_libnfs_a_SOURCES += \
	support/include/conf.h \
	support/include/strnum.h \
	support/nfs/strnum.c \
	support/nfs/conftab.c \
	support/nfs/confvalue.c \
	support/nfs/confline.c \
	support/nfs/conf.c
check_PROGRAMS += tests/unit/test-strnum tests/unit/test-conf
tests_unit_test_strnum_SOURCES = tests/unit/test-strnum.c tests/unit/t.h
tests_unit_test_strnum_LDADD = support/nfs/libnfs.a
tests_unit_test_conf_SOURCES = tests/unit/test-conf.c tests/unit/t.h
# The fixtures' fallback location when neither argv[1] nor NFSVSOCK_TEST_SRCDIR is given.
tests_unit_test_conf_CPPFLAGS = $(AM_CPPFLAGS) -DNV_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_conf_LDADD = support/nfs/libnfs.a
EXTRA_DIST += tests/unit/conf
dist_man_MANS += man/nfs.conf.5
support_nfs_libnfs_a_SOURCES += support/include/conflog.h support/nfs/conflog.c
