/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-vsockaddr.c: parsing and printing of vsock CIDs and addresses, bad input first. */
#define T_SUITE "vsockaddr"
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "vsock.h"
#include "t.h"

#define ALLOW VSOCK_PARSE_PORT_ALLOWED
#define REQUIRE VSOCK_PARSE_PORT_REQUIRED

/* One vsock_addr_parse call and what it must give. */
struct pcase {
	const char *name;
	const char *in;
	unsigned int flags;
	int rc;
	uint32_t cid, port;
	bool has_port;
};

/* Every error code with at least two inputs; each rejected input must also
 * leave *out untouched, which the sentinel checks. */
static const struct pcase bad[] = {
	{ "empty/plain", "", 0, -VSOCK_E_EMPTY, 0, 0, false },
	{ "empty/prefix-only", "vsock:", ALLOW, -VSOCK_E_EMPTY, 0, 0, false },
	{ "empty/prefix-colon", "vsock::2049", ALLOW, -VSOCK_E_EMPTY, 0, 0, false },
	{ "leading/space", " 3", 0, -VSOCK_E_LEADING, 0, 0, false },
	{ "leading/tab", "\t3", 0, -VSOCK_E_LEADING, 0, 0, false },
	{ "leading/x12", "x12", 0, -VSOCK_E_LEADING, 0, 0, false },
	{ "leading/after-prefix", "vsock: 3", 0, -VSOCK_E_LEADING, 0, 0, false },
	{ "leading/upper-prefix", "VSOCK:3", 0, -VSOCK_E_LEADING, 0, 0, false },
	{ "trailing/12x", "12x", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/3-colon", "3:", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/bare-port", "3:2049", ALLOW, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/space", "3 ", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/hex", "0x3", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/name-space", "host ", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/name-digit", "vsock:host2", 0, -VSOCK_E_TRAILING, 0, 0, false },
	{ "trailing/cid-before-port", "vsock:3x:2049", ALLOW, -VSOCK_E_TRAILING, 0, 0, false },
	{ "sign/plus", "+3", 0, -VSOCK_E_SIGN, 0, 0, false },
	{ "sign/minus", "-3", 0, -VSOCK_E_SIGN, 0, 0, false },
	{ "sign/minus-zero", "-0", 0, -VSOCK_E_SIGN, 0, 0, false },
	{ "sign/after-prefix", "vsock:+3", 0, -VSOCK_E_SIGN, 0, 0, false },
	{ "overflow/2^32", "4294967296", 0, -VSOCK_E_OVERFLOW, 0, 0, false },
	{ "overflow/20-digits", "99999999999999999999", 0, -VSOCK_E_OVERFLOW, 0, 0, false },
	{ "overflow/40-digits", "9999999999999999999999999999999999999999", 0,
	  -VSOCK_E_OVERFLOW, 0, 0, false },
	{ "overflow/prefixed", "vsock:4294967296:1", ALLOW, -VSOCK_E_OVERFLOW, 0, 0, false },
	{ "name/upper", "HOST", 0, -VSOCK_E_NAME, 0, 0, false },
	{ "name/mixed", "vsock:Host", 0, -VSOCK_E_NAME, 0, 0, false },
	{ "name/localhost", "localhost", 0, -VSOCK_E_NAME, 0, 0, false },
	{ "name/with-port", "vsock:hots:2049", ALLOW, -VSOCK_E_NAME, 0, 0, false },
	{ "port-empty/colon", "vsock:3:", ALLOW, -VSOCK_E_PORT_EMPTY, 0, 0, false },
	{ "port-empty/required", "vsock:host:", REQUIRE, -VSOCK_E_PORT_EMPTY, 0, 0, false },
	{ "port-leading/space", "vsock:3: 1", ALLOW, -VSOCK_E_PORT_LEADING, 0, 0, false },
	{ "port-leading/x1", "vsock:3:x1", ALLOW, -VSOCK_E_PORT_LEADING, 0, 0, false },
	{ "port-trailing/1x", "vsock:3:1x", ALLOW, -VSOCK_E_PORT_TRAILING, 0, 0, false },
	{ "port-trailing/colon", "vsock:3:1:", ALLOW, -VSOCK_E_PORT_TRAILING, 0, 0, false },
	{ "port-trailing/hex", "vsock:3:0x10", ALLOW, -VSOCK_E_PORT_TRAILING, 0, 0, false },
	{ "port-sign/plus", "vsock:3:+1", ALLOW, -VSOCK_E_PORT_SIGN, 0, 0, false },
	{ "port-sign/minus", "vsock:3:-1", ALLOW, -VSOCK_E_PORT_SIGN, 0, 0, false },
	{ "port-range/zero", "vsock:3:0", ALLOW, -VSOCK_E_PORT_RANGE, 0, 0, false },
	{ "port-range/zeros", "vsock:3:000", ALLOW, -VSOCK_E_PORT_RANGE, 0, 0, false },
	{ "port-range/any", "vsock:3:4294967295", ALLOW, -VSOCK_E_PORT_RANGE, 0, 0, false },
	{ "port-range/2^32", "vsock:3:4294967296", ALLOW, -VSOCK_E_PORT_RANGE, 0, 0, false },
	{ "port-range/20-digits", "vsock:3:99999999999999999999", ALLOW,
	  -VSOCK_E_PORT_RANGE, 0, 0, false },
	{ "port-missing/long", "vsock:3", REQUIRE, -VSOCK_E_PORT_MISSING, 0, 0, false },
	{ "port-missing/bare", "3", REQUIRE, -VSOCK_E_PORT_MISSING, 0, 0, false },
	{ "port-missing/name", "vsock:host", REQUIRE, -VSOCK_E_PORT_MISSING, 0, 0, false },
	{ "port-unwanted/long", "vsock:3:2049", 0, -VSOCK_E_PORT_UNWANTED, 0, 0, false },
	{ "port-unwanted/empty", "vsock:3:", 0, -VSOCK_E_PORT_UNWANTED, 0, 0, false },
	{ "port-unwanted/name", "vsock:host:2049", 0, -VSOCK_E_PORT_UNWANTED, 0, 0, false },
};

