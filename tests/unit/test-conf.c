/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-conf.c: the nfs.conf key table and reader: malformed input first, then includes, drop-ins, overrides. */
/*
 * Fixtures are SRCDIR/tests/unit/conf/, the man page SRCDIR/man/nfs.conf.5.
 * SRCDIR is argv[1] if given, else $NFSVSOCK_TEST_SRCDIR (tests/run sets
 * it), else the source tree this binary was configured from (NV_TEST_SRCDIR).
 * Files a fixture cannot hold (NUL bytes, FIFOs, deep include chains, huge
 * files) are made at run time in a fresh directory under $TMPDIR.
 */
#define T_SUITE "conf"
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "paths.h"
#include "t.h"

#ifndef NV_TEST_SRCDIR
#define NV_TEST_SRCDIR "."
#endif
/* Just over the reader's 1 MiB limit. */
#define CONF_TEST_BIG (1024 * 1024 + 16)

static char srcdir[PATH_MAX / 2];	/* the source tree */
static char fx[PATH_MAX / 2];		/* the fixtures */
static char tmp[PATH_MAX / 2];		/* this run's scratch directory */

/* ---- helpers ---- */

static struct conf *load_path(const char *path, const char *name)
{
	struct conf *c = NULL;
	int rc = conf_load(&c, path);

	if (rc < 0)
		t_report(0, name, "conf_load(%s) = %d", path, rc);
	return c;
}

static struct conf *load(const char *fixture)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", fx, fixture);
	return load_path(path, fixture);
}

static const char *msg(const struct conf *c, size_t i)
{
	const struct conf_diag *d = conf_diag(c, i);

	return d ? d->message : "(no such diagnostic)";
}

static long long line_of(const struct conf *c, size_t i)
{
	const struct conf_diag *d = conf_diag(c, i);

	return d ? (long long)d->line : -1;
}

static long long sev(const struct conf *c, size_t i)
{
	const struct conf_diag *d = conf_diag(c, i);

	return d ? (long long)d->severity : -1;
}

static long long ival(const struct conf *c, const char *sec, const char *key)
{
	long long v = -999999;
	int rc = conf_get_int(c, sec, key, &v);

	return rc < 0 ? rc : v;
}

static const char *sval(const struct conf *c, const char *sec, const char *key)
{
	const char *v = NULL;

	return conf_get_str(c, sec, key, &v) < 0 ? "(error)" : v;
}

/* Where the effective value of a key came from: "default", "FILE:LINE"... */
static const char *source_of(const struct conf *c, const char *sec, const char *key)
{
	static char buf[PATH_MAX];
	const char *const want[] = { sec, NULL };
	struct conf_item it;
	size_t pos = 0;

	while (conf_next(c, want, &pos, &it) == 1)
		if (!strcmp(it.key->key, key) && conf_source_format(&it, buf, sizeof(buf)) >= 0)
			return buf;
	return "(not found)";
}

static const char *fxpath(const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", fx, rel);
	return buf;
}

static const char *tmppath(const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", tmp, rel);
	return buf;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(text, 1, len, f) != len)
		t_report(0, "write-fixture", "cannot write %s", path);
	if (f)
		fclose(f);
}

/* ---- malformed lines, one kind per fixture ---- */

static void test_noeq(void)
{
	struct conf *c = load("noeq.conf");
	char buf[PATH_MAX + 64], want[PATH_MAX + 64];

	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "noeq/count");
	T_STR(msg(c, 0), "line has no '=' (\"threads 8\")", "noeq/message");
	T_INT(line_of(c, 0), 3, "noeq/line");
	T_INT(sev(c, 0), CONF_ERROR, "noeq/severity");
	T_INT(conf_nerrors(c), 1, "noeq/nerrors");
	T_INT(ival(c, "nfsd", "threads"), 8, "noeq/default-stays");
	snprintf(want, sizeof(want), "%s:3: line has no '=' (\"threads 8\")", fxpath("noeq.conf"));
	conf_diag_format(conf_diag(c, 0), buf, sizeof(buf));
	T_STR(buf, want, "noeq/format");
	T_INT(conf_diag_format(conf_diag(c, 0), buf, 10), -ENOSPC, "noeq/format-too-small");
	conf_free(c);
}

static void test_bad_headers(void)
{
	struct conf *c = load("header-unterminated.conf");

	if (c) {
		T_INT(conf_ndiags(c), 1, "header-unterminated/count");
		T_STR(msg(c, 0), "section header has no closing ']' (\"[nfsd\"); "
		      "lines up to the next section header are ignored",
		      "header-unterminated/message");
		T_INT(ival(c, "nfsd", "threads"), 8, "header-unterminated/skipped");
		T_INT(ival(c, "mountd", "ttl"), 60, "header-unterminated/recovers");
		conf_free(c);
	}
	c = load("subsection-unterminated.conf");
	if (c) {
		T_INT(conf_ndiags(c), 1, "subsection-unterminated/count");
		T_STR(msg(c, 0), "subsection name has no closing '\"' (\"[nfsd \\\"guests]\"); "
		      "lines up to the next section header are ignored",
		      "subsection-unterminated/message");
		T_INT(ival(c, "nfsd", "threads"), 8, "subsection-unterminated/skipped");
		T_INT(ival(c, "nfsd", "lease-time"), 30, "subsection-unterminated/recovers");
		conf_free(c);
	}
}

