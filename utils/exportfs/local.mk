# SPDX-License-Identifier: GPL-2.0-or-later
# utils/exportfs: exportfs, keeper of etab and flusher of the kernel's export caches.
sbin_PROGRAMS += utils/exportfs/exportfs
utils_exportfs_exportfs_SOURCES = utils/exportfs/main.c utils/exportfs/ops.c \
	utils/exportfs/list.c utils/exportfs/exportfs.h
utils_exportfs_exportfs_LDADD = $(EXPORT_LIBS)
dist_man_MANS += man/exportfs.8 man/exports.5
