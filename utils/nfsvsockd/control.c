/* SPDX-License-Identifier: GPL-2.0-or-later */
/* control.c: the parent's control socket: bounded, root-only, one request per line. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "nfsvsockd.h"
#include "relayctl.h"
#include "status.h"

/*
 * The parent serves this socket itself: requests are rare (a mount, an
 * unmount, a status), and only the parent may own endpoint listeners, so
 * they survive a worker crash. Every client is bounded: a line of at most
 * RELAYCTL_LINE_MAX bytes, CTL_IDLE_MS without a complete line, at most
 * CTL_MAX_CLIENTS at once; whoever breaks a bound gets one ERR line and
 * is closed, and nobody else notices.
 */
#define CTL_MAX_CLIENTS 16
#define CTL_IDLE_MS 5000

struct ctl_client {
	int fd;
	pid_t pid;
	size_t have;
	char buf[RELAYCTL_LINE_MAX + 1];
	struct timespec deadline;
};

struct ctl_server {
	size_t n;
	struct ctl_client c[CTL_MAX_CLIENTS];
};

/* A live daemon answers on the path: then we must not steal it. */
static int claim_path(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, rc;

	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	if (rc == 0 || errno == EAGAIN)
		return -EADDRINUSE;
	if (errno == ECONNREFUSED)
		unlink(path);
	return 0;
}

static void make_parent_dir(const char *path)
{
	char dir[NVD_PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);	/* an existing one is fine; bind reports the rest */
	}
}

