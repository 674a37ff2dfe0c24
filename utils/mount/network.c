// SPDX-License-Identifier: GPL-2.0-or-later
/* network.c: addr= and clientaddr= for a TCP mount (as nfs-utils computes them) and for the native vsock path. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"
#include "vsock.h"

/* proto=tcp6/udp6 pins the family, as in the kernel (plain means IPv4 there,
 * but nfs-utils leaves it open so a host name may resolve either way). */
static int family_of(const struct nm_ctx *ctx)
{
	char *p = NULL;
	int fam = AF_UNSPEC;

	if (nm_opt_get(ctx->fsopts, "proto", &p) == 1 && p && strchr(p, '6'))
		fam = AF_INET6;
	free(p);
	return fam;
}

/* The callback address: the local end of a UDP socket connect()ed to the
 * server. connect() on UDP sends nothing; it only picks the route. */
static int callback_address(struct nm_ctx *ctx, const struct sockaddr *sa, socklen_t len)
{
	struct sockaddr_storage local;
	socklen_t llen = sizeof(local);
	int fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, sa, len) < 0 || getsockname(fd, (struct sockaddr *)&local, &llen) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return getnameinfo((struct sockaddr *)&local, llen, ctx->caddr, sizeof(ctx->caddr),
			   NULL, 0, NI_NUMERICHOST) ? -EINVAL : 0;
}

static int resolve_tcp(struct nm_ctx *ctx)
{
	struct addrinfo hints = { .ai_family = family_of(ctx), .ai_socktype = SOCK_DGRAM,
				  .ai_protocol = IPPROTO_UDP }, *res;
	int rc = getaddrinfo(ctx->dev.host, "2049", &hints, &res);

	if (rc) {
		nm_fail(ctx, "cannot resolve server \"%s\": %s; check the name or use an address",
			ctx->dev.host, gai_strerror(rc));
		return EX_FAIL;
	}
	ctx->family = res->ai_family;
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, ctx->addr, sizeof(ctx->addr), NULL, 0,
			 NI_NUMERICHOST);
	if (!rc && ctx->clientaddr)
		snprintf(ctx->caddr, sizeof(ctx->caddr), "%s", ctx->clientaddr);
	else if (!rc && (rc = callback_address(ctx, res->ai_addr, res->ai_addrlen)) < 0)
		log_debug(LOGC_MOUNT, "no callback address toward %s: %s; the kernel picks one",
			  ctx->addr, strerror(-rc));
	freeaddrinfo(res);
	if (rc > 0) {
		nm_fail(ctx, "cannot print the address of \"%s\"", ctx->dev.host);
		return EX_SYSERR;
	}
	return 0;
}

/* Native vsock: addr= is the server's CID, clientaddr= ours (the CID the
 * server's callbacks would reach), from clientaddr= or the local CID. */
static int resolve_vsock(struct nm_ctx *ctx)
{
	uint32_t mine;
	int err;

	snprintf(ctx->addr, sizeof(ctx->addr), "%u", ctx->cid);
	if (ctx->clientaddr) {
		err = vsock_cid_parse(ctx->clientaddr, &mine);
		if (err) {
			nm_fail(ctx, "clientaddr=%s: %s; give this machine's CID",
				ctx->clientaddr, vsock_parse_strerror(err));
			return EX_FAIL;
		}
	} else if (getenv("NFSVSOCK_TEST_NO_VSOCK") || vsock_local_cid(&mine) < 0) {
		return 0;	/* the kernel then uses the connection's own address */
	}
	snprintf(ctx->caddr, sizeof(ctx->caddr), "%u", mine);
	return 0;
}

int nm_resolve(struct nm_ctx *ctx)
{
	if (!ctx->vsock)
		return resolve_tcp(ctx);
	if (ctx->chosen == NM_PATH_KERNEL)
		return resolve_vsock(ctx);
	/* The relay path: checked here so a bad clientaddr= is never ignored. */
	if (ctx->clientaddr && vsock_cid_parse(ctx->clientaddr, &(uint32_t){0})) {
		nm_fail(ctx, "clientaddr=%s: not a CID; give this machine's CID or leave it out",
			ctx->clientaddr);
		return EX_FAIL;
	}
	return 0;
}
