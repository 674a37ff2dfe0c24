/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-vsockmap.c: the CID <-> IPv6 source-address mapping, bad input first. */
#define T_SUITE "vsockmap"
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "vsockmap.h"
#include "t.h"

/* Text that is an address but not ours must be -ENOENT, never a CID. */
static void test_not_ours(void)
{
	static const char *const other[] = {
		"::1",
		"::",
		"127.0.0.1",
		"::ffff:127.0.0.3",
		"fd76:736f:636c::3",		/* prefix off by one */
		"fd76:736f:636b:0:0:1:0:3",	/* in the /64, not the /96 */
		"fe76:736f:636b::3",
	};
	struct in6_addr a;
	char name[64];
	uint32_t cid = 77;
	size_t i;

	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		int rc = vsockmap_parse_kernel(other[i], &cid);

		snprintf(name, sizeof(name), "not-ours/%zu", i);
		t_report(rc == -ENOENT && cid == 77, name, "\"%s\" gave %d cid %u, want -ENOENT",
			 other[i], rc, (unsigned int)cid);
	}
	inet_pton(AF_INET6, "::1", &a);
	T_INT(vsockmap_in6_to_cid(&a, &cid), -ENOENT, "not-ours/in6-loopback");
	T_INT(vsockmap_in6_to_cid(NULL, &cid), -EINVAL, "not-ours/in6-null");
	T_INT(vsockmap_in6_to_cid(&a, NULL), -EINVAL, "not-ours/in6-null-out");
}

static void test_bad_text(void)
{
	uint32_t cid = 77;

	T_INT(vsockmap_parse_kernel("", &cid), -EINVAL, "bad-text/empty");
	T_INT(vsockmap_parse_kernel("fd76::zz", &cid), -EINVAL, "bad-text/hex");
	T_INT(vsockmap_parse_kernel(" fd76:736f:636b::3", &cid), -EINVAL, "bad-text/space");
	T_INT(vsockmap_parse_kernel("fd76:736f:636b::3\n", &cid), -EINVAL, "bad-text/newline");
	T_INT(vsockmap_parse_kernel("fd76:736f:636b:0:0:0:1:0:3", &cid), -EINVAL,
	      "bad-text/nine-groups");
	T_INT(vsockmap_parse_kernel("[fd76:736f:636b::3]", &cid), -EINVAL, "bad-text/brackets");
	T_INT(vsockmap_parse_kernel(NULL, &cid), -EINVAL, "bad-text/null");
	T_INT(vsockmap_parse_kernel("fd76:736f:636b::3", NULL), -EINVAL, "bad-text/null-out");
	T_INT(cid, 77, "bad-text/untouched");
}

static void test_format_bad(void)
{
	char small[8];

	T_INT(vsockmap_cid_to_string(3, NULL, 10), -EINVAL, "format/null");
	T_INT(vsockmap_cid_to_string(3, small, 0), -EINVAL, "format/zero-len");
	T_INT(vsockmap_cid_to_string(3, small, sizeof(small)), -ENOSPC, "format/nospc");
	T_INT(vsockmap_cid_to_in6(3, NULL), -EINVAL, "format/in6-null");
}

/* The prefix constants agree with each other and with the documented text. */
static void test_prefix(void)
{
	static const uint8_t bytes[12] = VSOCKMAP_PREFIX_BYTES;
	struct in6_addr a, zero;

	T_STR(vsockmap_prefix(), "fd76:736f:636b::/96", "prefix/text");
	T_INT(VSOCKMAP_PREFIX_LEN, 96, "prefix/len");
	T_OK(inet_pton(AF_INET6, VSOCKMAP_PREFIX_ADDR, &a) == 1 &&
	     memcmp(a.s6_addr, bytes, sizeof(bytes)) == 0, "prefix/addr-matches-bytes");
	T_OK(memcmp(bytes + 1, "vsock", 5) == 0, "prefix/spells-vsock");
	/* fc00::/7: a unique local address, never routed off the host. */
	T_OK((bytes[0] & 0xfe) == 0xfc, "prefix/is-ula");
	vsockmap_cid_to_in6(0, &zero);
	T_OK(memcmp(zero.s6_addr, a.s6_addr, 16) == 0, "prefix/cid0-is-prefix");
}

