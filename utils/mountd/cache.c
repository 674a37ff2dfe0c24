/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cache.c: rpc.mountd's answers to the kernel's cache upcalls, one function per cache. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <mntent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cacheio.h"
#include "log.h"
#include "mountd.h"
#include "paths.h"
#include "strnum.h"

#define WORD_MAX 4096

static const char *const chan_names[CHAN_COUNT] = {
	[CHAN_IP] = "auth.unix.ip", [CHAN_GID] = "auth.unix.gid",
	[CHAN_EXPORT] = "nfsd.export", [CHAN_FH] = "nfsd.fh",
};

const char *mountd_chan_name(enum mountd_chan ch)
{
	return ch < CHAN_COUNT ? chan_names[ch] : "?";
}

int mountd_chan_parse(const char *name, enum mountd_chan *ch)
{
	for (int i = 0; i < CHAN_COUNT; i++) {
		if (strcmp(name, chan_names[i]) == 0) {
			*ch = (enum mountd_chan)i;
			return 0;
		}
	}
	return -EINVAL;
}

static long long expiry(const struct mountd_ctx *c)
{
	return (long long)(c->fixed_now ? c->fixed_now : time(NULL)) + c->ttl;
}

/* The next client of a comma-separated domain; NULL after the last. */
static const struct mountd_client *next_client(const struct mountd_ctx *c, const char **dom)
{
	const struct mountd_client *mc = NULL;

	while (!mc && **dom) {
		size_t len = strcspn(*dom, ",");

		mc = mountd_client_find(c, *dom, len);
		*dom += len + ((*dom)[len] == ',');
	}
	return mc;
}

/* auth.unix.ip: "nfsd <addr>" -> "nfsd <addr> <expiry> [<domain>]". The
 * domain lists every client spec that covers the peer, so nfsd.export
 * can pick the best export among them. */
static int answer_ip(struct mountd_ctx *c, const char *req, struct cache_buf *b)
{
	char cls[16], addr[128], dom[MOUNTD_REPLY_MAX / 2] = "", who[64];
	struct nv_peer peer;
	size_t used = 0;

	if (cache_get_word(&req, cls, sizeof(cls)) < 0 || cache_get_word(&req, addr, sizeof(addr)) < 0)
		return -EINVAL;
	cache_add_word(b, cls);
	cache_add_word(b, addr);
	cache_add_int(b, expiry(c));
	if (nv_peer_parse(addr, &peer) < 0) {
		log_warnx("auth.unix.ip: '%s' is no address; denied", addr);
		return 0;
	}
	for (size_t k = 0; k < c->nclients; k++) {
		const char *name = c->clients[k].cl->name;

		if (!nv_client_match(c->clients[k].cl, &peer))
			continue;
		if (used + strlen(name) + 2 > sizeof(dom))
			break;
		used += (size_t)snprintf(dom + used, sizeof(dom) - used, "%s%s", used ? "," : "", name);
	}
	nv_peer_format(&peer, who, sizeof(who));
	if (used)
		cache_add_word(b, dom);
	log_info("%s (%s): %s%s", who, addr, used ? "may use exports of " : "no export names this client; denied",
		 used ? dom : "");
	return 0;
}

/* Rank of an export for a request: real before pseudo, then the most
 * specific client kind, then file order. Lower is better. */
static long rank(const struct nv_export *e, size_t i)
{
	return (long)(e->pseudo ? 1L << 40 : 0) + ((long)e->client.kind << 32) + (long)i;
}

/* Is entry e, for path, the export itself (1), a crossmnt parent of it (2), or neither (0)? */
static int covers(const struct nv_export *e, const char *path, size_t plen)
{
	size_t el = strlen(e->path);

	if (el == plen && memcmp(e->path, path, plen) == 0)
		return 1;
	/* A filesystem mounted under a crossmnt export is exported with it. */
	return (e->flags & NFSEXP_CROSSMOUNT) && plen > el && strncmp(path, e->path, el) == 0 &&
	       (path[el] == '/' || el == 1) ? 2 : 0;
}

static long best_export(const struct mountd_ctx *c, const char *dom, const char *path, int *sub)
{
	const struct mountd_client *mc;
	size_t plen = strlen(path);
	long best = -1, br = 0;

	*sub = 0;
	while ((mc = next_client(c, &dom)) != NULL) {
		for (size_t k = 0; k < mc->n; k++) {
			size_t i = mc->idx[k];
			int how = covers(&c->tab.v[i], path, plen);
			long r = rank(&c->tab.v[i], i) + (how == 2 ? 1L << 41 : 0);

			if (how && (best < 0 || r < br)) {
				best = (long)i;
				br = r;
				*sub = how == 2;
			}
		}
	}
	return best;
}