static void test_bad_assignments(void)
{
	struct conf *c = load("quote-unterminated.conf");

	if (c) {
		T_INT(conf_ndiags(c), 1, "quote-unterminated/count");
		T_STR(msg(c, 0), "value has an opening quote but no closing one "
		      "(\"host = \\\"::1\")", "quote-unterminated/message");
		T_INT(line_of(c, 0), 2, "quote-unterminated/line");
		T_STR(sval(c, "nfsd", "host"), "", "quote-unterminated/default-stays");
		T_INT(ival(c, "nfsd", "threads"), 5, "quote-unterminated/next-line-read");
		conf_free(c);
	}
	c = load("empty-key.conf");
	if (c) {
		T_INT(conf_ndiags(c), 1, "empty-key/count");
		T_STR(msg(c, 0), "assignment has no key (\"= 5\")", "empty-key/message");
		T_INT(ival(c, "nfsd", "threads"), 6, "empty-key/next-line-read");
		conf_free(c);
	}
	c = load("no-section.conf");
	if (c) {
		T_INT(conf_ndiags(c), 1, "no-section/count");
		T_STR(msg(c, 0), "assignment before any [section] header is ignored, "
		      "as nfs-utils does (\"threads = 4\")", "no-section/message");
		T_INT(ival(c, "nfsd", "threads"), 8, "no-section/not-applied");
		T_INT(ival(c, "nfsd", "lease-time"), 50, "no-section/later-read");
		conf_free(c);
	}
}

static void test_junk(void)
{
	struct conf *c = load("junk-header.conf");

	if (c) {
		T_INT(conf_ndiags(c), 1, "junk-header/count");
		T_STR(msg(c, 0), "text after the section name is ignored (\"[nfsd] junk\")",
		      "junk-header/message");
		T_INT(sev(c, 0), CONF_WARNING, "junk-header/is-warning");
		T_INT(conf_nerrors(c), 0, "junk-header/no-errors");
		T_INT(ival(c, "nfsd", "threads"), 4, "junk-header/section-used");
		T_INT(ival(c, "mountd", "ttl"), 5, "junk-header/comment-fine");
		conf_free(c);
	}
	c = load("junk-quote.conf");
	if (c) {
		T_INT(conf_ndiags(c), 1, "junk-quote/count");
		T_STR(msg(c, 0), "text after the closing quote is ignored "
		      "(\"host = \\\"a\\\" b\")", "junk-quote/message");
		T_STR(sval(c, "nfsd", "host"), "a", "junk-quote/value-used");
		T_INT(ival(c, "nfsd", "port"), 2050, "junk-quote/comment-fine");
		conf_free(c);
	}
}

static void test_range(void)
{
	struct conf *c = load("range.conf");

	if (!c)
		return;
	T_INT(conf_ndiags(c), 4, "range/count");
	T_STR(msg(c, 0), "[nfsd] threads = \"9000\": out of range 0..8192; ignored (default 8)",
	      "range/out-of-range");
	T_INT(line_of(c, 0), 2, "range/line");
	T_STR(msg(c, 1), "[nfsd] grace-time = \"8x\": not a decimal integer (allowed 10..3600); "
	      "ignored (default 90)", "range/junk-number");
	T_STR(msg(c, 2), "[nfsd] vsock-port = \"4294967295\": out of range 1..4294967294; "
	      "ignored (default 2049)", "range/vsock-port-any");
	T_STR(msg(c, 3), "[nfsd] lease-time = \"-5\": not a decimal integer (allowed 10..3600); "
	      "ignored (default 90)", "range/negative");
	T_INT(conf_nerrors(c), 4, "range/nerrors");
	T_INT(ival(c, "nfsd", "threads"), 8, "range/default-stays");
	/* A rejected line does not undo an earlier good one. */
	T_INT(ival(c, "nfsd", "lease-time"), 45, "range/earlier-good-value-stays");
	T_STR(source_of(c, "nfsd", "threads"), "default", "range/source-default");
	conf_free(c);
}

static void test_values(void)
{
	struct conf *c = load("values.conf");
	unsigned int idx = 99;
	bool b = false;

	if (!c)
		return;
	T_INT(conf_ndiags(c), 4, "values/count");
	T_STR(msg(c, 0), "[nfsd] tcp = \"maybe\": not a boolean (y/yes/true/on/1 or "
	      "n/no/false/off/0); ignored (default y)", "values/bad-bool");
	T_STR(msg(c, 1), "[nfsd] vsock-path = \"native\": not one of auto, kernel, relay; "
	      "ignored (default auto)", "values/bad-enum");
	T_STR(msg(c, 2), "[nfsvsockd] role = \"hypervisor\": not one of auto, host, guest; "
	      "ignored (default auto)", "values/bad-enum-relay");
	T_STR(msg(c, 3), "[nfsvsockd] buffer-size = \"4095\": out of range 4096..67108864; "
	      "ignored (default 262144)", "values/buffer-too-small");
	T_INT(conf_get_bool(c, "nfsd", "tcp", &b), 0, "values/bool-rc");
	T_INT(b, 1, "values/bad-bool-default");
	conf_get_bool(c, "nfsd", "udp", &b);
	T_INT(b, 1, "values/bool-YES");
	conf_get_bool(c, "nfsd", "vsock", &b);
	T_INT(b, 1, "values/bool-On");
	conf_get_bool(c, "nfsd", "vers3", &b);
	T_INT(b, 0, "values/bool-false");
	T_STR(sval(c, "nfsd", "vsock-only"), "y", "values/bool-canonical");
	T_INT(conf_get_enum(c, "nfsd", "vsock-path", &idx), 0, "values/enum-rc");
	T_INT(idx, 2, "values/enum-index");
	T_STR(sval(c, "nfsd", "vsock-path"), "relay", "values/enum-canonical");
	conf_free(c);
}

