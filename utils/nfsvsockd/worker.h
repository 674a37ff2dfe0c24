/* SPDX-License-Identifier: GPL-2.0-or-later */
/* worker.h: the worker's state, shared by worker.c (loop), host.c and guest.c (accepting). */
#ifndef NVD_WORKER_H
#define NVD_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "ev.h"
#include "fwd.h"
#include "nfsvsockd.h"

struct worker;

/* A listener the worker accepts on; own holds endpoint listeners, which
 * come and go, while host listeners point into the parent's table. */
struct wlisten {
	struct worker *w;
	struct nvd_listener *l;
	struct nvd_listener own;
	struct wlisten *next;
};

/* A connection accepted, whose outgoing side is still connecting: its
 * accepted socket is not read meanwhile, so nothing is taken from the
 * peer that could then be lost. */
struct pending {
	struct worker *w;
	int a, b;
	struct fwd_info info;
	long long deadline_ms;
	struct pending *next;
};

struct statout;

#define DENIED_MEMORY 32

struct worker {
	struct nvd *d;
	struct ev_loop *loop;
	struct fwd *fwd;
	struct wlisten *ls;
	struct pending *pend;
	size_t npend;
	struct statout *outs;
	struct { uint32_t cid; long long at_ms; } denied[DENIED_MEMORY];
	size_t denied_next;
	long long full_logged_ms, err_logged_ms;
};

/* Room for one more connection under max-connections; logs (rate-limited) when not. */
bool worker_has_room(struct worker *w);
/* Hand a connected pair to the engine, or wait for b's connect to finish. */
void worker_forward(struct worker *w, int a, int b, const struct fwd_info *info);
void worker_pending_add(struct worker *w, int a, int b, const struct fwd_info *info);
/* True once a minute per reason: keeps a flood from flooding the log. */
bool worker_log_once(long long *last_ms);

/* host.c, guest.c: accept everything waiting on one listener. */
void host_accept(struct worker *w, struct wlisten *wl);
void guest_accept(struct worker *w, struct wlisten *wl);

#endif
