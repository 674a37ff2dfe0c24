/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exportfs.h: exportfs's one context and the entry points of its files. */
#ifndef NV_EXPORTFS_H
#define NV_EXPORTFS_H

#include <stdbool.h>

#include "export.h"

struct exportfs_ctx {
	bool all, reexport, unexport, verbose, ignore_file, flush, show_file;
	const char *opts;		/* -o */
	char **args;			/* client:/path operands */
	int nargs;
	char etab[4096], exports[4096], exports_d[4096], cachedir[4096];
	struct nv_exptab etab_tab;	/* what is exported now */
	struct nv_exptab file_tab;	/* /etc/exports and exports.d */
	int problems;			/* anything reported: exit status 1 */
};

/* ops.c: do what the options ask; 0, or -1 after a fatal problem (reported). */
int exportfs_run(struct exportfs_ctx *c);
/* list.c: the export list as exportfs prints it (plain, -v, -s). */
void exportfs_list(const struct exportfs_ctx *c);

#endif
