/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conftab.c: the single table of nfs.conf keys, types, defaults and ranges. */
#include "config.h"

#include <strings.h>

#include "conf.h"
#include "paths.h"

#define B(s, k, d, h)		{ s, k, CONF_BOOL, d, 0, 0, 0, NULL, h }
#define I(s, k, d, lo, hi, h)	{ s, k, CONF_INT, d, 0, lo, hi, NULL, h }
#define S(s, k, d, h)		{ s, k, CONF_STR, d, 0, 0, 0, NULL, h }
#define P(s, k, p, rel, h)	{ s, k, CONF_STR, rel, CONF_DEF_PATH(p), 0, 0, NULL, h }
#define E(s, k, d, ch, h)	{ s, k, CONF_ENUM, d, 0, 0, 0, ch, h }
/* Keys of nfs-utils (2.6.2 as Debian 12 ships it, plus what Debian's
 * nfsconvert writes into nfs.conf.d) that no program here reads: accepted
 * silently so a stock /etc/nfs.conf loads without a warning. */
#define X(s, k)			{ s, k, CONF_IGNORED, NULL, 0, 0, 0, NULL, \
				  "nfs-utils key; accepted and ignored" }

/* A vsock port is 32 bits; VMADDR_PORT_ANY (2^32-1) is not a real port. */
#define VSOCK_PORT_MAX 4294967294LL
/* CIDs 0-2 are the hypervisor, local and host; 2^32-1 is VMADDR_CID_ANY. */
#define GUEST_CID_MIN 3LL
#define GUEST_CID_MAX 4294967294LL

static const char *const vsock_paths[] = { "auto", "kernel", "relay", NULL };
static const char *const relay_roles[] = { "auto", "host", "guest", NULL };
static const char *const guard_modes[] = { "auto", "y", "n", NULL };

