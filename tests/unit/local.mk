# SPDX-License-Identifier: GPL-2.0-or-later
# tests/unit: unit tests of support/nfs basics (other suites live beside their code's local.mk).
check_PROGRAMS += tests/unit/test-paths tests/unit/test-log
tests_unit_test_paths_SOURCES = tests/unit/test-paths.c tests/unit/t.h
tests_unit_test_paths_LDADD = support/nfs/libnfs.a
tests_unit_test_log_SOURCES = tests/unit/test-log.c tests/unit/t.h
tests_unit_test_log_LDADD = support/nfs/libnfs.a
check_PROGRAMS += tests/unit/test-probe tests/unit/test-nfsdfs
tests_unit_test_probe_SOURCES = tests/unit/test-probe.c tests/unit/t.h
tests_unit_test_probe_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a
tests_unit_test_nfsdfs_SOURCES = tests/unit/test-nfsdfs.c tests/unit/t.h
tests_unit_test_nfsdfs_LDADD = support/nfs/libnfs.a
