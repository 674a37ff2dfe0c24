/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mount.h: the one context of a mount.nfs or umount.nfs run, and the entry point of each concern. */
#ifndef NV_MOUNT_H
#define NV_MOUNT_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* Exit codes as mount(8) defines them ("RETURN CODES"). */
#define EX_OK		0
#define EX_USAGE	1	/* incorrect invocation or permissions */
#define EX_SYSERR	2	/* system error (out of memory, cannot fork) */
#define EX_SOFTWARE	4	/* internal bug */
#define EX_FILEIO	16	/* problems writing or locking utab */
#define EX_FAIL		32	/* mount failure */

/* Which data path a vsock mount takes; the option is vsockpath=. */
enum nm_path {
	NM_PATH_AUTO = 0,
	NM_PATH_KERNEL,
	NM_PATH_RELAY,
};

/* The device as the user wrote it, split like the kernel splits it. */
struct nm_dev {
	char host[256];		/* without brackets */
	const char *path;	/* points into the spec: after the ':' */
	bool bracketed;		/* [v6addr]:/path */
};

/* Version: major 0 means "negotiate 4.2 -> 4.1 -> 4.0". */
struct nm_vers {
	int major, minor;	/* minor -1: not given (4 alone = 4.0) */
};

struct nm_ctx {
	/* The invocation, as mount(8) passes it. */
	const char *spec, *dir;
	const char *fstype;	/* "nfs" or "nfs4", from the name or -t */
	const char *ns;		/* -N */
	bool fake, verbose, sloppy, nomtab, umount;
	bool lazy, force;	/* umount -l, -f */
	int rdonly;		/* -r 1, -w 0, neither -1 */
	const char *optarg;	/* -o as given, or NULL */

	/* The options, split (options.c). */
	unsigned long flags;	/* MS_* from the VFS options and -r */
	char *fsopts;		/* passed to the kernel, ours removed */
	char *useropts;		/* user, users, _netdev, x-*, ... (never to the kernel) */
	bool user_mount;	/* user or users: record in utab */
	bool vsock;		/* proto=vsock */
	enum nm_path want;	/* vsockpath= */
	struct nm_vers vers;
	uint32_t port;		/* port=, 0 when absent */
	bool has_port;
	char *clientaddr;	/* clientaddr= as given, or NULL */

	struct nm_dev dev;
	uint32_t cid;		/* vsock: the device's host as a CID */

	/* Results of the run. */
	enum nm_path chosen;
	char why[384];		/* why that path, for -v */
	char addr[INET6_ADDRSTRLEN + 8];	/* addr= */
	char caddr[INET6_ADDRSTRLEN + 8];	/* clientaddr= */
	int family;
	uint16_t relay_port;	/* 0: none held */
	char ctlsock[PATH_MAX];
	char *data;		/* the last data string handed to mount(2) */
	char *fstab_opts;	/* found in fstab; spec, dir, optarg point here */
	char *fstab_spec, *fstab_dir, *fstab_type;
};

/* options.c: split -o into ctx; 0 or an exit code (message printed). */
int nm_options_parse(struct nm_ctx *ctx);
/* Find "key" in an option string; 1 with *val (malloc'd, may be ""), 0 absent, -1 OOM. */
int nm_opt_get(const char *optstr, const char *key, char **val);

/* device.c: split spec into ctx->dev; 0 or an exit code. */
int nm_device_parse(struct nm_ctx *ctx);
/* Pure: the split alone; 0, or a static reason. */
const char *nm_device_split(const char *spec, struct nm_dev *dev);

/* build.c: the data string for one attempt (pure; tests call it). */
char *nm_build_data(const struct nm_ctx *ctx, int major, int minor);

/* network.c: addr= and clientaddr= for TCP mounts; 0 or an exit code. */
int nm_resolve(struct nm_ctx *ctx);

/* path.c: decide native or relay for a vsock mount, fills chosen/why. */
int nm_choose_path(struct nm_ctx *ctx);

/* relay.c */
int nm_relay_acquire(struct nm_ctx *ctx);
void nm_relay_release(struct nm_ctx *ctx);
int nm_relay_ctlsock(char *buf, size_t len);
int nm_relay_release_by_tcp(const char *ctlsock, uint32_t cid, unsigned int tcp_port,
			    bool verbose, const char *what);

/* nfsmount.c: the whole mount; an exit code. */
int nm_mount(struct nm_ctx *ctx);

/* errors.c: one line for a failed mount(2). */
void nm_report_mount_error(const struct nm_ctx *ctx, int err);
void nm_fail(const struct nm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* utab.c: record or drop a user mount; 0 or an exit code. */
int nm_utab_add(const struct nm_ctx *ctx);
void nm_utab_remove(const char *dir);

/* fstab.c: "mount.nfs DIR" or "mount.nfs SPEC": the rest from fstab; 0 or an exit code. */
int nm_fstab_lookup(struct nm_ctx *ctx);

/* umount.c: the whole umount; an exit code. */
int nm_umount(struct nm_ctx *ctx);

#endif
