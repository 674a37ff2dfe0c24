/* SPDX-License-Identifier: GPL-2.0-or-later */
/* portscan.h: choose a source port that mirrors the peer's privilege. */
#ifndef NVD_PORTSCAN_H
#define NVD_PORTSCAN_H

#include <stdint.h>

/* The kernel RPC client's reserved range (xprt_min/max_resvport). */
#define PORTSCAN_RESV_HI 1023
#define PORTSCAN_RESV_LO 665

/*
 * try(port, arg) attempts one port: it returns an fd (>= 0) on success,
 * -EADDRINUSE or -EADDRNOTAVAIL when that port is taken (the scan goes on
 * downward), any other negative errno to stop at once. reserved == 0:
 * one call with port 0, "any unprivileged port". Returns try's fd, the
 * stopping error, or -EADDRINUSE when every reserved port was taken.
 * *port_out (may be NULL) receives the port that worked.
 */
typedef int (*portscan_try_fn)(uint32_t port, void *arg);
int portscan(int reserved, portscan_try_fn try_port, void *arg, uint32_t *port_out);

#endif
