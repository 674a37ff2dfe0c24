/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guard.c: the nftables rule that keeps the vsockmap prefix for root's sockets. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_LIBNFTABLES
#include <nftables/libnftables.h>
#endif

#include "vsockguard.h"
#include "vsockmap.h"

/*
 * "table; delete table; table { ... }" in one batch is nftables' idiom for
 * "replace or create": the first line makes the delete never fail, and
 * the kernel applies the batch as one transaction, so no packet ever sees
 * the table half-built. Output hook: the filter runs before the packet
 * reaches lo, with the sending socket still attached (meta skuid). A
 * packet with no socket (a reset sent by the kernel) never matches.
 * reject, not drop: the impostor's connect() fails at once (EACCES)
 * instead of retrying SYNs for a minute.
 */
int vsockguard_ruleset(char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "table inet %s\n"
			 "delete table inet %s\n"
			 "table inet %s {\n"
			 "\tchain guard {\n"
			 "\t\ttype filter hook output priority filter; policy accept;\n"
			 "\t\tip6 saddr %s meta skuid != 0 counter "
			 "reject with icmpx type admin-prohibited\n"
			 "\t}\n"
			 "}\n",
			 VSOCKGUARD_TABLE, VSOCKGUARD_TABLE, VSOCKGUARD_TABLE,
			 VSOCKMAP_PREFIX_STR);

	if (n < 0)
		return -EINVAL;
	return (size_t)n >= len ? -ENOSPC : 0;
}

#ifdef HAVE_LIBNFTABLES
/* nftables reports failures as text only; keep its first line for the caller. */
static void first_line(char *why, size_t whylen, const char *msg)
{
	size_t n;

	if (!whylen)
		return;
	msg = msg ? msg : "";
	if (!strncmp(msg, "Error: ", 7))
		msg += 7;
	n = strcspn(msg, "\n");
	if (n >= whylen)
		n = whylen - 1;
	memcpy(why, msg, n);
	why[n] = '\0';
}

/* Map nftables' words back to an errno, so callers can decide without parsing. */
static int guess_errno(const char *msg)
{
	if (strstr(msg, "Operation not permitted"))
		return -EPERM;
	if (strstr(msg, "Protocol not supported") || strstr(msg, "No such file or directory") ||
	    strstr(msg, "not supported"))
		return -ENOPROTOOPT;
	return -EIO;
}

int vsockguard_ensure(char *why, size_t whylen)
{
	char rules[512];
	struct nft_ctx *nft;
	int rc = vsockguard_ruleset(rules, sizeof(rules));

	if (whylen)
		why[0] = '\0';
	if (rc < 0)
		return rc;
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!nft)
		return -ENOMEM;
	if (nft_ctx_buffer_error(nft) < 0 || nft_ctx_buffer_output(nft) < 0) {
		nft_ctx_free(nft);
		return -ENOMEM;
	}
	if (nft_run_cmd_from_buffer(nft, rules) != 0) {
		const char *msg = nft_ctx_get_error_buffer(nft);

		first_line(why, whylen, msg);
		rc = guess_errno(msg ? msg : "");
	}
	nft_ctx_free(nft);
	return rc;
}
#else
int vsockguard_ensure(char *why, size_t whylen)
{
	if (whylen)
		snprintf(why, whylen, "built without libnftables");
	return -ENOSYS;
}
#endif
