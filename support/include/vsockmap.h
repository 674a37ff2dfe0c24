/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsockmap.h: the one mapping between a guest's vsock CID and the IPv6 source nfsd sees. */
#ifndef NV_VSOCKMAP_H
#define NV_VSOCKMAP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/*
 * On the relay path nfsd and mountd see TCP connections, not vsock ones,
 * so the host relay gives guest <cid> the source address <prefix>::<cid>:
 * an IPv6 /96 with the CID, in network byte order, as its low 32 bits.
 * The relay, exportfs ("vsock:3" -> "fd76:736f:636b::3", "vsock:*" ->
 * the whole prefix) and mountd (auth.unix.ip upcalls) all translate here.
 *
 * Why this shape:
 * - Collision-free: 96 + 32 bits map all 2^32 CIDs, one address each,
 *   including 0, 1, 2 and 0xFFFFFFFF. 127.0.0.0/8 has only 24 free bits.
 * - Never an address an ordinary host process gets by default (127.0.0.1,
 *   ::1), so a local program cannot pass for a guest by accident.
 * - A ULA (fc00::/7, RFC 4193), routed `local` on lo and nowhere else, so
 *   it never leaves the host. Its 40-bit global ID is not random, as the
 *   RFC asks, but mnemonic: 76 73 6f 63 6b is "vsock" in ASCII. A site
 *   using that exact /48 for itself would collide: 1 in 2^40.
 * Set-up, once per boot (the systemd unit does it):
 *     ip -6 route add local fd76:736f:636b::/96 dev lo
 * and each relay socket sets IPV6_FREEBIND before bind(), because IPv6
 * bind checks configured addresses, not routes (EADDRNOTAVAIL otherwise).
 */
#define VSOCKMAP_PREFIX_STR	"fd76:736f:636b::/96"
#define VSOCKMAP_PREFIX_ADDR	"fd76:736f:636b::"
#define VSOCKMAP_PREFIX_LEN	96
#define VSOCKMAP_PREFIX_BYTES	{ 0xfd, 0x76, 0x73, 0x6f, 0x63, 0x6b, 0, 0, 0, 0, 0, 0 }

/* Room for the compressed text form, NUL included. */
#define VSOCKMAP_ADDRSTRLEN	INET6_ADDRSTRLEN

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif

/* The prefix as "fd76:736f:636b::/96", for `ip -6 route add local` and as
 * the export client that stands for every guest. */
const char *vsockmap_prefix(void);
/* <prefix>::<cid>. 0, or -EINVAL when out is NULL. */
int vsockmap_cid_to_in6(uint32_t cid, struct in6_addr *out);
/* The CID in a mapped address; -ENOENT when a is outside the prefix. */
int vsockmap_in6_to_cid(const struct in6_addr *a, uint32_t *cid);
/* Compressed text ("fd76:736f:636b::3"); the length, or -ENOSPC, -EINVAL. */
int vsockmap_cid_to_string(uint32_t cid, char *buf, size_t len);
/* The CID in an address the kernel printed: auth.unix.ip upcalls give the
 * uncompressed %pI6 form (fd76:736f:636b:0000:0000:0000:0000:0003); any
 * inet_pton form works too. -ENOENT for a valid address outside the
 * prefix (IPv4 included: "127.0.0.1" is an ordinary client), -EINVAL for
 * text that is no address. */
int vsockmap_parse_kernel(const char *text, uint32_t *cid);
/* Make fd (an AF_INET6 TCP socket, not yet bound) use guest cid's source
 * address and port (0: any): IPV6_FREEBIND, then bind. 0 or -errno. */
int vsockmap_bind_source(int fd, uint32_t cid, uint16_t port);

#endif
