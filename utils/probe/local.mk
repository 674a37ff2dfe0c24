# SPDX-License-Identifier: GPL-2.0-or-later
# utils/probe: nfsvsock-probe, reports whether this kernel carries NFS over vsock natively.
sbin_PROGRAMS += utils/probe/nfsvsock-probe
utils_probe_nfsvsock_probe_SOURCES = utils/probe/main.c utils/probe/report.c utils/probe/probectx.h
utils_probe_nfsvsock_probe_LDADD = support/vsock/libvsock.a support/nfs/libnfs.a
dist_man_MANS += man/nfsvsock-probe.8
