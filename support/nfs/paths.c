/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paths.c: resolve system paths through NFSVSOCK_ROOT and NFSVSOCK_PATH_<NAME>. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static const struct {
	const char *name;
	const char *def;
} nv_paths[NV_PATH_COUNT] = {
	[NV_PATH_NFSD_FS]      = { "NFSD_FS", "/proc/fs/nfsd" },
	[NV_PATH_RPC_CACHE]    = { "RPC_CACHE", "/proc/net/rpc" },
	[NV_PATH_EXPORTS]      = { "EXPORTS", "/etc/exports" },
	[NV_PATH_EXPORTS_D]    = { "EXPORTS_D", "/etc/exports.d" },
	[NV_PATH_NFS_CONF]     = { "NFS_CONF", "/etc/nfs.conf" },
	[NV_PATH_NFS_CONF_D]   = { "NFS_CONF_D", "/etc/nfs.conf.d" },
	[NV_PATH_STATEDIR]     = { "STATEDIR", "/var/lib/nfs" },
	[NV_PATH_RUNDIR]       = { "RUNDIR", "/run/nfs-vsock" },
	[NV_PATH_DEV_VSOCK]    = { "DEV_VSOCK", "/dev/vsock" },
	[NV_PATH_PROC_MOUNTS]  = { "PROC_MOUNTS", "/proc/self/mounts" },
	[NV_PATH_FSTAB]        = { "FSTAB", "/etc/fstab" },
	[NV_PATH_PROC_MODULES] = { "PROC_MODULES", "/proc/modules" },
};

const char *nv_path_name(enum nv_path id)
{
	if ((unsigned int)id >= NV_PATH_COUNT)
		return NULL;
	return nv_paths[id].name;
}

int nv_path_get(enum nv_path id, char *buf, size_t len)
{
	char var[64];
	const char *exact, *root;
	int n;

	if ((unsigned int)id >= NV_PATH_COUNT || !buf || !len)
		return -EINVAL;
	snprintf(var, sizeof(var), "NFSVSOCK_PATH_%s", nv_paths[id].name);
	exact = getenv(var);
	root = getenv("NFSVSOCK_ROOT");
	if (exact && *exact)
		n = snprintf(buf, len, "%s", exact);
	else if (root && *root)
		n = snprintf(buf, len, "%s%s", root, nv_paths[id].def);
	else
		n = snprintf(buf, len, "%s", nv_paths[id].def);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int nv_path_join(enum nv_path id, const char *rel, char *buf, size_t len)
{
	size_t used;
	int rc, n;

	rc = nv_path_get(id, buf, len);
	if (rc < 0)
		return rc;
	used = strlen(buf);
	while (*rel == '/')
		rel++;
	n = snprintf(buf + used, len - used, "/%s", rel);
	if (n < 0 || (size_t)n >= len - used)
		return -ENAMETOOLONG;
	return 0;
}
