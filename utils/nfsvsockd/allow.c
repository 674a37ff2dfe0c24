/* SPDX-License-Identifier: GPL-2.0-or-later */
/* allow.c: parse and match the host role's allow-list of guest CIDs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "allow.h"
#include "strnum.h"

/* One decimal CID; VMADDR_CID_ANY (4294967295) names no guest. */
static int parse_cid(const char *s, uint32_t *out)
{
	long long v;
	int rc = nv_strtonum(s, 0, 4294967294LL, &v);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

static int parse_item(char *item, struct allow *a, char *why, size_t whylen)
{
	char *dash = strchr(item, '-');
	uint32_t lo = 0, hi = 0;
	int rc;

	if (dash)
		*dash = '\0';
	rc = parse_cid(item, &lo);
	if (rc == 0)
		rc = dash ? parse_cid(dash + 1, &hi) : (hi = lo, 0);
	if (dash)
		*dash = '-';
	if (rc < 0) {
		snprintf(why, whylen, "\"%s\" is not a CID (0..4294967294) or a range lo-hi", item);
		return rc;
	}
	if (lo > hi) {
		snprintf(why, whylen, "range \"%s\" runs backwards", item);
		return -EINVAL;
	}
	if (a->n == ALLOW_MAX_RANGES) {
		snprintf(why, whylen, "more than %d items; use ranges", ALLOW_MAX_RANGES);
		return -E2BIG;
	}
	a->r[a->n].lo = lo;
	a->r[a->n].hi = hi;
	a->n++;
	return 0;
}

/* Trim spaces and tabs in place; returns the start. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

int allow_parse(const char *spec, struct allow *a, char *why, size_t whylen)
{
	struct allow tmp = { 0 };
	char buf[1024], *item, *save = NULL;
	int rc;

	if (!spec || strlen(spec) >= sizeof(buf)) {
		snprintf(why, whylen, "allow-list missing or longer than %zu bytes", sizeof(buf) - 1);
		return -EINVAL;
	}
	strcpy(buf, spec);
	item = trim(buf);
	if (strcmp(item, "*") == 0) {
		tmp.all = true;
	} else if (strcmp(item, "none") != 0) {
		if (*item == '\0' || item[strlen(item) - 1] == ',') {
			snprintf(why, whylen, "empty allow-list or item; write * for every guest, none for no guest");
			return -EINVAL;
		}
		for (item = strtok_r(item, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			rc = parse_item(trim(item), &tmp, why, whylen);
			if (rc < 0)
				return rc;
		}
	}
	*a = tmp;
	return 0;
}

bool allow_match(const struct allow *a, uint32_t cid)
{
	if (a->all)
		return true;
	for (size_t i = 0; i < a->n; i++)
		if (cid >= a->r[i].lo && cid <= a->r[i].hi)
			return true;
	return false;
}
