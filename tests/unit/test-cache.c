/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-cache.c: unit tests of the cache-channel word codec and the fsid types. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#define T_SUITE "cache"
#include "t.h"

#include "cacheio.h"
#include "export.h"

static void test_encode(void)
{
	struct cache_buf b;
	char buf[256];
	const unsigned char bin[] = { 0x00, 0xff, 0x10, 0xab };

	cache_buf_init(&b, buf, sizeof(buf));
	cache_add_word(&b, "vsock:3");
	cache_add_word(&b, "/a b\tc\nd\\e");
	cache_add_uint(&b, 1800);
	cache_add_hex(&b, bin, sizeof(bin));
	cache_add_int(&b, -1);
	cache_add_word(&b, "");
	T_INT(cache_buf_end(&b), (int)strlen(buf), "encode-length");
	T_STR(buf, "vsock:3 /a\\040b\\011c\\012d\\134e 1800 \\x00ff10ab -1 \n", "encode-line");

	cache_buf_init(&b, buf, 8);
	cache_add_word(&b, "0123456789");
	T_INT(cache_buf_end(&b), -ENOSPC, "encode-overflow");
	T_INT((int)strlen(buf), 7, "encode-overflow-terminated");
}

static void test_decode(void)
{
	const char *line = "nfsd  /a\\040b \\x00FF10ab \\999 \\1 \\x \\0101\n";
	char w[64];
	const char *p = line;

	T_INT(cache_get_word(&p, w, sizeof(w)), 4, "decode-first");
	T_STR(w, "nfsd", "decode-first-text");
	T_INT(cache_get_word(&p, w, sizeof(w)), 4, "decode-octal");
	T_STR(w, "/a b", "decode-octal-text");
	T_INT(cache_get_word(&p, w, sizeof(w)), 4, "decode-hex-either-case");
	T_OK(memcmp(w, "\x00\xff\x10\xab", 4) == 0, "decode-hex-bytes");
	T_INT(cache_get_word(&p, w, sizeof(w)), 4, "decode-not-octal-literal");
	T_STR(w, "\\999", "decode-backslash-9-literal");
	T_INT(cache_get_word(&p, w, sizeof(w)), 2, "decode-short-escape-literal");
	T_STR(w, "\\1", "decode-short-escape-text");
	T_INT(cache_get_word(&p, w, sizeof(w)), 0, "decode-empty-hex");
	T_INT(cache_get_word(&p, w, sizeof(w)), 2, "decode-octal-then-digit");
	T_STR(w, "\b1", "decode-octal-then-digit-text");
	T_INT(cache_get_word(&p, w, sizeof(w)), -ENOENT, "decode-end");
}

static void test_hostile(void)
{
	const char *p;
	char w[8];

	p = "\\x0";
	T_INT(cache_get_word(&p, w, sizeof(w)), -EINVAL, "hostile-odd-hex");
	p = "\\xzz";
	T_INT(cache_get_word(&p, w, sizeof(w)), -EINVAL, "hostile-bad-hex");
	p = "\\x00000000000000000000";
	T_INT(cache_get_word(&p, w, sizeof(w)), -ENOSPC, "hostile-long-hex");
	p = "abcdefghijkl";
	T_INT(cache_get_word(&p, w, sizeof(w)), -ENOSPC, "hostile-long-word");
	p = "\\000x";
	T_INT(cache_get_word(&p, w, sizeof(w)), 2, "hostile-embedded-nul");
	T_OK(w[0] == '\0' && w[1] == 'x', "hostile-embedded-nul-bytes");
	p = "a\\";
	T_INT(cache_get_word(&p, w, sizeof(w)), 2, "hostile-trailing-backslash");
	p = "";
	T_INT(cache_get_word(&p, w, sizeof(w)), -ENOENT, "hostile-empty");
	p = "x";
	T_INT(cache_get_word(&p, w, 0), -ENOSPC, "hostile-zero-buffer");
}

