/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conf.c: read nfs.conf, its includes and nfs.conf.d into checked values and diagnostics. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "conf.h"
#include "paths.h"

#define CONF_MAX_DEPTH	8		/* nested includes below a top-level file */
#define CONF_MAX_FILE	(1024 * 1024)	/* nfs.conf is a page or two; this is junk */
#define CONF_MAX_DIAGS	200		/* a binary file must not cost a line each */
#define CONF_MAX_EXPAND	8		/* "$A" -> "$B" -> ... chains; stops cycles */
#define CONF_EXCERPT	96		/* bytes of a line quoted in a message */

struct conf_val {
	char *text;		/* canonical effective value */
	char *def;		/* canonical default, paths resolved */
	long long num;
	enum conf_source source;
	const char *file;
	unsigned int line;
};

struct conf_slot {		/* a diagnostic and its place in reading order */
	struct conf_diag d;
	unsigned long seq;
	size_t idx;
};

struct conf {
	struct conf_val *vals;	/* parallel to the key table */
	size_t nkeys;
	struct conf_slot *diags;
	size_t ndiags, diagcap, nerrors;
	bool diags_full;
	char **files;		/* names that diagnostics and values point at */
	size_t nfiles, filecap;
};

/* One assignment as read. Values are checked only once every file is in,
 * because "$NAME" may name an [environment] entry that comes later. */
struct conf_entry {
	const char *section, *key, *value, *file;
	unsigned int line;
	unsigned long seq;
};

/* The section lines are read into; copied into an included file so its
 * own headers do not change the includer's. */
struct conf_cursor {
	const char *section;	/* lower case; NULL before any header */
	const char *subsection;
	bool skip;		/* after a broken header, up to the next one */
};

/* The state of one conf_load(). */
struct conf_reader {
	struct conf *c;
	struct conf_entry *ents;
	size_t nents, entcap;
	char **pool;		/* strings entries and cursors point at */
	size_t npool, poolcap;
	struct { dev_t dev; ino_t ino; } open[CONF_MAX_DEPTH + 1];
	int depth;		/* files being read; a top-level one counts 1 */
	unsigned long seq;	/* lines read so far: orders the diagnostics */
};

/* Room for element n of an array of sz-byte elements; NULL if out of memory. */
static void *grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : 16;
	arr = reallocarray(arr, ncap, sz);
	if (arr)
		*cap = ncap;
	return arr;
}

/* Intern a file name: values and diagnostics outlive the reading. */
static const char *file_add(struct conf *c, const char *path)
{
	char **files;
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i], path))
			return c->files[i];
	files = grow(c->files, &c->filecap, c->nfiles, sizeof(*files));
	if (!files)
		return NULL;
	c->files = files;
	files[c->nfiles] = strdup(path);
	if (!files[c->nfiles])
		return NULL;
	return files[c->nfiles++];
}

static char *pool_add(struct conf_reader *r, const char *s)
{
	char **pool = grow(r->pool, &r->poolcap, r->npool, sizeof(*pool));

	if (!pool)
		return NULL;
	r->pool = pool;
	pool[r->npool] = strdup(s);
	if (!pool[r->npool])
		return NULL;
	return pool[r->npool++];
}

static int diag_add(struct conf *c, unsigned long seq, enum conf_severity sev,
		    const char *file, unsigned int line, char *msg)
{
	struct conf_slot *slots;

	slots = grow(c->diags, &c->diagcap, c->ndiags, sizeof(*slots));
	if (!slots || (file && !(file = file_add(c, file)))) {
		free(msg);
		return -ENOMEM;
	}
	c->diags = slots;
	slots[c->ndiags].d = (struct conf_diag){ file, line, sev, msg };
	slots[c->ndiags].seq = seq;
	slots[c->ndiags].idx = c->ndiags;
	c->ndiags++;
	return 0;
}

/* Record a problem. Errors are counted even once reporting has stopped,
 * so conf_nerrors() stays true for -n. */
