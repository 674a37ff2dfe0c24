/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-confline.c: conf_line_parse on one nfs.conf line, checking the pieces stay inside the line. */
#include "conf.h"
#include "fuzz.h"

/* A piece the parser hands back must point into the line it split. */
static void check_inside(const char *line, size_t len, const char *p)
{
	if (p)
		FUZZ_CHECK(p >= line && p <= line + len && strlen(p) <= len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_cstr(data, size);
	size_t len = strlen(line);
	struct conf_line out;

	memset(&out, 0, sizeof(out));
	conf_line_parse(line, &out);
	switch (out.kind) {
	case CONF_LINE_EMPTY:
		break;
	case CONF_LINE_SECTION:
		FUZZ_CHECK(out.section != NULL);
		check_inside(line, len, out.section);
		check_inside(line, len, out.subsection);
		break;
	case CONF_LINE_ASSIGN:
		FUZZ_CHECK(out.key != NULL && out.value != NULL);
		check_inside(line, len, out.key);
		check_inside(line, len, out.value);
		break;
	case CONF_LINE_BAD:
	case CONF_LINE_BAD_SECTION:
		FUZZ_CHECK(out.error != NULL && strlen(out.error) > 0);
		break;
	default:
		FUZZ_CHECK(!"unknown line kind");
	}
	free(line);
	return 0;
}
