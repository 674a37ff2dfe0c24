# SPDX-License-Identifier: GPL-2.0-or-later
# support/export: the export engine shared by exportfs and rpc.mountd.
noinst_LIBRARIES += support/export/libexport.a
support_export_libexport_a_SOURCES = \
	support/include/export.h \
	support/include/cacheio.h \
	support/export/cacheio.c \
	support/export/client.c \
	support/export/match.c \
	support/export/options.c \
	support/export/format.c \
	support/export/exports.c \
	support/export/etab.c \
	support/export/fsid.c \
	support/export/v4root.c
support_export_libexport_a_CFLAGS = $(AM_CFLAGS) $(BLKID_CFLAGS)
EXPORT_LIBS = support/export/libexport.a support/vsock/libvsock.a support/nfs/libnfs.a $(BLKID_LIBS)
check_PROGRAMS += tests/unit/test-export tests/unit/test-cache tests/unit/test-export-v4root
tests_unit_test_export_SOURCES = tests/unit/test-export.c tests/unit/t.h
tests_unit_test_export_CPPFLAGS = $(AM_CPPFLAGS) -DNV_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_export_LDADD = $(EXPORT_LIBS)
tests_unit_test_cache_SOURCES = tests/unit/test-cache.c tests/unit/t.h
tests_unit_test_cache_LDADD = $(EXPORT_LIBS)
tests_unit_test_export_v4root_SOURCES = tests/unit/test-export-v4root.c tests/unit/t.h
tests_unit_test_export_v4root_LDADD = $(EXPORT_LIBS)
