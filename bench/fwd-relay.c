/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fwd-relay.c: a minimal loopback TCP relay on libfwd, for bench/relay-bench. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fwd.h"

/*
 * Stands in for nfsvsockd in the benchmark: same engine, same event loop,
 * TCP on both sides. The daemon's guest and host roles put AF_VSOCK on one
 * side, which this machine must not use.
 */
static volatile sig_atomic_t stop;

struct relay {
	struct ev_loop *loop;
	struct fwd *fwd;
	struct sockaddr_in target;
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* A blocking connect is fine here: the target is a listener on loopback. */
static void on_accept(struct ev_loop *loop, int lfd, uint32_t events, void *arg)
{
	struct relay *r = arg;
	int c, s;

	while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&r->target, sizeof(r->target)) < 0) {
			fprintf(stderr, "fwd-relay: connect: %s\n", strerror(errno));
			close(c);
			if (s >= 0)
				close(s);
			continue;
		}
		if (fwd_add(r->fwd, c, s, NULL) < 0)
			fprintf(stderr, "fwd-relay: fwd_add failed\n");
	}
}

static int listen_on(int port)
{
	struct sockaddr_in sin = loopback(port);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 4096) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void setup_process(int splice)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct rlimit rl;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* The engine's copy mode sends with MSG_NOSIGNAL; splice cannot. */
	if (splice)
		signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void usage(void)
{
	fputs("usage: fwd-relay [-b BUFSIZE] [-m copy|splice] [-n] [-s SPIN_US] LISTEN_PORT TARGET_PORT\n"
	      "  relays 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT\n"
	      "  -n: no TCP_NODELAY; -s: poll for SPIN_US microseconds before sleeping\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct relay r = { 0 };
	size_t bufsize = 0;
	int opt, splice = 0, nodelay = 1, lfd, spin_us = 0;

	while ((opt = getopt(argc, argv, "b:m:ns:")) != -1) {
		if (opt == 's')
			spin_us = atoi(optarg);
		else if (opt == 'b')
			bufsize = strtoul(optarg, NULL, 0);
		else if (opt == 'm' && (!strcmp(optarg, "copy") || !strcmp(optarg, "splice")))
			splice = !strcmp(optarg, "splice");
		else if (opt == 'n')
			nodelay = 0;
		else
			usage();
	}
	if (argc - optind != 2)
		usage();
	setup_process(splice);
	r.target = loopback(atoi(argv[optind + 1]));
	lfd = listen_on(atoi(argv[optind]));
	if (lfd < 0 || ev_loop_new(&r.loop) < 0 || fwd_new(&r.fwd, r.loop, bufsize) < 0 ||
	    fwd_set_mode(r.fwd, splice ? FWD_MODE_SPLICE : FWD_MODE_COPY) < 0 ||
	    ev_add(r.loop, lfd, EPOLLIN, on_accept, &r) < 0) {
		fprintf(stderr, "fwd-relay: setup: %s\n", strerror(errno));
		return 1;
	}
	fwd_set_nodelay(r.fwd, nodelay);
	while (!stop)
		if (ev_run_spin(r.loop, 1000, (unsigned int)spin_us) < 0)
			break;
	fwd_free(r.fwd);
	ev_loop_free(r.loop);
	close(lfd);
	return 0;
}
