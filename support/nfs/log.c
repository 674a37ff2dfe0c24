/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.c: stderr or syslog output with debug categories, shared by all programs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

/* Log state is one of the two kinds of globals the style allows. */
static const char *log_name = "nfs-vsock";
static enum log_dest log_where = LOG_DEST_STDERR;
static unsigned int log_mask;

static const struct {
	const char *name;
	unsigned int bit;
} log_cats[] = {
	{ "general", LOGC_GENERAL }, { "conf", LOGC_CONF },
	{ "vsock", LOGC_VSOCK },     { "relay", LOGC_RELAY },
	{ "mount", LOGC_MOUNT },     { "cache", LOGC_CACHE },
	{ "nfsd", LOGC_NFSD },       { "exports", LOGC_EXPORTS },
	{ "all", LOGC_ALL },
};

void log_init(const char *progname, enum log_dest dest)
{
	const char *slash = progname ? strrchr(progname, '/') : NULL;

	if (progname)
		log_name = slash ? slash + 1 : progname;
	log_set_dest(dest);
}

void log_set_dest(enum log_dest dest)
{
	if (dest == LOG_DEST_SYSLOG && log_where != LOG_DEST_SYSLOG)
		openlog(log_name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_where = dest;
}

const char *log_progname(void)
{
	return log_name;
}

static int log_cat_bit(const char *name, size_t len, unsigned int *bit)
{
	for (size_t i = 0; i < sizeof(log_cats) / sizeof(log_cats[0]); i++) {
		if (strlen(log_cats[i].name) == len &&
		    strncmp(log_cats[i].name, name, len) == 0) {
			*bit = log_cats[i].bit;
			return 0;
		}
	}
	return -EINVAL;
}

int log_parse_debug(const char *spec, unsigned int *mask)
{
	unsigned int acc = 0;

	while (*spec) {
		size_t len = strcspn(spec, ",");
		unsigned int bit;

		if (len && log_cat_bit(spec, len, &bit) < 0)
			return -EINVAL;
		if (len)
			acc |= bit;
		spec += len;
		if (*spec == ',')
			spec++;
	}
	*mask |= acc;
	return 0;
}

void log_set_debug(unsigned int mask)
{
	log_mask = mask;
}

int log_debug_enabled(enum log_cat cat)
{
	return (log_mask & cat) != 0;
}

void log_debug_from_env(void)
{
	const char *env = getenv("NFSVSOCK_DEBUG");
	unsigned int mask = log_mask;

	if (env && log_parse_debug(env, &mask) == 0)
		log_mask = mask;
}

static void log_emit(int prio, const char *fmt, va_list ap, const char *suffix)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_where == LOG_DEST_SYSLOG) {
		if (suffix)
			syslog(prio, "%s: %s", msg, suffix);
		else
			syslog(prio, "%s", msg);
		return;
	}
	if (suffix)
		fprintf(stderr, "%s: %s: %s\n", log_name, msg, suffix);
	else
		fprintf(stderr, "%s: %s\n", log_name, msg);
}

void log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void log_debug(enum log_cat cat, const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_enabled(cat))
		return;
	va_start(ap, fmt);
	log_emit(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void fatal(int eval, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_ERR, fmt, ap, strerror(saved));
	va_end(ap);
	exit(eval);
}

void fatalx(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_ERR, fmt, ap, NULL);
	va_end(ap);
	exit(eval);
}
