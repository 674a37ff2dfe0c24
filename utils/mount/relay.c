// SPDX-License-Identifier: GPL-2.0-or-later
/* relay.c: the guest relay's endpoint for a vsock mount: acquire (starting nfsvsockd if needed), check, release. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "mount.h"
#include "relayctl.h"

#define CTL_TIMEOUT_MS	5000
#define START_WAIT_MS	5000	/* how long a freshly started relay may take */
#define PING_TIMEOUT_MS	10000	/* one RPC NULL through both relays */
#define REPORTED	(-100000)	/* failed, and already told the user */

static uint32_t vsock_port(const struct nm_ctx *ctx)
{
	return ctx->has_port ? ctx->port : 2049;
}

/* The control socket the daemon uses: [nfsvsockd] control-socket. */
int nm_relay_ctlsock(char *buf, size_t len)
{
	struct conf *c;
	const char *s;
	int rc = conf_load(&c, NULL);

	if (rc < 0)
		return rc;
	rc = conf_get_str(c, "nfsvsockd", "control-socket", &s);
	if (!rc && snprintf(buf, len, "%s", s) >= (int)len)
		rc = -ENAMETOOLONG;
	conf_free(c);
	return rc;
}

/* Start "nfsvsockd -r guest" the way an administrator would; it becomes a
 * daemon itself, so its first process exits once it has started or failed. */
