// SPDX-License-Identifier: GPL-2.0-or-later
/* build.c: the option string handed to mount(2) for one version attempt on one path. */
#include "config.h"

#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mount.h"

static int add(char **s, const char *name, const char *val)
{
	return mnt_optstr_append_option(s, name, val);
}

/* "vers=4.2" the way the kernel spells it; NFSv4.0 as "vers=4.0" so
 * /proc/mounts and our messages agree on what was asked. */
static int add_version(char **s, int major, int minor)
{
	char v[32];

	if (major == 4 && minor >= 0)
		snprintf(v, sizeof(v), "%d.%d", major, minor);
	else
		snprintf(v, sizeof(v), "%d", major);
	return add(s, "vers", v);
}

/*
 * The relay: the kernel talks TCP to the guest relay's loopback port, so
 * addr= and clientaddr= are 127.0.0.1 and port= is the relay's (a
 * placeholder "<relay-for-CID:PORT>" in a fake mount, which acquires nothing). The
 * native path: proto=vsock with the CID as addr=; clientaddr= is our CID.
 */
static int add_transport(char **s, const struct nm_ctx *ctx)
{
	char port[48];

	if (ctx->vsock && ctx->chosen == NM_PATH_RELAY) {
		if (ctx->relay_port)
			snprintf(port, sizeof(port), "%u", ctx->relay_port);
		else	/* a fake mount: name the endpoint it would ask for */
			snprintf(port, sizeof(port), "<relay-for-%u:%u>", ctx->cid,
				 ctx->has_port ? ctx->port : 2049);
		return add(s, "port", port) || add(s, "addr", "127.0.0.1") ||
		       add(s, "clientaddr", "127.0.0.1");
	}
	if (ctx->vsock && add(s, "proto", "vsock"))
		return -1;
	if (ctx->has_port) {
		snprintf(port, sizeof(port), "%u", ctx->port);
		if (add(s, "port", port))
			return -1;
	}
	if (add(s, "addr", ctx->addr))
		return -1;
	return ctx->caddr[0] ? add(s, "clientaddr", ctx->caddr) : 0;
}

char *nm_build_data(const struct nm_ctx *ctx, int major, int minor)
{
	char *s = NULL;

	if (ctx->fsopts && !(s = strdup(ctx->fsopts)))
		return NULL;
	if ((ctx->sloppy && add(&s, "sloppy", NULL)) || add_version(&s, major, minor) ||
	    add_transport(&s, ctx)) {
		free(s);
		return NULL;
	}
	return s;
}