/* subpath: a filesystem mounted below crossmnt export i, with its own identity. */
static void add_export_words(struct mountd_ctx *c, size_t i, const char *subpath, struct cache_buf *b)
{
	const struct nv_export *e = &c->tab.v[i];
	const struct nv_fsident *id = subpath ? NULL : mountd_ident(c, i);
	unsigned int flags = e->flags & NFSEXP_ALLFLAGS;
	struct nv_fsident subid;

	if (subpath) {
		struct nv_export sub = *e;

		sub.path = (char *)subpath;
		sub.flags &= ~(unsigned int)NFSEXP_FSID;
		sub.has_uuid = false;
		id = nv_fsident_get(&sub, &subid, &c->uuids) == 0 ? &subid : NULL;
		flags &= ~(unsigned int)NFSEXP_FSID;
	}
	cache_add_uint(b, flags);
	cache_add_uint(b, e->anonuid);
	cache_add_uint(b, e->anongid);
	cache_add_uint(b, (flags & NFSEXP_FSID) ? e->fsid : 0);
	if (!(flags & NFSEXP_FSID) && id && id->has_uuid) {
		cache_add_word(b, "uuid");
		cache_add_hex(b, id->uuid, 16);
	}
	cache_add_word(b, "secinfo");
	cache_add_uint(b, e->nsec);
	for (unsigned int s = 0; s < e->nsec; s++) {
		cache_add_uint(b, e->sec[s]);
		cache_add_uint(b, flags);
	}
}

/* nfsd.export: "<domain> <path>" -> the export's settings, or negative. */
static int answer_export(struct mountd_ctx *c, const char *req, struct cache_buf *b)
{
	char dom[WORD_MAX], path[WORD_MAX];
	int dn, pn, sub;
	long i;

	dn = cache_get_word(&req, dom, sizeof(dom));
	pn = dn > 0 ? cache_get_word(&req, path, sizeof(path)) : -EINVAL;
	/* A NUL inside a word would cut it short in every later strcmp. */
	if (pn <= 0 || (size_t)dn != strlen(dom) || (size_t)pn != strlen(path) || path[0] != '/')
		return -EINVAL;
	cache_add_word(b, dom);
	cache_add_word(b, path);
	cache_add_int(b, expiry(c));
	i = best_export(c, dom, path, &sub);
	if (i < 0) {
		log_info("%s: %s is not exported to it; refused", dom, path);
		return 0;
	}
	add_export_words(c, (size_t)i, sub ? path : NULL, b);
	if (c->tab.v[i].pseudo)
		log_debug(LOGC_EXPORTS, "%s: %s is part of the pseudo-root", dom, path);
	else
		log_info("%s: %s exported (%s, client %s)", dom, path,
			 (c->tab.v[i].flags & NFSEXP_READONLY) ? "ro" : "rw", c->tab.v[i].client.name);
	return 0;
}

static long find_fsid(struct mountd_ctx *c, const char *dom, int type, const uint8_t *fsid, size_t len)
{
	const struct mountd_client *mc;
	long best = -1, br = 0;

	while ((mc = next_client(c, &dom)) != NULL) {
		for (size_t k = 0; k < mc->n; k++) {
			size_t i = mc->idx[k];
			const struct nv_export *e = &c->tab.v[i];
			const struct nv_fsident *id;

			/* fsid= numbers need no stat(); everything else names a directory. */
			if ((best >= 0 && rank(e, i) >= br) || (type == 1 && !(e->flags & NFSEXP_FSID)))
				continue;
			id = mountd_ident(c, i);
			if (id && nv_fsid_match(e, id, type, fsid, len)) {
				best = (long)i;
				br = rank(e, i);
			}
		}
	}
	return best;
}

/* Is the mount at dir one a crossmnt export of the domain reaches? */
static const struct nv_export *crossmnt_parent(const struct mountd_ctx *c, const char *dom, const char *dir)
{
	const struct mountd_client *mc;

	while ((mc = next_client(c, &dom)) != NULL) {
		for (size_t k = 0; k < mc->n; k++) {
			const struct nv_export *e = &c->tab.v[mc->idx[k]];

			if (!e->pseudo && covers(e, dir, strlen(dir)) == 2)
				return e;
		}
	}
	return NULL;
}

/* A filesystem mounted below a crossmnt export has its own fsid, which
 * no etab entry carries: look through the mounts, as nfs-utils does. */
static int crossmnt_fsid(struct mountd_ctx *c, const char *dom, int type, const uint8_t *fsid,
			 size_t len, char *path, size_t plen)
{
	char mounts[4096];
	struct mntent *m;
	FILE *f;
	int found = 0;

	if (nv_path_get(NV_PATH_PROC_MOUNTS, mounts, sizeof(mounts)) < 0 || !(f = setmntent(mounts, "r")))
		return 0;
	while (!found && (m = getmntent(f)) != NULL) {
		const struct nv_export *parent = crossmnt_parent(c, dom, m->mnt_dir);
		struct nv_export sub;
		struct nv_fsident id;

		if (!parent)
			continue;
		sub = *parent;
		sub.path = m->mnt_dir;
		sub.flags &= ~(unsigned int)NFSEXP_FSID;
		sub.has_uuid = false;
		if (nv_fsident_get(&sub, &id, &c->uuids) == 0 && nv_fsid_match(&sub, &id, type, fsid, len))
			found = snprintf(path, plen, "%s", m->mnt_dir) < (int)plen;
	}
	endmntent(f);
	return found;
}

