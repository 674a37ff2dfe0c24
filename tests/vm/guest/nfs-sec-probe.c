/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nfs-sec-probe.c: one raw NFS call from a chosen source (user, address, port, transport). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vsockmap.h"

/*
 * Used by tests/vm/scenarios/55-security.sh, inside the QEMU guest only (its
 * vsock is the loopback). It plays the parties the threat model distrusts:
 * a host user who binds a guest's mapped address to reach nfsd as that
 * guest, a guest user who connects over vsock from an unprivileged port, a
 * guest the relay's allow-list does not name. The kernel NFS client cannot
 * do any of these (it picks its own source), hence a raw client.
 *
 *   nfs-sec-probe [-u UID] [-s SRC] [-p PORT] [-w SEC] tcp ADDR PORT CALL
 *   nfs-sec-probe [-u UID] [-p PORT] [-w SEC] vsock CID PORT CALL
 *   CALL: null | none | lookup /a/b
 *
 * -u drops to UID (and that gid, no groups) before any socket exists; -s
 * binds SRC with IPV6_FREEBIND (IP_FREEBIND), as the host relay does; -p
 * binds that source port. `null` is the NFS NULL procedure, `lookup` an
 * NFSv4.0 COMPOUND of PUTROOTFH, one LOOKUP per component and GETATTR,
 * which needs no client ID, and `none` sends nothing and waits. One line
 * on stdout says what happened: "bind-failed EACCES", "connect-failed
 * ECONNREFUSED", "closed-without-data", "null-accepted", "compound NFS4_OK
 * type=2", "compound NFS4ERR_PERM at GETATTR", "timeout", ... Exit 0 when
 * that line was printed, 2 on a usage or local error.
 */

#define OP_GETATTR	9
#define OP_LOOKUP	15
#define OP_PUTROOTFH	24
#define NFS4ERR_DELAY	10008
#define MAX_REPLY	65536
#define MAX_COMPONENTS	16

struct probe {
	int fd;
	int wait_ms;
	uint32_t xid;
	char *comp[MAX_COMPONENTS];
	int ncomp;
};

struct buf {
	uint8_t b[4096];
	size_t n;
};

static void put32(struct buf *b, uint32_t v)
{
	v = htonl(v);
	memcpy(b->b + b->n, &v, 4);
	b->n += 4;
}

/* XDR opaque<>: length, bytes, zero padding to 4. */
static void put_opaque(struct buf *b, const char *s, size_t len)
{
	put32(b, (uint32_t)len);
	memcpy(b->b + b->n, s, len);
	b->n += len;
	while (b->n % 4)
		b->b[b->n++] = 0;
}

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static const char *nfs4err(uint32_t st, char *tmp, size_t len)
{
	static const struct { uint32_t v; const char *n; } t[] = {
		{ 0, "NFS4_OK" }, { 1, "NFS4ERR_PERM" }, { 2, "NFS4ERR_NOENT" },
		{ 13, "NFS4ERR_ACCESS" }, { 70, "NFS4ERR_STALE" },
		{ 10006, "NFS4ERR_SERVERFAULT" }, { 10008, "NFS4ERR_DELAY" },
		{ 10016, "NFS4ERR_WRONGSEC" }, { 10018, "NFS4ERR_RESOURCE" },
		{ 10021, "NFS4ERR_MINOR_VERS_MISMATCH" }, { 10036, "NFS4ERR_BADXDR" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].v == st)
			return t[i].n;
	snprintf(tmp, len, "NFS4ERR_%u", st);
	return tmp;
}

static const char *opname(uint32_t op)
{
	return op == OP_PUTROOTFH ? "PUTROOTFH" : op == OP_LOOKUP ? "LOOKUP" :
	       op == OP_GETATTR ? "GETATTR" : "OP?";
}

/* Privileges go first, so every socket below is the unprivileged user's. */
static int drop_to(uid_t uid)
{
	if (setgroups(0, NULL) < 0 || setgid((gid_t)uid) < 0 || setuid(uid) < 0)
		return -errno;
	return setuid(0) == 0 ? -EPERM : 0;	/* must not be able to come back */
}

