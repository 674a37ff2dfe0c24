/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsock-guest-test.c: support/vsock against a real kernel; runs as root in the QEMU guest. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vsock.h"

/*
 * The guest has vsock_loopback and no other transport: the local CID is 1,
 * connections to CID 1 and to CID 2 both loop back to this kernel (the
 * listener sees CID 1), and CID 3 has no transport (ENODEV). Never run
 * this on a development machine: its /dev/vsock leads off the machine.
 * Output: "ok NAME" or "not ok NAME: why"; the scenario adds the suite.
 */

#define PORT		5000
#define PORT_INHERIT	5001
#define PORT_NOBODY	5999
#define RESERVED_PORT	700
#define TIMEOUT_MS	2000
#define MiB		(1024ull * 1024ull)

static int failures;

__attribute__((format(printf, 3, 4)))
static void report(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		failures++;
	}
	fflush(stdout);
}

static const char *err(int rc)
{
	return rc < 0 ? strerror(-rc) : "no error";
}

/* accept, but never hang the guest when a connection did not arrive. */
static int accept_within(int lfd, struct vsock_addr *peer)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	int n;

	n = poll(&p, 1, TIMEOUT_MS);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	return vsock_accept(lfd, peer);
}

static int io_within(int fd, short ev)
{
	struct pollfd p = { .fd = fd, .events = ev };

	return poll(&p, 1, TIMEOUT_MS) == 1 ? 0 : -ETIMEDOUT;
}

/* Send msg from a to b and read it back there; 0 or -errno. */
static int pass(int a, int b, const char *msg)
{
	char buf[64];
	size_t len = strlen(msg), got = 0;
	ssize_t n;

	if (io_within(a, POLLOUT) < 0 || write(a, msg, len) != (ssize_t)len)
		return -EIO;
	while (got < len) {
		if (io_within(b, POLLIN) < 0)
			return -ETIMEDOUT;
		n = read(b, buf + got, len - got);
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		got += (size_t)n;
	}
	return memcmp(buf, msg, len) == 0 ? 0 : -EBADMSG;
}

static int cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl >= 0 && (fl & FD_CLOEXEC);
}

static uint64_t buffer_size(int fd)
{
	uint64_t v = 0;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, AF_VSOCK, SO_VM_SOCKETS_BUFFER_SIZE, &v, &len) < 0)
		return 0;
	return v;
}

static void test_local(void)
{
	uint32_t cid = 0;
	int rc;

	rc = vsock_family_available();
	report(rc == 1, "family-available", "vsock_family_available() = %d", rc);
	rc = vsock_local_cid(&cid);
	report(rc == 0 && cid == VMADDR_CID_LOCAL, "local-cid",
	       "rc %d (%s), cid %u, want 1", rc, err(rc), (unsigned int)cid);
}

/* Connect to cid, accept, and check the peer and a round trip both ways. */
static void test_connect_to(int lfd, uint32_t cid, const char *name)
{
	struct vsock_addr peer = { 0 };
	char n[64];
	int c, s, rc;

	c = vsock_connect(cid, PORT, VMADDR_PORT_ANY, 0, TIMEOUT_MS);
	snprintf(n, sizeof(n), "%s-connect", name);
	report(c >= 0 && cloexec(c), n, "vsock_connect: %s, cloexec %d", err(c),
	       c >= 0 && cloexec(c));
	if (c < 0)
		return;
	s = accept_within(lfd, &peer);
	snprintf(n, sizeof(n), "%s-accept-peer", name);
	report(s >= 0 && peer.cid == VMADDR_CID_LOCAL && peer.port > 1023 && cloexec(s), n,
	       "accept %s, peer cid %u port %u (want cid 1, port > 1023, cloexec)",
	       err(s), (unsigned int)peer.cid, (unsigned int)peer.port);
	if (s >= 0) {
		rc = pass(c, s, "ping\n");
		if (rc == 0)
			rc = pass(s, c, "pong\n");
		snprintf(n, sizeof(n), "%s-round-trip", name);
		report(rc == 0, n, "%s", err(rc));
		close(s);
	}
	close(c);
}

static void test_errors(void)
{
	int fd;

	fd = vsock_connect(3, PORT, VMADDR_PORT_ANY, 0, TIMEOUT_MS);
	report(fd == -ENODEV, "connect-cid3-enodev", "got %d (%s), want ENODEV", fd, err(fd));
	if (fd >= 0)
		close(fd);
	fd = vsock_connect(VMADDR_CID_LOCAL, PORT_NOBODY, VMADDR_PORT_ANY, 0, TIMEOUT_MS);
	report(fd < 0, "connect-no-listener", "connected to a port nobody listens on");
	if (fd >= 0)
		close(fd);
	fd = vsock_listen(VMADDR_CID_ANY, PORT, 8, 0);
	report(fd == -EADDRINUSE, "listen-addrinuse", "got %d (%s), want EADDRINUSE",
	       fd, err(fd));
	if (fd >= 0)
		close(fd);
}

