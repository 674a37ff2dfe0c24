/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-nfsd.c: rpc.nfsd's -V/-N parsing and the line it writes to /proc/fs/nfsd/versions. */
#define T_SUITE "nfsd"
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "nfsd.h"
#include "t.h"

/* The nfs.conf defaults: 3, 4, 4.0-4.2. */
static struct nfsd_vers defaults(void)
{
	struct nfsd_vers v = { .v3 = true, .v4 = true, .minor_on = 0x7 };

	return v;
}

static const char *line_of(struct nfsd_vers v, char *buf, size_t len)
{
	int rc = nfsd_vers_line(&v, buf, len);

	if (rc < 0)
		snprintf(buf, len, "error %d", rc);
	return buf;
}

/* Apply "+3 -4.1 ..." style edits as -V/-N would, then build the line. */
static const char *with(const char *edits, char *buf, size_t len)
{
	struct nfsd_vers v = defaults();
	char copy[128], *save = NULL;
	const char *why = "";

	snprintf(copy, sizeof(copy), "%s", edits);
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (nfsd_vers_arg(&v, t + 1, t[0] == '+', &why) < 0) {
			snprintf(buf, len, "arg error: %s", why);
			return buf;
		}
	return line_of(v, buf, len);
}

static void test_lines(void)
{
	char b[128];

	T_STR(with("", b, sizeof(b)), "-2 +3 +4 +4.0 +4.1 +4.2\n", "default");
	T_STR(with("-3", b, sizeof(b)), "-2 -3 +4 +4.0 +4.1 +4.2\n", "v4-only");
	T_STR(with("-3 -4.0", b, sizeof(b)), "-2 -3 +4 -4.0 +4.1 +4.2\n", "v41-up");
	T_STR(with("-4", b, sizeof(b)), "-2 +3 -4\n", "v3-only");
	T_STR(with("-4 +4.2", b, sizeof(b)), "-2 +3 +4 -4.0 -4.1 +4.2\n", "minor-alone-after-no-v4");
	T_STR(with("+4.3", b, sizeof(b)), "-2 +3 +4 +4.0 +4.1 +4.2 +4.3\n", "unknown-minor-passed-on");
	T_STR(with("-4.3", b, sizeof(b)), "-2 +3 +4 +4.0 +4.1 +4.2 -4.3\n", "minor-off-written");
	T_STR(with("-3 -4", b, sizeof(b)), "error -2", "nothing-left");
	T_STR(with("-3 -4.0 -4.1 -4.2", b, sizeof(b)), "error -2", "no-minor-left");
	T_STR(with("+2", b, sizeof(b)), "arg error: NFSv2 is not offered by this toolset", "v2-refused");
	T_STR(with("+5", b, sizeof(b)), "arg error: expected 3, 4 or 4.M (e.g. 4.1)", "v5-refused");
	T_STR(with("+4.10", b, sizeof(b)), "arg error: expected 3, 4 or 4.M (e.g. 4.1)", "two-digit-minor");
	T_STR(with("+4.", b, sizeof(b)), "arg error: expected 3, 4 or 4.M (e.g. 4.1)", "empty-minor");
	T_INT(nfsd_vers_line(&(struct nfsd_vers){ .v3 = true }, b, 8), -ENOSPC, "short-buffer");
}

static void test_human(void)
{
	char b[128];

	nfsd_vers_human("+3 +4 +4.1 +4.2\n", b, sizeof(b));
	T_STR(b, "3 4.0 4.1 4.2", "human-default");
	nfsd_vers_human("-3 +4 -4.0 +4.1 +4.2\n", b, sizeof(b));
	T_STR(b, "4.1 4.2", "human-no40");
	nfsd_vers_human("+3 -4\n", b, sizeof(b));
	T_STR(b, "3", "human-v3");
	nfsd_vers_human("", b, sizeof(b));
	T_STR(b, "none", "human-empty");
}

int main(void)
{
	test_lines();
	test_human();
	return T_DONE();
}