static int open_tcp(const char *addr, const char *port, const char *src, int sport,
		    const char **stage)
{
	struct sockaddr_storage to = { 0 }, from = { 0 };
	struct sockaddr_in6 *t6 = (struct sockaddr_in6 *)&to, *f6 = (struct sockaddr_in6 *)&from;
	struct sockaddr_in *t4 = (struct sockaddr_in *)&to, *f4 = (struct sockaddr_in *)&from;
	int fam, fd, one = 1;
	socklen_t sl;

	if (inet_pton(AF_INET6, addr, &t6->sin6_addr) == 1) {
		fam = AF_INET6;
		t6->sin6_port = htons((uint16_t)atoi(port));
		sl = sizeof(*t6);
	} else if (inet_pton(AF_INET, addr, &t4->sin_addr) == 1) {
		fam = AF_INET;
		t4->sin_port = htons((uint16_t)atoi(port));
		sl = sizeof(*t4);
	} else {
		return -EINVAL;
	}
	to.ss_family = from.ss_family = (sa_family_t)fam;
	fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	*stage = "bind";
	if (src || sport) {
		if (fam == AF_INET6) {
			if (src && inet_pton(AF_INET6, src, &f6->sin6_addr) != 1)
				return -EINVAL;
			f6->sin6_port = htons((uint16_t)sport);
			if (setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one)) < 0)
				return -errno;
		} else {
			if (src && inet_pton(AF_INET, src, &f4->sin_addr) != 1)
				return -EINVAL;
			f4->sin_port = htons((uint16_t)sport);
			if (setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) < 0)
				return -errno;
		}
		if (bind(fd, (struct sockaddr *)&from, sl) < 0)
			return -errno;
	}
	*stage = "connect";
	if (connect(fd, (struct sockaddr *)&to, sl) < 0)
		return -errno;
	sl = sizeof(from);
	if (getsockname(fd, (struct sockaddr *)&from, &sl) == 0) {
		char a[INET6_ADDRSTRLEN] = "?";

		inet_ntop(fam, fam == AF_INET6 ? (void *)&f6->sin6_addr : (void *)&f4->sin_addr,
			  a, sizeof(a));
		fprintf(stderr, "nfs-sec-probe: connected from %s port %u\n", a,
			(unsigned)ntohs(fam == AF_INET6 ? f6->sin6_port : f4->sin_port));
	}
	return fd;
}

static int open_vsock(const char *cid, const char *port, int sport, const char **stage)
{
	struct sockaddr_vm to = { .svm_family = AF_VSOCK }, from = { .svm_family = AF_VSOCK };
	socklen_t sl = sizeof(from);
	int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	to.svm_cid = (unsigned int)strtoul(cid, NULL, 10);
	to.svm_port = (unsigned int)strtoul(port, NULL, 10);
	*stage = "bind";
	if (sport) {
		from.svm_cid = VMADDR_CID_ANY;
		from.svm_port = (unsigned int)sport;
		if (bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0)
			return -errno;
	}
	*stage = "connect";
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -errno;
	if (getsockname(fd, (struct sockaddr *)&from, &sl) == 0)
		fprintf(stderr, "nfs-sec-probe: connected from vsock port %u\n", from.svm_port);
	return fd;
}

/* Exactly len bytes within the deadline: 0, -ETIMEDOUT, -ECONNRESET for
 * end of file, or -errno. *got counts what arrived, for "without data". */
static int read_full(struct probe *p, void *dst, size_t len, size_t *got)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	size_t off = 0;

	while (off < len) {
		int r = poll(&pfd, 1, p->wait_ms);
		ssize_t n;

		if (r < 0 && errno != EINTR)
			return -errno;
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			continue;
		n = read(p->fd, (char *)dst + off, len - off);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		off += (size_t)n;
		*got += (size_t)n;
	}
	return 0;
}

static void call_header(struct probe *p, struct buf *b, uint32_t proc)
{
	b->n = 4;		/* the record mark goes in last */
	put32(b, ++p->xid);
	put32(b, 0);		/* CALL */
	put32(b, 2);		/* RPC version */
	put32(b, 100003);	/* NFS */
	put32(b, 4);
	put32(b, proc);
	/* AUTH_SYS as the caller: stamp, machine name, uid, gid, no groups. */
	put32(b, 1);
	put32(b, 24);
	put32(b, 0);
	put_opaque(b, "prob", 4);
	put32(b, (uint32_t)getuid());
	put32(b, (uint32_t)getgid());
	put32(b, 0);
	put32(b, 0);		/* verifier: AUTH_NONE */
	put32(b, 0);
}

