/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.c: format the STATUS lines: the daemon, its endpoints, its connections. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

static int done(int n, size_t len)
{
	return n < 0 ? -EINVAL : (size_t)n >= len ? -ENOSPC : n;
}

int status_daemon_line(char *buf, size_t len, const struct nvd *d, pid_t pid,
		       pid_t worker)
{
	static const char *const guard[] = { "off", "on", "failed" };
	char w[16] = "none";

	if (worker > 0)
		snprintf(w, sizeof(w), "%d", (int)worker);
	if (d->conf.role == NVD_GUEST)
		return done(snprintf(buf, len, "daemon role=guest pid=%d worker=%s restarts=%u\n",
				     (int)pid, w, d->restarts), len);
	return done(snprintf(buf, len, "daemon role=host pid=%d worker=%s restarts=%u guard=%s\n",
			     (int)pid, w, d->restarts, guard[d->guard]), len);
}

int status_endpoint_line(char *buf, size_t len, const struct endpoint *e)
{
	return done(snprintf(buf, len, "endpoint cid=%" PRIu32 " port=%" PRIu32
			     " tcp=127.0.0.1:%u refs=%u\n", e->cid, e->port,
			     (unsigned)e->tcp_port, e->refs), len);
}

int status_endpoint_parse(const char *line, struct endpoint *e)
{
	unsigned int cid, port, tcp, refs;
	int end = -1;

	/* %u takes "-1" as UINT_MAX: no sign is valid anywhere in the line. */
	if (strchr(line, '-') || strchr(line, '+'))
		return -EINVAL;
	if (sscanf(line, "endpoint cid=%u port=%u tcp=127.0.0.1:%u refs=%u%n", &cid, &port, &tcp,
		   &refs, &end) != 4 || end < 0 || (line[end] != '\0' && strcmp(line + end, "\n")))
		return -EINVAL;
	if (tcp == 0 || tcp > 65535 || refs == 0)
		return -EINVAL;
	*e = (struct endpoint){ cid, port, -1, (uint16_t)tcp, refs };
	return 0;
}

int status_conn_line(char *buf, size_t len, const struct fwd_info *info,
		     const struct fwd_stats *st, const struct timespec *now)
{
	long long age = (long long)(now->tv_sec - st->started.tv_sec);

	if (age < 0)
		age = 0;	/* CLOCK_REALTIME may step back */
	return done(snprintf(buf, len, "conn role=%s cid=%" PRIu32 " peer=%s local=%s age=%lld"
			     " to_server=%" PRIu64 " to_client=%" PRIu64 "\n",
			     info->role == 'g' ? "guest" : "host", info->cid, info->peer,
			     info->local, age, st->a_to_b, st->b_to_a), len);
}
