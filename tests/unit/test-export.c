/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-export.c: unit tests of the exports(5) parser, options and the client matcher. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T_SUITE "export"
#include "t.h"

#include "export.h"

/* Every problem the parser reported, as "file:line: text: why\n". */
struct errs {
	char text[8192];
	int n;
};

static void collect(void *arg, const char *file, unsigned int line, const char *text, const char *why)
{
	struct errs *e = arg;
	size_t used = strlen(e->text);

	snprintf(e->text + used, sizeof(e->text) - used, "%s:%u: %s: %s\n", file, line, text, why);
	e->n++;
}

static int parse(const char *text, struct nv_exptab *t, struct errs *e)
{
	memset(e, 0, sizeof(*e));
	memset(t, 0, sizeof(*t));
	return nv_exports_parse_buf("exports", text, t, collect, e);
}

static const char *opts_of(const struct nv_export *e)
{
	static char buf[1024];

	nv_export_format_options(e, buf, sizeof(buf));
	return buf;
}

static void test_good_forms(void)
{
	struct nv_exptab t;
	struct errs e;
	int rc = parse("# comment\n\n/srv/share vsock:3(rw) vsock:*(ro)\n"
		       "/a *(rw,async,no_root_squash) 192.0.2.0/24 10.0.0.1/255.255.0.0(insecure)\n"
		       "\"/with space\" fd00::/64(sync) 2001:db8::1 host.example.org *.example.org @trusted\n"
		       "/b\\040c -rw,all_squash \\\n  vsock:7 vsock:8(ro)   # trailing\n"
		       "/d/ vsock:4(fsid=5,anonuid=1000,anongid=1001,sec=sys:krb5p,mp=/d,crossmnt,nohide)\n", &t, &e);

	T_INT(rc, 0, "good-no-problems");
	T_STR(e.text, "", "good-no-messages");
	T_INT(t.n, 13, "good-count");
	if (t.n < 13) {
		nv_exptab_free(&t);
		return;
	}
	T_STR(t.v[0].path, "/srv/share", "path");
	T_STR(t.v[0].client.name, "vsock:3", "vsock-cid-name");
	T_INT(t.v[0].client.kind, NV_CL_VSOCK_CID, "vsock-cid-kind");
	T_STR(opts_of(&t.v[0]), "rw,sync,wdelay,hide,no_subtree_check,secure,root_squash,no_all_squash,sec=sys", "rw-opts");
	T_STR(t.v[1].client.name, "vsock:*", "vsock-any-name");
	T_INT(t.v[1].flags, NV_EXP_DEFAULT_FLAGS, "defaults-0x425");
	T_INT(NV_EXP_DEFAULT_FLAGS, 0x425, "defaults-value");
	T_INT(t.v[2].client.kind, NV_CL_ANY, "star-kind");
	T_STR(opts_of(&t.v[2]), "rw,async,wdelay,hide,no_subtree_check,secure,no_root_squash,no_all_squash,sec=sys", "async-opts");
	T_STR(t.v[3].client.name, "192.0.2.0/24", "v4-subnet");
	T_STR(t.v[4].client.name, "10.0.0.0/16", "v4-netmask-masked");
	T_INT(t.v[4].flags & NFSEXP_INSECURE_PORT, NFSEXP_INSECURE_PORT, "insecure");
	T_STR(t.v[5].path, "/with space", "quoted-path");
	T_STR(t.v[5].client.name, "fd00::/64", "v6-subnet");
	T_STR(t.v[6].client.name, "2001:db8::1", "v6-addr");
	T_INT(t.v[7].client.kind, NV_CL_HOST, "host-kind");
	T_INT(t.v[8].client.kind, NV_CL_WILDCARD, "wildcard-kind");
	T_INT(t.v[9].client.kind, NV_CL_NETGROUP, "netgroup-kind");
	T_STR(t.v[10].path, "/b c", "octal-path");
	T_INT(t.v[10].flags & (NFSEXP_READONLY | NFSEXP_ALLSQUASH), NFSEXP_ALLSQUASH, "dash-defaults");
	T_INT(t.v[11].flags & NFSEXP_READONLY, NFSEXP_READONLY, "dash-defaults-overridden");
	T_INT(t.v[10].line, 6, "continuation-line-number");
	T_STR(t.v[12].path, "/d", "trailing-slash-trimmed");
	T_STR(opts_of(&t.v[12]), "ro,sync,wdelay,nohide,crossmnt,no_subtree_check,secure,root_squash,"
	      "no_all_squash,anonuid=1000,anongid=1001,fsid=5,mountpoint=/d,sec=sys:krb5p", "many-opts");
	T_INT(t.v[12].flags & NFSEXP_FSID, NFSEXP_FSID, "fsid-flag");
	nv_exptab_free(&t);
}

