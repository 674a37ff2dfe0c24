/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctl_client.c: `nfsvsockd status|acquire|release`, the control socket seen from a shell. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "nfsvsockd.h"
#include "relayctl.h"
#include "strnum.h"

#define CLIENT_TIMEOUT_MS 5000

struct printer {
	bool raw;
	bool conn_header, ep_header;
};

/* The value of key=... in a status line, copied into out. */
static const char *field(const char *line, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			size_t vl = strcspn(p + kl + 1, " ");
			snprintf(out, len, "%.*s", (int)vl, p + kl + 1);
			return out;
		}
		p += kl;
	}
	snprintf(out, len, "-");
	return out;
}

static void print_conn(struct printer *pr, const char *line)
{
	char r[16], c[16], p[80], l[80], a[24], ts[24], tc[24];

	if (!pr->conn_header) {
		printf("%-6s %-10s %-28s %-30s %7s %12s %12s\n", "ROLE", "CID", "PEER", "LOCAL",
		       "AGE", "TO-SERVER", "TO-CLIENT");
		pr->conn_header = true;
	}
	printf("%-6s %-10s %-28s %-30s %6ss %12s %12s\n", field(line, "role", r, sizeof(r)),
	       field(line, "cid", c, sizeof(c)), field(line, "peer", p, sizeof(p)),
	       field(line, "local", l, sizeof(l)), field(line, "age", a, sizeof(a)),
	       field(line, "to_server", ts, sizeof(ts)), field(line, "to_client", tc, sizeof(tc)));
}

static int print_line(const char *line, void *arg)
{
	struct printer *pr = arg;
	char a[24], b[24], c[24], e[24], g[24];

	if (pr->raw) {
		printf("%s\n", line);
	} else if (strncmp(line, "daemon ", 7) == 0) {
		printf("nfsvsockd: %s relay, pid %s, worker %s, %s restarts%s%s\n",
		       field(line, "role", a, sizeof(a)), field(line, "pid", b, sizeof(b)),
		       field(line, "worker", c, sizeof(c)), field(line, "restarts", e, sizeof(e)),
		       strstr(line, " guard=") ? ", source guard " : "",
		       strstr(line, " guard=") ? field(line, "guard", g, sizeof(g)) : "");
	} else if (strncmp(line, "endpoint ", 9) == 0) {
		if (!pr->ep_header) {
			printf("%-24s %-22s %s\n", "ENDPOINT", "LOOPBACK", "REFS");
			pr->ep_header = true;
		}
		char ep[64];

		snprintf(ep, sizeof(ep), "vsock:%s:%s", field(line, "cid", a, sizeof(a)),
			 field(line, "port", b, sizeof(b)));
		printf("%-24s %-22s %s\n", ep, field(line, "tcp", c, sizeof(c)),
		       field(line, "refs", e, sizeof(e)));
	} else if (strncmp(line, "conn ", 5) == 0) {
		print_conn(pr, line);
	} else {
		printf("%s\n", line);
	}
	return 0;
}

static void fail(const struct nvd *d, const char *what, int rc, const char *text)
{
	/* With text the daemon answered ERR; without, nobody answered. */
	if (!text[0] && (rc == -ENOENT || rc == -ECONNREFUSED))
		fatalx(1, "%s: no nfsvsockd answers at %s (%s); start it, or give its socket "
		       "with -S", what, d->conf.socket, strerror(-rc));
	fatalx(1, "%s: %s%s%s", what, strerror(-rc), text[0] ? ": " : "", text);
}

static uint32_t parse_u32_arg(const char *s, long long min, long long max, const char *what)
{
	long long v;

	if (nv_strtonum(s, min, max, &v) < 0)
		fatalx(2, "%s \"%s\": expected a decimal number %lld..%lld", what, s, min, max);
	return (uint32_t)v;
}

int ctl_client_run(struct nvd *d, int argc, char **argv)
{
	struct printer pr = { .raw = argc > 1 && strcmp(argv[1], "--raw") == 0 };
	char text[RELAYCTL_LINE_MAX] = "";
	uint32_t cid, port;
	uint16_t tcp;
	int rc;

	if (strcmp(argv[0], "status") == 0) {
		rc = relayctl_status(d->conf.socket, CLIENT_TIMEOUT_MS, print_line, &pr,
				     text, sizeof(text));
		if (rc < 0)
			fail(d, "status", rc, text);
		return 0;
	}
	if (argc != 3)
		fatalx(2, "%s: expected %s CID PORT", argv[0], argv[0]);
	cid = parse_u32_arg(argv[1], 0, 4294967294LL, "CID");
	port = parse_u32_arg(argv[2], 1, 4294967294LL, "port");
	if (strcmp(argv[0], "acquire") == 0) {
		rc = relayctl_acquire(d->conf.socket, cid, port, CLIENT_TIMEOUT_MS, &tcp,
				      text, sizeof(text));
		if (rc == 0)
			printf("%u\n", (unsigned)tcp);
	} else {
		rc = relayctl_release(d->conf.socket, cid, port, CLIENT_TIMEOUT_MS, text, sizeof(text));
	}
	if (rc < 0)
		fail(d, argv[0], rc, text);
	return 0;
}
