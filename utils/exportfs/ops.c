/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ops.c: exportfs's actions: export, re-export, unexport, then etab and the kernel caches. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exportfs.h"
#include "log.h"

static void report(void *arg, const char *file, unsigned int line, const char *text, const char *why)
{
	struct exportfs_ctx *c = arg;

	c->problems++;
	if (line)
		log_warnx("%s:%u: %s: %s", file, line, text, why);
	else
		log_warnx("%s: %s", file, why);
}

/* A path that is not a directory (or file) now cannot be exported; say
 * so and leave it out, as nfs-utils does, rather than fail every upcall. */
static int path_usable(struct exportfs_ctx *c, const struct nv_export *e)
{
	struct stat st;
	const char *why = "not a directory or regular file";

	if (stat(e->path, &st) < 0)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))
		return 1;
	c->problems++;
	log_warnx("%s: %s; not exported to %s (create it, or fix the exports line)",
		  e->path, why, e->client.name);
	return 0;
}

/* Add e to etab, replacing an entry for the same client and path. */
static int put(struct exportfs_ctx *c, const struct nv_export *e)
{
	long i = nv_exptab_find(&c->etab_tab, e->client.name, e->path);

	if (!path_usable(c, e))
		return 0;
	if (c->verbose)
		printf("exporting %s:%s\n", e->client.name, e->path);
	/* In place: the table keeps its order and its index. */
	if (i >= 0)
		return nv_exptab_set(&c->etab_tab, (size_t)i, e);
	return nv_exptab_add(&c->etab_tab, e);
}

/* Operands only borrow options from the files: their problems are
 * reported by -a and -r, not by every "exportfs client:/path". */
static void quiet(void *arg, const char *file, unsigned int line, const char *text, const char *why)
{
	(void)arg, (void)file, (void)line, (void)text, (void)why;
}

static int load_file(struct exportfs_ctx *c)
{
	bool all = c->all || c->reexport;
	int rc = nv_exports_load(c->exports, c->exports_d, &c->file_tab, all ? report : quiet, c);

	if (rc < 0) {
		log_warnx("%s: cannot read: %s", c->exports, strerror(-rc));
		return -1;
	}
	return 0;
}

/* -r without operands: the files' table, minus unusable paths, becomes
 * etab as it is, without copying ten thousand entries one by one. */
static void take_file_table(struct exportfs_ctx *c)
{
	struct nv_exptab *f = &c->file_tab;
	size_t k = 0;

	for (size_t i = 0; i < f->n; i++) {
		if (path_usable(c, &f->v[i])) {
			if (c->verbose)
				printf("exporting %s:%s\n", f->v[i].client.name, f->v[i].path);
			f->v[k++] = f->v[i];
		} else {
			free(f->v[i].path);
			free(f->v[i].mountpoint);
		}
	}
	f->n = k;
	f->stale = true;
	nv_exptab_free(&c->etab_tab);
	c->etab_tab = *f;
	memset(f, 0, sizeof(*f));
}

static int export_all(struct exportfs_ctx *c)
{
	if (c->reexport && !c->nargs) {
		take_file_table(c);
		return 0;
	}
	if (c->reexport) {
		/* -r: etab becomes exactly what the files say. */
		nv_exptab_free(&c->etab_tab);
	}
	for (size_t i = 0; i < c->file_tab.n; i++)
		if (put(c, &c->file_tab.v[i]) < 0)
			return -1;
	return 0;
}

/* The options an operand starts from: its exports line unless -i. */
static void base_for(struct exportfs_ctx *c, const char *client, const char *path,
		     struct nv_export *e)
{
	long i = c->ignore_file ? -1 : nv_exptab_find(&c->file_tab, client, path);

	if (i >= 0) {
		*e = c->file_tab.v[i];
		e->mountpoint = e->mountpoint ? strdup(e->mountpoint) : NULL;
	} else {
		nv_export_defaults(e);
	}
}

static int operand(struct exportfs_ctx *c, const char *arg, struct nv_export *e, char *path, size_t plen)
{
	char spec[NV_CLIENT_NAMELEN], bad[256];
	struct nv_client cl;
	const char *why;
	size_t n;

	if (nv_export_split_arg(arg, spec, sizeof(spec), path, plen) < 0) {
		log_warnx("%s: not client:/path (IPv6 subnets: [fd00::/64]:/path)", arg);
		return -1;
	}
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (nv_client_parse(spec, &cl, &why) < 0) {
		log_warnx("%s: %s", spec, why);
		return -1;
	}
	base_for(c, cl.name, path, e);
	e->client = cl;
	e->path = path;
	if (c->opts && nv_export_options(e, c->opts, bad, sizeof(bad), &why) < 0) {
		log_warnx("-o %s: %s: %s", c->opts, bad, why);
		free(e->mountpoint);
		return -1;
	}
	return 0;
}

static int do_operands(struct exportfs_ctx *c)
{
	char path[4096];
	struct nv_export e;
	long i;

	for (int k = 0; k < c->nargs; k++) {
		if (operand(c, c->args[k], &e, path, sizeof(path)) < 0) {
			c->problems++;
			continue;
		}
		if (!c->unexport) {
			if (put(c, &e) < 0)
				return -1;
		} else if ((i = nv_exptab_find(&c->etab_tab, e.client.name, e.path)) < 0) {
			c->problems++;
			log_warnx("%s: not exported to %s; see exportfs -v", e.path, e.client.name);
		} else {
			if (c->verbose)
				printf("unexporting %s:%s\n", e.client.name, e.path);
			nv_exptab_remove(&c->etab_tab, (size_t)i);
		}
		free(e.mountpoint);
	}
	return 0;
}

/* Every cached answer expires now, so the change reaches mounted clients at once. */
static void flush_caches(struct exportfs_ctx *c)
{
	static const char *const caches[] = { "auth.unix.ip", "auth.unix.gid", "nfsd.fh", "nfsd.export" };
	char path[4200], now[32];
	int fd, n = snprintf(now, sizeof(now), "%lld\n", (long long)time(NULL));

	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/flush", c->cachedir, caches[i]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT)
				log_warn("%s: cannot flush", path);
			continue;
		}
		if (write(fd, now, (size_t)n) != n)
			log_warn("%s: flush refused", path);
		close(fd);
	}
}

int exportfs_run(struct exportfs_ctx *c)
{
	int change = c->all || c->reexport || c->nargs > 0;
	int rc;

	/* -r and -ua replace the whole table: the old one need not be parsed. */
	if (!(c->reexport || (c->unexport && c->all)) &&
	    nv_etab_read(c->etab, &c->etab_tab, report, c) < 0) {
		log_warnx("%s: cannot read the export table; check the state directory", c->etab);
		return -1;
	}
	if (!c->ignore_file && !c->unexport && (c->all || c->reexport || c->nargs) && load_file(c) < 0)
		return -1;
	if (c->unexport && c->all)
		nv_exptab_free(&c->etab_tab);
	else if ((c->all || c->reexport) && export_all(c) < 0)
		return -1;
	if (do_operands(c) < 0)
		return -1;
	if (change) {
		rc = nv_etab_write(c->etab, &c->etab_tab);
		if (rc < 0) {
			log_warnx("%s: cannot write: %s; the old export table stays", c->etab, strerror(-rc));
			return -1;
		}
	}
	if (change || c->flush)
		flush_caches(c);
	if (!change && !c->flush)
		exportfs_list(c);
	return 0;
}
