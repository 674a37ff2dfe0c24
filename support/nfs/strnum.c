/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strnum.c: strict decimal integer parsing with a range, for configuration and options. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "strnum.h"

/* True when s is "-"? followed by one or more digits and nothing else. */
static int is_decimal(const char *s, int allow_minus)
{
	if (*s == '-' && allow_minus)
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

int nv_strtonum(const char *s, long long min, long long max, long long *out)
{
	long long v;
	char *end;

	if (!s || min > max)
		return -EINVAL;
	/* A minus sign where no negative value is allowed is junk, not a
	 * number out of range: "-1" for a thread count is a typo or a
	 * misunderstanding, and the message should say "not a number". */
	if (!is_decimal(s, min < 0))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	if (out)
		*out = v;
	return 0;
}
