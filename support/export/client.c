/* SPDX-License-Identifier: GPL-2.0-or-later */
/* client.c: exports(5) client specifications, parsed and matched against a peer. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "export.h"
#include "strnum.h"
#include "vsock.h"
#include "vsockmap.h"

static void v4_mapped(const struct in_addr *a4, struct in6_addr *a6)
{
	memset(a6, 0, sizeof(*a6));
	a6->s6_addr[10] = 0xff;
	a6->s6_addr[11] = 0xff;
	memcpy(&a6->s6_addr[12], a4, 4);
}

static int is_v4_mapped(const struct in6_addr *a)
{
	return IN6_IS_ADDR_V4MAPPED(a);
}

static void mask_addr(struct in6_addr *a, unsigned int plen)
{
	for (unsigned int i = 0; i < 16; i++) {
		unsigned int bits = plen > i * 8 ? plen - i * 8 : 0;

		if (bits < 8)
			a->s6_addr[i] &= (uint8_t)(0xff00u >> bits);
	}
}

/* A dotted netmask (255.255.0.0) as a prefix length; -1 when not contiguous. */
static int netmask_len(const char *text)
{
	struct in_addr m;
	uint32_t v;
	int n = 0;

	if (inet_pton(AF_INET, text, &m) != 1)
		return -1;
	v = ntohl(m.s_addr);
	while (v & 0x80000000u) {
		v <<= 1;
		n++;
	}
	return v ? -1 : n;
}

static int parse_plen(const char *text, int v4, unsigned int *plen)
{
	long long n;
	int m;

	if (v4 && strchr(text, '.')) {
		m = netmask_len(text);
		if (m < 0)
			return -EINVAL;
		*plen = (unsigned int)m + 96;
		return 0;
	}
	if (nv_strtonum(text, 0, v4 ? 32 : 128, &n) < 0)
		return -EINVAL;
	*plen = (unsigned int)n + (v4 ? 96 : 0);
	return 0;
}

static void addr_name(struct nv_client *cl)
{
	char a[INET6_ADDRSTRLEN];
	int full = cl->plen == 128;

	if (is_v4_mapped(&cl->addr)) {
		inet_ntop(AF_INET, &cl->addr.s6_addr[12], a, sizeof(a));
		if (full)
			snprintf(cl->name, sizeof(cl->name), "%s", a);
		else
			snprintf(cl->name, sizeof(cl->name), "%s/%u", a, cl->plen - 96);
		return;
	}
	inet_ntop(AF_INET6, &cl->addr, a, sizeof(a));
	if (full)
		snprintf(cl->name, sizeof(cl->name), "%s", a);
	else
		snprintf(cl->name, sizeof(cl->name), "%s/%u", a, cl->plen);
}

/* 1: spec was an address or subnet (cl filled), 0: not one, -EINVAL: bad length. */
static int parse_addr(const char *spec, struct nv_client *cl)
{
	char a[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(spec, '/');
	size_t alen = slash ? (size_t)(slash - spec) : strlen(spec);
	struct in_addr a4;
	int v4;

	if (alen >= sizeof(a))
		return 0;
	memcpy(a, spec, alen);
	a[alen] = '\0';
	if (inet_pton(AF_INET, a, &a4) == 1) {
		v4_mapped(&a4, &cl->addr);
		v4 = 1;
	} else if (inet_pton(AF_INET6, a, &cl->addr) == 1) {
		v4 = 0;
	} else {
		return 0;
	}
	cl->plen = 128;
	if (slash && parse_plen(slash + 1, v4, &cl->plen) < 0)
		return -EINVAL;
	cl->kind = NV_CL_ADDR;
	mask_addr(&cl->addr, cl->plen);
	addr_name(cl);
	return 1;
}

static int host_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

static int wild_char(char c)
{
	return host_char(c) || c == '*' || c == '?' || c == '[' || c == ']';
}

static int parse_vsock(const char *rest, struct nv_client *cl, const char **why)
{
	if (strcmp(rest, "*") == 0) {
		cl->kind = NV_CL_VSOCK_ANY;
		snprintf(cl->name, sizeof(cl->name), "vsock:*");
		return 0;
	}
	if (vsock_cid_parse(rest, &cl->cid) < 0) {
		*why = "not a vsock CID; write vsock:<cid> (decimal, e.g. vsock:3) or vsock:*";
		return -EINVAL;
	}
	cl->kind = NV_CL_VSOCK_CID;
	snprintf(cl->name, sizeof(cl->name), "vsock:%u", cl->cid);
	return 0;
}

static int parse_name(const char *spec, struct nv_client *cl, const char **why)
{
	int wild = 0;

	for (const char *p = spec; *p; p++) {
		if (!wild_char(*p)) {
			*why = "bad character in client name; use a host, address, subnet, "
			       "*.domain, @netgroup, vsock:<cid> or vsock:*";
			return -EINVAL;
		}
		wild |= !host_char(*p);
	}
	cl->kind = wild ? NV_CL_WILDCARD : NV_CL_HOST;
	for (size_t i = 0; spec[i]; i++)
		cl->name[i] = (char)tolower((unsigned char)spec[i]);
	cl->name[strlen(spec)] = '\0';
	return 0;
}

int nv_client_parse(const char *spec, struct nv_client *cl, const char **why)
{
	int rc;

	memset(cl, 0, sizeof(*cl));
	*why = NULL;
	if (!*spec || strlen(spec) >= sizeof(cl->name)) {
		*why = !*spec ? "empty client name" : "client name too long";
		return -EINVAL;
	}
	if (strncmp(spec, VSOCK_ADDR_PREFIX, strlen(VSOCK_ADDR_PREFIX)) == 0)
		return parse_vsock(spec + strlen(VSOCK_ADDR_PREFIX), cl, why);
	if (strcmp(spec, "*") == 0) {
		cl->kind = NV_CL_ANY;
		snprintf(cl->name, sizeof(cl->name), "*");
		return 0;
	}
	if (spec[0] == '@') {
		if (!spec[1] || strspn(spec + 1, "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(spec + 1)) {
			*why = "bad netgroup name after '@'";
			return -EINVAL;
		}
		cl->kind = NV_CL_NETGROUP;
		snprintf(cl->name, sizeof(cl->name), "%s", spec);
		return 0;
	}
	rc = parse_addr(spec, cl);
	if (rc < 0)
		*why = "bad prefix length or netmask after '/' (IPv4: 0-32 or a.b.c.d, IPv6: 0-128)";
	if (rc)
		return rc < 0 ? rc : 0;
	if (strchr(spec, '/')) {
		*why = "not an IPv4 or IPv6 address before '/'";
		return -EINVAL;
	}
	return parse_name(spec, cl, why);
}
