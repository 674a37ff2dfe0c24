/* SPDX-License-Identifier: GPL-2.0-or-later */
/* floor-relay.c: the simplest possible relay, a lower bound for relay-bench. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * Two threads per connection, each a blocking read/write loop: no event
 * loop, no bookkeeping, the fewest system calls a user-space relay can make
 * per message (one read, one write). Not a design to ship (two threads and
 * two stacks per connection, no way to shut down cleanly): it exists so the
 * benchmark can show how much of a relay's cost is the hop itself.
 */
#define FLOOR_BUF (256 * 1024)

/* One connection; the second of its two threads to finish closes it. */
struct conn {
	int fd[2];
	int refs;
};

struct dir {
	struct conn *c;
	int from, to;
};

static void *pump(void *arg)
{
	struct dir *d = arg;
	char *buf = malloc(FLOOR_BUF);
	ssize_t n;

	while (buf && (n = read(d->from, buf, FLOOR_BUF)) > 0)
		if (send(d->to, buf, (size_t)n, MSG_NOSIGNAL) != n)
			break;
	shutdown(d->to, SHUT_WR);
	if (__atomic_sub_fetch(&d->c->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		close(d->c->fd[0]);
		close(d->c->fd[1]);
		free(d->c);
	}
	free(buf);
	free(d);
	return NULL;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static void start_pumps(pthread_attr_t *attr, int a, int b)
{
	struct conn *c = malloc(sizeof(*c));
	struct dir *d[2] = { malloc(sizeof(struct dir)), malloc(sizeof(struct dir)) };
	pthread_t t;
	int i;

	if (!c || !d[0] || !d[1]) {
		close(a);
		close(b);
		free(c);
		free(d[0]);
		free(d[1]);
		return;
	}
	c->fd[0] = a;
	c->fd[1] = b;
	c->refs = 2;
	for (i = 0; i < 2; i++) {
		d[i]->c = c;
		d[i]->from = c->fd[i];
		d[i]->to = c->fd[!i];
		if (pthread_create(&t, attr, pump, d[i]) == 0)
			continue;
		/* A thread that did not start counts as one that finished. */
		free(d[i]);
		if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) == 0) {
			close(a);
			close(b);
			free(c);
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin, target;
	pthread_attr_t attr;
	int l, c, s, one = 1;

	if (argc != 3) {
		fputs("usage: floor-relay LISTEN_PORT TARGET_PORT\n", stderr);
		return 2;
	}
	sin = loopback(atoi(argv[1]));
	target = loopback(atoi(argv[2]));
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l < 0 || bind(l, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(l, 4096) < 0) {
		perror("floor-relay: listen");
		return 1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	while ((c = accept(l, NULL, NULL)) >= 0) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&target, sizeof(target)) < 0) {
			close(c);
			close(s);
			continue;
		}
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		start_pumps(&attr, c, s);
	}
	return 0;
}
