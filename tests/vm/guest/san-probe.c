/* SPDX-License-Identifier: GPL-2.0-or-later */
/* san-probe.c: one deliberate sanitizer finding on request, so the test bed can prove its collector sees reports. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * tests/vm/init runs this once per kind in a sanitizer build and expects
 * the report it causes in the place daemons' reports go: a detector never
 * seen to fire proves nothing. With --detached the error happens in a
 * child whose stdin, stdout and stderr are /dev/null, as in a daemon after
 * daemon(3); the parent waits for it so the report is written on return.
 * Nothing else uses it; it is built for the guest only.
 */

/* Volatile, so the compiler cannot see the error coming and fold it away. */
static volatile size_t heap_len = 16;
static volatile int int_top = 0x7fffffff;
static void *volatile leaked;

static void heap_overflow(void)
{
	/* A volatile store: with free() right after, a plain one is dead code to -O2. */
	volatile char *p = malloc(heap_len);

	if (!p)
		return;
	p[heap_len] = 'x';	/* one byte past the end */
	free((void *)p);
}

static void signed_overflow(void)
{
	int v = int_top;

	v += 1;
	printf("%d\n", v);
}

static void leak(void)
{
	leaked = malloc(64);
	leaked = NULL;	/* the only pointer is gone: LeakSanitizer reports it at exit */
}

static int commit(const char *kind)
{
	if (!strcmp(kind, "heap"))
		heap_overflow();
	else if (!strcmp(kind, "ub"))
		signed_overflow();
	else if (!strcmp(kind, "leak"))
		leak();
	else {
		fprintf(stderr, "san-probe: unknown kind '%s' (heap, ub or leak)\n", kind);
		return 2;
	}
	return 0;
}

static int detach_to_null(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return -1;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return setsid() < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc == 2)
		return commit(argv[1]);
	if (argc != 3 || strcmp(argv[1], "--detached")) {
		fprintf(stderr, "usage: san-probe [--detached] heap|ub|leak\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("san-probe: fork");
		return 1;
	}
	if (pid == 0) {
		if (detach_to_null() < 0)
			_exit(1);
		exit(commit(argv[2]));
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("san-probe: waitpid");
		return 1;
	}
	/* The child's status is the sanitizer's business; the report is the result. */
	return 0;
}
