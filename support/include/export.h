/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export.h: the export engine shared by exportfs and rpc.mountd (exports, clients, etab). */
#ifndef NV_EXPORT_H
#define NV_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* Export flag bits as include/uapi/linux/nfsd/export.h defines them. */
#define NFSEXP_READONLY		0x0001
#define NFSEXP_INSECURE_PORT	0x0002
#define NFSEXP_ROOTSQUASH	0x0004
#define NFSEXP_ALLSQUASH	0x0008
#define NFSEXP_ASYNC		0x0010
#define NFSEXP_GATHERED_WRITES	0x0020
#define NFSEXP_NOREADDIRPLUS	0x0040
#define NFSEXP_SECURITY_LABEL	0x0080
#define NFSEXP_NOHIDE		0x0200
#define NFSEXP_NOSUBTREECHECK	0x0400
#define NFSEXP_NOAUTHNLM	0x0800
#define NFSEXP_FSID		0x2000
#define NFSEXP_CROSSMOUNT	0x4000
#define NFSEXP_NOACL		0x8000
#define NFSEXP_V4ROOT		0x10000
#define NFSEXP_ALLFLAGS		0x3FEFF
#define NFSEXP_SECINFO_FLAGS	0x000F

/* nfs-utils' documented defaults: ro, root_squash, wdelay, no_subtree_check, secure, sync. */
#define NV_EXP_DEFAULT_FLAGS	(NFSEXP_READONLY | NFSEXP_ROOTSQUASH | \
				 NFSEXP_GATHERED_WRITES | NFSEXP_NOSUBTREECHECK)
#define NV_EXP_ANON_ID		65534u
/* The pseudo-root's flags (section 3 of the kernel notes). */
#define NV_EXP_V4ROOT_FLAGS	(NFSEXP_READONLY | NFSEXP_NOSUBTREECHECK | \
				 NFSEXP_V4ROOT | NFSEXP_INSECURE_PORT)

/* RPC security flavors accepted in sec=. */
#define NV_SEC_SYS	1u
#define NV_SEC_KRB5	390003u
#define NV_SEC_KRB5I	390004u
#define NV_SEC_KRB5P	390005u
#define NV_SEC_MAX	8

/* Client kinds, most specific first: when several of a client's specs
 * export the same path, the lowest kind wins (then the earlier line). */
enum nv_client_kind {
	NV_CL_VSOCK_CID,	/* vsock:<cid> */
	NV_CL_HOST,		/* a host name, resolved when matched */
	NV_CL_ADDR,		/* one IPv4/IPv6 address, or a CIDR subnet */
	NV_CL_WILDCARD,		/* *.example.org, host? */
	NV_CL_NETGROUP,		/* @group */
	NV_CL_VSOCK_ANY,	/* vsock:*: every guest, nothing else */
	NV_CL_ANY,		/* *: every address of every family */
};

#define NV_CLIENT_NAMELEN 256

struct nv_client {
	enum nv_client_kind kind;
	char name[NV_CLIENT_NAMELEN];	/* canonical spec text; also the kernel domain */
	uint32_t cid;			/* VSOCK_CID */
	struct in6_addr addr;		/* ADDR: IPv4 as ::ffff:a.b.c.d */
	unsigned int plen;		/* ADDR: prefix length over the 128 bits */
};

/* Who is asking: an IP peer (the relay's mapped address is one) or a vsock peer. */
struct nv_peer {
	bool is_vsock;		/* native path: the kernel would name a vsock peer */
	uint32_t cid;		/* is_vsock, or an IP peer inside vsockmap's prefix */
	bool mapped;		/* IP peer inside vsockmap's prefix */
	struct in6_addr addr;	/* IP peer; IPv4 as ::ffff:a.b.c.d */
};

/* Parse a client spec. 0, or -EINVAL with why set to a static reason. */
int nv_client_parse(const char *spec, struct nv_client *cl, const char **why);
/* Parse the address text of an auth.unix.ip request (or any inet_pton form). */
int nv_peer_parse(const char *text, struct nv_peer *p);
/* "vsock:3" for guests, the address otherwise. */
int nv_peer_format(const struct nv_peer *p, char *buf, size_t len);
/* 1 when the client spec covers the peer, 0 when not. */
int nv_client_match(const struct nv_client *cl, const struct nv_peer *p);

struct nv_export {
	char *path;
	struct nv_client client;
	unsigned int flags;
	uint32_t anonuid, anongid;
	uint32_t fsid;			/* with NFSEXP_FSID */
	bool has_uuid;			/* fsid=<uuid> given, or a pseudo path's own */
	uint8_t uuid[16];
	unsigned int nsec;
	uint32_t sec[NV_SEC_MAX];
	char *mountpoint;		/* NULL: none; "": the path itself */
	bool pseudo;			/* built by the v4root builder */
	unsigned int line;		/* source line, for messages */
};

struct nv_exptab {
	struct nv_export *v;
	size_t n, cap;
	size_t *hash;		/* (client, path) -> index + 1; rebuilt when stale */
	size_t hcap;
	bool stale;
};

