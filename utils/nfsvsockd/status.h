/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.h: the lines of the STATUS answer, formatted in one place for parent and worker. */
#ifndef NVD_STATUS_H
#define NVD_STATUS_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "eptab.h"
#include "fwd.h"
#include "nfsvsockd.h"

/*
 * key=value words after a first word naming the line, so scripts can pick
 * fields by name and new fields never break them:
 *   daemon role=host pid=10 worker=11 restarts=0
 *   endpoint cid=2 port=2049 tcp=127.0.0.1:41234 refs=1
 *   conn role=host cid=3 peer=vsock:3:1023 local=[fd76:736f:636b::3]:1023 age=12 to_server=100 to_client=200
 * "to_server" counts bytes from the side that connected to the relay to
 * the side the relay connected to; "to_client" the other way.
 * The parent writes the daemon and endpoint lines, then hands the socket
 * to the worker, which appends the conn lines and END: the parent owns
 * the endpoint table, the worker the connections.
 * Each returns the length written (newline included) or -ENOSPC.
 */
int status_daemon_line(char *buf, size_t len, const struct nvd *d, pid_t pid,
		       pid_t worker);
int status_endpoint_line(char *buf, size_t len, const struct endpoint *e);
/* An endpoint line back into *e (fd -1): the relay keeps its table in these
 * lines (epstate.c). 0, or -EINVAL for anything but a whole, valid line. */
int status_endpoint_parse(const char *line, struct endpoint *e);
int status_conn_line(char *buf, size_t len, const struct fwd_info *info,
		     const struct fwd_stats *st, const struct timespec *now);

#endif
