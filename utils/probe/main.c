/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c (nfsvsock-probe): options, then one call to probe_run(). */
#include "config.h"

#include <getopt.h>
#include <linux/vm_sockets.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "probectx.h"
#include "vsock.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [-c] [-s] [-p PORT] [-k] [-d CAT[,CAT]] [-h] [-V]\n"
		"Report whether this kernel carries NFS over AF_VSOCK natively.\n"
		"  -c, --client     probe the NFS client (proto=vsock)\n"
		"  -s, --server     probe nfsd (hand a vsock listener to portlist)\n"
		"  -p, --port PORT  vsock port for the nfsd probe's listener (default: any)\n"
		"  -k, --keys       print key=value lines for scripts\n"
		"  -d, --debug CAT  debug categories (all, vsock, nfsd, ...)\n"
		"  -h, --help       this text\n"
		"  -V, --version    print the version\n"
		"With neither -c nor -s, both are probed.\n", log_progname());
}

static uint32_t parse_port(const char *arg)
{
	struct vsock_addr a;
	char spec[64];
	int rc;

	snprintf(spec, sizeof(spec), "vsock:any:%s", arg);
	rc = vsock_addr_parse(spec, VSOCK_PARSE_PORT_REQUIRED, &a);
	if (rc < 0)
		fatalx(2, "-p %s: %s; give a vsock port such as 2049",
		       arg, vsock_parse_strerror(rc));
	return a.port;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "client", no_argument, NULL, 'c' },
		{ "server", no_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "keys", no_argument, NULL, 'k' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct probe_ctx ctx = { .port = VMADDR_PORT_ANY };
	unsigned int mask = 0;
	int c;

	log_init(argv[0], LOG_DEST_STDERR);
	log_debug_from_env();
	while ((c = getopt_long(argc, argv, "csp:kd:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': ctx.what |= PROBE_CLIENT; break;
		case 's': ctx.what |= PROBE_NFSD; break;
		case 'p': ctx.port = parse_port(optarg); break;
		case 'k': ctx.keys = 1; break;
		case 'd':
			if (log_parse_debug(optarg, &mask) < 0)
				fatalx(2, "-d %s: unknown debug category; use all, conf, vsock, nfsd, ...", optarg);
			log_set_debug(mask);
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("%s %s\n", log_progname(), PACKAGE_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		fatalx(2, "unexpected argument '%s'; see --help", argv[optind]);
	if (!ctx.what)
		ctx.what = PROBE_CLIENT | PROBE_NFSD;
	return probe_run(&ctx);
}
