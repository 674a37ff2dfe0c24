/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confline.c: split one line of nfs.conf syntax, following nfs-utils' conffile.c rules. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "conf.h"

static char *skip_space(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Cut trailing whitespace from s, not looking before s. */
static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Text after a ']' or a closing quote: a comment is fine, anything else
 * is reported because nfs-utils drops it without a word. */
static const char *junk_after(char *s)
{
	s = skip_space(s);
	if (!*s || *s == '#' || *s == ';')
		return NULL;
	return s;
}

static void bad(struct conf_line *out, enum conf_line_kind kind, const char *why)
{
	out->kind = kind;
	out->error = why;
}

/* p is just past '['. */
static void parse_header(char *p, struct conf_line *out)
{
	char *end, *quote, *close;

	p = skip_space(p);
	end = strchr(p, ']');
	if (!end) {
		bad(out, CONF_LINE_BAD_SECTION, "section header has no closing ']'");
		return;
	}
	*end = '\0';
	out->junk = junk_after(end + 1);
	quote = strchr(p, '"');
	if (quote) {
		*quote = '\0';
		close = strchr(quote + 1, '"');
		if (!close) {
			bad(out, CONF_LINE_BAD_SECTION,
			    "subsection name has no closing '\"'");
			return;
		}
		*close = '\0';
		/* Text between the closing quote and ']' counts as junk too. */
		if (junk_after(close + 1))
			out->junk = junk_after(close + 1);
		out->subsection = quote + 1;
	}
	trim_end(p);
	if (!*p) {
		bad(out, CONF_LINE_BAD_SECTION, "section header has an empty name");
		return;
	}
	out->kind = CONF_LINE_SECTION;
	out->section = p;
}

/* A quoted value ends at the matching quote; an unquoted one at '#' or
 * ';' anywhere, as in nfs-utils (so "a;b" reads as "a"). */
static void parse_value(char *val, struct conf_line *out)
{
	char q = *val, *close;

	if (q == '"' || q == '\'') {
		close = strchr(val + 1, q);
		if (!close) {
			bad(out, CONF_LINE_BAD,
			    "value has an opening quote but no closing one");
			return;
		}
		*close = '\0';
		out->junk = junk_after(close + 1);
		out->value = val + 1;
		return;
	}
	val[strcspn(val, "#;")] = '\0';
	trim_end(val);
	out->value = val;
}

static void parse_assign(char *line, struct conf_line *out)
{
	char *eq = strchr(line, '=');

	if (!eq) {
		bad(out, CONF_LINE_BAD, "line has no '='");
		return;
	}
	*eq = '\0';
	trim_end(line);
	if (!*line) {
		bad(out, CONF_LINE_BAD, "assignment has no key");
		return;
	}
	out->kind = CONF_LINE_ASSIGN;
	out->key = line;
	parse_value(skip_space(eq + 1), out);
}

void conf_line_parse(char *line, struct conf_line *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = CONF_LINE_EMPTY;
	line = skip_space(line);
	trim_end(line);
	if (!*line || *line == '#' || *line == ';')
		return;
	if (*line == '[')
		parse_header(line + 1, out);
	else
		parse_assign(line, out);
}
