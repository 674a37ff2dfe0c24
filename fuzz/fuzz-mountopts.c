/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-mountopts.c: mount.nfs's device and -o parsing (nm_options_parse, nm_device_parse, nm_build_data). */
#include "fuzz.h"
#include "mount.h"

/* Input: "device\noptions"; no newline means a device with no -o. The
 * first byte's low bit picks nfs or nfs4, as the program's name does. */
static void split_input(char *s, struct nm_ctx *ctx)
{
	char *nl = strchr(s + 1, '\n');

	ctx->fstype = (s[0] & 1) ? "nfs4" : "nfs";
	ctx->spec = s + 1;
	ctx->rdonly = -1;
	if (nl) {
		*nl = '\0';
		ctx->optarg = nl + 1;
	}
}

static void free_ctx(struct nm_ctx *ctx)
{
	free(ctx->fsopts);
	free(ctx->useropts);
	free(ctx->clientaddr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nm_ctx ctx;
	struct nm_dev dev;
	char *s, *built;

	if (size < 1)
		return 0;
	s = fuzz_cstr(data, size);
	memset(&ctx, 0, sizeof(ctx));
	split_input(s, &ctx);
	/* The pure split on its own: a path, when found, lies inside the spec. */
	if (!nm_device_split(ctx.spec, &dev))
		FUZZ_CHECK(dev.path >= ctx.spec && dev.path <= ctx.spec + strlen(ctx.spec));
	if (nm_options_parse(&ctx) == 0 && nm_device_parse(&ctx) == 0) {
		built = nm_build_data(&ctx, 4, 2);
		free(built);
		built = nm_build_data(&ctx, 3, 0);
		free(built);
	}
	free_ctx(&ctx);
	free(s);
	return 0;
}
