/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-relayctl.c: the nfsvsockd control-line parser, formatter and error names. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define T_SUITE "relayctl"
#include "t.h"
#include "relayctl.h"

static int parse(const char *s, struct relayctl_req *r)
{
	const char *why;

	return relayctl_parse_request(s, strlen(s), r, &why);
}

static void test_good(void)
{
	struct relayctl_req r = { 0 };

	T_INT(parse("ACQUIRE 2 2049", &r), 0, "acquire");
	T_INT(r.verb, RELAYCTL_ACQUIRE, "acquire-verb");
	T_INT(r.cid, 2, "acquire-cid");
	T_INT(r.port, 2049, "acquire-port");
	T_INT(parse("RELEASE 4294967294 4294967294", &r), 0, "release-max");
	T_INT(r.cid, 4294967294u, "release-cid-max");
	T_INT(r.port, 4294967294u, "release-port-max");
	T_INT(parse("ACQUIRE 0 1", &r), 0, "cid-zero-port-one");
	T_INT(parse("STATUS", &r), 0, "status");
	T_INT(r.verb, RELAYCTL_STATUS, "status-verb");
	T_INT(parse("PING", &r), 0, "ping");
	T_INT(parse("ACQUIRE 007 2049", &r), 0, "leading-zeros");
	T_INT(r.cid, 7, "leading-zeros-value");
}

static void test_bad(void)
{
	static const char *const bad[] = {
		"", " ", "acquire 2 2049", "ACQUIRE", "ACQUIRE 2", "ACQUIRE 2 2049 1",
		"ACQUIRE  2 2049", " ACQUIRE 2 2049", "ACQUIRE 2 2049 ", "ACQUIRE 2 0",
		"ACQUIRE 4294967295 2049", "ACQUIRE 2 4294967295", "ACQUIRE -1 2049",
		"ACQUIRE +2 2049", "ACQUIRE 0x2 2049", "ACQUIRE 2 2049\r", "STATUS now",
		"STATUS ", "ACQUIRE 99999999999 1", "ACQUIRE 2\t2049", "HELLO", "ACQUIRE 2 20a",
	};
	struct relayctl_req r;
	char name[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "bad-%zu", i);
		T_INT(parse(bad[i], &r), -EINVAL, name);
	}
}

static void test_bytes(void)
{
	char big[RELAYCTL_LINE_MAX + 2];
	struct relayctl_req r;
	const char *why = NULL;

	memset(big, 'A', sizeof(big));
	T_INT(relayctl_parse_request(big, RELAYCTL_LINE_MAX + 1, &r, &why), -EMSGSIZE, "oversize");
	T_OK(why && strstr(why, "256"), "oversize-why");
	T_INT(relayctl_parse_request("PING\0X", 6, &r, &why), -EINVAL, "embedded-nul");
	T_INT(relayctl_parse_request("PINGX", 4, &r, &why), 0, "len-bounds-the-line");
	memset(big, ' ', RELAYCTL_LINE_MAX);
	T_INT(relayctl_parse_request(big, RELAYCTL_LINE_MAX, &r, &why), -EINVAL, "all-spaces");
}

static void test_format(void)
{
	struct relayctl_req r = { RELAYCTL_ACQUIRE, 3, 2049 }, back;
	char buf[64], small[8], nb[16];
	const char *why;
	int n = relayctl_format_request(&r, buf, sizeof(buf));

	T_STR(buf, "ACQUIRE 3 2049\n", "format-acquire");
	T_INT(relayctl_parse_request(buf, (size_t)n - 1, &back, &why), 0, "format-roundtrip");
	T_INT(back.cid == 3 && back.port == 2049, 1, "format-roundtrip-values");
	T_INT(relayctl_format_request(&r, small, sizeof(small)), -ENOSPC, "format-nospc");
	T_STR(relayctl_errname(EPERM, nb, sizeof(nb)), "EPERM", "errname");
	T_STR(relayctl_errname(-EMSGSIZE, nb, sizeof(nb)), "EMSGSIZE", "errname-negative");
	T_INT(relayctl_reply_errno("ERR ENOENT no such endpoint"), ENOENT, "reply-errno");
	T_INT(relayctl_reply_errno("ERR EBOGUS x"), EIO, "reply-errno-unknown");
	T_INT(relayctl_reply_errno("OK 3049"), 0, "reply-ok");
}

/* Every prefix of every byte value must parse or fail, never crash:
 * a cheap stand-in for the fuzz target. */
static void test_all_bytes(void)
{
	struct relayctl_req r;
	const char *why;
	char line[16] = "ACQUIRE 2 2049";
	int crashed = 0;

	for (int pos = 0; pos < 14; pos++)
		for (int b = 0; b < 256; b++) {
			char tmp[16];
			memcpy(tmp, line, sizeof(tmp));
			tmp[pos] = (char)b;
			if (relayctl_parse_request(tmp, 14, &r, &why) > 0)
				crashed++;
		}
	T_INT(crashed, 0, "byte-sweep");
}

int main(void)
{
	test_good();
	test_bad();
	test_bytes();
	test_format();
	test_all_bytes();
	return T_DONE();
}
