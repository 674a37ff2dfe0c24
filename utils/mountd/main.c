/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c (rpc.mountd): options and nfs.conf [mountd], then one call to the cache loop. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conflog.h"
#include "log.h"
#include "mountd.h"
#include "paths.h"
#include "strnum.h"

enum { OPT_STDIN = 256, OPT_TIME, OPT_CONFIG };

/* What the command line asked for beyond nfs.conf keys. */
struct mountd_opts {
	const char *config;
	const char *stdin_chan;
	bool check_only, print_config, foreground;
	long long fixed_now;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [-F] [-d CAT] [-g] [-t SECS] [-s DIR] [-n] [-T] [-N V] [-V V]\n"
		"Answer the kernel nfsd's export upcalls from the export table exportfs keeps.\n"
		"  -F, --foreground          stay in the foreground, log to stderr\n"
		"  -d, --debug CAT           debug categories (all, exports, cache, ...)\n"
		"  -g, --manage-gids         replace the client's group list with the server's\n"
		"  -t, --ttl SECS            seconds the kernel may cache an answer (1800)\n"
		"  -s, --state-directory-path DIR   where etab lives (/var/lib/nfs)\n"
		"  -n, --check-config        check nfs.conf and the export table, then exit\n"
		"  -T, --print-config        print the effective [mountd] settings, then exit\n"
		"  -N, -V, -p, -u            accepted for nfs-utils compatibility; MOUNT is not served\n"
		"      --config FILE         read FILE instead of /etc/nfs.conf\n"
		"      --stdin CACHE         test mode: answer CACHE requests from stdin\n"
		"  -h, --help                this text\n", log_progname());
}

static void set_key(struct conf *cf, const char *key, const char *val)
{
	char msg[256];

	if (conf_set(cf, "mountd", key, val, msg, sizeof(msg)) < 0)
		fatalx(2, "command line: %s", msg);
}

static void set_debug(const char *spec)
{
	unsigned int mask = 0;

	if (log_parse_debug(spec, &mask) < 0)
		fatalx(2, "-d %s: unknown debug category; use all, exports, cache, ...", spec);
	log_set_debug(mask);
}

static void parse_args(int argc, char **argv, struct conf *cf, struct mountd_opts *o)
{
	static const struct option lo[] = {
		{ "foreground", no_argument, NULL, 'F' }, { "debug", required_argument, NULL, 'd' },
		{ "manage-gids", no_argument, NULL, 'g' }, { "ttl", required_argument, NULL, 't' },
		{ "state-directory-path", required_argument, NULL, 's' },
		{ "check-config", no_argument, NULL, 'n' }, { "print-config", no_argument, NULL, 'T' },
		{ "no-nfs-version", required_argument, NULL, 'N' },
		{ "nfs-version", required_argument, NULL, 'V' }, { "port", required_argument, NULL, 'p' },
		{ "no-udp", no_argument, NULL, 'u' }, { "help", no_argument, NULL, 'h' },
		{ "stdin", required_argument, NULL, OPT_STDIN }, { "time", required_argument, NULL, OPT_TIME },
		{ "config", required_argument, NULL, OPT_CONFIG }, { NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "Fd:gt:s:nTN:V:p:uh", lo, NULL)) != -1) {
		switch (ch) {
		case 'F': o->foreground = true; break;
		case 'd': set_key(cf, "debug", optarg); break;
		case 'g': set_key(cf, "manage-gids", "y"); break;
		case 't': set_key(cf, "ttl", optarg); break;
		case 's': set_key(cf, "state-directory-path", optarg); break;
		case 'n': o->check_only = true; break;
		case 'T': o->print_config = true; break;
		case 'N': case 'V': case 'p': case 'u': break;
		case 'h': usage(stdout); exit(0);
		case OPT_STDIN: o->stdin_chan = optarg; break;
		case OPT_TIME:
			if (nv_strtonum(optarg, 1, 4000000000LL, &o->fixed_now) < 0)
				fatalx(2, "--time %s: not a positive Epoch second count", optarg);
			break;
		case OPT_CONFIG: break;
		default: usage(stderr); exit(2);
		}
	}
	if (optind < argc)
		fatalx(2, "unexpected argument '%s'; see --help", argv[optind]);
}

