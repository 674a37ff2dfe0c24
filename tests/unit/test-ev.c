/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-ev.c: the epoll loop: dispatch, errors, deletion from inside callbacks. */
#define T_SUITE "ev"
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"
#include "t.h"

/* What the callbacks saw; one per test, passed as the callback argument. */
struct seen {
	int calls;
	int fd;
	uint32_t events;
	int victim;		/* fd that del_other_cb removes */
	int reuse_with;		/* fd dup2'ed onto the victim's number, or -1 */
	struct seen *other;	/* counts for the callback registered after reuse */
};

static void count_cb(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	s->fd = fd;
	s->events = events;
}

/* Deletes (and closes) another fd whose event may be pending in this batch;
 * optionally puts a new socket under the same number and registers it. */
static void del_other_cb(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	if (s->victim < 0)
		return;
	ev_del(loop, s->victim);
	close(s->victim);
	if (s->reuse_with >= 0) {
		dup2(s->reuse_with, s->victim);
		ev_add(loop, s->victim, EPOLLIN, count_cb, s->other);
	}
	s->victim = -1;
}

static void del_self_cb(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	T_INT(ev_del(loop, fd), 0, "del-self-rc");
	close(fd);
}

static int readable_pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
		return -1;
	return write(sv[0], "x", 1) == 1 ? 0 : -1;
}

static void test_basics(void)
{
	struct ev_loop *loop;
	struct seen s = { 0 };
	int sv[2];

	T_INT(ev_loop_new(&loop), 0, "new");
	T_INT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0, "socketpair");
	T_INT(ev_add(loop, sv[1], EPOLLIN, count_cb, &s), 0, "add");
	T_INT(ev_add(loop, sv[1], EPOLLIN, count_cb, &s), -EEXIST, "add-twice");
	T_INT(ev_add(loop, -1, EPOLLIN, count_cb, &s), -EBADF, "add-bad-fd");
	T_INT(ev_mod(loop, 999, EPOLLIN), -ENOENT, "mod-unknown");
	T_INT(ev_del(loop, 999), -ENOENT, "del-unknown");
	T_INT(ev_count(loop), 1, "count");
	T_INT(ev_events(loop, sv[1]), EPOLLIN, "events");
	T_INT(ev_events(loop, sv[0]), 0, "events-unregistered");
	T_INT(ev_events(loop, -1), 0, "events-bad-fd");
	T_INT(ev_run_once(loop, 0), 0, "nothing-ready");
	T_INT(write(sv[0], "ab", 2), 2, "write");
	T_INT(ev_run_once(loop, 1000), 1, "dispatch-one");
	T_OK(s.calls == 1 && s.fd == sv[1] && (s.events & EPOLLIN), "callback-args");
	T_INT(ev_mod(loop, sv[1], EPOLLOUT), 0, "mod");
	T_INT(ev_events(loop, sv[1]), EPOLLOUT, "mod-kept");
	s.calls = 0;
	T_INT(ev_run_once(loop, 1000), 1, "mod-dispatch");
	T_OK(s.calls == 1 && (s.events & EPOLLOUT) && !(s.events & EPOLLIN), "mod-events");
	T_INT(ev_del(loop, sv[1]), 0, "del");
	T_INT(ev_count(loop), 0, "count-after-del");
	T_OK(ev_wakeups(loop) == 2 && ev_dispatched(loop) == 2, "counters");
	close(sv[0]);
	close(sv[1]);
	ev_loop_free(loop);
}

/* Two fds ready in one batch; whichever runs first deletes the other, whose
 * pending event must then be dropped. */