/* nfsd.fh: "<domain> <type> \x<fsid>" -> "... <expiry> <path>", or negative. */
static int answer_fh(struct mountd_ctx *c, const char *req, struct cache_buf *b)
{
	char dom[WORD_MAX], tword[32], sub[WORD_MAX];
	uint8_t fsid[64];
	long long type;
	long i;
	int n;

	if (cache_get_word(&req, dom, sizeof(dom)) <= 0 || cache_get_word(&req, tword, sizeof(tword)) <= 0 ||
	    nv_strtonum(tword, 0, 7, &type) < 0)
		return -EINVAL;
	if (*req == ' ')
		req++;
	if (req[0] != '\\' || req[1] != 'x')
		return -EINVAL;
	n = cache_get_word(&req, (char *)fsid, sizeof(fsid));
	if (n < 0 || n != nv_fsid_len((int)type))
		return -EINVAL;
	cache_add_word(b, dom);
	cache_add_int(b, type);
	cache_add_hex(b, fsid, (size_t)n);
	cache_add_int(b, expiry(c));
	i = find_fsid(c, dom, (int)type, fsid, (size_t)n);
	if (i >= 0)
		snprintf(sub, sizeof(sub), "%s", c->tab.v[i].path);
	else if (!crossmnt_fsid(c, dom, (int)type, fsid, (size_t)n, sub, sizeof(sub))) {
		log_info("%s: no export has filehandle fsid type %lld; stale", dom, type);
		return 0;
	}
	cache_add_word(b, sub);
	log_debug(LOGC_EXPORTS, "%s: fsid type %lld is %s", dom, type, sub);
	return 0;
}

/* auth.unix.gid: "<uid>" -> "<uid> <expiry> <n> <gid>...", the server's groups. */
static int answer_gid(struct mountd_ctx *c, const char *req, struct cache_buf *b)
{
	char word[32];
	gid_t groups[256];
	int ng = (int)(sizeof(groups) / sizeof(groups[0]));
	long long uid;
	struct passwd *pw;

	if (cache_get_word(&req, word, sizeof(word)) <= 0 || nv_strtonum(word, 0, 4294967294LL, &uid) < 0)
		return -EINVAL;
	cache_add_int(b, uid);
	cache_add_int(b, expiry(c));
	pw = getpwuid((uid_t)uid);
	if (!pw || getgrouplist(pw->pw_name, pw->pw_gid, groups, &ng) < 0)
		ng = 0;
	cache_add_int(b, ng);
	for (int k = 0; k < ng; k++)
		cache_add_uint(b, groups[k]);
	return 0;
}

int mountd_answer(struct mountd_ctx *c, enum mountd_chan ch, const char *req,
		  char *reply, size_t len)
{
	static int (*const fn[CHAN_COUNT])(struct mountd_ctx *, const char *, struct cache_buf *) = {
		[CHAN_IP] = answer_ip, [CHAN_GID] = answer_gid,
		[CHAN_EXPORT] = answer_export, [CHAN_FH] = answer_fh,
	};
	struct cache_buf b;
	int rc;

	mountd_table_refresh(c);
	cache_buf_init(&b, reply, len);
	if (ch >= CHAN_COUNT || fn[ch](c, req, &b) < 0) {
		log_warnx("%s: malformed request '%.80s'; ignored", mountd_chan_name(ch), req);
		return 0;
	}
	rc = cache_buf_end(&b);
	if (rc < 0) {
		log_warnx("%s: reply to '%.80s' does not fit in one write; answering negatively",
			  mountd_chan_name(ch), req);
		return mountd_negative(c, ch, req, reply, len);
	}
	return rc;
}

/* The request's key words and an expiry: the kernel reads that as "no". */
int mountd_negative(struct mountd_ctx *c, enum mountd_chan ch, const char *req,
		    char *reply, size_t len)
{
	char w[WORD_MAX];
	struct cache_buf b;
	int keys = ch == CHAN_FH ? 3 : ch == CHAN_GID ? 1 : 2, n;

	cache_buf_init(&b, reply, len);
	for (int k = 0; k < keys; k++) {
		n = cache_get_word(&req, w, sizeof(w));
		if (n < 0)
			return 0;
		if (ch == CHAN_FH && k == 2)
			cache_add_hex(&b, w, (size_t)n);
		else
			cache_add_word(&b, w);
	}
	cache_add_int(&b, expiry(c));
	if (ch == CHAN_GID)
		cache_add_int(&b, 0);
	n = cache_buf_end(&b);
	return n < 0 ? 0 : n;
}