static void test_unknown(void)
{
	struct conf *c = load("unknown-key.conf");

	if (c) {
		T_INT(conf_ndiags(c), 3, "unknown-key/count");
		T_STR(msg(c, 0), "[nfsd] unknown key \"thread\" is ignored "
		      "(nfs.conf(5) lists the keys)", "unknown-key/message");
		T_INT(sev(c, 0), CONF_WARNING, "unknown-key/is-warning");
		T_INT(line_of(c, 1), 5, "unknown-key/second-line");
		T_STR(msg(c, 2), "[nfsd] unknown key \"Threadz\" is ignored "
		      "(nfs.conf(5) lists the keys)", "unknown-key/section-lower-cased");
		T_INT(conf_nerrors(c), 0, "unknown-key/no-errors");
		T_INT(ival(c, "nfsd", "threads"), 4, "unknown-key/known-read");
		conf_free(c);
	}
	c = load("unknown-section.conf");
	if (c) {
		T_INT(conf_ndiags(c), 0, "unknown-section/silent");
		T_INT(ival(c, "nfsd", "threads"), 7, "unknown-section/known-read");
		conf_free(c);
	}
}

static void test_last_line(void)
{
	struct conf *c = load("nonl.conf");

	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "nonl/count");
	T_STR(msg(c, 0), "last line has no newline: nfs-utils ignores it, this toolset reads it",
	      "nonl/message");
	T_INT(line_of(c, 0), 2, "nonl/line");
	T_INT(ival(c, "nfsd", "threads"), 6, "nonl/read");
	conf_free(c);
}

static void test_nul_byte(void)
{
	static const char text[] = "[nfsd]\nthr\0eads = 4\nthreads = 7\n";
	struct conf *c;

	write_file(tmppath("nul.conf"), text, sizeof(text) - 1);
	c = load_path(tmppath("nul.conf"), "nul");
	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "nul/count");
	T_STR(msg(c, 0), "line contains a NUL byte and is ignored", "nul/message");
	T_INT(line_of(c, 0), 2, "nul/line");
	T_INT(ival(c, "nfsd", "threads"), 7, "nul/next-line-read");
	conf_free(c);
}

/* Values are checked after every file is read, yet their diagnostics come
 * in reading order, between the syntax ones. */
static void test_order(void)
{
	struct conf *c = load("order.conf");

	if (!c)
		return;
	T_INT(conf_ndiags(c), 2, "order/count");
	T_INT(line_of(c, 0), 2, "order/value-first");
	T_INT(line_of(c, 1), 3, "order/syntax-second");
	conf_free(c);
}

/* ---- good syntax ---- */

static void test_syntax(void)
{
	struct conf *c = load("syntax.conf");
	char want[PATH_MAX + 16];

	if (!c)
		return;
	T_INT(conf_ndiags(c), 0, "syntax/no-diagnostics");
	T_INT(ival(c, "nfsd", "threads"), 12, "syntax/case-and-trailing-comment");
	T_STR(sval(c, "nfsd", "host"), "a # b", "syntax/double-quotes-keep-hash");
	T_INT(ival(c, "nfsd", "lease-time"), 45, "syntax/single-quotes");
	T_INT(ival(c, "nfsd", "grace-time"), 60, "syntax/continuation");
	snprintf(want, sizeof(want), "%s:8", fxpath("syntax.conf"));
	T_STR(source_of(c, "nfsd", "grace-time"), want, "syntax/continuation-first-line");
	T_STR(sval(c, "nfsd", "vsock-path"), "relay", "syntax/enum-any-case");
	T_STR(sval(c, "nfsd", "udp"), "n", "syntax/empty-value-ignored");
	T_STR(source_of(c, "nfsd", "udp"), "default", "syntax/empty-value-source");
	T_STR(sval(c, "nfsd", "tcp"), "n", "syntax/semicolon-comment");
	T_STR(sval(c, "nfsd", "debug"), "all", "syntax/semicolon-cuts-value");
	T_INT(ival(c, "mountd", "ttl"), 77, "syntax/tabs");
	T_STR(sval(c, "mountd", "state-directory-path"), "/srv/state dir",
	      "syntax/quoted-spaces");
	conf_free(c);
}

static void test_env(void)
{
	struct conf *c;

	setenv("NV_TEST_THREADS", "16", 1);
	unsetenv("NV_TEST_UNSET_VAR");
	c = load("env.conf");
	unsetenv("NV_TEST_THREADS");
	if (!c)
		return;
	T_INT(ival(c, "nfsd", "threads"), 16, "env/environment-variable");
	T_INT(ival(c, "nfsd", "lease-time"), 120, "env/environment-section-chain");
	T_INT(conf_ndiags(c), 2, "env/count");
	T_STR(msg(c, 0), "[nfsd] grace-time = \"$NV_TEST_UNSET_VAR\": $NV_TEST_UNSET_VAR is set "
	      "neither in the environment nor in [environment]; ignored (default 90)",
	      "env/unset");
	T_STR(msg(c, 1), "[nfsd] port = \"$ping\": more than 8 $ references in a row "
	      "(a loop?); ignored (default 2049)", "env/loop");
	conf_free(c);
}

