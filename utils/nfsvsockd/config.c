/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.c: [nfsvsockd] from nfs.conf and the command line into a checked nvd_conf. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conflog.h"
#include "log.h"
#include "nfsvsockd.h"
#include "strnum.h"
#include "vsock.h"

const char *config_role_name(enum nvd_role r)
{
	return r == NVD_GUEST ? "guest" : "host";
}

static int apply_overrides(struct conf *cf, const struct nvd_opts *o)
{
	char msg[256];

	for (size_t i = 0; i < o->nset; i++) {
		if (conf_set(cf, NVD_SECTION, o->set[i].key, o->set[i].val,
			     msg, sizeof(msg)) < 0) {
			log_warnx("command line: %s", msg);
			return -1;
		}
	}
	return 0;
}

static const char *get_str(const struct conf *cf, const char *key)
{
	const char *v = "";

	if (conf_get_str(cf, NVD_SECTION, key, &v) < 0)
		log_warnx("[%s] %s: missing from the key table; this build is broken", NVD_SECTION, key);
	return v ? v : "";
}

static long long get_int(const struct conf *cf, const char *key)
{
	long long v = 0;

	if (conf_get_int(cf, NVD_SECTION, key, &v) < 0)
		log_warnx("[%s] %s: missing from the key table; this build is broken", NVD_SECTION, key);
	return v;
}

static bool get_bool(const struct conf *cf, const char *key)
{
	bool v = false;

	if (conf_get_bool(cf, NVD_SECTION, key, &v) < 0)
		log_warnx("[%s] %s: missing from the key table; this build is broken", NVD_SECTION, key);
	return v;
}

/* "2049" or "2049,20490": vsock ports 1..4294967294, or "none". */
static int parse_listen(const char *s, struct nvd_conf *c)
{
	char buf[256], *tok, *save = NULL;
	long long v;

	c->nlisten = 0;
	if (strcmp(s, "none") == 0 || *s == '\0')
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (nv_strtonum(tok, 1, 4294967294LL, &v) < 0 || c->nlisten == NVD_MAX_LISTEN) {
			log_warnx("[%s] listen = \"%s\": \"%s\" is not a vsock port (1..4294967294) "
				  "or more than %d ports; fix the listen key", NVD_SECTION, s, tok,
				  NVD_MAX_LISTEN);
			return -1;
		}
		c->listen[c->nlisten++] = (uint32_t)v;
	}
	return 0;
}

/* Per-guest identity needs an IPv6 destination: the mapped source is IPv6. */
static int parse_nfsd(const char *addr, long long port, struct nvd_conf *c)
{
	memset(&c->nfsd, 0, sizeof(c->nfsd));
	c->nfsd.sin6_family = AF_INET6;
	c->nfsd.sin6_port = htons((uint16_t)port);
	if (inet_pton(AF_INET6, addr, &c->nfsd.sin6_addr) == 1)
		return 0;
	log_warnx("[%s] nfsd-address = \"%s\": not an IPv6 address; the relay's per-guest "
		  "source addresses are IPv6, so give nfsd's IPv6 loopback listener (::1)",
		  NVD_SECTION, addr);
	return -1;
}

static int copy_path(char *dst, const char *src, const char *key)
{
	if (strlen(src) + sizeof("_4294967294") > NVD_PATH_MAX) {
		log_warnx("[%s] %s = \"%s\": longer than a Unix socket path may be; use a shorter path",
			  NVD_SECTION, key, src);
		return -1;
	}
	strcpy(dst, src);
	return 0;
}

/* role = auto: a machine whose CID is 3 or more is a guest. */
static int pick_role(const char *r, struct nvd_conf *c)
{
	uint32_t cid;
	int rc;

	if (strcmp(r, "host") == 0 || strcmp(r, "guest") == 0) {
		c->role = r[0] == 'g' ? NVD_GUEST : NVD_HOST;
		return 0;
	}
	if (getenv("NFSVSOCK_TEST_NO_VSOCK")) {
		log_warnx("role = auto needs /dev/vsock, which this test run forbids; give --role");
		return -1;
	}
	rc = vsock_local_cid(&cid);
	if (rc < 0) {
		log_warnx("role = auto: cannot read the local CID from /dev/vsock (%s); "
			  "load a vsock transport or set role in [%s]", strerror(-rc), NVD_SECTION);
		return -1;
	}
	c->role = cid >= 3 ? NVD_GUEST : NVD_HOST;
	return 0;
}

/* The key table has checked the value is one of these. */
static enum nvd_guard parse_guard(const char *v)
{
	if (!strcmp(v, "y"))
		return NVD_GUARD_YES;
	return strcmp(v, "n") ? NVD_GUARD_AUTO : NVD_GUARD_NO;
}

/* Host-role keys that need more than a range check. */
static int read_host_keys(const struct conf *cf, struct nvd_conf *c)
{
	char why[256];

	if (parse_listen(get_str(cf, "listen"), c) < 0)
		return -1;
	if (parse_nfsd(get_str(cf, "nfsd-address"), get_int(cf, "nfsd-port"), c) < 0)
		return -1;
	if (allow_parse(get_str(cf, "allow"), &c->allow, why, sizeof(why)) < 0) {
		log_warnx("[%s] allow: %s", NVD_SECTION, why);
		return -1;
	}
	if (copy_path(c->uds_path, get_str(cf, "uds-path"), "uds-path") < 0)
		return -1;
	c->uds_cid = (uint32_t)get_int(cf, "uds-cid");
	c->uds_trusted = get_bool(cf, "uds-trusted");
	c->vsock = get_bool(cf, "vsock");
	c->guard = parse_guard(get_str(cf, "source-guard"));
	return 0;
}

