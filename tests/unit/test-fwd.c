/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-fwd.c: the forwarding engine, over AF_UNIX pairs and TCP on 127.0.0.1. */
#define T_SUITE "fwd"
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fwd.h"
#include "t.h"

/* Never AF_VSOCK here: this machine's /dev/vsock leads off the machine. */
enum kind { K_UNIX, K_TCP };

struct env {
	struct ev_loop *loop;
	struct fwd *f;
	int closes;
	int last_err;
	struct fwd_stats last;
};

/* One relayed connection: the test drives xa and ya, the engine owns the
 * other ends. */
struct conn {
	int xa, ya;
};

/* A byte stream with its position-dependent pattern, so a lost, doubled or
 * reordered byte shows up where it happens, plus a checksum of each end. */
struct stream {
	uint64_t seed, total, sent, got;
	uint32_t sum_tx, sum_rx;
	int bad;		/* offset of the first wrong byte + 1 */
	int shut_after;		/* shutdown(SHUT_WR) once everything is sent */
	int eof;		/* the reader saw end of file */
	int err;		/* the reader saw this error */
	size_t rx_max;		/* read at most this much per rx call (0: any) */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static uint8_t pat(uint64_t seed, uint64_t off)
{
	uint64_t x = ((off >> 3) + 1) * 0x9E3779B97F4A7C15ull ^ seed;

	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return (uint8_t)(x >> ((off & 7) * 8));
}

static uint32_t fnv(uint32_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void on_close(const struct fwd_info *info, const struct fwd_stats *st, int err,
		     void *arg)
{
	struct env *e = arg;

	e->closes++;
	e->last_err = err;
	e->last = *st;
}

static int env_new(struct env *e, size_t bufsize, enum fwd_mode mode)
{
	memset(e, 0, sizeof(*e));
	if (ev_loop_new(&e->loop) < 0)
		return -1;
	if (fwd_new(&e->f, e->loop, bufsize) < 0 || fwd_set_mode(e->f, mode) < 0)
		return -1;
	fwd_set_close_cb(e->f, on_close, e);
	return 0;
}

static void env_free(struct env *e)
{
	fwd_free(e->f);
	ev_loop_free(e->loop);
}

static int tcp_conn(int *app, int *eng)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int l, rc = -1;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	*app = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l >= 0 && *app >= 0 && bind(l, (struct sockaddr *)&sin, len) == 0 &&
	    listen(l, 1) == 0 && getsockname(l, (struct sockaddr *)&sin, &len) == 0 &&
	    connect(*app, (struct sockaddr *)&sin, len) == 0) {
		*eng = accept4(l, NULL, NULL, SOCK_CLOEXEC);
		rc = *eng >= 0 ? fcntl(*app, F_SETFL, O_NONBLOCK) : -1;
	}
	if (l >= 0)
		close(l);
	return rc;
}

static int mk_conn(enum kind k, int *app, int *eng)
{
	int sv[2];

	if (k == K_TCP)
		return tcp_conn(app, eng);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	*app = sv[0];
	*eng = sv[1];
	return fcntl(*app, F_SETFL, O_NONBLOCK);
}

/* Two connections joined by the engine; the engine ends are left blocking on
 * purpose: fwd_add must make them nonblocking. */
static int relay(struct env *e, enum kind k, struct conn *c, const struct fwd_info *info)
{
	int xe, ye;

	if (mk_conn(k, &c->xa, &xe) < 0 || mk_conn(k, &c->ya, &ye) < 0)
		return -1;
	return fwd_add(e->f, xe, ye, info);
}

static void conn_close(struct conn *c)
{
	close(c->xa);
	close(c->ya);
}

static void tx(int fd, struct stream *s)
{
	uint8_t buf[65536];
	size_t i, n;
	ssize_t w;

	while (s->sent < s->total) {
		n = s->total - s->sent < sizeof(buf) ? s->total - s->sent : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = pat(s->seed, s->sent + i);
		w = send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w <= 0)
			return;
		s->sum_tx = fnv(s->sum_tx, buf, (size_t)w);
		s->sent += (uint64_t)w;
	}
	if (s->shut_after == 1) {
		shutdown(fd, SHUT_WR);
		s->shut_after = 2;
	}
}

