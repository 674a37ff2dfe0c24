/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsockguard.h: keep host users other than root from sending from the guest address prefix. */
#ifndef NV_VSOCKGUARD_H
#define NV_VSOCKGUARD_H

#include <stddef.h>

/*
 * Why a guard: nfsd tells guests apart by the source address the host
 * relay gives each one (vsockmap.h), and IPv6 lets any process bind an
 * address it does not own once it sets IPV6_FREEBIND, which needs no
 * privilege. A host user could then connect to nfsd's loopback listener
 * from fd76:736f:636b::<cid> and pose as that guest. A reserved source
 * port keeps that out of `secure` exports; for `insecure` ones only a
 * packet filter can: the guard is one nftables rule, in a table of its
 * own, rejecting packets from the prefix whose socket is not root's.
 * The relay runs as root; nfsd's replies come from nfsd's own address.
 *
 * vsockguard_ruleset() writes the ruleset text (pure, for tests);
 * vsockguard_ensure() loads it atomically and idempotently: the table is
 * replaced whole, so a second call, or one after a change of rule,
 * leaves exactly one copy. 0, or -errno: -ENOSYS without libnftables,
 * -EPERM without CAP_NET_ADMIN, -ENOPROTOOPT when the kernel has no
 * nf_tables; nftables' own message, when it gave one, goes to why.
 * Like the route on lo, nothing removes it: it costs nothing while no
 * packet comes from the prefix, and other relays rely on it.
 */
#define VSOCKGUARD_TABLE	"nfsvsockd"

int vsockguard_ruleset(char *buf, size_t len);
int vsockguard_ensure(char *why, size_t whylen);

#endif
