/* SPDX-License-Identifier: GPL-2.0-or-later */
/* format.c: the canonical text of an export (etab lines, exportfs -v) and the export table. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

struct out {
	char *buf;
	size_t len, used;
	int overflow;
};

__attribute__((format(printf, 2, 3)))
static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used) {
		o->overflow = 1;
		return;
	}
	o->used += (size_t)n;
}

static const char *pick(const struct nv_export *e, unsigned int bit, const char *on, const char *off)
{
	return (e->flags & bit) ? on : off;
}

static const char *flavor_name(uint32_t f)
{
	switch (f) {
	case NV_SEC_SYS: return "sys";
	case NV_SEC_KRB5: return "krb5";
	case NV_SEC_KRB5I: return "krb5i";
	case NV_SEC_KRB5P: return "krb5p";
	default: return "unknown";
	}
}

static void add_ids(struct out *o, const struct nv_export *e)
{
	char u[40];

	if (e->anonuid != NV_EXP_ANON_ID)
		add(o, ",anonuid=%u", e->anonuid);
	if (e->anongid != NV_EXP_ANON_ID)
		add(o, ",anongid=%u", e->anongid);
	if (e->flags & NFSEXP_FSID)
		add(o, ",fsid=%u", e->fsid);
	if (e->has_uuid && !e->pseudo) {
		nv_uuid_format(e->uuid, u, sizeof(u));
		add(o, ",fsid=%s", u);
	}
	if (e->mountpoint) {
		char p[4096];

		if (!*e->mountpoint)
			add(o, ",mountpoint");
		else if (nv_export_format_path(e->mountpoint, p, sizeof(p)) >= 0)
			add(o, ",mountpoint=%s", p);
		else
			o->overflow = 1;
	}
}

int nv_export_format_options(const struct nv_export *e, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0 };

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	add(&o, "%s,%s,%s", pick(e, NFSEXP_READONLY, "ro", "rw"),
	    pick(e, NFSEXP_ASYNC, "async", "sync"),
	    pick(e, NFSEXP_GATHERED_WRITES, "wdelay", "no_wdelay"));
	add(&o, ",%s", pick(e, NFSEXP_NOHIDE, "nohide", "hide"));
	if (e->flags & NFSEXP_CROSSMOUNT)
		add(&o, ",crossmnt");
	add(&o, ",%s,%s", pick(e, NFSEXP_NOSUBTREECHECK, "no_subtree_check", "subtree_check"),
	    pick(e, NFSEXP_INSECURE_PORT, "insecure", "secure"));
	add(&o, ",%s,%s", pick(e, NFSEXP_ROOTSQUASH, "root_squash", "no_root_squash"),
	    pick(e, NFSEXP_ALLSQUASH, "all_squash", "no_all_squash"));
	if (e->flags & NFSEXP_NOAUTHNLM)
		add(&o, ",insecure_locks");
	if (e->flags & NFSEXP_SECURITY_LABEL)
		add(&o, ",security_label");
	if (e->flags & NFSEXP_NOREADDIRPLUS)
		add(&o, ",nordirplus");
	add_ids(&o, e);
	for (unsigned int i = 0; i < e->nsec; i++)
		add(&o, "%s%s", i ? ":" : ",sec=", flavor_name(e->sec[i]));
	return o.overflow ? -ENOSPC : (int)o.used;
}

int nv_export_format_path(const char *path, char *buf, size_t len)
{
	size_t n = 0;

	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int esc = c <= ' ' || c == '\\' || c == '#' || c == '"' || c == 0x7f;

		if (n + (esc ? 4 : 1) >= len)
			return -ENOSPC;
		if (esc)
			n += (size_t)snprintf(buf + n, len - n, "\\%03o", c);
		else
			buf[n++] = (char)c;
	}
	if (n >= len)
		return -ENOSPC;
	buf[n] = '\0';
	return (int)n;
}

void nv_exptab_free(struct nv_exptab *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].path);
		free(t->v[i].mountpoint);
	}
	free(t->v);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

static uint64_t key_hash(const char *client, const char *path)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const char *s = client; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = (h ^ '\n') * 0x100000001b3ULL;
	for (const char *s = path; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	/* FNV's low bits mix poorly and the table masks them: fold the high ones in. */
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static size_t *slot_of(const struct nv_exptab *t, const char *client, const char *path)
{
	size_t i = key_hash(client, path) & (t->hcap - 1);

	while (t->hash[i]) {
		const struct nv_export *e = &t->v[t->hash[i] - 1];

		if (strcmp(e->path, path) == 0 && strcmp(e->client.name, client) == 0)
			break;
		i = (i + 1) & (t->hcap - 1);
	}
	return &t->hash[i];
}

