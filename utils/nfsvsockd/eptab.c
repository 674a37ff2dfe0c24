/* SPDX-License-Identifier: GPL-2.0-or-later */
/* eptab.c: reference-counted endpoint table of the guest role (pure; no sockets). */
#include "config.h"

#include <errno.h>

#include "eptab.h"

struct endpoint *eptab_find(struct eptab *t, uint32_t cid, uint32_t port)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].cid == cid && t->e[i].port == port)
			return &t->e[i];
	return NULL;
}

int eptab_add(struct eptab *t, uint32_t cid, uint32_t port, int fd, uint16_t tcp_port)
{
	if (eptab_find(t, cid, port))
		return -EEXIST;
	if (t->n == EPTAB_MAX)
		return -ENOSPC;
	t->e[t->n++] = (struct endpoint){ cid, port, fd, tcp_port, 1 };
	return 0;
}

int eptab_release(struct eptab *t, uint32_t cid, uint32_t port, int *fd)
{
	struct endpoint *e = eptab_find(t, cid, port);

	if (!e)
		return -ENOENT;
	if (--e->refs > 0)
		return (int)e->refs;
	*fd = e->fd;
	/* Order does not matter to anyone; keep the array dense. */
	*e = t->e[--t->n];
	return 0;
}
