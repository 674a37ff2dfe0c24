/* SPDX-License-Identifier: GPL-2.0-or-later */
/* allow.h: the host role's allow-list of guest CIDs ("*", "none", "3,4,10-20"). */
#ifndef NVD_ALLOW_H
#define NVD_ALLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ALLOW_MAX_RANGES 64

struct allow {
	bool all;
	size_t n;
	struct { uint32_t lo, hi; } r[ALLOW_MAX_RANGES];
};

/* Parse spec into a. "*" allows every CID, "none" no CID; otherwise a
 * comma-separated list of CIDs and lo-hi ranges (decimal, 0..4294967294,
 * spaces around items ignored). 0, or -EINVAL/-ERANGE/-E2BIG with why set
 * to a phrase naming the offending item; a is written only on success. */
int allow_parse(const char *spec, struct allow *a, char *why, size_t whylen);
bool allow_match(const struct allow *a, uint32_t cid);

#endif