static void test_option_forms(void)
{
	static const struct { const char *opts; unsigned int set, clear; } c[] = {
		{ "ro", NFSEXP_READONLY, 0 }, { "rw", 0, NFSEXP_READONLY },
		{ "sync", 0, NFSEXP_ASYNC }, { "async", NFSEXP_ASYNC, 0 },
		{ "wdelay", NFSEXP_GATHERED_WRITES, 0 }, { "no_wdelay", 0, NFSEXP_GATHERED_WRITES },
		{ "root_squash", NFSEXP_ROOTSQUASH, 0 }, { "no_root_squash", 0, NFSEXP_ROOTSQUASH },
		{ "all_squash", NFSEXP_ALLSQUASH, 0 }, { "secure", 0, NFSEXP_INSECURE_PORT },
		{ "insecure", NFSEXP_INSECURE_PORT, 0 }, { "subtree_check", 0, NFSEXP_NOSUBTREECHECK },
		{ "no_subtree_check", NFSEXP_NOSUBTREECHECK, 0 }, { "hide", 0, NFSEXP_NOHIDE },
		{ "nohide", NFSEXP_NOHIDE, 0 }, { "crossmnt", NFSEXP_CROSSMOUNT, 0 },
		{ "fsid=root", NFSEXP_FSID, 0 }, { "fsid=0", NFSEXP_FSID, 0 },
	};
	char bad[128], name[64];
	const char *why;
	struct nv_export e;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		nv_export_defaults(&e);
		snprintf(name, sizeof(name), "opt-%s", c[i].opts);
		T_INT(nv_export_options(&e, c[i].opts, bad, sizeof(bad), &why), 0, name);
		T_OK((e.flags & c[i].set) == c[i].set && !(e.flags & c[i].clear), name);
	}
	nv_export_defaults(&e);
	T_INT(nv_export_options(&e, "fsid=0123456789abcdef0123456789ABCDEF", bad, sizeof(bad), &why), 0, "opt-fsid-uuid");
	T_OK(e.has_uuid && e.uuid[0] == 0x01 && e.uuid[15] == 0xef && !(e.flags & NFSEXP_FSID), "opt-fsid-uuid-bytes");
	T_INT(nv_export_options(&e, "mountpoint", bad, sizeof(bad), &why), 0, "opt-mountpoint-bare");
	T_STR(e.mountpoint, "", "opt-mountpoint-empty");
	free(e.mountpoint);
}

static void test_bad_options(void)
{
	static const struct { const char *opts, *bad; int rc; } c[] = {
		{ "rw,bogus", "bogus", -EINVAL }, { "no_acl", "no_acl", -EOPNOTSUPP },
		{ "refer=/a@h", "refer=/a@h", -EOPNOTSUPP }, { "replicas=/a@h", "replicas=/a@h", -EOPNOTSUPP },
		{ "anonuid=-1", "anonuid=-1", -EINVAL }, { "anonuid=x", "anonuid=x", -EINVAL },
		{ "anongid=4294967295", "anongid=4294967295", -EINVAL }, { "fsid=", "fsid=", -EINVAL },
		{ "fsid=12ab", "fsid=12ab", -EINVAL }, { "sec=none", "sec=none", -EINVAL },
		{ "sec=sys:", "", 0 }, { "mp=rel", "mp=rel", -EINVAL }, { "rw,,ro", "rw,,ro", -EINVAL },
		{ "rw,", "rw,", -EINVAL }, { "", "", -EINVAL }, { "ro=1", "ro=1", -EINVAL },
	};
	char bad[128], name[64];
	const char *why;
	struct nv_export e;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int rc;

		nv_export_defaults(&e);
		bad[0] = '\0';
		snprintf(name, sizeof(name), "bad-opt-%zu", i);
		rc = nv_export_options(&e, c[i].opts, bad, sizeof(bad), &why);
		T_INT(rc, c[i].rc, name);
		if (c[i].rc)
			T_OK(why && *why && strcmp(bad, c[i].bad) == 0, name);
		free(e.mountpoint);
	}
}

