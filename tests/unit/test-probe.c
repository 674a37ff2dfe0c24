/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-probe.c: how the kernel's answers to the vsock probes are classified. */
#define T_SUITE "probe"
#include "config.h"

#include <errno.h>

#include "probe.h"
#include "t.h"

int main(void)
{
	/* Refusals that are not the known one must never read as "relay". */
	T_INT(nv_probe_classify_client(EINVAL, ""), NV_NATIVE_UNKNOWN, "client-einval-silent");
	T_INT(nv_probe_classify_client(EINVAL, NULL), NV_NATIVE_UNKNOWN, "client-einval-null");
	T_INT(nv_probe_classify_client(EINVAL, "nfs: Unknown parameter 'proto'"),
	      NV_NATIVE_UNKNOWN, "client-einval-other-message");
	T_INT(nv_probe_classify_client(EOPNOTSUPP, "NFS: Unrecognized transport protocol"),
	      NV_NATIVE_UNKNOWN, "client-right-words-wrong-errno");
	T_INT(nv_probe_classify_client(ENOMEM, ""), NV_NATIVE_UNKNOWN, "client-enomem");
	T_INT(nv_probe_classify_client(EINVAL, "NFS: Unrecognized transport protocol"),
	      NV_NATIVE_NO, "client-stock-refusal");
	T_INT(nv_probe_classify_client(0, ""), NV_NATIVE_YES, "client-accepted");

	T_INT(nv_probe_classify_nfsd(EINVAL), NV_NATIVE_UNKNOWN, "nfsd-einval");
	T_INT(nv_probe_classify_nfsd(EPROTONOSUPPORT), NV_NATIVE_UNKNOWN, "nfsd-eprotonosupport");
	T_INT(nv_probe_classify_nfsd(ECONNREFUSED), NV_NATIVE_UNKNOWN, "nfsd-rpcbind-refused");
	T_INT(nv_probe_classify_nfsd(EBADF), NV_NATIVE_UNKNOWN, "nfsd-ebadf");
	T_INT(nv_probe_classify_nfsd(EAFNOSUPPORT), NV_NATIVE_NO, "nfsd-stock-refusal");
	T_INT(nv_probe_classify_nfsd(0), NV_NATIVE_YES, "nfsd-accepted");

	T_STR(nv_native_name(NV_NATIVE_YES), "native", "name-yes");
	T_STR(nv_native_name(NV_NATIVE_NO), "relay", "name-no");
	T_STR(nv_native_name(NV_NATIVE_UNKNOWN), "unknown", "name-unknown");
	T_STR(nv_native_name((enum nv_native)42), "unknown", "name-out-of-range");
	return T_DONE();
}
