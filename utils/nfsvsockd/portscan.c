/* SPDX-License-Identifier: GPL-2.0-or-later */
/* portscan.c: reserved-port mirroring: scan 1023..665 downward like the kernel RPC client. */
#include "config.h"

#include <errno.h>

#include "portscan.h"

/*
 * Only a peer that held a reserved port gets one, so nfsd's `secure`
 * check keeps its meaning end to end. Scanning downward from 1023 is what
 * the kernel's RPC client does, which keeps the low ports that other
 * daemons bind by number (e.g. 665 and below) out of the way. A fixed port
 * per connection would collide with the previous connection in TIME_WAIT.
 */
int portscan(int reserved, portscan_try_fn try_port, void *arg, uint32_t *port_out)
{
	int rc;

	if (!reserved) {
		rc = try_port(0, arg);
		if (rc >= 0 && port_out)
			*port_out = 0;
		return rc;
	}
	for (uint32_t p = PORTSCAN_RESV_HI; p >= PORTSCAN_RESV_LO; p--) {
		rc = try_port(p, arg);
		if (rc >= 0) {
			if (port_out)
				*port_out = p;
			return rc;
		}
		if (rc != -EADDRINUSE && rc != -EADDRNOTAVAIL)
			return rc;
	}
	return -EADDRINUSE;
}
