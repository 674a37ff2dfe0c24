// SPDX-License-Identifier: GPL-2.0-or-later
/* umount.c: umount.nfs: umount2 with -f/-l, then give the relay endpoint of a relay mount back. */
#include "config.h"

#include <errno.h>
#include <libmount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"
#include "paths.h"
#include "strnum.h"
#include "vsock.h"

/* What a relay mount looks like in the mount table: the device's host is
 * a CID, addr=127.0.0.1 and port= the relay's loopback port. */
struct relay_mount {
	uint32_t cid;
	unsigned int tcp_port;
	bool is_relay;
};

static void inspect(struct libmnt_fs *fs, struct relay_mount *rm)
{
	const char *src = mnt_fs_get_source(fs), *opts = mnt_fs_get_options(fs);
	char *addr = NULL, *port = NULL;
	struct nm_dev dev;
	long long p;

	memset(rm, 0, sizeof(*rm));
	if (!src || nm_device_split(src, &dev) || dev.bracketed ||
	    vsock_cid_parse(dev.host, &rm->cid))
		return;
	if (nm_opt_get(opts, "addr", &addr) == 1 && !strcmp(addr, "127.0.0.1") &&
	    nm_opt_get(opts, "port", &port) == 1 && port && !nv_strtonum(port, 1, 65535, &p)) {
		rm->tcp_port = (unsigned int)p;
		rm->is_relay = true;
	}
	free(addr);
	free(port);
}

/* The last mount on dir in the (relocatable) mount table. */
static int find_mount(struct nm_ctx *ctx, struct relay_mount *rm)
{
	char path[PATH_MAX];
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	const char *type;
	int rc = EX_FAIL;

	if (nv_path_get(NV_PATH_PROC_MOUNTS, path, sizeof(path)) < 0)
		return EX_SYSERR;
	tb = mnt_new_table_from_file(path);
	if (!tb) {
		nm_fail(ctx, "cannot read the mount table %s", path);
		return EX_SYSERR;
	}
	fs = mnt_table_find_target(tb, ctx->dir, MNT_ITER_BACKWARD);
	type = fs ? mnt_fs_get_fstype(fs) : NULL;
	if (!fs)
		nm_fail(ctx, "not mounted (not in %s)", path);
	else if (!type || strncmp(type, "nfs", 3))
		nm_fail(ctx, "not an NFS mount (type %s); use umount", type ? type : "unknown");
	else {
		inspect(fs, rm);
		rc = 0;
	}
	mnt_unref_table(tb);
	return rc;
}

static int call_umount(const struct nm_ctx *ctx)
{
	const char *seam = getenv("NFSVSOCK_TEST_MOUNT_ERRNO");
	int flags = (ctx->force ? MNT_FORCE : 0) | (ctx->lazy ? MNT_DETACH : 0);

	if (seam)
		return atoi(seam);
	return umount2(ctx->dir, flags) ? errno : 0;
}

static void umount_failed(const struct nm_ctx *ctx, int err)
{
	if (err == EBUSY)
		nm_fail(ctx, "device is busy; close the files open there, or use -l (lazy)");
	else if (err == EPERM)
		nm_fail(ctx, "only root can unmount this");
	else if (err == EINVAL)
		nm_fail(ctx, "not mounted");
	else
		nm_fail(ctx, "umount2 failed: %s", strerror(err));
}

int nm_umount(struct nm_ctx *ctx)
{
	struct relay_mount rm;
	int rc, err;

	if (geteuid() != 0) {
		nm_fail(ctx, "only root can unmount NFS filesystems; use sudo or umount(8)");
		return EX_USAGE;
	}
	if ((rc = find_mount(ctx, &rm)))
		return rc;
	err = call_umount(ctx);
	if (err) {
		umount_failed(ctx, err);
		return EX_FAIL;
	}
	if (!ctx->nomtab)
		nm_utab_remove(ctx->dir);
	if (!rm.is_relay)
		return 0;
	/* Lazy and forced unmounts release too: the kernel drops its
	 * connection once the last user goes, and a later mount asks again. */
	if (nm_relay_ctlsock(ctx->ctlsock, sizeof(ctx->ctlsock)) < 0)
		return 0;
	nm_relay_release_by_tcp(ctx->ctlsock, rm.cid, rm.tcp_port, ctx->verbose, ctx->dir);
	return 0;
}
