/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mountd.h: rpc.mountd's one context and the entry points of its files. */
#ifndef NV_MOUNTD_H
#define NV_MOUNTD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

#include "export.h"

/* The kernel caches mountd answers; each has a channel under /proc/net/rpc. */
enum mountd_chan {
	CHAN_IP,	/* auth.unix.ip */
	CHAN_GID,	/* auth.unix.gid, only with --manage-gids */
	CHAN_EXPORT,	/* nfsd.export */
	CHAN_FH,	/* nfsd.fh */
	CHAN_COUNT
};

/* A request line is at most a page; replies must stay under 32 KiB. */
#define MOUNTD_REQ_MAX 8192
#define MOUNTD_REPLY_MAX 32000

/* One client specification and its entries, so an upcall looks only at
 * the exports of the clients in its domain, not at the whole table. */
struct mountd_client {
	const struct nv_client *cl;	/* that of its first entry */
	size_t *idx;			/* its entries in the table, in order */
	size_t n, cap;
};

struct mountd_ctx {
	char etab[4096];
	char cachedir[4096];
	long long ttl;
	bool manage_gids;
	bool foreground;
	time_t fixed_now;		/* test mode: a fixed clock, 0 for the real one */
	struct nv_exptab tab;		/* etab plus the pseudo-root */
	struct nv_fsident *ids;		/* per tab entry, filled on first use */
	unsigned char *id_state;	/* 0 unknown, 1 known, 2 path unusable */
	struct nv_uuid_cache uuids;	/* per device, dropped with the table */
	struct mountd_client *clients;	/* distinct client specs */
	size_t nclients;
	size_t *chash;			/* open addressing: client index + 1 */
	size_t hcap;
	struct stat etab_st;		/* what was loaded, to notice exportfs */
	bool loaded;
	int fd[CHAN_COUNT];
};

/* table.c: (re)load etab when it changed since the last look. */
int mountd_table_refresh(struct mountd_ctx *c);
void mountd_table_free(struct mountd_ctx *c);
const struct nv_fsident *mountd_ident(struct mountd_ctx *c, size_t i);
/* The client spec called name (len bytes, not terminated), or NULL. */
const struct mountd_client *mountd_client_find(const struct mountd_ctx *c, const char *name, size_t len);

/* cache.c: one request line in, one reply line out (with "\n"). Returns
 * the reply length, or 0 when the request was too malformed to answer. */
int mountd_answer(struct mountd_ctx *c, enum mountd_chan ch, const char *req,
		  char *reply, size_t len);
/* The negative form of a request, for when the kernel refused a reply. */
int mountd_negative(struct mountd_ctx *c, enum mountd_chan ch, const char *req,
		    char *reply, size_t len);
const char *mountd_chan_name(enum mountd_chan ch);
int mountd_chan_parse(const char *name, enum mountd_chan *ch);

/* loop.c: serve the channels until SIGTERM/SIGINT. */
int mountd_run(struct mountd_ctx *c);
/* Test mode: requests for one channel from stdin, replies to stdout. */
int mountd_run_stdin(struct mountd_ctx *c, enum mountd_chan ch);

#endif
