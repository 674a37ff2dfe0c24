/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-peer.c: the benchmark's two ends on loopback: a server and its clients. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The server serves three kinds of connection, chosen by the first byte:
 *   'S'  sink: read to end of file, then answer the byte count (8 bytes, LE);
 *   'E'  record echo: a 4-byte record size, then for each record of that size
 *        read in full, send one record back (request/response, as RPC does);
 *   'I'  idle: send one byte, then wait for end of file.
 * One thread per connection with blocking I/O: simple, and not what is
 * being measured.
 */
#define BULK_CHUNK (256 * 1024)

__attribute__((noreturn)) static void die(const char *what)
{
	fprintf(stderr, "bench-peer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static int dial(int port)
{
	struct sockaddr_in sin = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		die("connect");
	return fd;
}

static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			return n < 0 && errno == EINTR ? 0 : -1;
		got += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, (const char *)buf + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && errno != EINTR)
			return -1;
		done += n > 0 ? (size_t)n : 0;
	}
	return 0;
}

/* ---- server ---- */

static void serve_sink(int fd)
{
	char *buf = malloc(BULK_CHUNK);
	uint64_t count = 0;
	ssize_t n;

	while (buf && (n = read(fd, buf, BULK_CHUNK)) > 0)
		count += (uint64_t)n;
	write_full(fd, &count, sizeof(count));
	free(buf);
}

static void serve_echo(int fd)
{
	uint32_t size;
	char *rec;

	if (read_full(fd, &size, sizeof(size)) < 0 || size == 0 || size > (1u << 24))
		return;
	rec = malloc(size);
	while (rec && read_full(fd, rec, size) == 0 && write_full(fd, rec, size) == 0)
		;
	free(rec);
}

static void *serve_conn(void *arg)
{
	int fd = (int)(intptr_t)arg, one = 1;
	char op, b;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (read_full(fd, &op, 1) == 0) {
		if (op == 'S')
			serve_sink(fd);
		else if (op == 'E')
			serve_echo(fd);
		else if (op == 'I' && write_full(fd, "k", 1) == 0)
			while (read(fd, &b, 1) > 0)
				;
	}
	close(fd);
	return NULL;
}

static int cmd_server(const char *portfile)
{
	struct sockaddr_in sin = loopback(0);
	socklen_t len = sizeof(sin);
	pthread_attr_t attr;
	pthread_t t;
	FILE *pf;
	int l, c;

	raise_nofile();
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sin, len) < 0 || listen(l, 4096) < 0 ||
	    getsockname(l, (struct sockaddr *)&sin, &len) < 0)
		die("listen");
	pf = fopen(portfile, "w");
	if (!pf || fprintf(pf, "%d\n", ntohs(sin.sin_port)) < 0 || fclose(pf) != 0)
		die(portfile);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (;;) {
		c = accept4(l, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0 && errno != EINTR && errno != ECONNABORTED)
			die("accept");
		if (c >= 0 && pthread_create(&t, &attr, serve_conn, (void *)(intptr_t)c) != 0)
			close(c);
	}
}

/* ---- clients ---- */

/* Streams to a sink for `secs` seconds, or `bytes` bytes if non-zero; the time
 * runs until the server has confirmed the count, so nothing is left in
 * flight when the rate is computed. */
