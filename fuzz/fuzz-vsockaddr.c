/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-vsockaddr.c: vsock_addr_parse and vsock_cid_parse, with a parse-format-parse round trip. */
#include "fuzz.h"
#include "vsock.h"

/* Whatever parses must print and parse back to the same address. */
static void check_addr_roundtrip(const struct vsock_addr *a)
{
	char buf[VSOCK_ADDRSTRLEN];
	struct vsock_addr b;
	int n = vsock_addr_format(a, buf, sizeof(buf));

	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(buf));
	FUZZ_CHECK(vsock_addr_parse(buf, VSOCK_PARSE_PORT_ALLOWED, &b) == 0);
	FUZZ_CHECK(b.cid == a->cid && b.has_port == a->has_port);
	FUZZ_CHECK(!a->has_port || b.port == a->port);
}

static void check_cid(const char *s)
{
	char buf[VSOCK_CIDSTRLEN];
	uint32_t cid, again;

	if (vsock_cid_parse(s, &cid) != 0)
		return;
	FUZZ_CHECK(vsock_cid_format(cid, buf, sizeof(buf)) > 0);
	FUZZ_CHECK(vsock_cid_parse(buf, &again) == 0 && again == cid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int flags[] = {
		0, VSOCK_PARSE_PORT_ALLOWED, VSOCK_PARSE_PORT_REQUIRED,
	};
	char *s = fuzz_cstr(data, size);
	struct vsock_addr a;
	int rc;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		rc = vsock_addr_parse(s, flags[i], &a);
		/* Every failure has a phrase for the user's message. */
		FUZZ_CHECK(vsock_parse_strerror(rc) != NULL);
		if (rc == 0) {
			FUZZ_CHECK(!(flags[i] & VSOCK_PARSE_PORT_REQUIRED) || a.has_port);
			FUZZ_CHECK(flags[i] || !a.has_port);
			check_addr_roundtrip(&a);
		} else {
			FUZZ_CHECK(rc < 0);
		}
	}
	check_cid(s);
	free(s);
	return 0;
}
