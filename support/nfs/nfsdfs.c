/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nfsdfs.c: transactions on the nfsd control filesystem's files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "nfsdfs.h"
#include "paths.h"

int nfsdfs_path(const char *file, char *buf, size_t len)
{
	return nv_path_join(NV_PATH_NFSD_FS, file, buf, len);
}

int nfsdfs_mounted(void)
{
	char path[4096];

	if (nfsdfs_path("threads", path, sizeof(path)) < 0)
		return 0;
	return access(path, F_OK) == 0;
}

int nfsdfs_mount(void)
{
	char path[4096];
	int rc = nv_path_get(NV_PATH_NFSD_FS, path, sizeof(path));

	if (rc < 0)
		return rc;
	/* The fs type carries MODULE_ALIAS_FS, so this also loads nfsd.ko. */
	if (mount("nfsd", path, "nfsd", 0, NULL) < 0)
		return -errno;
	return 0;
}

int nfsdfs_umount(void)
{
	char path[4096];
	int rc = nv_path_get(NV_PATH_NFSD_FS, path, sizeof(path));

	if (rc < 0)
		return rc;
	if (umount(path) < 0)
		return -errno;
	return 0;
}

/* Read until EOF or the buffer is full; a reply never needs more than one page. */
static int nfsdfs_read_fd(int fd, char *buf, size_t len)
{
	size_t used = 0;

	while (used + 1 < len) {
		ssize_t n = read(fd, buf + used, len - 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	return 0;
}

int nfsdfs_transact(const char *file, const char *req, char *reply, size_t len)
{
	char path[4096];
	size_t reqlen = strlen(req);
	ssize_t n;
	int fd, rc;

	rc = nfsdfs_path(file, path, sizeof(path));
	if (rc < 0)
		return rc;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = write(fd, req, reqlen);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != reqlen)
		rc = -EIO;	/* the kernel takes a transaction whole or not at all */
	else if (reply && len)
		rc = nfsdfs_read_fd(fd, reply, len);
	close(fd);
	return rc;
}

int nfsdfs_read(const char *file, char *buf, size_t len)
{
	char path[4096];
	int fd, rc;

	if (!buf || !len)
		return -EINVAL;
	rc = nfsdfs_path(file, path, sizeof(path));
	if (rc < 0)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = nfsdfs_read_fd(fd, buf, len);
	close(fd);
	return rc;
}

int nfsd_portlist_add_fd(int fd, char *reply, size_t len)
{
	char req[32];

	if (fd < 0)
		return -EBADF;
	snprintf(req, sizeof(req), "%d\n", fd);
	return nfsdfs_transact("portlist", req, reply, len);
}