static void test_del_pending(int reuse)
{
	struct ev_loop *loop;
	struct seen a = { .victim = -1, .reuse_with = -1 }, b = a, fresh = { 0 };
	int p1[2], p2[2], spare[2];

	ev_loop_new(&loop);
	if (readable_pair(p1) < 0 || readable_pair(p2) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, spare) < 0) {
		T_OK(0, reuse ? "del-reuse-setup" : "del-pending-setup");
		return;
	}
	/* Both victims point at the other's fd; the first to run disarms both. */
	a.victim = p2[1];
	b.victim = p1[1];
	a.reuse_with = b.reuse_with = reuse ? spare[0] : -1;
	a.other = b.other = &fresh;
	ev_add(loop, p1[1], EPOLLIN, del_other_cb, &a);
	ev_add(loop, p2[1], EPOLLIN, del_other_cb, &b);
	T_INT(ev_run_once(loop, 1000), 1, reuse ? "del-reuse-one-call" : "del-pending-one-call");
	T_INT(a.calls + b.calls, 1, reuse ? "del-reuse-victim-silent" : "del-pending-victim-silent");
	if (reuse)
		T_INT(fresh.calls, 0, "del-reuse-no-stale-event");
	close(p1[0]);
	close(p2[0]);
	close(p1[1]);
	close(p2[1]);	/* one of them is closed already; EBADF is harmless here */
	close(spare[0]);
	close(spare[1]);
	ev_loop_free(loop);
}

static void test_del_self(void)
{
	struct ev_loop *loop;
	struct seen s = { 0 };
	int sv[2];

	ev_loop_new(&loop);
	readable_pair(sv);
	ev_add(loop, sv[1], EPOLLIN | EPOLLOUT, del_self_cb, &s);
	T_INT(ev_run_once(loop, 1000), 1, "del-self-dispatch");
	T_INT(ev_run_once(loop, 0), 0, "del-self-quiet");
	T_INT(s.calls, 1, "del-self-calls");
	T_INT(ev_count(loop), 0, "del-self-count");
	close(sv[0]);
	ev_loop_free(loop);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_timeout_and_eintr(void)
{
	struct ev_loop *loop;
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	double t0;
	int rc;

	ev_loop_new(&loop);
	t0 = now_ms();
	T_INT(ev_run_once(loop, 30), 0, "timeout-rc");
	T_OK(now_ms() - t0 >= 25, "timeout-waited");
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = now_ms();
	rc = ev_run_once(loop, 2000);
	T_INT(rc, 0, "eintr-is-zero");
	T_OK(now_ms() - t0 < 1000, "eintr-returns-early");
	ev_loop_free(loop);
}

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* Spinning catches events, and never happens while the loop is idle. */
static void test_spin(void)
{
	struct ev_loop *loop;
	struct seen s = { 0 };
	double t0, c0;
	int sv[2];
	char b;

	ev_loop_new(&loop);
	readable_pair(sv);
	ev_add(loop, sv[1], EPOLLIN, count_cb, &s);
	T_INT(ev_run_spin(loop, 1000, 1000), 1, "spin-dispatch");
	/* Level-triggered stays ready: drain it so the loop goes idle. The
	 * first wait below follows a busy batch, so it spins, then sleeps. */
	T_INT(read(sv[1], &b, 1), 1, "spin-drain");
	t0 = now_ms();
	T_INT(ev_run_spin(loop, 30, 20000), 0, "spin-then-timeout");
	T_OK(now_ms() - t0 >= 25, "spin-timeout-waited");
	t0 = now_ms();
	c0 = cpu_ms();
	T_INT(ev_run_spin(loop, 60, 1000000), 0, "spin-idle-rc");
	t_report(now_ms() - t0 >= 50 && cpu_ms() - c0 < 20, "spin-not-while-idle",
		 "waited %.1f ms using %.1f ms of CPU", now_ms() - t0, cpu_ms() - c0);
	close(sv[0]);
	close(sv[1]);
	ev_loop_free(loop);
}

int main(void)
{
	test_basics();
	test_del_pending(0);
	test_del_pending(1);
	test_del_self();
	test_timeout_and_eintr();
	test_spin();
	return T_DONE();
}
