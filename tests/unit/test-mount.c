// SPDX-License-Identifier: GPL-2.0-or-later
/* test-mount.c: mount.nfs's pure parts: device splitting, option parsing and the data string (fake mounts: mount-fake.sh). */
#define T_SUITE "mount"
#include <stdlib.h>
#include "t.h"
#include "mount.h"

/* Parse opts for spec as mount.nfs would; the exit code of the first failing step. */
static int parse(struct nm_ctx *ctx, const char *spec, const char *opts)
{
	int rc;

	*ctx = (struct nm_ctx){ .spec = spec, .dir = "/mnt", .fstype = "nfs", .rdonly = -1,
				.optarg = opts };
	rc = nm_options_parse(ctx);
	return rc ? rc : nm_device_parse(ctx);
}

static void done(struct nm_ctx *ctx)
{
	free(ctx->fsopts);
	free(ctx->useropts);
	free(ctx->clientaddr);
}

/* The relay data string for opts with relay port 3049, or "FAIL <rc>". */
static void relay_data(const char *opts, int major, int minor, const char *want, const char *name)
{
	struct nm_ctx ctx;
	char got[512];
	char *s;
	int rc = parse(&ctx, "2:/export", opts);

	if (rc) {
		snprintf(got, sizeof(got), "FAIL %d", rc);
	} else {
		ctx.chosen = NM_PATH_RELAY;
		ctx.relay_port = 3049;
		s = nm_build_data(&ctx, major, minor);
		snprintf(got, sizeof(got), "%s", s ? s : "NULL");
		free(s);
	}
	T_STR(got, want, name);
	done(&ctx);
}

static void test_split(void)
{
	struct nm_dev d;

	T_OK(nm_device_split("2:/export", &d) == NULL && !strcmp(d.host, "2") &&
	     !strcmp(d.path, "/export"), "split-cid");
	T_OK(nm_device_split("[fd00::1]:/a", &d) == NULL && !strcmp(d.host, "fd00::1") &&
	     d.bracketed, "split-v6");
	T_OK(nm_device_split("srv:/a:b", &d) == NULL && !strcmp(d.path, "/a:b"), "split-first-colon");
	T_OK(nm_device_split("nocolon", &d) != NULL, "split-no-colon");
	T_OK(nm_device_split(":/x", &d) != NULL, "split-no-host");
	T_OK(nm_device_split("h:", &d) != NULL, "split-no-path");
	T_OK(nm_device_split("[fd00::1]/a", &d) != NULL, "split-v6-no-colon");
	T_OK(nm_device_split("nfs://h/x", &d) != NULL, "split-url");
}

static void test_options(void)
{
	struct nm_ctx ctx;

	T_INT(parse(&ctx, "2:/x", "proto=vsock,vers=4.1"), 0, "parse-vsock");
	T_OK(ctx.vsock && ctx.cid == 2 && ctx.vers.major == 4 && ctx.vers.minor == 1, "parse-vsock-fields");
	done(&ctx);
	T_INT(parse(&ctx, "3:/x", "proto=vsock,port=5000,vsockpath=kernel"), 0, "parse-port-path");
	T_OK(ctx.has_port && ctx.port == 5000 && ctx.want == NM_PATH_KERNEL && ctx.cid == 3,
	     "parse-port-path-fields");
	done(&ctx);
	T_INT(parse(&ctx, "h:/x", "ro,user,soft"), 0, "parse-tcp-user");
	T_OK(!ctx.vsock && ctx.user_mount && (ctx.flags & 1) && !strcmp(ctx.fsopts, "soft"),
	     "parse-tcp-user-fields");
	done(&ctx);
	T_INT(parse(&ctx, "2x:/x", "proto=vsock"), EX_FAIL, "bad-cid");
	done(&ctx);
	T_INT(parse(&ctx, "srv:/x", "proto=vsock"), EX_FAIL, "host-name-vsock");
	done(&ctx);
	T_INT(parse(&ctx, "2:/x", "proto=vsock,port=65536"), EX_FAIL, "port-range");
	done(&ctx);
	T_INT(parse(&ctx, "2:/x", "proto=vsock,frobnicate"), EX_FAIL, "unknown-option");
	done(&ctx);
	T_INT(parse(&ctx, "2:/x", "proto=vsock,vers=4.0,nfsvers=4.2"), EX_FAIL, "conflicting-vers");
	done(&ctx);
	T_INT(parse(&ctx, "2:/x", "proto=vsock,vers=3"), EX_FAIL, "vers3-vsock");
	done(&ctx);
	T_INT(parse(&ctx, "h:/x", "vers=3"), 0, "vers3-tcp-fine");
	done(&ctx);
}

static void test_data(void)
{
	relay_data("proto=vsock", 4, 2, "vers=4.2,port=3049,addr=127.0.0.1,clientaddr=127.0.0.1", "data-42");
	relay_data("proto=vsock", 4, 1, "vers=4.1,port=3049,addr=127.0.0.1,clientaddr=127.0.0.1", "data-41");
	relay_data("proto=vsock", 4, 0, "vers=4.0,port=3049,addr=127.0.0.1,clientaddr=127.0.0.1", "data-40");
	relay_data("proto=vsock,hard,rsize=4096,vsockpath=relay,addr=1.2.3.4", 4, 1,
		   "hard,rsize=4096,vers=4.1,port=3049,addr=127.0.0.1,clientaddr=127.0.0.1",
		   "data-ours-removed");
	relay_data("proto=vsock,port=5000,clientaddr=7", 4, 2,
		   "vers=4.2,port=3049,addr=127.0.0.1,clientaddr=127.0.0.1", "data-relay-port-wins");
	relay_data("proto=vsock,vers=3", 3, -1, "FAIL 32", "data-vers3-refused");
}

int main(void)
{
	test_split();
	test_options();
	test_data();
	return t_failed ? 1 : 0;
}
