// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c: mount.nfs, mount.nfs4, umount.nfs, umount.nfs4: arguments as mount(8) passes them, then one call. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"

static void usage(const struct nm_ctx *ctx)
{
	if (ctx->umount)
		fprintf(stderr, "usage: %s dir [-flvnr]\n", log_progname());
	else
		fprintf(stderr, "usage: %s remotetarget dir [-rvVwfnsh] [-N namespace] "
			"[-o nfsoptions] [-t type]\n"
			"  remotetarget: server:/path, [ipv6]:/path, or cid:/path with -o proto=vsock\n"
			"  see mount.nfs(8) and nfs(5)\n", log_progname());
}

/* -N: enter the mount namespace of a PID, or the one a path names, as
 * mount(8) --namespace does, before anything looks at the mount table. */
static int enter_namespace(const char *ns)
{
	char path[64];
	const char *p = ns;
	int fd;

	if (strspn(ns, "0123456789") == strlen(ns)) {
		snprintf(path, sizeof(path), "/proc/%s/ns/mnt", ns);
		p = path;
	}
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNS) < 0) {
		log_warn("namespace %s: cannot enter it; check the PID or path and that you are root", ns);
		if (fd >= 0)
			close(fd);
		return EX_SYSERR;
	}
	close(fd);
	return 0;
}

static int parse_args(struct nm_ctx *ctx, int argc, char **argv)
{
	const char *opts = ctx->umount ? "+flvnrh" : "+sfnvrwVhN:o:t:";
	int c, npos = 0;
	const char *pos[2] = { NULL, NULL };

	opterr = 0;	/* our own message, without the full path of argv[0] */
	/* mount(8) puts the positionals first; accept options on either side. */
	while (optind < argc) {
		if (argv[optind][0] != '-') {
			if (npos == 2)
				return EX_USAGE;
			pos[npos++] = argv[optind++];
			continue;
		}
		c = getopt(argc, argv, opts);
		if (c == -1)
			break;
		if (c == '?') {
			log_warnx("unknown flag -%c or missing argument", optopt);
			return EX_USAGE;
		}
		switch (c) {
		case 's': ctx->sloppy = true; break;
		case 'f': if (ctx->umount) ctx->force = true; else ctx->fake = true; break;
		case 'l': ctx->lazy = true; break;
		case 'n': ctx->nomtab = true; break;
		case 'v': ctx->verbose = true; break;
		case 'r': ctx->rdonly = 1; break;
		case 'w': ctx->rdonly = 0; break;
		case 'N': ctx->ns = optarg; break;
		case 'o': ctx->optarg = optarg; break;
		case 't': ctx->fstype = optarg; break;
		case 'V': printf("%s (nfs-vsock-utils %s)\n", log_progname(), PACKAGE_VERSION); exit(0);
		default: return EX_USAGE;
		}
	}
	while (optind < argc && npos < 2)
		pos[npos++] = argv[optind++];
	/* "mount.nfs /mnt" alone takes the rest from fstab (fstab.c). */
	if (optind < argc || npos < 1 || npos > (ctx->umount ? 1 : 2))
		return EX_USAGE;
	ctx->spec = ctx->umount || npos == 1 ? NULL : pos[0];
	ctx->dir = ctx->umount || npos == 1 ? pos[0] : pos[1];
	return 0;
}

/* Everything the run allocated, so the sanitizer build stays quiet. */
static void ctx_free(struct nm_ctx *ctx)
{
	free(ctx->fsopts);
	free(ctx->useropts);
	free(ctx->clientaddr);
	free(ctx->data);
	free(ctx->fstab_opts);
	free(ctx->fstab_spec);
	free(ctx->fstab_dir);
	free(ctx->fstab_type);
}

int main(int argc, char **argv)
{
	struct nm_ctx ctx = { .rdonly = -1 };
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int rc;

	log_init(name, LOG_DEST_STDERR);
	log_debug_from_env();
	ctx.umount = strncmp(name, "umount", 6) == 0;
	ctx.fstype = strstr(name, "nfs4") ? "nfs4" : "nfs";
	rc = parse_args(&ctx, argc, argv);
	if (rc) {
		usage(&ctx);
		return rc;
	}
	if (strcmp(ctx.fstype, "nfs") && strcmp(ctx.fstype, "nfs4")) {
		log_warnx("-t %s: not a type this helper mounts; use nfs or nfs4", ctx.fstype);
		return EX_USAGE;
	}
	if (ctx.ns && (rc = enter_namespace(ctx.ns)))
		return rc;
	if (!ctx.umount && !ctx.spec && (rc = nm_fstab_lookup(&ctx)))
		return rc;
	rc = ctx.umount ? nm_umount(&ctx) : nm_mount(&ctx);
	ctx_free(&ctx);
	return rc;
}
