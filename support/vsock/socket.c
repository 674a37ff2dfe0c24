/* SPDX-License-Identifier: GPL-2.0-or-later */
/* socket.c: AF_VSOCK stream sockets: buffer size, listen, connect, accept. */
#include "config.h"

#include <errno.h>
#include <sys/time.h>
#include <unistd.h>

#include "vsock.h"

/*
 * The kernel clamps SO_VM_SOCKETS_BUFFER_SIZE into [MIN, MAX] (defaults
 * 128 and 256 KiB), silently. So a size above MAX needs MAX raised first
 * and a size below MIN needs MIN lowered first; setting MIN or MAX alone
 * re-clamps the current size, which is harmless since SIZE comes last.
 */
int vsock_buffer_plan(uint64_t cur_min, uint64_t cur_max, uint64_t size,
		      struct vsock_bufop ops[VSOCK_BUFOP_MAX])
{
	int n = 0;

	if (size > cur_max)
		ops[n++] = (struct vsock_bufop){ SO_VM_SOCKETS_BUFFER_MAX_SIZE, size };
	if (size < cur_min)
		ops[n++] = (struct vsock_bufop){ SO_VM_SOCKETS_BUFFER_MIN_SIZE, size };
	ops[n++] = (struct vsock_bufop){ SO_VM_SOCKETS_BUFFER_SIZE, size };
	return n;
}

static int get_u64(int fd, int opt, uint64_t *val)
{
	socklen_t len = sizeof(*val);

	if (getsockopt(fd, AF_VSOCK, opt, val, &len) < 0)
		return -errno;
	return len == sizeof(*val) ? 0 : -EPROTO;
}

/* Level AF_VSOCK with u64 values: other levels get ENOPROTOOPT and a
 * shorter value EINVAL. Virtio transports cap the size at 4 GiB - 1. */
int vsock_set_buffer_size(int fd, uint64_t size)
{
	struct vsock_bufop ops[VSOCK_BUFOP_MAX];
	uint64_t cur_min, cur_max;
	int i, n, rc;

	if (size == 0)
		return -EINVAL;
	rc = get_u64(fd, SO_VM_SOCKETS_BUFFER_MIN_SIZE, &cur_min);
	if (rc == 0)
		rc = get_u64(fd, SO_VM_SOCKETS_BUFFER_MAX_SIZE, &cur_max);
	if (rc < 0)
		return rc;
	n = vsock_buffer_plan(cur_min, cur_max, size, ops);
	for (i = 0; i < n; i++)
		if (setsockopt(fd, AF_VSOCK, ops[i].opt, &ops[i].val,
			       sizeof(ops[i].val)) < 0)
			return -errno;
	return 0;
}

static struct sockaddr_vm make_sockaddr(uint32_t cid, uint32_t port)
{
	struct sockaddr_vm svm = {
		.svm_family = AF_VSOCK,
		.svm_cid = cid,
		.svm_port = port,
	};

	return svm;
}

/* A new stream socket with the requested buffer; fd or -errno. */
static int new_socket(uint64_t bufsize)
{
	int fd, rc;

	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bufsize) {
		rc = vsock_set_buffer_size(fd, bufsize);
		if (rc < 0) {
			close(fd);
			return rc;
		}
	}
	return fd;
}

static int bind_to(int fd, uint32_t cid, uint32_t port)
{
	struct sockaddr_vm svm = make_sockaddr(cid, port);

	if (bind(fd, (struct sockaddr *)&svm, sizeof(svm)) < 0)
		return -errno;
	return 0;
}

int vsock_listen(uint32_t cid, uint32_t port, int backlog, uint64_t bufsize)
{
	int fd, rc;

	fd = new_socket(bufsize);
	if (fd < 0)
		return fd;
	rc = bind_to(fd, cid, port);
	if (rc == 0 && listen(fd, backlog) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* The kernel's own connect timer (SO_VM_SOCKETS_CONNECT_TIMEOUT) covers
 * blocking connects, so no non-blocking connect and poll loop is needed. */
static int set_connect_timeout(int fd, int timeout_ms)
{
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};

	if (setsockopt(fd, AF_VSOCK, SO_VM_SOCKETS_CONNECT_TIMEOUT, &tv,
		       sizeof(tv)) < 0)
		return -errno;
	return 0;
}

int vsock_connect(uint32_t cid, uint32_t port, uint32_t local_port,
		  uint64_t bufsize, int timeout_ms)
{
	struct sockaddr_vm svm = make_sockaddr(cid, port);
	int fd, rc = 0;

	fd = new_socket(bufsize);
	if (fd < 0)
		return fd;
	/* An explicit local port is how the guest relay mirrors the kernel
	 * client's reserved port; without one connect() auto-binds > 1023. */
	if (local_port != VMADDR_PORT_ANY)
		rc = bind_to(fd, VMADDR_CID_ANY, local_port);
	if (rc == 0 && timeout_ms > 0)
		rc = set_connect_timeout(fd, timeout_ms);
	if (rc == 0 && connect(fd, (struct sockaddr *)&svm, sizeof(svm)) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int vsock_accept(int lfd, struct vsock_addr *peer)
{
	struct sockaddr_vm svm = { 0 };
	socklen_t len = sizeof(svm);
	int fd;

	fd = accept4(lfd, (struct sockaddr *)&svm, &len, SOCK_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A caller that passed some other kind of listener gets a clear
	 * error instead of a peer made of another family's bytes. */
	if (len < sizeof(svm) || svm.svm_family != AF_VSOCK) {
		close(fd);
		return -EAFNOSUPPORT;
	}
	if (peer) {
		peer->cid = svm.svm_cid;
		peer->port = svm.svm_port;
		peer->has_port = true;
	}
	return fd;
}
