/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-vsocksock.c: vsock socket helpers that can be checked without any AF_VSOCK socket. */
#define T_SUITE "vsocksock"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "paths.h"
#include "vsock.h"
#include "t.h"

/*
 * Nothing here may create, bind or connect an AF_VSOCK socket or open the
 * real /dev/vsock: on development machines it leads off the machine.
 * Real sockets are tested in the QEMU guest (tests/vm/guest/).
 */

#define KiB 1024ull
#define MiB (1024ull * 1024ull)

static int plan_is(const struct vsock_bufop *ops, int n, int want_n,
		   int o0, int o1, uint64_t val)
{
	int i;

	if (n != want_n)
		return 0;
	if (ops[0].opt != o0 || (n > 1 && ops[1].opt != o1))
		return 0;
	for (i = 0; i < n; i++)
		if (ops[i].val != val)
			return 0;
	return ops[n - 1].opt == SO_VM_SOCKETS_BUFFER_SIZE;
}

/* The ordering the kernel's clamp needs: MAX up or MIN down before SIZE. */
static void test_plan(void)
{
	struct vsock_bufop ops[VSOCK_BUFOP_MAX];
	int n;

	n = vsock_buffer_plan(128, 256 * KiB, 1 * MiB, ops);
	T_OK(plan_is(ops, n, 2, SO_VM_SOCKETS_BUFFER_MAX_SIZE, SO_VM_SOCKETS_BUFFER_SIZE,
		     1 * MiB), "plan/raise-max-first");
	n = vsock_buffer_plan(128, 256 * KiB, 64, ops);
	T_OK(plan_is(ops, n, 2, SO_VM_SOCKETS_BUFFER_MIN_SIZE, SO_VM_SOCKETS_BUFFER_SIZE, 64),
	     "plan/lower-min-first");
	n = vsock_buffer_plan(128, 256 * KiB, 64 * KiB, ops);
	T_OK(plan_is(ops, n, 1, SO_VM_SOCKETS_BUFFER_SIZE, 0, 64 * KiB), "plan/inside");
	n = vsock_buffer_plan(128, 256 * KiB, 256 * KiB, ops);
	T_OK(plan_is(ops, n, 1, SO_VM_SOCKETS_BUFFER_SIZE, 0, 256 * KiB), "plan/at-max");
	n = vsock_buffer_plan(128, 256 * KiB, 128, ops);
	T_OK(plan_is(ops, n, 1, SO_VM_SOCKETS_BUFFER_SIZE, 0, 128), "plan/at-min");
	n = vsock_buffer_plan(128, 256 * KiB, 257 * KiB, ops);
	T_OK(plan_is(ops, n, 2, SO_VM_SOCKETS_BUFFER_MAX_SIZE, SO_VM_SOCKETS_BUFFER_SIZE,
		     257 * KiB), "plan/just-above-max");
	/* A socket someone left with MIN above MAX: both move, then SIZE. */
	n = vsock_buffer_plan(1 * MiB, 256 * KiB, 512 * KiB, ops);
	T_INT(n, 3, "plan/inverted-count");
	T_OK(n == 3 && ops[0].opt == SO_VM_SOCKETS_BUFFER_MAX_SIZE &&
	     ops[1].opt == SO_VM_SOCKETS_BUFFER_MIN_SIZE &&
	     ops[2].opt == SO_VM_SOCKETS_BUFFER_SIZE && ops[2].val == 512 * KiB,
	     "plan/inverted-order");
	n = vsock_buffer_plan(128, 256 * KiB, UINT64_MAX, ops);
	T_OK(plan_is(ops, n, 2, SO_VM_SOCKETS_BUFFER_MAX_SIZE, SO_VM_SOCKETS_BUFFER_SIZE,
		     UINT64_MAX), "plan/u64-max");
}

/* Failure paths that stop before any AF_VSOCK call. */
static void test_not_vsock(void)
{
	int p[2], fd;

	T_OK(pipe(p) == 0, "not-vsock/pipe");
	T_INT(vsock_set_buffer_size(p[0], 0), -EINVAL, "not-vsock/size-zero");
	T_INT(vsock_set_buffer_size(p[0], 1 * MiB), -ENOTSOCK, "not-vsock/pipe-size");
	T_INT(vsock_accept(p[0], NULL), -ENOTSOCK, "not-vsock/pipe-accept");
	T_INT(vsock_set_buffer_size(-1, 1 * MiB), -EBADF, "not-vsock/bad-fd");
	T_INT(vsock_accept(-1, NULL), -EBADF, "not-vsock/accept-bad-fd");
	close(p[0]);
	close(p[1]);
	/* A TCP socket refuses level AF_VSOCK options rather than misreading
	 * them (6.1 says EOPNOTSUPP; the exact errno is the kernel's). */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	T_OK(fd >= 0 && vsock_set_buffer_size(fd, 1 * MiB) < 0, "not-vsock/tcp-size");
	if (fd >= 0)
		close(fd);
}

/* Point NV_PATH_DEV_VSOCK at path, and refuse to go on unless that took:
 * a silent fall-back to the real /dev/vsock is what must never happen. */
static int relocate(const char *path)
{
	char got[256];

	setenv("NFSVSOCK_PATH_DEV_VSOCK", path, 1);
	return nv_path_get(NV_PATH_DEV_VSOCK, got, sizeof(got)) == 0 &&
	       strcmp(got, path) == 0;
}

static void test_local_cid(void)
{
	char tmpl[] = "/tmp/test-vsocksock.XXXXXX";
	uint32_t cid = 77;
	int fd;

	T_INT(vsock_local_cid(NULL), -EINVAL, "local-cid/null");
	if (!relocate("/nonexistent/dev/vsock")) {
		t_report(0, "local-cid/relocate", "NFSVSOCK_PATH_DEV_VSOCK not honoured");
		return;
	}
	T_INT(vsock_local_cid(&cid), -ENOENT, "local-cid/missing-device");
	fd = mkstemp(tmpl);
	if (fd < 0 || !relocate(tmpl)) {
		t_report(0, "local-cid/relocate-file", "mkstemp or relocation failed");
		return;
	}
	T_INT(vsock_local_cid(&cid), -ENOTTY, "local-cid/not-a-device");
	T_INT(cid, 77, "local-cid/untouched");
	close(fd);
	unlink(tmpl);
}

int main(void)
{
	test_plan();
	test_not_vsock();
	test_local_cid();
	return T_DONE();
}
