/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe.h: does this kernel carry NFS over AF_VSOCK itself? Precise probes. */
#ifndef NV_PROBE_H
#define NV_PROBE_H

/*
 * No released kernel has an RPC transport for AF_VSOCK, so every program
 * tries the native path and must recognise the kernel's refusal exactly
 * (an errno, and for the client the kernel's own message), never by
 * guessing. UNKNOWN means the kernel answered something else: callers fall
 * back to the relay and say why, quoting err and kmsg.
 */
enum nv_native {
	NV_NATIVE_UNKNOWN = 0,
	NV_NATIVE_YES,		/* the kernel accepted vsock */
	NV_NATIVE_NO,		/* the kernel refused vsock in the known way */
};

struct nv_probe {
	enum nv_native verdict;
	int err;		/* positive errno the kernel gave; 0 if it accepted */
	char kmsg[256];		/* the kernel's own message, or "" */
};

/*
 * NFS client: open an "nfs" filesystem context with fsopen(2) and set
 * proto=vsock with fsconfig(2). A stock kernel rejects it at once with
 * EINVAL and logs "NFS: Unrecognized transport protocol" into the context,
 * which this reads back. Nothing is mounted. Returns 0 when the probe ran
 * (see p->verdict), or a negative errno when it could not: -ENODEV (no NFS
 * client in the kernel), -EPERM (needs CAP_SYS_ADMIN), -ENOSYS (no fsopen).
 */
int nv_probe_nfs_client(struct nv_probe *p);

/*
 * nfsd: hand a bound, listening AF_VSOCK socket to nfsd through portlist.
 * A stock kernel refuses it with EAFNOSUPPORT (svc_addsock accepts only
 * PF_INET and PF_INET6) and, with no threads running, tears the service
 * down again. A kernel with a vsock transport keeps the listener: this is
 * the real hand-over, not a dry run. Returns 0 when the write reached the
 * kernel (see p->verdict), or a negative errno when portlist could not be
 * opened (-ENOENT: the nfsd filesystem is not mounted).
 */
int nv_probe_nfsd_listener(int vsock_fd, struct nv_probe *p);

/* The classification rules, exposed so they are unit-tested. */
enum nv_native nv_probe_classify_client(int err, const char *kmsg);
enum nv_native nv_probe_classify_nfsd(int err);
const char *nv_native_name(enum nv_native v);

#endif