static const struct pcase good[] = {
	{ "good/bare-3", "3", 0, 0, 3, VMADDR_PORT_ANY, false },
	{ "good/bare-0", "0", 0, 0, 0, VMADDR_PORT_ANY, false },
	{ "good/bare-max", "4294967295", 0, 0, 4294967295u, VMADDR_PORT_ANY, false },
	{ "good/leading-zeros", "007", 0, 0, 7, VMADDR_PORT_ANY, false },
	{ "good/prefixed", "vsock:3", 0, 0, 3, VMADDR_PORT_ANY, false },
	{ "good/prefixed-allowed", "vsock:3", ALLOW, 0, 3, VMADDR_PORT_ANY, false },
	{ "good/port", "vsock:3:2049", ALLOW, 0, 3, 2049, true },
	{ "good/port-required", "vsock:3:2049", REQUIRE, 0, 3, 2049, true },
	{ "good/port-1", "vsock:3:1", ALLOW, 0, 3, 1, true },
	{ "good/port-max", "vsock:4294967295:4294967294", ALLOW, 0, 4294967295u,
	  4294967294u, true },
	{ "good/any", "any", 0, 0, VMADDR_CID_ANY, VMADDR_PORT_ANY, false },
	{ "good/hypervisor", "hypervisor", 0, 0, 0, VMADDR_PORT_ANY, false },
	{ "good/local", "local", 0, 0, 1, VMADDR_PORT_ANY, false },
	{ "good/host", "host", 0, 0, 2, VMADDR_PORT_ANY, false },
	{ "good/vsock-host-port", "vsock:host:2049", ALLOW, 0, 2, 2049, true },
	{ "good/vsock-local", "vsock:local", 0, 0, 1, VMADDR_PORT_ANY, false },
};

