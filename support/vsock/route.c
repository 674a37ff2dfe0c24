/* SPDX-License-Identifier: GPL-2.0-or-later */
/* route.c: `ip -6 route add local PREFIX dev lo` over rtnetlink, for the CID address map. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "vsockmap.h"
#include "vsockroute.h"

struct route_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	char attrs[64];
};

static void add_attr(struct route_req *r, unsigned short type, const void *data,
		     unsigned short len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* The kernel's answer to our request: an NLMSG_ERROR carrying 0 or -errno. */
static int read_ack(int fd)
{
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;

	if (n < 0)
		return errno == EAGAIN ? -ETIMEDOUT : -errno;
	if (!NLMSG_OK(nh, (size_t)n) || nh->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
}

static int nl_open(void)
{
	struct timeval tv = { .tv_sec = 2 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	/* The kernel answers at once; the timeout only guards against a bug. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

int vsockroute_add_local(const struct in6_addr *prefix, int plen)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct route_req r;
	unsigned int ifindex = if_nametoindex("lo");
	int fd, rc;

	if (!ifindex)
		return -ENODEV;
	if (plen < 0 || plen > 128)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	r.nh.nlmsg_type = RTM_NEWROUTE;
	/* CREATE|EXCL as ip(8) sends it: EEXIST then tells us it is there. */
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	r.nh.nlmsg_seq = 1;
	r.rt.rtm_family = AF_INET6;
	r.rt.rtm_dst_len = (unsigned char)plen;
	r.rt.rtm_table = RT_TABLE_LOCAL;
	r.rt.rtm_protocol = RTPROT_BOOT;
	r.rt.rtm_scope = RT_SCOPE_HOST;
	r.rt.rtm_type = RTN_LOCAL;
	add_attr(&r, RTA_DST, prefix, sizeof(*prefix));
	add_attr(&r, RTA_OIF, &ifindex, sizeof(ifindex));
	fd = nl_open();
	if (fd < 0)
		return fd;
	if (sendto(fd, &r, r.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		rc = -errno;
	else
		rc = read_ack(fd);
	close(fd);
	return rc == -EEXIST ? 0 : rc;
}

int vsockroute_ensure(void)
{
	struct in6_addr prefix;
	int rc = vsockmap_cid_to_in6(0, &prefix);

	if (rc < 0)
		return rc;
	return vsockroute_add_local(&prefix, VSOCKMAP_PREFIX_LEN);
}