/* Send b, read one reply record into r; prints the outcome line on failure. */
static int exchange(struct probe *p, struct buf *b, uint8_t *r, size_t *rlen)
{
	uint32_t mark = htonl(0x80000000u | (uint32_t)(b->n - 4));
	size_t got = 0;
	int rc;

	memcpy(b->b, &mark, 4);
	if (send(p->fd, b->b, b->n, MSG_NOSIGNAL) != (ssize_t)b->n) {
		printf("send-failed %s\n", errname(errno));
		return -1;
	}
	rc = read_full(p, &mark, 4, &got);
	if (rc == 0) {
		*rlen = ntohl(mark) & 0x7fffffffu;
		if (*rlen < 20 || *rlen > MAX_REPLY)	/* MSG_DENIED AUTH_ERROR: 20 */
			rc = -EPROTO;
		else
			rc = read_full(p, r, *rlen, &got);
	}
	if (rc == -ECONNRESET && got == 0)
		printf("closed-without-data\n");
	else if (rc == -ETIMEDOUT && got == 0)
		printf("timeout\n");
	else if (rc < 0)
		printf("reply-broken %s after %zu bytes\n", errname(-rc), got);
	return rc < 0 ? -1 : 0;
}

static uint32_t get32(const uint8_t *r, size_t rlen, size_t *off)
{
	uint32_t v = 0;

	if (*off + 4 <= rlen)
		memcpy(&v, r + *off, 4);
	*off += 4;
	return ntohl(v);
}

/* The RPC reply header; leaves *off at the procedure's results. */
static int rpc_accepted(struct probe *p, const uint8_t *r, size_t rlen, size_t *off)
{
	uint32_t xid = get32(r, rlen, off), mtype = get32(r, rlen, off);
	uint32_t stat = get32(r, rlen, off), vlen, acc;

	if (xid != p->xid || mtype != 1) {
		printf("garbled reply (xid %u, type %u)\n", xid, mtype);
		return -1;
	}
	if (stat != 0) {
		uint32_t why = get32(r, rlen, off);

		if (why == 1)
			printf("rpc-denied auth_error=%u\n", get32(r, rlen, off));
		else
			printf("rpc-denied rpc_mismatch\n");
		return -1;
	}
	get32(r, rlen, off);			/* verifier flavour */
	vlen = get32(r, rlen, off);
	*off += (vlen + 3) & ~3u;
	acc = get32(r, rlen, off);
	if (acc != 0 || *off > rlen) {
		printf("rpc-not-accepted %u\n", acc);
		return -1;
	}
	return 0;
}

static int call_null(struct probe *p)
{
	static uint8_t r[MAX_REPLY];
	struct buf b;
	size_t rlen, off = 0;

	call_header(p, &b, 0);
	if (exchange(p, &b, r, &rlen) < 0 || rpc_accepted(p, r, rlen, &off) < 0)
		return 0;
	printf("null-accepted\n");
	return 0;
}

/* Results in order: the first that failed ends the array. */
static int compound_result(const uint8_t *r, size_t rlen, size_t off, uint32_t *delay)
{
	char tmp[32];
	uint32_t st = get32(r, rlen, &off), taglen, n, op = 0, ost = 0, type = 0;

	taglen = get32(r, rlen, &off);
	off += (taglen + 3) & ~3u;
	n = get32(r, rlen, &off);
	for (uint32_t i = 0; i < n && off < rlen; i++) {
		op = get32(r, rlen, &off);
		ost = get32(r, rlen, &off);
		if (ost != 0)
			break;
		if (op == OP_GETATTR) {
			uint32_t words = get32(r, rlen, &off);

			off += 4 * (size_t)words;
			get32(r, rlen, &off);	/* attrlist length */
			type = get32(r, rlen, &off);
		}
	}
	*delay = st == NFS4ERR_DELAY;
	if (*delay)
		return 0;
	if (st == 0)
		printf("compound NFS4_OK type=%u\n", type);
	else if (n == 0)
		printf("compound %s\n", nfs4err(st, tmp, sizeof(tmp)));
	else
		printf("compound %s at %s\n", nfs4err(st, tmp, sizeof(tmp)), opname(op));
	return 0;
}

