/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xact.c (rpc.nfsd): every transaction on the nfsd filesystem, and its test trace. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "nfsd.h"
#include "nfsdfs.h"

const char *nfsd_errname(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : "an unknown errno";
}

/* The request as one line: a fake file keeps only the last write, so
 * tests compare this record of the whole sequence with an expected file. */
static void trace(struct nfsd_ctx *c, const char *file, const char *req, const char *what,
		  int rc)
{
	if (!c->trace)
		return;
	fprintf(c->trace, "%s ", file);
	if (what) {
		fprintf(c->trace, "<%s>", what);
	} else {
		fputc('"', c->trace);
		for (const char *p = req; *p; p++)
			fputs(*p == '\n' ? "\\n" : (char[]){ *p, '\0' }, c->trace);
		fputc('"', c->trace);
	}
	fprintf(c->trace, " -> %s\n", rc < 0 ? nfsd_errname(rc) : "ok");
	fflush(c->trace);
}

/* what: a description that replaces req in the trace and debug output (an
 * fd number says nothing; "tcp [::1]:2049" does). */
int nfsd_xact(struct nfsd_ctx *c, const char *file, const char *req, const char *what,
	      char *reply, size_t len)
{
	int rc = nfsdfs_transact(file, req, reply, len);

	trace(c, file, req, what, rc);
	if (rc < 0)
		log_debug(LOGC_NFSD, "%s: write of %s failed: %s", file, what ? what : req,
			  strerror(-rc));
	else
		log_debug(LOGC_NFSD, "%s: wrote %s", file, what ? what : req);
	return rc;
}
