/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fsid.c: filesystem identity for filehandles: uuids (libblkid, statfs) and the kernel's fsid types. */
#include "config.h"

#include <blkid.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include "cacheio.h"
#include "export.h"

int nv_uuid_parse(const char *text, uint8_t uuid[16])
{
	unsigned int n = 0;

	for (const char *p = text; *p; p++) {
		int v = cache_hexval(*p);

		if (*p == '-')
			continue;
		if (v < 0 || n == 32)
			return -EINVAL;
		uuid[n / 2] = (uint8_t)((n & 1) ? (uuid[n / 2] | v) : v << 4);
		n++;
	}
	return n == 32 ? 0 : -EINVAL;
}

void nv_uuid_format(const uint8_t uuid[16], char *buf, size_t len)
{
	snprintf(buf, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", uuid[0], uuid[1], uuid[2], uuid[3],
		 uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9], uuid[10],
		 uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
}

/* Any length of hex text folded into 16 bytes, as nfs-utils does, so a
 * short vfat serial or an 8-byte f_fsid still gives a usable uuid. */
static void uuid_fold(const char *text, uint8_t uuid[16])
{
	unsigned int i = 0;

	memset(uuid, 0, 16);
	for (const char *p = text; *p; p++) {
		int v = cache_hexval(*p);

		if (v < 0)
			continue;
		uuid[i / 2] ^= (uint8_t)((i & 1) ? v : v << 4);
		i = (i + 1) % 32;
	}
}

static int uuid_blkid(dev_t dev, uint8_t uuid[16])
{
	blkid_cache cache;
	char *name, *val;
	int rc = -ENOENT;

	name = blkid_devno_to_devname(dev);
	if (!name)
		return -ENOENT;
	if (blkid_get_cache(&cache, NULL) == 0) {
		val = blkid_get_tag_value(cache, "UUID", name);
		if (val) {
			uuid_fold(val, uuid);
			rc = 0;
			free(val);
		}
		blkid_put_cache(cache);
	}
	free(name);
	return rc;
}

int nv_uuid_of_path(const char *path, uint8_t uuid[16])
{
	struct statfs sf;
	struct stat st;
	char hex[20];
	int v[2];

	if (stat(path, &st) < 0)
		return -errno;
	/* Major 0 is an anonymous device (tmpfs, overlay, nfs): no block device
	 * for libblkid to read, and asking costs a cache load per upcall. */
	if (major(st.st_dev) != 0 && uuid_blkid(st.st_dev, uuid) == 0)
		return 0;
	if (statfs(path, &sf) < 0)
		return -errno;
	memcpy(v, &sf.f_fsid, sizeof(v));
	if (!v[0] && !v[1])
		return -ENOENT;
	snprintf(hex, sizeof(hex), "%08x%08x", (unsigned int)v[0], (unsigned int)v[1]);
	uuid_fold(hex, uuid);
	return 0;
}

int nv_fsid_len(int type)
{
	static const int len[] = { 8, 4, 12, 8, 8, 8, 16, 24 };

	return type >= 0 && type < 8 ? len[type] : -EINVAL;
}

/* The kernel gives uuid-only fsids (types 5, 6) to an export only when it
 * is its filesystem's root; a directory below shares the uuid and must not
 * answer for them. */
static bool is_fsroot(const char *path, const struct stat *st)
{
	char parent[4096 + 4];
	struct stat ps;

	if (snprintf(parent, sizeof(parent), "%s/..", path) >= (int)sizeof(parent) ||
	    stat(parent, &ps) < 0)
		return false;
	return ps.st_dev != st->st_dev || ps.st_ino == st->st_ino;
}

void nv_uuid_cache_free(struct nv_uuid_cache *uc)
{
	free(uc->v);
	memset(uc, 0, sizeof(*uc));
}

static int uuid_cached(const char *path, uint64_t dev, uint8_t uuid[16], struct nv_uuid_cache *uc)
{
	struct nv_uuid_entry *en;

	if (!uc)
		return nv_uuid_of_path(path, uuid);
	for (size_t i = 0; i < uc->n; i++) {
		if (uc->v[i].dev == dev) {
			memcpy(uuid, uc->v[i].uuid, 16);
			return uc->v[i].rc;
		}
	}
	if (uc->n == uc->cap) {
		size_t cap = uc->cap ? uc->cap * 2 : 8;
		struct nv_uuid_entry *v = realloc(uc->v, cap * sizeof(*v));

		if (!v)
			return nv_uuid_of_path(path, uuid);
		uc->v = v;
		uc->cap = cap;
	}
	en = &uc->v[uc->n++];
	en->dev = dev;
	en->rc = nv_uuid_of_path(path, en->uuid);
	memcpy(uuid, en->uuid, 16);
	return en->rc;
}

int nv_fsident_get(const struct nv_export *e, struct nv_fsident *id, struct nv_uuid_cache *uc)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(e->path, &st) < 0)
		return -errno;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->fsroot = is_fsroot(e->path, &st);
	if (e->has_uuid) {
		memcpy(id->uuid, e->uuid, 16);
		id->has_uuid = true;
	} else if (uuid_cached(e->path, id->dev, id->uuid, uc) == 0) {
		id->has_uuid = true;
	} else if (!(e->flags & NFSEXP_FSID)) {
		/* No device uuid and no f_fsid (ramfs, an initramfs root): the
		 * kernel refuses such an export without a uuid, so give it one
		 * derived from the path, stable across restarts. */
		nv_v4root_uuid(e->path, id->uuid);
		id->has_uuid = true;
	}
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* host order, as the kernel's u32 fields */
}

/* The kernel's fsid bytes of this type for identity id (mk_fsid in nfsfh.h). */
static int make_fsid(const struct nv_export *e, const struct nv_fsident *id, int type, uint8_t *out)
{
	uint32_t maj = major(id->dev), min = minor(id->dev), ino = (uint32_t)id->ino, w[4];

	if (type >= 4 && !id->has_uuid)
		return -ENOENT;
	if ((type == 5 || type == 6) && !id->fsroot)
		return -ENOENT;
	memcpy(w, id->uuid, 16);
	switch (type) {
	case 0: put32(out, htonl(maj << 16 | min)); put32(out + 4, ino); break;
	case 1:
		if (!(e->flags & NFSEXP_FSID))
			return -ENOENT;
		put32(out, e->fsid);
		break;
	case 2: put32(out, htonl(maj)); put32(out + 4, htonl(min)); put32(out + 8, ino); break;
	case 3:
		put32(out, (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12));
		put32(out + 4, ino);
		break;
	case 4: put32(out, ino); put32(out + 4, w[0] ^ w[1] ^ w[2] ^ w[3]); break;
	case 5: put32(out, w[0] ^ w[2]); put32(out + 4, w[1] ^ w[3]); break;
	case 6: memcpy(out, id->uuid, 16); break;
	case 7: memcpy(out, &id->ino, 8); memcpy(out + 8, id->uuid, 16); break;
	default: return -EINVAL;
	}
	return 0;
}

int nv_fsid_match(const struct nv_export *e, const struct nv_fsident *id,
		  int type, const uint8_t *fsid, size_t len)
{
	uint8_t want[24];

	if (nv_fsid_len(type) != (int)len || make_fsid(e, id, type, want) < 0)
		return 0;
	return memcmp(want, fsid, len) == 0;
}
