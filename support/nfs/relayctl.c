/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relayctl.c: the nfsvsockd control protocol: request parser and client calls. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "relayctl.h"

#define CID_MAX  0xFFFFFFFEu	/* VMADDR_CID_ANY is no endpoint */
#define PORT_MAX 0xFFFFFFFEu	/* VMADDR_PORT_ANY neither */

/* A decimal u32 in [min, max] from exactly the bytes [s, e). */
static int parse_u32(const char *s, const char *e, uint32_t min, uint32_t max,
		     uint32_t *out)
{
	unsigned long long v = 0;

	if (s == e || e - s > 10)
		return -EINVAL;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

static const struct {
	const char *name;
	enum relayctl_verb verb;
	int nargs;
} verbs[] = {
	{ "ACQUIRE", RELAYCTL_ACQUIRE, 2 },
	{ "RELEASE", RELAYCTL_RELEASE, 2 },
	{ "STATUS", RELAYCTL_STATUS, 0 },
	{ "PING", RELAYCTL_PING, 0 },
};

/* Split [line, line+len) at single spaces into at most max words. */
static int split_words(const char *line, size_t len, const char *w[][2], int max)
{
	const char *p = line, *end = line + len;
	int n = 0;

	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *we = sp ? sp : end;

		if (we == p || n == max)
			return -EINVAL;	/* double, leading, trailing space; too many */
		w[n][0] = p;
		w[n][1] = we;
		n++;
		p = sp ? sp + 1 : end;
		if (sp && p == end)
			return -EINVAL;
	}
	return n;
}

static int parse_args(const char *w[][2], struct relayctl_req *req, const char **why)
{
	int rc = parse_u32(w[1][0], w[1][1], 0, CID_MAX, &req->cid);

	if (rc < 0) {
		*why = rc == -ERANGE ? "CID out of range 0..4294967294" : "CID is not a decimal number";
		return -EINVAL;
	}
	rc = parse_u32(w[2][0], w[2][1], 1, PORT_MAX, &req->port);
	if (rc < 0) {
		*why = rc == -ERANGE ? "port out of range 1..4294967294" : "port is not a decimal number";
		return -EINVAL;
	}
	return 0;
}

int relayctl_parse_request(const char *line, size_t len, struct relayctl_req *req,
			   const char **why)
{
	const char *w[4][2];
	int n;

	*why = "bad request";
	if (len > RELAYCTL_LINE_MAX) {
		*why = "request longer than 256 bytes";
		return -EMSGSIZE;
	}
	if (memchr(line, '\0', len) || memchr(line, '\r', len)) {
		*why = "request holds a NUL or CR byte";
		return -EINVAL;
	}
	n = split_words(line, len, w, 4);
	if (n <= 0) {
		*why = n == 0 ? "empty request" : "words must be separated by one space";
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		size_t vl = strlen(verbs[i].name);

		if ((size_t)(w[0][1] - w[0][0]) != vl || memcmp(w[0][0], verbs[i].name, vl))
			continue;
		if (n - 1 != verbs[i].nargs) {
			*why = verbs[i].nargs ? "expected <cid> <port>" : "expected no arguments";
			return -EINVAL;
		}
		req->verb = verbs[i].verb;
		return verbs[i].nargs ? parse_args(w, req, why) : 0;
	}
	*why = "unknown request; expected ACQUIRE, RELEASE, STATUS or PING";
	return -EINVAL;
}

int relayctl_format_request(const struct relayctl_req *req, char *buf, size_t len)
{
	int n;

	switch (req->verb) {
	case RELAYCTL_ACQUIRE:
	case RELAYCTL_RELEASE:
		n = snprintf(buf, len, "%s %u %u\n", req->verb == RELAYCTL_ACQUIRE ?
			     "ACQUIRE" : "RELEASE", req->cid, req->port);
		break;
	case RELAYCTL_STATUS:
		n = snprintf(buf, len, "STATUS\n");
		break;
	case RELAYCTL_PING:
		n = snprintf(buf, len, "PING\n");
		break;
	default:
		return -EINVAL;
	}
	return n < 0 ? -EINVAL : (size_t)n >= len ? -ENOSPC : n;
}

const char *relayctl_errname(int err, char *buf, size_t len)
{
	const char *name;

	if (err < 0)
		err = -err;
	name = strerrorname_np(err);
	if (name)
		return name;
	snprintf(buf, len, "E%d", err);
	return buf;
}

static int errno_by_name(const char *name, size_t len)
{
	char tmp[32];

	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);

		if (n && strlen(n) == len && memcmp(n, name, len) == 0)
			return e;
	}
	if (len > 1 && len < sizeof(tmp) && name[0] == 'E') {
		memcpy(tmp, name + 1, len - 1);
		tmp[len - 1] = '\0';
		int v = atoi(tmp);
		if (v > 0)
			return v;
	}
	return EIO;
}

int relayctl_reply_errno(const char *line)
{
	const char *name, *sp;

	if (strncmp(line, "ERR ", 4) != 0)
		return 0;
	name = line + 4;
	sp = strchr(name, ' ');
	return errno_by_name(name, sp ? (size_t)(sp - name) : strlen(name));
}

/* ---- client side ---- */

