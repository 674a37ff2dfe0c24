/* SPDX-License-Identifier: GPL-2.0-or-later */
/* start.c (rpc.nfsd): the writes in the order the kernel needs, and undoing a failed start. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "nfsd.h"
#include "nfsdfs.h"
#include "paths.h"

/* nfs-utils mounts the filesystem only when "threads" is missing: an
 * unmount would stop a running server, so never remount one that is there. */
static int ensure_mounted(void)
{
	char path[4096];
	int rc;

	if (nfsdfs_mounted())
		return 0;
	rc = nfsdfs_mount();
	if (rc == 0)
		return 0;
	nv_path_get(NV_PATH_NFSD_FS, path, sizeof(path));
	if (rc == -ENODEV)
		log_warnx("cannot mount the nfsd filesystem on %s: %s; this kernel has no nfsd "
			  "(modprobe nfsd, or install a kernel with CONFIG_NFSD)", path, strerror(-rc));
	else
		log_warnx("cannot mount the nfsd filesystem on %s: %s; mount it by hand "
			  "(mount -t nfsd nfsd %s)", path, strerror(-rc), path);
	return -1;
}

/* A service exists once a listener or a thread was added: portlist lists it. */
static bool in_use(void)
{
	char buf[1024] = "";

	return nfsdfs_read("portlist", buf, sizeof(buf)) == 0 && buf[0] != '\0';
}

static int write_threads(struct nfsd_ctx *c, long long n)
{
	char req[32];
	int rc;

	snprintf(req, sizeof(req), "%lld\n", n);
	rc = nfsd_xact(c, "threads", req, NULL, NULL, 0);
	if (rc < 0)
		log_warnx("cannot set nfsd threads to %lld: threads: %s (%s)%s", n, strerror(-rc),
			  nfsd_errname(rc), c->added ? "; stopping nfsd again" : "");
	return rc;
}

static int write_versions(struct nfsd_ctx *c)
{
	char line[128];
	int rc = nfsd_vers_line(&c->vers, line, sizeof(line));

	rc = rc < 0 ? rc : nfsd_xact(c, "versions", line, NULL, NULL, 0);
	if (rc < 0) {
		line[strcspn(line, "\n")] = '\0';
		log_warnx("nfsd refused versions \"%s\": %s (%s)%s", line, strerror(-rc),
			  nfsd_errname(rc), rc == -EINVAL ? "; this kernel does not offer one of "
			  "them: remove it from -V or nfs.conf" : rc == -EBUSY ? "; nfsd is running: "
			  "stop it first (rpc.nfsd 0)" : "");
		return -1;
	}
	return 0;
}

static int write_seconds(struct nfsd_ctx *c, const char *file, long long secs)
{
	char req[32];
	int rc;

	snprintf(req, sizeof(req), "%lld\n", secs);
	rc = nfsd_xact(c, file, req, NULL, NULL, 0);
	if (rc < 0)
		log_warnx("nfsd refused %s %lld: %s (%s)", file, secs, strerror(-rc),
			  nfsd_errname(rc));
	return rc;
}

/* Everything the kernel refuses with EBUSY once the service exists. */
static int before_service(struct nfsd_ctx *c)
{
	if (write_versions(c) < 0)
		return -1;
	if (!c->vers.v4)
		return 0;
	if (write_seconds(c, "nfsv4leasetime", c->lease) < 0 ||
	    write_seconds(c, "nfsv4gracetime", c->grace) < 0)
		return -1;
	return 0;
}

/* After any portlist add a failure must not leave a service without
 * threads behind: writing 0 makes the kernel tear it down. */
static int undo(struct nfsd_ctx *c)
{
	int rc;

	nfsd_listeners_close(c);
	if (!c->added)
		return 1;
	rc = nfsd_xact(c, "threads", "0\n", NULL, NULL, 0);
	if (rc < 0)
		log_warnx("cannot stop nfsd again either: threads: %s (%s); run rpc.nfsd 0",
			  strerror(-rc), nfsd_errname(rc));
	return 1;
}

static int start_fresh(struct nfsd_ctx *c)
{
	/* Sockets first: a port in use fails before the kernel is touched. */
	if (nfsd_listeners_open(c) < 0)
		return 1;
	if (c->vsock && c->vpath != NFSD_VP_KERNEL && nfsd_listener_loopback(c) < 0)
		return 1;
	if (before_service(c) < 0 || nfsd_vsock_choose(c) < 0 ||
	    nfsd_listeners_hand_over(c) < 0 || write_threads(c, c->threads) < 0)
		return undo(c);
	nfsd_listeners_close(c);
	if (c->relay && nfsd_relay_ensure(c) < 0) {
		log_warnx("stopping nfsd again: without the relay no guest reaches it");
		write_threads(c, 0);
		return 1;
	}
	log_info("nfsd started: %lld threads", c->threads);
	return 0;
}

int nfsd_start(struct nfsd_ctx *c)
{
	if (ensure_mounted() < 0)
		return 1;
	if (c->threads == 0) {
		/* Stopping: nothing else to configure. */
		if (write_threads(c, 0) < 0)
			return 1;
		log_info("nfsd stopped");
		return 0;
	}
	if (in_use()) {
		/* Versions, times and listeners are fixed while it runs. */
		log_info("nfsd is already running; only the thread count changes "
			 "(stop it with rpc.nfsd 0 to change anything else)");
		if (write_threads(c, c->threads) < 0)
			return 1;
		return nfsd_relay_revive(c) < 0 ? 1 : 0;
	}
	if (start_fresh(c) != 0)
		return 1;
	return 0;
}
