/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paths.h: every path the kernel or the system owns, relocatable for tests. */
#ifndef NV_PATHS_H
#define NV_PATHS_H

#include <stddef.h>

/*
 * One mechanism relocates them all: NFSVSOCK_ROOT=/some/dir prefixes every
 * default below, and NFSVSOCK_PATH_<NAME>=/exact/path (NAME as in the table
 * in paths.c, e.g. NFSVSOCK_PATH_NFSD_FS) replaces a single one. Integration
 * tests run unprivileged against fake files this way.
 */
enum nv_path {
	NV_PATH_NFSD_FS,	/* /proc/fs/nfsd */
	NV_PATH_RPC_CACHE,	/* /proc/net/rpc */
	NV_PATH_EXPORTS,	/* /etc/exports */
	NV_PATH_EXPORTS_D,	/* /etc/exports.d */
	NV_PATH_NFS_CONF,	/* /etc/nfs.conf */
	NV_PATH_NFS_CONF_D,	/* /etc/nfs.conf.d */
	NV_PATH_STATEDIR,	/* /var/lib/nfs */
	NV_PATH_RUNDIR,		/* /run/nfs-vsock */
	NV_PATH_DEV_VSOCK,	/* /dev/vsock */
	NV_PATH_PROC_MOUNTS,	/* /proc/self/mounts */
	NV_PATH_FSTAB,		/* /etc/fstab */
	NV_PATH_PROC_MODULES,	/* /proc/modules */
	NV_PATH_COUNT
};

/* Copy the effective path into buf; 0, -EINVAL for a bad id, -ENAMETOOLONG. */
int nv_path_get(enum nv_path id, char *buf, size_t len);
/* The effective path with "/rel" appended (rel may start with '/'). */
int nv_path_join(enum nv_path id, const char *rel, char *buf, size_t len);
/* The NAME part of the override variable, for messages and -T output. */
const char *nv_path_name(enum nv_path id);

#endif
