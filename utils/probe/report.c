/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.c (nfsvsock-probe): run each probe and say what it found, and what follows. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <linux/vm_sockets.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "nfsdfs.h"
#include "probe.h"
#include "probectx.h"
#include "vsock.h"

static const char *errname(int err)
{
	const char *n = err ? strerrorname_np(err) : "0";

	return n ? n : "EUNKNOWN";
}

static void say(const struct probe_ctx *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One finding: "key=value" with -k, "key: value" for a person. */
static void say(const struct probe_ctx *ctx, const char *key, const char *fmt, ...)
{
	va_list ap;

	printf(ctx->keys ? "%s=" : "%-16s ", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int report_family(const struct probe_ctx *ctx)
{
	uint32_t cid;
	int rc = vsock_family_available();

	if (rc <= 0) {
		say(ctx, "vsock.family", ctx->keys ? "no" :
		    "no AF_VSOCK in this kernel (%s); load a vsock transport module",
		    errname(rc < 0 ? -rc : EAFNOSUPPORT));
		return 1;
	}
	say(ctx, "vsock.family", "yes");
	rc = vsock_local_cid(&cid);
	if (rc < 0)
		say(ctx, "vsock.local_cid", ctx->keys ? "none" : "unknown (%s)", strerror(-rc));
	else if (ctx->keys || !vsock_cid_name(cid))
		say(ctx, "vsock.local_cid", "%u", cid);
	else
		say(ctx, "vsock.local_cid", "%u (%s)", cid, vsock_cid_name(cid));
	return 0;
}

/* The common tail of both probes: verdict, errno, the kernel's words. */
static int report_verdict(const struct probe_ctx *ctx, const char *who,
			  const struct nv_probe *p, const char *consequence)
{
	char key[32];

	snprintf(key, sizeof(key), "%s.path", who);
	if (ctx->keys) {
		say(ctx, key, "%s", nv_native_name(p->verdict));
		snprintf(key, sizeof(key), "%s.errno", who);
		say(ctx, key, "%s", errname(p->err));
		snprintf(key, sizeof(key), "%s.message", who);
		say(ctx, key, "%s", p->kmsg);
	} else if (p->verdict == NV_NATIVE_YES) {
		say(ctx, key, "native: the kernel accepted vsock");
	} else {
		say(ctx, key, "%s by the kernel: %s (%s)%s%s%s; %s",
		    p->verdict == NV_NATIVE_NO ? "refused" : "unexpected answer",
		    errname(p->err), strerror(p->err), p->kmsg[0] ? ", \"" : "",
		    p->kmsg, p->kmsg[0] ? "\"" : "", consequence);
	}
	return p->verdict == NV_NATIVE_UNKNOWN;
}

static int report_client(const struct probe_ctx *ctx)
{
	struct nv_probe p;
	int rc = nv_probe_nfs_client(&p);

	if (rc < 0) {
		say(ctx, "client.path", ctx->keys ? "error" :
		    "cannot probe the NFS client: %s%s", strerror(-rc),
		    rc == -ENODEV ? " (load the nfs module: modprobe nfsv4)" :
		    rc == -EPERM ? " (run as root)" : "");
		if (ctx->keys)
			say(ctx, "client.errno", "%s", errname(-rc));
		return 1;
	}
	return report_verdict(ctx, "client", &p, "vsock mounts go through the relay");
}

/* Hand a vsock listener to nfsd, mounting the nfsd filesystem for the
 * duration if nobody had; our own mount is undone, nobody else's. */
static int probe_nfsd_fd(const struct probe_ctx *ctx, int fd, struct nv_probe *p)
{
	int mounted_here = 0, rc;

	if (!nfsdfs_mounted()) {
		rc = nfsdfs_mount();
		if (rc < 0)
			return rc;
		mounted_here = 1;
		log_debug(LOGC_NFSD, "mounted the nfsd filesystem for the probe");
	}
	rc = nv_probe_nfsd_listener(fd, p);
	if (mounted_here)
		nfsdfs_umount();
	return rc;
}

static int report_nfsd(const struct probe_ctx *ctx)
{
	struct nv_probe p;
	int fd, rc;

	fd = vsock_listen(VMADDR_CID_ANY, ctx->port, 1, 0);
	if (fd < 0) {
		say(ctx, "nfsd.path", ctx->keys ? "error" :
		    "cannot create a vsock listener: %s", strerror(-fd));
		return 1;
	}
	rc = probe_nfsd_fd(ctx, fd, &p);
	close(fd);
	if (rc < 0) {
		say(ctx, "nfsd.path", ctx->keys ? "error" :
		    "cannot reach nfsd's portlist: %s%s", strerror(-rc),
		    rc == -ENODEV ? " (load the nfsd module: modprobe nfsd)" : "");
		if (ctx->keys)
			say(ctx, "nfsd.errno", "%s", errname(-rc));
		return 1;
	}
	return report_verdict(ctx, "nfsd", &p, "nfsd serves vsock through the relay");
}

int probe_run(const struct probe_ctx *ctx)
{
	int bad = report_family(ctx);

	if (bad)
		return 1;
	if (ctx->what & PROBE_CLIENT)
		bad |= report_client(ctx);
	if (ctx->what & PROBE_NFSD)
		bad |= report_nfsd(ctx);
	return bad ? 1 : 0;
}
