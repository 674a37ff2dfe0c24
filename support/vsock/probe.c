/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe.c: detect the kernel's native vsock RPC transport, client and server side. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nfsdfs.h"
#include "probe.h"

/* The words fs/nfs/fs_context.c logs for an unknown proto= value. */
#define NFS_BAD_PROTO_MSG "Unrecognized transport protocol"

const char *nv_native_name(enum nv_native v)
{
	switch (v) {
	case NV_NATIVE_YES:
		return "native";
	case NV_NATIVE_NO:
		return "relay";
	default:
		return "unknown";
	}
}

enum nv_native nv_probe_classify_client(int err, const char *kmsg)
{
	if (err == 0)
		return NV_NATIVE_YES;
	if (err == EINVAL && kmsg && strstr(kmsg, NFS_BAD_PROTO_MSG))
		return NV_NATIVE_NO;
	return NV_NATIVE_UNKNOWN;
}

enum nv_native nv_probe_classify_nfsd(int err)
{
	if (err == 0)
		return NV_NATIVE_YES;
	/* svc_addsock's family check; anything else is some other trouble. */
	if (err == EAFNOSUPPORT)
		return NV_NATIVE_NO;
	return NV_NATIVE_UNKNOWN;
}

static void probe_reset(struct nv_probe *p)
{
	p->verdict = NV_NATIVE_UNKNOWN;
	p->err = 0;
	p->kmsg[0] = '\0';
}

/* A long kernel message is cut, never overflowed: the start names the problem. */
static void copy_truncated(char *out, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(out, src, n);
	out[n] = '\0';
}

/*
 * Drain the filesystem context's message log: each read returns one
 * message ("e ...", "w ...", "i ..."). Keep the first error, without its
 * severity prefix; fall back to the first message of any kind.
 */
static void fsctx_first_error(int fsfd, char *out, size_t len)
{
	char msg[512];
	ssize_t n;
	int have = 0;

	while ((n = read(fsfd, msg, sizeof(msg) - 1)) > 0) {
		msg[n] = '\0';
		if (msg[n - 1] == '\n')
			msg[n - 1] = '\0';
		if (have == 2 || (have == 1 && msg[0] != 'e'))
			continue;
		copy_truncated(out, len, n > 2 && msg[1] == ' ' ? msg + 2 : msg);
		have = msg[0] == 'e' ? 2 : 1;
	}
}

int nv_probe_nfs_client(struct nv_probe *p)
{
	int fsfd, rc;

	probe_reset(p);
	fsfd = (int)syscall(SYS_fsopen, "nfs", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -errno;
	rc = (int)syscall(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, "proto", "vsock", 0);
	p->err = rc < 0 ? errno : 0;
	if (rc < 0)
		fsctx_first_error(fsfd, p->kmsg, sizeof(p->kmsg));
	close(fsfd);
	p->verdict = nv_probe_classify_client(p->err, p->kmsg);
	return 0;
}

int nv_probe_nfsd_listener(int vsock_fd, struct nv_probe *p)
{
	int rc;

	probe_reset(p);
	rc = nfsd_portlist_add_fd(vsock_fd, NULL, 0);
	/* Failing to reach portlist at all is not the kernel's answer. */
	if (rc == -ENOENT || rc == -EACCES || rc == -EPERM || rc == -ENAMETOOLONG)
		return rc;
	p->err = -rc;
	p->verdict = nv_probe_classify_nfsd(p->err);
	return 0;
}