/* ---- includes ---- */

static void test_include_nested(void)
{
	struct conf *c = load("inc-main.conf");
	char want[PATH_MAX + 16];

	if (!c)
		return;
	T_INT(conf_ndiags(c), 0, "include-nested/no-diagnostics");
	T_INT(ival(c, "nfsd", "threads"), 11, "include-nested/included-overrides-earlier");
	snprintf(want, sizeof(want), "%s:2", fxpath("inc/level1.conf"));
	T_STR(source_of(c, "nfsd", "threads"), want, "include-nested/relative-path-source");
	/* level2.conf switches to [mountd]; the includer must still be in [nfsd]. */
	T_INT(ival(c, "nfsd", "lease-time"), 20, "include-nested/section-restored");
	T_INT(ival(c, "mountd", "ttl"), 22, "include-nested/second-level");
	conf_free(c);
}

static void test_include_missing(void)
{
	struct conf *c = load("inc-missing.conf");
	char want[PATH_MAX + 128];

	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "include-missing/count-optional-silent");
	snprintf(want, sizeof(want), "cannot read included file \"%s\": No such file or directory",
		 fxpath("no-such-file.conf"));
	T_STR(msg(c, 0), want, "include-missing/message");
	T_INT(line_of(c, 0), 2, "include-missing/line");
	T_INT(sev(c, 0), CONF_ERROR, "include-missing/is-error");
	T_INT(ival(c, "nfsd", "threads"), 4, "include-missing/rest-read");
	conf_free(c);
}

static void test_include_loop(void)
{
	struct conf *c = load("inc-loop-a.conf");
	const struct conf_diag *d;
	char want[PATH_MAX + 128];

	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "include-loop/count");
	snprintf(want, sizeof(want),
		 "include loop: \"%s\" is already being read; not read again",
		 fxpath("inc-loop-a.conf"));
	T_STR(msg(c, 0), want, "include-loop/message");
	d = conf_diag(c, 0);
	T_STR(d ? d->file : NULL, fxpath("inc-loop-b.conf"), "include-loop/file");
	T_INT(line_of(c, 0), 2, "include-loop/line");
	T_INT(ival(c, "nfsd", "threads"), 1, "include-loop/outer-read");
	T_INT(ival(c, "nfsd", "lease-time"), 33, "include-loop/inner-read");
	conf_free(c);
}

/* d0.conf includes d1.conf ... d10.conf; only 8 levels below d0 are read. */
static void test_include_depth(void)
{
	char name[64], text[128], want[PATH_MAX + 128];
	struct conf *c;
	int i;

	for (i = 0; i <= 10; i++) {
		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(text, sizeof(text), "%slease-time = %d\ninclude = d%d.conf\n",
			 i ? "" : "[nfsd]\n", 10 + i, i + 1);
		write_file(tmppath(name), text, strlen(text));
	}
	c = load_path(tmppath("d0.conf"), "include-depth");
	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "include-depth/count");
	snprintf(want, sizeof(want), "includes nested deeper than 8 levels; \"%s\" is not read",
		 tmppath("d9.conf"));
	T_STR(msg(c, 0), want, "include-depth/message");
	T_STR(conf_diag(c, 0) ? conf_diag(c, 0)->file : NULL, tmppath("d8.conf"),
	      "include-depth/file");
	T_INT(ival(c, "nfsd", "lease-time"), 18, "include-depth/deepest-read");
	conf_free(c);
}

static void test_include_toplevel(void)
{
	struct conf *c = load("inc-toplevel.conf");

	if (!c)
		return;
	T_INT(conf_ndiags(c), 1, "include-toplevel/count");
	T_STR(msg(c, 0), "include before any [section] header is ignored, as nfs-utils does "
	      "(\"include = inc/level2.conf\")", "include-toplevel/message");
	T_INT(ival(c, "mountd", "ttl"), 1800, "include-toplevel/not-read");
	conf_free(c);
}

/* ---- nfs.conf.d ---- */

static void test_dropins(void)
{
	struct conf *c = load("dropin.conf");
	char want[PATH_MAX + 16];

	if (!c)
		return;
	/* versionsort: 9-b.conf, then 10-a.conf, then bad.conf. */
	T_INT(ival(c, "nfsd", "threads"), 10, "dropin/version-order-last-wins");
	snprintf(want, sizeof(want), "%s:2", fxpath("dropin.conf.d/10-a.conf"));
	T_STR(source_of(c, "nfsd", "threads"), want, "dropin/source");
	T_INT(ival(c, "nfsd", "lease-time"), 31, "dropin/overrides-main");
	T_INT(ival(c, "nfsd", "grace-time"), 40, "dropin/skips-hidden-nonconf-dirs");
	T_INT(conf_ndiags(c), 1, "dropin/count");
	T_STR(msg(c, 0), "line has no '=' (\"bogus\")", "dropin/diag-message");
	T_STR(conf_diag(c, 0) ? conf_diag(c, 0)->file : NULL, fxpath("dropin.conf.d/bad.conf"),
	      "dropin/diag-file");
	conf_free(c);
}

