/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsockpath.c (rpc.nfsd): try nfsd's own vsock listener; on the kernel's refusal, the relay. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "nfsd.h"
#include "probe.h"
#include "vsock.h"

/* The listeners made only in case the relay carries vsock. */
static void drop_relay_socks(struct nfsd_ctx *c)
{
	for (size_t i = 0; i < c->nsocks; i++)
		if (c->socks[i].for_relay && c->socks[i].fd >= 0) {
			close(c->socks[i].fd);
			c->socks[i].fd = -1;
		}
}

static void use_relay(struct nfsd_ctx *c, const char *why)
{
	c->relay = true;
	log_info("vsock: using the relay: %s; nfsvsockd's host role forwards vsock port %u "
		 "to nfsd on [::1]:%lld", why, c->vsock_port, c->port);
}

/* The kernel's answer to a vsock listener in portlist, turned into a path. */
static int judge(struct nfsd_ctx *c, const struct nv_probe *p)
{
	char why[256];

	if (p->verdict == NV_NATIVE_YES) {
		c->added = true;
		drop_relay_socks(c);
		log_info("vsock: native: nfsd took the vsock listener on port %u itself", c->vsock_port);
		return 0;
	}
	if (p->verdict == NV_NATIVE_NO)
		snprintf(why, sizeof(why), "nfsd refused a vsock listener in portlist (%s: %s), "
			 "so this kernel has no vsock RPC transport", nfsd_errname(p->err),
			 strerror(p->err));
	else
		snprintf(why, sizeof(why), "nfsd answered a vsock listener in portlist with %s (%s), "
			 "not the known refusal", nfsd_errname(p->err), strerror(p->err));
	if (c->vpath == NFSD_VP_KERNEL) {
		log_warnx("vsock-path=kernel, but %s; set vsock-path=auto or relay", why);
		return -1;
	}
	use_relay(c, why);
	return 0;
}

int nfsd_vsock_choose(struct nfsd_ctx *c)
{
	struct nv_probe p;
	int fd, rc;

	if (!c->vsock)
		return 0;
	/* A running relay holds the vsock port (a restart of nfsd, say): the
	 * kernel's answer would be EADDRINUSE at bind, not about nfsd at all. */
	rc = nfsd_relay_check(c);
	if (rc < 0)
		return -1;
	if (c->vpath == NFSD_VP_RELAY) {
		use_relay(c, "vsock-path=relay in the configuration");
		return 0;
	}
	if (rc > 0 && c->vpath == NFSD_VP_KERNEL) {
		log_warnx("vsock-path=kernel, but nfsvsockd's host role holds the vsock port; "
			  "stop it (it answers on %s) or set vsock-path=auto", c->relay_socket);
		return -1;
	}
	if (rc > 0) {
		use_relay(c, "nfsvsockd already serves the vsock port (stop it to try the native path)");
		return 0;
	}
	/* Tests run on machines whose /dev/vsock leads off the machine. */
	if (getenv("NFSVSOCK_TEST_NO_VSOCK")) {
		log_warnx("vsock-path=%s would open an AF_VSOCK socket, which NFSVSOCK_TEST_NO_VSOCK "
			  "forbids; set vsock-path=relay", c->vpath == NFSD_VP_KERNEL ? "kernel" : "auto");
		return -1;
	}
	fd = vsock_listen(VMADDR_CID_ANY, c->vsock_port, 64, 0);
	if (fd < 0) {
		log_warnx("cannot listen on vsock port %u: %s; load a vsock transport "
			  "(modprobe vhost_vsock, or vsock_loopback) or choose another vsock-port",
			  c->vsock_port, strerror(-fd));
		return -1;
	}
	/* This is the real hand-over: a kernel with the transport keeps it. */
	rc = nv_probe_nfsd_listener(fd, &p);
	close(fd);
	if (c->trace)
		fprintf(c->trace, "portlist <vsock port %u> -> %s\n", c->vsock_port,
			rc < 0 ? nfsd_errname(rc) : p.err ? nfsd_errname(p.err) : "ok");
	if (rc < 0) {
		log_warnx("cannot hand a vsock listener to nfsd: portlist: %s", strerror(-rc));
		return -1;
	}
	return judge(c, &p);
}
