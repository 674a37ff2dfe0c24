/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c (exportfs): options and paths, then one call to exportfs_run(). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "exportfs.h"
#include "log.h"
#include "paths.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [-avi] [-o OPTIONS] [client:/path ...]\n"
		"       %s -r [-v] | -u [-v] client:/path ... | -ua | -f | -s\n"
		"Keep the kernel's NFS export table (etab in the state directory).\n"
		"  -a            export everything in /etc/exports and /etc/exports.d\n"
		"  -r            re-export: make the table exactly what those files say\n"
		"  -u            unexport the operands, or everything with -a\n"
		"  -o OPTIONS    options for the operands (exports(5) syntax)\n"
		"  -i            ignore the exports files; defaults and -o only\n"
		"  -f            flush the kernel's export caches\n"
		"  -v            verbose: list with options\n"
		"  -s            list in exports(5) form\n"
		"  -d CAT        debug categories\n"
		"Clients: vsock:<cid>, vsock:*, *, host, address, subnet, *.domain, @netgroup.\n",
		log_progname(), log_progname());
}

static void parse_args(int argc, char **argv, struct exportfs_ctx *c)
{
	unsigned int mask = 0;
	int ch;

	while ((ch = getopt(argc, argv, "aruo:ifvsd:h")) != -1) {
		switch (ch) {
		case 'a': c->all = true; break;
		case 'r': c->reexport = true; break;
		case 'u': c->unexport = true; break;
		case 'o': c->opts = optarg; break;
		case 'i': c->ignore_file = true; break;
		case 'f': c->flush = true; break;
		case 'v': c->verbose = true; break;
		case 's': c->show_file = true; break;
		case 'd':
			if (log_parse_debug(optarg, &mask) < 0)
				fatalx(2, "-d %s: unknown debug category; use all, exports, ...", optarg);
			log_set_debug(mask);
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	c->args = argv + optind;
	c->nargs = argc - optind;
	if (c->unexport && c->reexport)
		fatalx(2, "-u and -r together make no sense; use -ua to unexport everything");
	if (c->unexport && !c->all && !c->nargs)
		fatalx(2, "-u needs client:/path operands, or -a for everything");
}

/* The state directory comes from nfs.conf, as rpc.mountd reads it. */
static void paths(struct exportfs_ctx *c)
{
	const char *dir = "", *dbg = "";
	struct conf *cf;
	unsigned int mask = 0;

	if (conf_load(&cf, NULL) == 0) {
		conf_get_str(cf, "mountd", "state-directory-path", &dir);
		conf_get_str(cf, "exportfs", "debug", &dbg);
		if (dbg && *dbg && log_parse_debug(dbg, &mask) == 0)
			log_set_debug(mask);
		snprintf(c->etab, sizeof(c->etab), "%s/etab", dir);
		conf_free(cf);
	} else {
		nv_path_join(NV_PATH_STATEDIR, "etab", c->etab, sizeof(c->etab));
	}
	if (nv_path_get(NV_PATH_EXPORTS, c->exports, sizeof(c->exports)) < 0 ||
	    nv_path_get(NV_PATH_EXPORTS_D, c->exports_d, sizeof(c->exports_d)) < 0 ||
	    nv_path_get(NV_PATH_RPC_CACHE, c->cachedir, sizeof(c->cachedir)) < 0)
		fatalx(1, "a relocated path is too long; shorten NFSVSOCK_ROOT or NFSVSOCK_PATH_*");
}

int main(int argc, char **argv)
{
	struct exportfs_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	log_init("exportfs", LOG_DEST_STDERR);
	log_debug_from_env();
	parse_args(argc, argv, &c);
	paths(&c);
	rc = exportfs_run(&c);
	nv_exptab_free(&c.etab_tab);
	nv_exptab_free(&c.file_tab);
	return rc < 0 || c.problems ? 1 : 0;
}