/* Root binds an explicit vsock port below 1024 and the listener sees it:
 * this is how the guest relay mirrors the kernel client's reserved port. */
static void test_reserved_port(int lfd)
{
	struct vsock_addr peer = { 0 };
	int c, s;

	c = vsock_connect(VMADDR_CID_LOCAL, PORT, RESERVED_PORT, 0, TIMEOUT_MS);
	if (geteuid() != 0) {
		report(c == -EACCES, "reserved-port", "as non-root got %s, want EACCES", err(c));
		if (c >= 0)
			close(c);
		return;
	}
	report(c >= 0, "reserved-port-connect", "%s", err(c));
	if (c < 0)
		return;
	s = accept_within(lfd, &peer);
	report(s >= 0 && peer.port == RESERVED_PORT, "reserved-port-peer",
	       "accept %s, peer port %u, want %u", err(s), (unsigned int)peer.port,
	       RESERVED_PORT);
	if (s >= 0)
		close(s);
	close(c);
}

/* The premise of vsock_set_buffer_size: set alone, SIZE is clamped to MAX. */
static void test_buffer_premise(void)
{
	uint64_t v = 1 * MiB;
	int fd;

	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		report(0, "buffer-clamp-premise", "socket: %s", strerror(errno));
		return;
	}
	setsockopt(fd, AF_VSOCK, SO_VM_SOCKETS_BUFFER_SIZE, &v, sizeof(v));
	report(buffer_size(fd) < 1 * MiB, "buffer-clamp-premise",
	       "a bare SIZE of 1 MiB was not clamped (%llu): the helper's ordering is untested",
	       (unsigned long long)buffer_size(fd));
	close(fd);
}

static void test_buffer_set(void)
{
	int fd, rc;

	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		report(0, "buffer-raise", "socket: %s", strerror(errno));
		return;
	}
	rc = vsock_set_buffer_size(fd, 1 * MiB);
	report(rc == 0 && buffer_size(fd) == 1 * MiB, "buffer-raise",
	       "rc %s, size %llu, want 1048576", err(rc), (unsigned long long)buffer_size(fd));
	rc = vsock_set_buffer_size(fd, 64);
	report(rc == 0 && buffer_size(fd) == 64, "buffer-lower",
	       "rc %s, size %llu, want 64", err(rc), (unsigned long long)buffer_size(fd));
	close(fd);
}

/* bufsize through vsock_connect, and a listener's size reaching the
 * sockets it accepts (the relay sets it once on the listener). */
static void test_buffer_sockets(void)
{
	struct vsock_addr peer;
	int l, c, s;

	l = vsock_listen(VMADDR_CID_ANY, PORT_INHERIT, 8, 2 * MiB);
	report(l >= 0 && buffer_size(l) == 2 * MiB, "buffer-listen",
	       "listen %s, size %llu", err(l), l >= 0 ? (unsigned long long)buffer_size(l) : 0);
	if (l < 0)
		return;
	c = vsock_connect(VMADDR_CID_LOCAL, PORT_INHERIT, VMADDR_PORT_ANY, 1 * MiB, TIMEOUT_MS);
	report(c >= 0 && buffer_size(c) == 1 * MiB, "buffer-connect",
	       "connect %s, size %llu", err(c), c >= 0 ? (unsigned long long)buffer_size(c) : 0);
	s = c >= 0 ? accept_within(l, &peer) : -ENOTCONN;
	report(s >= 0 && buffer_size(s) == 2 * MiB, "buffer-inherited",
	       "accept %s, size %llu, want 2097152", err(s),
	       s >= 0 ? (unsigned long long)buffer_size(s) : 0);
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(l);
}

int main(void)
{
	int lfd;

	/* A stuck kernel path must not hang the whole VM run. */
	alarm(60);
	test_local();
	lfd = vsock_listen(VMADDR_CID_ANY, PORT, 8, 0);
	report(lfd >= 0 && cloexec(lfd), "listen", "vsock_listen(any, %d): %s", PORT, err(lfd));
	if (lfd >= 0) {
		test_connect_to(lfd, VMADDR_CID_LOCAL, "cid1");
		test_connect_to(lfd, VMADDR_CID_HOST, "cid2");
		test_reserved_port(lfd);
		test_errors();
		close(lfd);
	}
	test_buffer_premise();
	test_buffer_set();
	test_buffer_sockets();
	return failures ? 1 : 0;
}
