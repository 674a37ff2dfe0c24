/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list.c: exportfs's listing of the export table (plain, -v and -s forms). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "exportfs.h"

/* Same layout as nfs-utils: the path padded to 15 columns, or alone on its
 * line when longer, so scripts parsing either tool's output keep working. */
static void list_one(const struct nv_export *e, bool verbose)
{
	char path[4096 * 4], opts[4096 + 512];

	if (nv_export_format_path(e->path, path, sizeof(path)) < 0)
		snprintf(path, sizeof(path), "%s", e->path);
	if (strlen(path) > 14)
		printf("%s\n\t\t", path);
	else
		printf("%-15s\t", path);
	if (!verbose) {
		printf("%s\n", e->client.name);
		return;
	}
	nv_export_format_options(e, opts, sizeof(opts));
	printf("%s(%s)\n", e->client.name, opts);
}

static void show_one(const struct nv_export *e)
{
	char path[4096 * 4], opts[4096 + 512];

	if (nv_export_format_path(e->path, path, sizeof(path)) < 0)
		snprintf(path, sizeof(path), "%s", e->path);
	nv_export_format_options(e, opts, sizeof(opts));
	printf("%s %s(%s)\n", path, e->client.name, opts);
}

void exportfs_list(const struct exportfs_ctx *c)
{
	for (size_t i = 0; i < c->etab_tab.n; i++) {
		if (c->show_file)
			show_one(&c->etab_tab.v[i]);
		else
			list_one(&c->etab_tab.v[i], c->verbose);
	}
}