static void test_dev_null_dropin(void)
{
	struct conf *c;

	write_file(tmppath("masked.conf"), "[nfsd]\nthreads = 3\n", 19);
	mkdir(tmppath("masked.conf.d"), 0755);
	if (symlink("/dev/null", tmppath("masked.conf.d/00-masked.conf")) < 0)
		t_report(0, "dev-null/setup", "symlink: %s", strerror(errno));
	c = load_path(tmppath("masked.conf"), "dev-null");
	if (!c)
		return;
	T_INT(conf_ndiags(c), 0, "dev-null/reads-as-empty");
	T_INT(ival(c, "nfsd", "threads"), 3, "dev-null/main-read");
	conf_free(c);
}

/* ---- defaults, system paths, file problems ---- */

static void test_missing_file(void)
{
	struct conf *c = load("does-not-exist.conf");

	if (!c)
		return;
	T_INT(conf_ndiags(c), 0, "missing/no-diagnostics");
	T_INT(ival(c, "nfsd", "threads"), 8, "missing/threads-default");
	T_INT(ival(c, "mountd", "ttl"), 1800, "missing/ttl-default");
	T_STR(sval(c, "nfsvsockd", "nfsd-address"), "::1", "missing/relay-default");
	T_STR(sval(c, "nfsd", "vers3"), "y", "missing/vers3-default");
	T_STR(sval(c, "mountd", "state-directory-path"), "/var/lib/nfs", "missing/statedir");
	T_STR(sval(c, "nfsvsockd", "control-socket"), "/run/nfs-vsock/nfsvsockd.sock",
	      "missing/control-socket");
	T_STR(source_of(c, "nfsd", "threads"), "default", "missing/source");
	conf_free(c);
	T_INT(conf_load(&c, ""), -EINVAL, "missing/empty-path-refused");
	T_INT(conf_load(NULL, NULL), -EINVAL, "missing/null-out-refused");
}

static void test_system_paths(void)
{
	struct conf *c;

	setenv("NFSVSOCK_PATH_NFS_CONF", fxpath("dropin.conf"), 1);
	setenv("NFSVSOCK_PATH_NFS_CONF_D", fxpath("other.d"), 1);
	c = load_path(NULL, "system-paths");
	unsetenv("NFSVSOCK_PATH_NFS_CONF");
	unsetenv("NFSVSOCK_PATH_NFS_CONF_D");
	if (c) {
		T_INT(ival(c, "nfsd", "threads"), 50, "system-paths/conf-d-from-paths");
		T_INT(ival(c, "nfsd", "grace-time"), 40, "system-paths/conf-from-paths");
		T_INT(conf_ndiags(c), 0, "system-paths/no-diagnostics");
		conf_free(c);
	}
	setenv("NFSVSOCK_ROOT", "/fake/root", 1);
	c = load("does-not-exist.conf");
	unsetenv("NFSVSOCK_ROOT");
	if (c) {
		T_STR(sval(c, "mountd", "state-directory-path"), "/fake/root/var/lib/nfs",
		      "system-paths/statedir-relocated");
		T_STR(sval(c, "nfsvsockd", "control-socket"),
		      "/fake/root/run/nfs-vsock/nfsvsockd.sock", "system-paths/socket-relocated");
		conf_free(c);
	}
}

static void expect_unreadable(const char *path, const char *why, const char *name)
{
	struct conf *c = load_path(path, name);
	char want[PATH_MAX + 64], got[PATH_MAX + 64] = "(none)";

	if (!c)
		return;
	snprintf(want, sizeof(want), "%s: cannot read: %s", path, why);
	if (conf_diag(c, 0))
		conf_diag_format(conf_diag(c, 0), got, sizeof(got));
	T_STR(got, want, name);
	T_INT(conf_nerrors(c), 1, name);
	conf_free(c);
}

static void test_file_problems(void)
{
	static char big[CONF_TEST_BIG];

	if (mkfifo(tmppath("fifo.conf"), 0600) < 0)
		t_report(0, "file/fifo-setup", "mkfifo: %s", strerror(errno));
	expect_unreadable(tmppath("fifo.conf"), "not a regular file", "file/fifo-no-hang");
	mkdir(tmppath("dir.conf"), 0755);
	expect_unreadable(tmppath("dir.conf"), "Is a directory", "file/directory");
	memset(big, '#', sizeof(big));
	write_file(tmppath("big.conf"), big, sizeof(big));
	expect_unreadable(tmppath("big.conf"), "it is 1 MiB or larger", "file/too-big");
}

static void test_too_many(void)
{
	char *text = malloc(6 + 500 * 5 + 1);
	struct conf *c;
	size_t n;
	int i;

	if (!text)
		return;
	strcpy(text, "[nfsd]\n");
	for (i = 0, n = strlen(text); i < 500; i++, n += 5)
		memcpy(text + n, "junk\n", 5);
	write_file(tmppath("many.conf"), text, n);
	free(text);
	c = load_path(tmppath("many.conf"), "too-many");
	if (!c)
		return;
	T_INT(conf_ndiags(c), 200, "too-many/capped");
	T_STR(msg(c, 199), "too many problems; the rest are not reported", "too-many/last");
	T_INT(conf_nerrors(c), 500, "too-many/all-errors-counted");
	conf_free(c);
}

/* ---- command line and getters ---- */

