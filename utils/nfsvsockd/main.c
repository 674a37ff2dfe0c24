/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c (nfsvsockd): options and configuration, then the supervisor or a client command. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nfsvsockd.h"

enum { OPT_TEST_UDS = 256 };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options]                 run the relay\n"
		"       %s [options] status [--raw]  show connections and endpoints\n"
		"       %s [options] acquire|release CID PORT   (guest role endpoints)\n"
		"  -r, --role host|guest|auto   which end of the relay ([nfsvsockd] role)\n"
		"  -l, --listen PORTS           host: vsock ports, comma-separated\n"
		"  -a, --allow LIST             host: guest CIDs allowed: *, none, 3,4,10-20\n"
		"  -S, --socket PATH            the control socket\n"
		"  -o, --set KEY=VALUE          any [nfsvsockd] key from nfs.conf\n"
		"  -c, --config FILE            read FILE instead of /etc/nfs.conf\n"
		"  -F, --foreground             stay in the foreground, log to stderr\n"
		"  -n, --check                  check the configuration and exit\n"
		"  -T, --print-config           print the effective configuration and exit\n"
		"  -s, --status                 same as the status command\n"
		"  -d, --debug CAT[,CAT]        debug categories (relay, conf, vsock, all)\n"
		"  -h, --help                   this text\n"
		"  -V, --version                print the version\n"
		"See nfsvsockd(8).\n", log_progname(), log_progname(), log_progname());
}

static void add_set(struct nvd_opts *o, const char *key, const char *val)
{
	if (o->nset == NVD_MAX_SET)
		fatalx(2, "more than %d settings on the command line", NVD_MAX_SET);
	o->set[o->nset].key = key;
	o->set[o->nset].val = val;
	o->nset++;
}

/* -o key=value: split in place (argv is ours to write). */
static void add_set_arg(struct nvd_opts *o, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		fatalx(2, "-o %s: expected KEY=VALUE, e.g. -o allow=3,4", arg);
	*eq = '\0';
	add_set(o, arg, eq + 1);
}

static void parse_debug(const char *arg)
{
	unsigned int mask = 0;

	if (log_parse_debug(arg, &mask) < 0)
		fatalx(2, "-d %s: unknown debug category; use relay, conf, vsock or all", arg);
	log_set_debug(mask);
}

static void parse_options(struct nvd_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "listen", required_argument, NULL, 'l' },
		{ "allow", required_argument, NULL, 'a' },
		{ "socket", required_argument, NULL, 'S' },
		{ "set", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'F' },
		{ "check", no_argument, NULL, 'n' },
		{ "print-config", no_argument, NULL, 'T' },
		{ "status", no_argument, NULL, 's' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "test-uds", required_argument, NULL, OPT_TEST_UDS },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+r:l:a:S:o:c:FnTsd:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': add_set(o, "role", optarg); break;
		case 'l': add_set(o, "listen", optarg); break;
		case 'a': add_set(o, "allow", optarg); break;
		case 'S': add_set(o, "control-socket", optarg); break;
		case 'o': add_set_arg(o, optarg); break;
		case 'c': o->conf_path = optarg; break;
		case 'F': o->foreground = true; break;
		case 'n': o->check = true; break;
		case 'T': o->print = true; break;
		case 's': o->client = true; break;
		case 'd': parse_debug(optarg); break;
		case OPT_TEST_UDS: o->test_uds = optarg; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("%s %s\n", log_progname(), PACKAGE_VERSION); exit(0);
		default: usage(stderr); exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	static char status_cmd[] = "status";
	static char *status_argv[] = { status_cmd, NULL };
	struct nvd d;
	char **cmd;
	int ncmd;

	memset(&d, 0, sizeof(d));
	log_init(argv[0], LOG_DEST_STDERR);
	log_debug_from_env();
	parse_options(&d.opts, argc, argv);
	cmd = argv + optind;
	ncmd = argc - optind;
	if (ncmd > 0 && strcmp(cmd[0], "status") && strcmp(cmd[0], "acquire") &&
	    strcmp(cmd[0], "release"))
		fatalx(2, "unknown command '%s'; expected status, acquire or release", cmd[0]);
	if (d.opts.client && ncmd == 0) {
		cmd = status_argv;
		ncmd = 1;
	}
	d.opts.client = ncmd > 0;
	if (config_load(&d, &d.conf, d.opts.print) < 0)
		fatalx(1, "configuration has errors (above); nothing started");
	if (d.opts.check || d.opts.print)
		return 0;
	if (d.opts.client)
		return ctl_client_run(&d, ncmd, cmd);
	return supervisor_run(&d);
}
