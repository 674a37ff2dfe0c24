# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/guest: helpers that run only inside the QEMU guest (tests/vm/init).

# A deliberate heap overflow, signed overflow or leak on request: proves that the
# sanitizer collector of tests/vm/init sees reports (tests/run's vm-san level).
noinst_PROGRAMS += tests/vm/guest/san-probe
tests_vm_guest_san_probe_SOURCES = tests/vm/guest/san-probe.c
