/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exports-bench-upcall.c: time rpc.mountd's answer to one upcall, per request, over a large etab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "mountd.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Requests come one a line on stdin, as "<cache> <request>". */
int main(int argc, char **argv)
{
	static char line[MOUNTD_REQ_MAX + 64], reply[MOUNTD_REPLY_MAX];
	struct mountd_ctx c = { .ttl = 1800 };
	size_t n = 0, cap = 1 << 16;
	double *t = malloc(cap * sizeof(*t));
	enum mountd_chan ch;

	if (argc != 2 || !t) {
		fprintf(stderr, "usage: %s ETAB <requests\n", argv[0]);
		return 2;
	}
	log_init("exports-bench-upcall", LOG_DEST_STDERR);
	snprintf(c.etab, sizeof(c.etab), "%s", argv[1]);
	mountd_table_refresh(&c);
	/* Each answer logs its decision, as the daemon does; the caller points
	 * stderr at /dev/null so a terminal's speed is not what gets measured. */
	while (fgets(line, sizeof(line), stdin) && n < cap) {
		char *sp = strchr(line, ' ');
		double t0;

		if (!sp)
			continue;
		*sp = '\0';
		sp[strcspn(sp + 1, "\n") + 1] = '\0';
		if (mountd_chan_parse(line, &ch) < 0)
			continue;
		t0 = now_us();
		mountd_answer(&c, ch, sp + 1, reply, sizeof(reply));
		t[n++] = now_us() - t0;
	}
	qsort(t, n, sizeof(*t), cmp);
	if (n)
		printf("upcalls=%zu median_us=%.1f p99_us=%.1f max_us=%.1f\n", n, t[n / 2],
		       t[(size_t)((double)n * 0.99)], t[n - 1]);
	mountd_table_free(&c);
	free(t);
	return 0;
}
