/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conf.h: the one table of configuration keys and the /etc/nfs.conf reader. */
#ifndef NV_CONF_H
#define NV_CONF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Precedence, lowest first: the table default, /etc/nfs.conf (with its
 * includes, in reading order), /etc/nfs.conf.d/NAME.conf (version order),
 * then conf_set() from the command line. Programs read only keys in the
 * table, so every program sees the same default for the same key.
 */

enum conf_type {
	CONF_BOOL,	/* y/yes/true/on/1, n/no/false/off/0, any case */
	CONF_INT,	/* decimal, within [min, max] */
	CONF_STR,	/* any text */
	CONF_ENUM,	/* one of choices[], any case; read back as written there */
	CONF_IGNORED,	/* an nfs-utils key this toolset accepts and does not read */
};

/* A default taken from a relocatable path (paths.h): CONF_DEF_PATH(NV_PATH_RUNDIR)
 * in def_path makes the default that path joined with def ("" for the path
 * itself), so NFSVSOCK_ROOT moves it too. 0: def is the literal default. */
#define CONF_DEF_PATH(id) ((int)(id) + 1)

struct conf_key {
	const char *section;		/* lower case, as nfs-utils stores it */
	const char *key;
	enum conf_type type;
	const char *def;		/* as it would be written in the file; NULL if IGNORED */
	int def_path;			/* see CONF_DEF_PATH */
	long long min, max;		/* CONF_INT */
	const char *const *choices;	/* CONF_ENUM: NULL-terminated */
	const char *help;		/* one line, for -T output and usage */
};

/* The table, in the order -T prints it. */
const struct conf_key *conf_keys(size_t *n);
/* The row for section/key (case-insensitive), or NULL. */
const struct conf_key *conf_key_find(const char *section, const char *key);
/* True when some row uses this section: its unknown keys draw a warning.
 * Other sections belong to other tools sharing the file and are ignored. */
bool conf_section_known(const char *section);

/*
 * Check text against a key's type and range. On success *num holds the
 * integer, the boolean (0/1) or the index into choices (0 for strings).
 * On failure, why receives the reason without the key or value, e.g.
 * "out of range 0..8192". Returns 0, -EINVAL (wrong form), -ERANGE.
 */
int conf_value_check(const struct conf_key *k, const char *text, long long *num,
		     char *why, size_t whylen);

/*
 * One line of nfs.conf syntax, split in place (exposed for tests and the
 * fuzz target). The line has no newline; continuation lines are joined by
 * the caller.
 */
enum conf_line_kind {
	CONF_LINE_EMPTY,	/* blank, or a comment: '#' or ';' first */
	CONF_LINE_SECTION,	/* [name] or [name "subsection"] */
	CONF_LINE_ASSIGN,	/* key = value */
	CONF_LINE_BAD,		/* malformed; error says why */
	CONF_LINE_BAD_SECTION,	/* malformed header: ignore up to the next header */
};

struct conf_line {
	enum conf_line_kind kind;
	char *section;		/* SECTION: as written (the reader lower-cases it) */
	char *subsection;	/* SECTION: NULL when there is none */
	char *key, *value;	/* ASSIGN: trimmed, quotes and trailing comment removed */
	const char *junk;	/* SECTION/ASSIGN: ignored text after ']' or a closing quote */
	const char *error;	/* BAD*: a static reason, e.g. "line has no '='" */
};

void conf_line_parse(char *line, struct conf_line *out);

/* ---- The loaded configuration ---- */

struct conf;

enum conf_severity {
	CONF_WARNING,	/* something was ignored, nothing was lost */
	CONF_ERROR,	/* a line, a value or a file was rejected */
};

/* A problem found while loading, for the program to print as it likes. */
struct conf_diag {
	const char *file;	/* NULL when not about a file */
	unsigned int line;	/* 0 when about a whole file or directory */
	enum conf_severity severity;
	const char *message;	/* without "file:line: " */
};

enum conf_source {
	CONF_SRC_DEFAULT,
	CONF_SRC_FILE,
	CONF_SRC_CMDLINE,
};

/*
 * Load the configuration: path, or NULL for the nv_path NFS_CONF file.
 * The drop-in directory is path with ".d" appended (as nfs-utils does), or
 * for NULL the nv_path NFS_CONF_D directory. A missing file or directory is
 * not a problem. Malformed input never fails the call: it becomes
 * diagnostics. Returns 0 with *out set, or -ENOMEM, -ENAMETOOLONG, or
 * -EINVAL (out is NULL, path is "", or a table default is invalid).
 */
int conf_load(struct conf **out, const char *path);
void conf_free(struct conf *c);

/* Diagnostics in reading order; conf_diag() is NULL past the end. */
size_t conf_ndiags(const struct conf *c);
size_t conf_nerrors(const struct conf *c);
const struct conf_diag *conf_diag(const struct conf *c, size_t i);
/* "file:line: message" ("file: ..." for line 0). Returns the length, or
 * -ENOSPC when buf was too small (buf then holds a truncated string). */
int conf_diag_format(const struct conf_diag *d, char *buf, size_t len);

/*
 * The effective value of a table key. -ENOENT: no such key, or an IGNORED
 * one (programs read only what the table defines). -EINVAL: the key has
 * another type; conf_get_str works for every type and gives the canonical
 * text ("y"/"n", decimal, the choice as listed). Strings stay valid until
 * conf_free() or a conf_set() of the same key.
 */
int conf_get_bool(const struct conf *c, const char *section, const char *key, bool *out);
int conf_get_int(const struct conf *c, const char *section, const char *key, long long *out);
int conf_get_enum(const struct conf *c, const char *section, const char *key, unsigned int *idx);
int conf_get_str(const struct conf *c, const char *section, const char *key, const char **out);

/*
 * A command-line override, checked like a file value. On failure msg gets
 * a sentence such as: [nfsd] threads = "x": not a decimal integer (allowed
 * 0..8192). Returns 0, -ENOENT, -EINVAL, -ERANGE, -ENOMEM.
 */
int conf_set(struct conf *c, const char *section, const char *key, const char *value,
	     char *msg, size_t msglen);

/* One row of the effective configuration, for -T and -n. */
struct conf_item {
	const struct conf_key *key;	/* section, key, type, help */
	const char *value;		/* canonical text */
	enum conf_source source;
	const char *file;		/* CONF_SRC_FILE only */
	unsigned int line;		/* CONF_SRC_FILE only */
};

/*
 * Walk the keys of the given sections (NULL-terminated list, or NULL for
 * all) in table order, skipping IGNORED ones. Start with *pos = 0.
 * Returns 1 with *item filled, 0 at the end.
 */
int conf_next(const struct conf *c, const char *const *sections, size_t *pos,
	      struct conf_item *item);
/* "default", "command line" or "file:line". Returns the length, or -ENOSPC. */
int conf_source_format(const struct conf_item *item, char *buf, size_t len);

#endif
