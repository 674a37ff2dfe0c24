/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relay.c (rpc.nfsd): make sure nfsvsockd's host role runs when the relay carries vsock. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "nfsd.h"
#include "nfsdfs.h"
#include "relayctl.h"

#ifndef NV_SBINDIR
#define NV_SBINDIR "/usr/sbin"
#endif

struct role_buf {
	char *role;
	size_t len;
};

/* "daemon role=host pid=..." -> "host". */
static int daemon_role(const char *text, void *arg)
{
	struct role_buf *r = arg;

	if (!strncmp(text, "daemon role=", 12))
		snprintf(r->role, r->len, "%.*s", (int)strcspn(text + 12, " "), text + 12);
	return 0;
}

int nfsd_relay_role(const struct nfsd_ctx *c, char *role, size_t len)
{
	struct role_buf r = { role, len };

	snprintf(role, len, "unknown");
	return relayctl_status(c->relay_socket, 1000, daemon_role, &r, NULL, 0);
}

/* 1: the host role answers; 0: nothing does; -1: something else does (said). */
int nfsd_relay_check(const struct nfsd_ctx *c)
{
	char role[32];

	if (nfsd_relay_role(c, role, sizeof(role)) < 0)
		return 0;
	if (!strcmp(role, "host"))
		return 1;
	log_warnx("relay: the nfsvsockd on %s runs the %s role, not the host role guests need; "
		  "stop it, or give it another control-socket", c->relay_socket, role);
	return -1;
}

/* NFSVSOCK_NFSVSOCKD replaces the program, so tests can see the command. */
static const char *relay_prog(char *buf, size_t len)
{
	const char *p = getenv("NFSVSOCK_NFSVSOCKD");

	if (p && *p)
		return p;
	snprintf(buf, len, "%s/nfsvsockd", NV_SBINDIR);
	return buf;
}

/* Run it; it becomes a daemon once its listeners and control socket are
 * open, so its exit status says whether it got that far. */
static int run_relay(char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", log_progname(), argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

int nfsd_relay_ensure(struct nfsd_ctx *c)
{
	char prog[512], path[512], lport[16], nport[32];
	char *argv[] = { prog, "-r", "host", "-l", lport, "-o", "nfsd-address=::1",
			 "-o", nport, NULL };
	int rc;

	rc = nfsd_relay_check(c);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		log_info("relay: nfsvsockd already answers on %s; leaving it as it is", c->relay_socket);
		return 0;
	}
	/* Under systemd the relay is its own unit (nfsvsockd-host.service). */
	if (getenv("INVOCATION_ID") && !getenv("NFSVSOCK_NFSVSOCKD")) {
		log_info("relay: run by systemd; nfsvsockd-host.service starts the host role");
		return 0;
	}
	snprintf(prog, sizeof(prog), "%s", relay_prog(path, sizeof(path)));
	snprintf(lport, sizeof(lport), "%u", c->vsock_port);
	snprintf(nport, sizeof(nport), "nfsd-port=%lld", c->port);
	log_info("relay: starting %s -r host -l %s -o nfsd-address=::1 -o %s", prog, lport, nport);
	rc = run_relay(argv);
	if (rc != 0) {
		log_warnx("relay: %s exited with status %d (%s); run it with -F added to see why",
			  prog, rc, rc < 0 ? strerror(-rc) : "failed to start");
		return -1;
	}
	return 0;
}

/* A "vsock PORT" line: nfsd itself holds a vsock listener (the native path). */
static bool native_listener(const char *portlist)
{
	const char *l = portlist;

	while (*l) {
		if (!strncmp(l, "vsock ", 6))
			return true;
		l += strcspn(l, "\n");
		if (*l)
			l++;
	}
	return false;
}

/*
 * rpc.nfsd run again while nfsd runs (for the thread count, or by an admin
 * after the host relay died): nfsd's listeners stay as they are, but a relay
 * that carries vsock and is gone leaves every guest outside. Start it again,
 * as the first start did; one that answers is left alone.
 */
int nfsd_relay_revive(struct nfsd_ctx *c)
{
	char pl[1024] = "";

	if (!c->vsock || c->vpath == NFSD_VP_KERNEL)
		return 0;
	if (nfsdfs_read("portlist", pl, sizeof(pl)) == 0 && native_listener(pl))
		return 0;
	return nfsd_relay_ensure(c);
}
