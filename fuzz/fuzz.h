/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz.h: what every fuzz target shares: the entry point, a C-string copy of the input, invariant checks. */
#ifndef NV_FUZZ_H
#define NV_FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input up to its first NUL, NUL-terminated in a buffer of its own
 * size, so ASan catches a read past the end of the text. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A broken invariant is a finding like a crash: abort so both libFuzzer
 * and the replay runner record the input. */
#define FUZZ_CHECK(cond)                                                             \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                     \
		}                                                                    \
	} while (0)

#endif
