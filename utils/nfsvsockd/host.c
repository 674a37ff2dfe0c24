/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host.c: the host role: accept a guest, check its CID, connect to nfsd as the guest's address. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "portscan.h"
#include "vsock.h"
#include "vsockmap.h"
#include "worker.h"

#define ACCEPT_BATCH 32		/* then let the other fds have a turn */

struct nfsd_try {
	uint32_t cid;
	const struct sockaddr_in6 *nfsd;
	bool connected;		/* connect finished at once (loopback often does) */
};

/* One source port: bind <prefix>::<cid>:port, start the connect. */
static int try_nfsd(uint32_t port, void *arg)
{
	struct nfsd_try *t = arg;
	int fd, rc;

	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	rc = vsockmap_bind_source(fd, t->cid, (uint16_t)port);
	if (rc == 0) {
		if (connect(fd, (const struct sockaddr *)t->nfsd, sizeof(*t->nfsd)) == 0)
			t->connected = true;
		else if (errno != EINPROGRESS)
			rc = -errno;	/* EADDRNOTAVAIL: the 4-tuple is in TIME_WAIT */
	}
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* The first denial of a CID is logged, then once a minute at most. */
static void log_denied(struct worker *w, uint32_t cid, const char *peer)
{
	long long now = nvd_now_ms();

	for (size_t i = 0; i < DENIED_MEMORY; i++)
		if (w->denied[i].at_ms && w->denied[i].cid == cid && now - w->denied[i].at_ms < 60000)
			return;
	w->denied[w->denied_next].cid = cid;
	w->denied[w->denied_next].at_ms = now;
	w->denied_next = (w->denied_next + 1) % DENIED_MEMORY;
	log_warnx("refused %s: CID %u is not in the allow-list ([%s] allow)", peer, cid, NVD_SECTION);
}

static void format_local(int fd, char *buf, size_t len)
{
	struct sockaddr_in6 sin6;
	socklen_t sl = sizeof(sin6);
	char a[INET6_ADDRSTRLEN] = "?";

	if (getsockname(fd, (struct sockaddr *)&sin6, &sl) == 0)
		inet_ntop(AF_INET6, &sin6.sin6_addr, a, sizeof(a));
	snprintf(buf, len, "[%s]:%u", a, (unsigned)ntohs(sin6.sin6_port));
}

/* Connect to nfsd as the guest, with a reserved port only for a reserved peer. */
static void to_nfsd(struct worker *w, int a, struct fwd_info *info, bool reserved)
{
	struct nfsd_try t = { .cid = info->cid, .nfsd = &w->d->conf.nfsd };
	uint32_t port = 0;
	int b = portscan(reserved, try_nfsd, &t, &port);

	if (b < 0) {
		if (worker_log_once(&w->err_logged_ms))
			log_warnx("CID %u: cannot open a connection to nfsd from %s (%s); closed the "
				  "guest's connection%s", info->cid, vsockmap_prefix(), strerror(-b),
				  b == -EADDRNOTAVAIL || b == -ENETUNREACH ?
				  "; is the local route on lo in place?" : "");
		close(a);
		return;
	}
	info->tcp_port = (uint16_t)port;
	format_local(b, info->local, sizeof(info->local));
	if (t.connected)
		worker_forward(w, a, b, info);
	else
		worker_pending_add(w, a, b, info);
}

/* fd, and who is on the other end; -1 when nothing (more) is waiting. */
static int accept_one(struct worker *w, const struct nvd_listener *l, struct fwd_info *info,
		      bool *reserved)
{
	struct vsock_addr peer;
	int a;

	memset(info, 0, sizeof(*info));
	info->role = 'h';
	if (l->kind == NVD_L_VSOCK) {
		a = vsock_accept(l->fd, &peer);
		if (a < 0)
			return a;
		info->cid = peer.cid;
		info->vsock_port = peer.port;
		*reserved = peer.port < 1024;	/* only guest root binds those */
		snprintf(info->peer, sizeof(info->peer), "vsock:%u:%u", peer.cid, peer.port);
		return a;
	}
	a = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
	if (a < 0)
		return -errno;
	/* A hybrid UDS says nothing about the guest's port: trust is configured. */
	info->cid = l->cid;
	info->vsock_port = l->port;
	*reserved = l->trusted;
	snprintf(info->peer, sizeof(info->peer), "hybrid:%u:%u", l->cid, l->port);
	return a;
}

void host_accept(struct worker *w, struct wlisten *wl)
{
	struct fwd_info info;
	bool reserved = false;

	for (int i = 0; i < ACCEPT_BATCH; i++) {
		int a = accept_one(w, wl->l, &info, &reserved);

		if (a < 0) {
			if (a != -EAGAIN && a != -ECONNABORTED && worker_log_once(&w->err_logged_ms))
				log_warnx("accept on listener %u failed (%s)", wl->l->port, strerror(-a));
			return;
		}
		if (!allow_match(&w->d->conf.allow, info.cid)) {
			log_denied(w, info.cid, info.peer);
			close(a);
			continue;
		}
		if (!worker_has_room(w)) {
			close(a);
			continue;
		}
		to_nfsd(w, a, &info, reserved);
	}
}
