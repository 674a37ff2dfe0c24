/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fwd.c: forward bytes both ways between pairs of connected stream sockets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fwd.h"

/*
 * Edge-triggered, and the pair remembers what the kernel last said was
 * possible (rd, wr). Backpressure costs no epoll_ctl: the engine simply does
 * not read while a direction's buffer is full, and an edge-triggered fd does
 * not wake the loop again for data it already reported.
 *
 * EPOLLOUT is asked for only after a send found the socket full, and dropped
 * again when write space is reported with nothing left to send. A socket is
 * assumed writable until a send says otherwise. Watching EPOLLOUT all the
 * time would wake the loop for nothing once per request: AF_VSOCK (virtio,
 * Linux 6.1) sends a credit update to the writer each time the reader
 * empties its queue, and that raises write space at the writer.
 */
#define FWD_EVENTS (EPOLLIN | EPOLLRDHUP | EPOLLET)

/* Rounds of read-and-write per callback before other pairs get their turn. */
#define FWD_ROUNDS 8

/* Free buffers (or pipes) kept for reuse: enough for a busy worker's
 * request/response traffic to never allocate, few enough that the memory
 * kept after a burst stays small. */
#define FWD_CACHE 4

struct fwd_pipe {
	int r, w;		/* r < 0: none held */
	size_t size;		/* capacity the kernel granted */
};

/* Bytes flowing from side s to side !s. */
struct fwd_dir {
	char *buf;		/* copy mode; NULL while nothing is in flight */
	size_t head;		/* copy mode: data starts at buf[head], wrapping */
	size_t len;		/* bytes read and not yet written (either mode) */
	struct fwd_pipe pipe;	/* splice mode */
	uint64_t total;		/* bytes written to side !s */
	uint8_t eof;		/* side s has reported end of file */
	uint8_t shut;		/* side !s has been shut for writing */
	uint8_t pipe_full;	/* splice could not add: wait for a drain */
};

struct fwd_pair {
	struct fwd *f;
	struct fwd_pair *prev, *next;
	int fd[2];
	uint8_t rd[2], wr[2];	/* readable/writable until EAGAIN says otherwise */
	uint8_t hup[2];		/* peer has shut down: read on to the end of file */
	uint8_t splice;
	struct fwd_dir dir[2];	/* dir[0]: a to b, dir[1]: b to a */
	struct fwd_info info;
	struct timespec started;
};

struct fwd {
	struct ev_loop *loop;
	size_t bufsize;
	enum fwd_mode mode;
	int nodelay;
	struct fwd_pair *pairs;
	size_t count;
	fwd_close_cb close_cb;
	void *close_arg;
	size_t busy;		/* buffers or pipes owned by pairs */
	int nbufs, npipes;
	char *bufs[FWD_CACHE];
	struct fwd_pipe pipes[FWD_CACHE];
};

/* ---- buffers and pipes: held only while bytes are in flight ---- */

/* mmap rather than malloc: a freed buffer leaves the process at once instead
 * of lingering in the heap after glibc raises its mmap threshold. */