static void test_malformed_lines(void)
{
	struct nv_exptab t;
	struct errs e;
	int rc = parse("/ok1 vsock:3(rw)\n"
		       "relative vsock:3\n"
		       "/p1 vsock:x(rw)\n"
		       "/p2 vsock:3(rw\n"
		       "/p3 vsock:3 (rw)\n"
		       "/p4 vsock:3(bogus)\n"
		       "/p5\n"
		       "\"/p6 vsock:3\n"
		       "/p7 10.0.0.1/33\n"
		       "/p8 host!name\n"
		       "/p9 vsock:3(rw) vsock:3(ro)\n"
		       "/p10/../etc *\n"
		       "/p11 vsock:3(no_acl)\n"
		       "/p12 vsock:3 -rw\n"
		       "/p13 @\n"
		       "/p14 vsock:3\r\n"
		       "/ok2 vsock:*\n", &t, &e);

	T_INT(rc, 15, "bad-count");
	T_INT(t.n, 5, "bad-good-lines-kept");
	T_STR(e.text,
	      "exports:2: relative: export path must be absolute (start with '/')\n"
	      "exports:3: vsock:x: not a vsock CID; write vsock:<cid> (decimal, e.g. vsock:3) or vsock:*\n"
	      "exports:4: vsock:3(rw: unbalanced parentheses; write client(opt,opt) with no spaces\n"
	      "exports:5: (rw): options with no client before them (a space before '('?); write client(options)\n"
	      "exports:6: bogus: unknown option; see exports(5)\n"
	      "exports:7: /p5: no client given; write e.g. '/path vsock:3(rw)', or '*(...)' to export to everyone\n"
	      "exports:8: \"/p6 vsock:3: bad path (unbalanced quote, or over 4095 bytes)\n"
	      "exports:9: 10.0.0.1/33: bad prefix length or netmask after '/' (IPv4: 0-32 or a.b.c.d, IPv6: 0-128)\n"
	      "exports:10: host!name: bad character in client name; use a host, address, subnet, *.domain, @netgroup, vsock:<cid> or vsock:*\n"
	      "exports:11: vsock:3: duplicate export of this path to this client; the first one is kept\n"
	      "exports:12: /p10/../etc: export path has '.' or '..' components; write the real path\n"
	      "exports:13: no_acl: no_acl is not supported: the kernel ignores NFSEXP_NOACL; remove it\n"
	      "exports:14: -rw: default options (-opts) must come before the clients\n"
	      "exports:15: @: bad netgroup name after '@'\n"
	      "exports:16: /p14 vsock:3\r: carriage return in line; save the file with Unix line ends\n",
	      "bad-messages");
	if (t.n == 5) {
		T_STR(t.v[0].path, "/ok1", "bad-first-kept");
		T_STR(t.v[1].path, "/p3", "bad-client-before-space-kept");
		T_STR(t.v[4].path, "/ok2", "bad-last-kept");
	}
	nv_exptab_free(&t);
}

static void test_split_arg(void)
{
	char c[256], p[256];

	T_INT(nv_export_split_arg("vsock:3:/srv/share", c, sizeof(c), p, sizeof(p)), 0, "split-vsock");
	T_STR(c, "vsock:3", "split-vsock-client");
	T_STR(p, "/srv/share", "split-vsock-path");
	T_INT(nv_export_split_arg("fd00::1:/x", c, sizeof(c), p, sizeof(p)), 0, "split-v6");
	T_STR(c, "fd00::1", "split-v6-client");
	T_INT(nv_export_split_arg("[fd00::/64]:/x", c, sizeof(c), p, sizeof(p)), 0, "split-bracket");
	T_STR(c, "fd00::/64", "split-bracket-client");
	T_INT(nv_export_split_arg("/x", c, sizeof(c), p, sizeof(p)), -EINVAL, "split-no-client");
	T_INT(nv_export_split_arg("vsock:3", c, sizeof(c), p, sizeof(p)), -EINVAL, "split-no-path");
	T_INT(nv_export_split_arg("[fd00::1/x", c, sizeof(c), p, sizeof(p)), -EINVAL, "split-bad-bracket");
}

static int matches(const char *spec, const char *peer)
{
	struct nv_client cl;
	struct nv_peer p;
	const char *why;

	if (nv_client_parse(spec, &cl, &why) < 0 || nv_peer_parse(peer, &p) < 0)
		return -1;
	return nv_client_match(&cl, &p);
}

