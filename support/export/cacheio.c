/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cacheio.c: encode and decode words of sunrpc cache channel lines. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cacheio.h"

void cache_buf_init(struct cache_buf *b, char *buf, size_t len)
{
	b->buf = buf;
	b->len = len;
	b->used = 0;
	b->overflow = 0;
	if (len)
		buf[0] = '\0';
}

static void put(struct cache_buf *b, char c)
{
	/* Keep one byte for the NUL, so the buffer is always a string. */
	if (b->used + 1 >= b->len) {
		b->overflow = 1;
		return;
	}
	b->buf[b->used++] = c;
	b->buf[b->used] = '\0';
}

static void sep(struct cache_buf *b)
{
	if (b->used)
		put(b, ' ');
}

void cache_add_word(struct cache_buf *b, const char *w)
{
	char oct[5];

	sep(b);
	for (; *w; w++) {
		unsigned char c = (unsigned char)*w;

		/* The kernel's qword_get splits on space and newline; tab and
		 * backslash are escaped too, as string_escape_str does. */
		if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
			snprintf(oct, sizeof(oct), "\\%03o", c);
			for (const char *o = oct; *o; o++)
				put(b, *o);
		} else {
			put(b, (char)c);
		}
	}
}

void cache_add_hex(struct cache_buf *b, const void *data, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;

	sep(b);
	put(b, '\\');
	put(b, 'x');
	for (size_t i = 0; i < n; i++) {
		put(b, hex[p[i] >> 4]);
		put(b, hex[p[i] & 15]);
	}
}

void cache_add_uint(struct cache_buf *b, unsigned long long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", v);
	cache_add_word(b, num);
}

void cache_add_int(struct cache_buf *b, long long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", v);
	cache_add_word(b, num);
}

int cache_buf_end(struct cache_buf *b)
{
	put(b, '\n');
	return b->overflow ? -ENOSPC : (int)b->used;
}

int cache_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int get_hex(const char **cp, char *out, size_t outlen)
{
	const char *p = *cp + 2;
	size_t n = 0;
	int hi, lo;

	while (*p && *p != ' ' && *p != '\n') {
		hi = cache_hexval(p[0]);
		lo = hi < 0 ? -1 : cache_hexval(p[1]);
		if (lo < 0)
			return -EINVAL;
		if (n + 1 >= outlen)
			return -ENOSPC;
		out[n++] = (char)(hi << 4 | lo);
		p += 2;
	}
	out[n] = '\0';
	*cp = p;
	return (int)n;
}

static int is_oct(char c, char max)
{
	return c >= '0' && c <= max;
}

int cache_get_word(const char **cp, char *out, size_t outlen)
{
	const char *p = *cp;
	size_t n = 0;

	if (!outlen)
		return -ENOSPC;
	while (*p == ' ')
		p++;
	if (!*p || *p == '\n')
		return -ENOENT;
	*cp = p;
	if (p[0] == '\\' && p[1] == 'x')
		return get_hex(cp, out, outlen);
	while (*p && *p != ' ' && *p != '\n') {
		char c = *p;

		/* Only \[0-3][0-7][0-7] is an escape; anything else is literal. */
		if (c == '\\' && is_oct(p[1], '3') && is_oct(p[2], '7') && is_oct(p[3], '7')) {
			c = (char)((p[1] - '0') << 6 | (p[2] - '0') << 3 | (p[3] - '0'));
			p += 3;
		}
		if (n + 1 >= outlen)
			return -ENOSPC;
		out[n++] = c;
		p++;
	}
	out[n] = '\0';
	*cp = p;
	return (int)n;
}