static char *buf_get(struct fwd *f)
{
	void *b;

	if (f->nbufs > 0) {
		f->busy++;
		return f->bufs[--f->nbufs];
	}
	b = mmap(NULL, f->bufsize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	f->busy++;
	return b;
}

static void buf_put(struct fwd *f, char *b)
{
	f->busy--;
	if (f->nbufs < FWD_CACHE)
		f->bufs[f->nbufs++] = b;
	else
		munmap(b, f->bufsize);
}

static void pipe_close(struct fwd_pipe *p)
{
	close(p->r);
	close(p->w);
	p->r = p->w = -1;
}

static int pipe_get(struct fwd *f, struct fwd_pipe *p)
{
	int fds[2], sz;

	if (f->npipes > 0) {
		*p = f->pipes[--f->npipes];
		f->busy++;
		return 0;
	}
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
		return -errno;
	/* Best effort: an unprivileged user past pipe-user-pages-soft gets the
	 * default size, which only costs speed. */
	(void)fcntl(fds[0], F_SETPIPE_SZ, (int)f->bufsize);
	sz = fcntl(fds[0], F_GETPIPE_SZ);
	p->r = fds[0];
	p->w = fds[1];
	p->size = sz > 0 ? (size_t)sz : 4096;
	f->busy++;
	return 0;
}

/* A pipe still holding bytes (pair closed mid-flight) is never reused. */
static void pipe_put(struct fwd *f, struct fwd_pipe *p, int empty)
{
	f->busy--;
	if (empty && f->npipes < FWD_CACHE)
		f->pipes[f->npipes++] = *p;
	else
		pipe_close(p);
	p->r = p->w = -1;
}

static void dir_release(struct fwd *f, struct fwd_dir *d)
{
	if (d->buf) {
		buf_put(f, d->buf);
		d->buf = NULL;
	}
	if (d->pipe.r >= 0)
		pipe_put(f, &d->pipe, d->len == 0);
	d->head = 0;
}

/* ---- moving bytes ---- */

/* After recv or splice from side s asked for `asked` bytes. */
static int read_done(struct fwd_pair *p, int s, ssize_t n, size_t asked)
{
	struct fwd_dir *d = &p->dir[s];

	if (n > 0) {
		d->len += (size_t)n;
		/* A short recv emptied the socket: data arriving later raises a new
		 * edge, so skip the recv that would only say EAGAIN. Splice cannot
		 * tell an empty socket from a pipe out of slots, so it reads on. */
		if (!p->splice && (size_t)n < asked && !p->hup[s])
			p->rd[s] = 0;
		return 1;
	}
	if (n == 0) {
		d->eof = 1;
		p->rd[s] = 0;
		return 1;
	}
	if (errno == EINTR)
		return 1;
	if (errno != EAGAIN && errno != EWOULDBLOCK)
		return -errno;
	if (p->splice && d->len > 0)
		d->pipe_full = 1;	/* or the socket is empty: the next try tells */
	else
		p->rd[s] = 0;
	return 0;
}

static int fill_copy(struct fwd_pair *p, int s)
{
	struct fwd_dir *d = &p->dir[s];
	size_t size = p->f->bufsize, tail, room;

	if (!d->buf) {
		d->buf = buf_get(p->f);
		if (!d->buf)
			return -ENOMEM;
	}
	if (d->len == 0)
		d->head = 0;
	tail = d->head + d->len;
	if (tail >= size) {
		tail -= size;
		room = d->head - tail;
	} else {
		room = size - tail;
	}
	/* One contiguous piece per call: readv would cost more on every small
	 * request than the extra call costs once per buffer wrap in bulk. */
	return read_done(p, s, recv(p->fd[s], d->buf + tail, room, MSG_DONTWAIT), room);
}

static int fill_splice(struct fwd_pair *p, int s)
{
	struct fwd_dir *d = &p->dir[s];
	size_t room;
	ssize_t n;
	int rc;

	if (d->pipe.r < 0) {
		rc = pipe_get(p->f, &d->pipe);
		if (rc < 0)
			return rc;
	}
	room = d->pipe.size - d->len;
	n = splice(p->fd[s], NULL, d->pipe.w, NULL, room, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	return read_done(p, s, n, room);
}

/* Asks for (on) or stops asking for write-space events on side s. The loop
 * keeps each fd's interest set, so only a change costs an epoll_ctl. An fd
 * modified to include EPOLLOUT is polled again at once, so space that came
 * between the failed send and this call still raises an event. */
static int side_watch_out(struct fwd_pair *p, int s, int on)
{
	uint32_t want = FWD_EVENTS | (on ? EPOLLOUT : 0);

	if (ev_events(p->f->loop, p->fd[s]) == want)
		return 0;
	return ev_mod(p->f->loop, p->fd[s], want);
}

/* After send or splice to side t. */
static int write_done(struct fwd_pair *p, int s, ssize_t n)
{
	struct fwd_dir *d = &p->dir[s];

	if (n > 0) {
		d->len -= (size_t)n;
		d->total += (uint64_t)n;
		d->pipe_full = 0;
		return 1;
	}
	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		return -errno;
	p->wr[!s] = 0;
	return side_watch_out(p, !s, 1);
}

static int flush_once(struct fwd_pair *p, int s)
{
	struct fwd_dir *d = &p->dir[s];
	size_t size = p->f->bufsize, chunk;
	ssize_t n;
	int rc;

	if (p->splice) {
		n = splice(d->pipe.r, NULL, p->fd[!s], NULL, d->len,
			   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		return write_done(p, s, n);
	}
	chunk = d->len < size - d->head ? d->len : size - d->head;
	n = send(p->fd[!s], d->buf + d->head, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
	rc = write_done(p, s, n);
	if (n > 0) {
		d->head += (size_t)n;
		if (d->head == size)
			d->head = 0;
	}
	return rc;
}

/* Writes until the direction is empty or its destination is full. */
static int dir_flush(struct fwd_pair *p, int s)
{
	int rc, moved = 0;

	while (p->dir[s].len > 0 && p->wr[!s]) {
		rc = flush_once(p, s);
		if (rc <= 0)
			return rc < 0 ? rc : moved;
		moved = 1;
	}
	return moved;
}

static int dir_can_read(const struct fwd_pair *p, int s)
{
	const struct fwd_dir *d = &p->dir[s];
	size_t cap = p->splice ? d->pipe.size : p->f->bufsize;

	if (!p->rd[s] || d->eof || d->pipe_full)
		return 0;
	/* No pipe held yet: there is room, the read takes one. */
	return p->splice && d->pipe.r < 0 ? 1 : d->len < cap;
}

/* An empty direction gives back its buffer, and passes end of file on. */
static int dir_settle(struct fwd_pair *p, int s)
{
	struct fwd_dir *d = &p->dir[s];

	if (d->len > 0)
		return 0;
	if (d->buf || d->pipe.r >= 0)
		dir_release(p->f, d);
	if (!d->eof || d->shut)
		return 0;
	if (shutdown(p->fd[!s], SHUT_WR) < 0)
		return -errno;
	d->shut = 1;
	return 1;
}

/* One round for one direction: 1 if anything changed, 0 if not, or -errno. */
static int dir_pump(struct fwd_pair *p, int s)
{
	int rc, moved;

	moved = dir_flush(p, s);
	if (moved < 0)
		return moved;
	if (dir_can_read(p, s)) {
		rc = p->splice ? fill_splice(p, s) : fill_copy(p, s);
		if (rc < 0)
			return rc;
		moved |= rc;
		rc = dir_flush(p, s);
		if (rc < 0)
			return rc;
		moved |= rc;
	}
	rc = dir_settle(p, s);
	return rc < 0 ? rc : moved | rc;
}

/* Could the engine read from, or write to, side s right now? */
static int side_has_work(const struct fwd_pair *p, int s)
{
	return dir_can_read(p, s) || (p->dir[!s].len > 0 && p->wr[s]);
}

/* 1: both directions ended cleanly; 0: wait for events; or -errno. */
static int pair_pump(struct fwd_pair *p)
{
	int round, rc, s;

	/* Looping on "is anything possible" rather than "did anything move"
	 * saves the round that would only find nothing to do: one round per
	 * small request. */
	for (round = 0; round < FWD_ROUNDS; round++) {
		rc = dir_pump(p, 0);
		if (rc >= 0)
			rc = dir_pump(p, 1);
		if (rc < 0)
			return rc;
		if (p->dir[0].shut && p->dir[1].shut)
			return 1;
		if (!side_has_work(p, 0) && !side_has_work(p, 1))
			return 0;
	}
	/* Budget spent with work left. Re-arming makes epoll report the fds
	 * again after other pairs' events: one epoll_ctl per few MiB. */
	for (s = 0; s < 2; s++)
		if (side_has_work(p, s))
			(void)ev_mod(p->f->loop, p->fd[s], ev_events(p->f->loop, p->fd[s]));
	return 0;
}

/* ---- pair life cycle ---- */

static void pair_stats(const struct fwd_pair *p, struct fwd_stats *st)
{
	st->a_to_b = p->dir[0].total;
	st->b_to_a = p->dir[1].total;
	st->started = p->started;
}

static void pair_unlink(struct fwd_pair *p)
{
	struct fwd *f = p->f;

	if (p->prev)
		p->prev->next = p->next;
	else
		f->pairs = p->next;
	if (p->next)
		p->next->prev = p->prev;
	f->count--;
}

static void pair_close(struct fwd_pair *p, int err)
{
	static const struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };
	struct fwd *f = p->f;
	struct fwd_stats st;
	int i;

	/* Unlinked first, so the callback may even call fwd_close_all. */
	pair_unlink(p);
	if (f->close_cb) {
		pair_stats(p, &st);
		f->close_cb(&p->info, &st, err, f->close_arg);
	}
	for (i = 0; i < 2; i++) {
		ev_del(f->loop, p->fd[i]);
		/* Pass the failure on: a TCP peer gets a reset, not a clean EOF
		 * that could pass for the end of a complete reply. */
		if (err < 0 && err != -ECANCELED)
			(void)setsockopt(p->fd[i], SOL_SOCKET, SO_LINGER, &abort_close,
					 sizeof(abort_close));
		close(p->fd[i]);
		dir_release(f, &p->dir[i]);
	}
	free(p);
}

static int sock_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err == 0)
		return -ECONNRESET;
	return -err;
}

static void pair_cb(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct fwd_pair *p = arg;
	int s = fd == p->fd[1], rc;

	if (events & EPOLLERR) {
		pair_close(p, sock_error(fd));
		return;
	}
	if (events & (EPOLLRDHUP | EPOLLHUP))
		p->hup[s] = 1;
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))
		p->rd[s] = 1;
	/* After HUP a write can only fail, which is what ends the pair. */
	if (events & (EPOLLOUT | EPOLLHUP))
		p->wr[s] = 1;
	/* Space with nothing waiting for it: stop asking until a send fills
	 * the socket again. In bulk the direction is rarely empty here, so
	 * this costs one epoll_ctl per burst, not one per stall. */
	rc = 0;
	if ((events & EPOLLOUT) && p->dir[!s].len == 0)
		rc = side_watch_out(p, s, 0);
	if (rc == 0)
		rc = pair_pump(p);
	if (rc != 0)
		pair_close(p, rc < 0 ? rc : 0);
}

