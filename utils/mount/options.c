// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c: split mount.nfs's -o string (with libmount) into kernel flags, kernel options and ours. */
#include "config.h"

#include <errno.h>
#include <libmount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "log.h"
#include "mount.h"
#include "strnum.h"

/*
 * Options the NFS client of Linux 6.1 knows (fs/nfs/fs_context.c), and the
 * mount-program ones it tolerates. Only checked for proto=vsock mounts, so
 * a typo gets a message naming it instead of the kernel's bare EINVAL; TCP
 * mounts pass everything through unchanged, as nfs-utils does.
 */
static const char *const kernel_keys[] = {
	"ac", "acdirmax", "acdirmin", "acl", "acregmax", "acregmin", "actimeo",
	"bg", "bsize", "cto", "fg", "fsc", "hard", "intr", "local_lock", "lock",
	"lookupcache", "max_connect", "migration", "mountaddr", "mounthost",
	"mountport", "mountproto", "mountvers", "namlen", "nconnect", "posix",
	"rdirplus", "resvport", "retrans", "retry", "rsize", "sec", "sharecache",
	"sloppy", "soft", "softerr", "softreval", "source", "timeo",
	"trunkdiscovery", "wsize", "write", NULL,
};

struct opt_state {
	struct nm_ctx *ctx;
	char *proto;		/* first proto= seen */
	char *vers;		/* first version seen, normalised "4.1" */
	char *minor;		/* minorversion= */
	char *path;		/* vsockpath= */
};

static bool key_known(const char *name)
{
	const char *n = strncmp(name, "no", 2) == 0 ? name + 2 : name;
	size_t i;

	for (i = 0; kernel_keys[i]; i++)
		if (!strcmp(kernel_keys[i], name) || !strcmp(kernel_keys[i], n))
			return true;
	return false;
}

/* A key given twice must agree with itself; "vers=4.1,vers=4.2" is a
 * mistake the kernel would settle silently by taking the last. */
static int set_once(struct nm_ctx *ctx, char **slot, const char *key, const char *val)
{
	if (*slot && strcmp(*slot, val)) {
		nm_fail(ctx, "conflicting options %s=%s and %s=%s; keep one", key, *slot, key, val);
		return EX_FAIL;
	}
	if (!*slot && !(*slot = strdup(val)))
		return EX_SYSERR;
	return 0;
}

/* "vers=4.1", "nfsvers=3", "v4.2", "v3": one normalised text. */
static int take_version(struct opt_state *st, const char *key, const char *val)
{
	static const char *const ok[] = { "2", "3", "4", "4.0", "4.1", "4.2", NULL };
	size_t i;

	for (i = 0; ok[i]; i++)
		if (!strcmp(ok[i], val))
			return set_once(st->ctx, &st->vers, "vers", val);
	nm_fail(st->ctx, "%s=%s: not an NFS version; use 4.2, 4.1, 4.0, 4 or 3", key, val);
	return EX_FAIL;
}

static int take_port(struct nm_ctx *ctx, const char *val)
{
	long long n;

	if (nv_strtonum(val, 0, 65535, &n)) {
		nm_fail(ctx, "port=%s: port out of range; use 1..65535 (default 2049)", val);
		return EX_FAIL;
	}
	if (ctx->has_port && ctx->port != (uint32_t)n) {
		nm_fail(ctx, "conflicting options port=%u and port=%s; keep one", ctx->port, val);
		return EX_FAIL;
	}
	ctx->port = (uint32_t)n;
	ctx->has_port = true;
	return 0;
}

/* Ours: consumed here and rebuilt in build.c. Returns 1 when the option
 * stays in the kernel's string, 0 when consumed, or -exit code. */
static int take_option(struct opt_state *st, const char *name, const char *val)
{
	struct nm_ctx *ctx = st->ctx;
	int rc = 0;

	if (!strcmp(name, "proto"))
		rc = set_once(ctx, &st->proto, "proto", val ? val : "");
	else if (!strcmp(name, "vsockpath"))
		rc = set_once(ctx, &st->path, "vsockpath", val ? val : "");
	else if (!strcmp(name, "vers") || !strcmp(name, "nfsvers"))
		rc = take_version(st, name, val ? val : "");
	else if (name[0] == 'v' && name[1] >= '2' && name[1] <= '4' && !val)
		rc = take_version(st, name, name + 1);
	else if (!strcmp(name, "minorversion"))
		rc = set_once(ctx, &st->minor, "minorversion", val ? val : "");
	else if (!strcmp(name, "port"))
		rc = take_port(ctx, val ? val : "");
	else if (!strcmp(name, "clientaddr"))
		rc = set_once(ctx, &ctx->clientaddr, "clientaddr", val ? val : "");
	else if (strcmp(name, "addr"))	/* addr= is always computed */
		return 1;
	return rc ? -rc : 0;
}

/* Walk the kernel options: ours into st, the rest appended to ctx->fsopts. */
static int walk_fs_options(struct opt_state *st, char *fs)
{
	char *it = fs, *name, *value, *n, *v;
	size_t nsz, vsz;
	int rc;

	while (fs && mnt_optstr_next_option(&it, &name, &nsz, &value, &vsz) == 0) {
		n = strndup(name, nsz);
		v = value ? strndup(value, vsz) : NULL;
		if (!n || (value && !v))
			return EX_SYSERR;
		rc = take_option(st, n, v);
		if (rc == 1 && mnt_optstr_append_option(&st->ctx->fsopts, n, v))
			rc = -EX_SYSERR;
		free(n);
		free(v);
		if (rc < 0)
			return -rc;
	}
	return 0;
}

/* vers= and minorversion= into ctx->vers; minorversion= is the old
 * spelling of vers=4.N, so it is rewritten as nfs-utils does. */