/* The one place that forbids AF_VSOCK in tests: the development machines'
 * /dev/vsock leads off the machine. */
static int check_test_safety(const struct nvd_conf *c)
{
	bool uses_vsock = c->role == NVD_HOST ? c->vsock && c->nlisten : !c->test_uds[0];

	if (uses_vsock && getenv("NFSVSOCK_TEST_NO_VSOCK")) {
		log_warnx("NFSVSOCK_TEST_NO_VSOCK is set but this configuration opens AF_VSOCK "
			  "sockets; set vsock = n (host) or --test-uds (guest)");
		return -1;
	}
	if (c->role == NVD_HOST && (!c->nlisten || (!c->vsock && !c->uds_path[0]))) {
		log_warnx("[%s] the host role listens nowhere: listen = none, or vsock = n and no "
			  "uds-path; give ports and enable one of them", NVD_SECTION);
		return -1;
	}
	return 0;
}

/* Categories from nfs.conf apply when neither -d nor NFSVSOCK_DEBUG chose any. */
static int apply_debug(const char *spec)
{
	unsigned int mask = 0;

	if (!*spec)
		return 0;
	if (log_parse_debug(spec, &mask) < 0) {
		log_warnx("[%s] debug = \"%s\": unknown category; use relay, conf, vsock or all",
			  NVD_SECTION, spec);
		return -1;
	}
	if (!log_debug_enabled(LOGC_ALL))
		log_set_debug(mask);
	return 0;
}

static int read_keys(const struct conf *cf, const struct nvd_opts *o, struct nvd_conf *c)
{
	memset(c, 0, sizeof(*c));
	/* A client command needs the socket path, not the role. */
	if (!o->client && pick_role(get_str(cf, "role"), c) < 0)
		return -1;
	if (read_host_keys(cf, c) < 0)
		return -1;
	if (copy_path(c->socket, get_str(cf, "control-socket"), "control-socket") < 0)
		return -1;
	if (o->test_uds && copy_path(c->test_uds, o->test_uds, "--test-uds") < 0)
		return -1;
	c->bufsize = (uint64_t)get_int(cf, "buffer-size");
	c->connect_timeout_ms = (int)get_int(cf, "connect-timeout");
	c->max_conns = (long)get_int(cf, "max-connections");
	if (apply_debug(get_str(cf, "debug")) < 0)
		return -1;
	return o->client ? 0 : check_test_safety(c);
}

static void print_effective(const struct conf *cf)
{
	static const char *const sections[] = { NVD_SECTION, NULL };
	struct conf_item it;
	char src[300];
	size_t pos = 0;

	printf("[%s]\n", NVD_SECTION);
	while (conf_next(cf, sections, &pos, &it) == 1) {
		conf_source_format(&it, src, sizeof(src));
		printf("%s = %s\t# %s\n", it.key->key, it.value, src);
	}
}

int config_load(struct nvd *d, struct nvd_conf *out, bool print)
{
	struct conf *cf = NULL;
	int rc;

	rc = conf_load(&cf, d->opts.conf_path);
	if (rc < 0) {
		log_warnx("%s: cannot load the configuration (%s)",
			  d->opts.conf_path ? d->opts.conf_path : "nfs.conf", strerror(-rc));
		return -1;
	}
	/* Report every problem in one run, so -n lists them all. */
	rc = conf_log_diags(cf);
	rc |= apply_overrides(cf, &d->opts);
	rc |= read_keys(cf, &d->opts, out);
	if (rc == 0 && print)
		print_effective(cf);
	conf_free(cf);
	return rc;
}

static bool same_listeners(const struct nvd_conf *a, const struct nvd_conf *b)
{
	return a->role == b->role && a->vsock == b->vsock && a->nlisten == b->nlisten &&
	       !memcmp(a->listen, b->listen, a->nlisten * sizeof(a->listen[0])) &&
	       !strcmp(a->uds_path, b->uds_path) && !strcmp(a->socket, b->socket);
}

void config_reload(struct nvd *d, const struct nvd_conf *n, bool say)
{
	struct nvd_conf *c = &d->conf;

	if (say && !same_listeners(c, n))
		log_warnx("SIGHUP: role, listen, vsock, uds-path and control-socket keep their "
			  "running values; restart nfsvsockd to change them");
	c->nfsd = n->nfsd;
	c->allow = n->allow;
	c->uds_cid = n->uds_cid;
	c->uds_trusted = n->uds_trusted;
	c->bufsize = n->bufsize;
	c->connect_timeout_ms = n->connect_timeout_ms;
	c->max_conns = n->max_conns;
	for (size_t i = 0; i < d->nlst; i++) {
		if (d->lst[i].kind != NVD_L_UDS)
			continue;
		d->lst[i].cid = n->uds_cid;
		d->lst[i].trusted = n->uds_trusted;
	}
}
