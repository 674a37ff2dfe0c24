# SPDX-License-Identifier: GPL-2.0-or-later
# support/vsock: AF_VSOCK addresses, local CID, sockets, transport probes, CID mapping.
noinst_LIBRARIES += support/vsock/libvsock.a
support_vsock_libvsock_a_SOURCES =
support_vsock_libvsock_a_SOURCES += support/vsock/probe.c
