/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ev.c: a small single-threaded epoll loop with per-fd callbacks. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"

/* Events taken from the kernel per epoll_wait: enough that 1,000 busy
 * connections cost a handful of calls, small enough to live in the loop. */
#define EV_BATCH 128

/*
 * The table is indexed by fd, so lookups cost nothing and there is no
 * allocation per registration. Each registration gets a fresh generation
 * number, which travels with its events in epoll_data: an event whose
 * generation no longer matches the slot belongs to a registration that was
 * deleted (and perhaps replaced) while the batch was being dispatched.
 */
struct ev_slot {
	ev_cb cb;		/* NULL: fd not registered */
	void *arg;
	uint32_t gen;
	uint32_t events;
};

struct ev_loop {
	int epfd;
	uint32_t gen;
	struct ev_slot *slots;
	size_t nslots;
	size_t nfds;
	uint64_t wakeups;
	uint64_t dispatched;
	int last_done;		/* callbacks made by the previous run */
	struct epoll_event evs[EV_BATCH];
};

int ev_loop_new(struct ev_loop **out)
{
	struct ev_loop *loop;

	*out = NULL;
	loop = calloc(1, sizeof(*loop));
	if (!loop)
		return -ENOMEM;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int err = -errno;

		free(loop);
		return err;
	}
	*out = loop;
	return 0;
}

void ev_loop_free(struct ev_loop *loop)
{
	if (!loop)
		return;
	close(loop->epfd);
	free(loop->slots);
	free(loop);
}

/* Grows the table so that fd is a valid index; doubles to keep adds O(1). */
static int slots_reserve(struct ev_loop *loop, int fd)
{
	size_t want = (size_t)fd + 1, n = loop->nslots ? loop->nslots : 64;
	struct ev_slot *s;

	if (want <= loop->nslots)
		return 0;
	while (n < want)
		n *= 2;
	s = realloc(loop->slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(s + loop->nslots, 0, (n - loop->nslots) * sizeof(*s));
	loop->slots = s;
	loop->nslots = n;
	return 0;
}

static struct ev_slot *slot_of(const struct ev_loop *loop, int fd)
{
	if (fd < 0 || (size_t)fd >= loop->nslots || !loop->slots[fd].cb)
		return NULL;
	return &loop->slots[fd];
}

static int ctl(struct ev_loop *loop, int op, int fd, uint32_t events, uint32_t gen)
{
	struct epoll_event ev = { .events = events };

	ev.data.u64 = (uint64_t)gen << 32 | (uint32_t)fd;
	return epoll_ctl(loop->epfd, op, fd, &ev) < 0 ? -errno : 0;
}

int ev_add(struct ev_loop *loop, int fd, uint32_t events, ev_cb cb, void *arg)
{
	struct ev_slot *s;
	int rc;

	if (fd < 0 || !cb)
		return fd < 0 ? -EBADF : -EINVAL;
	if (slot_of(loop, fd))
		return -EEXIST;
	rc = slots_reserve(loop, fd);
	if (rc < 0)
		return rc;
	rc = ctl(loop, EPOLL_CTL_ADD, fd, events, loop->gen + 1);
	if (rc < 0)
		return rc;
	s = &loop->slots[fd];
	s->gen = ++loop->gen;
	s->cb = cb;
	s->arg = arg;
	s->events = events;
	loop->nfds++;
	return 0;
}

int ev_mod(struct ev_loop *loop, int fd, uint32_t events)
{
	struct ev_slot *s = slot_of(loop, fd);
	int rc;

	if (!s)
		return -ENOENT;
	rc = ctl(loop, EPOLL_CTL_MOD, fd, events, s->gen);
	if (rc == 0)
		s->events = events;
	return rc;
}

int ev_del(struct ev_loop *loop, int fd)
{
	struct ev_slot *s = slot_of(loop, fd);

	if (!s)
		return -ENOENT;
	/* EBADF/ENOENT only mean the fd was closed first: nothing left to undo. */
	(void)ctl(loop, EPOLL_CTL_DEL, fd, 0, s->gen);
	memset(s, 0, sizeof(*s));
	loop->nfds--;
	return 0;
}

int ev_run_once(struct ev_loop *loop, int timeout_ms)
{
	int n, i, done = 0;

	n = epoll_wait(loop->epfd, loop->evs, EV_BATCH, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n > 0)
		loop->wakeups++;
	for (i = 0; i < n; i++) {
		uint64_t d = loop->evs[i].data.u64;
		int fd = (int)(uint32_t)d;
		struct ev_slot *s = slot_of(loop, fd);

		/* Deleted, or deleted and re-added, by an earlier callback. */
		if (!s || s->gen != (uint32_t)(d >> 32))
			continue;
		s->cb(loop, fd, loop->evs[i].events, s->arg);
		done++;
	}
	loop->dispatched += (uint64_t)done;
	loop->last_done = done;
	return done;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int ev_run_spin(struct ev_loop *loop, int timeout_ms, unsigned int spin_us)
{
	uint64_t end;
	int n;

	/* Spin only right after work: an idle loop goes straight to sleep. */
	if (spin_us == 0 || loop->last_done == 0)
		return ev_run_once(loop, timeout_ms);
	end = now_us() + spin_us;
	do {
		n = ev_run_once(loop, 0);
		if (n != 0)
			return n;
	} while (now_us() < end);
	return ev_run_once(loop, timeout_ms);
}

uint32_t ev_events(const struct ev_loop *loop, int fd)
{
	const struct ev_slot *s = slot_of(loop, fd);

	return s ? s->events : 0;
}

size_t ev_count(const struct ev_loop *loop)
{
	return loop->nfds;
}

uint64_t ev_wakeups(const struct ev_loop *loop)
{
	return loop->wakeups;
}

uint64_t ev_dispatched(const struct ev_loop *loop)
{
	return loop->dispatched;
}
