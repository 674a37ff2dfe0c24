/* SPDX-License-Identifier: GPL-2.0-or-later */
/* addr.c: parse and print AF_VSOCK CIDs and addresses ("3", "host", "vsock:3:2049"). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vsock.h"

/* Failures of one decimal number; the CID and port parsers translate them
 * into their own public codes so every message names the right part. */
enum num_err {
	NUM_OK,
	NUM_EMPTY,
	NUM_LEADING,
	NUM_TRAILING,
	NUM_SIGN,
	NUM_OVERFLOW,
};

static const int cid_codes[] = {
	[NUM_OK] = 0,
	[NUM_EMPTY] = -VSOCK_E_EMPTY,
	[NUM_LEADING] = -VSOCK_E_LEADING,
	[NUM_TRAILING] = -VSOCK_E_TRAILING,
	[NUM_SIGN] = -VSOCK_E_SIGN,
	[NUM_OVERFLOW] = -VSOCK_E_OVERFLOW,
};

/* A port above 2^32-1 gets the same advice as 0 or 2^32-1: the range. */
static const int port_codes[] = {
	[NUM_OK] = 0,
	[NUM_EMPTY] = -VSOCK_E_PORT_EMPTY,
	[NUM_LEADING] = -VSOCK_E_PORT_LEADING,
	[NUM_TRAILING] = -VSOCK_E_PORT_TRAILING,
	[NUM_SIGN] = -VSOCK_E_PORT_SIGN,
	[NUM_OVERFLOW] = -VSOCK_E_PORT_RANGE,
};

static const struct {
	const char *name;
	uint32_t cid;
} cid_names[] = {
	{ "any", VMADDR_CID_ANY },
	{ "hypervisor", VMADDR_CID_HYPERVISOR },
	{ "local", VMADDR_CID_LOCAL },
	{ "host", VMADDR_CID_HOST },
};

static const char *const messages[VSOCK_E_END - VSOCK_E_BASE] = {
	[VSOCK_E_EMPTY - VSOCK_E_BASE] = "CID is empty",
	[VSOCK_E_LEADING - VSOCK_E_BASE] = "CID has leading characters",
	[VSOCK_E_TRAILING - VSOCK_E_BASE] = "CID has trailing characters",
	[VSOCK_E_SIGN - VSOCK_E_BASE] = "CID has a sign",
	[VSOCK_E_OVERFLOW - VSOCK_E_BASE] = "CID is larger than 4294967295",
	[VSOCK_E_NAME - VSOCK_E_BASE] = "CID name is not any, hypervisor, local or host",
	[VSOCK_E_PORT_EMPTY - VSOCK_E_BASE] = "port is empty",
	[VSOCK_E_PORT_LEADING - VSOCK_E_BASE] = "port has leading characters",
	[VSOCK_E_PORT_TRAILING - VSOCK_E_BASE] = "port has trailing characters",
	[VSOCK_E_PORT_SIGN - VSOCK_E_BASE] = "port has a sign",
	[VSOCK_E_PORT_RANGE - VSOCK_E_BASE] = "port is not between 1 and 4294967294",
	[VSOCK_E_PORT_MISSING - VSOCK_E_BASE] = "port is missing",
	[VSOCK_E_PORT_UNWANTED - VSOCK_E_BASE] = "port is not allowed here",
};

/* Byte tests of our own: <ctype.h> depends on the locale and on the sign
 * of char, and the grammar here is plain ASCII. */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * A decimal u32 in s[0..len). By hand because strtoul skips white space,
 * accepts a sign (turning "-1" into ULONG_MAX) and reads "0x3" as hex
 * with base 0. Junk is reported before overflow: "99999999999x" is more
 * likely a typo than a number meant to be that large.
 */
static enum num_err parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	bool big = false;
	size_t i;

	if (len == 0)
		return NUM_EMPTY;
	if (s[0] == '+' || s[0] == '-')
		return NUM_SIGN;
	if (!is_digit(s[0]))
		return NUM_LEADING;
	for (i = 0; i < len && is_digit(s[i]); i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX) {
			/* Clamp so that 20+ digits cannot wrap the u64. */
			big = true;
			v = (uint64_t)UINT32_MAX + 1;
		}
	}
	if (i < len)
		return NUM_TRAILING;
	if (big)
		return NUM_OVERFLOW;
	*out = (uint32_t)v;
	return NUM_OK;
}

static int lookup_name(const char *s, size_t len, uint32_t *cid)
{
	size_t i;

	for (i = 0; i < sizeof(cid_names) / sizeof(cid_names[0]); i++) {
		if (strlen(cid_names[i].name) == len &&
		    memcmp(cid_names[i].name, s, len) == 0) {
			*cid = cid_names[i].cid;
			return 0;
		}
	}
	return -VSOCK_E_NAME;
}

