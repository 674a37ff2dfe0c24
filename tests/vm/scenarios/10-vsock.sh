#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 10-vsock.sh: support/vsock (addresses, local CID, sockets, buffers) on the guest's real kernel.
# shellcheck disable=SC1091
. /scenarios/lib.sh

# vsock-guest-test assumes vsock_loopback is the only transport (local CID 1);
# say so by name if the boot did not load it, rather than fail obscurely.
t_check vsock-loopback-loaded grep -q '^vsock_loopback ' /proc/modules
t_lines vsock-guest-test
