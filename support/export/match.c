/* SPDX-License-Identifier: GPL-2.0-or-later */
/* match.c: does an export's client specification cover the peer asking? */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "export.h"
#include "vsock.h"
#include "vsockmap.h"

int nv_peer_parse(const char *text, struct nv_peer *p)
{
	struct in_addr a4;
	struct vsock_addr va;
	int rc;

	memset(p, 0, sizeof(*p));
	/* The native path: a kernel with a vsock RPC transport would name the
	 * peer by CID. No kernel does yet; the shape is kept for it. */
	if (strncmp(text, VSOCK_ADDR_PREFIX, strlen(VSOCK_ADDR_PREFIX)) == 0) {
		if (vsock_addr_parse(text, 0, &va) < 0)
			return -EINVAL;
		p->is_vsock = true;
		p->cid = va.cid;
		return 0;
	}
	rc = vsockmap_parse_kernel(text, &p->cid);
	if (rc < 0 && rc != -ENOENT)
		return -EINVAL;
	p->mapped = rc == 0;
	if (inet_pton(AF_INET, text, &a4) == 1) {
		p->addr.s6_addr[10] = 0xff;
		p->addr.s6_addr[11] = 0xff;
		memcpy(&p->addr.s6_addr[12], &a4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, text, &p->addr) == 1 ? 0 : -EINVAL;
}

int nv_peer_format(const struct nv_peer *p, char *buf, size_t len)
{
	int n;

	if (p->is_vsock || p->mapped)
		n = snprintf(buf, len, "vsock:%u", p->cid);
	else if (IN6_IS_ADDR_V4MAPPED(&p->addr))
		n = inet_ntop(AF_INET, &p->addr.s6_addr[12], buf, (socklen_t)len) ? 0 : -1;
	else
		n = inet_ntop(AF_INET6, &p->addr, buf, (socklen_t)len) ? 0 : -1;
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

static int prefix_match(const struct in6_addr *a, const struct in6_addr *net, unsigned int plen)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(a, net, full) != 0)
		return 0;
	if (!rest)
		return 1;
	return ((a->s6_addr[full] ^ net->s6_addr[full]) & (0xff00u >> rest)) == 0;
}

static void peer_sockaddr(const struct nv_peer *p, struct sockaddr_storage *ss, socklen_t *sl)
{
	memset(ss, 0, sizeof(*ss));
	if (IN6_IS_ADDR_V4MAPPED(&p->addr)) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, &p->addr.s6_addr[12], 4);
		*sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = p->addr;
		*sl = sizeof(*s6);
	}
}

/* The peer's name by reverse lookup; -ENOENT when it has none. */
static int peer_name(const struct nv_peer *p, char *host, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	peer_sockaddr(p, &ss, &sl);
	if (getnameinfo((struct sockaddr *)&ss, sl, host, (socklen_t)len, NULL, 0, NI_NAMEREQD))
		return -ENOENT;
	return 0;
}

static int ai_equal(const struct addrinfo *ai, const struct in6_addr *a)
{
	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ai->ai_addr;

		return IN6_IS_ADDR_V4MAPPED(a) && memcmp(&a->s6_addr[12], &s4->sin_addr, 4) == 0;
	}
	if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ai->ai_addr;

		return memcmp(a, &s6->sin6_addr, 16) == 0;
	}
	return 0;
}

/* A host name covers every address it resolves to, looked up now so a
 * changed DNS entry takes effect at the next upcall. */
static int host_match(const char *name, const struct nv_peer *p)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int hit = 0;

	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return 0;
	for (ai = res; ai && !hit; ai = ai->ai_next)
		hit = ai_equal(ai, &p->addr);
	freeaddrinfo(res);
	return hit;
}

static int name_match(const struct nv_client *cl, const struct nv_peer *p)
{
	char host[NI_MAXHOST];

	if (peer_name(p, host, sizeof(host)) < 0)
		return 0;
	if (cl->kind == NV_CL_WILDCARD)
		return fnmatch(cl->name, host, FNM_CASEFOLD) == 0;
	return innetgr(cl->name + 1, host, NULL, NULL) == 1;
}

int nv_client_match(const struct nv_client *cl, const struct nv_peer *p)
{
	switch (cl->kind) {
	case NV_CL_ANY:
		return 1;
	case NV_CL_VSOCK_ANY:
		return p->is_vsock || p->mapped;
	case NV_CL_VSOCK_CID:
		return (p->is_vsock || p->mapped) && p->cid == cl->cid;
	default:
		break;
	}
	/* Only the vsock kinds and '*' name a peer that has no IP address. */
	if (p->is_vsock)
		return 0;
	switch (cl->kind) {
	case NV_CL_ADDR:
		return prefix_match(&p->addr, &cl->addr, cl->plen);
	case NV_CL_HOST:
		return host_match(cl->name, p);
	case NV_CL_WILDCARD:
	case NV_CL_NETGROUP:
		return name_match(cl, p);
	default:
		return 0;
	}
}