static const struct conf_key conf_table[] = {
	X("general", "pipefs-directory"),

	I("nfsd", "threads", "8", 0, 8192, "nfsd threads to start; 0 stops the server"),
	S("nfsd", "host", "", "address or name to listen on for TCP and UDP; empty: all"),
	I("nfsd", "port", "2049", 1, 65535, "TCP and UDP port to listen on"),
	B("nfsd", "tcp", "y", "listen on TCP"),
	B("nfsd", "udp", "n", "listen on UDP"),
	B("nfsd", "vers3", "y", "offer NFSv3 (TCP and UDP only; refused over vsock)"),
	B("nfsd", "vers4", "y", "offer NFSv4 at all"),
	B("nfsd", "vers4.0", "y", "offer NFSv4.0 (over vsock without delegations)"),
	B("nfsd", "vers4.1", "y", "offer NFSv4.1"),
	B("nfsd", "vers4.2", "y", "offer NFSv4.2"),
	I("nfsd", "lease-time", "90", 10, 3600, "NFSv4 lease time in seconds"),
	I("nfsd", "grace-time", "90", 10, 3600, "NFSv4 grace period in seconds"),
	B("nfsd", "vsock", "n", "serve guests over AF_VSOCK"),
	I("nfsd", "vsock-port", "2049", 1, VSOCK_PORT_MAX, "vsock port guests connect to"),
	E("nfsd", "vsock-path", "auto", vsock_paths,
	  "auto: the kernel's vsock transport if it has one, else the relay"),
	B("nfsd", "vsock-only", "n", "no NFS port beyond loopback: guests over vsock only"),
	S("nfsd", "debug", "", "debug categories, comma-separated, or all"),
	B("nfsd", "syslog", "n", "log to syslog even when run from a terminal"),
	X("nfsd", "rdma"),
	X("nfsd", "rdma-port"),
	X("nfsd", "vers2"),
	X("nfsd", "fh-key-file"),

	B("mountd", "manage-gids", "n", "replace the client's group list with the server's"),
	I("mountd", "ttl", "1800", 1, 2147483647, "seconds the kernel may cache an answer"),
	S("mountd", "debug", "", "debug categories, comma-separated, or all"),
	I("mountd", "threads", "1", 1, 64, "mountd worker processes"),
	P("mountd", "state-directory-path", NV_PATH_STATEDIR, "",
	  "state directory (etab, rmtab); also used by exportfs"),
	X("mountd", "port"),
	X("mountd", "descriptors"),
	X("mountd", "reverse-lookup"),
	X("mountd", "ha-callout"),
	X("mountd", "cache-use-ipaddr"),
	X("mountd", "apply-root-cred"),
	X("mountd", "no-netlink"),
	/* Debian's nfsconvert writes this misspelling for mountd -s. */
	X("mountd", "stat-directory-path"),

	S("exportfs", "debug", "", "debug categories, comma-separated, or all"),

	E("nfsvsockd", "role", "auto", relay_roles,
	  "auto: guest when the local CID is 3 or more, else host"),
	S("nfsvsockd", "listen", "2049", "host: vsock ports to listen on, comma-separated, or none"),
	B("nfsvsockd", "vsock", "y", "host: listen on AF_VSOCK (n: hybrid vsock only)"),
	S("nfsvsockd", "nfsd-address", "::1", "host: IPv6 address of nfsd's loopback listener"),
	I("nfsvsockd", "nfsd-port", "2049", 1, 65535, "host: port of nfsd's loopback listener"),
	S("nfsvsockd", "allow", "*", "host: guest CIDs to accept: *, none, or 3,4,10-20"),
	E("nfsvsockd", "source-guard", "auto", guard_modes,
	  "host: nftables rule keeping guest source addresses for root's sockets (SECURITY.md)"),
	I("nfsvsockd", "buffer-size", "262144", 4096, 67108864, "bytes buffered per direction"),
	S("nfsvsockd", "uds-path", "",
	  "host: hybrid vsock: also listen on <uds-path>_<port> (Firecracker, Cloud Hypervisor)"),
	I("nfsvsockd", "uds-cid", "3", GUEST_CID_MIN, GUEST_CID_MAX,
	  "host: the CID of the guest behind uds-path"),
	B("nfsvsockd", "uds-trusted", "n",
	  "host: give the uds-path guest reserved source ports (the UDS carries no guest port)"),
	P("nfsvsockd", "control-socket", NV_PATH_RUNDIR, "nfsvsockd.sock",
	  "Unix socket for mount.nfs, umount.nfs and status (root only)"),
	I("nfsvsockd", "connect-timeout", "2000", 100, 60000,
	  "ms to wait for the other end when opening a forwarded connection"),
	I("nfsvsockd", "max-connections", "4096", 1, 1000000,
	  "forwarded connections at once; more are closed at once and logged"),
	S("nfsvsockd", "debug", "", "debug categories, comma-separated, or all"),

	X("nfsrahead", "nfs"),
	X("nfsrahead", "nfs4"),
	X("nfsrahead", "nfsv4"),
	X("nfsrahead", "default"),

	X("exports", "rootdir"),

	X("gssd", "verbosity"),
	X("gssd", "rpc-verbosity"),
	X("gssd", "use-memcache"),
	X("gssd", "use-machine-creds"),
	X("gssd", "use-gss-proxy"),
	X("gssd", "avoid-dns"),
	X("gssd", "limit-to-legacy-enctypes"),
	X("gssd", "allowed-enctypes"),
	X("gssd", "context-timeout"),
	X("gssd", "rpc-timeout"),
	X("gssd", "keytab-file"),
	X("gssd", "cred-cache-directory"),
	X("gssd", "preferred-realm"),
	X("gssd", "set-home"),
	X("gssd", "upcall-timeout"),
	X("gssd", "cancel-timed-out-upcalls"),
	X("gssd", "pipefs-directory"),
	X("gssd", "root_uses_machine_creds"),

	X("lockd", "port"),
	X("lockd", "udp-port"),

	X("exportd", "debug"),
	X("exportd", "manage-gids"),
	X("exportd", "state-directory-path"),
	X("exportd", "threads"),
	X("exportd", "cache-use-ipaddr"),
	X("exportd", "ttl"),
	X("exportd", "no-netlink"),

	X("nfsdcld", "debug"),
	X("nfsdcld", "storagedir"),

	X("nfsdcltrack", "debug"),
	X("nfsdcltrack", "storagedir"),

	X("statd", "debug"),
	X("statd", "port"),
	X("statd", "outgoing-port"),
	X("statd", "name"),
	X("statd", "state-directory-path"),
	X("statd", "ha-callout"),
	X("statd", "no-notify"),

	X("sm-notify", "debug"),
	X("sm-notify", "force"),
	X("sm-notify", "retry-time"),
	X("sm-notify", "outgoing-port"),
	X("sm-notify", "outgoing-addr"),
	X("sm-notify", "lift-grace"),

	X("svcgssd", "principal"),
	X("svcgssd", "verbosity"),
	X("svcgssd", "rpc-verbosity"),
	X("svcgssd", "idmap-verbosity"),
};

#define CONF_NKEYS (sizeof(conf_table) / sizeof(conf_table[0]))

const struct conf_key *conf_keys(size_t *n)
{
	if (n)
		*n = CONF_NKEYS;
	return conf_table;
}

const struct conf_key *conf_key_find(const char *section, const char *key)
{
	size_t i;

	if (!section || !key)
		return NULL;
	for (i = 0; i < CONF_NKEYS; i++)
		if (!strcasecmp(conf_table[i].section, section) &&
		    !strcasecmp(conf_table[i].key, key))
			return &conf_table[i];
	return NULL;
}

bool conf_section_known(const char *section)
{
	size_t i;

	if (!section)
		return false;
	for (i = 0; i < CONF_NKEYS; i++)
		if (!strcasecmp(conf_table[i].section, section))
			return true;
	return false;
}
