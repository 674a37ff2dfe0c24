/* SPDX-License-Identifier: GPL-2.0-or-later */
/* table.c: rpc.mountd's view of etab, reloaded as soon as exportfs replaces it. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mountd.h"

static void etab_problem(void *arg, const char *file, unsigned int line,
			 const char *text, const char *why)
{
	(void)arg;
	log_warnx("%s:%u: %s: %s; run exportfs -ra to rewrite it", file, line, text, why);
}

static uint64_t name_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	/* FNV's low bits mix poorly and the table masks them: fold the high ones in. */
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static size_t *hash_slot(const struct mountd_ctx *c, const char *name, size_t len)
{
	size_t i = name_hash(name, len) & (c->hcap - 1);

	while (c->chash[i]) {
		const char *n = c->clients[c->chash[i] - 1].cl->name;

		if (strncmp(n, name, len) == 0 && n[len] == '\0')
			break;
		i = (i + 1) & (c->hcap - 1);
	}
	return &c->chash[i];
}

const struct mountd_client *mountd_client_find(const struct mountd_ctx *c, const char *name, size_t len)
{
	size_t *slot;

	if (!c->hcap)
		return NULL;
	slot = hash_slot(c, name, len);
	return *slot ? &c->clients[*slot - 1] : NULL;
}

static int client_add(struct mountd_ctx *c, size_t i)
{
	const char *name = c->tab.v[i].client.name;
	size_t *slot = hash_slot(c, name, strlen(name));
	struct mountd_client *mc;

	if (!*slot) {
		mc = &c->clients[c->nclients++];
		mc->cl = &c->tab.v[i].client;
		*slot = c->nclients;
	}
	mc = &c->clients[*slot - 1];
	if (mc->n == mc->cap) {
		size_t cap = mc->cap ? mc->cap * 2 : 4, *v = realloc(mc->idx, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		mc->idx = v;
		mc->cap = cap;
	}
	mc->idx[mc->n++] = i;
	return 0;
}

/* The per-client index, built once per table. */
static int index_clients(struct mountd_ctx *c)
{
	c->hcap = 16;
	while (c->hcap < 2 * c->tab.n + 2)
		c->hcap *= 2;
	c->chash = calloc(c->hcap, sizeof(*c->chash));
	c->clients = calloc(c->tab.n ? c->tab.n : 1, sizeof(*c->clients));
	if (!c->chash || !c->clients)
		return -ENOMEM;
	for (size_t i = 0; i < c->tab.n; i++)
		if (client_add(c, i) < 0)
			return -ENOMEM;
	return 0;
}

void mountd_table_free(struct mountd_ctx *c)
{
	for (size_t i = 0; i < c->nclients; i++)
		free(c->clients[i].idx);
	free(c->clients);
	free(c->chash);
	c->clients = NULL;
	c->chash = NULL;
	c->nclients = c->hcap = 0;
	nv_exptab_free(&c->tab);
	nv_uuid_cache_free(&c->uuids);
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
	if (!c->ids || !c->id_state || index_clients(c) < 0) {
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
	/* Whoever can write etab decides who mounts what: only root (or the
	 * user mountd runs as, for tests) may own it, and nobody else write it. */
	if (st.st_nlink && ((st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 0022))) {
		log_warnx("%s: owned by uid %u or writable by others; not loaded (chown root, chmod 644)",
			  c->etab, (unsigned int)st.st_uid);
		return -EPERM;
	}
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
		c->id_state[i] = nv_fsident_get(&c->tab.v[i], &c->ids[i], &c->uuids) == 0 ? 1 : 2;
	return c->id_state[i] == 1 ? &c->ids[i] : NULL;
}