static void run_case(const struct pcase *c)
{
	struct vsock_addr a = { .cid = 0xdead, .port = 0xbeef, .has_port = true };
	int rc = vsock_addr_parse(c->in, c->flags, &a);

	if (rc != c->rc) {
		t_report(0, c->name, "\"%s\" gave %d (%s), want %d (%s)", c->in, rc,
			 vsock_parse_strerror(rc), c->rc, vsock_parse_strerror(c->rc));
		return;
	}
	if (rc < 0) {
		t_report(a.cid == 0xdead && a.port == 0xbeef && a.has_port, c->name,
			 "\"%s\" wrote the output on failure", c->in);
		return;
	}
	t_report(a.cid == c->cid && a.port == c->port && a.has_port == c->has_port,
		 c->name, "\"%s\" gave cid %u port %u has_port %d", c->in,
		 (unsigned int)a.cid, (unsigned int)a.port, a.has_port);
}

static void test_table(const struct pcase *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(&cases[i]);
}

/* vsock_cid_parse: bare only, same codes. */
static void test_cid_parse(void)
{
	uint32_t cid = 77;

	T_INT(vsock_cid_parse("", &cid), -VSOCK_E_EMPTY, "cid/empty");
	T_INT(vsock_cid_parse(NULL, &cid), -VSOCK_E_EMPTY, "cid/null-string");
	T_INT(vsock_cid_parse("3", NULL), -EINVAL, "cid/null-out");
	T_INT(vsock_cid_parse("vsock:3", &cid), -VSOCK_E_LEADING, "cid/no-prefix-allowed");
	T_INT(vsock_cid_parse("2x", &cid), -VSOCK_E_TRAILING, "cid/2x");
	T_INT(vsock_cid_parse("host:", &cid), -VSOCK_E_TRAILING, "cid/host-colon");
	T_INT(vsock_cid_parse("-1", &cid), -VSOCK_E_SIGN, "cid/minus-one");
	T_INT(vsock_cid_parse("4294967296", &cid), -VSOCK_E_OVERFLOW, "cid/overflow");
	T_INT(vsock_cid_parse("Local", &cid), -VSOCK_E_NAME, "cid/name-case");
	T_INT(cid, 77, "cid/untouched-on-error");
	T_INT(vsock_cid_parse("4294967295", &cid), 0, "cid/max-rc");
	T_INT(cid, 4294967295u, "cid/max");
	T_INT(vsock_cid_parse("host", &cid), 0, "cid/host-rc");
	T_INT(cid, 2, "cid/host");
}

static void test_null_args(void)
{
	struct vsock_addr a;

	T_INT(vsock_addr_parse("3", 0, NULL), -EINVAL, "null/out");
	T_INT(vsock_addr_parse(NULL, 0, &a), -VSOCK_E_EMPTY, "null/string");
}

/* Every code has its own message, and none is the fallback text. */
static void test_messages(void)
{
	const char *fallback = vsock_parse_strerror(-1);
	char name[64];
	int e, f;

	for (e = VSOCK_E_BASE; e < VSOCK_E_END; e++) {
		const char *m = vsock_parse_strerror(-e);
		int ok = m && *m && strcmp(m, fallback) != 0 && m == vsock_parse_strerror(e);

		for (f = VSOCK_E_BASE; ok && f < e; f++)
			ok = strcmp(m, vsock_parse_strerror(-f)) != 0;
		snprintf(name, sizeof(name), "message/%d", e);
		t_report(ok, name, "code %d: message \"%s\" missing or shared", e, m ? m : "(null)");
	}
	T_STR(vsock_parse_strerror(-VSOCK_E_TRAILING), "CID has trailing characters",
	      "message/trailing-text");
	T_STR(vsock_parse_strerror(-VSOCK_E_PORT_RANGE), "port is not between 1 and 4294967294",
	      "message/port-range-text");
	T_STR(vsock_parse_strerror(-VSOCK_E_END), "invalid vsock address", "message/unknown");
	T_STR(vsock_parse_strerror(-EINVAL), "invalid vsock address", "message/errno");
}