static void rx_check(struct stream *s, const uint8_t *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n && !s->bad; i++)
		if (buf[i] != pat(s->seed, s->got + i))
			s->bad = (int)(s->got + i + 1);
	s->sum_rx = fnv(s->sum_rx, buf, n);
	s->got += n;
}

static void rx(int fd, struct stream *s)
{
	uint8_t buf[65536];
	size_t want = s->rx_max ? s->rx_max : sizeof(buf);
	ssize_t n;

	while (!s->eof && !s->err) {
		n = recv(fd, buf, want, MSG_DONTWAIT);
		if (n == 0)
			s->eof = 1;
		else if (n < 0 && errno != EAGAIN)
			s->err = errno;
		if (n <= 0)
			return;
		rx_check(s, buf, (size_t)n);
		if (s->rx_max)
			return;
	}
}

static int stream_done(const struct stream *s)
{
	return s->got == s->total && (s->shut_after == 0 || s->eof);
}

/* Moves ab (xa to ya) and ba (ya to xa) at once until both are complete. */
static int run_streams(struct env *e, struct conn *c, struct stream *ab, struct stream *ba,
		       double max_ms)
{
	double end = now_ms() + max_ms;

	while (now_ms() < end) {
		tx(c->xa, ab);
		tx(c->ya, ba);
		ev_run_once(e->loop, 1);
		rx(c->ya, ab);
		rx(c->xa, ba);
		if (stream_done(ab) && stream_done(ba))
			return 0;
		if (ab->err || ba->err)
			return -1;
	}
	return -1;
}

static int stream_ok(const struct stream *s)
{
	return s->got == s->total && !s->bad && s->sum_rx == s->sum_tx && !s->err;
}

static void stats_cb(const struct fwd_info *info, const struct fwd_stats *st, void *arg)
{
	*(struct fwd_stats *)arg = *st;
}

#define NAME(buf, fmt, ...) (snprintf(buf, sizeof(buf), fmt, __VA_ARGS__), buf)

static const char *const kind_name[] = { "unix", "tcp" };
static const char *const mode_name[] = { "copy", "splice" };

