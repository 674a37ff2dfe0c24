/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loop.c: rpc.mountd's event loop over the cache channels, and the stdin test mode. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mountd.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void open_channels(struct mountd_ctx *c)
{
	char path[4200];

	for (int ch = 0; ch < CHAN_COUNT; ch++) {
		/* Opening auth.unix.gid makes the kernel wait for answers: only
		 * with --manage-gids (section 2 of the kernel notes). */
		if (c->fd[ch] >= 0 || (ch == CHAN_GID && !c->manage_gids))
			continue;
		snprintf(path, sizeof(path), "%s/%s/channel", c->cachedir, mountd_chan_name(ch));
		c->fd[ch] = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (c->fd[ch] >= 0)
			log_debug(LOGC_CACHE, "listening on %s", path);
	}
}

static void reply_write(struct mountd_ctx *c, int ch, const char *req, char *reply, int n)
{
	if (write(c->fd[ch], reply, (size_t)n) == n)
		return;
	/* The kernel parses the reply in write(): ENOENT (no domain), EINVAL,
	 * or a path error. Say so, and answer "no" so the client is not left
	 * waiting for an answer that will never come. */
	log_warn("%s: the kernel refused the reply '%.*s'", mountd_chan_name(ch), n - 1, reply);
	n = mountd_negative(c, ch, req, reply, MOUNTD_REPLY_MAX);
	if (n > 0 && write(c->fd[ch], reply, (size_t)n) != n)
		log_warn("%s: the kernel refused the negative reply too", mountd_chan_name(ch));
}

static void serve_one(struct mountd_ctx *c, int ch)
{
	char req[MOUNTD_REQ_MAX + 1], reply[MOUNTD_REPLY_MAX];
	ssize_t r = read(c->fd[ch], req, MOUNTD_REQ_MAX);
	int n;

	if (r <= 0)
		return;
	req[r] = '\0';
	/* Check size, termination and content before trusting a byte of it. */
	if (req[r - 1] != '\n' || strlen(req) != (size_t)r) {
		log_warnx("%s: request of %zd bytes is unterminated or has a NUL; ignored",
			  mountd_chan_name(ch), r);
		return;
	}
	req[r - 1] = '\0';
	n = mountd_answer(c, (enum mountd_chan)ch, req, reply, sizeof(reply));
	if (n > 0)
		reply_write(c, ch, req, reply, n);
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* The table reloads by itself when etab changes; a HUP needs no action. */
	sigaction(SIGHUP, &sa, NULL);
}

int mountd_run(struct mountd_ctx *c)
{
	struct pollfd pfd[CHAN_COUNT];
	int nfd, idx[CHAN_COUNT];

	install_signals();
	mountd_table_refresh(c);
	while (!stop_requested) {
		/* nfsd.export and nfsd.fh appear when nfsd is loaded: look again. */
		open_channels(c);
		nfd = 0;
		for (int ch = 0; ch < CHAN_COUNT; ch++) {
			if (c->fd[ch] < 0)
				continue;
			pfd[nfd] = (struct pollfd){ .fd = c->fd[ch], .events = POLLIN };
			idx[nfd++] = ch;
		}
		if (poll(pfd, (nfds_t)nfd, 1000) < 0 && errno != EINTR)
			return -errno;
		for (int k = 0; k < nfd; k++)
			if (pfd[k].revents & (POLLIN | POLLERR))
				serve_one(c, idx[k]);
	}
	log_info("stopping on signal");
	return 0;
}

int mountd_run_stdin(struct mountd_ctx *c, enum mountd_chan ch)
{
	char line[MOUNTD_REQ_MAX + 2], reply[MOUNTD_REPLY_MAX];
	int n;

	while (fgets(line, sizeof(line), stdin)) {
		size_t l = strlen(line);

		if (!l || line[l - 1] != '\n') {
			log_warnx("%s: request unterminated or over %d bytes; ignored",
				  mountd_chan_name(ch), MOUNTD_REQ_MAX);
			continue;
		}
		line[l - 1] = '\0';
		n = mountd_answer(c, ch, line, reply, sizeof(reply));
		if (n > 0)
			fwrite(reply, 1, (size_t)n, stdout);
		else
			fputs("(no reply)\n", stdout);
		fflush(stdout);
	}
	return 0;
}
