# SPDX-License-Identifier: GPL-2.0-or-later
# utils/mountd: rpc.mountd, the kernel's export cache upcalls answered from etab.
sbin_PROGRAMS += utils/mountd/rpc.mountd
utils_mountd_rpc_mountd_SOURCES = utils/mountd/main.c utils/mountd/loop.c \
	utils/mountd/cache.c utils/mountd/table.c utils/mountd/mountd.h
utils_mountd_rpc_mountd_LDADD = $(EXPORT_LIBS)
dist_man_MANS += man/rpc.mountd.8
# The upcall benchmark (bench/exports-bench) links mountd's answering code as is.
noinst_PROGRAMS += bench/exports-bench-upcall
bench_exports_bench_upcall_SOURCES = bench/exports-bench-upcall.c utils/mountd/cache.c \
	utils/mountd/table.c utils/mountd/mountd.h
bench_exports_bench_upcall_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/mountd
bench_exports_bench_upcall_LDADD = $(EXPORT_LIBS)
