# SPDX-License-Identifier: GPL-2.0-or-later
# utils/probe: nfsvsock-probe, reports whether this kernel carries NFS over vsock natively.
