/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-paths.c: relocation of system paths through the environment. */
#define T_SUITE "paths"
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "paths.h"
#include "t.h"

int main(void)
{
	char buf[256], tiny[8];

	unsetenv("NFSVSOCK_ROOT");
	unsetenv("NFSVSOCK_PATH_NFSD_FS");
	T_INT(nv_path_get(NV_PATH_COUNT, buf, sizeof(buf)), -EINVAL, "bad-id");
	T_INT(nv_path_get(NV_PATH_NFSD_FS, buf, sizeof(buf)), 0, "default-rc");
	T_STR(buf, "/proc/fs/nfsd", "default");
	T_INT(nv_path_get(NV_PATH_NFSD_FS, tiny, sizeof(tiny)), -ENAMETOOLONG, "too-long");

	setenv("NFSVSOCK_ROOT", "/tmp/fake", 1);
	nv_path_get(NV_PATH_EXPORTS, buf, sizeof(buf));
	T_STR(buf, "/tmp/fake/etc/exports", "root-prefix");

	setenv("NFSVSOCK_PATH_EXPORTS", "/x/exports", 1);
	nv_path_get(NV_PATH_EXPORTS, buf, sizeof(buf));
	T_STR(buf, "/x/exports", "exact-beats-root");

	T_INT(nv_path_join(NV_PATH_NFSD_FS, "/portlist", buf, sizeof(buf)), 0, "join-rc");
	T_STR(buf, "/tmp/fake/proc/fs/nfsd/portlist", "join");
	T_INT(nv_path_join(NV_PATH_NFSD_FS, "portlist", tiny, sizeof(tiny)), -ENAMETOOLONG,
	      "join-too-long");
	T_STR(nv_path_name(NV_PATH_RPC_CACHE), "RPC_CACHE", "name");
	return T_DONE();
}