static int settle_version(struct opt_state *st)
{
	struct nm_ctx *ctx = st->ctx;
	long long m;

	ctx->vers.major = 0;
	ctx->vers.minor = -1;
	if (st->vers) {
		ctx->vers.major = st->vers[0] - '0';
		if (st->vers[1] == '.')
			ctx->vers.minor = st->vers[2] - '0';
	}
	if (!st->minor)
		return 0;
	if (nv_strtonum(st->minor, 0, 2, &m)) {
		nm_fail(ctx, "minorversion=%s: not 0, 1 or 2; write vers=4.2 instead", st->minor);
		return EX_FAIL;
	}
	if ((ctx->vers.major && ctx->vers.major != 4) ||
	    (ctx->vers.minor >= 0 && ctx->vers.minor != m)) {
		nm_fail(ctx, "conflicting options vers=%s and minorversion=%s; write vers=4.%lld alone",
			st->vers, st->minor, m);
		return EX_FAIL;
	}
	ctx->vers.major = 4;
	ctx->vers.minor = (int)m;
	return 0;
}

static int settle_vsock(struct opt_state *st)
{
	struct nm_ctx *ctx = st->ctx;

	ctx->vsock = st->proto && !strcmp(st->proto, "vsock");
	if (st->proto && !ctx->vsock && mnt_optstr_append_option(&ctx->fsopts, "proto", st->proto))
		return EX_SYSERR;
	if (st->path && !ctx->vsock) {
		nm_fail(ctx, "vsockpath=%s needs proto=vsock; add it or drop vsockpath=", st->path);
		return EX_FAIL;
	}
	if (!st->path || !strcmp(st->path, "auto"))
		ctx->want = NM_PATH_AUTO;
	else if (!strcmp(st->path, "kernel"))
		ctx->want = NM_PATH_KERNEL;
	else if (!strcmp(st->path, "relay"))
		ctx->want = NM_PATH_RELAY;
	else {
		nm_fail(ctx, "vsockpath=%s: unknown value; use auto, kernel or relay", st->path);
		return EX_FAIL;
	}
	/* Over TCP port=0 asks rpcbind; vsock has no rpcbind, and port 0 names nothing. */
	if (ctx->vsock && ctx->has_port && ctx->port == 0) {
		nm_fail(ctx, "port=0: port out of range for vsock; use 1..65535 (default 2049)");
		return EX_FAIL;
	}
	if (ctx->vsock && (ctx->vers.major == 2 || ctx->vers.major == 3)) {
		nm_fail(ctx, "vers=%d cannot go over vsock: NFSv%d needs rpcbind, MOUNT and NLM "
			"side channels that vsock does not carry; use vers=4.1 or 4.2",
			ctx->vers.major, ctx->vers.major);
		return EX_FAIL;
	}
	return 0;
}

/* vsock mounts: name an unknown key now, since mount(2) would only say EINVAL. */
static int check_keys(struct nm_ctx *ctx)
{
	char *it = ctx->fsopts, *name, *value, *n;
	size_t nsz, vsz;

	if (!ctx->vsock || ctx->sloppy)
		return 0;
	while (it && mnt_optstr_next_option(&it, &name, &nsz, &value, &vsz) == 0) {
		if (!(n = strndup(name, nsz)))
			return EX_SYSERR;
		if (!key_known(n)) {
			nm_fail(ctx, "unknown option %s; see nfs(5), or add -s (sloppy) to ignore it", n);
			free(n);
			return EX_FAIL;
		}
		free(n);
	}
	return 0;
}

static int split_flags(struct nm_ctx *ctx, const char *vfs, const char *user)
{
	unsigned long uflags = 0;

	if (vfs && mnt_optstr_get_flags(vfs, &ctx->flags, mnt_get_builtin_optmap(MNT_LINUX_MAP)))
		return EX_SYSERR;
	if (user && mnt_optstr_get_flags(user, &uflags,
					 mnt_get_builtin_optmap(MNT_USERSPACE_MAP)))
		return EX_SYSERR;
	ctx->user_mount = (uflags & (MNT_MS_USER | MNT_MS_USERS)) != 0;
	if (ctx->rdonly == 1)
		ctx->flags |= MS_RDONLY;
	else if (ctx->rdonly == 0)
		ctx->flags &= ~(unsigned long)MS_RDONLY;
	return 0;
}

int nm_options_parse(struct nm_ctx *ctx)
{
	struct opt_state st = { .ctx = ctx };
	char *user = NULL, *vfs = NULL, *fs = NULL;
	int rc;

	if (ctx->optarg && mnt_split_optstr(ctx->optarg, &user, &vfs, &fs, 0, 0)) {
		nm_fail(ctx, "-o %s: cannot split the option string; check its commas and quotes",
			ctx->optarg);
		return EX_FAIL;
	}
	ctx->useropts = user;
	rc = split_flags(ctx, vfs, user);
	if (!rc)
		rc = walk_fs_options(&st, fs);
	if (!rc)
		rc = settle_version(&st);
	if (!rc)
		rc = settle_vsock(&st);
	if (!rc)
		rc = check_keys(ctx);
	free(vfs);
	free(fs);
	free(st.proto);
	free(st.vers);
	free(st.minor);
	free(st.path);
	return rc;
}

int nm_opt_get(const char *optstr, const char *key, char **val)
{
	char *v = NULL;
	size_t vsz = 0;
	int rc;

	*val = NULL;
	if (!optstr)
		return 0;
	rc = mnt_optstr_get_option(optstr, key, &v, &vsz);
	if (rc)
		return 0;
	*val = v ? strndup(v, vsz) : strdup("");
	return *val ? 1 : -1;
}
