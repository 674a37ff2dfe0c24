/* SPDX-License-Identifier: GPL-2.0-or-later */
/* etab.c: reading exports files and exports.d, and the etab written atomically. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

#define EXPORTS_MAX_BYTES (64u << 20)

/* The whole file as a string; -EFBIG over the limit, -EINVAL with a NUL byte. */
static int slurp(const char *file, char **out)
{
	struct stat st;
	ssize_t r;
	size_t n = 0;
	char *buf;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > EXPORTS_MAX_BYTES) {
		close(fd);
		return S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (n < (size_t)st.st_size && (r = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	if (strlen(buf) != n) {
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	return 0;
}

int nv_exports_parse_file(const char *file, struct nv_exptab *t, nv_exp_errfn err, void *arg)
{
	char *text = NULL;
	int rc = slurp(file, &text);

	if (rc < 0)
		return rc;
	rc = nv_exports_parse_buf(file, text, t, err, arg);
	free(text);
	return rc;
}

static int is_exports_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 8 && strcmp(d->d_name + n - 8, ".exports") == 0;
}

static int load_one(const char *file, struct nv_exptab *t, nv_exp_errfn err, void *arg)
{
	int rc = nv_exports_parse_file(file, t, err, arg);

	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		if (err)
			err(arg, file, 0, file, rc == -EINVAL ? "not a regular text file (NUL byte, "
			    "directory or device); fix or remove it" : strerror(-rc));
		return 1;
	}
	return rc;
}

int nv_exports_load(const char *file, const char *dir, struct nv_exptab *t,
		    nv_exp_errfn err, void *arg)
{
	struct dirent **names = NULL;
	char path[4096];
	int n, rc, problems = 0;

	if (access(file, F_OK) == 0) {
		rc = load_one(file, t, err, arg);
		if (rc < 0)
			return rc;
		problems += rc;
	}
	n = dir ? scandir(dir, &names, is_exports_name, versionsort) : 0;
	for (int i = 0; i < n; i++) {
		rc = 0;
		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) < (int)sizeof(path))
			rc = load_one(path, t, err, arg);
		if (rc > 0)
			problems += rc;
		free(names[i]);
		if (rc < 0)
			problems = rc;
	}
	free(names);
	return problems;
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Lines are gathered and written 64 KiB at a time: one write() per export
 * was most of exportfs -ra's time with ten thousand exports. */
struct wbuf {
	int fd;
	size_t used;
	char b[65536];
};

static int wb_flush(struct wbuf *w)
{
	int rc = write_all(w->fd, w->b, w->used);

	w->used = 0;
	return rc;
}

static int write_entry(struct wbuf *w, const struct nv_export *e)
{
	char path[4096 * 4], opts[4096 + 512];
	int n, rc;

	if (nv_export_format_path(e->path, path, sizeof(path)) < 0 ||
	    nv_export_format_options(e, opts, sizeof(opts)) < 0)
		return -ENAMETOOLONG;
	n = snprintf(w->b + w->used, sizeof(w->b) - w->used, "%s\t%s(%s)\n", path, e->client.name, opts);
	if (n >= 0 && (size_t)n < sizeof(w->b) - w->used) {
		w->used += (size_t)n;
		return 0;
	}
	rc = wb_flush(w);
	if (rc < 0)
		return rc;
	n = snprintf(w->b, sizeof(w->b), "%s\t%s(%s)\n", path, e->client.name, opts);
	if (n < 0 || (size_t)n >= sizeof(w->b))
		return -ENAMETOOLONG;
	w->used = (size_t)n;
	return 0;
}

static int write_table(int fd, const struct nv_exptab *t)
{
	struct wbuf *w = malloc(sizeof(*w));
	int rc = 0;

	if (!w)
		return -ENOMEM;
	w->fd = fd;
	w->used = 0;
	for (size_t i = 0; i < t->n && !rc; i++)
		if (!t->v[i].pseudo)
			rc = write_entry(w, &t->v[i]);
	if (!rc)
		rc = wb_flush(w);
	free(w);
	return rc;
}

/* A crash mid-write leaves the old etab or the new one, never a torn file:
 * write a temporary file, fsync it, rename it over, fsync the directory. */
int nv_etab_write(const char *path, const struct nv_exptab *t)
{
	char tmp[4096], dir[4096], *slash;
	int fd, dfd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_table(fd, t);
	if (!rc && (fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc) {
		unlink(tmp);
		return rc;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int nv_etab_read(const char *path, struct nv_exptab *t, nv_exp_errfn err, void *arg)
{
	int rc = nv_exports_parse_file(path, t, err, arg);

	return rc == -ENOENT ? 0 : rc;
}
