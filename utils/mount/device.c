// SPDX-License-Identifier: GPL-2.0-or-later
/* device.c: split the device (server:/path, [v6]:/path, cid:/path) the way the kernel will. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "log.h"
#include "mount.h"
#include "vsock.h"

/* The kernel (nfs_parse_source) takes the host up to the first ':', or up
 * to ']' when it starts with '['; we refuse what it would misread. */
const char *nm_device_split(const char *spec, struct nm_dev *dev)
{
	const char *colon, *end;
	size_t hlen;

	memset(dev, 0, sizeof(*dev));
	if (!strncmp(spec, "nfs://", 6))
		return "nfs:// URLs are not supported; write server:/path";
	if (spec[0] == '[') {
		end = strchr(spec, ']');
		if (!end || end[1] != ':')
			return "an IPv6 address in brackets must be followed by ':'; write [addr]:/path";
		dev->bracketed = true;
		spec++;
		colon = end + 1;
		hlen = (size_t)(end - spec);
	} else {
		colon = strchr(spec, ':');
		if (!colon)
			return "no ':' between server and path; write server:/path";
		hlen = (size_t)(colon - spec);
	}
	if (hlen == 0)
		return "no server before ':'; write server:/path";
	if (hlen >= sizeof(dev->host))
		return "the server name is longer than 255 bytes";
	if (colon[1] == '\0')
		return "no path after ':'; write server:/path";
	memcpy(dev->host, spec, hlen);
	dev->path = colon + 1;
	return NULL;
}

/* A person who typed a host name meant it; a person who typed "2x" meant a CID. */
static bool looks_like_name(const char *host, int err)
{
	return err == -VSOCK_E_NAME || (err == -VSOCK_E_LEADING && isalpha((unsigned char)host[0]));
}

static int parse_cid(struct nm_ctx *ctx)
{
	int err;

	if (ctx->dev.bracketed) {
		nm_fail(ctx, "proto=vsock needs a CID before ':', not an IPv6 address; "
			"write <cid>:/path, or drop proto=vsock");
		return EX_FAIL;
	}
	err = vsock_cid_parse(ctx->dev.host, &ctx->cid);
	if (err && looks_like_name(ctx->dev.host, err)) {
		nm_fail(ctx, "proto=vsock needs a CID, and \"%s\" is a host name; write <cid>:/path "
			"(2 or host for the hypervisor), or drop proto=vsock", ctx->dev.host);
		return EX_FAIL;
	}
	if (err) {
		nm_fail(ctx, "malformed CID \"%s\": %s; write a decimal CID or host",
			ctx->dev.host, vsock_parse_strerror(err));
		return EX_FAIL;
	}
	if (ctx->cid == VMADDR_CID_ANY) {
		nm_fail(ctx, "CID \"%s\" means any machine and names no server; write the server's CID",
			ctx->dev.host);
		return EX_FAIL;
	}
	return 0;
}

int nm_device_parse(struct nm_ctx *ctx)
{
	const char *why = nm_device_split(ctx->spec, &ctx->dev);

	if (why) {
		nm_fail(ctx, "%s", why);
		return EX_FAIL;
	}
	return ctx->vsock ? parse_cid(ctx) : 0;
}
