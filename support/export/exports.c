/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exports.c: the exports(5) file parser; bad items are reported and skipped, good ones kept. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

#define TOKEN_MAX 8192

/* The state of one logical line while its items are parsed. */
struct lp {
	const char *file;
	unsigned int line;
	const char *p;			/* next unread character */
	struct nv_exptab *t;
	nv_exp_errfn err;
	void *arg;
	int problems;
	struct nv_export base;		/* path plus the "-opts" defaults */
};

static void problem(struct lp *lp, const char *text, const char *why)
{
	lp->problems++;
	if (lp->err)
		lp->err(lp->arg, lp->file, lp->line, text, why);
}

static int octal3(const char *p)
{
	return p[0] >= '0' && p[0] <= '3' && p[1] >= '0' && p[1] <= '7' &&
	       p[2] >= '0' && p[2] <= '7';
}

/* The path word: "quoted", or bare with \ooo escapes. -EINVAL: unbalanced quote. */
static int read_path(struct lp *lp, char *out, size_t len)
{
	const char *p = lp->p;
	size_t n = 0;
	int quoted = *p == '"';

	p += quoted;
	while (*p && (quoted ? *p != '"' : !isspace((unsigned char)*p))) {
		char c = *p++;

		if (c == '\\' && octal3(p)) {
			c = (char)((p[0] - '0') << 6 | (p[1] - '0') << 3 | (p[2] - '0'));
			p += 3;
		}
		if (n + 1 >= len)
			return -ENAMETOOLONG;
		out[n++] = c;
	}
	if (quoted && *p++ != '"')
		return -EINVAL;
	out[n] = '\0';
	lp->p = p;
	return 0;
}

