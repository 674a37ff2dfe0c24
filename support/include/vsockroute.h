/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsockroute.h: route the vsockmap prefix `local` on lo over rtnetlink, idempotently. */
#ifndef NV_VSOCKROUTE_H
#define NV_VSOCKROUTE_H

#include <netinet/in.h>

/*
 * The equivalent of `ip -6 route add local <prefix>/<plen> dev lo` (table
 * local, scope host): a route that already exists counts as success, so a
 * daemon can call this at every start. Nothing removes it: other relays
 * or exportfs may rely on it, and it costs nothing while unused.
 * 0, or -errno (-EPERM without CAP_NET_ADMIN, -ENODEV without lo).
 */
int vsockroute_add_local(const struct in6_addr *prefix, int plen);
/* The same for the vsockmap prefix (fd76:736f:636b::/96). */
int vsockroute_ensure(void);

#endif
