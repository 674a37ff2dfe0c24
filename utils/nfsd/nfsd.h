/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nfsd.h (rpc.nfsd): the one context of a run and the entry point of each concern. */
#ifndef NFSD_H
#define NFSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct conf;

#define NFSD_MAX_SET 48
#define NFSD_MAX_SOCKS 16
#define NFSD_MINOR_MAX 9	/* -V 4.M parses up to this; the kernel judges */
#define NFSD_MINOR_KNOWN 2	/* minors with an nfs.conf key, always written */

/* Which NFS versions to offer; pure data, built into one "versions" line. */
struct nfsd_vers {
	bool v3, v4;
	unsigned int minor_on;		/* bit M: 4.M enabled */
	unsigned int minor_write;	/* bit M: say something about 4.M */
};

/* Parse a -V/-N argument ("3", "4", "4.1") into v. 0, or -EINVAL with *why. */
int nfsd_vers_arg(struct nfsd_vers *v, const char *arg, bool on, const char **why);
/* The line for /proc/fs/nfsd/versions, "\n" included. 0, -ENOSPC, or
 * -ENOENT when nothing would be left enabled (the kernel would then quietly
 * re-enable everything, the opposite of what was asked). */
int nfsd_vers_line(const struct nfsd_vers *v, char *buf, size_t len);
/* "4.1 4.2" style, for messages and the status output. */
void nfsd_vers_human(const char *kernel_line, char *buf, size_t len);

enum nfsd_vpath { NFSD_VP_AUTO, NFSD_VP_KERNEL, NFSD_VP_RELAY };

/* A listener rpc.nfsd made and hands to nfsd. */
struct nfsd_sock {
	int fd;
	char name[96];		/* "tcp [::1]:2049", for messages and the trace */
	bool reaches_v6_loopback;	/* a TCP listener that [::1]:port reaches */
	bool for_relay;		/* only needed when the relay carries vsock */
};

struct nfsd_ctx {
	/* command line, applied over nfs.conf in order */
	struct { const char *key, *val; } set[NFSD_MAX_SET];
	size_t nset;
	struct { const char *arg; bool on; } vopt[NFSD_MAX_SET];
	size_t nvopt;
	bool status, print_conf, threads_given;

	/* effective settings */
	struct conf *cf;
	long long threads, lease, grace, port;
	const char *host;
	bool tcp, udp, vsock, vsock_only;
	uint32_t vsock_port;
	enum nfsd_vpath vpath;
	struct nfsd_vers vers;
	const char *relay_socket;

	/* this run */
	struct nfsd_sock socks[NFSD_MAX_SOCKS];
	size_t nsocks;
	bool added;		/* something reached portlist: undo with threads 0 */
	bool relay;		/* the relay carries vsock */
	FILE *trace;		/* NFSVSOCK_NFSD_TRACE: every transaction, for tests */
};

/* config.c */
int nfsd_config(struct nfsd_ctx *c);
void nfsd_config_print(const struct nfsd_ctx *c);

/* xact.c: every write to the nfsd filesystem goes through here. */
int nfsd_xact(struct nfsd_ctx *c, const char *file, const char *req, const char *what,
	      char *reply, size_t len);
const char *nfsd_errname(int err);

/* listen.c */
int nfsd_listeners_open(struct nfsd_ctx *c);
int nfsd_listener_loopback(struct nfsd_ctx *c);
int nfsd_listeners_hand_over(struct nfsd_ctx *c);
void nfsd_listeners_close(struct nfsd_ctx *c);

/* vsockpath.c */
int nfsd_vsock_choose(struct nfsd_ctx *c);

/* relay.c */
int nfsd_relay_ensure(struct nfsd_ctx *c);
/* 0 with role ("host", "guest") when an nfsvsockd answers on the control
 * socket, else -errno. */
int nfsd_relay_role(const struct nfsd_ctx *c, char *role, size_t len);
/* 1: the host role answers; 0: no relay; -1: another role does (logged). */
int nfsd_relay_check(const struct nfsd_ctx *c);
/* nfsd already runs: start the relay again if it carries vsock and is
 * gone. 0, or -1 (logged). */
int nfsd_relay_revive(struct nfsd_ctx *c);

/* start.c */
int nfsd_start(struct nfsd_ctx *c);

/* status.c */
int nfsd_status(struct nfsd_ctx *c);

#endif