static void compound_args(struct probe *p, struct buf *b)
{
	call_header(p, b, 1);
	put_opaque(b, "", 0);			/* tag */
	put32(b, 0);				/* minor version 0: no session needed */
	put32(b, (uint32_t)p->ncomp + 2);
	put32(b, OP_PUTROOTFH);
	for (int i = 0; i < p->ncomp; i++) {
		put32(b, OP_LOOKUP);
		put_opaque(b, p->comp[i], strlen(p->comp[i]));
	}
	put32(b, OP_GETATTR);
	put32(b, 1);				/* bitmap: one word */
	put32(b, 1u << 1);			/* FATTR4_TYPE */
}

/* nfsd answers NFS4ERR_DELAY while rpc.mountd's answer is pending: retry. */
static int call_lookup(struct probe *p)
{
	static uint8_t r[MAX_REPLY];
	struct buf b;
	uint32_t delay = 1;

	for (int tries = 0; delay && tries < 20; tries++) {
		size_t rlen, off = 0;

		if (tries)
			sleep(1);
		compound_args(p, &b);
		if (exchange(p, &b, r, &rlen) < 0 || rpc_accepted(p, r, rlen, &off) < 0)
			return 0;
		compound_result(r, rlen, off, &delay);
	}
	if (delay)
		printf("compound NFS4ERR_DELAY for 20 tries\n");
	return 0;
}

static int call_none(struct probe *p)
{
	uint8_t c;
	size_t got = 0;
	int rc = read_full(p, &c, 1, &got);

	if (rc == -ECONNRESET || (rc < 0 && got == 0 && rc != -ETIMEDOUT))
		printf("closed-without-data\n");
	else if (rc == -ETIMEDOUT)
		printf("timeout\n");
	else
		printf("data\n");
	return 0;
}

/* "/a/b c" -> components "a", "b c"; the path's bytes are used as they are. */
static int split_path(struct probe *p, char *path)
{
	char *save = NULL;

	for (char *c = strtok_r(path, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (p->ncomp == MAX_COMPONENTS || strlen(c) > 255)
			return -1;
		p->comp[p->ncomp++] = c;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: nfs-sec-probe [-u uid] [-s src] [-p port] [-w sec] tcp ADDR PORT CALL\n"
		"       nfs-sec-probe [-u uid] [-p port] [-w sec] vsock CID PORT CALL\n"
		"CALL: null | none | lookup PATH\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct probe p = { .fd = -1, .wait_ms = 20000, .xid = (uint32_t)time(NULL) };
	const char *src = NULL, *stage = "socket", *call;
	int sport = 0, opt, rc;
	long uid = -1;

	while ((opt = getopt(argc, argv, "u:s:p:w:")) != -1) {
		switch (opt) {
		case 'u': uid = atol(optarg); break;
		case 's': src = optarg; break;
		case 'p': sport = atoi(optarg); break;
		case 'w': p.wait_ms = atoi(optarg) * 1000; break;
		default: return usage();
		}
	}
	if (argc - optind < 4)
		return usage();
	call = argv[optind + 3];
	if (strcmp(call, "lookup") == 0 &&
	    (optind + 4 >= argc || split_path(&p, argv[optind + 4]) < 0))
		return usage();
	if (uid >= 0 && (rc = drop_to((uid_t)uid)) < 0) {
		fprintf(stderr, "nfs-sec-probe: cannot become uid %ld: %s\n", uid, strerror(-rc));
		return 2;
	}
	if (strcmp(argv[optind], "tcp") == 0)
		p.fd = open_tcp(argv[optind + 1], argv[optind + 2], src, sport, &stage);
	else if (strcmp(argv[optind], "vsock") == 0)
		p.fd = open_vsock(argv[optind + 1], argv[optind + 2], sport, &stage);
	else
		return usage();
	if (p.fd < 0) {
		printf("%s-failed %s\n", stage, errname(-p.fd));
		return 0;
	}
	if (strcmp(call, "null") == 0)
		return call_null(&p);
	if (strcmp(call, "none") == 0)
		return call_none(&p);
	if (strcmp(call, "lookup") == 0)
		return call_lookup(&p);
	return usage();
}
