/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-relayctl.c: relayctl_parse_request on raw bytes, with a parse-format-parse round trip. */
#include <errno.h>

#include "fuzz.h"
#include "relayctl.h"

static void check_roundtrip(const struct relayctl_req *req)
{
	char buf[RELAYCTL_LINE_MAX + 2];
	struct relayctl_req again;
	const char *why = NULL;
	int n = relayctl_format_request(req, buf, sizeof(buf));

	FUZZ_CHECK(n > 0 && buf[n - 1] == '\n');
	FUZZ_CHECK(relayctl_parse_request(buf, (size_t)n - 1, &again, &why) == 0);
	FUZZ_CHECK(again.verb == req->verb);
	if (req->verb == RELAYCTL_ACQUIRE || req->verb == RELAYCTL_RELEASE)
		FUZZ_CHECK(again.cid == req->cid && again.port == req->port);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size bytes, no terminator: the server hands over a length. */
	char *line = malloc(size ? size : 1);
	struct relayctl_req req;
	const char *why = NULL;
	int rc;

	if (!line)
		abort();
	memcpy(line, data, size);
	rc = relayctl_parse_request(line, size, &req, &why);
	if (rc == 0) {
		FUZZ_CHECK(size <= RELAYCTL_LINE_MAX);
		FUZZ_CHECK(memchr(line, '\0', size) == NULL);
		check_roundtrip(&req);
	} else {
		FUZZ_CHECK(rc == -EINVAL || rc == -EMSGSIZE);
		FUZZ_CHECK(why != NULL);
	}
	free(line);
	return 0;
}