static void test_cmdline(void)
{
	struct conf *c = load("dropin.conf");
	char m[256] = "";
	bool b;

	if (!c)
		return;
	T_INT(conf_set(c, "nfsd", "threads", "64", m, sizeof(m)), 0, "cmdline/set");
	T_INT(ival(c, "nfsd", "threads"), 64, "cmdline/beats-file");
	T_STR(source_of(c, "nfsd", "threads"), "command line", "cmdline/source");
	T_INT(conf_set(c, "nfsd", "threads", "9000", m, sizeof(m)), -ERANGE, "cmdline/range-rc");
	T_STR(m, "[nfsd] threads = \"9000\": out of range 0..8192", "cmdline/range-message");
	T_INT(ival(c, "nfsd", "threads"), 64, "cmdline/rejected-keeps-value");
	T_INT(conf_set(c, "nfsd", "tcp", "maybe", m, sizeof(m)), -EINVAL, "cmdline/bool-rc");
	T_INT(conf_set(c, "nfsd", "thread", "1", m, sizeof(m)), -ENOENT, "cmdline/unknown-rc");
	T_STR(m, "[nfsd] thread: no such key (see nfs.conf(5))", "cmdline/unknown-message");
	T_INT(conf_set(c, "nfsd", "rdma", "y", m, sizeof(m)), -ENOENT, "cmdline/ignored-rc");
	T_STR(m, "[nfsd] rdma: not read by nfs-vsock-utils", "cmdline/ignored-message");
	T_INT(conf_set(c, "NFSD", "Vsock-Path", "KERNEL", NULL, 0), 0, "cmdline/any-case");
	T_STR(sval(c, "nfsd", "vsock-path"), "kernel", "cmdline/enum-canonical");
	T_INT(conf_set(c, "nfsd", "udp", "on", m, sizeof(m)), 0, "cmdline/bool");
	T_INT(conf_get_bool(c, "nfsd", "udp", &b) == 0 && b, 1, "cmdline/bool-read");
	T_INT(conf_get_int(c, "nfsd", "tcp", NULL), -EINVAL, "get/wrong-type");
	T_INT(conf_get_bool(c, "nfsd", "nope", &b), -ENOENT, "get/unknown");
	T_INT(conf_get_str(c, "nfsd", "rdma", NULL), -ENOENT, "get/ignored");
	T_STR(sval(c, "nfsd", "threads"), "64", "get/str-of-int");
	conf_free(c);
}

/* ---- the iterator behind -T ---- */

static size_t table_count(const char *section)
{
	const struct conf_key *tab;
	size_t n, i, count = 0;

	tab = conf_keys(&n);
	for (i = 0; i < n; i++)
		if (tab[i].type != CONF_IGNORED && (!section || !strcmp(tab[i].section, section)))
			count++;
	return count;
}

static void test_iterator(void)
{
	const char *const nfsd[] = { "nfsd", NULL };
	const char *const two[] = { "nfsvsockd", "MOUNTD", NULL };
	struct conf *c = load("dropin.conf");
	struct conf_item it, first = { 0 };
	size_t pos = 0, count = 0, others = 0;

	if (!c)
		return;
	while (conf_next(c, nfsd, &pos, &it) == 1) {
		count++;
		others += strcmp(it.key->section, "nfsd") != 0;
	}
	T_INT(count, table_count("nfsd"), "iter/nfsd-count");
	T_INT(others, 0, "iter/nfsd-only");
	for (pos = 0, count = 0; conf_next(c, two, &pos, &it) == 1; count++)
		if (!count)
			first = it;
	T_INT(count, table_count("nfsvsockd") + table_count("mountd"), "iter/two-sections");
	T_STR(first.key ? first.key->key : NULL, "manage-gids", "iter/table-order");
	T_STR(first.value, "n", "iter/value");
	T_INT(first.source, CONF_SRC_DEFAULT, "iter/source");
	for (pos = 0, count = 0; conf_next(c, NULL, &pos, &it) == 1; count++)
		;
	T_INT(count, table_count(NULL), "iter/all-but-ignored");
	T_INT(conf_next(c, NULL, &pos, &it), 0, "iter/end-stays-end");
	T_STR(source_of(c, "nfsd", "lease-time"), fxpath("dropin.conf.d/9-b.conf:3"),
	      "iter/file-line");
	conf_free(c);
}

/* ---- the table itself ---- */

/* What is wrong with one row, or NULL. */
static const char *row_problem(const struct conf_key *k, char *why, size_t len)
{
	long long num;

	if (strpbrk(k->section, "ABCDEFGHIJKLMNOPQRSTUVWXYZ \t") || strpbrk(k->key, " \t=#;"))
		return "upper case in the section, or blanks";
	if (k->type == CONF_IGNORED)
		return k->def ? "an ignored key has a default" : NULL;
	if (!k->def || !k->help || !*k->help)
		return "no default or no help";
	if (k->type == CONF_ENUM && !k->choices)
		return "an enum without choices";
	if (k->type == CONF_INT && k->min > k->max)
		return "min above max";
	/* Path defaults are checked by conf_load() itself (test_missing_file). */
	if (!k->def_path && conf_value_check(k, k->def, &num, why, len) < 0)
		return why;
	return NULL;
}

static void test_table_rows(void)
{
	const struct conf_key *tab;
	size_t n, i, j, bad = 0, dup = 0;
	const char *problem;
	char why[128];

	tab = conf_keys(&n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			dup += !strcasecmp(tab[i].section, tab[j].section) &&
			       !strcasecmp(tab[i].key, tab[j].key);
		problem = row_problem(&tab[i], why, sizeof(why));
		if (problem) {
			t_report(0, "table/row", "[%s] %s: %s", tab[i].section, tab[i].key,
				 problem);
			bad++;
		}
	}
	T_INT(dup, 0, "table/no-duplicates");
	T_INT(bad, 0, "table/rows-sound");
}

