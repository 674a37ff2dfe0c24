/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t.h: a tiny test harness; prints "ok SUITE/NAME" or "not ok SUITE/NAME: why". */
#ifndef NV_T_H
#define NV_T_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Each test binary sets T_SUITE before including this header. */
#ifndef T_SUITE
#error "define T_SUITE before including t.h"
#endif

static int t_failed;

__attribute__((format(printf, 3, 4), unused))
static void t_report(int ok, const char *name, const char *whyfmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %s/%s\n", T_SUITE, name);
	} else {
		printf("not ok %s/%s: ", T_SUITE, name);
		va_start(ap, whyfmt);
		vprintf(whyfmt, ap);
		va_end(ap);
		putchar('\n');
		t_failed++;
	}
	fflush(stdout);
}

/* Plain condition. */
#define T_OK(cond, name) \
	t_report(!!(cond), (name), "%s:%d: %s is false", __FILE__, __LINE__, #cond)

/* Integers (printed as long long). */
#define T_INT(got, want, name) do { \
	long long t_g_ = (long long)(got), t_w_ = (long long)(want); \
	t_report(t_g_ == t_w_, (name), "%s:%d: %s = %lld, want %lld", \
		 __FILE__, __LINE__, #got, t_g_, t_w_); \
} while (0)

/* Strings; NULL compares equal only to NULL. */
#define T_STR(got, want, name) do { \
	const char *t_g_ = (got), *t_w_ = (want); \
	int t_eq_ = (t_g_ && t_w_) ? strcmp(t_g_, t_w_) == 0 : t_g_ == t_w_; \
	t_report(t_eq_, (name), "%s:%d: %s = \"%s\", want \"%s\"", __FILE__, \
		 __LINE__, #got, t_g_ ? t_g_ : "(null)", t_w_ ? t_w_ : "(null)"); \
} while (0)

/* Exit status for main(): non-zero when anything failed. */
#define T_DONE() (t_failed ? 1 : 0)

#endif
