/* SPDX-License-Identifier: GPL-2.0-or-later */
/* table.c: rpc.mountd's view of etab, reloaded as soon as exportfs replaces it. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "mountd.h"

static void etab_problem(void *arg, const char *file, unsigned int line,
			 const char *text, const char *why)
{
	(void)arg;
	log_warnx("%s:%u: %s: %s; run exportfs -ra to rewrite it", file, line, text, why);
}

void mountd_table_free(struct mountd_ctx *c)
{
	nv_exptab_free(&c->tab);
	free(c->ids);
	free(c->id_state);
	c->ids = NULL;
	c->id_state = NULL;
}

/* exportfs renames a new etab into place, so a new inode or any change in
 * size or times means a new table. */
static int etab_changed(const struct mountd_ctx *c, const struct stat *st)
{
	return !c->loaded || st->st_ino != c->etab_st.st_ino || st->st_size != c->etab_st.st_size ||
	       st->st_mtim.tv_sec != c->etab_st.st_mtim.tv_sec ||
	       st->st_mtim.tv_nsec != c->etab_st.st_mtim.tv_nsec ||
	       st->st_ctim.tv_nsec != c->etab_st.st_ctim.tv_nsec;
}

static int load(struct mountd_ctx *c, const struct stat *st)
{
	struct nv_exptab t = { 0 };
	int rc = nv_etab_read(c->etab, &t, etab_problem, NULL);

	if (rc < 0) {
		nv_exptab_free(&t);
		return rc;
	}
	if (nv_v4root_build(&t) < 0) {
		nv_exptab_free(&t);
		return -ENOMEM;
	}
	mountd_table_free(c);
	c->tab = t;
	c->ids = calloc(t.n ? t.n : 1, sizeof(*c->ids));
	c->id_state = calloc(t.n ? t.n : 1, 1);
	if (!c->ids || !c->id_state) {
		mountd_table_free(c);
		return -ENOMEM;
	}
	c->etab_st = *st;
	c->loaded = true;
	log_debug(LOGC_EXPORTS, "loaded %s: %zu entries with the pseudo-root", c->etab, t.n);
	return 0;
}

int mountd_table_refresh(struct mountd_ctx *c)
{
	struct stat st;
	int rc;

	if (stat(c->etab, &st) < 0) {
		if (errno != ENOENT)
			return -errno;
		/* No etab: nothing is exported. */
		memset(&st, 0, sizeof(st));
	}
	if (!etab_changed(c, &st))
		return 0;
	rc = load(c, &st);
	if (rc < 0)
		log_warnx("%s: cannot load (%s); keeping the previous export table",
			  c->etab, strerror(-rc));
	else if (c->loaded)
		log_info("export table %s loaded: %zu entries", c->etab, c->tab.n);
	return rc;
}

const struct nv_fsident *mountd_ident(struct mountd_ctx *c, size_t i)
{
	if (i >= c->tab.n)
		return NULL;
	if (!c->id_state[i])
		c->id_state[i] = nv_fsident_get(&c->tab.v[i], &c->ids[i]) == 0 ? 1 : 2;
	return c->id_state[i] == 1 ? &c->ids[i] : NULL;
}
