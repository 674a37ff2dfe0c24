/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cacheio.h: the word encoding of sunrpc cache channels (qword_add / qword_get). */
#ifndef NV_CACHEIO_H
#define NV_CACHEIO_H

#include <stddef.h>

/*
 * A reply is built into one buffer and written with one write(), as the
 * kernel wants. The builder remembers overflow instead of failing each
 * call, so a handler adds every word and checks once at the end.
 */
struct cache_buf {
	char *buf;
	size_t len, used;
	int overflow;
};

void cache_buf_init(struct cache_buf *b, char *buf, size_t len);
/* A text word, octal-escaping space, tab, newline and backslash. */
void cache_add_word(struct cache_buf *b, const char *w);
/* The value of one hex digit, either case; -1 for any other character. */
int cache_hexval(char c);
/* A binary word: \x and lower-case hex pairs. */
void cache_add_hex(struct cache_buf *b, const void *data, size_t n);
void cache_add_uint(struct cache_buf *b, unsigned long long v);
void cache_add_int(struct cache_buf *b, long long v);
/* Terminate with "\n". Returns the length, or -ENOSPC when anything did not fit. */
int cache_buf_end(struct cache_buf *b);

/*
 * Take the next word from *cp into out (NUL-terminated; binary words may
 * hold NULs, hence the length). Decodes \ooo (first digit 0-3) and \x hex
 * words the way the kernel does; other backslashes are literal. Returns
 * the length, -ENOENT at the end of the line, -ENOSPC when out is too
 * small, -EINVAL for a \x word with an odd or bad hex digit.
 */
int cache_get_word(const char **cp, char *out, size_t outlen);

#endif
