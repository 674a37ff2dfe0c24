/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strnum.h: range-checked decimal integer parsing in the manner of OpenBSD strtonum(3). */
#ifndef NV_STRNUM_H
#define NV_STRNUM_H

/*
 * Parse the whole of s as a decimal integer in [min, max] into *out (out may
 * be NULL to only check). Accepted: digits, with one leading '-' only when
 * min < 0. No whitespace, no '+', no base prefix: callers trim, and a
 * configuration value "0x10" or " 8" is a mistake worth reporting.
 *
 * Returns 0; -EINVAL for NULL, empty, junk, a sign that cannot be in range,
 * or min > max; -ERANGE for a well-formed number outside [min, max],
 * including one too large for long long. *out is untouched on error.
 */
int nv_strtonum(const char *s, long long min, long long max, long long *out);

#endif
