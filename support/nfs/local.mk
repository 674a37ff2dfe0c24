# SPDX-License-Identifier: GPL-2.0-or-later
# support/nfs: logging, paths, nfs.conf and the configuration key table.
noinst_LIBRARIES += support/nfs/libnfs.a
support_nfs_libnfs_a_SOURCES = \
	support/nfs/log.c \
	support/nfs/paths.c
support_nfs_libnfs_a_SOURCES += support/nfs/nfsdfs.c
