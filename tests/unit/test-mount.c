// SPDX-License-Identifier: GPL-2.0-or-later
/* test-mount.c: mount.nfs's pure parts: device splitting and option strings (more in tests/integration/mount-fake.sh). */
#define T_SUITE "mount"
#include "t.h"
#include "mount.h"

int main(void)
{
	struct nm_dev d;

	T_OK(nm_device_split("2:/export", &d) == NULL && !strcmp(d.host, "2") &&
	     !strcmp(d.path, "/export"), "split-cid");
	T_OK(nm_device_split("[fd00::1]:/a", &d) == NULL && !strcmp(d.host, "fd00::1") &&
	     d.bracketed, "split-v6");
	T_OK(nm_device_split("srv:/a:b", &d) == NULL && !strcmp(d.path, "/a:b"), "split-first-colon");
	T_OK(nm_device_split("nocolon", &d) != NULL, "split-no-colon");
	T_OK(nm_device_split(":/x", &d) != NULL, "split-no-host");
	T_OK(nm_device_split("h:", &d) != NULL, "split-no-path");
	T_OK(nm_device_split("[fd00::1]/a", &d) != NULL, "split-v6-no-colon");
	T_OK(nm_device_split("nfs://h/x", &d) != NULL, "split-url");
	return t_failed ? 1 : 0;
}
