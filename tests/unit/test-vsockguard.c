/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-vsockguard.c: the source guard's nftables ruleset, checked by nftables' own parser. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_LIBNFTABLES
#include <nftables/libnftables.h>
#endif

#define T_SUITE "vsockguard"
#include "t.h"
#include "vsockguard.h"

static void test_text(void)
{
	char buf[512], small[64];

	T_INT(vsockguard_ruleset(buf, sizeof(buf)), 0, "ruleset-fits");
	T_OK(strstr(buf, "ip6 saddr fd76:736f:636b::/96 meta skuid != 0 ") != NULL,
	     "matches-prefix-and-non-root");
	T_OK(strstr(buf, "hook output") != NULL, "output-hook");
	T_OK(strstr(buf, "reject") != NULL, "rejects-not-drops");
	/* Replace-or-create: the delete must come after an add and before the body. */
	T_OK(strncmp(buf, "table inet nfsvsockd\ndelete table inet nfsvsockd\ntable inet nfsvsockd {",
		     strlen("table inet nfsvsockd\ndelete table inet nfsvsockd\ntable inet nfsvsockd {")) == 0,
	     "replaces-whole-table");
	T_INT(vsockguard_ruleset(small, sizeof(small)), -ENOSPC, "short-buffer-enospc");
}

#ifdef HAVE_LIBNFTABLES
/*
 * nftables' parser and the kernel's validation, without committing: a
 * dry run of the exact text the daemon loads. Needs CAP_NET_ADMIN and
 * nf_tables; where those are missing it fails, and says so.
 */
static void test_dry_run(void)
{
	char buf[512];
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	int rc;

	if (!nft) {
		T_OK(0, "dry-run-context");
		return;
	}
	nft_ctx_buffer_error(nft);
	nft_ctx_buffer_output(nft);
	nft_ctx_set_dry_run(nft, true);
	vsockguard_ruleset(buf, sizeof(buf));
	rc = nft_run_cmd_from_buffer(nft, buf);
	if (rc != 0)
		printf("# nftables: %s", nft_ctx_get_error_buffer(nft));
	T_INT(rc, 0, "nftables-accepts-ruleset");
	nft_ctx_free(nft);
}
#endif

int main(void)
{
	test_text();
#ifdef HAVE_LIBNFTABLES
	test_dry_run();
#else
	char why[64];

	T_INT(vsockguard_ensure(why, sizeof(why)), -ENOSYS, "without-libnftables-enosys");
#endif
	return T_DONE();
}
