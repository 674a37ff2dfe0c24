// SPDX-License-Identifier: GPL-2.0-or-later
/* errors.c: one line per failure, naming the device, the cause and what to do. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "mount.h"

void nm_fail(const struct nm_ctx *ctx, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("%s: %s", ctx->umount ? ctx->dir : ctx->spec, msg);
}

/* The server end, for messages: "CID 2 port 2049" or "10.0.0.1". */
static void server_text(const struct nm_ctx *ctx, char *buf, size_t len)
{
	if (ctx->vsock)
		snprintf(buf, len, "CID %u port %u", ctx->cid, ctx->has_port ? ctx->port : 2049);
	else
		snprintf(buf, len, "%s", ctx->addr[0] ? ctx->addr : ctx->dev.host);
}

void nm_report_mount_error(const struct nm_ctx *ctx, int err)
{
	char srv[300];

	server_text(ctx, srv, sizeof(srv));
	switch (err) {
	case EACCES:
		nm_fail(ctx, "access denied by server (%s); check that its exports name this "
			"client%s", srv, ctx->vsock ? " (vsock:<cid> in exports(5))" : "");
		break;
	case EPERM:
		/* Only root gets this far (prepare() refuses others), so it is the
		 * server: NFS4ERR_PERM, which nfsd gives a `secure` export's
		 * client on an unprivileged port. */
		nm_fail(ctx, "the server refused access (EPERM); an export without the insecure "
			"option in exports(5) takes only clients on a reserved port: drop "
			"noresvport, or export it insecure");
		break;
	case ECONNREFUSED:
		nm_fail(ctx, "no NFS server answers at %s (connection refused); start the server "
			"or check the address", srv);
		break;
	case ENOTCONN:
		nm_fail(ctx, "no NFS server answers at %s through the relay (it closed the "
			"connection: no such CID, or nothing listens on that port); check the CID "
			"and that the host runs nfsvsockd -r host", srv);
		break;
	case ENODEV:
		nm_fail(ctx, "no such CID: nothing reaches %s; check the CID (2 is the hypervisor)", srv);
		break;
	case ETIMEDOUT:
		nm_fail(ctx, "timed out waiting for %s; check that the server runs and the "
			"path to it is open", srv);
		break;
	case ENOENT:
		nm_fail(ctx, "no such export on %s, or mount point %s missing; check both",
			srv, ctx->dir);
		break;
	case EINVAL:
		nm_fail(ctx, "an incorrect mount option was specified (the kernel said EINVAL); "
			"see nfs(5)");
		break;
	case EBUSY:
		nm_fail(ctx, "%s is busy or already mounted", ctx->dir);
		break;
	case EPROTONOSUPPORT:
		nm_fail(ctx, "%s supports none of NFS 4.2, 4.1, 4.0; try vers=3 over TCP", srv);
		break;
	default:
		nm_fail(ctx, "mount(2) failed: %s", strerror(err));
	}
}
