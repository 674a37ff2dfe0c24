/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ev.h: a small single-threaded epoll loop with per-fd callbacks. */
#ifndef NV_EV_H
#define NV_EV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

/*
 * One loop per thread; nothing here takes a lock. Every function returns 0 (or
 * a count) on success and a negative errno on failure, and never prints.
 *
 * Callbacks may call ev_add, ev_mod and ev_del on any fd, including their own
 * and fds whose events are still pending in the batch being dispatched: an
 * event is delivered only if the fd is still registered under the same
 * registration it was reported for, so a closed fd whose number is reused by
 * a new ev_add in the same batch never sees the old fd's events.
 * ev_run_once itself is not reentrant.
 */
struct ev_loop;
typedef void (*ev_cb)(struct ev_loop *loop, int fd, uint32_t events, void *arg);

int ev_loop_new(struct ev_loop **out);
/* Closes the epoll fd; the registered fds stay open (their owners close them). */
void ev_loop_free(struct ev_loop *loop);

/* events: EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLET, ... as for epoll_ctl.
 * -EEXIST if fd is already registered, -EBADF if fd < 0. */
int ev_add(struct ev_loop *loop, int fd, uint32_t events, ev_cb cb, void *arg);
/* Changes the interest set. With EPOLLET this also re-arms the fd: the kernel
 * re-polls it and reports it again if it is ready now. -ENOENT if unknown. */
int ev_mod(struct ev_loop *loop, int fd, uint32_t events);
/* Forgets fd: no further callback for it, even from the current batch. Call
 * it before close(fd). An epoll_ctl failure because fd was already closed is
 * not reported (the kernel drops closed fds by itself). -ENOENT if unknown. */
int ev_del(struct ev_loop *loop, int fd);

/* Waits up to timeout_ms (-1: forever) for one epoll_wait batch and
 * dispatches it. Returns the number of callbacks made, 0 on timeout or
 * EINTR (so a signal flag can be checked), or -errno. */
int ev_run_once(struct ev_loop *loop, int timeout_ms);

/* Latency option: like ev_run_once, but when the previous call handled
 * events, first polls without sleeping for up to spin_us microseconds. A
 * reply that comes back within that time is taken without going to sleep
 * and being woken, which costs 10-20 us per hop on a virtual machine (see
 * bench/README.md). It spends up to spin_us of CPU after each busy batch and
 * none while idle. spin_us 0 is ev_run_once. */
int ev_run_spin(struct ev_loop *loop, int timeout_ms, unsigned int spin_us);

/* Added for tests and status output. */
size_t ev_count(const struct ev_loop *loop);      /* fds registered */
uint32_t ev_events(const struct ev_loop *loop, int fd); /* fd's interest set; 0 if not registered */
uint64_t ev_wakeups(const struct ev_loop *loop);  /* epoll_wait calls that returned events */
uint64_t ev_dispatched(const struct ev_loop *loop); /* callbacks made, ever */

#endif
