/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relayctl.h: the nfsvsockd control protocol: pure request parser and the client side. */
#ifndef NV_RELAYCTL_H
#define NV_RELAYCTL_H

#include <stddef.h>
#include <stdint.h>

/*
 * A line protocol over a Unix stream socket, one request per line:
 *     ACQUIRE <cid> <port>   ->  OK <tcp-port>      (guest role)
 *     RELEASE <cid> <port>   ->  OK                 (guest role)
 *     STATUS                 ->  lines, then END
 *     PING                   ->  OK
 * and on any failure "ERR <ERRNO-NAME> <text>". Strict on purpose: the
 * server runs as root and takes requests from programs, not people, so
 * anything but the exact form is refused rather than guessed at: upper
 * case verbs, single spaces, decimal numbers without sign, no CR, at most
 * RELAYCTL_LINE_MAX bytes before the newline.
 */
#define RELAYCTL_LINE_MAX 256

enum relayctl_verb {
	RELAYCTL_ACQUIRE,
	RELAYCTL_RELEASE,
	RELAYCTL_STATUS,
	RELAYCTL_PING,
};

struct relayctl_req {
	enum relayctl_verb verb;
	uint32_t cid;		/* ACQUIRE, RELEASE: 0..0xFFFFFFFE */
	uint32_t port;		/* ACQUIRE, RELEASE: 1..0xFFFFFFFE */
};

/* Parse one line (without its newline; len bytes, NUL bytes refused).
 * 0, or -EINVAL / -EMSGSIZE with *why set to a static phrase. */
int relayctl_parse_request(const char *line, size_t len, struct relayctl_req *req,
			   const char **why);
/* The line for req, newline included; its length, or -ENOSPC/-EINVAL. */
int relayctl_format_request(const struct relayctl_req *req, char *buf, size_t len);
/* "EINVAL" for EINVAL; "E<number>" when the C library knows no name. */
const char *relayctl_errname(int err, char *buf, size_t len);
/* The errno of an "ERR <NAME> ..." line (EIO for an unknown name), 0 for
 * a line that is not an error. */
int relayctl_reply_errno(const char *line);

/* Client side, for nfsvsockd status, mount.nfs and umount.nfs. Each call
 * connects to path, sends one request and reads the answer within
 * timeout_ms. 0, or -errno: -ENOENT/-ECONNREFUSED (no daemon), -ETIMEDOUT,
 * -EPROTO (an answer that breaks the protocol), or the errno the daemon
 * named in its ERR line. errtext, when not NULL, gets the daemon's text. */
int relayctl_acquire(const char *path, uint32_t cid, uint32_t port, int timeout_ms,
		     uint16_t *tcp_port, char *errtext, size_t errlen);
int relayctl_release(const char *path, uint32_t cid, uint32_t port, int timeout_ms,
		     char *errtext, size_t errlen);
/* STATUS: line() is called for every line before END (without newline);
 * a non-zero return from it stops reading and is returned. */
int relayctl_status(const char *path, int timeout_ms,
		    int (*line)(const char *text, void *arg), void *arg,
		    char *errtext, size_t errlen);

#endif
