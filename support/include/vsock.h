/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsock.h: AF_VSOCK addresses (parse, print), the local CID, and socket helpers. */
#ifndef NV_VSOCK_H
#define NV_VSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/vm_sockets.h>

/*
 * Every function returns 0 (or a length, an fd), or a negative number:
 * a negative errno for system calls, or -VSOCK_E_xxx for the parsers.
 * The parser codes start at VSOCK_E_BASE so they never read as an errno.
 */

/* The prefix of the long form, "vsock:<cid>[:<port>]". */
#define VSOCK_ADDR_PREFIX "vsock:"
/* Longest text of a CID ("4294967295") and of an address, NUL included. */
#define VSOCK_CIDSTRLEN  sizeof("4294967295")
#define VSOCK_ADDRSTRLEN sizeof("vsock:4294967295:4294967295")

struct vsock_addr {
	uint32_t cid;
	uint32_t port;		/* VMADDR_PORT_ANY when has_port is false */
	bool has_port;
};

/* What a port part may do; with neither flag a port is an error. */
#define VSOCK_PARSE_PORT_ALLOWED  0x1u
#define VSOCK_PARSE_PORT_REQUIRED 0x2u	/* implies ALLOWED */

/*
 * Parse failures, one per thing a person can get wrong, so that the
 * message names it exactly. Decisions (tested in test-vsockaddr.c):
 * - decimal only; leading zeros are fine ("007" is 7), "0x3" is trailing
 *   junk after "0", a sign is an error even on zero ("-0");
 * - names are lower case, like mount options ("HOST" is VSOCK_E_NAME);
 * - an explicit port is 1..4294967294: 0 names no service and
 *   4294967295 is VMADDR_PORT_ANY ("any port"), which a person means by
 *   leaving the port out, never by writing it;
 * - the bare form ("3", "host") never carries a port, so "3:2049" is a
 *   CID with trailing characters; only "vsock:3:2049" has a port part.
 */
enum vsock_parse_error {
	VSOCK_E_BASE = 1000,
	VSOCK_E_EMPTY = VSOCK_E_BASE,	/* "", "vsock:", "vsock::2049" */
	VSOCK_E_LEADING,	/* " 3", "x12" */
	VSOCK_E_TRAILING,	/* "12x", "3:", "0x3", "host " */
	VSOCK_E_SIGN,		/* "+3", "-0" */
	VSOCK_E_OVERFLOW,	/* "4294967296" */
	VSOCK_E_NAME,		/* "HOST", "localhost" */
	VSOCK_E_PORT_EMPTY,	/* "vsock:3:" */
	VSOCK_E_PORT_LEADING,	/* "vsock:3: 1", "vsock:3:x1" */
	VSOCK_E_PORT_TRAILING,	/* "vsock:3:1x", "vsock:3:1:" */
	VSOCK_E_PORT_SIGN,	/* "vsock:3:+1", "vsock:3:-1" */
	VSOCK_E_PORT_RANGE,	/* "vsock:3:0", "vsock:3:4294967295", larger */
	VSOCK_E_PORT_MISSING,	/* "vsock:3" with VSOCK_PARSE_PORT_REQUIRED */
	VSOCK_E_PORT_UNWANTED,	/* "vsock:3:2049" without a PORT flag */
	VSOCK_E_END
};

/* "vsock:<cid>", "vsock:<cid>:<port>", or a bare CID; a CID is decimal or
 * one of any, hypervisor, local, host. 0 or -VSOCK_E_xxx; -EINVAL when
 * out is NULL. out is written only on success. */
int vsock_addr_parse(const char *s, unsigned int flags, struct vsock_addr *out);
/* A bare CID or name, no "vsock:". 0 or -VSOCK_E_xxx (-EINVAL: cid NULL). */
int vsock_cid_parse(const char *s, uint32_t *cid);
/* A short phrase for a parse error (either sign), to be embedded in a
 * one-line message: "CID has trailing characters". Never NULL. */
const char *vsock_parse_strerror(int err);

/* Decimal CID; "vsock:<cid>:<port>", or "vsock:<cid>" without a port.
 * Return the length written, -ENOSPC if buf is too small, -EINVAL. */
int vsock_cid_format(uint32_t cid, char *buf, size_t len);
int vsock_addr_format(const struct vsock_addr *a, char *buf, size_t len);
/* "any", "hypervisor", "local", "host", or NULL for any other CID. */
const char *vsock_cid_name(uint32_t cid);

/* The CID of this machine, from IOCTL_VM_SOCKETS_GET_LOCAL_CID on the
 * NV_PATH_DEV_VSOCK device. -ENOENT: no vsock module; -ENODEV: no
 * transport loaded (the kernel answered VMADDR_CID_ANY). */
int vsock_local_cid(uint32_t *cid);
/* 1 if socket(AF_VSOCK, SOCK_STREAM) works, 0 if the family is missing,
 * else -errno. Creates and closes a socket; never binds or connects. */
int vsock_family_available(void);

/* One setsockopt of the buffer-size plan below. */
struct vsock_bufop {
	int opt;		/* SO_VM_SOCKETS_BUFFER_{SIZE,MIN_SIZE,MAX_SIZE} */
	uint64_t val;
};
#define VSOCK_BUFOP_MAX 3

/* The pure half of vsock_set_buffer_size: the setsockopt calls, in order,
 * that make the buffer exactly size given the socket's current MIN and
 * MAX. Returns how many ops were written (1..VSOCK_BUFOP_MAX). */
int vsock_buffer_plan(uint64_t cur_min, uint64_t cur_max, uint64_t size,
		      struct vsock_bufop ops[VSOCK_BUFOP_MAX]);
/* Set the vsock buffer (flow-control window) of fd to size, moving MIN or
 * MAX out of the way first. 0 or -errno; size 0 is -EINVAL. */
int vsock_set_buffer_size(int fd, uint64_t size);

/*
 * Stream sockets, all SOCK_CLOEXEC. bufsize 0 keeps the kernel default
 * (256 KiB); a listener's size is inherited by the sockets it accepts.
 */
int vsock_listen(uint32_t cid, uint32_t port, int backlog, uint64_t bufsize);
/* local_port: VMADDR_PORT_ANY to let the kernel pick (> 1023), or an
 * explicit port; one below 1024 needs CAP_NET_BIND_SERVICE (-EACCES).
 * timeout_ms <= 0 keeps the kernel's connect timeout (2 s). Returns the
 * connected fd or -errno (-ENODEV: no transport reaches that CID). */
int vsock_connect(uint32_t cid, uint32_t port, uint32_t local_port,
		  uint64_t bufsize, int timeout_ms);
/* accept4 with SOCK_CLOEXEC; fills peer (may be NULL). fd or -errno. */
int vsock_accept(int lfd, struct vsock_addr *peer);

#endif