static void test_matcher(void)
{
	static const struct { const char *spec, *peer; int want; } c[] = {
		{ "vsock:3", "fd76:736f:636b:0000:0000:0000:0000:0003", 1 },
		{ "vsock:3", "fd76:736f:636b::3", 1 },
		{ "vsock:3", "fd76:736f:636b:0000:0000:0000:0000:0004", 0 },
		{ "vsock:3", "vsock:3", 1 }, { "vsock:3", "vsock:4", 0 },
		{ "vsock:3", "0.0.0.3", 0 }, { "vsock:3", "0000:0000:0000:0000:0000:0000:0000:0003", 0 },
		{ "vsock:1", "fd76:736f:636b::1", 1 },
		{ "vsock:4294967294", "fd76:736f:636b::ffff:fffe", 1 },
		{ "vsock:*", "fd76:736f:636b:0000:0000:0000:0000:0003", 1 },
		{ "vsock:*", "fd76:736f:636b::ffff:ffff", 1 }, { "vsock:*", "vsock:9", 1 },
		{ "vsock:*", "127.0.0.1", 0 }, { "vsock:*", "0000:0000:0000:0000:0000:0000:0000:0001", 0 },
		{ "vsock:*", "fd76:736f:636c::3", 0 }, { "vsock:*", "fd76:736f:636b:0:1::3", 0 },
		{ "*", "127.0.0.1", 1 }, { "*", "::1", 1 }, { "*", "fd76:736f:636b::3", 1 }, { "*", "vsock:3", 1 },
		{ "192.0.2.0/24", "192.0.2.77", 1 }, { "192.0.2.0/24", "192.0.3.1", 0 },
		{ "192.0.2.0/24", "vsock:3", 0 }, { "192.0.2.5", "192.0.2.5", 1 },
		{ "192.0.2.5", "192.0.2.6", 0 }, { "10.0.0.0/255.0.0.0", "10.9.9.9", 1 },
		{ "fd00::/64", "fd00:0000:0000:0000:0000:0000:0000:0005", 1 },
		{ "fd00::/64", "fd00:0:0:1::5", 0 }, { "fd76:736f:636b::/96", "fd76:736f:636b::3", 1 },
		{ "127.0.0.1", "127.0.0.1", 1 }, { "localhost", "127.0.0.1", 1 },
		{ "localhost", "192.0.2.1", 0 }, { "localhost", "vsock:3", 0 },
		{ "0.0.0.0/0", "fd76:736f:636b::3", 0 }, { "::/0", "fd76:736f:636b::3", 1 },
	};
	char name[96];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(name, sizeof(name), "match-%s-%s", c[i].spec, c[i].peer);
		T_INT(matches(c[i].spec, c[i].peer), c[i].want, name);
	}
}

static void test_peer(void)
{
	struct nv_peer p;
	char buf[64];

	T_INT(nv_peer_parse("fd76:736f:636b:0000:0000:0000:0000:0003", &p), 0, "peer-mapped");
	nv_peer_format(&p, buf, sizeof(buf));
	T_STR(buf, "vsock:3", "peer-mapped-shown-as-vsock");
	T_INT(nv_peer_parse("127.0.0.1", &p), 0, "peer-v4");
	nv_peer_format(&p, buf, sizeof(buf));
	T_STR(buf, "127.0.0.1", "peer-v4-shown");
	T_INT(nv_peer_parse("0000:0000:0000:0000:0000:0000:0000:0001", &p), 0, "peer-v6");
	nv_peer_format(&p, buf, sizeof(buf));
	T_STR(buf, "::1", "peer-v6-shown");
	T_INT(nv_peer_parse("nonsense", &p), -EINVAL, "peer-bad");
	T_INT(nv_peer_parse("", &p), -EINVAL, "peer-empty");
	T_INT(nv_peer_parse("vsock:x", &p), -EINVAL, "peer-bad-vsock");
}

static void test_etab_roundtrip(void)
{
	char dir[] = "/tmp/test-export-XXXXXX", path[256];
	struct nv_exptab t, back;
	struct errs e;

	parse("\"/a b\" vsock:3(rw,fsid=7) vsock:*(ro,fsid=0123456789abcdef0123456789abcdef)\n"
	      "/c 192.0.2.0/24(sec=krb5:sys,anonuid=5,mp)\n", &t, &e);
	T_OK(mkdtemp(dir) != NULL, "etab-tmpdir");
	snprintf(path, sizeof(path), "%s/etab", dir);
	T_INT(nv_etab_write(path, &t), 0, "etab-write");
	memset(&back, 0, sizeof(back));
	memset(&e, 0, sizeof(e));
	T_INT(nv_etab_read(path, &back, collect, &e), 0, "etab-read-clean");
	T_INT(back.n, t.n, "etab-count");
	for (size_t i = 0; i < t.n && i < back.n; i++) {
		char a[1024], b[1024];

		nv_export_format_options(&t.v[i], a, sizeof(a));
		nv_export_format_options(&back.v[i], b, sizeof(b));
		T_STR(b, a, "etab-options-roundtrip");
		T_STR(back.v[i].path, t.v[i].path, "etab-path-roundtrip");
		T_STR(back.v[i].client.name, t.v[i].client.name, "etab-client-roundtrip");
	}
	unlink(path);
	rmdir(dir);
	nv_exptab_free(&t);
	nv_exptab_free(&back);
	memset(&back, 0, sizeof(back));
	T_INT(nv_etab_read("/nonexistent/etab", &back, collect, &e), 0, "etab-missing-is-empty");
}

int main(void)
{
	test_good_forms();
	test_option_forms();
	test_bad_options();
	test_malformed_lines();
	test_split_arg();
	test_matcher();
	test_peer();
	test_etab_roundtrip();
	return T_DONE();
}