static void trim_slashes(char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

static int check_path(const char *path, const char **why)
{
	if (path[0] != '/') {
		*why = "export path must be absolute (start with '/')";
		return -EINVAL;
	}
	if (strstr(path, "/../") || strstr(path, "/./") || has_suffix(path, "/.") ||
	    has_suffix(path, "/..")) {
		*why = "export path has '.' or '..' components; write the real path";
		return -EINVAL;
	}
	return 0;
}

/* The next whitespace-separated item; out is NUL-terminated. 0 at end of line. */
static size_t next_item(struct lp *lp, char *out, size_t len)
{
	size_t n = 0;

	while (isspace((unsigned char)*lp->p))
		lp->p++;
	if (!*lp->p || *lp->p == '#')
		return 0;
	while (*lp->p && !isspace((unsigned char)*lp->p)) {
		if (n + 1 < len)
			out[n++] = *lp->p;
		lp->p++;
	}
	out[n] = '\0';
	return n;
}

static int add_export(struct lp *lp, struct nv_export *e, const char *item)
{
	if (nv_exptab_find(lp->t, e->client.name, e->path) >= 0) {
		problem(lp, item, "duplicate export of this path to this client; the first one is kept");
		return 0;
	}
	e->line = lp->line;
	return nv_exptab_add(lp->t, e);
}

/* "client" or "client(options)". Returns 0 (reported or added) or -ENOMEM. */
static int client_item(struct lp *lp, char *item)
{
	char *open = strchr(item, '('), bad[256];
	struct nv_export e = lp->base;
	const char *why;
	int rc;

	if (open) {
		size_t n = strlen(open);

		if (open == item) {
			problem(lp, item, "options with no client before them (a space before '('?); write client(options)");
			return 0;
		}
		if (n < 2 || open[n - 1] != ')' || strchr(open + 1, '(') || strchr(open, ')') != open + n - 1) {
			problem(lp, item, "unbalanced parentheses; write client(opt,opt) with no spaces");
			return 0;
		}
		*open = '\0';
		open[n - 1] = '\0';
	}
	if (nv_client_parse(item, &e.client, &why) < 0) {
		problem(lp, item, why);
		return 0;
	}
	e.mountpoint = lp->base.mountpoint ? strdup(lp->base.mountpoint) : NULL;
	rc = open ? nv_export_options(&e, open + 1, bad, sizeof(bad), &why) : 0;
	if (rc == -ENOMEM) {
		free(e.mountpoint);
		return rc;
	}
	if (rc < 0) {
		problem(lp, bad, why);
		free(e.mountpoint);
		return 0;
	}
	rc = add_export(lp, &e, item);
	free(e.mountpoint);
	return rc;
}

static int parse_items(struct lp *lp)
{
	char *item = malloc(TOKEN_MAX), bad[256];
	const char *why;
	int clients = 0, rc = 0;

	if (!item)
		return -ENOMEM;
	while (!rc && next_item(lp, item, TOKEN_MAX)) {
		if (item[0] == '-') {
			/* "-opts" sets the defaults of the clients after it. */
			if (clients || nv_export_options(&lp->base, item + 1, bad, sizeof(bad), &why) < 0)
				problem(lp, clients ? item : bad,
					clients ? "default options (-opts) must come before the clients" : why);
			continue;
		}
		clients++;
		rc = client_item(lp, item);
	}
	if (!rc && !clients)
		problem(lp, lp->base.path, "no client given; write e.g. '/path vsock:3(rw)', "
			"or '*(...)' to export to everyone");
	free(item);
	return rc;
}

static int parse_line(struct lp *lp)
{
	char path[4096];
	const char *why = NULL;
	int rc;

	while (isspace((unsigned char)*lp->p))
		lp->p++;
	if (!*lp->p || *lp->p == '#')
		return 0;
	rc = read_path(lp, path, sizeof(path));
	if (rc == 0 && *lp->p && !isspace((unsigned char)*lp->p))
		rc = -EINVAL;
	if (rc < 0 || check_path(path, &why) < 0) {
		problem(lp, rc < 0 ? lp->p : path,
			why ? why : "bad path (unbalanced quote, or over 4095 bytes)");
		return 0;
	}
	trim_slashes(path);
	nv_export_defaults(&lp->base);
	lp->base.path = path;
	rc = parse_items(lp);
	free(lp->base.mountpoint);
	lp->base.mountpoint = NULL;
	return rc;
}

/* Copy one logical line (backslash-newline joins) into buf; returns the
 * number of physical lines consumed, 0 at the end of the text. */
static unsigned int logical_line(const char **text, char *buf, size_t len, int *toolong)
{
	const char *p = *text;
	unsigned int lines = 0;
	size_t n = 0;

	*toolong = 0;
	if (!*p)
		return 0;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		int cont = l && p[l - 1] == '\\';

		lines++;
		if (n + l + 1 > len)
			*toolong = 1;
		else {
			memcpy(buf + n, p, l - (size_t)cont);
			n += l - (size_t)cont;
		}
		p = nl ? nl + 1 : p + l;
		if (!cont || !*p)
			break;
	}
	buf[*toolong ? 0 : n] = '\0';
	*text = p;
	return lines;
}

int nv_exports_parse_buf(const char *file, const char *text, struct nv_exptab *t,
			 nv_exp_errfn err, void *arg)
{
	struct lp lp = { .file = file, .t = t, .err = err, .arg = arg };
	unsigned int next = 1, used;
	size_t cap = strlen(text) + 1;
	char *buf = malloc(cap);
	int toolong, rc = 0;

	if (!buf)
		return -ENOMEM;
	while (!rc && (used = logical_line(&text, buf, cap, &toolong)) > 0) {
		lp.line = next;
		next += used;
		lp.p = buf;
		if (strlen(buf) != strcspn(buf, "\r")) {
			problem(&lp, buf, "carriage return in line; save the file with Unix line ends");
			continue;
		}
		rc = parse_line(&lp);
	}
	free(buf);
	return rc < 0 ? rc : lp.problems;
}
