/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.c (rpc.nfsd): what nfsd and the relay are doing, in human terms. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nfsd.h"
#include "nfsdfs.h"
#include "relayctl.h"

static void chomp(char *s)
{
	s[strcspn(s, "\n")] = '\0';
}

/* portlist lists one "<class> <port>" line per socket: group equal ones. */
static void print_listeners(const char *list)
{
	char copy[4096], *save = NULL, *seen[64];
	int count[64];
	size_t nseen = 0, i;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < nseen && strcmp(seen[i], l); i++)
			;
		if (i < nseen) {
			count[i]++;
		} else if (nseen < 64) {
			seen[nseen] = l;
			count[nseen++] = 1;
		}
	}
	if (!nseen)
		printf("listeners: none\n");
	for (i = 0; i < nseen; i++) {
		char cls[16] = "?", port[16] = "?";

		sscanf(seen[i], "%15s %15s", cls, port);
		printf("listener: %s port %s%s (%d socket%s)\n", cls, port,
		       !strcmp(cls, "vsock") ? ", native vsock" : "", count[i],
		       count[i] == 1 ? "" : "s");
	}
}

struct relay_sum {
	char daemon[256];
	int conns;
};

static int relay_line(const char *text, void *arg)
{
	struct relay_sum *r = arg;

	if (!strncmp(text, "daemon ", 7))
		snprintf(r->daemon, sizeof(r->daemon), "%s", text + 7);
	else if (!strncmp(text, "conn ", 5))
		r->conns++;
	return 0;
}

static void print_relay(const struct nfsd_ctx *c)
{
	struct relay_sum r = { "", 0 };
	char err[128] = "";

	if (relayctl_status(c->relay_socket, 1000, relay_line, &r, err, sizeof(err)) < 0) {
		printf("relay: not running (no nfsvsockd answers on %s)\n", c->relay_socket);
		return;
	}
	printf("relay: nfsvsockd %s, %d connection%s (nfsvsockd status shows them)\n", r.daemon,
	       r.conns, r.conns == 1 ? "" : "s");
}

int nfsd_status(struct nfsd_ctx *c)
{
	char threads[64] = "", vers[256] = "", human[256], list[4096] = "", lease[32] = "",
	     grace[32] = "";

	if (!nfsdfs_mounted()) {
		printf("nfsd: not running (the nfsd filesystem is not mounted)\n");
		print_relay(c);
		return 3;
	}
	nfsdfs_read("threads", threads, sizeof(threads));
	nfsdfs_read("versions", vers, sizeof(vers));
	nfsdfs_read("portlist", list, sizeof(list));
	nfsdfs_read("nfsv4leasetime", lease, sizeof(lease));
	nfsdfs_read("nfsv4gracetime", grace, sizeof(grace));
	chomp(threads);
	chomp(lease);
	chomp(grace);
	nfsd_vers_human(vers, human, sizeof(human));
	if (atoi(threads) > 0)
		printf("nfsd: running, %s threads\n", threads);
	else
		printf("nfsd: stopped\n");
	printf("versions: %s\n", human);
	if (lease[0])
		printf("lease time: %s s, grace time: %s s\n", lease, grace);
	print_listeners(list);
	print_relay(c);
	return atoi(threads) > 0 ? 0 : 3;
}