static void test_format_bad(void)
{
	struct vsock_addr a = { .cid = 4294967295u, .port = 4294967294u, .has_port = true };
	char buf[VSOCK_ADDRSTRLEN], small[4];

	T_INT(vsock_cid_format(3, NULL, 10), -EINVAL, "format/cid-null");
	T_INT(vsock_cid_format(3, buf, 0), -EINVAL, "format/cid-zero-len");
	T_INT(vsock_cid_format(12345, small, sizeof(small)), -ENOSPC, "format/cid-nospc");
	T_INT(vsock_addr_format(NULL, buf, sizeof(buf)), -EINVAL, "format/addr-null");
	T_INT(vsock_addr_format(&a, small, sizeof(small)), -ENOSPC, "format/addr-nospc");
	T_INT(vsock_addr_format(&a, buf, sizeof(buf) - 1), -ENOSPC, "format/addr-one-short");
	T_INT(vsock_addr_format(&a, buf, sizeof(buf)), (int)sizeof(buf) - 1, "format/addr-exact");
	T_STR(buf, "vsock:4294967295:4294967294", "format/addr-longest");
}

static void test_format_good(void)
{
	struct vsock_addr a = { .cid = 3, .port = 2049, .has_port = true };
	char buf[VSOCK_ADDRSTRLEN];

	T_INT(vsock_cid_format(4294967295u, buf, VSOCK_CIDSTRLEN), 10, "format/cid-max-rc");
	T_STR(buf, "4294967295", "format/cid-max");
	T_INT(vsock_cid_format(0, buf, sizeof(buf)), 1, "format/cid-zero-rc");
	T_STR(buf, "0", "format/cid-zero");
	vsock_addr_format(&a, buf, sizeof(buf));
	T_STR(buf, "vsock:3:2049", "format/addr");
	a.has_port = false;
	vsock_addr_format(&a, buf, sizeof(buf));
	T_STR(buf, "vsock:3", "format/addr-no-port");
}

/* format(parse(s)) == canonical text, and parse(format(a)) == a. */
static void test_round_trip(void)
{
	static const struct { const char *in, *out; } rt[] = {
		{ "vsock:3:2049", "vsock:3:2049" },
		{ "vsock:host:2049", "vsock:2:2049" },
		{ "007", "vsock:7" },
		{ "any", "vsock:4294967295" },
		{ "vsock:0:1", "vsock:0:1" },
		{ "vsock:4294967295:4294967294", "vsock:4294967295:4294967294" },
	};
	char buf[VSOCK_ADDRSTRLEN], name[64];
	struct vsock_addr a, b;
	size_t i;
	int ok;

	for (i = 0; i < sizeof(rt) / sizeof(rt[0]); i++) {
		ok = vsock_addr_parse(rt[i].in, ALLOW, &a) == 0 &&
		     vsock_addr_format(&a, buf, sizeof(buf)) > 0 &&
		     strcmp(buf, rt[i].out) == 0 &&
		     vsock_addr_parse(buf, ALLOW, &b) == 0 &&
		     a.cid == b.cid && a.port == b.port && a.has_port == b.has_port;
		snprintf(name, sizeof(name), "round-trip/%zu", i);
		t_report(ok, name, "\"%s\" -> \"%s\", want \"%s\"", rt[i].in, buf, rt[i].out);
	}
}

static void test_names(void)
{
	uint32_t cid = 0;

	T_STR(vsock_cid_name(0), "hypervisor", "name/0");
	T_STR(vsock_cid_name(1), "local", "name/1");
	T_STR(vsock_cid_name(2), "host", "name/2");
	T_STR(vsock_cid_name(0xFFFFFFFFu), "any", "name/any");
	T_STR(vsock_cid_name(3), NULL, "name/3");
	T_STR(vsock_cid_name(0xFFFFFFFEu), NULL, "name/fffffffe");
	/* Each name parses back to the CID it names. */
	T_OK(vsock_cid_parse(vsock_cid_name(2), &cid) == 0 && cid == 2, "name/round-trip");
}

int main(void)
{
	test_table(bad, sizeof(bad) / sizeof(bad[0]));
	test_cid_parse();
	test_null_args();
	test_messages();
	test_format_bad();
	test_table(good, sizeof(good) / sizeof(good[0]));
	test_format_good();
	test_round_trip();
	test_names();
	return T_DONE();
}
