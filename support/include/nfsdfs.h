/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nfsdfs.h: access to the nfsd control filesystem (/proc/fs/nfsd). */
#ifndef NV_NFSDFS_H
#define NV_NFSDFS_H

#include <stddef.h>

/* Path of one file in the (relocatable) nfsd filesystem. */
int nfsdfs_path(const char *file, char *buf, size_t len);
/* 1 when the nfsd filesystem is mounted (its "threads" file exists), 0 if not. */
int nfsdfs_mounted(void);
/* Mount or unmount it. Unmounting stops a running server: callers only undo
 * a mount they made themselves. 0 or a negative errno. */
int nfsdfs_mount(void);
int nfsdfs_umount(void);

/*
 * One transaction on a transaction file: open, a single write of req, then
 * read the kernel's reply into reply (always NUL-terminated; reply may be
 * NULL). The kernel allows one write per open file (EBUSY on the second),
 * so each call reopens. Returns 0 or the negative errno of the failing step;
 * a refused write returns the handler's errno unchanged.
 */
int nfsdfs_transact(const char *file, const char *req, char *reply, size_t len);
/* Read a file's whole content (query form: no write). */
int nfsdfs_read(const char *file, char *buf, size_t len);

/* Hand a bound, listening socket to nfsd through portlist. */
int nfsd_portlist_add_fd(int fd, char *reply, size_t len);

#endif
