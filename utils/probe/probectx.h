/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probectx.h (utils/probe): the state of one nfsvsock-probe run. */
#ifndef NV_UTILS_PROBECTX_H
#define NV_UTILS_PROBECTX_H

#include <stdint.h>

#define PROBE_CLIENT 0x1
#define PROBE_NFSD   0x2

struct probe_ctx {
	unsigned int what;	/* PROBE_CLIENT | PROBE_NFSD */
	uint32_t port;		/* vsock port for the nfsd probe's listener */
	int keys;		/* print key=value lines instead of sentences */
};

/* Run the probes and print the findings; returns the exit status. */
int probe_run(const struct probe_ctx *ctx);

#endif
