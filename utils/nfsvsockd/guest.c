/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guest.c: the guest role: accept the kernel NFS client on loopback, connect over AF_VSOCK. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "portscan.h"
#include "vsock.h"
#include "worker.h"

#define ACCEPT_BATCH 32

struct vsock_try {
	struct worker *w;
	uint32_t cid, port;
};

/* VMADDR_PORT_ANY lets the kernel pick (> 1023); an explicit reserved
 * port needs CAP_NET_BIND_SERVICE, which the relay has as root. */
static int try_vsock(uint32_t local, void *arg)
{
	struct vsock_try *t = arg;

	return vsock_connect(t->cid, t->port, local ? local : VMADDR_PORT_ANY,
			     t->w->d->conf.bufsize, t->w->d->conf.connect_timeout_ms);
}

/* The test seam: a Unix socket <test_uds>_<port> stands in for vsock. It
 * cannot carry a source port, so the port the scan would have asked for
 * is only shown (status "local=test-uds:1023"). */
static int try_test_uds(uint32_t local, void *arg)
{
	struct vsock_try *t = arg;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (snprintf(sun.sun_path, sizeof(sun.sun_path), "%s_%u", t->w->d->conf.test_uds,
		     t->port) >= (int)sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int rc = errno == EAGAIN ? -ETIMEDOUT : -errno;	/* backlog full */
		close(fd);
		return rc;
	}
	return fd;
}

static void format_local(int fd, uint32_t asked, bool test, char *buf, size_t len)
{
	struct sockaddr_vm svm;
	socklen_t sl = sizeof(svm);

	if (test) {
		if (asked)
			snprintf(buf, len, "test-uds:%u", asked);
		else
			snprintf(buf, len, "test-uds:any");
	} else if (getsockname(fd, (struct sockaddr *)&svm, &sl) == 0) {
		snprintf(buf, len, "vsock:%u:%u", svm.svm_cid, svm.svm_port);
	} else {
		snprintf(buf, len, "vsock:?");
	}
}

static void to_host(struct worker *w, int a, const struct nvd_listener *l, struct fwd_info *info,
		    bool reserved)
{
	struct vsock_try t = { w, l->cid, l->port };
	bool test = w->d->conf.test_uds[0] != '\0';
	uint32_t asked = 0;
	int b = portscan(reserved, test ? try_test_uds : try_vsock, &t, &asked);

	if (b < 0) {
		if (worker_log_once(&w->err_logged_ms))
			log_warnx("cannot connect to vsock:%u:%u for %s (%s); closed the client's "
				  "connection%s", l->cid, l->port, info->peer, strerror(-b),
				  b == -ENODEV ? "; no vsock transport reaches that CID" : "");
		close(a);
		return;
	}
	info->vsock_port = asked;
	format_local(b, asked, test, info->local, sizeof(info->local));
	worker_forward(w, a, b, info);
}

void guest_accept(struct worker *w, struct wlisten *wl)
{
	struct sockaddr_in sin;
	struct fwd_info info;

	for (int i = 0; i < ACCEPT_BATCH; i++) {
		socklen_t sl = sizeof(sin);
		int a = accept4(wl->l->fd, (struct sockaddr *)&sin, &sl, SOCK_CLOEXEC);

		if (a < 0) {
			if (errno != EAGAIN && errno != ECONNABORTED &&
			    worker_log_once(&w->err_logged_ms))
				log_warn("accept on 127.0.0.1 for vsock:%u:%u failed", wl->l->cid, wl->l->port);
			return;
		}
		if (!worker_has_room(w)) {
			close(a);
			continue;
		}
		memset(&info, 0, sizeof(info));
		info.role = 'g';
		info.cid = wl->l->cid;
		info.tcp_port = ntohs(sin.sin_port);
		snprintf(info.peer, sizeof(info.peer), "127.0.0.1:%u", (unsigned)info.tcp_port);
		/* A client on a reserved port is the kernel's (or root's): mirror it. */
		to_host(w, a, wl->l, &info, info.tcp_port < 1024);
	}
}
