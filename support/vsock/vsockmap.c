/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsockmap.c: guest CID <-> IPv6 source address under fd76:736f:636b::/96 (see vsockmap.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "vsockmap.h"

static const uint8_t prefix_bytes[VSOCKMAP_PREFIX_LEN / 8] = VSOCKMAP_PREFIX_BYTES;

const char *vsockmap_prefix(void)
{
	return VSOCKMAP_PREFIX_STR;
}

int vsockmap_cid_to_in6(uint32_t cid, struct in6_addr *out)
{
	uint32_t be = htonl(cid);

	if (!out)
		return -EINVAL;
	memcpy(out->s6_addr, prefix_bytes, sizeof(prefix_bytes));
	memcpy(out->s6_addr + sizeof(prefix_bytes), &be, sizeof(be));
	return 0;
}

int vsockmap_in6_to_cid(const struct in6_addr *a, uint32_t *cid)
{
	uint32_t be;

	if (!a || !cid)
		return -EINVAL;
	if (memcmp(a->s6_addr, prefix_bytes, sizeof(prefix_bytes)) != 0)
		return -ENOENT;
	memcpy(&be, a->s6_addr + sizeof(prefix_bytes), sizeof(be));
	*cid = ntohl(be);
	return 0;
}

/* inet_ntop follows RFC 5952 (longest zero run compressed, lower case),
 * and the prefix is not zero, so it never picks the dotted v4 forms. */
int vsockmap_cid_to_string(uint32_t cid, char *buf, size_t len)
{
	char tmp[VSOCKMAP_ADDRSTRLEN];
	struct in6_addr a;
	size_t n;

	if (!buf || !len)
		return -EINVAL;
	vsockmap_cid_to_in6(cid, &a);
	if (!inet_ntop(AF_INET6, &a, tmp, sizeof(tmp)))
		return -errno;
	n = strlen(tmp);
	if (n >= len)
		return -ENOSPC;
	memcpy(buf, tmp, n + 1);
	return (int)n;
}

/* inet_pton already reads the kernel's four-digit groups, so the only
 * extra work is telling "not ours" from "not an address". */
int vsockmap_parse_kernel(const char *text, uint32_t *cid)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (!text || !cid)
		return -EINVAL;
	if (inet_pton(AF_INET6, text, &a6) == 1)
		return vsockmap_in6_to_cid(&a6, cid);
	if (inet_pton(AF_INET, text, &a4) == 1)
		return -ENOENT;
	return -EINVAL;
}

int vsockmap_bind_source(int fd, uint32_t cid, uint16_t port)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
	};
	int one = 1;

	vsockmap_cid_to_in6(cid, &sin6.sin6_addr);
	/* Without FREEBIND the bind fails (EADDRNOTAVAIL) even with the
	 * local route in place: IPv6 bind looks at addresses, not routes. */
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one)) < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) < 0)
		return -errno;
	return 0;
}
