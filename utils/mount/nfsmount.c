// SPDX-License-Identifier: GPL-2.0-or-later
/* nfsmount.c: one mount.nfs run: options, device, path, relay endpoint, version negotiation, mount(2). */
#include "config.h"

#include <errno.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"

#define MAX_ATTEMPTS 4

struct attempt {
	int major, minor;
};

/* nfs-utils' order: the newest minor version first; "vers=4" negotiates
 * minors too. Plain "nfs" over TCP may end at v3; vsock and nfs4 never do. */
static int plan_versions(const struct nm_ctx *ctx, struct attempt *a)
{
	int n = 0, m;

	if (ctx->vers.major && ctx->vers.major != 4) {
		a[0] = (struct attempt){ ctx->vers.major, -1 };
		return 1;
	}
	if (ctx->vers.major == 4 && ctx->vers.minor >= 0) {
		a[0] = (struct attempt){ 4, ctx->vers.minor };
		return 1;
	}
	for (m = 2; m >= 0; m--)
		a[n++] = (struct attempt){ 4, m };
	if (!ctx->vers.major && !ctx->vsock && !strcmp(ctx->fstype, "nfs"))
		a[n++] = (struct attempt){ 3, -1 };
	return n;
}

/* Test seam: NFSVSOCK_TEST_MOUNT_ERRNO="93,0" makes attempt 1 fail with
 * errno 93 and attempt 2 succeed, without calling mount(2). The last value
 * repeats. Native tests use it to walk every failure path as root. */
static int call_mount(const struct nm_ctx *ctx, const char *data, int attempt)
{
	const char *seam = getenv("NFSVSOCK_TEST_MOUNT_ERRNO");
	long e = 0;
	char *end;

	if (!seam)
		return mount(ctx->spec, ctx->dir, ctx->fstype,
			     ctx->flags & ~(unsigned long)(MNT_MS_USER | MNT_MS_USERS), data) ? errno : 0;
	for (; attempt >= 0 && *seam; attempt--) {
		e = strtol(seam, &end, 10);
		seam = *end == ',' ? end + 1 : end;
	}
	return (int)e;
}

static void print_fake(const struct nm_ctx *ctx, const char *data)
{
	char *fl = NULL;

	mnt_optstr_apply_flags(&fl, ctx->flags, mnt_get_builtin_optmap(MNT_LINUX_MAP));
	printf("mount(\"%s\", \"%s\", \"%s\", 0x%lx%s%s%s, \"%s\")\n", ctx->spec, ctx->dir,
	       ctx->fstype, ctx->flags, fl && *fl ? " (" : "", fl && *fl ? fl : "",
	       fl && *fl ? ")" : "", data);
	free(fl);
}

static bool try_next(int err, const struct attempt *cur, const struct attempt *next)
{
	if (err == EPROTONOSUPPORT)
		return true;
	/* A client without that minor version says EINVAL (nfs-utils agrees). */
	return err == EINVAL && cur->major == 4 && next->major == 4;
}

/* Each version in turn; returns 0 or the errno of the last attempt. */
static int negotiate(struct nm_ctx *ctx)
{
	struct attempt a[MAX_ATTEMPTS];
	int n = plan_versions(ctx, a), i, err = 0;

	for (i = 0; i < n; i++) {
		free(ctx->data);
		ctx->data = nm_build_data(ctx, a[i].major, a[i].minor);
		if (!ctx->data)
			return ENOMEM;
		if (ctx->fake) {
			print_fake(ctx, ctx->data);
			if (i + 1 < n)
				printf("# if the server refuses that version, the next attempt:\n");
			continue;
		}
		if (ctx->verbose)
			log_info("%s: trying %s", ctx->spec, ctx->data);
		err = call_mount(ctx, ctx->data, i);
		if (!err || i + 1 == n || !try_next(err, &a[i], &a[i + 1]))
			return err;
		if (ctx->verbose)
			log_info("%s: the server refused it (%s); trying an older version",
				 ctx->spec, strerror(err));
	}
	return err;
}

/* A remount changes flags and options of a mount that already has its
 * address and relay: only the user's options go to the kernel. */
static int remount(struct nm_ctx *ctx)
{
	int err;

	free(ctx->data);
	ctx->data = ctx->fsopts ? strdup(ctx->fsopts) : strdup("");
	if (!ctx->data)
		return EX_SYSERR;
	if (ctx->sloppy && mnt_optstr_append_option(&ctx->data, "sloppy", NULL))
		return EX_SYSERR;
	if (ctx->fake) {
		print_fake(ctx, ctx->data);
		return 0;
	}
	err = call_mount(ctx, ctx->data, 0);
	if (err) {
		nm_report_mount_error(ctx, err);
		return EX_FAIL;
	}
	return 0;
}

static int prepare(struct nm_ctx *ctx)
{
	int rc = nm_options_parse(ctx);

	if (!rc)
		rc = nm_device_parse(ctx);
	if (rc)
		return rc;
	if (!ctx->fake && geteuid() != 0) {
		nm_fail(ctx, "only root can mount NFS filesystems; use sudo, or an fstab line "
			"with the user option and mount(8)");
		return EX_USAGE;
	}
	return 0;
}

/* Called with a held endpoint on every way out after the acquire. */
static int fail_release(struct nm_ctx *ctx, int err)
{
	if (err)
		nm_report_mount_error(ctx, err);
	nm_relay_release(ctx);
	return EX_FAIL;
}

static int record(struct nm_ctx *ctx)
{
	int rc;

	if (ctx->fake || ctx->nomtab || !ctx->user_mount)
		return 0;
	rc = nm_utab_add(ctx);
	if (rc) {
		/* An unrecorded user mount could not be unmounted by that user. */
		umount2(ctx->dir, MNT_DETACH);
		nm_relay_release(ctx);
	}
	return rc;
}

int nm_mount(struct nm_ctx *ctx)
{
	int rc = prepare(ctx), err;

	if (rc)
		return rc;
	if (ctx->flags & MS_REMOUNT)
		return remount(ctx);
	if (ctx->vsock && (rc = nm_choose_path(ctx)))
		return rc;
	if ((rc = nm_resolve(ctx)))
		return rc;
	if (ctx->vsock && ctx->chosen == NM_PATH_RELAY && !ctx->fake &&
	    (rc = nm_relay_acquire(ctx)))
		return rc;
	err = negotiate(ctx);
	if (err)
		return fail_release(ctx, err);
	if (ctx->verbose && !ctx->fake)
		log_info("%s: mounted on %s with %s", ctx->spec, ctx->dir, ctx->data);
	return record(ctx);
}
