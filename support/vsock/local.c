/* SPDX-License-Identifier: GPL-2.0-or-later */
/* local.c: what this machine's kernel offers for AF_VSOCK: its CID, the family. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "paths.h"
#include "vsock.h"

/*
 * The ioctl goes to the misc device rather than a socket because the
 * device answers without creating a socket (no module autoload, no
 * transport assignment), and its path can be relocated for tests.
 */
int vsock_local_cid(uint32_t *cid)
{
	char path[PATH_MAX];
	uint32_t v = VMADDR_CID_ANY;
	int fd, rc;

	if (!cid)
		return -EINVAL;
	rc = nv_path_get(NV_PATH_DEV_VSOCK, path, sizeof(path));
	if (rc < 0)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = 0;
	if (ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &v) < 0)
		rc = -errno;
	close(fd);
	if (rc < 0)
		return rc;
	/* The kernel's way of saying that no transport is registered. */
	if (v == VMADDR_CID_ANY)
		return -ENODEV;
	*cid = v;
	return 0;
}

int vsock_family_available(void)
{
	int fd;

	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	/* EAFNOSUPPORT: no vsock module at all. Anything else (EMFILE,
	 * ENOMEM, EPERM from a seccomp filter) is a real error to report. */
	if (errno == EAFNOSUPPORT)
		return 0;
	return -errno;
}
