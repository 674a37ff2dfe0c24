/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c (rpc.nfsd): options over nfs.conf [nfsd], then start, stop or status. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "nfsd.h"

enum { OPT_VSOCK = 256, OPT_VSOCK_PATH, OPT_VSOCK_ONLY, OPT_STATUS, OPT_PRINT };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] [nthreads]     start nfsd, or stop it with 0\n"
		"       %s --status                 show listeners, threads, versions, relay\n"
		"  -H, --host ADDR        listen on ADDR only (TCP and UDP)\n"
		"  -p, --port PORT        TCP and UDP port (default 2049)\n"
		"  -T, --no-tcp           no TCP listener\n"
		"  -U, --no-udp           no UDP listener (the default)\n"
		"  -u, --udp              also listen on UDP\n"
		"  -V, --nfs-version V    offer V (3, 4, 4.1, ...)\n"
		"  -N, --no-nfs-version V do not offer V\n"
		"  -L, --lease-time S     NFSv4 lease time in seconds (10..3600)\n"
		"  -G, --grace-time S     NFSv4 grace period in seconds (10..3600)\n"
		"      --vsock[=PORT]     serve guests over AF_VSOCK (port 2049)\n"
		"      --vsock-path=auto|kernel|relay   native vsock, the relay, or try native first\n"
		"      --vsock-only       guests over vsock only: nfsd listens on loopback only\n"
		"      --status           print what is running and exit\n"
		"      --print-config     print the effective [nfsd] configuration and exit\n"
		"  -d, --debug CAT[,CAT]  debug categories (nfsd, conf, vsock, all)\n"
		"  -s, --syslog           log to syslog\n"
		"  -h, --help, -v, --version\n"
		"See rpc.nfsd(8) and nfs.conf(5).\n", log_progname(), log_progname());
}

static void add_set(struct nfsd_ctx *c, const char *key, const char *val)
{
	if (c->nset == NFSD_MAX_SET)
		fatalx(2, "too many options on the command line");
	c->set[c->nset].key = key;
	c->set[c->nset].val = val;
	c->nset++;
}

static void add_vers(struct nfsd_ctx *c, const char *arg, bool on)
{
	if (c->nvopt == NFSD_MAX_SET)
		fatalx(2, "too many -V/-N options");
	c->vopt[c->nvopt].arg = arg;
	c->vopt[c->nvopt].on = on;
	c->nvopt++;
}

static void set_debug(const char *arg)
{
	unsigned int mask = 0;

	if (log_parse_debug(arg, &mask) < 0)
		fatalx(2, "-d %s: unknown debug category; use nfsd, conf, vsock or all", arg);
	log_set_debug(mask);
}

static void long_only(struct nfsd_ctx *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_VSOCK:
		add_set(c, "vsock", "y");
		if (arg)
			add_set(c, "vsock-port", arg);
		break;
	case OPT_VSOCK_PATH: add_set(c, "vsock-path", arg); break;
	case OPT_VSOCK_ONLY: add_set(c, "vsock-only", "y"); break;
	case OPT_STATUS: c->status = true; break;
	case OPT_PRINT: c->print_conf = true; break;
	}
}

static void parse_options(struct nfsd_ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' }, { "port", required_argument, NULL, 'p' },
		{ "no-tcp", no_argument, NULL, 'T' }, { "no-udp", no_argument, NULL, 'U' },
		{ "udp", no_argument, NULL, 'u' }, { "tcp", no_argument, NULL, 't' },
		{ "nfs-version", required_argument, NULL, 'V' },
		{ "no-nfs-version", required_argument, NULL, 'N' },
		{ "lease-time", required_argument, NULL, 'L' },
		{ "grace-time", required_argument, NULL, 'G' },
		{ "debug", required_argument, NULL, 'd' }, { "syslog", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'v' },
		{ "vsock", optional_argument, NULL, OPT_VSOCK },
		{ "vsock-path", required_argument, NULL, OPT_VSOCK_PATH },
		{ "vsock-only", no_argument, NULL, OPT_VSOCK_ONLY },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "print-config", no_argument, NULL, OPT_PRINT },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "H:p:TUutV:N:L:G:d:shv", longopts, NULL)) != -1) {
		switch (o) {
		case 'H': add_set(c, "host", optarg); break;
		case 'p': add_set(c, "port", optarg); break;
		case 'T': add_set(c, "tcp", "n"); break;
		case 't': add_set(c, "tcp", "y"); break;
		case 'U': add_set(c, "udp", "n"); break;
		case 'u': add_set(c, "udp", "y"); break;
		case 'V': add_vers(c, optarg, true); break;
		case 'N': add_vers(c, optarg, false); break;
		case 'L': add_set(c, "lease-time", optarg); break;
		case 'G': add_set(c, "grace-time", optarg); break;
		case 'd': set_debug(optarg); break;
		case 's': add_set(c, "syslog", "y"); break;
		case 'h': usage(stdout); exit(0);
		case 'v': printf("%s %s\n", log_progname(), PACKAGE_VERSION); exit(0);
		case '?': usage(stderr); exit(2);
		default: long_only(c, o, optarg); break;
		}
	}
	if (optind < argc)
		add_set(c, "threads", argv[optind++]);
	if (optind < argc)
		fatalx(2, "unexpected argument \"%s\"; only a thread count follows the options",
		       argv[optind]);
}

int main(int argc, char **argv)
{
	static struct nfsd_ctx ctx;
	const char *trace;
	int rc;

	log_init("rpc.nfsd", LOG_DEST_STDERR);
	log_debug_from_env();
	parse_options(&ctx, argc, argv);
	if (nfsd_config(&ctx) < 0)
		return 2;
	if (ctx.print_conf) {
		nfsd_config_print(&ctx);
		rc = 0;
	} else if (ctx.status) {
		rc = nfsd_status(&ctx);
	} else {
		trace = getenv("NFSVSOCK_NFSD_TRACE");
		if (trace && *trace && !(ctx.trace = fopen(trace, "ae")))
			fatal(2, "NFSVSOCK_NFSD_TRACE=%s: cannot open it", trace);
		rc = nfsd_start(&ctx);
		if (ctx.trace)
			fclose(ctx.trace);
	}
	conf_free(ctx.cf);
	return rc;
}
