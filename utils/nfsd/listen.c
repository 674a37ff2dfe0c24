/* SPDX-License-Identifier: GPL-2.0-or-later */
/* listen.c (rpc.nfsd): make the TCP and UDP listeners and hand them to nfsd via portlist. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "nfsd.h"

static void sock_name(const struct sockaddr *sa, int type, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?", serv[8] = "?";

	getnameinfo(sa, sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
		    sizeof(struct sockaddr_in), host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(buf, len, sa->sa_family == AF_INET6 ? "%s [%s]:%s" : "%s %s:%s",
		 type == SOCK_STREAM ? "tcp" : "udp", host, serv);
}

/* True when a TCP listener here also takes connections to [::1]:port. */
static bool reaches_v6_loopback(const struct sockaddr *sa, int type)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

	return type == SOCK_STREAM && sa->sa_family == AF_INET6 &&
	       (IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr) || IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr));
}

static int sock_setup(int fd, const struct sockaddr *sa, socklen_t salen, int type)
{
	int one = 1;

	/* A restart must not wait for TIME_WAIT connections of the last run. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		return -errno;
	/* v4 gets its own socket; the v6 wildcard must not claim it too. */
	if (sa->sa_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
		return -errno;
	if (bind(fd, sa, salen) < 0)
		return -errno;
	if (type == SOCK_STREAM && listen(fd, 64) < 0)
		return -errno;
	return 0;
}

/* One bound (and for TCP listening) socket. 0, 1 when the family is
 * missing from this kernel (skipped), or -1 after saying why. */
static int add_sock(struct nfsd_ctx *c, const struct sockaddr *sa, socklen_t salen, int type,
		    bool for_relay)
{
	struct nfsd_sock *s = &c->socks[c->nsocks];
	int fd, rc;

	if (c->nsocks == NFSD_MAX_SOCKS) {
		log_warnx("more than %d listeners; name fewer addresses in host", NFSD_MAX_SOCKS);
		return -1;
	}
	sock_name(sa, type, s->name, sizeof(s->name));
	fd = socket(sa->sa_family, type | SOCK_CLOEXEC, 0);
	if (fd < 0 && errno == EAFNOSUPPORT && sa->sa_family == AF_INET6) {
		log_debug(LOGC_NFSD, "%s: no IPv6 in this kernel; skipped", s->name);
		return 1;
	}
	rc = fd < 0 ? -errno : sock_setup(fd, sa, salen, type);
	if (rc < 0) {
		log_warnx("cannot listen on %s: %s%s", s->name, strerror(-rc),
			  rc == -EADDRINUSE ? "; another server (or nfsd itself) holds the port: "
			  "stop it or choose another with --port" :
			  rc == -EADDRNOTAVAIL ? "; no interface has that address: fix host" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	s->fd = fd;
	s->for_relay = for_relay;
	s->reaches_v6_loopback = reaches_v6_loopback(sa, type);
	c->nsocks++;
	return 0;
}

static int add_addr(struct nfsd_ctx *c, int family, const char *addr, int type, bool relay)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)c->port) };
	struct sockaddr_in s4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)c->port) };

	if (family == AF_INET6) {
		inet_pton(AF_INET6, addr, &s6.sin6_addr);
		return add_sock(c, (struct sockaddr *)&s6, sizeof(s6), type, relay) < 0 ? -1 : 0;
	}
	inet_pton(AF_INET, addr, &s4.sin_addr);
	return add_sock(c, (struct sockaddr *)&s4, sizeof(s4), type, relay) < 0 ? -1 : 0;
}

/* Every address host names, for one socket type. */
static int add_host(struct nfsd_ctx *c, int type)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = type,
				  .ai_flags = AI_PASSIVE }, *res, *ai;
	char port[8];
	int rc;

	snprintf(port, sizeof(port), "%lld", c->port);
	rc = getaddrinfo(c->host, port, &hints, &res);
	if (rc != 0) {
		log_warnx("host %s: cannot resolve it (%s); give an address or fix the name",
			  c->host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && rc == 0; ai = ai->ai_next)
		rc = add_sock(c, ai->ai_addr, ai->ai_addrlen, type, false) < 0 ? -1 : 0;
	freeaddrinfo(res);
	return rc;
}

static int add_type(struct nfsd_ctx *c, int type)
{
	if (c->vsock_only)
		/* Both loopbacks, nothing else: no NFS port beyond this machine. */
		return add_addr(c, AF_INET6, "::1", type, false) < 0 ||
		       add_addr(c, AF_INET, "127.0.0.1", type, false) < 0 ? -1 : 0;
	if (c->host[0])
		return add_host(c, type);
	return add_addr(c, AF_INET6, "::", type, false) < 0 ||
	       add_addr(c, AF_INET, "0.0.0.0", type, false) < 0 ? -1 : 0;
}

int nfsd_listeners_open(struct nfsd_ctx *c)
{
	if ((c->tcp || c->vsock_only) && add_type(c, SOCK_STREAM) < 0)
		goto fail;
	if (c->udp && !c->vsock_only && add_type(c, SOCK_DGRAM) < 0)
		goto fail;
	return 0;
fail:
	nfsd_listeners_close(c);
	return -1;
}

/* The relay's host role connects to [::1]:port; make sure something listens. */
int nfsd_listener_loopback(struct nfsd_ctx *c)
{
	for (size_t i = 0; i < c->nsocks; i++)
		if (c->socks[i].reaches_v6_loopback)
			return 0;
	if (add_addr(c, AF_INET6, "::1", SOCK_STREAM, true) < 0) {
		nfsd_listeners_close(c);
		return -1;
	}
	return 0;
}

static void refused(const struct nfsd_ctx *c, const struct nfsd_sock *s, int rc)
{
	/* With v3 on, nfsd registers every listener with rpcbind; without it
	 * the kernel answers ECONNREFUSED, or EAFNOSUPPORT for an IPv6 socket
	 * (the rpcbind v4 registration fails over). */
	if (c->vers.v3 && (rc == -ECONNREFUSED || rc == -EAFNOSUPPORT))
		log_warnx("nfsd refused %s (%s): NFSv3 is on, and nfsd could not register it with "
			  "rpcbind; start rpcbind, or offer NFSv4 only (-N 3)", s->name,
			  nfsd_errname(rc));
	else
		log_warnx("nfsd refused the listener %s (%s: %s); see rpc.nfsd(8), ERRORS",
			  s->name, nfsd_errname(rc), strerror(-rc));
}

int nfsd_listeners_hand_over(struct nfsd_ctx *c)
{
	char req[16];

	for (size_t i = 0; i < c->nsocks; i++) {
		struct nfsd_sock *s = &c->socks[i];
		int rc;

		if (s->fd < 0)
			continue;
		snprintf(req, sizeof(req), "%d\n", s->fd);
		rc = nfsd_xact(c, "portlist", req, s->name, NULL, 0);
		if (rc < 0) {
			refused(c, s, rc);
			return -1;
		}
		c->added = true;
		/* nfsd holds its own reference now. */
		close(s->fd);
		s->fd = -1;
	}
	return 0;
}

void nfsd_listeners_close(struct nfsd_ctx *c)
{
	for (size_t i = 0; i < c->nsocks; i++)
		if (c->socks[i].fd >= 0)
			close(c->socks[i].fd);
	c->nsocks = 0;
}