/* Every section of the nfs.conf Debian 12 ships is one the table knows, so
 * typos in those sections are caught rather than silently ignored. */
static void test_table_sections(void)
{
	static const char *const debian[] = {
		"general", "nfsrahead", "exports", "exportfs", "gssd", "lockd", "exportd",
		"mountd", "nfsdcld", "nfsdcltrack", "nfsd", "statd", "sm-notify", "svcgssd",
	};
	size_t i, unknown = 0;

	for (i = 0; i < sizeof(debian) / sizeof(debian[0]); i++)
		if (!conf_section_known(debian[i])) {
			t_report(0, "table/debian-section", "[%s] not in the table", debian[i]);
			unknown++;
		}
	T_INT(unknown, 0, "table/debian-sections-known");
}

static void test_table_lookup(void)
{
	const struct conf_key *k = conf_key_find("NFSD", "Threads");

	T_STR(k ? k->key : NULL, "threads", "table/find-any-case");
	T_OK(conf_key_find("nfsd", "thread") == NULL, "table/find-unknown");
	T_OK(conf_section_known("svcgssd"), "table/known-ignored-only-section");
	T_OK(conf_section_known("NfsVsockD"), "table/known-any-case");
	T_OK(!conf_section_known("nfsmount"), "table/unknown-section");
	T_OK(!conf_section_known("environment"), "table/environment-not-a-key-section");
}

/* What a file holding every ignored nfs-utils key looks like to us: nothing. */
static void test_ignored_keys(void)
{
	const struct conf_key *tab;
	size_t n, i, used = 0;
	char *text;
	struct conf *c;

	tab = conf_keys(&n);
	text = malloc(n * 80);
	if (!text)
		return;
	for (i = 0; i < n; i++)
		if (tab[i].type == CONF_IGNORED)
			used += (size_t)sprintf(text + used, "[%s]\n%s = some value\n",
						tab[i].section, tab[i].key);
	write_file(tmppath("ignored.conf"), text, used);
	free(text);
	c = load_path(tmppath("ignored.conf"), "ignored-keys");
	if (c) {
		T_INT(conf_ndiags(c), 0, "ignored-keys/silent");
		conf_free(c);
	}
	c = load("stock-debian12.conf");
	if (c) {
		T_INT(conf_ndiags(c), 0, "stock-debian12/silent");
		T_STR(sval(c, "mountd", "manage-gids"), "y", "stock-debian12/manage-gids");
		conf_free(c);
	}
	c = load("nfsconvert-local.conf");
	if (c) {
		T_INT(conf_ndiags(c), 0, "nfsconvert/silent");
		T_INT(ival(c, "nfsd", "threads"), 16, "nfsconvert/threads");
		conf_free(c);
	}
}

/* ---- the line splitter, directly ---- */

static void test_line_parse(void)
{
	char l1[] = "  [ a  \"B c\" ]  ", l2[] = "a = b = c", l3[] = "k = 'x' ; c";
	char l4[] = "k = \"\"", l5[] = "[a]]", l6[] = "[ ]", l7[] = "   ; c", l8[] = "=";
	struct conf_line pl;

	conf_line_parse(l1, &pl);
	T_INT(pl.kind, CONF_LINE_SECTION, "line/section-kind");
	T_STR(pl.section, "a", "line/section-trimmed");
	T_STR(pl.subsection, "B c", "line/subsection-case-kept");
	conf_line_parse(l2, &pl);
	T_STR(pl.key, "a", "line/first-equals-splits");
	T_STR(pl.value, "b = c", "line/value-keeps-equals");
	conf_line_parse(l3, &pl);
	T_STR(pl.value, "x", "line/single-quotes");
	T_OK(pl.junk == NULL, "line/comment-after-quote-not-junk");
	conf_line_parse(l4, &pl);
	T_STR(pl.value, "", "line/empty-quoted");
	conf_line_parse(l5, &pl);
	T_STR(pl.junk, "]", "line/junk-after-header");
	conf_line_parse(l6, &pl);
	T_INT(pl.kind, CONF_LINE_BAD_SECTION, "line/empty-section-name");
	T_STR(pl.error, "section header has an empty name", "line/empty-section-reason");
	conf_line_parse(l7, &pl);
	T_INT(pl.kind, CONF_LINE_EMPTY, "line/indented-comment");
	conf_line_parse(l8, &pl);
	T_INT(pl.kind, CONF_LINE_BAD, "line/bare-equals");
}

/* ---- the man page documents every row ---- */

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* roff wants \- for the hyphens a reader copies into a file. */
static void roff_name(const char *key, char *buf, size_t len)
{
	size_t o = 0;

	for (; *key && o + 3 < len; key++) {
		if (*key == '-')
			buf[o++] = '\\';
		buf[o++] = *key;
	}
	buf[o] = '\0';
}

/* The text of ".SS [section]" up to the next .SS or .SH, as a copy. */
static char *man_block(const char *man, const char *section)
{
	char head[128], name[96];
	const char *start, *end, *sh;

	roff_name(section, name, sizeof(name));
	snprintf(head, sizeof(head), "\n.SS [%s]\n", name);
	start = strstr(man, head);
	if (!start)
		return NULL;
	start += strlen(head) - 1;
	end = strstr(start, "\n.SS ");
	sh = strstr(start, "\n.SH ");
	if (!end || (sh && sh < end))
		end = sh ? sh : start + strlen(start);
	return strndup(start, (size_t)(end - start));
}

