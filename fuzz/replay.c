/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay.c: run a fuzz target on saved inputs without libFuzzer, one child process per input. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs are small by design; anything larger is not a seed. */
#define REPLAY_MAX (1024 * 1024)

static const char *target;

/* Read path and hand it to the target once; the exit status is the verdict. */
static int run_one(const char *path)
{
	static uint8_t buf[REPLAY_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 3;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* A copy of exactly n bytes, so ASan sees reads past the end. */
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		return 3;
	memcpy(copy, buf, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

/* "corpus/seed" from ".../fuzz/corpus/vsockaddr/seed": which set, which file;
 * the target's name is already in the result line. */
static const char *short_name(const char *path)
{
	static char buf[512];
	const char *file = strrchr(path, '/'), *p = file;
	int seen = 0;

	if (!file)
		return path;
	/* Back over the target's directory to the slash before the set's name. */
	while (p > path && seen < 2)
		if (*--p == '/')
			seen++;
	if (seen < 2)
		return path;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)strcspn(p + 1, "/"), p + 1, file);
	return buf;
}

/* A child per input: a crash, an abort or a leak report names that input
 * and the rest still run. */
static int replay_file(const char *path)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("not ok fuzz/%s/%s: fork: %s\n", target, short_name(path), strerror(errno));
		return 1;
	}
	if (pid == 0)
		exit(run_one(path));
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFSIGNALED(st))
			printf("not ok fuzz/%s/%s: killed by signal %d\n", target, short_name(path), WTERMSIG(st));
		else
			printf("not ok fuzz/%s/%s: exit %d (sanitizer report on stderr)\n", target,
			       short_name(path), WEXITSTATUS(st));
		return 1;
	}
	printf("ok fuzz/%s/%s\n", target, short_name(path));
	return 0;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every regular file of dir except dot files (".keep"), in name order. */
static int replay_dir(const char *dir)
{
	struct dirent **ents;
	char path[4096];
	int n, bad = 0;
	struct stat sb;

	n = scandir(dir, &ents, NULL, name_cmp);
	if (n < 0) {
		printf("not ok fuzz/%s/%s: %s\n", target, dir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			bad |= replay_file(path);
		free(ents[i]);
	}
	free(ents);
	return bad;
}

int main(int argc, char **argv)
{
	struct stat sb;
	int bad = 0;

	target = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (!strncmp(target, "fuzz-", 5))
		target += 5;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		bad |= stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode) ? replay_dir(argv[i])
								       : replay_file(argv[i]);
	return bad;
}
