/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-relay.c: nfsvsockd's pure pieces: allow-list, port scan, endpoint table, status lines. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define T_SUITE "relay"
#include "t.h"
#include "allow.h"
#include "eptab.h"
#include "portscan.h"
#include "status.h"

static void test_allow(void)
{
	struct allow a;
	char why[256];

	T_INT(allow_parse("*", &a, why, sizeof(why)), 0, "allow-star");
	T_OK(allow_match(&a, 3) && allow_match(&a, 0xFFFFFFFEu), "allow-star-matches");
	T_INT(allow_parse("none", &a, why, sizeof(why)), 0, "allow-none");
	T_OK(!allow_match(&a, 3), "allow-none-matches-nothing");
	T_INT(allow_parse("3,4,10-20", &a, why, sizeof(why)), 0, "allow-list");
	T_OK(allow_match(&a, 3) && allow_match(&a, 4) && allow_match(&a, 10) &&
	     allow_match(&a, 15) && allow_match(&a, 20), "allow-list-in");
	T_OK(!allow_match(&a, 5) && !allow_match(&a, 9) && !allow_match(&a, 21) &&
	     !allow_match(&a, 2), "allow-list-out");
	T_INT(allow_parse(" 3 , 4294967294 ", &a, why, sizeof(why)), 0, "allow-spaces-max");
	T_OK(allow_match(&a, 4294967294u), "allow-max-cid");
	T_INT(allow_parse("", &a, why, sizeof(why)), -EINVAL, "allow-empty");
	T_INT(allow_parse("3,", &a, why, sizeof(why)), -EINVAL, "allow-trailing-comma");
	T_INT(allow_parse("3,,4", &a, why, sizeof(why)), 0, "allow-double-comma-skips");
	T_INT(allow_parse("20-10", &a, why, sizeof(why)), -EINVAL, "allow-backwards");
	T_OK(strstr(why, "20-10") != NULL, "allow-backwards-names-item");
	T_INT(allow_parse("3,x", &a, why, sizeof(why)), -EINVAL, "allow-junk");
	T_OK(strstr(why, "\"x\"") != NULL, "allow-junk-names-item");
	T_INT(allow_parse("4294967295", &a, why, sizeof(why)), -ERANGE, "allow-cid-any");
	T_INT(allow_parse("-3", &a, why, sizeof(why)), -EINVAL, "allow-negative");
	T_INT(allow_parse("3-", &a, why, sizeof(why)), -EINVAL, "allow-open-range");
	T_INT(allow_parse("*,3", &a, why, sizeof(why)), -EINVAL, "allow-star-mixed");
}

static void test_allow_many(void)
{
	char spec[1024] = "", item[16];
	struct allow a;
	char why[256];

	for (int i = 0; i < ALLOW_MAX_RANGES + 1; i++) {
		snprintf(item, sizeof(item), "%s%d", i ? "," : "", i + 3);
		strcat(spec, item);
	}
	T_INT(allow_parse(spec, &a, why, sizeof(why)), -E2BIG, "allow-too-many");
}

/* A fake bind: ports in [busy_lo, busy_hi] are taken; a stop port fails hard. */
struct fake {
	uint32_t busy_lo, busy_hi, stop;
	int calls;
	uint32_t last;
};

static int fake_try(uint32_t port, void *arg)
{
	struct fake *f = arg;

	f->calls++;
	f->last = port;
	if (port == f->stop && port)
		return -EACCES;
	if (port >= f->busy_lo && port <= f->busy_hi && port)
		return f->calls % 2 ? -EADDRINUSE : -EADDRNOTAVAIL;
	return 100;	/* an "fd" */
}

static void test_portscan(void)
{
	struct fake f = { 0 };
	uint32_t port = 12345;

	T_INT(portscan(0, fake_try, &f, &port), 100, "unreserved-fd");
	T_INT(port, 0, "unreserved-port-any");
	T_INT(f.calls, 1, "unreserved-one-call");
	f = (struct fake){ 0 };
	T_INT(portscan(1, fake_try, &f, &port), 100, "reserved-first");
	T_INT(port, 1023, "reserved-starts-at-1023");
	f = (struct fake){ .busy_lo = 1000, .busy_hi = 1023 };
	T_INT(portscan(1, fake_try, &f, &port), 100, "reserved-skips-busy");
	T_INT(port, 999, "reserved-next-free-downward");
	f = (struct fake){ .busy_lo = 0, .busy_hi = 2000 };
	T_INT(portscan(1, fake_try, &f, &port), -EADDRINUSE, "reserved-all-busy");
	T_INT(f.calls, PORTSCAN_RESV_HI - PORTSCAN_RESV_LO + 1, "reserved-tries-1023-to-665");
	T_INT(f.last, 665, "reserved-last-is-665");
	f = (struct fake){ .busy_lo = 1020, .busy_hi = 1023, .stop = 1019 };
	T_INT(portscan(1, fake_try, &f, &port), -EACCES, "reserved-stops-on-other-error");
	T_INT(f.calls, 5, "reserved-stop-calls");
}

