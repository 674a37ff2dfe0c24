/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nfsvsockd.h: the relay daemon's context, shared by its files, one entry point each. */
#ifndef NVD_NFSVSOCKD_H
#define NVD_NFSVSOCKD_H

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "allow.h"
#include "eptab.h"

#define NVD_SECTION "nfsvsockd"
#define NVD_MAX_LISTEN 16		/* vsock ports of the host role */
#define NVD_MAX_SET 32			/* -o key=value overrides */
#define NVD_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

enum nvd_role { NVD_HOST, NVD_GUEST };
/* source-guard: what the configuration asks; the state says what happened. */
enum nvd_guard { NVD_GUARD_AUTO, NVD_GUARD_YES, NVD_GUARD_NO };
enum nvd_guard_state { NVD_GUARD_OFF, NVD_GUARD_ON, NVD_GUARD_FAILED };

/* The effective configuration, checked: everything the roles read. */
struct nvd_conf {
	enum nvd_role role;
	uint32_t listen[NVD_MAX_LISTEN];	/* host: vsock ports */
	size_t nlisten;
	bool vsock;				/* host: listen on AF_VSOCK at all */
	struct sockaddr_in6 nfsd;		/* host: nfsd's loopback listener */
	struct allow allow;			/* host: guest CIDs let through */
	char uds_path[NVD_PATH_MAX];		/* host: hybrid vsock, "" = off */
	uint32_t uds_cid;
	bool uds_trusted;
	enum nvd_guard guard;			/* host: the nftables source guard */
	char socket[NVD_PATH_MAX];		/* the control socket */
	uint64_t bufsize;
	int connect_timeout_ms;
	long max_conns;
	/* Test seam, command line only: the guest role reaches the host at
	 * <test_uds>_<port> instead of over AF_VSOCK. */
	char test_uds[NVD_PATH_MAX];
};

/* What the command line asked for. */
struct nvd_opts {
	const char *conf_path;			/* NULL: the relocatable default */
	struct { const char *key, *val; } set[NVD_MAX_SET];
	size_t nset;
	const char *test_uds;
	bool check, print, foreground;
	bool client;				/* status, acquire, release */
};

/* A listening socket the parent owns and the worker serves. */
enum nvd_lkind { NVD_L_VSOCK, NVD_L_UDS, NVD_L_ENDPOINT };
struct nvd_listener {
	int fd;
	enum nvd_lkind kind;
	uint32_t cid;		/* UDS: the guest behind it; ENDPOINT: remote CID */
	uint32_t port;		/* VSOCK, UDS: vsock port; ENDPOINT: remote port */
	bool trusted;		/* UDS: may get a reserved source port */
	char path[NVD_PATH_MAX];	/* UDS: to unlink at shutdown */
};

struct ctl_server;

/* The daemon: one per process, passed explicitly. */
struct nvd {
	struct nvd_opts opts;
	struct nvd_conf conf;
	struct nvd_listener lst[NVD_MAX_LISTEN + 1];	/* host role */
	size_t nlst;
	struct eptab ep;				/* guest role */
	int ctl_fd;			/* control listener */
	int sig_fd;			/* parent: signalfd */
	int chan;			/* the channel to the worker (either end) */
	pid_t worker;
	unsigned int restarts;
	enum nvd_guard_state guard;	/* host role: set at start */
	struct ctl_server *ctl;		/* parent: control clients */
};

/* Channel messages, parent -> worker, over a SOCK_SEQPACKET pair. */
enum chan_type { CHAN_EP_ADD = 1, CHAN_EP_DEL, CHAN_STATUS };
struct chan_msg {
	uint32_t type, cid, port;
	uint16_t tcp_port;
};
/* fd < 0: none. 0 or -errno. */
int chan_send(int sock, const struct chan_msg *m, int fd);
/* *fd = -1 when none came. 0, -ENODATA at EOF, -errno. */
int chan_recv(int sock, struct chan_msg *m, int *fd);

/* config.c: load nfs.conf plus the overrides into d->conf. print: -T.
 * 0, or -1 after logging what is wrong. */
int config_load(struct nvd *d, struct nvd_conf *out, bool print);
const char *config_role_name(enum nvd_role r);
/* SIGHUP: take from n what applies to new connections (allow-list,
 * nfsd address, hybrid CID and trust, sizes); say: log what does not. */
void config_reload(struct nvd *d, const struct nvd_conf *n, bool say);

/* supervisor.c: the parent. Returns the exit status. */
int supervisor_run(struct nvd *d);
/* worker.c: the data path process; never returns. */
void worker_run(struct nvd *d) __attribute__((noreturn));
/* control.c: the parent's control socket server. */
int control_open(struct nvd *d);
int control_fill_pollfds(struct nvd *d, struct pollfd *p, int max, int *timeout_ms);
void control_handle(struct nvd *d, const struct pollfd *p, int n);
void control_close_all(struct nvd *d, bool in_child);
/* control.c, guest role: listen again on the ports of the table a previous
 * daemon left (epstate.c), before the first worker starts. */
void control_restore(struct nvd *d);

/* epstate.c: the guest role's endpoint table in <control-socket>.endpoints
 * (".sock" dropped), one STATUS endpoint line each. */
#define EPSTATE_PATH_MAX (NVD_PATH_MAX + 16)
void epstate_path(const struct nvd *d, char *buf, size_t len);
/* Write the whole table (an empty one removes the file). 0 or -errno. */
int epstate_save(const struct nvd *d);
/* Call restore for every valid line (bad ones are logged and skipped).
 * How many restore took (returned 0); 0 without a file; -errno. */
int epstate_load(struct nvd *d, int (*restore)(struct nvd *d, const struct endpoint *e));

/* ctl_client.c: `nfsvsockd status|acquire|release`. Exit status. */
int ctl_client_run(struct nvd *d, int argc, char **argv);

/* Monotonic milliseconds: deadlines, back-off and ages all use this clock. */
long long nvd_now_ms(void);

#endif
