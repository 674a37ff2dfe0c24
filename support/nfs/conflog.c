/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conflog.c: the programs' shared report of nfs.conf diagnostics. */
#include "config.h"

#include "conflog.h"
#include "log.h"

int conf_log_diags(const struct conf *cf)
{
	char line[512];

	for (size_t i = 0; i < conf_ndiags(cf); i++) {
		const struct conf_diag *dg = conf_diag(cf, i);

		conf_diag_format(dg, line, sizeof(line));
		if (dg->severity == CONF_ERROR)
			log_warnx("%s", line);
		else
			log_info("%s", line);
	}
	return conf_nerrors(cf) ? -1 : 0;
}