/* The documented CIDs, both ways and through text. */
static void test_known(void)
{
	static const struct { uint32_t cid; const char *text, *kernel; } k[] = {
		{ 0, "fd76:736f:636b::", "fd76:736f:636b:0000:0000:0000:0000:0000" },
		{ 1, "fd76:736f:636b::1", "fd76:736f:636b:0000:0000:0000:0000:0001" },
		{ 2, "fd76:736f:636b::2", "fd76:736f:636b:0000:0000:0000:0000:0002" },
		{ 3, "fd76:736f:636b::3", "fd76:736f:636b:0000:0000:0000:0000:0003" },
		{ 0x10000, "fd76:736f:636b::1:0", "fd76:736f:636b:0000:0000:0000:0001:0000" },
		{ 0xFFFFFFFEu, "fd76:736f:636b::ffff:fffe",
		  "fd76:736f:636b:0000:0000:0000:ffff:fffe" },
		{ 0xFFFFFFFFu, "fd76:736f:636b::ffff:ffff",
		  "FD76:736F:636B:0000:0000:0000:FFFF:FFFF" },
	};
	char buf[VSOCKMAP_ADDRSTRLEN], name[64];
	struct in6_addr a;
	uint32_t back, fromk, fromt;
	size_t i;
	int n, ok;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		n = vsockmap_cid_to_string(k[i].cid, buf, sizeof(buf));
		ok = n == (int)strlen(k[i].text) && strcmp(buf, k[i].text) == 0;
		snprintf(name, sizeof(name), "known/%08x-text", (unsigned int)k[i].cid);
		t_report(ok, name, "gave \"%s\" (%d), want \"%s\"", buf, n, k[i].text);

		ok = vsockmap_cid_to_in6(k[i].cid, &a) == 0 &&
		     vsockmap_in6_to_cid(&a, &back) == 0 && back == k[i].cid;
		snprintf(name, sizeof(name), "known/%08x-in6", (unsigned int)k[i].cid);
		t_report(ok, name, "in6 round trip gave %u", (unsigned int)back);

		ok = vsockmap_parse_kernel(k[i].kernel, &fromk) == 0 && fromk == k[i].cid &&
		     vsockmap_parse_kernel(k[i].text, &fromt) == 0 && fromt == k[i].cid;
		snprintf(name, sizeof(name), "known/%08x-kernel", (unsigned int)k[i].cid);
		t_report(ok, name, "\"%s\" gave %u, \"%s\" gave %u", k[i].kernel,
			 (unsigned int)fromk, k[i].text, (unsigned int)fromt);
	}
}

/* Over a stride of the whole 32-bit space: every CID round-trips through
 * text, lands in the prefix, and is never ::1 or a v4-mapped address. */
static void test_sweep(void)
{
	const uint32_t stride = 65521;	/* prime: touches every byte position */
	char buf[VSOCKMAP_ADDRSTRLEN];
	uint32_t cid = 0, back;
	struct in6_addr a;
	uint64_t c;
	int bad_rt = 0, bad_special = 0;

	for (c = 0; c <= UINT32_MAX; c += stride) {
		cid = (uint32_t)c;
		vsockmap_cid_to_in6(cid, &a);
		if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_V4MAPPED(&a) ||
		    IN6_IS_ADDR_V4COMPAT(&a) || IN6_IS_ADDR_UNSPECIFIED(&a))
			bad_special++;
		if (vsockmap_cid_to_string(cid, buf, sizeof(buf)) < 0 ||
		    vsockmap_parse_kernel(buf, &back) < 0 || back != cid)
			bad_rt++;
	}
	T_INT(bad_special, 0, "sweep/never-loopback-or-v4");
	T_INT(bad_rt, 0, "sweep/round-trip");
}

/* FREEBIND lets a TCP socket bind the mapped address with no route and no
 * configured address: bind only, nothing is connected or listened on. */
static void test_bind_source(void)
{
	struct sockaddr_in6 sin6;
	socklen_t len = sizeof(sin6);
	uint32_t cid = 0;
	int fd, rc;

	T_INT(vsockmap_bind_source(-1, 3, 0), -EBADF, "bind/bad-fd");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	T_OK(fd >= 0 && vsockmap_bind_source(fd, 3, 0) < 0, "bind/ipv4-socket-refused");
	if (fd >= 0)
		close(fd);

	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		t_report(0, "bind/socket", "socket(AF_INET6): %s", strerror(errno));
		return;
	}
	rc = vsockmap_bind_source(fd, 3, 0);
	T_INT(rc, 0, "bind/rc");
	T_OK(getsockname(fd, (struct sockaddr *)&sin6, &len) == 0 &&
	     vsockmap_in6_to_cid(&sin6.sin6_addr, &cid) == 0 && cid == 3 &&
	     sin6.sin6_port != 0, "bind/sockname-is-cid3");
	T_INT(vsockmap_bind_source(fd, 4, 0), -EINVAL, "bind/twice");
	close(fd);
}

int main(void)
{
	test_not_ours();
	test_bad_text();
	test_format_bad();
	test_prefix();
	test_known();
	test_sweep();
	test_bind_source();
	return T_DONE();
}
