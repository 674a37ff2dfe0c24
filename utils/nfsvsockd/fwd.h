/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fwd.h: forward bytes both ways between pairs of connected stream sockets. */
#ifndef NV_FWD_H
#define NV_FWD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ev.h"

/*
 * A struct fwd holds all the forwarded pairs of one worker (one ev_loop, one
 * thread). For each pair it guarantees:
 *  - bytes arrive exactly and in order, both directions at once;
 *  - end of file read from one side becomes shutdown(SHUT_WR) on the other,
 *    after every byte read from that side has been written (half-close works);
 *  - a read or write error, or a reset, on either side closes both sides at
 *    once, each with SO_LINGER 0 so a TCP peer sees a reset rather than a
 *    clean end of file (vsock and AF_UNIX peers see end of file);
 *  - at most bufsize bytes are held per direction: a side that stops reading
 *    stops the engine reading from the other side;
 *  - an idle pair holds no data buffer and costs no CPU.
 * Sends use MSG_NOSIGNAL, so the copy mode never raises SIGPIPE and the
 * library never touches signal state. splice(2) into a socket cannot pass
 * MSG_NOSIGNAL: FWD_MODE_SPLICE therefore requires the program to ignore
 * SIGPIPE, and fwd_set_mode() refuses it (-EPERM) when SIGPIPE is not ignored.
 *
 * The sockets may be of any stream family (TCP, AF_UNIX, AF_VSOCK) and are made
 * nonblocking by fwd_add; TCP ones also get TCP_NODELAY unless switched off
 * (RPC is request/response: Nagle would hold back a record's last segment).
 * All functions return 0 or a negative errno and never print.
 */
struct fwd;

struct fwd_info {
	uint32_t cid;
	uint32_t vsock_port;
	uint16_t tcp_port;
	char role;		/* 'g' or 'h' */
	char peer[64];
	char local[64];
};

struct fwd_stats {
	uint64_t a_to_b, b_to_a;	/* bytes written to b, to a */
	struct timespec started;	/* CLOCK_REALTIME at fwd_add */
};

/* bufsize: the most held per direction; 0 means FWD_BUFSIZE_DEFAULT. */
#define FWD_BUFSIZE_DEFAULT (256 * 1024)
int fwd_new(struct fwd **out, struct ev_loop *loop, size_t bufsize);
/* Closes every pair (as fwd_close_all) and frees f. */
void fwd_free(struct fwd *f);
/* Takes ownership of both fds, even on failure. info may be NULL. */
int fwd_add(struct fwd *f, int fd_a, int fd_b, const struct fwd_info *info);
size_t fwd_count(const struct fwd *f);
/* cb sees every pair once; it must not add or close pairs. */
void fwd_foreach(const struct fwd *f,
		 void (*cb)(const struct fwd_info *, const struct fwd_stats *, void *),
		 void *arg);
/* Closes every pair without waiting for data in flight (clean shutdown:
 * plain close, no reset). The close callback runs with err -ECANCELED. */
void fwd_close_all(struct fwd *f);

/* ---- Added beyond the agreed interface ---- */

/* How bytes move. COPY: recv/send through a user buffer. SPLICE: splice(2)
 * through a pipe. Applies to pairs added afterwards; the default is COPY
 * (see bench/README.md for the measurements behind it). */
enum fwd_mode {
	FWD_MODE_COPY,
	FWD_MODE_SPLICE,
};
int fwd_set_mode(struct fwd *f, enum fwd_mode mode);
/* TCP_NODELAY on TCP sockets of pairs added afterwards; default on. */
void fwd_set_nodelay(struct fwd *f, int on);

/* Called once per pair as it ends, before its fds are closed: err is 0 after
 * end of file both ways, -ECANCELED from fwd_close_all/fwd_free, otherwise
 * the error that ended it. It may call fwd_close_all, not fwd_free. */
typedef void (*fwd_close_cb)(const struct fwd_info *info, const struct fwd_stats *st,
			     int err, void *arg);
void fwd_set_close_cb(struct fwd *f, fwd_close_cb cb, void *arg);

/* Memory held right now, for tests and status output. */
struct fwd_mem {
	size_t buffered;	/* bytes read and not yet written, all pairs */
	size_t bufs_busy;	/* data buffers (or pipes) owned by pairs */
	size_t bufs_cached;	/* free ones kept for reuse */
	size_t max_pair;	/* the most bytes any one pair holds */
};
void fwd_mem(const struct fwd *f, struct fwd_mem *m);
size_t fwd_buffered(const struct fwd *f);

#endif
