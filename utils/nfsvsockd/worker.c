/* SPDX-License-Identifier: GPL-2.0-or-later */
/* worker.c: the data path process: its loop, its listeners, messages from the parent, status. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "status.h"
#include "worker.h"

/* One of the two kinds of globals the style allows. */
static volatile sig_atomic_t worker_hup;

#define STATUS_WRITE_MS 5000

struct statout {
	struct worker *w;
	int fd;
	char *buf;
	size_t len, off;
	long long deadline_ms;
	struct statout *next;
};

long long nvd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool worker_log_once(long long *last_ms)
{
	long long now = nvd_now_ms();

	if (*last_ms && now - *last_ms < 60000)
		return false;
	*last_ms = now;
	return true;
}

bool worker_has_room(struct worker *w)
{
	if ((long)(fwd_count(w->fwd) + w->npend) < w->d->conf.max_conns)
		return true;
	if (worker_log_once(&w->full_logged_ms))
		log_warnx("max-connections (%ld) reached: closing new connections at once; "
			  "raise max-connections in [%s] if this load is expected",
			  w->d->conf.max_conns, NVD_SECTION);
	return false;
}

void worker_forward(struct worker *w, int a, int b, const struct fwd_info *info)
{
	int rc = fwd_add(w->fwd, a, b, info);	/* owns both fds, even on failure */

	if (rc < 0 && worker_log_once(&w->err_logged_ms))
		log_warnx("cannot forward the connection of CID %u (%s); it was closed",
			  info->cid, strerror(-rc));
	else if (rc == 0)
		log_debug(LOGC_RELAY, "forwarding %s -> %s (CID %u)", info->peer, info->local, info->cid);
}

static void pending_unlink(struct worker *w, struct pending *p)
{
	struct pending **pp = &w->pend;

	while (*pp && *pp != p)
		pp = &(*pp)->next;
	if (*pp)
		*pp = p->next;
	w->npend--;
	ev_del(w->loop, p->b);
}

static void pending_done(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct pending *p = arg;
	struct worker *w = p->w;
	int err = 0;
	socklen_t el = sizeof(err);

	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
	pending_unlink(w, p);
	if (err) {
		log_warnx("CID %u: cannot connect to the server for %s (%s); closed the "
			  "guest's connection; is the server listening?", p->info.cid, p->info.peer,
			  strerror(err));
		close(p->a);
		close(p->b);
	} else {
		worker_forward(w, p->a, p->b, &p->info);
	}
	free(p);
}

void worker_pending_add(struct worker *w, int a, int b, const struct fwd_info *info)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (!p || ev_add(w->loop, b, EPOLLOUT, pending_done, p) < 0) {
		free(p);
		close(a);
		close(b);
		return;
	}
	p->w = w;
	p->a = a;
	p->b = b;
	p->info = *info;
	p->deadline_ms = nvd_now_ms() + w->d->conf.connect_timeout_ms;
	p->next = w->pend;
	w->pend = p;
	w->npend++;
}

static void expire_pending(struct worker *w, long long now)
{
	struct pending *p = w->pend, *next;

	for (; p; p = next) {
		next = p->next;
		if (now < p->deadline_ms)
			continue;
		log_warnx("CID %u: the server did not accept within %d ms (full backlog?); "
			  "closed the guest's connection", p->info.cid, w->d->conf.connect_timeout_ms);
		pending_unlink(w, p);
		close(p->a);
		close(p->b);
		free(p);
	}
}

static void on_listener(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct wlisten *wl = arg;

	if (wl->w->d->conf.role == NVD_HOST)
		host_accept(wl->w, wl);
	else
		guest_accept(wl->w, wl);
}

static int listen_add(struct worker *w, struct nvd_listener *l, const struct nvd_listener *own)
{
	struct wlisten *wl = calloc(1, sizeof(*wl));
	int rc;

	if (!wl)
		return -ENOMEM;
	wl->w = w;
	if (own) {
		wl->own = *own;
		l = &wl->own;
	}
	wl->l = l;
	/* Shared with the parent's copy, which never reads it. */
	fcntl(l->fd, F_SETFL, fcntl(l->fd, F_GETFL) | O_NONBLOCK);
	rc = ev_add(w->loop, l->fd, EPOLLIN, on_listener, wl);
	if (rc < 0) {
		free(wl);
		return rc;
	}
	wl->next = w->ls;
	w->ls = wl;
	return 0;
}

/* The parent released an endpoint: stop accepting there. Connections
 * already accepted go on until their ends close them. */
static void listen_del(struct worker *w, uint32_t cid, uint32_t port)
{
	struct wlisten **pp = &w->ls, *wl;

	for (; (wl = *pp) != NULL; pp = &wl->next) {
		if (wl->l->kind != NVD_L_ENDPOINT || wl->l->cid != cid || wl->l->port != port)
			continue;
		*pp = wl->next;
		ev_del(w->loop, wl->l->fd);
		close(wl->l->fd);
		free(wl);
		return;
	}
}

static void status_collect(const struct fwd_info *info, const struct fwd_stats *st, void *arg)
{
	struct statout *o = arg;
	struct timespec now;
	char line[512];
	int n;
	char *nb;

	clock_gettime(CLOCK_REALTIME, &now);
	n = status_conn_line(line, sizeof(line), info, st, &now);
	if (n < 0 || !o->buf)
		return;
	nb = realloc(o->buf, o->len + (size_t)n + 1);
	if (!nb)
		return;
	memcpy(nb + o->len, line, (size_t)n);
	o->buf = nb;
	o->len += (size_t)n;
}