static int start_relay(const struct nm_ctx *ctx)
{
	const char *prog = getenv("NFSVSOCK_NFSVSOCKD");
	int status;
	pid_t pid;

	if (!prog)
		prog = NV_SBINDIR "/nfsvsockd";
	if (ctx->verbose)
		log_info("%s: starting the guest relay: %s -r guest -S %s", ctx->spec, prog,
			 ctx->ctlsock);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl(prog, "nfsvsockd", "-r", "guest", "-S", ctx->ctlsock, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -ENOEXEC;
	return WEXITSTATUS(status) ? -EIO : 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int try_acquire(struct nm_ctx *ctx, char *errtext, size_t len)
{
	return relayctl_acquire(ctx->ctlsock, ctx->cid, vsock_port(ctx), CTL_TIMEOUT_MS,
				&ctx->relay_port, errtext, len);
}

/* A relay that is not running is started, then asked again until it answers. */
static int acquire_starting(struct nm_ctx *ctx, char *errtext, size_t len)
{
	int64_t end;
	int rc = try_acquire(ctx, errtext, len);

	if (rc != -ENOENT && rc != -ECONNREFUSED)
		return rc;
	rc = start_relay(ctx);
	if (rc < 0) {
		nm_fail(ctx, "the guest relay is not running and could not be started (%s); "
			"run nfsvsockd -r guest and see its log", strerror(-rc));
		return REPORTED;
	}
	end = now_ms() + START_WAIT_MS;
	do {
		rc = try_acquire(ctx, errtext, len);
		if (rc != -ENOENT && rc != -ECONNREFUSED)
			return rc;
		usleep(50 * 1000);
	} while (now_ms() < end);
	return rc;
}

/*
 * The guest relay accepts on loopback before it knows whether the far end
 * exists, and closes the connection when the vsock side fails. The kernel
 * client would then retry for minutes, so ask first: one RPC NULL call to
 * the NFS program through the relay. Any reply means a server is there.
 */
static int rpc_null_ping(uint16_t port)
{
	static const uint32_t call[] = {
		0x80000028, 0x6e760001, 0, 2, 100003, 4, 0, 0, 0, 0, 0,
	};
	uint32_t wire[sizeof(call) / sizeof(call[0])];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct pollfd pfd = { .events = POLLIN };
	char reply[64];
	ssize_t n;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(call) / sizeof(call[0]); i++)
		wire[i] = htonl(call[i]);
	pfd.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (pfd.fd < 0)
		return -errno;
	if (connect(pfd.fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    write(pfd.fd, wire, sizeof(wire)) != (ssize_t)sizeof(wire)) {
		rc = -errno;
		close(pfd.fd);
		return rc;
	}
	rc = poll(&pfd, 1, PING_TIMEOUT_MS);
	n = rc > 0 ? read(pfd.fd, reply, sizeof(reply)) : -1;
	/* EOF or a reset: the relay hung up because its vsock side failed. */
	rc = rc == 0 ? -ETIMEDOUT : n > 0 ? 0 : (n == 0 || errno == ECONNRESET) ? -ECONNREFUSED : -errno;
	close(pfd.fd);
	return rc;
}

static void acquire_failed(struct nm_ctx *ctx, int rc, const char *errtext)
{
	if (rc == -ETIMEDOUT)
		nm_fail(ctx, "the guest relay at %s did not answer within %d s; check nfsvsockd "
			"status and its log", ctx->ctlsock, CTL_TIMEOUT_MS / 1000);
	else if (rc == -EACCES)
		nm_fail(ctx, "the guest relay's control socket %s refused us: only root may "
			"mount over vsock", ctx->ctlsock);
	else
		nm_fail(ctx, "the guest relay refused an endpoint for CID %u port %u: %s%s%s",
			ctx->cid, vsock_port(ctx), strerror(-rc), errtext[0] ? ": " : "", errtext);
}

int nm_relay_acquire(struct nm_ctx *ctx)
{
	char errtext[RELAYCTL_LINE_MAX] = "";
	int rc;

	if (!ctx->ctlsock[0] && (rc = nm_relay_ctlsock(ctx->ctlsock, sizeof(ctx->ctlsock))) < 0) {
		nm_fail(ctx, "cannot read the relay's control-socket from nfs.conf: %s",
			strerror(-rc));
		return EX_SYSERR;
	}
	rc = acquire_starting(ctx, errtext, sizeof(errtext));
	if (rc == REPORTED)
		return EX_FAIL;
	if (rc < 0) {
		ctx->relay_port = 0;
		acquire_failed(ctx, rc, errtext);
		return EX_FAIL;
	}
	if (ctx->verbose)
		log_info("%s: relay endpoint for CID %u port %u is 127.0.0.1:%u (control socket %s)",
			 ctx->spec, ctx->cid, vsock_port(ctx), ctx->relay_port, ctx->ctlsock);
	rc = rpc_null_ping(ctx->relay_port);
	if (rc < 0) {
		nm_report_mount_error(ctx, -rc == ECONNREFUSED ? ENOTCONN : -rc);
		nm_relay_release(ctx);
		return EX_FAIL;
	}
	return 0;
}

void nm_relay_release(struct nm_ctx *ctx)
{
	char errtext[RELAYCTL_LINE_MAX] = "";
	int rc;

	if (!ctx->relay_port)
		return;
	rc = relayctl_release(ctx->ctlsock, ctx->cid, vsock_port(ctx), CTL_TIMEOUT_MS,
			      errtext, sizeof(errtext));
	if (rc < 0)
		log_warnx("%s: could not release the relay endpoint for CID %u port %u: %s %s; "
			  "run nfsvsockd release %u %u", ctx->spec ? ctx->spec : ctx->dir, ctx->cid,
			  vsock_port(ctx), strerror(-rc), errtext, ctx->cid, vsock_port(ctx));
	else if (ctx->verbose)
		log_info("%s: released the relay endpoint for CID %u port %u",
			 ctx->spec ? ctx->spec : ctx->dir, ctx->cid, vsock_port(ctx));
	ctx->relay_port = 0;
}

struct find_ep {
	uint32_t cid;
	unsigned int tcp_port;
	uint32_t port;		/* found: the vsock port */
	bool found;
};

/* "endpoint cid=C port=V tcp=127.0.0.1:P refs=R" (nfsvsockd's status.c). */
static int match_endpoint(const char *line, void *arg)
{
	struct find_ep *f = arg;
	unsigned int cid, port, tcp, refs;

	if (sscanf(line, "endpoint cid=%u port=%u tcp=127.0.0.1:%u refs=%u",
		   &cid, &port, &tcp, &refs) == 4 && cid == f->cid && tcp == f->tcp_port) {
		f->port = port;
		f->found = true;
	}
	return 0;
}

/* umount: the mount table holds the CID (device) and the relay's TCP port
 * (port=); the relay's own table maps that port back to the vsock port. */
int nm_relay_release_by_tcp(const char *ctlsock, uint32_t cid, unsigned int tcp_port,
			    bool verbose, const char *what)
{
	struct find_ep f = { .cid = cid, .tcp_port = tcp_port };
	char errtext[RELAYCTL_LINE_MAX] = "";
	int rc = relayctl_status(ctlsock, CTL_TIMEOUT_MS, match_endpoint, &f, errtext,
				 sizeof(errtext));

	if (rc < 0) {
		log_warnx("%s: unmounted, but the guest relay at %s did not answer (%s); "
			  "its endpoint for CID %u may remain: see nfsvsockd status", what, ctlsock,
			  strerror(-rc), cid);
		return rc;
	}
	if (!f.found) {
		if (verbose)
			log_info("%s: no relay endpoint 127.0.0.1:%u for CID %u to release",
				 what, tcp_port, cid);
		return 0;
	}
	rc = relayctl_release(ctlsock, cid, f.port, CTL_TIMEOUT_MS, errtext, sizeof(errtext));
	if (rc < 0)
		log_warnx("%s: could not release the relay endpoint for CID %u port %u: %s %s; "
			  "run nfsvsockd release %u %u", what, cid, f.port, strerror(-rc), errtext,
			  cid, f.port);
	else if (verbose)
		log_info("%s: released the relay endpoint for CID %u port %u (127.0.0.1:%u)",
			 what, cid, f.port, tcp_port);
	return rc;
}