struct ctl_conn {
	int fd;
	struct timespec deadline;
	char buf[4096];
	size_t have;
};

static int ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000LL +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 3600000 ? 3600000 : (int)ms;
}

static int wait_fd(struct ctl_conn *c, short events)
{
	struct pollfd p = { .fd = c->fd, .events = events };
	int rc;

	do {
		rc = poll(&p, 1, ms_left(&c->deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	return rc == 0 ? -ETIMEDOUT : 0;
}

/* A non-blocking connect, so a daemon with a full backlog cannot hang us. */
static int conn_open(struct ctl_conn *c, const char *path, int timeout_ms)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int rc;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	clock_gettime(CLOCK_MONOTONIC, &c->deadline);
	c->deadline.tv_sec += timeout_ms / 1000;
	c->deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (c->deadline.tv_nsec >= 1000000000L) {
		c->deadline.tv_sec++;
		c->deadline.tv_nsec -= 1000000000L;
	}
	c->have = 0;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return 0;
	rc = errno == EAGAIN ? -ETIMEDOUT : -errno;	/* AF_UNIX: backlog full */
	close(c->fd);
	c->fd = -1;
	return rc;
}

static int conn_send(struct ctl_conn *c, const char *s, size_t len)
{
	while (len) {
		ssize_t n = send(c->fd, s, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EAGAIN) {
			int rc = wait_fd(c, POLLOUT);
			if (rc < 0)
				return rc;
			continue;
		}
		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The next line, NUL-terminated in out without its newline. */
static int conn_line(struct ctl_conn *c, char *out, size_t outlen)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->have);
		ssize_t n;

		if (nl) {
			size_t l = (size_t)(nl - c->buf);
			if (l >= outlen)
				return -EPROTO;
			memcpy(out, c->buf, l);
			out[l] = '\0';
			memmove(c->buf, nl + 1, c->have - l - 1);
			c->have -= l + 1;
			return 0;
		}
		if (c->have == sizeof(c->buf))
			return -EPROTO;
		n = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);
		if (n == 0)
			return -EPROTO;
		if (n < 0 && errno == EAGAIN) {
			int rc = wait_fd(c, POLLIN);
			if (rc < 0)
				return rc;
			continue;
		}
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			c->have += (size_t)n;
	}
}

/* Send req and read the first answer line into line. */
static int transact(struct ctl_conn *c, const char *path, int timeout_ms,
		    const struct relayctl_req *req, char *line, size_t linelen,
		    char *errtext, size_t errlen)
{
	char out[RELAYCTL_LINE_MAX + 2];
	int len, rc, err;

	c->fd = -1;
	len = relayctl_format_request(req, out, sizeof(out));
	if (len < 0)
		return len;
	rc = conn_open(c, path, timeout_ms);
	if (rc < 0)
		return rc;
	rc = conn_send(c, out, (size_t)len);
	if (rc == 0)
		rc = conn_line(c, line, linelen);
	if (rc == 0 && (err = relayctl_reply_errno(line)) != 0) {
		const char *text = strchr(line + 4, ' ');
		if (errtext && errlen)
			snprintf(errtext, errlen, "%s", text ? text + 1 : "");
		rc = -err;
	}
	if (rc < 0) {
		close(c->fd);
		c->fd = -1;
	}
	return rc;
}

int relayctl_acquire(const char *path, uint32_t cid, uint32_t port, int timeout_ms,
		     uint16_t *tcp_port, char *errtext, size_t errlen)
{
	struct relayctl_req req = { RELAYCTL_ACQUIRE, cid, port };
	struct ctl_conn c;
	char line[RELAYCTL_LINE_MAX + 1];
	uint32_t p;
	int rc;

	rc = transact(&c, path, timeout_ms, &req, line, sizeof(line), errtext, errlen);
	if (rc < 0)
		return rc;
	close(c.fd);
	if (strncmp(line, "OK ", 3) != 0 ||
	    parse_u32(line + 3, line + strlen(line), 1, 65535, &p) < 0)
		return -EPROTO;
	*tcp_port = (uint16_t)p;
	return 0;
}

int relayctl_release(const char *path, uint32_t cid, uint32_t port, int timeout_ms,
		     char *errtext, size_t errlen)
{
	struct relayctl_req req = { RELAYCTL_RELEASE, cid, port };
	struct ctl_conn c;
	char line[RELAYCTL_LINE_MAX + 1];
	int rc;

	rc = transact(&c, path, timeout_ms, &req, line, sizeof(line), errtext, errlen);
	if (rc < 0)
		return rc;
	close(c.fd);
	return strcmp(line, "OK") == 0 ? 0 : -EPROTO;
}

int relayctl_status(const char *path, int timeout_ms,
		    int (*cb)(const char *text, void *arg), void *arg,
		    char *errtext, size_t errlen)
{
	struct relayctl_req req = { .verb = RELAYCTL_STATUS };
	struct ctl_conn c;
	char line[1024];
	int rc;

	rc = transact(&c, path, timeout_ms, &req, line, sizeof(line), errtext, errlen);
	while (rc == 0 && strcmp(line, "END") != 0) {
		rc = cb(line, arg);
		if (rc == 0)
			rc = conn_line(&c, line, sizeof(line));
	}
	if (c.fd >= 0)
		close(c.fd);
	return rc;
}