static void status_collect_end(struct statout *o)
{
	char *nb = o->buf ? realloc(o->buf, o->len + 4) : NULL;

	if (!nb) {
		free(o->buf);
		o->buf = NULL;
		return;
	}
	memcpy(nb + o->len, "END\n", 4);
	o->buf = nb;
	o->len += 4;
}

static void statout_free(struct worker *w, struct statout *o)
{
	struct statout **pp = &w->outs;

	while (*pp && *pp != o)
		pp = &(*pp)->next;
	if (*pp)
		*pp = o->next;
	ev_del(w->loop, o->fd);
	close(o->fd);
	free(o->buf);
	free(o);
}

/* Write what the client takes; a slow reader keeps its own buffer until
 * its deadline, and nobody else waits for it. */
static void statout_write(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct statout *o = arg;
	ssize_t n;

	while (o->off < o->len) {
		n = send(fd, o->buf + o->off, o->len - o->off, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			statout_free(o->w, o);
			return;
		}
		o->off += (size_t)n;
	}
	statout_free(o->w, o);
}

static void status_start(struct worker *w, int fd)
{
	struct statout *o = calloc(1, sizeof(*o));

	if (!o) {
		close(fd);
		return;
	}
	o->w = w;
	o->fd = fd;
	o->buf = malloc(1);
	fwd_foreach(w->fwd, status_collect, o);
	status_collect_end(o);
	o->deadline_ms = nvd_now_ms() + STATUS_WRITE_MS;
	if (!o->buf || ev_add(w->loop, fd, EPOLLOUT, statout_write, o) < 0) {
		close(fd);
		free(o->buf);
		free(o);
		return;
	}
	o->next = w->outs;
	w->outs = o;
}

static void expire_statout(struct worker *w, long long now)
{
	struct statout *o = w->outs, *next;

	for (; o; o = next) {
		next = o->next;
		if (now >= o->deadline_ms) {
			log_warnx("control: a status reader took more than %d ms; dropped it",
				  STATUS_WRITE_MS);
			statout_free(w, o);
		}
	}
}

static void on_chan(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct worker *w = arg;
	struct nvd_listener l = { .kind = NVD_L_ENDPOINT };
	struct chan_msg m;
	int mfd, rc;

	while ((rc = chan_recv(fd, &m, &mfd)) == 0) {
		if (m.type == CHAN_EP_ADD && mfd >= 0) {
			l.fd = mfd;
			l.cid = m.cid;
			l.port = m.port;
			if (listen_add(w, NULL, &l) < 0)
				close(mfd);
		} else if (m.type == CHAN_EP_DEL) {
			listen_del(w, m.cid, m.port);
		} else if (m.type == CHAN_STATUS && mfd >= 0) {
			status_start(w, mfd);
		} else if (mfd >= 0) {
			close(mfd);
		}
	}
	if (rc == -EAGAIN || rc == -EINTR)
		return;
	if (mfd >= 0)
		close(mfd);
	/* EOF: the parent is gone, and with it whoever would restart us. */
	log_debug(LOGC_RELAY, "worker: parent channel closed (%s); exiting", strerror(-rc));
	_exit(0);
}

static void on_hup(int sig)
{
	(void)sig;
	worker_hup = 1;
}

static void reload(struct worker *w)
{
	struct nvd_conf n;

	worker_hup = 0;
	if (config_load(w->d, &n, false) == 0)
		config_reload(w->d, &n, false);
}

static void setup(struct worker *w, struct nvd *d)
{
	struct sigaction sa = { .sa_handler = on_hup };
	sigset_t set;
	int rc;

	w->d = d;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	if (ev_loop_new(&w->loop) < 0 || fwd_new(&w->fwd, w->loop, d->conf.bufsize) < 0)
		fatalx(1, "worker: out of memory setting up the event loop");
	rc = ev_add(w->loop, d->chan, EPOLLIN, on_chan, w);
	for (size_t i = 0; rc == 0 && i < d->nlst; i++)
		rc = listen_add(w, &d->lst[i], NULL);
	for (size_t i = 0; rc == 0 && i < d->ep.n; i++) {
		struct nvd_listener l = { .fd = d->ep.e[i].fd, .kind = NVD_L_ENDPOINT,
					  .cid = d->ep.e[i].cid, .port = d->ep.e[i].port };
		rc = listen_add(w, NULL, &l);
	}
	if (rc < 0)
		fatalx(1, "worker: cannot watch the listening sockets (%s)", strerror(-rc));
}

void worker_run(struct nvd *d)
{
	struct worker w = { 0 };

	setup(&w, d);
	log_debug(LOGC_RELAY, "worker %d serving %zu listeners", (int)getpid(), d->nlst + d->ep.n);
	for (;;) {
		int timeout = (w.pend || w.outs) ? 100 : 1000;

		if (ev_run_once(w.loop, timeout) < 0)
			fatalx(1, "worker: event loop failed");
		if (worker_hup)
			reload(&w);
		/* The clock only when something has a deadline: in a guest whose
		 * clocksource the vDSO cannot read (TCG's hpet, acpi_pm) every
		 * clock_gettime is a system call, and one per wake-up was 30% of
		 * the relay's system calls per NFS request. */
		if (w.pend || w.outs) {
			long long now = nvd_now_ms();

			expire_pending(&w, now);
			expire_statout(&w, now);
		}
	}
}