int control_open(struct nvd *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, rc;

	d->ctl = calloc(1, sizeof(*d->ctl));
	if (!d->ctl)
		return -ENOMEM;
	make_parent_dir(d->conf.socket);
	rc = claim_path(d->conf.socket);
	if (rc < 0)
		return rc;
	strcpy(sun.sun_path, d->conf.socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* Root only: 0600 from the moment it exists, not after a chmod. */
	old = umask(0177);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc == 0)
		rc = listen(fd, 16);
	if (rc < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	d->ctl_fd = fd;
	return 0;
}

static void drop_client(struct nvd *d, size_t i)
{
	struct ctl_server *s = d->ctl;

	close(s->c[i].fd);
	s->c[i] = s->c[--s->n];
}

/* Replies are short and the socket buffer large: a client that lets them
 * pile up unread is dropped rather than waited for. */
static int reply(struct ctl_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reply(struct ctl_client *c, const char *fmt, ...)
{
	char line[RELAYCTL_LINE_MAX + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		n = (int)strlen(line);
	line[n++] = '\n';
	return send(c->fd, line, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) == n ? 0 : -1;
}

static int reply_err(struct ctl_client *c, int err, const char *text)
{
	char nb[16];

	return reply(c, "ERR %s %s", relayctl_errname(err, nb, sizeof(nb)), text);
}

static void accept_client(struct nvd *d)
{
	struct ctl_server *s = d->ctl;
	struct ctl_client c = { .fd = -1 };
	struct ucred cred;
	socklen_t cl = sizeof(cred);

	c.fd = accept4(d->ctl_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (c.fd < 0)
		return;
	if (getsockopt(c.fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0) {
		close(c.fd);
		return;
	}
	c.pid = cred.pid;
	if (cred.uid != 0) {
		log_warnx("control socket: refused pid %d uid %d: only root may use it",
			  (int)cred.pid, (int)cred.uid);
		reply_err(&c, EPERM, "only root may use the nfsvsockd control socket");
		close(c.fd);
		return;
	}
	if (s->n == CTL_MAX_CLIENTS) {
		log_warnx("control socket: refused pid %d: %d clients already connected",
			  (int)cred.pid, CTL_MAX_CLIENTS);
		reply_err(&c, EBUSY, "too many control clients; retry");
		close(c.fd);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &c.deadline);
	c.deadline.tv_sec += CTL_IDLE_MS / 1000;
	s->c[s->n++] = c;
}

int control_fill_pollfds(struct nvd *d, struct pollfd *p, int max, int *timeout_ms)
{
	struct ctl_server *s = d->ctl;
	long long now = nvd_now_ms();
	int n = 0;

	p[n++] = (struct pollfd){ .fd = d->ctl_fd, .events = POLLIN };
	for (size_t i = 0; i < s->n && n < max; i++) {
		long long left = s->c[i].deadline.tv_sec * 1000LL +
				 s->c[i].deadline.tv_nsec / 1000000 - now;

		p[n++] = (struct pollfd){ .fd = s->c[i].fd, .events = POLLIN };
		if (left < 0)
			left = 0;
		if (*timeout_ms < 0 || left < *timeout_ms)
			*timeout_ms = (int)left;
	}
	return n;
}

/*
 * A loopback listener for an endpoint, on *port, or on one the kernel picks
 * when *port is 0. SO_REUSEADDR on every one: the connections a dead relay
 * accepted linger on the port (TIME_WAIT), and its successor must be able
 * to listen there again; sockets accepted from this one inherit the flag,
 * which is what lets the next bind through.
 */
static int endpoint_listener(uint16_t *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(*port) };
	socklen_t sl = sizeof(sin);
	int fd, rc, one = 1;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	rc = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (rc == 0)
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (rc == 0)
		rc = listen(fd, 128);
	if (rc == 0)
		rc = getsockname(fd, (struct sockaddr *)&sin, &sl);
	if (rc < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/* After every change, so a daemon killed at any moment leaves its table. */
static void save_table(struct nvd *d)
{
	char path[EPSTATE_PATH_MAX];
	int rc = epstate_save(d);

	if (rc < 0) {
		epstate_path(d, path, sizeof(path));
		log_warnx("cannot keep the endpoint table in %s (%s); a restarted relay would "
			  "not listen on the same ports, and mounts through it would hang",
			  path, strerror(-rc));
	}
}

static int restore_one(struct nvd *d, const struct endpoint *e)
{
	uint16_t port = e->tcp_port;
	int fd = endpoint_listener(&port);
	int rc = fd < 0 ? fd : eptab_add(&d->ep, e->cid, e->port, fd, port);

	if (rc < 0) {
		log_warnx("endpoint vsock:%u:%u: cannot listen on 127.0.0.1:%u again (%s); "
			  "mounts through it must be unmounted and mounted again", e->cid, e->port,
			  (unsigned)e->tcp_port, strerror(-rc));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	eptab_find(&d->ep, e->cid, e->port)->refs = e->refs;
	log_info("endpoint vsock:%u:%u back on 127.0.0.1:%u (%u references)", e->cid, e->port,
		 (unsigned)port, e->refs);
	return 0;
}

void control_restore(struct nvd *d)
{
	char path[EPSTATE_PATH_MAX];
	int n = epstate_load(d, restore_one);

	epstate_path(d, path, sizeof(path));
	if (n < 0)
		log_warnx("cannot read the endpoint table %s (%s); starting with none",
			  path, strerror(-n));
	else if (n > 0)
		log_info("%d endpoint%s of a previous relay restored from %s", n,
			 n == 1 ? "" : "s", path);
	save_table(d);	/* without what could not be restored */
}

/* Tell the worker. If it cannot hear us, it is stuck or dying: kill it,
 * and the restarted worker inherits the whole current table by fork. */
static void tell_worker(struct nvd *d, const struct chan_msg *m, int fd)
{
	int rc;

	if (d->worker <= 0)
		return;
	rc = chan_send(d->chan, m, fd);
	if (rc < 0) {
		log_warnx("worker %d does not take messages (%s); restarting it",
			  (int)d->worker, strerror(-rc));
		kill(d->worker, SIGKILL);
	}
}

static void do_acquire(struct nvd *d, struct ctl_client *c, const struct relayctl_req *r)
{
	struct endpoint *e = eptab_find(&d->ep, r->cid, r->port);
	struct chan_msg m = { CHAN_EP_ADD, r->cid, r->port, 0 };
	uint16_t port = 0;
	int fd, rc;

	if (e) {
		e->refs++;
		save_table(d);
		reply(c, "OK %u", (unsigned)e->tcp_port);
		return;
	}
	fd = endpoint_listener(&port);
	rc = fd < 0 ? fd : eptab_add(&d->ep, r->cid, r->port, fd, port);
	if (rc < 0) {
		log_warnx("control: ACQUIRE %u %u from pid %d failed: %s", r->cid, r->port,
			  (int)c->pid, strerror(-rc));
		if (fd >= 0)
			close(fd);
		reply_err(c, -rc, rc == -ENOSPC ? "endpoint table full; release unused endpoints"
					       : "cannot create a loopback listener");
		return;
	}
	log_info("endpoint vsock:%u:%u on 127.0.0.1:%u", r->cid, r->port, (unsigned)port);
	save_table(d);
	m.tcp_port = port;
	tell_worker(d, &m, fd);
	reply(c, "OK %u", (unsigned)port);
}

static void do_release(struct nvd *d, struct ctl_client *c, const struct relayctl_req *r)
{
	struct chan_msg m = { CHAN_EP_DEL, r->cid, r->port, 0 };
	int fd = -1, rc = eptab_release(&d->ep, r->cid, r->port, &fd);

	if (rc < 0) {
		reply_err(c, ENOENT, "no such endpoint; ACQUIRE it first");
		return;
	}
	save_table(d);
	if (rc == 0) {
		log_info("endpoint vsock:%u:%u released", r->cid, r->port);
		tell_worker(d, &m, -1);
		close(fd);
	}
	reply(c, "OK");
}

/* The parent's part of STATUS: what it owns (see status.h). */
static void status_by_parent(struct nvd *d, struct ctl_client *c)
{
	char line[256];

	status_daemon_line(line, sizeof(line), d, getpid(), d->worker);
	line[strcspn(line, "\n")] = '\0';
	reply(c, "%s", line);
	for (size_t i = 0; i < d->ep.n; i++) {
		status_endpoint_line(line, sizeof(line), &d->ep.e[i]);
		line[strcspn(line, "\n")] = '\0';
		reply(c, "%s", line);
	}
}

/* STATUS ends the session: the worker, which owns the connections,
 * appends them and END and closes; without a worker we end it here. */
static void do_status(struct nvd *d, struct ctl_client *c)
{
	struct chan_msg m = { .type = CHAN_STATUS };

	status_by_parent(d, c);
	if (d->worker > 0 && chan_send(d->chan, &m, c->fd) == 0)
		return;
	reply(c, "END");
}

/* Returns -1 to close the client, 1 when handed over, 0 to go on. */
static int dispatch(struct nvd *d, struct ctl_client *c, const char *line, size_t len)
{
	struct relayctl_req r;
	const char *why;
	int rc = relayctl_parse_request(line, len, &r, &why);

	if (rc < 0) {
		log_warnx("control: pid %d sent a bad request: %s", (int)c->pid, why);
		reply_err(c, -rc, why);
		return rc == -EMSGSIZE ? -1 : 0;
	}
	if ((r.verb == RELAYCTL_ACQUIRE || r.verb == RELAYCTL_RELEASE) &&
	    d->conf.role != NVD_GUEST) {
		reply_err(c, EOPNOTSUPP, "endpoints belong to the guest role; this daemon is a host relay");
		return 0;
	}
	switch (r.verb) {
	case RELAYCTL_ACQUIRE: do_acquire(d, c, &r); return 0;
	case RELAYCTL_RELEASE: do_release(d, c, &r); return 0;
	case RELAYCTL_STATUS: do_status(d, c); return 1;
	case RELAYCTL_PING: reply(c, "OK"); return 0;
	}
	return 0;
}

/* Read what there is and serve every complete line. -1: close, 1: gone. */
static int serve_client(struct nvd *d, struct ctl_client *c)
{
	ssize_t n = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, MSG_DONTWAIT);
	char *nl;
	int rc;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return -1;
	if (n > 0)
		c->have += (size_t)n;
	while ((nl = memchr(c->buf, '\n', c->have)) != NULL) {
		size_t len = (size_t)(nl - c->buf);

		rc = dispatch(d, c, c->buf, len);
		if (rc != 0)
			return rc;
		memmove(c->buf, nl + 1, c->have - len - 1);
		c->have -= len + 1;
	}
	if (c->have == sizeof(c->buf)) {
		log_warnx("control: pid %d sent a line longer than %d bytes; closing it",
			  (int)c->pid, RELAYCTL_LINE_MAX);
		reply_err(c, EMSGSIZE, "request longer than 256 bytes");
		return -1;
	}
	return 0;
}

static void expire_clients(struct nvd *d)
{
	struct ctl_server *s = d->ctl;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = s->n; i-- > 0;) {
		if (now.tv_sec > s->c[i].deadline.tv_sec ||
		    (now.tv_sec == s->c[i].deadline.tv_sec &&
		     now.tv_nsec >= s->c[i].deadline.tv_nsec)) {
			log_warnx("control: pid %d idle for %d ms; closing it",
				  (int)s->c[i].pid, CTL_IDLE_MS);
			reply_err(&s->c[i], ETIMEDOUT, "idle too long");
			drop_client(d, i);
		}
	}
}

void control_handle(struct nvd *d, const struct pollfd *p, int n)
{
	struct ctl_server *s = d->ctl;

	/* p[1..] mirror s->c[0..] as filled; walk backwards so drops keep
	 * the indexes of the entries still to visit. */
	for (int i = n - 1; i >= 1; i--) {
		size_t ci = (size_t)(i - 1);
		int rc;

		if (ci >= s->n || s->c[ci].fd != p[i].fd || !p[i].revents)
			continue;
		rc = serve_client(d, &s->c[ci]);
		if (rc != 0)
			drop_client(d, ci);	/* > 0: the worker has its own copy */
	}
	if (p[0].revents & POLLIN)
		accept_client(d);
	expire_clients(d);
}

void control_close_all(struct nvd *d, bool in_child)
{
	struct ctl_server *s = d->ctl;

	while (s && s->n)
		drop_client(d, s->n - 1);
	if (d->ctl_fd >= 0) {
		close(d->ctl_fd);
		d->ctl_fd = -1;
		if (!in_child)
			unlink(d->conf.socket);
	}
	if (!in_child) {
		free(d->ctl);
		d->ctl = NULL;
	}
}