/* --config must be known before nfs.conf is loaded, the rest after. */
static const char *find_config(int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--config") == 0)
			return argv[i + 1];
	return NULL;
}

static void print_config(const struct conf *cf)
{
	static const char *const secs[] = { "mountd", NULL };
	struct conf_item it;
	size_t pos = 0;
	char src[512];

	while (conf_next(cf, secs, &pos, &it)) {
		conf_source_format(&it, src, sizeof(src));
		printf("[%s] %s = %s\t# %s\n", it.key->section, it.key->key, it.value, src);
	}
}

static void fill_ctx(struct mountd_ctx *c, const struct conf *cf)
{
	const char *dir = "", *dbg = "";
	char cwd[2048];
	bool b = false;

	conf_get_int(cf, "mountd", "ttl", &c->ttl);
	conf_get_bool(cf, "mountd", "manage-gids", &b);
	c->manage_gids = b;
	conf_get_str(cf, "mountd", "debug", &dbg);
	if (dbg && *dbg)
		set_debug(dbg);
	conf_get_str(cf, "mountd", "state-directory-path", &dir);
	/* A daemon runs in /: a relative -s is taken from where it was started. */
	if (dir && dir[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);

		snprintf(cwd + n, sizeof(cwd) - n, "/%s", dir);
		dir = cwd;
	}
	if (snprintf(c->etab, sizeof(c->etab), "%s/etab", dir) >= (int)sizeof(c->etab) ||
	    nv_path_get(NV_PATH_RPC_CACHE, c->cachedir, sizeof(c->cachedir)) < 0)
		fatalx(1, "state directory or %s path too long; shorten it", nv_path_name(NV_PATH_RPC_CACHE));
	for (int i = 0; i < CHAN_COUNT; i++)
		c->fd[i] = -1;
}

static int run(struct mountd_ctx *c, const struct mountd_opts *o)
{
	enum mountd_chan ch;

	if (o->stdin_chan) {
		if (mountd_chan_parse(o->stdin_chan, &ch) < 0)
			fatalx(2, "--stdin %s: unknown cache; use auth.unix.ip, auth.unix.gid, "
			       "nfsd.export or nfsd.fh", o->stdin_chan);
		return mountd_run_stdin(c, ch);
	}
	if (!c->foreground) {
		if (daemon(0, 0) < 0)
			fatal(1, "cannot become a daemon; run with -F to stay in the foreground");
		log_set_dest(LOG_DEST_SYSLOG);
	}
	log_info("serving %s (ttl %llds%s)", c->cachedir, c->ttl, c->manage_gids ? ", manage-gids" : "");
	return mountd_run(c);
}

int main(int argc, char **argv)
{
	struct mountd_ctx c = { 0 };
	struct mountd_opts o = { 0 };
	struct conf *cf;
	int rc;

	log_init("rpc.mountd", LOG_DEST_STDERR);
	log_debug_from_env();
	rc = conf_load(&cf, find_config(argc, argv));
	if (rc < 0)
		fatalx(1, "cannot load nfs.conf: %s", strerror(-rc));
	parse_args(argc, argv, cf, &o);
	rc = conf_log_diags(cf);
	if (o.print_config)
		print_config(cf);
	fill_ctx(&c, cf);
	c.fixed_now = (time_t)o.fixed_now;
	c.foreground = o.foreground;
	conf_free(cf);
	if (o.check_only || o.print_config) {
		rc = rc < 0 ? rc : mountd_table_refresh(&c);
		mountd_table_free(&c);
		return rc < 0 ? 1 : 0;
	}
	rc = run(&c, &o);
	mountd_table_free(&c);
	return rc < 0 ? 1 : 0;
}
