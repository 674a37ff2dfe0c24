/* SPDX-License-Identifier: GPL-2.0-or-later */
/* v4root.c: the NFSv4 pseudo-root: "/" and every ancestor of an export, per client, read-only. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

/* A set of (client, path) keys, so building stays linear in the number of
 * exports times their depth even with tens of thousands of exports. */
struct keyset {
	size_t *slot;		/* index + 1 into the table; 0 is empty */
	size_t cap;
};

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t key_hash(const char *client, const char *path)
{
	uint64_t h = fnv(path, fnv("\n", fnv(client, 0xcbf29ce484222325ULL)));

	/* FNV's low bits mix poorly and the set masks them: fold the high ones in. */
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static size_t *ks_lookup(struct keyset *ks, const struct nv_exptab *t,
			 const char *client, const char *path)
{
	size_t i = key_hash(client, path) & (ks->cap - 1);

	while (ks->slot[i]) {
		const struct nv_export *e = &t->v[ks->slot[i] - 1];

		if (strcmp(e->path, path) == 0 && strcmp(e->client.name, client) == 0)
			break;
		i = (i + 1) & (ks->cap - 1);
	}
	return &ks->slot[i];
}

static int ks_init(struct keyset *ks, const struct nv_exptab *t)
{
	size_t want = 64;
	size_t deep = 0;

	/* Room for every export and each of its ancestors, half full at most. */
	for (size_t i = 0; i < t->n; i++)
		for (const char *p = t->v[i].path; *p; p++)
			deep += *p == '/';
	while (want < 2 * (t->n + deep + 1))
		want *= 2;
	ks->cap = want;
	ks->slot = calloc(want, sizeof(*ks->slot));
	if (!ks->slot)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		size_t *s = ks_lookup(ks, t, t->v[i].client.name, t->v[i].path);

		if (!*s)
			*s = i + 1;
	}
	return 0;
}

static void merge_sec(struct nv_export *ps, const struct nv_export *e)
{
	for (unsigned int i = 0; i < e->nsec; i++) {
		unsigned int j;

		for (j = 0; j < ps->nsec && ps->sec[j] != e->sec[i]; j++)
			;
		if (j == ps->nsec && ps->nsec < NV_SEC_MAX)
			ps->sec[ps->nsec++] = e->sec[i];
	}
}

static int add_pseudo(struct nv_exptab *t, struct keyset *ks, size_t src, const char *path)
{
	struct nv_export ps;
	size_t *s = ks_lookup(ks, t, t->v[src].client.name, path);

	if (*s) {
		/* A real export of an ancestor keeps its own options. */
		if (t->v[*s - 1].pseudo)
			merge_sec(&t->v[*s - 1], &t->v[src]);
		return 0;
	}
	memset(&ps, 0, sizeof(ps));
	ps.path = (char *)path;
	ps.client = t->v[src].client;
	ps.flags = NV_EXP_V4ROOT_FLAGS | (strcmp(path, "/") == 0 ? NFSEXP_FSID : 0);
	ps.anonuid = ps.anongid = NV_EXP_ANON_ID;
	ps.pseudo = true;
	merge_sec(&ps, &t->v[src]);
	if (nv_exptab_add(t, &ps) < 0)
		return -ENOMEM;
	*s = t->n;
	return 0;
}

static int add_ancestors(struct nv_exptab *t, struct keyset *ks, size_t src)
{
	char path[4096];
	size_t len = strlen(t->v[src].path);

	if (len >= sizeof(path))
		return 0;
	for (size_t i = 1; i <= len; i++) {
		/* Each prefix ending before a '/' is an ancestor; "/" comes first. */
		if (i < len && t->v[src].path[i] != '/')
			continue;
		if (i == len)
			break;
		memcpy(path, t->v[src].path, i);
		path[i] = '\0';
		if (add_pseudo(t, ks, src, i == 1 ? "/" : path) < 0)
			return -ENOMEM;
	}
	if (len > 1 && add_pseudo(t, ks, src, "/") < 0)
		return -ENOMEM;
	return 0;
}

int nv_v4root_build(struct nv_exptab *t)
{
	struct keyset ks;
	size_t real = t->n;
	int rc = 0;

	for (size_t i = 0; i < real; i++)
		if ((t->v[i].flags & NFSEXP_FSID) && t->v[i].fsid == 0)
			return 0;
	for (size_t i = 0; i < real; i++)
		if (strcmp(t->v[i].path, "/") == 0 && !t->v[i].has_uuid) {
			t->v[i].flags |= NFSEXP_FSID;
			t->v[i].fsid = 0;
		}
	if (ks_init(&ks, t) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < real && !rc; i++)
		rc = add_ancestors(t, &ks, i);
	free(ks.slot);
	return rc;
}

/* Stable across mountd restarts, so a guest's filehandles for a pseudo
 * directory stay valid: 16 bytes from two 64-bit FNV-1a hashes of the path. */
void nv_v4root_uuid(const char *path, uint8_t uuid[16])
{
	uint64_t a = fnv(path, 0x39c6b5c13f244f4eULL), b = fnv(path, 0x977c7fe6546b8a25ULL);

	memcpy(uuid, &a, 8);
	memcpy(uuid + 8, &b, 8);
}
