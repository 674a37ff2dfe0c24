// SPDX-License-Identifier: GPL-2.0-or-later
/* fstab.c: "mount.nfs /mnt" with only one argument: device, type and options from the (relocatable) fstab. */
#include "config.h"

#include <libmount.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mount.h"
#include "paths.h"

/* The one argument may name the mount point or the device, as for mount(8). */
static struct libmnt_fs *find_entry(struct libmnt_table *tb, const char *arg)
{
	struct libmnt_fs *fs = mnt_table_find_target(tb, arg, MNT_ITER_FORWARD);

	return fs ? fs : mnt_table_find_source(tb, arg, MNT_ITER_FORWARD);
}

static int take_entry(struct nm_ctx *ctx, struct libmnt_fs *fs)
{
	const char *type = mnt_fs_get_fstype(fs), *opts = mnt_fs_get_options(fs);

	if (!type || (strcmp(type, "nfs") && strcmp(type, "nfs4"))) {
		log_warnx("%s: the fstab line has type %s; mount.nfs mounts nfs and nfs4",
			  ctx->dir, type ? type : "none");
		return EX_USAGE;
	}
	ctx->spec = ctx->fstab_spec = strdup(mnt_fs_get_source(fs));
	ctx->dir = ctx->fstab_dir = strdup(mnt_fs_get_target(fs));
	ctx->fstype = ctx->fstab_type = strdup(type);
	if (!ctx->optarg && opts)
		ctx->optarg = ctx->fstab_opts = strdup(opts);
	return ctx->spec && ctx->dir && ctx->fstype ? 0 : EX_SYSERR;
}

int nm_fstab_lookup(struct nm_ctx *ctx)
{
	char path[PATH_MAX];
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	int rc;

	if (nv_path_get(NV_PATH_FSTAB, path, sizeof(path)) < 0)
		return EX_SYSERR;
	tb = mnt_new_table_from_file(path);
	if (!tb) {
		log_warnx("%s: cannot read %s; give both the device and the mount point", ctx->dir,
			  path);
		return EX_USAGE;
	}
	fs = find_entry(tb, ctx->dir);
	if (!fs) {
		log_warnx("%s: not in %s; give both the device and the mount point", ctx->dir, path);
		rc = EX_USAGE;
	} else {
		rc = take_entry(ctx, fs);
	}
	mnt_unref_table(tb);
	return rc;
}
