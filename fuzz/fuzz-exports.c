/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-exports.c: exports(5) text through nv_exports_parse_buf; every kept export's options and path re-read. */
#include <errno.h>

#include "export.h"
#include "fuzz.h"

static void ignore_error(void *arg, const char *file, unsigned int line, const char *text,
			 const char *why)
{
}

/* What the parser kept must print as options it accepts again (etab is
 * written that way and read back by rpc.mountd). */
static void check_export(const struct nv_export *e)
{
	char opts[1024], path[8192], bad[128];
	struct nv_export again;
	const char *why = NULL;

	FUZZ_CHECK(e->path != NULL && e->path[0] != '\0');
	FUZZ_CHECK(nv_export_format_path(e->path, path, sizeof(path)) >= 0 || strlen(e->path) > 2000);
	if (nv_export_format_options(e, opts, sizeof(opts)) < 0)
		return;
	nv_export_defaults(&again);
	again.path = e->path;
	FUZZ_CHECK(nv_export_options(&again, opts, bad, sizeof(bad), &why) == 0);
	free(again.mountpoint);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nv_exptab t;
	int rc;

	memset(&t, 0, sizeof(t));
	rc = nv_exports_parse_buf("fuzz", text, &t, ignore_error, NULL);
	FUZZ_CHECK(rc >= 0 || rc == -ENOMEM);
	for (size_t i = 0; i < t.n; i++)
		check_export(&t.v[i]);
	nv_exptab_free(&t);
	free(text);
	return 0;
}
