// SPDX-License-Identifier: GPL-2.0-or-later
/* utab.c: user and users mounts recorded in (and removed from) libmount's utab. */
#include "config.h"

#include <errno.h>
#include <libmount.h>
#include <string.h>

#include "log.h"
#include "mount.h"

/* utab holds what the kernel does not: the userspace options (user=,
 * users), so that umount(8) lets that user unmount it later. */
int nm_utab_add(const struct nm_ctx *ctx)
{
	struct libmnt_update *up = mnt_new_update();
	struct libmnt_fs *fs = mnt_new_fs();
	int rc = -ENOMEM;

	if (up && fs && !mnt_fs_set_source(fs, ctx->spec) && !mnt_fs_set_target(fs, ctx->dir) &&
	    !mnt_fs_set_fstype(fs, ctx->fstype) && !mnt_fs_set_options(fs, ctx->useropts)) {
		rc = mnt_update_set_fs(up, ctx->flags, NULL, fs);
		if (rc == 0)
			rc = mnt_update_table(up, NULL);
		else if (rc == 1)	/* nothing for utab to hold */
			rc = 0;
	}
	mnt_free_fs(fs);
	mnt_free_update(up);
	if (rc < 0) {
		nm_fail(ctx, "mounted, but could not record it in utab (%s); unmounted again",
			strerror(-rc));
		return EX_FILEIO;
	}
	return 0;
}

void nm_utab_remove(const char *dir)
{
	struct libmnt_update *up = mnt_new_update();

	if (up && mnt_update_set_fs(up, 0, dir, NULL) == 0)
		mnt_update_table(up, NULL);
	mnt_free_update(up);
}