static void test_roundtrip(void)
{
	char text[256], line[1024], back[256];
	struct cache_buf b;
	const char *p;

	/* Every byte but NUL survives encoding and decoding. */
	for (int i = 1; i < 256; i++)
		text[i - 1] = (char)i;
	text[255] = '\0';
	cache_buf_init(&b, line, sizeof(line));
	cache_add_word(&b, text);
	T_OK(cache_buf_end(&b) > 0, "roundtrip-encode");
	T_OK(strchr(line, ' ') == NULL && strchr(line, '\t') == NULL &&
	     strchr(line, '\n') == line + strlen(line) - 1, "roundtrip-no-raw-separators");
	p = line;
	T_INT(cache_get_word(&p, back, sizeof(back)), 255, "roundtrip-length");
	T_OK(memcmp(back, text, 255) == 0, "roundtrip-bytes");
}

static void test_fsid(void)
{
	struct nv_export e;
	struct nv_fsident id = { .dev = makedev(8, 1), .ino = 0x1234, .has_uuid = true, .fsroot = true };
	uint8_t f[24];
	uint32_t v;

	nv_export_defaults(&e);
	for (int i = 0; i < 16; i++)
		id.uuid[i] = (uint8_t)(i + 1);
	T_INT(nv_fsid_len(0), 8, "fsid-len-0");
	T_INT(nv_fsid_len(7), 24, "fsid-len-7");
	T_INT(nv_fsid_len(8), -EINVAL, "fsid-len-8");
	T_INT(nv_fsid_len(-1), -EINVAL, "fsid-len-neg");
	memcpy(f, "\x00\x08\x00\x01\x34\x12\x00\x00", 8);
	T_INT(nv_fsid_match(&e, &id, 0, f, 8), 1, "fsid-dev");
	T_INT(nv_fsid_match(&e, &id, 0, f, 7), 0, "fsid-dev-short");
	memcpy(f, "\x01\x08\x00\x00\x34\x12\x00\x00", 8);
	T_INT(nv_fsid_match(&e, &id, 3, f, 8), 1, "fsid-encode-dev");
	memcpy(f, "\x00\x00\x00\x08\x00\x00\x00\x01\x34\x12\x00\x00", 12);
	T_INT(nv_fsid_match(&e, &id, 2, f, 12), 1, "fsid-major-minor");
	memcpy(f, id.uuid, 16);
	T_INT(nv_fsid_match(&e, &id, 6, f, 16), 1, "fsid-uuid16");
	id.fsroot = false;
	T_INT(nv_fsid_match(&e, &id, 6, f, 16), 0, "fsid-uuid16-not-fsroot");
	id.fsroot = true;
	f[3] ^= 1;
	T_INT(nv_fsid_match(&e, &id, 6, f, 16), 0, "fsid-uuid16-differs");
	memcpy(f, "\x34\x12\0\0\0\0\0\0", 8);
	memcpy(f + 8, id.uuid, 16);
	T_INT(nv_fsid_match(&e, &id, 7, f, 24), 1, "fsid-uuid16-inum");
	v = 0;
	memcpy(f, &v, 4);
	T_INT(nv_fsid_match(&e, &id, 1, f, 4), 0, "fsid-num-needs-fsid");
	e.flags |= NFSEXP_FSID;
	T_INT(nv_fsid_match(&e, &id, 1, f, 4), 1, "fsid-num-zero");
	id.has_uuid = false;
	T_INT(nv_fsid_match(&e, &id, 5, f, 8), 0, "fsid-uuid8-needs-uuid");
}

static void test_uuid_text(void)
{
	uint8_t u[16];
	char buf[40];

	T_INT(nv_uuid_parse("01234567-89ab-cdef-0123-456789ABCDEF", u), 0, "uuid-dashes");
	nv_uuid_format(u, buf, sizeof(buf));
	T_STR(buf, "01234567-89ab-cdef-0123-456789abcdef", "uuid-format");
	T_INT(nv_uuid_parse("0123", u), -EINVAL, "uuid-short");
	T_INT(nv_uuid_parse("0123456789abcdef0123456789abcdef00", u), -EINVAL, "uuid-long");
	T_INT(nv_uuid_parse("0123456789abcdef0123456789abcdeg", u), -EINVAL, "uuid-nonhex");
}

int main(void)
{
	test_encode();
	test_decode();
	test_hostile();
	test_roundtrip();
	test_fsid();
	test_uuid_text();
	return T_DONE();
}
