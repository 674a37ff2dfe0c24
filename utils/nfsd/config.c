/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.c (rpc.nfsd): table defaults, then nfs.conf [nfsd], then the command line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "conflog.h"
#include "log.h"
#include "nfsd.h"

#define SEC "nfsd"

static int apply_set(struct nfsd_ctx *c)
{
	char msg[256];

	for (size_t i = 0; i < c->nset; i++) {
		if (conf_set(c->cf, SEC, c->set[i].key, c->set[i].val, msg, sizeof(msg)) < 0) {
			log_warnx("command line: %s", msg);
			return -1;
		}
	}
	return 0;
}

/* The table holds every key read here; a miss means a broken build. */
static void must(int rc, const char *key)
{
	if (rc < 0)
		fatalx(1, "[%s] %s: missing from the key table (%s); this build is broken",
		       SEC, key, strerror(-rc));
}

static bool get_bool(struct nfsd_ctx *c, const char *key)
{
	bool v = false;

	must(conf_get_bool(c->cf, SEC, key, &v), key);
	return v;
}

static long long get_int(struct nfsd_ctx *c, const char *key)
{
	long long v = 0;

	must(conf_get_int(c->cf, SEC, key, &v), key);
	return v;
}

/* Versions: the file's keys first, then every -V/-N in command-line order. */
static int read_versions(struct nfsd_ctx *c)
{
	static const char *const minors[] = { "vers4.0", "vers4.1", "vers4.2" };
	struct nfsd_vers *v = &c->vers;
	const char *why = "";

	memset(v, 0, sizeof(*v));
	v->v3 = get_bool(c, "vers3");
	v->v4 = get_bool(c, "vers4");
	for (unsigned int m = 0; m <= NFSD_MINOR_KNOWN; m++)
		if (get_bool(c, minors[m]))
			v->minor_on |= 1u << m;
	for (size_t i = 0; i < c->nvopt; i++) {
		if (nfsd_vers_arg(v, c->vopt[i].arg, c->vopt[i].on, &why) < 0) {
			log_warnx("%s %s: %s", c->vopt[i].on ? "-V" : "-N", c->vopt[i].arg, why);
			return -1;
		}
	}
	return 0;
}

static void read_vsock(struct nfsd_ctx *c)
{
	unsigned int idx = 0;
	const char *sock = NULL;

	c->vsock_only = get_bool(c, "vsock-only");
	c->vsock = get_bool(c, "vsock") || c->vsock_only;
	c->vsock_port = (uint32_t)get_int(c, "vsock-port");
	must(conf_get_enum(c->cf, SEC, "vsock-path", &idx), "vsock-path");
	c->vpath = idx == 1 ? NFSD_VP_KERNEL : idx == 2 ? NFSD_VP_RELAY : NFSD_VP_AUTO;
	must(conf_get_str(c->cf, "nfsvsockd", "control-socket", &sock), "control-socket");
	c->relay_socket = sock;
}

/* Settings that only make sense together, decided once, with a word why. */
static int settle(struct nfsd_ctx *c)
{
	char line[128];

	if (c->vsock_only && c->host[0]) {
		log_info("vsock-only: ignoring host=%s; nfsd listens on loopback only", c->host);
		c->host = "";
	}
	if (c->vsock_only && c->udp) {
		log_info("vsock-only: no UDP listener (vsock and the relay carry TCP only)");
		c->udp = false;
	}
	if (c->vsock_only && c->vers.v3) {
		/* NFSv3 needs rpcbind, MOUNT and NLM, none of which vsock carries. */
		log_debug(LOGC_NFSD, "vsock-only: NFSv3 is off (it needs rpcbind, MOUNT and NLM, "
			  "which vsock does not carry)");
		c->vers.v3 = false;
	}
	if (nfsd_vers_line(&c->vers, line, sizeof(line)) == -ENOENT) {
		log_warnx("no NFS version left to offer; enable one with -V 4.2 (or vers4.2=y)");
		return -1;
	}
	if (!c->tcp && !c->udp && !c->vsock) {
		log_warnx("no transport left: TCP and UDP are off and vsock is not on; "
			  "drop -T/--no-tcp, or add --vsock");
		return -1;
	}
	return 0;
}

static int read_keys(struct nfsd_ctx *c)
{
	const char *host = "", *debug = "";
	unsigned int mask = 0;

	c->threads = get_int(c, "threads");
	c->lease = get_int(c, "lease-time");
	c->grace = get_int(c, "grace-time");
	c->port = get_int(c, "port");
	c->tcp = get_bool(c, "tcp");
	c->udp = get_bool(c, "udp");
	must(conf_get_str(c->cf, SEC, "host", &host), "host");
	c->host = host;
	must(conf_get_str(c->cf, SEC, "debug", &debug), "debug");
	if (debug[0] && log_parse_debug(debug, &mask) < 0) {
		log_warnx("[nfsd] debug = \"%s\": unknown category; use nfsd, conf, vsock, relay or all",
			  debug);
		return -1;
	}
	log_set_debug(mask);
	if (get_bool(c, "syslog"))
		log_set_dest(LOG_DEST_SYSLOG);
	read_vsock(c);
	if (read_versions(c) < 0)
		return -1;
	return settle(c);
}

int nfsd_config(struct nfsd_ctx *c)
{
	int rc = conf_load(&c->cf, NULL);

	if (rc < 0) {
		log_warnx("nfs.conf: cannot load the configuration (%s)", strerror(-rc));
		return -1;
	}
	/* Report every problem in one run. */
	rc = conf_log_diags(c->cf);
	rc |= apply_set(c);
	if (rc == 0)
		rc = read_keys(c);
	return rc;
}

void nfsd_config_print(const struct nfsd_ctx *c)
{
	static const char *const secs[] = { SEC, NULL };
	struct conf_item it;
	size_t pos = 0;
	char src[256];

	printf("[%s]\n", SEC);
	while (conf_next(c->cf, secs, &pos, &it)) {
		conf_source_format(&it, src, sizeof(src));
		printf("%s = %s\t# %s\n", it.key->key, it.value, src);
	}
}
