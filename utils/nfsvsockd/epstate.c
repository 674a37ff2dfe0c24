/* SPDX-License-Identifier: GPL-2.0-or-later */
/* epstate.c: the guest role's endpoint table kept in a file, so a restarted relay listens on the same ports. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "nfsvsockd.h"
#include "status.h"

/*
 * The kernel NFS client knows its relay endpoint only by the loopback port
 * of the mount (port=) and reconnects there, for a hard mount forever. The
 * parent keeps the listeners across worker crashes; this file keeps their
 * ports across the parent's own death (SIGKILL, a crash, systemd's restart),
 * so the next daemon listens on them again and the mounts carry on. A clean
 * stop keeps it as well: to a mount, a stop and a start is a restart. /run
 * is emptied at boot, when no mount needs the ports any more.
 */

void epstate_path(const struct nvd *d, char *buf, size_t len)
{
	size_t n = strlen(d->conf.socket);

	/* nfsvsockd.sock -> nfsvsockd.endpoints: one file per daemon. */
	if (n > 5 && !strcmp(d->conf.socket + n - 5, ".sock"))
		n -= 5;
	snprintf(buf, len, "%.*s.endpoints", (int)n, d->conf.socket);
}

/* The lines STATUS shows, written whole and then renamed into place, so a
 * daemon killed half-way leaves the previous table, never half of one. */
int epstate_save(const struct nvd *d)
{
	char path[EPSTATE_PATH_MAX], tmp[EPSTATE_PATH_MAX + 8], line[128];
	FILE *f;
	int fd, rc = 0;

	epstate_path(d, path, sizeof(path));
	if (d->ep.n == 0)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	/* Root writes here: never through a link someone left in the
	 * control socket's directory. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		unlink(tmp);
		return rc;
	}
	for (size_t i = 0; i < d->ep.n && rc == 0; i++)
		if (status_endpoint_line(line, sizeof(line), &d->ep.e[i]) < 0 || fputs(line, f) == EOF)
			rc = -EIO;
	if (fclose(f) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int epstate_load(struct nvd *d, int (*restore)(struct nvd *d, const struct endpoint *e))
{
	char path[EPSTATE_PATH_MAX], line[256];
	struct endpoint e;
	int fd, n = 0, lineno = 0;
	FILE *f;

	epstate_path(d, path, sizeof(path));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (status_endpoint_parse(line, &e) < 0) {
			log_warnx("%s:%d: not an endpoint line; ignored", path, lineno);
			continue;
		}
		if (restore(d, &e) == 0)
			n++;
	}
	fclose(f);
	return n;
}