/*
 * A CID in s[0..len): digits, or a name. A run of letters that is a known
 * name followed by more is trailing junk ("host "); an unknown run is a
 * bad name when it is all there is ("HOST"), else leading junk ("x12").
 */
static int parse_cid_token(const char *s, size_t len, uint32_t *cid)
{
	size_t run = 0;

	while (run < len && is_alpha(s[run]))
		run++;
	if (run == 0)
		return cid_codes[parse_u32(s, len, cid)];
	if (lookup_name(s, run, cid) == 0)
		return run == len ? 0 : -VSOCK_E_TRAILING;
	return run == len ? -VSOCK_E_NAME : -VSOCK_E_LEADING;
}

/* 0 and VMADDR_PORT_ANY are refused as explicit ports: see vsock.h. */
static int parse_port(const char *s, uint32_t *port)
{
	uint32_t v = 0;
	int rc;

	rc = port_codes[parse_u32(s, strlen(s), &v)];
	if (rc < 0)
		return rc;
	if (v == 0 || v == VMADDR_PORT_ANY)
		return -VSOCK_E_PORT_RANGE;
	*port = v;
	return 0;
}

int vsock_cid_parse(const char *s, uint32_t *cid)
{
	uint32_t v = 0;
	int rc;

	if (!cid)
		return -EINVAL;
	if (!s)
		return -VSOCK_E_EMPTY;
	rc = parse_cid_token(s, strlen(s), &v);
	if (rc < 0)
		return rc;
	*cid = v;
	return 0;
}

/* The part after "vsock:": "<cid>" or "<cid>:<port>". */
static int parse_long_form(const char *s, unsigned int flags, struct vsock_addr *a)
{
	const char *colon = strchr(s, ':');
	int rc;

	rc = parse_cid_token(s, colon ? (size_t)(colon - s) : strlen(s), &a->cid);
	if (rc < 0)
		return rc;
	if (!colon)
		return (flags & VSOCK_PARSE_PORT_REQUIRED) ? -VSOCK_E_PORT_MISSING : 0;
	if (!(flags & (VSOCK_PARSE_PORT_ALLOWED | VSOCK_PARSE_PORT_REQUIRED)))
		return -VSOCK_E_PORT_UNWANTED;
	rc = parse_port(colon + 1, &a->port);
	if (rc < 0)
		return rc;
	a->has_port = true;
	return 0;
}

int vsock_addr_parse(const char *s, unsigned int flags, struct vsock_addr *out)
{
	const size_t plen = strlen(VSOCK_ADDR_PREFIX);
	struct vsock_addr a = { .port = VMADDR_PORT_ANY, .has_port = false };
	int rc;

	if (!out)
		return -EINVAL;
	if (!s)
		return -VSOCK_E_EMPTY;
	if (strncmp(s, VSOCK_ADDR_PREFIX, plen) == 0) {
		rc = parse_long_form(s + plen, flags, &a);
	} else {
		rc = parse_cid_token(s, strlen(s), &a.cid);
		if (rc == 0 && (flags & VSOCK_PARSE_PORT_REQUIRED))
			rc = -VSOCK_E_PORT_MISSING;
	}
	if (rc < 0)
		return rc;
	*out = a;
	return 0;
}

const char *vsock_parse_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= VSOCK_E_BASE && err < VSOCK_E_END)
		return messages[err - VSOCK_E_BASE];
	if (err == 0)
		return "no error";
	return "invalid vsock address";
}

/* snprintf's result as this library reports a length. */
static int format_result(int n, size_t len)
{
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= len)
		return -ENOSPC;
	return n;
}

int vsock_cid_format(uint32_t cid, char *buf, size_t len)
{
	if (!buf || !len)
		return -EINVAL;
	return format_result(snprintf(buf, len, "%" PRIu32, cid), len);
}

int vsock_addr_format(const struct vsock_addr *a, char *buf, size_t len)
{
	int n;

	if (!a || !buf || !len)
		return -EINVAL;
	if (a->has_port)
		n = snprintf(buf, len, VSOCK_ADDR_PREFIX "%" PRIu32 ":%" PRIu32,
			     a->cid, a->port);
	else
		n = snprintf(buf, len, VSOCK_ADDR_PREFIX "%" PRIu32, a->cid);
	return format_result(n, len);
}

const char *vsock_cid_name(uint32_t cid)
{
	size_t i;

	for (i = 0; i < sizeof(cid_names) / sizeof(cid_names[0]); i++)
		if (cid_names[i].cid == cid)
			return cid_names[i].name;
	return NULL;
}
