# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz: one libFuzzer target per parser; without --enable-fuzzing each is a replay program for the test suite.
FUZZ_TARGETS = fuzz/fuzz-vsockaddr fuzz/fuzz-confline fuzz/fuzz-confload fuzz/fuzz-relayctl \
	fuzz/fuzz-exports fuzz/fuzz-cachereq fuzz/fuzz-mountopts
noinst_PROGRAMS += $(FUZZ_TARGETS)
if FUZZING
# libFuzzer brings main(); only the targets link it, the libraries carry
# fuzzer-no-link instrumentation from NV_CFLAGS.
FUZZ_MAIN =
FUZZ_LINK = -fsanitize=fuzzer
else
# The same targets with a main that replays saved inputs, one child each.
noinst_LIBRARIES += fuzz/libreplay.a
fuzz_libreplay_a_SOURCES = fuzz/replay.c
FUZZ_MAIN = fuzz/libreplay.a
FUZZ_LINK =
endif
FUZZ_LINKFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

fuzz_fuzz_vsockaddr_SOURCES = fuzz/fuzz-vsockaddr.c fuzz/fuzz.h
fuzz_fuzz_vsockaddr_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_vsockaddr_LDADD = $(FUZZ_MAIN) support/vsock/libvsock.a support/nfs/libnfs.a

fuzz_fuzz_confline_SOURCES = fuzz/fuzz-confline.c fuzz/fuzz.h
fuzz_fuzz_confline_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_confline_LDADD = $(FUZZ_MAIN) support/nfs/libnfs.a

fuzz_fuzz_confload_SOURCES = fuzz/fuzz-confload.c fuzz/fuzz.h
fuzz_fuzz_confload_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_confload_LDADD = $(FUZZ_MAIN) support/nfs/libnfs.a

fuzz_fuzz_relayctl_SOURCES = fuzz/fuzz-relayctl.c fuzz/fuzz.h
fuzz_fuzz_relayctl_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_relayctl_LDADD = $(FUZZ_MAIN) support/nfs/librelayctl.a support/nfs/libnfs.a

fuzz_fuzz_exports_SOURCES = fuzz/fuzz-exports.c fuzz/fuzz.h
fuzz_fuzz_exports_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_exports_LDADD = $(FUZZ_MAIN) $(EXPORT_LIBS)

# rpc.mountd's answering code is program code, linked from its sources as
# bench/exports-bench-upcall does.
fuzz_fuzz_cachereq_SOURCES = fuzz/fuzz-cachereq.c fuzz/fuzz.h utils/mountd/cache.c \
	utils/mountd/table.c utils/mountd/mountd.h
fuzz_fuzz_cachereq_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/utils/mountd
fuzz_fuzz_cachereq_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_cachereq_LDADD = $(FUZZ_MAIN) $(EXPORT_LIBS)

fuzz_fuzz_mountopts_SOURCES = fuzz/fuzz-mountopts.c fuzz/fuzz.h
fuzz_fuzz_mountopts_CPPFLAGS = $(AM_CPPFLAGS) $(MOUNT_CFLAGS) -I$(top_srcdir)/utils/mount
fuzz_fuzz_mountopts_LDFLAGS = $(FUZZ_LINKFLAGS)
fuzz_fuzz_mountopts_LDADD = $(FUZZ_MAIN) $(NV_MOUNT_LDADD)

EXTRA_DIST += fuzz/run.sh fuzz/corpus fuzz/regress fuzz/RESULTS.md
# fuzz/run.sh builds only these in build/fuzz.
fuzz-build: $(FUZZ_TARGETS)
.PHONY: fuzz-build