static int sock_prepare(const struct fwd *f, int fd)
{
	int fl = fcntl(fd, F_GETFL), one = 1;

	if (fl < 0 || (!(fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0))
		return -errno;
	/* Fails harmlessly (EOPNOTSUPP, ENOPROTOOPT) on non-TCP sockets. */
	if (f->nodelay)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

static void pair_init(struct fwd_pair *p, struct fwd *f, int fd_a, int fd_b,
		      const struct fwd_info *info)
{
	int i;

	p->f = f;
	p->fd[0] = fd_a;
	p->fd[1] = fd_b;
	p->splice = f->mode == FWD_MODE_SPLICE;
	for (i = 0; i < 2; i++) {
		p->dir[i].pipe.r = p->dir[i].pipe.w = -1;
		p->wr[i] = 1;	/* connected: writable until a send says not */
	}
	if (info)
		p->info = *info;
	clock_gettime(CLOCK_REALTIME, &p->started);
}

static int pair_register(struct fwd *f, struct fwd_pair *p)
{
	int rc;

	rc = sock_prepare(f, p->fd[0]);
	if (rc == 0)
		rc = sock_prepare(f, p->fd[1]);
	if (rc == 0)
		rc = ev_add(f->loop, p->fd[0], FWD_EVENTS, pair_cb, p);
	if (rc < 0)
		return rc;
	rc = ev_add(f->loop, p->fd[1], FWD_EVENTS, pair_cb, p);
	if (rc < 0)
		ev_del(f->loop, p->fd[0]);
	return rc;
}

int fwd_add(struct fwd *f, int fd_a, int fd_b, const struct fwd_info *info)
{
	struct fwd_pair *p = NULL;
	int rc = -EBADF;

	if (fd_a < 0 || fd_b < 0 || fd_a == fd_b)
		goto fail;
	rc = -ENOMEM;
	p = calloc(1, sizeof(*p));
	if (!p)
		goto fail;
	pair_init(p, f, fd_a, fd_b, info);
	rc = pair_register(f, p);
	if (rc < 0)
		goto fail;
	/* The first events (the kernel reports current readiness on
	 * registration) come from the loop, never from inside this call. */
	p->next = f->pairs;
	if (f->pairs)
		f->pairs->prev = p;
	f->pairs = p;
	f->count++;
	return 0;
fail:
	free(p);
	if (fd_a >= 0)
		close(fd_a);
	if (fd_b >= 0 && fd_b != fd_a)
		close(fd_b);
	return rc;
}

/* ---- the object ---- */

int fwd_new(struct fwd **out, struct ev_loop *loop, size_t bufsize)
{
	struct fwd *f;

	*out = NULL;
	if (!loop || bufsize > (1u << 30))
		return -EINVAL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->loop = loop;
	f->bufsize = bufsize ? bufsize : FWD_BUFSIZE_DEFAULT;
	f->mode = FWD_MODE_COPY;
	f->nodelay = 1;
	*out = f;
	return 0;
}

void fwd_close_all(struct fwd *f)
{
	while (f->pairs)
		pair_close(f->pairs, -ECANCELED);
}

void fwd_free(struct fwd *f)
{
	if (!f)
		return;
	fwd_close_all(f);
	while (f->nbufs > 0)
		munmap(f->bufs[--f->nbufs], f->bufsize);
	while (f->npipes > 0)
		pipe_close(&f->pipes[--f->npipes]);
	free(f);
}

size_t fwd_count(const struct fwd *f)
{
	return f->count;
}

void fwd_foreach(const struct fwd *f,
		 void (*cb)(const struct fwd_info *, const struct fwd_stats *, void *),
		 void *arg)
{
	const struct fwd_pair *p, *next;
	struct fwd_stats st;

	for (p = f->pairs; p; p = next) {
		next = p->next;
		pair_stats(p, &st);
		cb(&p->info, &st, arg);
	}
}

/* splice into a socket raises SIGPIPE when the peer is gone (no
 * MSG_NOSIGNAL there): allow it only if the program has SIGPIPE ignored or
 * blocked. Reading the disposition changes nothing. */
static int sigpipe_harmless(void)
{
	struct sigaction sa;
	sigset_t set;

	if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return 1;
	return sigprocmask(SIG_BLOCK, NULL, &set) == 0 && sigismember(&set, SIGPIPE) == 1;
}

int fwd_set_mode(struct fwd *f, enum fwd_mode mode)
{
	if (mode != FWD_MODE_COPY && mode != FWD_MODE_SPLICE)
		return -EINVAL;
	if (mode == FWD_MODE_SPLICE && !sigpipe_harmless())
		return -EPERM;
	f->mode = mode;
	return 0;
}

void fwd_set_nodelay(struct fwd *f, int on)
{
	f->nodelay = !!on;
}

void fwd_set_close_cb(struct fwd *f, fwd_close_cb cb, void *arg)
{
	f->close_cb = cb;
	f->close_arg = arg;
}

void fwd_mem(const struct fwd *f, struct fwd_mem *m)
{
	const struct fwd_pair *p;
	size_t held;

	memset(m, 0, sizeof(*m));
	for (p = f->pairs; p; p = p->next) {
		held = p->dir[0].len + p->dir[1].len;
		m->buffered += held;
		if (held > m->max_pair)
			m->max_pair = held;
	}
	m->bufs_busy = f->busy;
	m->bufs_cached = (size_t)f->nbufs + (size_t)f->npipes;
}

size_t fwd_buffered(const struct fwd *f)
{
	struct fwd_mem m;

	fwd_mem(f, &m);
	return m.buffered;
}
