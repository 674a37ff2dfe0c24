/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-nfsdfs.c: transactions on a relocated, fake nfsd filesystem. */
#define T_SUITE "nfsdfs"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfsdfs.h"
#include "t.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void get(const char *dir, const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

int main(void)
{
	char dir[] = "/tmp/nv-nfsdfs-XXXXXX", buf[128];

	if (!mkdtemp(dir)) {
		T_OK(0, "mkdtemp");
		return T_DONE();
	}
	setenv("NFSVSOCK_PATH_NFSD_FS", dir, 1);

	/* Bad input and missing files first. */
	T_INT(nfsd_portlist_add_fd(-1, NULL, 0), -EBADF, "negative-fd");
	T_INT(nfsd_portlist_add_fd(3, NULL, 0), -ENOENT, "no-portlist");
	T_INT(nfsdfs_read("versions", buf, sizeof(buf)), -ENOENT, "read-missing");
	T_INT(nfsdfs_read("versions", NULL, 0), -EINVAL, "read-null-buffer");
	T_INT(nfsdfs_mounted(), 0, "not-mounted");

	put(dir, "threads", "0\n");
	T_INT(nfsdfs_mounted(), 1, "mounted");

	put(dir, "portlist", "");
	T_INT(nfsd_portlist_add_fd(7, buf, sizeof(buf)), 0, "portlist-write");
	get(dir, "portlist", buf, sizeof(buf));
	T_STR(buf, "7\n", "portlist-text");

	put(dir, "versions", "+3 +4 +4.1 +4.2\n");
	T_INT(nfsdfs_read("versions", buf, sizeof(buf)), 0, "read-rc");
	T_STR(buf, "+3 +4 +4.1 +4.2\n", "read-text");

	/* A reply buffer of one byte still comes back terminated. */
	T_INT(nfsdfs_read("versions", buf, 1), 0, "read-tiny-rc");
	T_STR(buf, "", "read-tiny");

	T_INT(nfsdfs_transact("threads", "8\n", NULL, 0), 0, "transact-no-reply");
	get(dir, "threads", buf, sizeof(buf));
	T_STR(buf, "8\n", "transact-text");

	chmod(dir, 0700);
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			T_OK(0, "cleanup");
	}
	return T_DONE();
}
