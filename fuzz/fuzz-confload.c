/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-confload.c: conf_load on a whole nfs.conf file (continuations, sections, values, diagnostics). */
#include <errno.h>
#include <unistd.h>

#include "conf.h"
#include "fuzz.h"

/* conf_load reads a path, so the input goes through one temporary file
 * per process, rewritten for every input. */
static char conf_file[64];

/* Each process (each replayed input runs in its own) cleans up its file. */
static void remove_conf(void)
{
	unlink(conf_file);
}

static const char *conf_path(void)
{
	int fd;

	if (conf_file[0])
		return conf_file;
	snprintf(conf_file, sizeof(conf_file), "/tmp/nv-fuzz-conf.XXXXXX");
	fd = mkstemp(conf_file);
	if (fd < 0)
		abort();
	close(fd);
	atexit(remove_conf);
	return conf_file;
}

static void write_input(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

/* Every diagnostic formats, and every effective value reads back. */
static void walk(const struct conf *c)
{
	struct conf_item item;
	char buf[512];
	size_t pos = 0;

	FUZZ_CHECK(conf_nerrors(c) <= conf_ndiags(c));
	for (size_t i = 0; i < conf_ndiags(c); i++)
		FUZZ_CHECK(conf_diag_format(conf_diag(c, i), buf, sizeof(buf)) != 0);
	FUZZ_CHECK(conf_diag(c, conf_ndiags(c)) == NULL);
	while (conf_next(c, NULL, &pos, &item) == 1) {
		const char *v;

		FUZZ_CHECK(item.value != NULL);
		FUZZ_CHECK(conf_get_str(c, item.key->section, item.key->key, &v) == 0);
		FUZZ_CHECK(conf_source_format(&item, buf, sizeof(buf)) != 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = conf_path();
	struct conf *c = NULL;
	int rc;

	write_input(path, data, size);
	rc = conf_load(&c, path);
	/* Malformed text is diagnostics, never a failed load. */
	FUZZ_CHECK(rc == 0 || rc == -ENOMEM);
	if (c) {
		walk(c);
		conf_free(c);
	}
	return 0;
}
