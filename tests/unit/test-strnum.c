/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-strnum.c: nv_strtonum rejects junk and out-of-range input, then parses good input. */
#define T_SUITE "strnum"
#include "config.h"

#include <errno.h>
#include <limits.h>

#include "strnum.h"
#include "t.h"

/* Bad input must fail and leave *out alone. */
static void bad(const char *s, long long min, long long max, int want, const char *name)
{
	long long out = 4242;
	int rc = nv_strtonum(s, min, max, &out);

	t_report(rc == want && out == 4242, name, "nv_strtonum(\"%s\", %lld, %lld) = %d "
		 "(out %lld), want %d (out untouched)", s ? s : "(null)", min, max, rc, out, want);
}

static void good(const char *s, long long min, long long max, long long want,
		 const char *name)
{
	long long out = 4242;
	int rc = nv_strtonum(s, min, max, &out);

	t_report(rc == 0 && out == want, name, "nv_strtonum(\"%s\") = %d, out %lld, want %lld",
		 s, rc, out, want);
}

int main(void)
{
	bad(NULL, 0, 10, -EINVAL, "null");
	bad("", 0, 10, -EINVAL, "empty");
	bad(" 1", 0, 10, -EINVAL, "leading-space");
	bad("1 ", 0, 10, -EINVAL, "trailing-space");
	bad("abc", 0, 10, -EINVAL, "letters");
	bad("1a", 0, 10, -EINVAL, "trailing-junk");
	bad("0x10", 0, 100, -EINVAL, "hex-prefix");
	bad("+1", 0, 10, -EINVAL, "plus-sign");
	bad("-1", 0, 10, -EINVAL, "minus-where-min-is-0");
	bad("-0", 0, 10, -EINVAL, "minus-zero-where-min-is-0");
	bad("-", -10, 10, -EINVAL, "minus-alone");
	bad("--1", -10, 10, -EINVAL, "double-minus");
	bad("1.5", 0, 10, -EINVAL, "decimal-point");
	bad("5", 10, 0, -EINVAL, "min-above-max");
	bad("11", 0, 10, -ERANGE, "above-max");
	bad("-11", -10, 10, -ERANGE, "below-min");
	bad("2", 3, 10, -ERANGE, "below-positive-min");
	bad("99999999999999999999", 0, LLONG_MAX, -ERANGE, "overflow");
	bad("-99999999999999999999", LLONG_MIN, 0, -ERANGE, "underflow");
	bad("4294967295", 1, 4294967294LL, -ERANGE, "vsock-port-any");

	good("0", 0, 10, 0, "zero");
	good("8", 0, 8192, 8, "threads");
	good("007", 0, 10, 7, "leading-zeros-are-decimal");
	good("-3", -10, 10, -3, "negative");
	good("4294967294", 1, 4294967294LL, 4294967294LL, "max-vsock-port");
	good("9223372036854775807", 0, LLONG_MAX, LLONG_MAX, "llong-max");
	good("-9223372036854775808", LLONG_MIN, 0, LLONG_MIN, "llong-min");
	T_INT(nv_strtonum("5", 0, 10, NULL), 0, "null-out-checks-only");
	return T_DONE();
}
