/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conflog.h: show nfs.conf diagnostics through the one logging API. */
#ifndef NV_CONFLOG_H
#define NV_CONFLOG_H

#include "conf.h"

/*
 * Programs, not the library, decide to print; this is the one way they
 * all do it: errors as warnings, warnings as information, each as
 * "FILE:LINE: message". Returns -1 when any error was found, else 0.
 */
int conf_log_diags(const struct conf *cf);

#endif
