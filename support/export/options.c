/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c: exports(5) options, one small parser per keyword, and their canonical text. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "strnum.h"

void nv_export_defaults(struct nv_export *e)
{
	memset(e, 0, sizeof(*e));
	e->flags = NV_EXP_DEFAULT_FLAGS;
	e->anonuid = NV_EXP_ANON_ID;
	e->anongid = NV_EXP_ANON_ID;
	e->nsec = 1;
	e->sec[0] = NV_SEC_SYS;
}

/* Options that only set or clear flag bits. */
static const struct {
	const char *name;
	unsigned int set, clear;
} flagopts[] = {
	{ "ro", NFSEXP_READONLY, 0 },
	{ "rw", 0, NFSEXP_READONLY },
	{ "sync", 0, NFSEXP_ASYNC },
	{ "async", NFSEXP_ASYNC, 0 },
	{ "wdelay", NFSEXP_GATHERED_WRITES, 0 },
	{ "no_wdelay", 0, NFSEXP_GATHERED_WRITES },
	{ "root_squash", NFSEXP_ROOTSQUASH, 0 },
	{ "no_root_squash", 0, NFSEXP_ROOTSQUASH },
	{ "all_squash", NFSEXP_ALLSQUASH, 0 },
	{ "no_all_squash", 0, NFSEXP_ALLSQUASH },
	{ "secure", 0, NFSEXP_INSECURE_PORT },
	{ "insecure", NFSEXP_INSECURE_PORT, 0 },
	{ "subtree_check", 0, NFSEXP_NOSUBTREECHECK },
	{ "no_subtree_check", NFSEXP_NOSUBTREECHECK, 0 },
	{ "hide", 0, NFSEXP_NOHIDE },
	{ "nohide", NFSEXP_NOHIDE, 0 },
	{ "crossmnt", NFSEXP_CROSSMOUNT, 0 },
	{ "nocrossmnt", 0, NFSEXP_CROSSMOUNT },
	{ "insecure_locks", NFSEXP_NOAUTHNLM, 0 },
	{ "no_auth_nlm", NFSEXP_NOAUTHNLM, 0 },
	{ "secure_locks", 0, NFSEXP_NOAUTHNLM },
	{ "auth_nlm", 0, NFSEXP_NOAUTHNLM },
	{ "security_label", NFSEXP_SECURITY_LABEL, 0 },
	{ "nordirplus", NFSEXP_NOREADDIRPLUS, 0 },
};

/* Known to nfs-utils, refused here with the reason. */
static const struct {
	const char *name;
	const char *why;
} refused[] = {
	{ "no_acl", "no_acl is not supported: the kernel ignores NFSEXP_NOACL; remove it" },
	{ "refer", "refer= (NFSv4 referrals) is not supported; remove it" },
	{ "replicas", "replicas= (NFSv4 locations) is not supported; remove it" },
	{ "pnfs", "pnfs is not supported over vsock; remove it" },
};

static const struct {
	const char *name;
	uint32_t flavor;
} flavors[] = {
	{ "sys", NV_SEC_SYS }, { "krb5", NV_SEC_KRB5 },
	{ "krb5i", NV_SEC_KRB5I }, { "krb5p", NV_SEC_KRB5P },
};

static int opt_id(const char *v, uint32_t *out, const char **why)
{
	long long n;

	/* -1 would mean "no mapping", which the kernel refuses. */
	if (nv_strtonum(v, 0, 4294967294LL, &n) < 0) {
		*why = "not a decimal id 0-4294967294";
		return -EINVAL;
	}
	*out = (uint32_t)n;
	return 0;
}

static int opt_fsid(struct nv_export *e, const char *v, const char **why)
{
	long long n;

	if (strcmp(v, "root") == 0)
		v = "0";
	if (nv_strtonum(v, 0, 4294967295LL, &n) == 0) {
		e->flags |= NFSEXP_FSID;
		e->fsid = (uint32_t)n;
		e->has_uuid = false;
		return 0;
	}
	if (nv_uuid_parse(v, e->uuid) == 0) {
		e->has_uuid = true;
		e->flags &= ~(unsigned int)NFSEXP_FSID;
		return 0;
	}
	*why = "fsid= takes a number, root, or a 32-hex-digit UUID";
	return -EINVAL;
}