__attribute__((format(printf, 6, 7)))
static int diag(struct conf *c, unsigned long seq, enum conf_severity sev,
		const char *file, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (sev == CONF_ERROR)
		c->nerrors++;
	if (c->diags_full)
		return 0;
	if (c->ndiags + 1 >= CONF_MAX_DIAGS) {
		c->diags_full = true;
		msg = strdup("too many problems; the rest are not reported");
		return msg ? diag_add(c, ULONG_MAX, CONF_WARNING, NULL, 0, msg) : -ENOMEM;
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return diag_add(c, seq, sev, file, line, msg);
}

/* Text as a person should see it in a message: quoted, escaped, cut short. */
static void excerpt(const char *s, char *buf, size_t len)
{
	size_t o = 0, n = strlen(s);
	unsigned char ch;

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	buf[o++] = '"';
	for (; n && o + 9 < len; s++, n--) {
		ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\%c", ch);
		else if (isprint(ch))
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
	}
	snprintf(buf + o, len - o, "%s\"", n ? "..." : "");
}

/* ---- effective values ---- */

static size_t key_index(const struct conf_key *k)
{
	return (size_t)(k - conf_keys(NULL));
}

static const char *canonical(const struct conf_key *k, const char *text, long long num,
			     char *buf, size_t len)
{
	switch (k->type) {
	case CONF_BOOL:
		return num ? "y" : "n";
	case CONF_INT:
		snprintf(buf, len, "%lld", num);
		return buf;
	case CONF_ENUM:
		return k->choices[num];
	default:
		return text;
	}
}

static int val_set(struct conf *c, const struct conf_key *k, const char *text, long long num,
		   enum conf_source src, const char *file, unsigned int line)
{
	struct conf_val *v = &c->vals[key_index(k)];
	char buf[32], *t;

	t = strdup(canonical(k, text, num, buf, sizeof(buf)));
	if (!t)
		return -ENOMEM;
	free(v->text);
	*v = (struct conf_val){ t, v->def, num, src, file, line };
	return 0;
}

/* A default that is a system path follows NFSVSOCK_ROOT like every path. */
static int default_text(const struct conf_key *k, char *buf, size_t len)
{
	enum nv_path id;

	if (!k->def_path) {
		if (strlen(k->def) >= len)
			return -ENAMETOOLONG;
		strcpy(buf, k->def);
		return 0;
	}
	id = (enum nv_path)(k->def_path - 1);
	if (!*k->def)
		return nv_path_get(id, buf, len);
	return nv_path_join(id, k->def, buf, len);
}

static int init_defaults(struct conf *c)
{
	const struct conf_key *tab = conf_keys(&c->nkeys);
	char text[PATH_MAX], why[128];
	long long num;
	size_t i;
	int rc;

	c->vals = calloc(c->nkeys, sizeof(*c->vals));
	if (!c->vals)
		return -ENOMEM;
	for (i = 0; i < c->nkeys; i++) {
		if (tab[i].type == CONF_IGNORED)
			continue;
		rc = default_text(&tab[i], text, sizeof(text));
		/* A default the table itself rejects is a bug in the table;
		 * the unit test checks every row, so this does not happen. */
		if (!rc && conf_value_check(&tab[i], text, &num, why, sizeof(why)))
			rc = -EINVAL;
		if (!rc)
			rc = val_set(c, &tab[i], text, num, CONF_SRC_DEFAULT, NULL, 0);
		if (rc)
			return rc;
		c->vals[i].def = strdup(c->vals[i].text);
		if (!c->vals[i].def)
			return -ENOMEM;
	}
	return 0;
}

/* ---- pass 2: check what was read against the table ---- */

static const char *env_entry(const struct conf_reader *r, const char *name)
{
	size_t i;

	for (i = r->nents; i-- > 0;)
		if (!strcmp(r->ents[i].section, "environment") &&
		    !strcasecmp(r->ents[i].key, name))
			return r->ents[i].value;
	return NULL;
}

/* As nfs-utils: "$NAME" is the environment variable NAME when set and not
 * empty, else NAME in [environment], which may be "$OTHER" in turn.
 * NULL when it resolves to nothing, with the reason in why. */
static const char *expand(const struct conf_reader *r, const char *value,
			  char *why, size_t whylen)
{
	const char *env, *next;
	int i;

	for (i = 0; value[0] == '$'; i++) {
		env = getenv(value + 1);
		if (env && *env)
			return env;
		if (i == CONF_MAX_EXPAND) {
			snprintf(why, whylen, "more than %d $ references in a row (a loop?)",
				 CONF_MAX_EXPAND);
			return NULL;
		}
		next = env_entry(r, value + 1);
		if (!next) {
			snprintf(why, whylen, "$%s is set neither in the environment nor in "
				 "[environment]", value + 1);
			return NULL;
		}
		value = next;
	}
	return value;
}

static int bad_value(struct conf_reader *r, const struct conf_entry *e,
		     const struct conf_key *k, const char *expanded, const char *why)
{
	const struct conf_val *v = &r->c->vals[key_index(k)];
	char raw[CONF_EXCERPT], exp[CONF_EXCERPT] = "", def[CONF_EXCERPT];
	char via[CONF_EXCERPT + 16] = "";

	excerpt(e->value, raw, sizeof(raw));
	if (expanded && expanded != e->value) {
		excerpt(expanded, exp, sizeof(exp));
		snprintf(via, sizeof(via), " (expands to %s)", exp);
	}
	if (k->type == CONF_STR)
		excerpt(v->def, def, sizeof(def));
	else
		snprintf(def, sizeof(def), "%s", v->def);
	return diag(r->c, e->seq, CONF_ERROR, e->file, e->line,
		    "[%s] %s = %s%s: %s; ignored (default %s)",
		    k->section, k->key, raw, via, why, def);
}

static int apply_entry(struct conf_reader *r, const struct conf_entry *e)
{
	const struct conf_key *k = conf_key_find(e->section, e->key);
	const char *val;
	char why[160];
	long long num;

	if (!k)
		return diag(r->c, e->seq, CONF_WARNING, e->file, e->line,
			    "[%s] unknown key \"%s\" is ignored (nfs.conf(5) lists the keys)",
			    e->section, e->key);
	if (k->type == CONF_IGNORED)
		return 0;
	val = expand(r, e->value, why, sizeof(why));
	if (!val)
		return bad_value(r, e, k, NULL, why);
	if (conf_value_check(k, val, &num, why, sizeof(why)) < 0)
		return bad_value(r, e, k, val, why);
	return val_set(r->c, k, val, num, CONF_SRC_FILE, e->file, e->line);
}

static int apply_entries(struct conf_reader *r)
{
	size_t i;
	int rc;

	for (i = 0; i < r->nents; i++) {
		if (!strcmp(r->ents[i].section, "environment"))
			continue;
		rc = apply_entry(r, &r->ents[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- pass 1: files and lines ---- */

static int read_file(struct conf_reader *r, const char *path, struct conf_cursor *cur,
		     int *ferr);

static int add_entry(struct conf_reader *r, const struct conf_cursor *cur,
		     const struct conf_line *pl, const char *file, unsigned int line)
{
	struct conf_entry *ents = grow(r->ents, &r->entcap, r->nents, sizeof(*ents));
	struct conf_entry *e;

	if (!ents)
		return -ENOMEM;
	r->ents = ents;
	e = &ents[r->nents];
	*e = (struct conf_entry){ cur->section, pool_add(r, pl->key),
				  pool_add(r, pl->value), file, line, r->seq };
	if (!e->key || !e->value)
		return -ENOMEM;
	r->nents++;
	return 0;
}

/* A relative include is relative to the including file, as in nfs-utils. */
static int include_path(const char *from, const char *name, char *buf, size_t len)
{
	const char *slash = strrchr(from, '/');
	int n;

	if (name[0] == '/' || !slash)
		n = snprintf(buf, len, "%s", name);
	else
		n = snprintf(buf, len, "%.*s/%s", (int)(slash - from), from, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

static bool being_read(const struct conf_reader *r, const char *path)
{
	struct stat st;
	int i;

	if (stat(path, &st) < 0)
		return false;
	for (i = 0; i < r->depth; i++)
		if (r->open[i].dev == st.st_dev && r->open[i].ino == st.st_ino)
			return true;
	return false;
}

/* "include = [-]path": the file is read in place, inheriting the section;
 * with '-' a missing file is fine. */
static int include(struct conf_reader *r, const char *val, const char *file,
		   unsigned int line, const struct conf_cursor *cur)
{
	unsigned long seq = r->seq;
	struct conf_cursor sub = *cur;
	bool optional = (*val == '-');
	char path[PATH_MAX];
	int rc, ferr;

	val += optional;
	if (!*val)
		return diag(r->c, seq, CONF_ERROR, file, line, "include names no file");
	if (include_path(file, val, path, sizeof(path)) < 0)
		return diag(r->c, seq, CONF_ERROR, file, line, "included file name is too long");
	if (r->depth > CONF_MAX_DEPTH)
		return diag(r->c, seq, CONF_ERROR, file, line,
			    "includes nested deeper than %d levels; \"%s\" is not read",
			    CONF_MAX_DEPTH, path);
	if (being_read(r, path))
		return diag(r->c, seq, CONF_ERROR, file, line,
			    "include loop: \"%s\" is already being read; not read again", path);
	rc = read_file(r, path, &sub, &ferr);
	if (rc < 0 || !ferr || (optional && ferr == -ENOENT))
		return rc;
	return diag(r->c, seq, CONF_ERROR, file, line, "cannot read included file \"%s\": %s",
		    path, ferr == -EFBIG ? "it is 1 MiB or larger" :
		    ferr == -EINVAL ? "not a regular file" : strerror(-ferr));
}

static int enter_section(struct conf_reader *r, const struct conf_line *pl,
			 const char *ex, const char *file, unsigned int line,
			 struct conf_cursor *cur)
{
	char *s = pool_add(r, pl->section), *p;

	if (!s)
		return -ENOMEM;
	/* Section names are case-insensitive: nfs-utils lower-cases them. */
	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	cur->section = s;
	cur->subsection = pl->subsection ? pool_add(r, pl->subsection) : NULL;
	cur->skip = false;
	if (pl->subsection && !cur->subsection)
		return -ENOMEM;
	if (pl->junk)
		return diag(r->c, r->seq, CONF_WARNING, file, line,
			    "text after the section name is ignored (%s)", ex);
	return 0;
}

static int assign(struct conf_reader *r, const struct conf_line *pl, const char *ex,
		  const char *file, unsigned int line, const struct conf_cursor *cur)
{
	bool inc = !strcasecmp(pl->key, "include");
	int rc;

	if (cur->skip)
		return 0;
	if (!cur->section)
		return diag(r->c, r->seq, CONF_ERROR, file, line,
			    "%s before any [section] header is ignored, as nfs-utils does (%s)",
			    inc ? "include" : "assignment", ex);
	if (pl->junk) {
		rc = diag(r->c, r->seq, CONF_WARNING, file, line,
			  "text after the closing quote is ignored (%s)", ex);
		if (rc < 0)
			return rc;
	}
	if (inc)
		return include(r, pl->value, file, line, cur);
	/* nfs-utils drops an empty value; so does this toolset. Entries in a
	 * subsection are for other tools: nothing here reads them. */
	if (!*pl->value || cur->subsection)
		return 0;
	if (!conf_section_known(cur->section) && strcmp(cur->section, "environment"))
		return 0;
	return add_entry(r, cur, pl, file, line);
}

static int parse_line(struct conf_reader *r, char *line, size_t len, bool last,
		      const char *file, unsigned int lineno, struct conf_cursor *cur)
{
	struct conf_line pl;
	char ex[CONF_EXCERPT];
	int rc = 0;

	r->seq++;
	if (strlen(line) != len)
		return diag(r->c, r->seq, CONF_ERROR, file, lineno,
			    "line contains a NUL byte and is ignored");
	excerpt(line + strspn(line, " \t"), ex, sizeof(ex));
	conf_line_parse(line, &pl);
	if (last && pl.kind != CONF_LINE_EMPTY)
		rc = diag(r->c, r->seq, CONF_WARNING, file, lineno,
			  "last line has no newline: nfs-utils ignores it, this toolset reads it");
	if (rc < 0)
		return rc;
	switch (pl.kind) {
	case CONF_LINE_EMPTY:
		return 0;
	case CONF_LINE_BAD_SECTION:
		*cur = (struct conf_cursor){ NULL, NULL, true };
		return diag(r->c, r->seq, CONF_ERROR, file, lineno,
			    "%s (%s); lines up to the next section header are ignored",
			    pl.error, ex);
	case CONF_LINE_BAD:
		return diag(r->c, r->seq, CONF_ERROR, file, lineno, "%s (%s)", pl.error, ex);
	case CONF_LINE_SECTION:
		return enter_section(r, &pl, ex, file, lineno, cur);
	case CONF_LINE_ASSIGN:
		return assign(r, &pl, ex, file, lineno, cur);
	}
	return 0;
}

/* Split buf (len bytes, NUL after them) into lines. A backslash before a
 * newline joins the next line, as in nfs-utils; a joined line is reported
 * under the number of its first physical line. */
static int parse_text(struct conf_reader *r, char *buf, size_t len, const char *file,
		      struct conf_cursor *cur)
{
	unsigned int lineno = 1, first;
	size_t pos = 0, i;
	int rc;

	while (pos < len) {
		first = lineno;
		for (i = pos; i < len; i++) {
			if (buf[i] != '\n')
				continue;
			if (i > pos && buf[i - 1] == '\\') {
				buf[i - 1] = buf[i] = ' ';
				lineno++;
				continue;
			}
			break;
		}
		buf[i] = '\0';
		rc = parse_line(r, buf + pos, i - pos, i == len, file, first, cur);
		if (rc < 0)
			return rc;
		pos = i + 1;
		lineno++;
	}
	return 0;
}

static int read_all(int fd, char **bufp, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1), *p;
	ssize_t n = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			p = cap < CONF_MAX_FILE ? realloc(buf, cap * 2 + 1) : NULL;
			if (!p) {
				free(buf);
				return cap < CONF_MAX_FILE ? -ENOMEM : -EFBIG;
			}
			buf = p;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n < 0) {
		n = -errno;
		free(buf);
		return (int)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* /dev/null stands for an empty file: the usual way to mask a drop-in. */
static bool is_dev_null(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

static int slurp(const char *path, char **bufp, size_t *lenp, struct stat *st)
{
	int fd, rc;

	/* O_NONBLOCK: a FIFO where a file belongs must not hang a daemon. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		rc = -errno;
	} else if (is_dev_null(st)) {
		*bufp = calloc(1, 1);
		*lenp = 0;
		rc = *bufp ? 0 : -ENOMEM;
	} else if (!S_ISREG(st->st_mode)) {
		rc = S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	} else {
		/* nfsconf(8) --set rewrites the file under LOCK_EX; wait for
		 * it. A filesystem without flock is no reason to refuse. */
		(void)flock(fd, LOCK_SH);
		rc = read_all(fd, bufp, lenp);
	}
	close(fd);
	return rc;
}

/* Read and parse one file. Returns 0 or -ENOMEM; a problem with the file
 * itself goes to *ferr (-errno) for the caller to word. */
static int read_file(struct conf_reader *r, const char *path, struct conf_cursor *cur,
		     int *ferr)
{
	const char *name;
	struct stat st;
	size_t len = 0;
	char *buf = NULL;
	int rc;

	*ferr = slurp(path, &buf, &len, &st);
	if (*ferr)
		return *ferr == -ENOMEM ? -ENOMEM : 0;
	name = file_add(r->c, path);
	if (!name) {
		free(buf);
		return -ENOMEM;
	}
	r->open[r->depth].dev = st.st_dev;
	r->open[r->depth].ino = st.st_ino;
	r->depth++;
	rc = parse_text(r, buf, len, name, cur);
	r->depth--;
	free(buf);
	return rc;
}

/* The main file or a drop-in: a missing one is simply not there. */
static int read_top(struct conf_reader *r, const char *path)
{
	struct conf_cursor cur = { NULL, NULL, false };
	int rc, ferr;

	rc = read_file(r, path, &cur, &ferr);
	if (rc < 0 || !ferr || ferr == -ENOENT)
		return rc;
	return diag(r->c, r->seq, CONF_ERROR, path, 0, "cannot read: %s",
		    ferr == -EFBIG ? "it is 1 MiB or larger" :
		    ferr == -EINVAL ? "not a regular file" : strerror(-ferr));
}

/* nfs-utils reads NAME.conf files, not hidden ones, in versionsort order. */
static int dropin_wanted(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	if (d->d_name[0] == '.')
		return 0;
	if (d->d_type != DT_REG && d->d_type != DT_LNK && d->d_type != DT_UNKNOWN)
		return 0;
	return n > 5 && !strcmp(d->d_name + n - 5, ".conf");
}

static int read_dropins(struct conf_reader *r, const char *dir)
{
	struct dirent **names;
	char path[PATH_MAX];
	int n, i, rc = 0;

	n = scandir(dir, &names, dropin_wanted, versionsort);
	if (n < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return diag(r->c, r->seq, CONF_ERROR, dir, 0, "cannot list the directory: %s",
			    strerror(errno));
	}
	for (i = 0; i < n; i++) {
		if (!rc && snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) >=
			   (int)sizeof(path))
			rc = diag(r->c, r->seq, CONF_ERROR, dir, 0,
				  "file name too long: %s", names[i]->d_name);
		else if (!rc)
			rc = read_top(r, path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- the public API ---- */

static int diag_order(const void *a, const void *b)
{
	const struct conf_slot *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void reader_free(struct conf_reader *r)
{
	size_t i;

	for (i = 0; i < r->npool; i++)
		free(r->pool[i]);
	free(r->pool);
	free(r->ents);
}

static int conf_paths(const char *path, char *file, char *dir, size_t len)
{
	int rc;

	if (!path) {
		rc = nv_path_get(NV_PATH_NFS_CONF, file, len);
		return rc < 0 ? rc : nv_path_get(NV_PATH_NFS_CONF_D, dir, len);
	}
	if (snprintf(file, len, "%s", path) >= (int)len ||
	    snprintf(dir, len, "%s.d", path) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int conf_load(struct conf **out, const char *path)
{
	struct conf_reader r = { 0 };
	char file[PATH_MAX], dir[PATH_MAX];
	int rc;

	if (!out || (path && !*path))
		return -EINVAL;
	*out = NULL;
	rc = conf_paths(path, file, dir, sizeof(file));
	if (rc < 0)
		return rc;
	r.c = calloc(1, sizeof(*r.c));
	if (!r.c)
		return -ENOMEM;
	rc = init_defaults(r.c);
	if (!rc)
		rc = read_top(&r, file);
	if (!rc)
		rc = read_dropins(&r, dir);
	if (!rc)
		rc = apply_entries(&r);
	reader_free(&r);
	if (rc < 0) {
		conf_free(r.c);
		return rc;
	}
	if (r.c->ndiags > 1)
		qsort(r.c->diags, r.c->ndiags, sizeof(*r.c->diags), diag_order);
	*out = r.c;
	return 0;
}

void conf_free(struct conf *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->vals && i < c->nkeys; i++) {
		free(c->vals[i].text);
		free(c->vals[i].def);
	}
	for (i = 0; i < c->ndiags; i++)
		free((char *)c->diags[i].d.message);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->vals);
	free(c->diags);
	free(c->files);
	free(c);
}

size_t conf_ndiags(const struct conf *c)
{
	return c ? c->ndiags : 0;
}

size_t conf_nerrors(const struct conf *c)
{
	return c ? c->nerrors : 0;
}

const struct conf_diag *conf_diag(const struct conf *c, size_t i)
{
	return (c && i < c->ndiags) ? &c->diags[i].d : NULL;
}

int conf_diag_format(const struct conf_diag *d, char *buf, size_t len)
{
	int n;

	if (!d || !buf || !len)
		return -EINVAL;
	if (!d->file)
		n = snprintf(buf, len, "%s", d->message);
	else if (!d->line)
		n = snprintf(buf, len, "%s: %s", d->file, d->message);
	else
		n = snprintf(buf, len, "%s:%u: %s", d->file, d->line, d->message);
	if (n < 0)
		return -EINVAL;
	return (size_t)n >= len ? -ENOSPC : n;
}

/* The value of a key programs may read; type -1 accepts any type. */
static int lookup(const struct conf *c, const char *section, const char *key, int type,
		  const struct conf_val **v)
{
	const struct conf_key *k;

	if (!c || !section || !key)
		return -EINVAL;
	k = conf_key_find(section, key);
	if (!k || k->type == CONF_IGNORED)
		return -ENOENT;
	if (type >= 0 && (int)k->type != type)
		return -EINVAL;
	*v = &c->vals[key_index(k)];
	return 0;
}

int conf_get_bool(const struct conf *c, const char *section, const char *key, bool *out)
{
	const struct conf_val *v;
	int rc = lookup(c, section, key, CONF_BOOL, &v);

	if (!rc && out)
		*out = v->num != 0;
	return rc;
}

int conf_get_int(const struct conf *c, const char *section, const char *key, long long *out)
{
	const struct conf_val *v;
	int rc = lookup(c, section, key, CONF_INT, &v);

	if (!rc && out)
		*out = v->num;
	return rc;
}

int conf_get_enum(const struct conf *c, const char *section, const char *key,
		  unsigned int *idx)
{
	const struct conf_val *v;
	int rc = lookup(c, section, key, CONF_ENUM, &v);

	if (!rc && idx)
		*idx = (unsigned int)v->num;
	return rc;
}

int conf_get_str(const struct conf *c, const char *section, const char *key, const char **out)
{
	const struct conf_val *v;
	int rc = lookup(c, section, key, -1, &v);

	if (!rc && out)
		*out = v->text;
	return rc;
}

int conf_set(struct conf *c, const char *section, const char *key, const char *value,
	     char *msg, size_t msglen)
{
	const struct conf_key *k;
	char why[160], ex[CONF_EXCERPT], unused[1];
	long long num;
	int rc;

	if (!msg || !msglen) {
		msg = unused;
		msglen = sizeof(unused);
	}
	if (!c || !section || !key || !value)
		return -EINVAL;
	k = conf_key_find(section, key);
	if (!k || k->type == CONF_IGNORED) {
		snprintf(msg, msglen, "[%s] %s: %s", section, key,
			 k ? "not read by nfs-vsock-utils" : "no such key (see nfs.conf(5))");
		return -ENOENT;
	}
	rc = conf_value_check(k, value, &num, why, sizeof(why));
	if (rc < 0) {
		excerpt(value, ex, sizeof(ex));
		snprintf(msg, msglen, "[%s] %s = %s: %s", k->section, k->key, ex, why);
		return rc;
	}
	rc = val_set(c, k, value, num, CONF_SRC_CMDLINE, NULL, 0);
	if (rc < 0)
		snprintf(msg, msglen, "[%s] %s: out of memory", k->section, k->key);
	return rc;
}

static bool section_wanted(const char *const *sections, const char *section)
{
	if (!sections)
		return true;
	for (; *sections; sections++)
		if (!strcasecmp(*sections, section))
			return true;
	return false;
}

int conf_next(const struct conf *c, const char *const *sections, size_t *pos,
	      struct conf_item *item)
{
	const struct conf_key *tab;
	const struct conf_val *v;
	size_t n;

	if (!c || !pos || !item)
		return -EINVAL;
	tab = conf_keys(&n);
	for (; *pos < n; (*pos)++) {
		if (tab[*pos].type == CONF_IGNORED ||
		    !section_wanted(sections, tab[*pos].section))
			continue;
		v = &c->vals[*pos];
		*item = (struct conf_item){ &tab[*pos], v->text, v->source, v->file, v->line };
		(*pos)++;
		return 1;
	}
	return 0;
}

int conf_source_format(const struct conf_item *item, char *buf, size_t len)
{
	int n;

	if (!item || !buf || !len)
		return -EINVAL;
	if (item->source == CONF_SRC_FILE)
		n = snprintf(buf, len, "%s:%u", item->file, item->line);
	else
		n = snprintf(buf, len, "%s",
			     item->source == CONF_SRC_CMDLINE ? "command line" : "default");
	if (n < 0)
		return -EINVAL;
	return (size_t)n >= len ? -ENOSPC : n;
}
