/* SPDX-License-Identifier: GPL-2.0-or-later */
/* eptab.h: the guest role's endpoint table, (cid, port) -> loopback TCP listener. */
#ifndef NVD_EPTAB_H
#define NVD_EPTAB_H

#include <stddef.h>
#include <stdint.h>

/* Plenty for mounts of a few servers; a bound keeps a confused caller
 * from filling the process with listeners. */
#define EPTAB_MAX 256

struct endpoint {
	uint32_t cid, port;	/* the remote vsock endpoint */
	int fd;			/* the loopback listener, owned by the table's user */
	uint16_t tcp_port;	/* its port on 127.0.0.1 */
	unsigned int refs;	/* ACQUIREs not yet RELEASEd */
};

struct eptab {
	size_t n;
	struct endpoint e[EPTAB_MAX];
};

/* The entry for (cid, port), or NULL. */
struct endpoint *eptab_find(struct eptab *t, uint32_t cid, uint32_t port);
/* A new entry with one reference; -EEXIST, -ENOSPC. */
int eptab_add(struct eptab *t, uint32_t cid, uint32_t port, int fd, uint16_t tcp_port);
/* Drop one reference. Returns the references left (0: the entry is gone
 * and *fd holds its listener for the caller to close), or -ENOENT. */
int eptab_release(struct eptab *t, uint32_t cid, uint32_t port, int *fd);

#endif