void nv_exptab_free(struct nv_exptab *t);
/* Append a copy (strings duplicated). 0 or -ENOMEM. */
int nv_exptab_add(struct nv_exptab *t, const struct nv_export *e);
/* Index of the entry for exactly (client name, path), or -1. Hashed:
 * tables of tens of thousands of exports stay linear to build. */
long nv_exptab_find(struct nv_exptab *t, const char *client, const char *path);
void nv_exptab_remove(struct nv_exptab *t, size_t i);
/* Replace entry i by e, which must have the same client and path. */
int nv_exptab_set(struct nv_exptab *t, size_t i, const struct nv_export *e);

/* The defaults every export starts from. */
void nv_export_defaults(struct nv_export *e);
/*
 * Apply one comma-separated option list to e. On error returns -EINVAL
 * (unknown or malformed option) or -EOPNOTSUPP (known, not supported) with
 * bad set to the offending option (copied into badbuf) and why to a reason.
 */
int nv_export_options(struct nv_export *e, const char *opts, char *badbuf,
		      size_t badlen, const char **why);
/* The canonical option list, as exportfs -v and etab show it. */
int nv_export_format_options(const struct nv_export *e, char *buf, size_t len);
/* A path octal-escaped where exports(5) syntax needs it (space, tab, \, #, "). */
int nv_export_format_path(const char *path, char *buf, size_t len);

/* The parser reports each problem here; the caller prints it. */
typedef void (*nv_exp_errfn)(void *arg, const char *file, unsigned int line,
			     const char *text, const char *why);

/*
 * Parse exports(5) text (one file) into t. Bad lines and bad clients are
 * reported through err and skipped; the rest is kept. Returns the number
 * of problems (0: all clean), or -ENOMEM.
 */
int nv_exports_parse_buf(const char *file, const char *text, struct nv_exptab *t,
			 nv_exp_errfn err, void *arg);
/* Read a file (at most 64 MiB) and parse it. -errno when it cannot be read. */
int nv_exports_parse_file(const char *file, struct nv_exptab *t, nv_exp_errfn err, void *arg);
/* The exports file and every *.exports file of the directory, in name order. */
int nv_exports_load(const char *file, const char *dir, struct nv_exptab *t,
		    nv_exp_errfn err, void *arg);

/* etab: "path\tclient(options)\n" per export, written atomically. */
int nv_etab_write(const char *path, const struct nv_exptab *t);
/* A missing etab is an empty table. */
int nv_etab_read(const char *path, struct nv_exptab *t, nv_exp_errfn err, void *arg);

/* Split "client:/path" (or "[v6addr]:/path"). 0 or -EINVAL. */
int nv_export_split_arg(const char *arg, char *client, size_t clen, char *path, size_t plen);

/*
 * Add the NFSv4 pseudo-root: for every client, an entry for "/" and each
 * ancestor of its exports that it has no export for. Skipped when some
 * export has fsid=0. A real "/" export without fsid= gets fsid 0.
 * 0 or -ENOMEM.
 */
int nv_v4root_build(struct nv_exptab *t);
/* A stable uuid for a pseudo directory the kernel cannot identify by device. */
void nv_v4root_uuid(const char *path, uint8_t uuid[16]);

/* ---- filesystem identity (fsid.c) ---- */

/* 16 bytes from a uuid text: hex digits, dashes ignored; 0 or -EINVAL. */
int nv_uuid_parse(const char *text, uint8_t uuid[16]);
void nv_uuid_format(const uint8_t uuid[16], char *buf, size_t len);
/* The filesystem uuid of path: libblkid, else statfs f_fsid. 0, -ENOENT. */
int nv_uuid_of_path(const char *path, uint8_t uuid[16]);
/* Bytes in an fsid of this type, or -EINVAL for an unknown type. */
int nv_fsid_len(int type);

/* What an export's root looks like to the filehandle code. */
struct nv_fsident {
	uint64_t dev;		/* st_dev */
	uint64_t ino;
	bool has_uuid;
	uint8_t uuid[16];
	bool fsroot;		/* the root of its filesystem: uuid-only fsids name it */
};

/* Filesystem uuids by device, so libblkid is asked once per filesystem. */
struct nv_uuid_cache {
	struct nv_uuid_entry {
		uint64_t dev;
		int rc;
		uint8_t uuid[16];
	} *v;
	size_t n, cap;
};
void nv_uuid_cache_free(struct nv_uuid_cache *uc);

/* Fill id for e (stat + uuid); uc may be NULL. 0 or -errno (the path is gone). */
int nv_fsident_get(const struct nv_export *e, struct nv_fsident *id, struct nv_uuid_cache *uc);
/* 1 when an fsid of type/len names export e (with identity id), else 0. */
int nv_fsid_match(const struct nv_export *e, const struct nv_fsident *id,
		  int type, const uint8_t *fsid, size_t len);

#endif
