// SPDX-License-Identifier: GPL-2.0-or-later
/* path.c: native or relay for one vsock mount, decided by asking the kernel, with the reason kept for -v. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mount.h"
#include "probe.h"

/* The kernel's answer, quoted: errno name and its own message. */
static void probe_why(struct nm_ctx *ctx, const struct nv_probe *p, const char *verdict)
{
	snprintf(ctx->why, sizeof(ctx->why), "%s (fsconfig proto=vsock: %s%s%s%s)", verdict,
		 strerrorname_np(p->err) ? strerrorname_np(p->err) : "error",
		 p->kmsg[0] ? ", \"" : "", p->kmsg, p->kmsg[0] ? "\"" : "");
}

static void choose_auto(struct nm_ctx *ctx)
{
	struct nv_probe p;
	int rc;

	ctx->chosen = NM_PATH_RELAY;
	/* Tests on a machine whose /dev/vsock leads elsewhere must not probe. */
	if (getenv("NFSVSOCK_TEST_NO_VSOCK")) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "the kernel was not asked (NFSVSOCK_TEST_NO_VSOCK is set)");
		return;
	}
	rc = nv_probe_nfs_client(&p);
	if (rc < 0) {
		snprintf(ctx->why, sizeof(ctx->why), "the kernel's NFS client could not be probed: %s",
			 strerror(-rc));
		return;
	}
	if (p.verdict == NV_NATIVE_YES) {
		ctx->chosen = NM_PATH_KERNEL;
		snprintf(ctx->why, sizeof(ctx->why), "the kernel accepts proto=vsock");
	} else if (p.verdict == NV_NATIVE_NO) {
		probe_why(ctx, &p, "the kernel has no vsock transport");
	} else {
		probe_why(ctx, &p, "the kernel gave an unexpected answer");
	}
}

int nm_choose_path(struct nm_ctx *ctx)
{
	if (ctx->want == NM_PATH_RELAY) {
		ctx->chosen = NM_PATH_RELAY;
		snprintf(ctx->why, sizeof(ctx->why), "vsockpath=relay asks for it");
	} else if (ctx->want == NM_PATH_KERNEL) {
		ctx->chosen = NM_PATH_KERNEL;
		snprintf(ctx->why, sizeof(ctx->why), "vsockpath=kernel asks for it");
	} else {
		choose_auto(ctx);
	}
	if (ctx->verbose)
		log_info("%s: using the %s path: %s", ctx->spec,
			 ctx->chosen == NM_PATH_RELAY ? "relay" : "kernel's native vsock", ctx->why);
	return 0;
}
