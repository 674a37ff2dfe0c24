/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-export-v4root.c: unit tests of the NFSv4 pseudo-root builder. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#define T_SUITE "v4root"
#include "t.h"

#include "export.h"

static void load(const char *text, struct nv_exptab *t)
{
	memset(t, 0, sizeof(*t));
	nv_exports_parse_buf("exports", text, t, NULL, NULL);
}

static const struct nv_export *find(struct nv_exptab *t, const char *client, const char *path)
{
	long i = nv_exptab_find(t, client, path);

	return i < 0 ? NULL : &t->v[i];
}

static void test_basic(void)
{
	struct nv_exptab t;
	const struct nv_export *e;

	load("/srv/a/b vsock:3(rw,sec=sys:krb5) vsock:*(ro)\n/srv/c vsock:3\n", &t);
	T_INT(nv_v4root_build(&t), 0, "build");
	/* vsock:3: /, /srv, /srv/a; vsock:*: /, /srv, /srv/a. */
	T_INT(t.n, 3 + 6, "count");
	e = find(&t, "vsock:3", "/");
	T_OK(e && e->pseudo, "root-pseudo");
	if (e) {
		T_INT(e->flags, 0x12403, "root-flags");
		T_INT(e->nsec, 2, "root-sec-merged");
	}
	e = find(&t, "vsock:3", "/srv/a");
	T_OK(e && e->pseudo && e->flags == 0x10403, "mid-flags");
	e = find(&t, "vsock:*", "/srv");
	T_OK(e && e->pseudo && e->nsec == 1, "other-client");
	T_OK(find(&t, "vsock:*", "/srv/c") == NULL, "no-leak-to-other-client");
	T_OK(find(&t, "vsock:3", "/srv/a/b") && !find(&t, "vsock:3", "/srv/a/b")->pseudo, "real-kept");
	nv_exptab_free(&t);
}

static void test_fsid0_disables(void)
{
	struct nv_exptab t;

	load("/srv/a vsock:3(fsid=0) \n/srv/b vsock:3\n", &t);
	T_INT(nv_v4root_build(&t), 0, "fsid0-build");
	T_INT(t.n, 2, "fsid0-no-pseudo");
	nv_exptab_free(&t);
}

static void test_real_ancestor(void)
{
	struct nv_exptab t;
	const struct nv_export *e;

	load("/ vsock:3(rw)\n/srv vsock:3(rw)\n/srv/x/y vsock:3\n", &t);
	T_INT(nv_v4root_build(&t), 0, "anc-build");
	T_INT(t.n, 4, "anc-count");
	e = find(&t, "vsock:3", "/");
	T_OK(e && !e->pseudo && (e->flags & 0x2000) && e->fsid == 0, "real-root-gets-fsid0");
	e = find(&t, "vsock:3", "/srv");
	T_OK(e && !e->pseudo && !(e->flags & NFSEXP_V4ROOT), "real-ancestor-wins");
	e = find(&t, "vsock:3", "/srv/x");
	T_OK(e && e->pseudo, "gap-filled");
	nv_exptab_free(&t);
}

static void test_uuid_stable(void)
{
	uint8_t a[16], b[16], c[16];

	nv_v4root_uuid("/srv", a);
	nv_v4root_uuid("/srv", b);
	nv_v4root_uuid("/srw", c);
	T_OK(memcmp(a, b, 16) == 0, "uuid-stable");
	T_OK(memcmp(a, c, 16) != 0, "uuid-differs");
}

static void test_many(void)
{
	static char text[1 << 20];
	struct nv_exptab t;
	size_t n = 0;

	for (int i = 0; i < 10000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "/e/%d/%d vsock:%d(rw)\n", i % 100, i, i % 50 + 3);
	load(text, &t);
	T_INT(t.n, 10000, "many-parsed");
	T_INT(nv_v4root_build(&t), 0, "many-build");
	/* 50 clients x ("/" + "/e"), plus one pseudo /e/<d> per directory: d fixes the client. */
	T_INT(t.n, 10000 + 50 * 2 + 100, "many-count");
	nv_exptab_free(&t);
}

int main(void)
{
	test_basic();
	test_fsid0_disables();
	test_real_ancestor();
	test_uuid_stable();
	test_many();
	return T_DONE();
}
