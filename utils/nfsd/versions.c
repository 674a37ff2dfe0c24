/* SPDX-License-Identifier: GPL-2.0-or-later */
/* versions.c (rpc.nfsd): -V/-N arguments and the line written to /proc/fs/nfsd/versions. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nfsd.h"

int nfsd_vers_arg(struct nfsd_vers *v, const char *arg, bool on, const char **why)
{
	unsigned int m;

	if (!strcmp(arg, "3")) {
		v->v3 = on;
		return 0;
	}
	if (!strcmp(arg, "4")) {
		/* -V 4 means every minor this toolset knows; -N 4 all of v4. */
		v->v4 = on;
		if (on)
			v->minor_on |= (1u << (NFSD_MINOR_KNOWN + 1)) - 1;
		else
			v->minor_on = 0;	/* so "-N 4 -V 4.2" means 4.2 alone */
		return 0;
	}
	if (!strcmp(arg, "2")) {
		*why = "NFSv2 is not offered by this toolset";
		return -EINVAL;
	}
	if (strncmp(arg, "4.", 2) || arg[2] < '0' || arg[2] > '9' || arg[3]) {
		*why = "expected 3, 4 or 4.M (e.g. 4.1)";
		return -EINVAL;
	}
	m = (unsigned int)(arg[2] - '0');
	if (on) {
		v->minor_on |= 1u << m;
		v->v4 = true;
	} else {
		v->minor_on &= ~(1u << m);
	}
	v->minor_write |= 1u << m;
	return 0;
}

/* Append " +4.1" (minor < 0: " +3"), no space first; false when buf is full. */
static bool tok(char *buf, size_t len, size_t *used, bool on, int major, int minor)
{
	int n;

	if (minor < 0)
		n = snprintf(buf + *used, len - *used, "%s%c%d", *used ? " " : "",
			     on ? '+' : '-', major);
	else
		n = snprintf(buf + *used, len - *used, " %c%d.%d", on ? '+' : '-', major, minor);
	if (n < 0 || (size_t)n >= len - *used)
		return false;
	*used += (size_t)n;
	return true;
}

int nfsd_vers_line(const struct nfsd_vers *v, char *buf, size_t len)
{
	unsigned int known = (1u << (NFSD_MINOR_KNOWN + 1)) - 1;
	unsigned int write = v->minor_write | known;
	size_t used = 0;
	bool ok;

	if (!v->v3 && !(v->v4 && (v->minor_on & known)))
		return -ENOENT;
	/* -2 is ignored by a kernel without v2 and turns it off in one with it;
	 * +4 before the minors, because +4 on a kernel with v4 off re-enables
	 * every minor and the minor tokens must have the last word. */
	ok = tok(buf, len, &used, false, 2, -1) && tok(buf, len, &used, v->v3, 3, -1) &&
	     tok(buf, len, &used, v->v4, 4, -1);
	for (int m = 0; ok && v->v4 && m <= NFSD_MINOR_MAX; m++)
		if (write & (1u << m))
			ok = tok(buf, len, &used, v->minor_on & (1u << m), 4, m);
	if (!ok || used + 2 > len)
		return -ENOSPC;
	buf[used++] = '\n';	/* the kernel refuses a versions write without it */
	buf[used] = '\0';
	return 0;
}

/* Append word to buf, space-separated, silently stopping when full. */
static void add_word(char *buf, size_t len, size_t *used, const char *word)
{
	int n = snprintf(buf + *used, len - *used, "%s%s", *used ? " " : "", word);

	if (n > 0 && (size_t)n < len - *used)
		*used += (size_t)n;
}

/* The kernel's "+3 +4 +4.1 +4.2" -> "3 4.0 4.1 4.2": it never prints +4.0,
 * which +4 implies unless "-4.0" says otherwise. */
void nfsd_vers_human(const char *line, char *buf, size_t len)
{
	char copy[256], *save = NULL;
	bool v4 = false, no40 = false;
	size_t used = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	buf[0] = '\0';
	for (char *t = strtok_r(copy, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
		if (!strcmp(t, "+4"))
			v4 = true;
		else if (!strcmp(t, "-4.0"))
			no40 = true;
		else if (t[0] == '+' && strcmp(t, "+4.0")) {
			if (v4 && !no40 && !strncmp(t, "+4.", 3) && !strstr(buf, "4.0"))
				add_word(buf, len, &used, "4.0");
			add_word(buf, len, &used, t + 1);
		}
	}
	if (v4 && !no40 && !strstr(buf, "4.0"))
		add_word(buf, len, &used, "4.0");
	if (!used)
		snprintf(buf, len, "none");
}
