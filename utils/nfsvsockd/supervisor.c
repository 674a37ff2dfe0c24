/* SPDX-License-Identifier: GPL-2.0-or-later */
/* supervisor.c: the parent: owns every listening socket, restarts the worker, serves control. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "nfsvsockd.h"
#include "vsock.h"
#include "vsockmap.h"
#include "vsockguard.h"
#include "vsockroute.h"

/*
 * Why a parent at all: the kernel NFS client reconnects to the same
 * address by itself, so if the listening sockets outlive the worker that
 * serves them, a crash costs the connections in flight and nothing else.
 * Listeners not yet accepted from simply queue in the kernel meanwhile.
 */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
#define STABLE_AFTER_S 10	/* a worker that lived this long resets the backoff */
#define BACKLOG 128

struct super {
	int backoff_ms;
	long long restart_at;	/* ms, monotonic; 0: no restart pending */
	long long started_at;
	bool stop, hup;
};

static int uds_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, rc;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);	/* a stale socket from a previous run; the VMM connects, never binds */
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (rc == 0)
		rc = listen(fd, BACKLOG);
	if (rc < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

static int add_listener(struct nvd *d, enum nvd_lkind kind, uint32_t port)
{
	struct nvd_listener *l = &d->lst[d->nlst];
	int fd;

	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->port = port;
	if (kind == NVD_L_VSOCK) {
		fd = vsock_listen(VMADDR_CID_ANY, port, BACKLOG, d->conf.bufsize);
		if (fd < 0)
			log_warnx("vsock port %u: cannot listen (%s); is another relay or a "
				  "native nfsd on it, and is a vsock transport loaded?", port, strerror(-fd));
	} else {
		/* config.c left room for "_<port>" in every uds-path it accepted. */
		if (snprintf(l->path, sizeof(l->path), "%s_%u", d->conf.uds_path, port) >=
		    (int)sizeof(l->path))
			return -1;
		l->cid = d->conf.uds_cid;
		l->trusted = d->conf.uds_trusted;
		fd = uds_listen(l->path);
		if (fd < 0)
			log_warnx("%s: cannot listen for hybrid vsock (%s); check uds-path",
				  l->path, strerror(-fd));
	}
	if (fd < 0)
		return -1;
	l->fd = fd;
	d->nlst++;
	return 0;
}

/*
 * The nftables rule that keeps per-guest source addresses for root's
 * sockets (vsockguard.h). auto: without it the relay still serves, since
 * `secure` exports stay safe, but says what is exposed; y: refuse to start.
 */
static int ensure_guard(struct nvd *d)
{
	char why[200];
	int rc;

	d->guard = NVD_GUARD_OFF;
	if (d->conf.guard == NVD_GUARD_NO)
		return 0;
	rc = vsockguard_ensure(why, sizeof(why));
	if (rc == 0) {
		d->guard = NVD_GUARD_ON;
		log_debug(LOGC_RELAY, "source guard: nftables table inet %s in place",
			  VSOCKGUARD_TABLE);
		return 0;
	}
	d->guard = NVD_GUARD_FAILED;
	if (!why[0])
		snprintf(why, sizeof(why), "%s", strerror(-rc));
	if (d->conf.guard == NVD_GUARD_YES) {
		log_warnx("cannot install the source guard (%s); load nf_tables and run as root, "
			  "or set source-guard = auto in [%s]", why, NVD_SECTION);
		return -1;
	}
	log_warnx("no source guard (%s): host users other than root can pose as guests "
		  "to exports marked insecure; see SECURITY.md", why);
	return 0;
}

/* Host role: the route for per-guest sources and its guard, then every listener. */
static int open_host(struct nvd *d)
{
	int rc = vsockroute_ensure();

	if (rc < 0) {
		log_warnx("cannot route %s on lo (%s); run as root, or add it yourself: "
			  "ip -6 route add local %s dev lo", vsockmap_prefix(), strerror(-rc),
			  vsockmap_prefix());
		return -1;
	}
	if (ensure_guard(d) < 0)
		return -1;
	for (size_t i = 0; d->conf.vsock && i < d->conf.nlisten; i++)
		if (add_listener(d, NVD_L_VSOCK, d->conf.listen[i]) < 0)
			return -1;
	for (size_t i = 0; d->conf.uds_path[0] && i < d->conf.nlisten; i++)
		if (add_listener(d, NVD_L_UDS, d->conf.listen[i]) < 0)
			return -1;
	return 0;
}

static void close_listeners(struct nvd *d)
{
	for (size_t i = 0; i < d->nlst; i++) {
		close(d->lst[i].fd);
		if (d->lst[i].kind == NVD_L_UDS)
			unlink(d->lst[i].path);
	}
	d->nlst = 0;
	for (size_t i = 0; i < d->ep.n; i++)
		close(d->ep.e[i].fd);
	d->ep.n = 0;
}

static int open_signals(struct nvd *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	d->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return d->sig_fd < 0 ? -errno : 0;
}

static void worker_child(struct nvd *d, int end)
{
	sigset_t set;

	close(d->chan);
	close(d->sig_fd);
	d->sig_fd = -1;
	control_close_all(d, true);
	d->chan = end;
	/* The worker must not outlive a parent killed without a chance to
	 * clean up: it would keep serving with nobody to restart it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	worker_run(d);
}

static int spawn_worker(struct nvd *d, struct super *s)
{
	struct timeval tv = { .tv_sec = 1 };
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	/* A worker that stops reading must not block the parent for long. */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	d->chan = sv[0];
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -errno;
	}
	if (pid == 0)
		worker_child(d, sv[1]);
	close(sv[1]);
	d->worker = pid;
	s->started_at = nvd_now_ms();
	s->restart_at = 0;
	log_debug(LOGC_RELAY, "worker %d started", (int)pid);
	return 0;
}

