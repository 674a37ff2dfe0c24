/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-cachereq.c: one cache-channel request line through cache_get_word and rpc.mountd's answering code. */
#include <errno.h>
#include <unistd.h>

#include "cacheio.h"
#include "fuzz.h"
#include "mountd.h"

/* A small etab: clients of each kind, so requests reach the matching code.
 * The paths exist on every machine, so nfsd.fh requests can stat them. */
static const char etab_text[] =
	"/tmp\t*(rw,no_root_squash,insecure)\n"
	"/tmp\tvsock:3(ro,fsid=7)\n"
	"/\tvsock:*(ro,fsid=0,crossmnt)\n"
	"/usr\t10.0.0.0/8(rw,sec=sys:krb5)\n"
	"/var\t@netgroup(ro)\n";

static struct mountd_ctx c = { .ttl = 1800, .fixed_now = 1000 };

/* Each process (each replayed input runs in its own) cleans up its file. */
static void remove_etab(void)
{
	unlink(c.etab);
}

static struct mountd_ctx *ctx(void)
{
	static int ready;
	FILE *f;
	int fd;

	if (ready)
		return &c;
	snprintf(c.etab, sizeof(c.etab), "/tmp/nv-fuzz-etab.XXXXXX");
	fd = mkstemp(c.etab);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f || fputs(etab_text, f) < 0 || fclose(f) != 0)
		abort();
	atexit(remove_etab);
	mountd_table_refresh(&c);
	ready = 1;
	return &c;
}

/* The word decoder alone: lengths stay within the buffer and the cursor moves. */
static void check_words(const char *line)
{
	char w[64];
	int n;

	for (int i = 0; i < 64; i++) {
		const char *before = line;

		n = cache_get_word(&line, w, sizeof(w));
		if (n == -ENOENT)
			break;
		FUZZ_CHECK(n == -ENOSPC || n == -EINVAL || (n >= 0 && (size_t)n < sizeof(w)));
		if (n >= 0)
			FUZZ_CHECK(line > before);
		else
			break;
	}
}

/* The first byte picks the channel; the rest is the line as the kernel
 * would write it (without the newline). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char reply[MOUNTD_REPLY_MAX];
	enum mountd_chan ch;
	char *line;
	int n;

	if (size < 1 || size > MOUNTD_REQ_MAX)
		return 0;
	ch = (enum mountd_chan)(data[0] % CHAN_COUNT);
	line = fuzz_cstr(data + 1, size - 1);
	check_words(line);
	n = mountd_answer(ctx(), ch, line, reply, sizeof(reply));
	FUZZ_CHECK(n >= 0 && (size_t)n < sizeof(reply));
	if (n > 0)
		FUZZ_CHECK(reply[n - 1] == '\n' && memchr(reply, '\n', (size_t)n) == reply + n - 1);
	n = mountd_negative(ctx(), ch, line, reply, sizeof(reply));
	FUZZ_CHECK(n >= 0 && (size_t)n < sizeof(reply));
	free(line);
	return 0;
}
