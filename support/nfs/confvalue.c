/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confvalue.c: check a configuration value against its key's type and range. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "strnum.h"

/* The words nfs-utils' conf_get_bool() accepts, so a file means the same
 * to both toolsets. */
static const char *const bool_true[] = { "1", "t", "true", "y", "yes", "on", NULL };
static const char *const bool_false[] = { "0", "f", "false", "n", "no", "off", NULL };

static int word_index(const char *const *words, const char *text)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcasecmp(words[i], text))
			return i;
	return -1;
}

static int check_bool(const char *text, long long *num, char *why, size_t whylen)
{
	if (word_index(bool_true, text) >= 0) {
		*num = 1;
		return 0;
	}
	if (word_index(bool_false, text) >= 0) {
		*num = 0;
		return 0;
	}
	snprintf(why, whylen, "not a boolean (y/yes/true/on/1 or n/no/false/off/0)");
	return -EINVAL;
}

static int check_int(const struct conf_key *k, const char *text, long long *num,
		     char *why, size_t whylen)
{
	int rc = nv_strtonum(text, k->min, k->max, num);

	if (rc == -ERANGE)
		snprintf(why, whylen, "out of range %lld..%lld", k->min, k->max);
	else if (rc < 0)
		snprintf(why, whylen, "not a decimal integer (allowed %lld..%lld)",
			 k->min, k->max);
	return rc;
}

/* "not one of auto, kernel, relay" */
static int check_enum(const struct conf_key *k, const char *text, long long *num,
		      char *why, size_t whylen)
{
	int i = word_index(k->choices, text);
	size_t used;

	if (i >= 0) {
		*num = i;
		return 0;
	}
	used = (size_t)snprintf(why, whylen, "not one of");
	for (i = 0; k->choices[i] && used < whylen; i++)
		used += (size_t)snprintf(why + used, whylen - used, "%s %s",
					 i ? "," : "", k->choices[i]);
	return -EINVAL;
}

int conf_value_check(const struct conf_key *k, const char *text, long long *num,
		     char *why, size_t whylen)
{
	long long dummy;

	if (!k || !text || !why || !whylen)
		return -EINVAL;
	if (!num)
		num = &dummy;
	why[0] = '\0';
	*num = 0;
	switch (k->type) {
	case CONF_BOOL:
		return check_bool(text, num, why, whylen);
	case CONF_INT:
		return check_int(k, text, num, why, whylen);
	case CONF_ENUM:
		return check_enum(k, text, num, why, whylen);
	case CONF_STR:
	case CONF_IGNORED:
		return 0;
	}
	return -EINVAL;
}