static int opt_sec(struct nv_export *e, const char *v, const char **why)
{
	char list[128], *save, *tok;

	if (strlen(v) >= sizeof(list) || !*v) {
		*why = "sec= needs a colon-separated list of sys, krb5, krb5i, krb5p";
		return -EINVAL;
	}
	snprintf(list, sizeof(list), "%s", v);
	e->nsec = 0;
	for (tok = strtok_r(list, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		size_t i;

		for (i = 0; i < sizeof(flavors) / sizeof(flavors[0]); i++)
			if (strcmp(tok, flavors[i].name) == 0)
				break;
		if (i == sizeof(flavors) / sizeof(flavors[0]) || e->nsec == NV_SEC_MAX) {
			*why = "unknown security flavor; use sys, krb5, krb5i or krb5p";
			return -EINVAL;
		}
		e->sec[e->nsec++] = flavors[i].flavor;
	}
	return 0;
}

static int opt_mountpoint(struct nv_export *e, const char *v, const char **why)
{
	if (v && v[0] != '/') {
		*why = "mountpoint= needs an absolute path";
		return -EINVAL;
	}
	free(e->mountpoint);
	e->mountpoint = strdup(v ? v : "");
	return e->mountpoint ? 0 : -ENOMEM;
}

static int flag_option(struct nv_export *e, const char *name)
{
	for (size_t i = 0; i < sizeof(flagopts) / sizeof(flagopts[0]); i++) {
		if (strcmp(name, flagopts[i].name) == 0) {
			e->flags = (e->flags | flagopts[i].set) & ~flagopts[i].clear;
			return 1;
		}
	}
	return 0;
}

static int value_option(struct nv_export *e, const char *name, const char *v, const char **why)
{
	if (strcmp(name, "mountpoint") == 0 || strcmp(name, "mp") == 0)
		return opt_mountpoint(e, v, why);
	if (!v) {
		*why = "unknown option; see exports(5)";
		return -EINVAL;
	}
	if (strcmp(name, "anonuid") == 0)
		return opt_id(v, &e->anonuid, why);
	if (strcmp(name, "anongid") == 0)
		return opt_id(v, &e->anongid, why);
	if (strcmp(name, "fsid") == 0)
		return opt_fsid(e, v, why);
	if (strcmp(name, "sec") == 0)
		return opt_sec(e, v, why);
	*why = "unknown option; see exports(5)";
	return -EINVAL;
}

static int one_option(struct nv_export *e, char *opt, const char **why)
{
	char *eq = strchr(opt, '=');

	if (eq)
		*eq++ = '\0';
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (strcmp(opt, refused[i].name) == 0) {
			*why = refused[i].why;
			return -EOPNOTSUPP;
		}
	}
	if (!eq && flag_option(e, opt))
		return 0;
	if (eq && !*eq) {
		*why = "option has '=' but no value";
		return -EINVAL;
	}
	return value_option(e, opt, eq, why);
}

int nv_export_options(struct nv_export *e, const char *opts, char *badbuf,
		      size_t badlen, const char **why)
{
	char *copy, *save, *tok;
	int rc = 0;

	*why = NULL;
	copy = strdup(opts);
	if (!copy)
		return -ENOMEM;
	if (!*copy) {
		*why = "empty option list";
		rc = -EINVAL;
	}
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		snprintf(badbuf, badlen, "%s", tok);
		rc = one_option(e, tok, why);
	}
	/* "a,,b" and a trailing comma leave an empty option behind. */
	if (!rc && (strstr(opts, ",,") || opts[strlen(opts) - 1] == ',' || opts[0] == ',')) {
		snprintf(badbuf, badlen, "%s", opts);
		*why = "empty option between commas";
		rc = -EINVAL;
	}
	free(copy);
	return rc;
}