/* What the paragraph after ".B key" must say about the default and range. */
static void man_expect(const struct conf_key *k, char *buf, size_t len)
{
	char def[PATH_MAX] = "";

	if (k->def_path && *k->def)
		nv_path_join((enum nv_path)(k->def_path - 1), k->def, def, sizeof(def));
	else if (k->def_path)
		nv_path_get((enum nv_path)(k->def_path - 1), def, sizeof(def));
	if (k->type == CONF_INT)
		snprintf(buf, len, "%lld to %lld; default %s", k->min, k->max, k->def);
	else if (k->def_path)
		snprintf(buf, len, "default %s", def);
	else if (k->type == CONF_STR && !*k->def)
		snprintf(buf, len, "default empty");
	else if (k->type == CONF_STR)
		snprintf(buf, len, "default \"%s\"", k->def);
	else
		snprintf(buf, len, "default %s", k->def);
}

static int man_documents(const char *block, const struct conf_key *k)
{
	char name[96], want[PATH_MAX + 64], head[128];
	const char *p, *next;
	size_t plen;

	roff_name(k->key, name, sizeof(name));
	if (k->type == CONF_IGNORED) {
		snprintf(head, sizeof(head), "\n.BR %s ", name);
		if (strstr(block, head))
			return 1;
		snprintf(head, sizeof(head), "\n.B %s\n", name);
		return strstr(block, head) != NULL;
	}
	snprintf(head, sizeof(head), "\n.TP\n.B %s\n", name);
	p = strstr(block, head);
	if (!p)
		return 0;
	p += strlen(head);
	next = strstr(p, "\n.TP");
	plen = next ? (size_t)(next - p) : strlen(p);
	man_expect(k, want, sizeof(want));
	roff_name(want, name, sizeof(name));
	return memmem(p, plen, name, strlen(name)) != NULL;
}

static void test_man_page(void)
{
	const struct conf_key *tab;
	char path[PATH_MAX], *man, *block;
	size_t n, i, missing = 0;

	snprintf(path, sizeof(path), "%s/man/nfs.conf.5", srcdir);
	man = read_text(path);
	if (!man) {
		t_report(0, "man/readable", "cannot read %s", path);
		return;
	}
	tab = conf_keys(&n);
	for (i = 0; i < n; i++) {
		block = man_block(man, tab[i].section);
		if (!block || !man_documents(block, &tab[i])) {
			t_report(0, "man/documents-key", "%s: [%s] %s missing, or its line lacks "
				 "type, range or default", path, tab[i].section, tab[i].key);
			missing++;
		}
		free(block);
	}
	T_INT(missing, 0, "man/every-key-documented");
	free(man);
}

/* ---- driver ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void watchdog(int sig)
{
	static const char line[] = "not ok conf/watchdog: a test blocked for 60 seconds\n";

	if (write(STDOUT_FILENO, line, sizeof(line) - 1) < 0)
		_exit(2);
	_exit(1);
}

static int setup(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : getenv("NFSVSOCK_TEST_SRCDIR");
	const char *tdir = getenv("TMPDIR");

	if (!src || !*src)
		src = NV_TEST_SRCDIR;
	snprintf(srcdir, sizeof(srcdir), "%s", src);
	snprintf(fx, sizeof(fx), "%s/tests/unit/conf", src);
	snprintf(tmp, sizeof(tmp), "%s/test-conf.XXXXXX", tdir && *tdir ? tdir : "/tmp");
	/* Hermetic: only the tests themselves relocate system paths. */
	unsetenv("NFSVSOCK_ROOT");
	unsetenv("NFSVSOCK_PATH_NFS_CONF");
	unsetenv("NFSVSOCK_PATH_NFS_CONF_D");
	unsetenv("NFSVSOCK_PATH_STATEDIR");
	unsetenv("NFSVSOCK_PATH_RUNDIR");
	/* A reader that blocks (on a FIFO, say) must fail the run, not hang it. */
	signal(SIGALRM, watchdog);
	alarm(60);
	if (!mkdtemp(tmp)) {
		t_report(0, "setup", "mkdtemp %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (access(fxpath("noeq.conf"), R_OK) < 0) {
		t_report(0, "setup", "fixtures not found in %s (pass the source tree as "
			 "argv[1] or NFSVSOCK_TEST_SRCDIR)", fx);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (setup(argc, argv) == 0) {
		test_noeq();
		test_bad_headers();
		test_bad_assignments();
		test_junk();
		test_range();
		test_values();
		test_unknown();
		test_last_line();
		test_nul_byte();
		test_order();
		test_syntax();
		test_env();
		test_include_nested();
		test_include_missing();
		test_include_loop();
		test_include_depth();
		test_include_toplevel();
		test_dropins();
		test_dev_null_dropin();
		test_missing_file();
		test_system_paths();
		test_file_problems();
		test_too_many();
		test_cmdline();
		test_iterator();
		test_table_rows();
		test_table_sections();
		test_table_lookup();
		test_ignored_keys();
		test_line_parse();
		test_man_page();
	}
	if (tmp[0] && strstr(tmp, "XXXXXX") == NULL)
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return T_DONE();
}