static int cmd_bulk(int port, double secs, uint64_t bytes)
{
	char *buf = calloc(1, BULK_CHUNK);
	uint64_t sent = 0, got = 0;
	double t0, end;
	int fd = dial(port);
	ssize_t n;

	if (!buf || write_full(fd, "S", 1) < 0)
		die("bulk");
	t0 = now_s();
	end = t0 + secs;
	while (bytes ? sent < bytes : now_s() < end) {
		n = send(fd, buf, bytes && bytes - sent < BULK_CHUNK ? bytes - sent : BULK_CHUNK,
			 MSG_NOSIGNAL);
		if (n < 0)
			die("send");
		sent += (uint64_t)n;
	}
	shutdown(fd, SHUT_WR);
	if (read_full(fd, &got, sizeof(got)) < 0 || got != sent) {
		fprintf(stderr, "bench-peer: sink counted %llu of %llu bytes\n",
			(unsigned long long)got, (unsigned long long)sent);
		return 1;
	}
	printf("mib_s=%.1f bytes=%llu secs=%.3f\n", sent / 1048576.0 / (now_s() - t0),
	       (unsigned long long)sent, now_s() - t0);
	free(buf);
	close(fd);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One record out, one back. split sends the request in two writes, as a
 * record that straddles two segments arrives: Nagle on a relay then holds
 * the second half until the first is acknowledged. */
static int round_trip(int fd, char *rec, uint32_t size, int split)
{
	uint32_t first = split ? size / 2 : size;

	if (write_full(fd, rec, first) < 0)
		return -1;
	if (first < size && write_full(fd, rec + first, size - first) < 0)
		return -1;
	return read_full(fd, rec, size);
}

static int cmd_rtt(int port, int count, uint32_t size, int split)
{
	double *lat = calloc((size_t)count, sizeof(double)), t0;
	char *rec = calloc(1, size + 1);
	int fd = dial(port), one = 1, i;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	rec[0] = 'E';
	memcpy(rec + 1, &size, sizeof(size));
	if (!lat || write_full(fd, rec, 1 + sizeof(size)) < 0)
		die("rtt");
	for (i = -count / 10; i < count; i++) {	/* the first tenth warms up */
		t0 = now_s();
		if (round_trip(fd, rec, size, split) < 0)
			die("round trip");
		if (i >= 0)
			lat[i] = (now_s() - t0) * 1e6;
	}
	qsort(lat, (size_t)count, sizeof(double), cmp_double);
	printf("median_us=%.2f p99_us=%.2f\n", lat[count / 2], lat[count * 99 / 100]);
	free(lat);
	free(rec);
	close(fd);
	return 0;
}

/* Holds `count` connections, each proven open end to end, until stdin ends. */
static int cmd_idle(int port, int count)
{
	int *fds = calloc((size_t)count, sizeof(int)), i;
	char b;

	raise_nofile();
	for (i = 0; fds && i < count; i++) {
		fds[i] = dial(port);
		if (write_full(fds[i], "I", 1) < 0 || read_full(fds[i], &b, 1) < 0)
			die("idle connection");
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &b, 1) > 0)
		;
	for (i = 0; fds && i < count; i++)
		close(fds[i]);
	free(fds);
	return 0;
}

static int cmd_freeport(void)
{
	struct sockaddr_in sin = loopback(0);
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
		die("freeport");
	printf("%d\n", ntohs(sin.sin_port));
	close(fd);
	return 0;
}

static int cmd_waitport(int port, int ms)
{
	struct sockaddr_in sin = loopback(port);
	struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
	int fd, i;

	for (i = 0; i < ms / 10; i++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
			close(fd);
			return 0;
		}
		close(fd);
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "bench-peer: nothing listens on 127.0.0.1:%d\n", port);
	return 1;
}

static void usage(void)
{
	fputs("usage: bench-peer server PORTFILE | freeport | waitport PORT MS\n"
	      "       bench-peer bulk PORT SECONDS [BYTES] | rtt PORT COUNT SIZE [split]\n"
	      "       bench-peer idle PORT COUNT\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "server") && argc == 3)
		return cmd_server(argv[2]);
	if (!strcmp(cmd, "freeport") && argc == 2)
		return cmd_freeport();
	if (!strcmp(cmd, "waitport") && argc == 4)
		return cmd_waitport(atoi(argv[2]), atoi(argv[3]));
	if (!strcmp(cmd, "bulk") && (argc == 4 || argc == 5))
		return cmd_bulk(atoi(argv[2]), atof(argv[3]),
				argc == 5 ? strtoull(argv[4], NULL, 10) : 0);
	if (!strcmp(cmd, "rtt") && (argc == 5 || argc == 6) && atoi(argv[3]) > 0)
		return cmd_rtt(atoi(argv[2]), atoi(argv[3]), (uint32_t)atoi(argv[4]), argc == 6);
	if (!strcmp(cmd, "idle") && argc == 4)
		return cmd_idle(atoi(argv[2]), atoi(argv[3]));
	usage();
	return 2;
}