/* Rebuild at a quarter full, so the table doubles well before it fills;
 * the first entry of a duplicate key wins. */
static int rehash(struct nv_exptab *t)
{
	size_t cap = 64;

	while (cap < 4 * t->n + 4)
		cap *= 2;
	free(t->hash);
	t->hash = calloc(cap, sizeof(*t->hash));
	if (!t->hash) {
		t->hcap = 0;
		return -ENOMEM;
	}
	t->hcap = cap;
	t->stale = false;
	for (size_t i = 0; i < t->n; i++) {
		size_t *s = slot_of(t, t->v[i].client.name, t->v[i].path);

		if (!*s)
			*s = i + 1;
	}
	return 0;
}

int nv_exptab_add(struct nv_exptab *t, const struct nv_export *e)
{
	struct nv_export *slot;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct nv_export *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	slot = &t->v[t->n];
	*slot = *e;
	slot->path = strdup(e->path);
	slot->mountpoint = e->mountpoint ? strdup(e->mountpoint) : NULL;
	if (!slot->path || (e->mountpoint && !slot->mountpoint)) {
		free(slot->path);
		free(slot->mountpoint);
		return -ENOMEM;
	}
	t->n++;
	if (t->hcap && !t->stale) {
		size_t *s;

		if (2 * t->n + 2 > t->hcap) {
			t->stale = true;
			return 0;
		}
		s = slot_of(t, slot->client.name, slot->path);
		if (!*s)
			*s = t->n;
	}
	return 0;
}

long nv_exptab_find(struct nv_exptab *t, const char *client, const char *path)
{
	size_t *s;

	if (!t->n)
		return -1;
	if ((!t->hcap || t->stale) && rehash(t) < 0) {
		/* No memory for the index: a linear search still answers. */
		for (size_t i = 0; i < t->n; i++)
			if (strcmp(t->v[i].path, path) == 0 && strcmp(t->v[i].client.name, client) == 0)
				return (long)i;
		return -1;
	}
	s = slot_of(t, client, path);
	return *s ? (long)*s - 1 : -1;
}

void nv_exptab_remove(struct nv_exptab *t, size_t i)
{
	if (i >= t->n)
		return;
	free(t->v[i].path);
	free(t->v[i].mountpoint);
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof(t->v[0]));
	t->n--;
	t->stale = true;
}

int nv_exptab_set(struct nv_exptab *t, size_t i, const struct nv_export *e)
{
	char *path = strdup(e->path), *mp = e->mountpoint ? strdup(e->mountpoint) : NULL;

	if (!path || (e->mountpoint && !mp)) {
		free(path);
		free(mp);
		return -ENOMEM;
	}
	free(t->v[i].path);
	free(t->v[i].mountpoint);
	t->v[i] = *e;
	t->v[i].path = path;
	t->v[i].mountpoint = mp;
	return 0;
}

int nv_export_split_arg(const char *arg, char *client, size_t clen, char *path, size_t plen)
{
	const char *colon;

	/* "[v6addr/len]:/path" for addresses whose own text has ":/". */
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || close[1] != ':' || close[2] != '/')
			return -EINVAL;
		if ((size_t)(close - arg - 1) >= clen || strlen(close + 2) >= plen)
			return -ENAMETOOLONG;
		memcpy(client, arg + 1, (size_t)(close - arg - 1));
		client[close - arg - 1] = '\0';
		snprintf(path, plen, "%s", close + 2);
		return 0;
	}
	colon = strstr(arg, ":/");
	if (!colon || colon == arg)
		return -EINVAL;
	if ((size_t)(colon - arg) >= clen || strlen(colon + 1) >= plen)
		return -ENAMETOOLONG;
	memcpy(client, arg, (size_t)(colon - arg));
	client[colon - arg] = '\0';
	snprintf(path, plen, "%s", colon + 1);
	return 0;
}
