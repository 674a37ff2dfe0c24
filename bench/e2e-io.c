/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * e2e-io.c: the timed workloads of bench/e2e, run in the QEMU guest on an NFS
 * mount. One process per workload, timed inside it with CLOCK_MONOTONIC, so
 * the slow process start-up under TCG stays out of the figures. Each command
 * prints one figure on stdout; errors go to stderr with exit status 1.
 *
 *   e2e-io now                      seconds since boot, for timing from the shell
 *   e2e-io write FILE MIB           MiB/s: MIB MiB in 1 MiB writes, fsync included
 *   e2e-io read FILE                MiB/s: the whole file in 1 MiB reads
 *   e2e-io randread FILE N          IOPS: N 4 KiB O_DIRECT reads at random offsets
 *   e2e-io meta DIR N               ops/s: create, stat, rename, unlink N files
 *                                   (4 * N operations; the four phases go to stderr)
 *
 * Built by bench/e2e with the host's cc; not part of the project's build.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024 * 1024)
#define BLK 4096

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what, const char *name)
{
	fprintf(stderr, "e2e-io: %s %s: %s\n", what, name, strerror(errno));
	return 1;
}

/* Bytes that do not compress, so no layer can shortcut them. */
static void fill(unsigned char *buf, size_t len, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = seed >> 56;
	}
}

static int do_write(const char *name, long mib)
{
	unsigned char *buf = malloc(MIB);
	double t0, t;
	long i;
	int fd;

	if (!buf)
		return fail("malloc", "");
	fill(buf, MIB, 1);
	t0 = now();
	fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail("open", name);
	for (i = 0; i < mib; i++) {
		buf[0] = i;	/* each block its own */
		if (write(fd, buf, MIB) != MIB)
			return fail("write", name);
	}
	if (fsync(fd) < 0 || close(fd) < 0)
		return fail("fsync/close", name);
	t = now() - t0;
	printf("%.2f\n", mib / t);
	free(buf);
	return 0;
}

static int do_read(const char *name)
{
	unsigned char *buf = malloc(MIB);
	long long total = 0;
	double t0, t;
	ssize_t n;
	int fd;

	if (!buf)
		return fail("malloc", "");
	t0 = now();
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return fail("open", name);
	while ((n = read(fd, buf, MIB)) > 0)
		total += n;
	if (n < 0)
		return fail("read", name);
	close(fd);
	t = now() - t0;
	if (!total) {
		fprintf(stderr, "e2e-io: %s is empty\n", name);
		return 1;
	}
	printf("%.2f\n", total / (double)MIB / t);
	free(buf);
	return 0;
}

/* O_DIRECT: every read is one READ RPC, not a page-cache hit or readahead. */
static int do_randread(const char *name, long n)
{
	uint64_t seed = 12345, blocks;
	struct stat st;
	double t0, t;
	void *buf;
	long i;
	int fd;

	if (posix_memalign(&buf, BLK, BLK))
		return fail("posix_memalign", "");
	fd = open(name, O_RDONLY | O_DIRECT);
	if (fd < 0)
		return fail("open", name);
	if (fstat(fd, &st) < 0)
		return fail("fstat", name);
	blocks = st.st_size / BLK;
	if (!blocks) {
		fprintf(stderr, "e2e-io: %s is smaller than one block\n", name);
		return 1;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (pread(fd, buf, BLK, (off_t)((seed >> 17) % blocks) * BLK) != BLK)
			return fail("pread", name);
	}
	t = now() - t0;
	close(fd);
	printf("%.1f\n", n / t);
	free(buf);
	return 0;
}

static int do_meta(const char *dir, long n)
{
	static const char *const phase[] = { "create", "stat", "rename", "unlink" };
	char a[4096], b[4096];
	double t0, t[4], sum = 0;
	struct stat st;
	long i;
	int p, fd;

	for (p = 0; p < 4; p++) {
		t0 = now();
		for (i = 0; i < n; i++) {
			snprintf(a, sizeof(a), "%s/f%ld", dir, i);
			snprintf(b, sizeof(b), "%s/g%ld", dir, i);
			switch (p) {
			case 0:
				fd = open(a, O_WRONLY | O_CREAT | O_EXCL, 0644);
				if (fd < 0 || close(fd) < 0)
					return fail("create", a);
				break;
			case 1:
				if (stat(a, &st) < 0)
					return fail("stat", a);
				break;
			case 2:
				if (rename(a, b) < 0)
					return fail("rename", a);
				break;
			default:
				if (unlink(b) < 0)
					return fail("unlink", b);
			}
		}
		t[p] = now() - t0;
		sum += t[p];
	}
	fprintf(stderr, "e2e-io: meta %ld files: %s %.2f s, %s %.2f s, %s %.2f s, %s %.2f s\n",
		n, phase[0], t[0], phase[1], t[1], phase[2], t[2], phase[3], t[3]);
	printf("%.1f\n", 4 * n / sum);
	return 0;
}

static long count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 ? v : -1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "now") && argc == 2) {
		printf("%.6f\n", now());
		return 0;
	}
	if (!strcmp(cmd, "write") && argc == 4 && count(argv[3]) > 0)
		return do_write(argv[2], count(argv[3]));
	if (!strcmp(cmd, "read") && argc == 3)
		return do_read(argv[2]);
	if (!strcmp(cmd, "randread") && argc == 4 && count(argv[3]) > 0)
		return do_randread(argv[2], count(argv[3]));
	if (!strcmp(cmd, "meta") && argc == 4 && count(argv[3]) > 0)
		return do_meta(argv[2], count(argv[3]));
	fprintf(stderr, "usage: e2e-io now | write FILE MIB | read FILE | randread FILE N | "
		"meta DIR N\n");
	return 2;
}