static void test_transfer(enum kind k, enum fwd_mode m)
{
	struct stream ab = { .seed = 1, .total = 4 << 20 }, ba = { .seed = 2, .total = 3 << 20 };
	struct fwd_stats st = { 0 };
	struct fwd_mem mem;
	struct env e;
	struct conn c;
	char n[96], p[48];

	snprintf(p, sizeof(p), "transfer-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 65536, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	T_INT(run_streams(&e, &c, &ab, &ba, 3000), 0, NAME(n, "%s-complete", p));
	T_OK(stream_ok(&ab) && stream_ok(&ba), NAME(n, "%s-exact-checksum", p));
	fwd_foreach(e.f, stats_cb, &st);
	T_OK(st.a_to_b == ab.total && st.b_to_a == ba.total, NAME(n, "%s-stats", p));
	ev_run_once(e.loop, 0);
	fwd_mem(e.f, &mem);
	T_OK(mem.bufs_busy == 0 && mem.buffered == 0, NAME(n, "%s-idle-holds-no-buffer", p));
	/* Both ends finish writing: the pair must end by itself, cleanly. */
	ab.shut_after = ba.shut_after = 1;
	T_INT(run_streams(&e, &c, &ab, &ba, 1000), 0, NAME(n, "%s-eof-both-ways", p));
	T_OK(e.closes == 1 && e.last_err == 0 && fwd_count(e.f) == 0,
	     NAME(n, "%s-clean-close", p));
	T_OK(e.last.a_to_b == ab.total && e.last.b_to_a == ba.total,
	     NAME(n, "%s-close-stats", p));
	conn_close(&c);
	env_free(&e);
}

/* A request, then end of file, read slowly so that the engine holds data and
 * the end of file at once; then a reply larger than every buffer. */
static void test_half_close(enum kind k, enum fwd_mode m)
{
	struct stream req = { .seed = 3, .total = 1 << 20, .shut_after = 1, .rx_max = 4096 };
	struct stream rep = { .seed = 4, .total = 2 << 20, .shut_after = 1 }, none = { 0 };
	struct env e;
	struct conn c;
	char n[96], p[48];

	snprintf(p, sizeof(p), "half-close-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 65536, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	T_INT(run_streams(&e, &c, &req, &none, 3000), 0, NAME(n, "%s-request", p));
	T_OK(req.eof && stream_ok(&req), NAME(n, "%s-all-data-before-eof", p));
	T_INT(fwd_count(e.f), 1, NAME(n, "%s-stays-half-open", p));
	none = (struct stream){ 0 };
	T_INT(run_streams(&e, &c, &none, &rep, 3000), 0, NAME(n, "%s-reply", p));
	T_OK(rep.eof && stream_ok(&rep), NAME(n, "%s-full-reply", p));
	T_OK(e.closes == 1 && e.last_err == 0, NAME(n, "%s-clean-close", p));
	conn_close(&c);
	env_free(&e);
}

/* Offers a-to-b data without reading b until the engine stops taking it. */
static int fill_until_stalled(struct env *e, struct conn *c, struct stream *ab)
{
	double end = now_ms() + 2000;
	uint64_t before;
	int quiet = 0, n;

	while (quiet < 10 && now_ms() < end) {
		before = ab->sent;
		tx(c->xa, ab);
		n = ev_run_once(e->loop, 5);
		quiet = ab->sent == before && n == 0 ? quiet + 1 : 0;
	}
	return quiet >= 10 ? 0 : -1;
}

/* Reads until end of file or an error; returns 0 (EOF), the errno, or
 * -ETIMEDOUT. The loop keeps running meanwhile. */
static int drain_until_end(struct env *e, int fd, double max_ms)
{
	double end = now_ms() + max_ms;
	char buf[65536];
	ssize_t n;

	while (now_ms() < end) {
		ev_run_once(e->loop, 5);
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			;
		if (n == 0)
			return 0;
		if (errno != EAGAIN)
			return errno;
	}
	return -ETIMEDOUT;
}

/* A reset on one side, with bytes held toward the other: both must close. */
static void test_reset(enum kind k, enum fwd_mode m)
{
	static const struct linger l0 = { .l_onoff = 1, .l_linger = 0 };
	struct stream ab = { .seed = 5, .total = 64 << 20 }, ba = { .seed = 6, .total = 4096 };
	struct env e;
	struct conn c;
	char n[96], p[48];
	double t0;
	int rc;

	snprintf(p, sizeof(p), "reset-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 65536, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	/* b sends a little that a never reads: closing a then resets (AF_UNIX
	 * reports ECONNRESET for unread data, TCP sends RST with linger 0). */
	tx(c.ya, &ba);
	T_INT(fill_until_stalled(&e, &c, &ab), 0, NAME(n, "%s-engine-holds-data", p));
	setsockopt(c.xa, SOL_SOCKET, SO_LINGER, &l0, sizeof(l0));
	close(c.xa);
	t0 = now_ms();
	rc = drain_until_end(&e, c.ya, 1000);
	T_OK(rc == 0 || rc == ECONNRESET, NAME(n, "%s-far-end-sees-end", p));
	T_OK(now_ms() - t0 < 1000, NAME(n, "%s-promptly", p));
	T_OK(fwd_count(e.f) == 0 && e.closes == 1, NAME(n, "%s-both-closed", p));
	T_INT(e.last_err, -ECONNRESET, NAME(n, "%s-reason", p));
	close(c.ya);
	env_free(&e);
}

/* b's owner goes away entirely; a keeps writing: the write error must close
 * both sides, and a must see the end. */
static void test_write_error(enum kind k, enum fwd_mode m)
{
	struct stream ab = { .seed = 7, .total = 64 << 20 };
	struct env e;
	struct conn c;
	char n[96], p[48];
	double end;
	int rc;

	snprintf(p, sizeof(p), "write-error-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 65536, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	close(c.ya);
	end = now_ms() + 1000;
	while (fwd_count(e.f) > 0 && now_ms() < end) {
		tx(c.xa, &ab);
		ev_run_once(e.loop, 5);
	}
	T_INT(fwd_count(e.f), 0, NAME(n, "%s-both-closed", p));
	T_OK(e.last_err == -EPIPE || e.last_err == -ECONNRESET, NAME(n, "%s-reason", p));
	rc = drain_until_end(&e, c.xa, 500);
	T_OK(rc == 0 || rc == ECONNRESET, NAME(n, "%s-writer-sees-end", p));
	close(c.xa);
	env_free(&e);
}

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* While b does not read, the pair waits on the loop at no CPU cost and
 * another pair still flows. */
static void check_idle_wait(struct env *e, enum kind k, const char *p)
{
	struct stream x = { .seed = 9, .total = 1 << 20 }, y = { .seed = 10, .total = 1 << 20 };
	uint64_t d0 = ev_dispatched(e->loop);
	double t0 = now_ms(), c0 = cpu_ms();
	struct conn c2;
	char n[96];
	int i;

	for (i = 0; i < 4; i++)
		ev_run_once(e->loop, 50);
	T_OK(ev_dispatched(e->loop) - d0 <= 1, NAME(n, "%s-no-busy-loop-wakeups", p));
	T_OK(now_ms() - t0 >= 150 && cpu_ms() - c0 < 50, NAME(n, "%s-no-busy-loop-cpu", p));
	if (relay(e, k, &c2, NULL) < 0) {
		T_OK(0, NAME(n, "%s-other-pair-setup", p));
		return;
	}
	T_INT(run_streams(e, &c2, &x, &y, 2000), 0, NAME(n, "%s-other-pair-flows", p));
	T_OK(stream_ok(&x) && stream_ok(&y), NAME(n, "%s-other-pair-exact", p));
	conn_close(&c2);
}

static void test_backpressure(enum kind k, enum fwd_mode m)
{
	struct stream ab = { .seed = 8, .total = 64 << 20 }, none = { 0 };
	struct fwd_mem mem;
	struct env e;
	struct conn c;
	char n[96], p[48];

	snprintf(p, sizeof(p), "backpressure-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 65536, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	T_INT(fill_until_stalled(&e, &c, &ab), 0, NAME(n, "%s-writer-stalls", p));
	fwd_mem(e.f, &mem);
	t_report(mem.max_pair > 0 && mem.max_pair <= 65536, NAME(n, "%s-bounded", p),
		 "engine holds %zu bytes for the pair (limit 65536), writer got %llu in",
		 mem.max_pair, (unsigned long long)ab.sent);
	check_idle_wait(&e, k, p);
	/* The reader wakes up: all of it arrives, exactly, and then some. */
	ab.total = ab.sent + (1 << 20);
	T_INT(run_streams(&e, &c, &ab, &none, 3000), 0, NAME(n, "%s-resumes", p));
	T_OK(stream_ok(&ab), NAME(n, "%s-exact-after-resume", p));
	conn_close(&c);
	env_free(&e);
}

/* More bytes wait in the socket than one callback may move, and none arrive
 * later to raise another edge: the engine must come back by itself. TCP,
 * since an AF_UNIX reader's every read raises write space, which wakes the
 * engine while it waits for it. */
static void test_budget(enum fwd_mode m)
{
	struct stream ab = { .seed = 11, .total = 96 << 10 }, none = { 0 };
	struct timespec settle = { .tv_nsec = 20 * 1000 * 1000 };
	struct env e;
	struct conn c;
	char n[96];

	if (env_new(&e, 4096, m) < 0 || relay(&e, K_TCP, &c, NULL) < 0) {
		T_OK(0, NAME(n, "budget-%s-setup", mode_name[m]));
		return;
	}
	tx(c.xa, &ab);
	nanosleep(&settle, NULL);
	T_INT(ab.sent, ab.total, NAME(n, "budget-%s-preloaded", mode_name[m]));
	T_INT(run_streams(&e, &c, &ab, &none, 2000), 0, NAME(n, "budget-%s-all-moved", mode_name[m]));
	T_OK(stream_ok(&ab), NAME(n, "budget-%s-exact", mode_name[m]));
	conn_close(&c);
	env_free(&e);
}

#define MANY 1000

/* Runs the loop until fd has len bytes, collected into buf; 0 on time-out. */
static int pump_recv(struct env *e, int fd, char *buf, size_t len)
{
	double end = now_ms() + 1000;
	size_t got = 0;
	ssize_t n;

	while (got < len && now_ms() < end) {
		ev_run_once(e->loop, 10);
		n = recv(fd, buf + got, len - got, MSG_DONTWAIT);
		if (n > 0)
			got += (size_t)n;
		else if (n == 0)
			return 0;
	}
	return got == len;
}

/* Requests and replies, as an RPC client and server make them: each message
 * wakes the loop once, where it arrives, and never where the far end reads
 * it. A reader frees write space at the engine's sending socket (AF_UNIX on
 * every read; AF_VSOCK's credit update likewise), which must not cost a
 * wake-up while nothing waits to be sent. */
static void test_rpc_wakeups(enum kind k, enum fwd_mode m)
{
	char n[96], p[48], req[200], rep[300], buf[300];
	uint64_t d0;
	struct env e;
	struct conn c;
	int i, ok = 1, rounds = 20;

	snprintf(p, sizeof(p), "rpc-wakeups-%s-%s", kind_name[k], mode_name[m]);
	if (env_new(&e, 0, m) < 0 || relay(&e, k, &c, NULL) < 0) {
		T_OK(0, NAME(n, "%s-setup", p));
		return;
	}
	memset(req, 'q', sizeof(req));
	memset(rep, 'r', sizeof(rep));
	while (ev_run_once(e.loop, 20) > 0)
		;
	d0 = ev_dispatched(e.loop);
	for (i = 0; i < rounds && ok; i++) {
		ok = send(c.xa, req, sizeof(req), MSG_NOSIGNAL) == (ssize_t)sizeof(req) &&
		     pump_recv(&e, c.ya, buf, sizeof(req)) && memcmp(buf, req, sizeof(req)) == 0;
		/* The far end has read: give any write-space event time to come. */
		ev_run_once(e.loop, 5);
		ok = ok && send(c.ya, rep, sizeof(rep), MSG_NOSIGNAL) == (ssize_t)sizeof(rep) &&
		     pump_recv(&e, c.xa, buf, sizeof(rep)) && memcmp(buf, rep, sizeof(rep)) == 0;
		ev_run_once(e.loop, 5);
	}
	T_OK(ok, NAME(n, "%s-exchange", p));
	t_report(ev_dispatched(e.loop) - d0 == (uint64_t)(2 * rounds),
		 NAME(n, "%s-one-per-message", p), "%llu callbacks for %d messages",
		 (unsigned long long)(ev_dispatched(e.loop) - d0), 2 * rounds);
	conn_close(&c);
	env_free(&e);
}

static int raise_nofile(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	if (rl.rlim_cur >= want)
		return 0;
	rl.rlim_cur = want;
	if (rl.rlim_max < want)
		rl.rlim_max = want;	/* works as root; else the limit is too low */
	return setrlimit(RLIMIT_NOFILE, &rl);
}

static void many_msg(char *msg, size_t len, int i, int to_b)
{
	memset(msg, 0, len);
	snprintf(msg, len, "pair %d %s", i, to_b ? "ab" : "ba");
}

/* Sends a short message on every pair's a end (or b end) and waits until
 * each other end has it; returns how many arrived intact. */
static int many_exchange(struct env *e, struct conn *c, int to_b)
{
	uint8_t *done = calloc(MANY, 1);
	char msg[32], buf[64];
	double end = now_ms() + 2000;
	int i, got = 0, seen = 0;

	for (i = 0; done && i < MANY; i++) {
		many_msg(msg, sizeof(msg), i, to_b);
		send(to_b ? c[i].xa : c[i].ya, msg, sizeof(msg), MSG_NOSIGNAL);
	}
	while (done && seen < MANY && now_ms() < end) {
		ev_run_once(e->loop, 10);
		for (i = 0; i < MANY; i++) {
			if (done[i] ||
			    recv(to_b ? c[i].ya : c[i].xa, buf, sizeof(buf), MSG_DONTWAIT) != 32)
				continue;
			many_msg(msg, sizeof(msg), i, to_b);
			done[i] = 1;
			seen++;
			got += memcmp(buf, msg, sizeof(msg)) == 0;
		}
	}
	free(done);
	return got;
}

static void test_many(void)
{
	struct conn *c = calloc(MANY, sizeof(*c));
	struct fwd_mem mem;
	struct env e;
	char b;
	int i, ok = 1;

	if (!c || raise_nofile(4 * MANY + 64) < 0 || env_new(&e, 0, FWD_MODE_COPY) < 0) {
		T_OK(0, "many-setup");
		free(c);
		return;
	}
	for (i = 0; i < MANY && ok; i++)
		ok = relay(&e, K_UNIX, &c[i], NULL) == 0;
	T_OK(ok && fwd_count(e.f) == MANY && ev_count(e.loop) == 2 * MANY, "many-open");
	T_INT(many_exchange(&e, c, 1), MANY, "many-forward-ab");
	T_INT(many_exchange(&e, c, 0), MANY, "many-forward-ba");
	fwd_mem(e.f, &mem);
	T_OK(mem.bufs_busy == 0 && mem.bufs_cached <= 4, "many-idle-hold-no-buffers");
	fwd_close_all(e.f);
	T_OK(e.closes == MANY && e.last_err == -ECANCELED && fwd_count(e.f) == 0, "many-close-all");
	T_INT(recv(c[0].xa, &b, 1, MSG_DONTWAIT), 0, "many-closed-ends-see-eof");
	for (i = 0; i < MANY; i++)
		conn_close(&c[i]);
	free(c);
	env_free(&e);
}

static int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static void test_add_errors(void)
{
	struct fwd *f;
	struct env e;
	int sv[2];

	T_OK(env_new(&e, 0, FWD_MODE_COPY) == 0, "add-errors-setup");
	T_INT(fwd_new(&f, e.loop, (size_t)1 << 31), -EINVAL, "new-huge-buffer");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	T_INT(fwd_add(e.f, -1, sv[0], NULL), -EBADF, "add-bad-fd");
	T_OK(!fd_open(sv[0]), "add-bad-fd-still-owns");
	T_INT(fwd_add(e.f, sv[1], sv[1], NULL), -EBADF, "add-same-fd");
	T_OK(!fd_open(sv[1]), "add-same-fd-still-owns");
	T_INT(fwd_count(e.f), 0, "add-errors-count");
	env_free(&e);
}

static void info_cb(const struct fwd_info *info, const struct fwd_stats *st, void *arg)
{
	*(struct fwd_info *)arg = *info;
}

static void test_info(void)
{
	struct fwd_info in = { .cid = 3, .vsock_port = 700, .tcp_port = 2049, .role = 'h',
			       .peer = "vsock:3:700", .local = "[fd00::3]:700" }, out = { 0 };
	struct fwd_stats st = { 0 };
	struct env e;
	struct conn c;

	if (env_new(&e, 0, FWD_MODE_COPY) < 0 || relay(&e, K_UNIX, &c, &in) < 0) {
		T_OK(0, "info-setup");
		return;
	}
	fwd_foreach(e.f, info_cb, &out);
	T_OK(memcmp(&in, &out, sizeof(in)) == 0, "info-kept");
	fwd_foreach(e.f, stats_cb, &st);
	T_OK(st.started.tv_sec > 0 && labs(st.started.tv_sec - time(NULL)) <= 5, "info-started");
	conn_close(&c);
	env_free(&e);
}

static void suite(enum fwd_mode m)
{
	enum kind k;

	for (k = K_UNIX; k <= K_TCP; k++) {
		test_transfer(k, m);
		test_half_close(k, m);
		test_reset(k, m);
		test_write_error(k, m);
		test_backpressure(k, m);
		test_rpc_wakeups(k, m);
	}
	test_budget(m);
}

int main(void)
{
	struct env e;

	/* SIGPIPE keeps its default (fatal) action through the copy-mode tests:
	 * they show the engine never raises it. */
	signal(SIGPIPE, SIG_DFL);
	env_new(&e, 0, FWD_MODE_COPY);
	T_INT(fwd_set_mode(e.f, FWD_MODE_SPLICE), -EPERM, "splice-needs-sigpipe-ignored");
	test_add_errors();
	test_info();
	suite(FWD_MODE_COPY);
	test_many();
	signal(SIGPIPE, SIG_IGN);
	T_INT(fwd_set_mode(e.f, FWD_MODE_SPLICE), 0, "splice-allowed");
	env_free(&e);
	suite(FWD_MODE_SPLICE);
	return T_DONE();
}