static void worker_gone(struct nvd *d, struct super *s, int status)
{
	bool stable = nvd_now_ms() - s->started_at >= STABLE_AFTER_S * 1000LL;

	if (WIFSIGNALED(status))
		log_warnx("worker %d killed by signal %d; restarting it in %d ms on the same ports",
			  (int)d->worker, WTERMSIG(status), stable ? BACKOFF_MIN_MS : s->backoff_ms);
	else
		log_warnx("worker %d exited with status %d; restarting it in %d ms on the same ports",
			  (int)d->worker, WEXITSTATUS(status), stable ? BACKOFF_MIN_MS : s->backoff_ms);
	close(d->chan);
	d->chan = -1;
	d->worker = 0;
	if (stable)
		s->backoff_ms = BACKOFF_MIN_MS;
	s->restart_at = nvd_now_ms() + s->backoff_ms;
	if (!stable && s->backoff_ms < BACKOFF_MAX_MS)
		s->backoff_ms *= 2;
	d->restarts++;
}

static void reap(struct nvd *d, struct super *s)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == d->worker)
			worker_gone(d, s, status);
}

/* SIGHUP: new connections follow the new allow-list and settings; the
 * listeners stay (config_reload says which changes need a restart). */
static void reload(struct nvd *d)
{
	struct nvd_conf n;

	if (config_load(d, &n, false) < 0) {
		log_warnx("SIGHUP: configuration has errors (above); keeping the running one");
		return;
	}
	config_reload(d, &n, true);
	if (d->worker > 0)
		kill(d->worker, SIGHUP);
	log_info("SIGHUP: configuration re-read");
}

static void read_signals(struct nvd *d, struct super *s)
{
	struct signalfd_siginfo si;

	while (read(d->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(d, s);
		else if (si.ssi_signo == SIGHUP)
			s->hup = true;
		else
			s->stop = true;
	}
}

static void stop_worker(struct nvd *d)
{
	int status;

	if (d->worker <= 0)
		return;
	kill(d->worker, SIGTERM);
	for (int i = 0; i < 40; i++) {
		if (waitpid(d->worker, &status, WNOHANG) == d->worker)
			return;
		usleep(50000);
	}
	kill(d->worker, SIGKILL);
	waitpid(d->worker, &status, 0);
}

static int loop_once(struct nvd *d, struct super *s)
{
	struct pollfd p[64];
	int n, timeout = -1;

	if (!d->worker && s->restart_at && nvd_now_ms() >= s->restart_at &&
	    spawn_worker(d, s) < 0) {
		log_warn("cannot start a worker; retrying in %d ms", s->backoff_ms);
		s->restart_at = nvd_now_ms() + s->backoff_ms;
	}
	if (!d->worker && s->restart_at) {
		long long left = s->restart_at - nvd_now_ms();
		timeout = left < 0 ? 0 : (int)left;
	}
	p[0] = (struct pollfd){ .fd = d->sig_fd, .events = POLLIN };
	n = 1 + control_fill_pollfds(d, p + 1, 63, &timeout);
	if (poll(p, (nfds_t)n, timeout) < 0 && errno != EINTR)
		return -errno;
	if (p[0].revents)
		read_signals(d, s);
	control_handle(d, p + 1, n - 1);
	if (s->hup) {
		s->hup = false;
		reload(d);
	}
	return 0;
}

static int setup(struct nvd *d)
{
	int rc;

	d->ctl_fd = d->sig_fd = d->chan = -1;
	signal(SIGPIPE, SIG_IGN);
	/* The control socket first: a second daemon refused there must touch
	 * nothing of the first one's, neither its ports nor, on the host, the
	 * route and the nftables guard. */
	rc = control_open(d);
	if (rc < 0) {
		log_warnx("%s: cannot open the control socket (%s)%s", d->conf.socket, strerror(-rc),
			  rc == -EADDRINUSE ? "; another nfsvsockd answers there" : "");
		return -1;
	}
	if (d->conf.role == NVD_HOST && open_host(d) < 0)
		return -1;
	if (d->conf.role == NVD_GUEST)
		control_restore(d);
	rc = open_signals(d);
	if (rc < 0) {
		log_warnx("cannot set up signal handling (%s)", strerror(-rc));
		return -1;
	}
	return 0;
}

int supervisor_run(struct nvd *d)
{
	struct super s = { .backoff_ms = BACKOFF_MIN_MS, .restart_at = 1 };
	int rc = 0;

	if (setup(d) < 0) {
		close_listeners(d);
		control_close_all(d, false);
		return 1;
	}
	if (!d->opts.foreground && daemon(0, 0) < 0) {
		log_warn("cannot become a daemon");
		return 1;
	}
	if (!d->opts.foreground)
		log_set_dest(LOG_DEST_SYSLOG);
	log_info("%s relay started (pid %d, control socket %s)",
		 config_role_name(d->conf.role), (int)getpid(), d->conf.socket);
	while (!s.stop && rc == 0)
		rc = loop_once(d, &s);
	stop_worker(d);
	close_listeners(d);
	control_close_all(d, false);
	log_info("stopped%s", rc < 0 ? " after an error" : "");
	return rc < 0 ? 1 : 0;
}
