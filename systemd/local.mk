# SPDX-License-Identifier: GPL-2.0-or-later
# systemd/local.mk: the hypervisor and guest units, with program paths filled in at build time.
systemdsystemunit_DATA = \
	systemd/proc-fs-nfsd.mount systemd/nfs-vsock-server.target \
	systemd/nfs-vsock-exportfs.service systemd/nfs-vsock-mountd.service \
	systemd/nfs-vsock-nfsd.service systemd/nfsvsockd-host.service \
	systemd/nfsvsockd.service
nv_units_gen = \
	systemd/nfs-vsock-exportfs.service systemd/nfs-vsock-mountd.service \
	systemd/nfs-vsock-nfsd.service systemd/nfsvsockd-host.service \
	systemd/nfsvsockd.service
EXTRA_DIST += $(nv_units_gen:=.in) systemd/proc-fs-nfsd.mount systemd/nfs-vsock-server.target \
	systemd/README systemd/examples/mnt-host.mount
CLEANFILES += $(nv_units_gen)
nv_unit_subst = sed -e 's|@sbindir[@]|$(sbindir)|g'

systemd/nfs-vsock-exportfs.service: $(srcdir)/systemd/nfs-vsock-exportfs.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && $(nv_unit_subst) $(srcdir)/$@.in >$@
systemd/nfs-vsock-mountd.service: $(srcdir)/systemd/nfs-vsock-mountd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && $(nv_unit_subst) $(srcdir)/$@.in >$@
systemd/nfs-vsock-nfsd.service: $(srcdir)/systemd/nfs-vsock-nfsd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && $(nv_unit_subst) $(srcdir)/$@.in >$@
systemd/nfsvsockd-host.service: $(srcdir)/systemd/nfsvsockd-host.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && $(nv_unit_subst) $(srcdir)/$@.in >$@
systemd/nfsvsockd.service: $(srcdir)/systemd/nfsvsockd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && $(nv_unit_subst) $(srcdir)/$@.in >$@

# tests/integration/nfsd-units.sh builds the units with this target.
systemd-units: $(nv_units_gen)
# tests/integration/nfsd-units.sh points the units at the build's programs.
print-sbindir:
	@echo $(sbindir)
.PHONY: systemd-units print-sbindir
