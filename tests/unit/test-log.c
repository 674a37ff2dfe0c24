/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-log.c: debug category parsing and the stderr message format. */
#define T_SUITE "log"
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "t.h"

/* Capture what one log call writes to stderr. */
static void capture(char *out, size_t len, void (*fn)(void))
{
	int fds[2], saved = dup(2);
	ssize_t n;

	if (pipe(fds) < 0 || saved < 0) {
		out[0] = '\0';
		return;
	}
	dup2(fds[1], 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fds[1]);
	n = read(fds[0], out, len - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fds[0]);
}

static void say_warnx(void) { log_warnx("%s: bad thing", "2:/export"); }
static void say_warn(void) { errno = ENOENT; log_warn("open %s", "/x"); }
static void say_debug_off(void) { log_debug(LOGC_RELAY, "hidden"); }
static void say_debug_on(void) { log_debug(LOGC_CONF, "shown %d", 1); }

int main(void)
{
	unsigned int mask = 0;
	char out[256];

	log_init("/sbin/mount.nfs", LOG_DEST_STDERR);
	T_STR(log_progname(), "mount.nfs", "progname-basename");

	T_INT(log_parse_debug("conf,vsock", &mask), 0, "parse-two");
	T_INT(mask, LOGC_CONF | LOGC_VSOCK, "parse-two-mask");
	T_INT(log_parse_debug("conf,bogus", &mask), -EINVAL, "parse-unknown");
	T_INT(mask, LOGC_CONF | LOGC_VSOCK, "parse-unknown-keeps-mask");
	mask = 0;
	T_INT(log_parse_debug("all", &mask), 0, "parse-all");
	T_INT(mask, LOGC_ALL, "parse-all-mask");
	mask = 0;
	T_INT(log_parse_debug("", &mask), 0, "parse-empty");
	T_INT(mask, 0, "parse-empty-mask");

	capture(out, sizeof(out), say_warnx);
	T_STR(out, "mount.nfs: 2:/export: bad thing\n", "warnx-format");
	capture(out, sizeof(out), say_warn);
	T_STR(out, "mount.nfs: open /x: No such file or directory\n", "warn-format");

	log_set_debug(LOGC_CONF);
	capture(out, sizeof(out), say_debug_off);
	T_STR(out, "", "debug-filtered");
	capture(out, sizeof(out), say_debug_on);
	T_STR(out, "mount.nfs: shown 1\n", "debug-shown");

	setenv("NFSVSOCK_DEBUG", "relay", 1);
	log_debug_from_env();
	T_OK(log_debug_enabled(LOGC_RELAY) && log_debug_enabled(LOGC_CONF), "debug-env-adds");
	return T_DONE();
}
