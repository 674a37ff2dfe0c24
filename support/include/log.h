/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h: the one logging API every program of the toolset uses. */
#ifndef NV_LOG_H
#define NV_LOG_H

#include <stdarg.h>

/* Where messages go. AUTO picks stderr when stderr is a terminal or a pipe
 * a person reads, syslog when the program has become a daemon. */
enum log_dest {
	LOG_DEST_STDERR,
	LOG_DEST_SYSLOG,
};

/* Debug categories, switched on with -d CAT[,CAT] or NFSVSOCK_DEBUG. */
enum log_cat {
	LOGC_GENERAL = 1u << 0,
	LOGC_CONF    = 1u << 1,
	LOGC_VSOCK   = 1u << 2,
	LOGC_RELAY   = 1u << 3,
	LOGC_MOUNT   = 1u << 4,
	LOGC_CACHE   = 1u << 5,
	LOGC_NFSD    = 1u << 6,
	LOGC_EXPORTS = 1u << 7,
	LOGC_ALL     = 0xffffu,
};

void log_init(const char *progname, enum log_dest dest);
void log_set_dest(enum log_dest dest);
const char *log_progname(void);
/* Parse "conf,vsock" or "all"; returns 0, or -EINVAL naming nothing (the
 * caller prints the offending text). Adds to the categories already on. */
int log_parse_debug(const char *spec, unsigned int *mask);
void log_set_debug(unsigned int mask);
int log_debug_enabled(enum log_cat cat);
/* Categories from NFSVSOCK_DEBUG, if set; bad names are ignored there. */
void log_debug_from_env(void);

/* warn: appends ": strerror(errno)"; warnx: the message alone. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(enum log_cat cat, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print and exit(eval). Programs only; support/ never calls these. */
void fatal(int eval, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
void fatalx(int eval, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