static void test_eptab(void)
{
	static struct eptab t;
	struct endpoint *e;
	int fd = -1;

	T_INT(eptab_add(&t, 2, 2049, 7, 40000), 0, "ep-add");
	T_INT(eptab_add(&t, 2, 2049, 8, 40001), -EEXIST, "ep-add-dup");
	T_INT(eptab_add(&t, 2, 2050, 9, 40002), 0, "ep-add-other-port");
	e = eptab_find(&t, 2, 2049);
	T_OK(e && e->tcp_port == 40000 && e->refs == 1, "ep-find");
	e->refs++;
	T_INT(eptab_release(&t, 2, 2049, &fd), 1, "ep-release-keeps");
	T_INT(fd, -1, "ep-release-keeps-fd");
	T_INT(eptab_release(&t, 2, 2049, &fd), 0, "ep-release-last");
	T_INT(fd, 7, "ep-release-gives-fd");
	T_OK(eptab_find(&t, 2, 2049) == NULL, "ep-gone");
	T_OK(eptab_find(&t, 2, 2050) != NULL, "ep-other-stays");
	T_INT(eptab_release(&t, 2, 2049, &fd), -ENOENT, "ep-release-unknown");
	for (uint32_t i = 1; t.n < EPTAB_MAX; i++)
		eptab_add(&t, 3, i, 10, 1);
	T_INT(eptab_add(&t, 4, 1, 11, 1), -ENOSPC, "ep-full");
}

static void test_status(void)
{
	struct fwd_info info = { .cid = 0xFFFFFFFEu, .vsock_port = 1023, .role = 'h',
				 .peer = "vsock:4294967294:1023",
				 .local = "[fd76:736f:636b::ffff:fffe]:1023" };
	struct fwd_stats st = { .a_to_b = 10, .b_to_a = 20, .started = { 100, 0 } };
	struct timespec now = { 112, 0 };
	struct endpoint e = { 2, 2049, 5, 41000, 2 };
	char buf[512];

	T_OK(status_conn_line(buf, sizeof(buf), &info, &st, &now) > 0, "status-conn");
	T_STR(buf, "conn role=host cid=4294967294 peer=vsock:4294967294:1023 "
	      "local=[fd76:736f:636b::ffff:fffe]:1023 age=12 to_server=10 to_client=20\n",
	      "status-conn-text");
	T_INT(status_conn_line(buf, 20, &info, &st, &now), -ENOSPC, "status-conn-nospc");
	T_OK(status_endpoint_line(buf, sizeof(buf), &e) > 0, "status-endpoint");
	T_STR(buf, "endpoint cid=2 port=2049 tcp=127.0.0.1:41000 refs=2\n", "status-endpoint-text");
}

/* The relay keeps its endpoint table in status lines: what it wrote it reads back. */
static void test_endpoint_parse(void)
{
	struct endpoint in = { 4294967294u, 2049, 5, 65535, 3 }, out;
	char buf[256];

	status_endpoint_line(buf, sizeof(buf), &in);
	T_INT(status_endpoint_parse(buf, &out), 0, "ep-parse-roundtrip");
	T_OK(out.cid == in.cid && out.port == in.port && out.tcp_port == in.tcp_port &&
	     out.refs == in.refs && out.fd == -1, "ep-parse-fields");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=127.0.0.1:41000 refs=1",
				    &out), 0, "ep-parse-no-newline");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=127.0.0.1:0 refs=1\n", &out),
	      -EINVAL, "ep-parse-port-0");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=127.0.0.1:65536 refs=1\n", &out),
	      -EINVAL, "ep-parse-port-big");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=127.0.0.1:41000 refs=0\n", &out),
	      -EINVAL, "ep-parse-no-refs");
	T_INT(status_endpoint_parse("endpoint cid=-1 port=2049 tcp=127.0.0.1:41000 refs=1\n", &out),
	      -EINVAL, "ep-parse-negative");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=10.0.0.1:41000 refs=1\n", &out),
	      -EINVAL, "ep-parse-not-loopback");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049 tcp=127.0.0.1:41000 refs=1 x\n", &out),
	      -EINVAL, "ep-parse-trailing");
	T_INT(status_endpoint_parse("endpoint cid=2 port=2049\n", &out), -EINVAL, "ep-parse-short");
	T_INT(status_endpoint_parse("", &out), -EINVAL, "ep-parse-empty");
}

int main(void)
{
	test_allow();
	test_allow_many();
	test_portscan();
	test_eptab();
	test_status();
	test_endpoint_parse();
	return T_DONE();
}
