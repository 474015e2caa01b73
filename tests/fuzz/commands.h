/*
 * commands.h: running evidence's commands inside a fuzz harness, for the
 * harnesses that go through the real commands (fuzz_import, fuzz_dbread,
 * fuzz_pubmed, fuzz_medline, fuzz_cite, fuzz_html, fuzz_curate): the
 * command table cli.c looks names up in, a fixture database built once and
 * copied into each run, input files in memory, a digest of a database's
 * whole content, and running read commands with their output checked.
 * Static inline so each harness takes what it uses.
 */
#ifndef EV_FUZZ_COMMANDS_H
#define EV_FUZZ_COMMANDS_H

#define _GNU_SOURCE /* memfd_create, memmem, open_memstream */
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "domain.h"
#include "fuzz.h"
#include "util.h"
#include "validate.h"

extern const struct ev_cmd ev_cmd_add, ev_cmd_audit, ev_cmd_dump, ev_cmd_edit, ev_cmd_explain, ev_cmd_export,
	ev_cmd_import, ev_cmd_link, ev_cmd_log, ev_cmd_plot, ev_cmd_query, ev_cmd_report, ev_cmd_rm, ev_cmd_show,
	ev_cmd_sof, ev_cmd_studies, ev_cmd_topics;
/* cli.c looks commands up here (main.c's table is not linked), in name
 * order as main.c keeps it. */
const struct ev_cmd *const ev_commands[] = {
	&ev_cmd_add,  &ev_cmd_audit, &ev_cmd_dump,  &ev_cmd_edit,   &ev_cmd_explain, &ev_cmd_export,
	&ev_cmd_import, &ev_cmd_link, &ev_cmd_log,  &ev_cmd_plot,   &ev_cmd_query,   &ev_cmd_report,
	&ev_cmd_rm,   &ev_cmd_show,  &ev_cmd_sof,   &ev_cmd_studies, &ev_cmd_topics, NULL};

#define MAX_FILES 4
#define MAX_KEYS 6 /* read commands run for at most this many keys of each kind */

static unsigned char *fixture;   /* the fixture database image (tests/data/core) */
static sqlite3_int64 fixture_size;

/* Opens a fresh in-memory database, holding the fixtures when asked. */
static inline void open_db(struct ev_ctx *ctx, int preload)
{
	FUZZ_CHECK(ev_db_open(&ctx->db, ":memory:", EV_DB_CREATE) == 0, "cannot open :memory:");
	ctx->db.created = 0; /* never unlink anything on discard */
	ctx->db_open = 1;
	if (preload && fixture) {
		unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)fixture_size);
		FUZZ_CHECK(copy != NULL, "out of memory");
		memcpy(copy, fixture, (size_t)fixture_size);
		FUZZ_CHECK(sqlite3_deserialize(ctx->db.h, "main", copy, fixture_size, fixture_size,
					       SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) ==
				   SQLITE_OK,
			   "deserialize: %s", sqlite3_errmsg(ctx->db.h));
		/* Connection settings (foreign keys) outlive the swap. */
	}
}

static inline void close_db(struct ev_ctx *ctx)
{
	if (ctx->db_open)
		ev_db_close(&ctx->db);
	ctx->db_open = 0;
}

/* Runs a command with a NULL-terminated argument list on ctx. */
static inline int run_cmd(struct ev_ctx *ctx, const struct ev_cmd *cmd, const char *const *args)
{
	char *argv[16];
	int argc = 0;
	argv[argc++] = (char *)cmd->name;
	for (; *args && argc < 15; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	ctx->cmd = cmd;
	ev_set_command(cmd->name);
	return ev_cli_run(ctx, argc, argv);
}

/* A context printing in `fmt` (with colour when asked) to nowhere yet. */
static inline void reset_ctx(struct ev_ctx *ctx, enum ev_format fmt, int color)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->out.fmt = fmt;
	ctx->out.fp = stdout; /* run_read catches what read commands print */
	ctx->out.header = 1;
	ctx->color = color ? EV_COLOR_ALWAYS : EV_COLOR_NEVER;
}

/* Imports the files into ctx's open database; `kind` is 0 (recognised
 * from the header) or what --kind takes ("studies", "pubmed", ...). */
static inline int import(struct ev_ctx *ctx, const char *const *paths, int nfiles, int dry_run, const char *kind)
{
	const char *args[MAX_FILES + 5];
	int n = 0;
	if (dry_run)
		args[n++] = "--dry-run";
	if (kind) {
		args[n++] = "--kind";
		args[n++] = kind;
	}
	args[n++] = "--";
	for (int i = 0; i < nfiles && i < MAX_FILES; i++)
		args[n++] = paths[i];
	args[n] = NULL;
	return run_cmd(ctx, &ev_cmd_import, args);
}

/* An input file in memory: its bytes in a memfd, named by its /dev/fd
 * path (what commands open). Returns the descriptor; close it after. */
static inline int mem_file(const void *data, size_t len, char path[32])
{
	int fd = memfd_create("fuzz-input", 0);
	FUZZ_CHECK(fd >= 0, "memfd_create failed");
	FUZZ_CHECK(len == 0 || write(fd, data, len) == (ssize_t)len, "write failed");
	snprintf(path, 32, "/dev/fd/%d", fd);
	return fd;
}

/* Whether PRAGMA quick_check finds nothing wrong: among what it checks,
 * every row's CHECK and NOT NULL constraints. */
static inline int quick_check_ok(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
	int ok = sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	if (!ok)
		fprintf(stderr, "quick_check: %s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return ok;
}

/* A digest of every row of every table, to compare database states. */
static inline uint64_t digest(sqlite3 *h)
{
	uint64_t d = 1469598103934665603ull;
	sqlite3_stmt *names = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
				      &names, NULL) == SQLITE_OK,
		   "%s", sqlite3_errmsg(h));
	while (sqlite3_step(names) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(names, 0);
		/* Table names come from our own schema, never from the input.
		 * Rows in the order of all their columns, whatever the table. */
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		sqlite3_stmt *st = NULL;
		FUZZ_CHECK(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
		int ncols = sqlite3_column_count(st);
		sqlite3_finalize(st);
		st = NULL;
		char *order = sqlite3_mprintf("%s ORDER BY 1", sql);
		for (int c = 2; c <= ncols; c++) {
			char *more = sqlite3_mprintf("%s, %d", order, c);
			sqlite3_free(order);
			order = more;
		}
		sqlite3_free(sql);
		FUZZ_CHECK(sqlite3_prepare_v2(h, order, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
		sqlite3_free(order);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *p = sqlite3_column_blob(st, i);
				int n = sqlite3_column_bytes(st, i);
				d = (d ^ (uint64_t)sqlite3_column_type(st, i)) * 1099511628211ull;
				for (int k = 0; k < n; k++)
					d = (d ^ p[k]) * 1099511628211ull;
				d = (d ^ 0xff) * 1099511628211ull;
			}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(names);
	return d;
}

/* A fresh, empty folder for files a command writes (dump): in /dev/shm
 * when there is one, where the command's fsync costs nothing. */
static inline void make_tmpdir(char dir[64])
{
	struct stat sb;
	const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp";
	snprintf(dir, 64, "%s/evidence-fuzz-XXXXXX", base);
	FUZZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp %s failed", dir);
}

/* Removes a folder made by make_tmpdir and the files in it. */
static inline void remove_tmpdir(const char *dir)
{
	static const char *const names[] = {"articles.csv", "studies.csv", "claims.csv", "evidence.csv"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = ev_xasprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	FUZZ_CHECK(rmdir(dir) == 0, "%s is not empty after the command", dir);
}

/* The bytes of a file (allocated; *n its length), or NULL when there is
 * none. */
static inline char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	FUZZ_CHECK(mem != NULL, "open_memstream");
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fwrite(chunk, 1, got, mem);
	fclose(fp);
	fclose(mem);
	*n = len;
	return buf;
}

/* What a read command printed, and its status. */
struct output {
	char *text; /* allocated; free it */
	size_t len;
	int rc;
};

/* Runs a command with its output caught in memory, in the format its
 * arguments ask for (ctx's format again afterwards). */
static inline struct output capture(struct ev_ctx *ctx, const struct ev_cmd *cmd, const char *const *args)
{
	struct output o = {NULL, 0, 0};
	enum ev_format fmt = ctx->out.fmt;
	int given = ctx->format_given;
	FILE *fp = open_memstream(&o.text, &o.len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	ctx->out.fp = fp;
	if (cmd->default_format != EV_FMT_TABLE && !given)
		ctx->out.fmt = cmd->default_format; /* as main.c sets it */
	o.rc = run_cmd(ctx, cmd, args);
	fclose(fp);
	ctx->out.fp = stdout;
	ctx->out.fmt = fmt;
	ctx->format_given = given;
	return o;
}

/* Whether output in format f is a JSON document. */
static inline int is_json(enum ev_format f)
{
	return f == EV_FMT_JSON || f == EV_FMT_CSL_JSON || f == EV_FMT_CLAIMREVIEW;
}

/* Runs a read command, its output caught in memory: it must succeed (or
 * find problems, EV_FOUND) or fail with EV_FAIL (must_succeed: not
 * fail), and JSON it prints must parse. Returns the command's status. */
static inline int run_read(struct ev_ctx *ctx, const struct ev_cmd *cmd, const char *const *args, int must_succeed)
{
	enum ev_format before = ctx->out.fmt;
	/* The format the command will print in: its --format, else ctx's. */
	enum ev_format fmt = cmd->default_format != EV_FMT_TABLE && !ctx->format_given ? cmd->default_format : before;
	for (int i = 0; args[i] && args[i + 1]; i++)
		if (strcmp(args[i], "--format") == 0) {
			int f = ev_lookup(ev_format_names, args[i + 1]);
			if (f >= 0)
				fmt = (enum ev_format)f;
		}
	struct output o = capture(ctx, cmd, args);
	FUZZ_CHECK(o.rc == EV_OK || o.rc == EV_FOUND || (o.rc == EV_FAIL && !must_succeed), "%s %s: status %d",
		   cmd->name, args[0] ? args[0] : "", o.rc);
	if (o.rc != EV_FAIL && is_json(fmt)) {
		json_error_t err;
		json_t *doc = json_loadb(o.text, o.len, 0, &err);
		FUZZ_CHECK(doc != NULL, "%s %s printed JSON that does not parse: %s", cmd->name, args[0] ? args[0] : "",
			   err.text);
		json_decref(doc);
	}
	free(o.text);
	return o.rc;
}

/* The first keys `sql` lists (at most MAX_KEYS; each allocated). */
static inline int first_keys(struct ev_ctx *ctx, const char *sql, char *keys[MAX_KEYS])
{
	int n = 0;
	sqlite3_stmt *st = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(ctx->db.h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(ctx->db.h));
	while (n < MAX_KEYS && sqlite3_step(st) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		keys[n++] = ev_xstrdup(k ? k : "");
	}
	sqlite3_finalize(st);
	return n;
}

/* Runs cmd for the first keys `sql` lists, with the arguments of `tmpl`
 * (NULL-terminated, at most 12): "%k" is the key, an argument ending in
 * "=%k" gets the key in its place (see run_read). Keys go after "--" or
 * as --option=KEY, since a key from a changed database may start with
 * '-'. */
static inline void each_key(struct ev_ctx *ctx, const char *sql, const struct ev_cmd *cmd,
			    const char *const *tmpl, int must_succeed)
{
	char *key[MAX_KEYS];
	int n = first_keys(ctx, sql, key);
	for (int i = 0; i < n; i++) {
		const char *args[13];
		char *owned[12];
		int k = 0, nowned = 0;
		for (; k < 12 && tmpl[k]; k++) {
			size_t len = strlen(tmpl[k]);
			if (strcmp(tmpl[k], "%k") == 0) {
				args[k] = key[i];
			} else if (len >= 3 && strcmp(tmpl[k] + len - 3, "=%k") == 0) {
				owned[nowned] = ev_xasprintf("%.*s%s", (int)(len - 2), tmpl[k], key[i]);
				args[k] = owned[nowned++];
			} else {
				args[k] = tmpl[k];
			}
		}
		args[k] = NULL;
		run_read(ctx, cmd, args, must_succeed);
		for (int j = 0; j < nowned; j++)
			free(owned[j]);
		free(key[i]);
	}
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* `dump` into a fresh folder. With must_succeed (a database evidence
 * wrote itself), the files must import into an empty database and dump
 * again to the same bytes, as `evidence dump --help` promises. */
static inline void dump_roundtrip(struct ev_ctx *ctx, int must_succeed)
{
	static const char *const names[] = {"articles.csv", "studies.csv", "claims.csv", "evidence.csv"};
	char a[64];
	make_tmpdir(a);
	int rc = run_cmd(ctx, &ev_cmd_dump, ARGS("--", a));
	FUZZ_CHECK(rc == EV_OK || (rc == EV_FAIL && !must_succeed), "dump: status %d", rc);
	if (rc == EV_OK && must_succeed) {
		char *path[MAX_FILES], *first[MAX_FILES];
		size_t len[MAX_FILES];
		const char *paths[MAX_FILES];
		int n = 0;
		for (int i = 0; i < MAX_FILES; i++) {
			path[i] = ev_xasprintf("%s/%s", a, names[i]);
			first[i] = slurp(path[i], &len[i]);
			if (first[i])
				paths[n++] = path[i];
		}
		if (n) {
			struct ev_ctx fresh;
			reset_ctx(&fresh, EV_FMT_CSV, 0);
			open_db(&fresh, 0);
			FUZZ_CHECK(import(&fresh, paths, n, 0, NULL) == EV_OK, "the dumped files do not import");
			char b[64];
			make_tmpdir(b);
			FUZZ_CHECK(run_cmd(&fresh, &ev_cmd_dump, ARGS("--", b)) == EV_OK, "the second dump failed");
			close_db(&fresh);
			for (int i = 0; i < MAX_FILES; i++) {
				char *p = ev_xasprintf("%s/%s", b, names[i]);
				size_t l2 = 0;
				char *again = slurp(p, &l2);
				FUZZ_CHECK(!first[i] == !again, "%s: dumped once but not twice", names[i]);
				FUZZ_CHECK(!first[i] || (l2 == len[i] && memcmp(first[i], again, l2) == 0),
					   "%s differs after a dump, an import and a dump", names[i]);
				free(again);
				free(p);
			}
			remove_tmpdir(b);
		}
		for (int i = 0; i < MAX_FILES; i++) {
			free(path[i]);
			free(first[i]);
		}
	}
	remove_tmpdir(a);
}

/* The formats export writes besides the five tables. */
static const char *const citation_formats[] = {"bibtex", "ris", "csl-json", "vancouver", "apa"};

/* Every read command over the first keys of each kind. */
static inline void read_everything(struct ev_ctx *ctx, int must_succeed)
{
	run_read(ctx, &ev_cmd_topics, ARGS(NULL), must_succeed);
	each_key(ctx, "SELECT key FROM topics ORDER BY key", &ev_cmd_query, ARGS("--", "%k"), must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY key", &ev_cmd_report, ARGS("--", "%k"), must_succeed);
	each_key(ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_explain, ARGS("--", "%k"), must_succeed);
	each_key(ctx, "SELECT key FROM studies ORDER BY id DESC", &ev_cmd_show, ARGS("study", "--", "%k"),
		 must_succeed);
	each_key(ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_show, ARGS("claim", "--", "%k"), must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY id DESC", &ev_cmd_show, ARGS("article", "--", "%k"),
		 must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY id DESC", &ev_cmd_audit, ARGS("--", "%k"), must_succeed);
	/* Summary of Findings: a key may name a claim and an article at
	 * once in fuzzed data, so --as says which. */
	each_key(ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_sof, ARGS("--as", "claim", "--", "%k"),
		 must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY key", &ev_cmd_sof,
		 ARGS("--as", "article", "--baseline-risk", "0.2", "--", "%k"), must_succeed);
	/* Export: every study in the table format asked for (csv for the
	 * aligned table, which export does not write) and as citations;
	 * the studies of one topic and one article; ClaimReview. */
	const char *table = ctx->out.fmt == EV_FMT_TABLE ? "csv" : ev_format_names[ctx->out.fmt];
	run_read(ctx, &ev_cmd_export, ARGS("--format", table), must_succeed);
	for (size_t i = 0; i < sizeof citation_formats / sizeof citation_formats[0]; i++)
		run_read(ctx, &ev_cmd_export, ARGS("--format", citation_formats[i]), must_succeed);
	each_key(ctx, "SELECT key FROM topics ORDER BY key LIMIT 1", &ev_cmd_export, ARGS("--format", "json", "--topic=%k"),
		 must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY key LIMIT 1", &ev_cmd_export,
		 ARGS("--format", "markdown", "--article=%k"), must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY key LIMIT 2", &ev_cmd_export,
		 ARGS("--format", "claimreview", "--review-date", "2025-06-01", "--reviewer", "Desk", "--review-url",
		      "https://example.org/r", "--article=%k"),
		 must_succeed);
	dump_roundtrip(ctx, must_succeed);
}

/* The properties every import must have, for files given to `import`
 * with `kind` (as import() takes it) into a fresh copy of the database
 * (the fixtures when `preload`), output in fmt (coloured when `color`):
 * with `dry`, a --dry-run first changes nothing and agrees with the
 * import; a failed import changes nothing; a successful one, repeated,
 * succeeds and changes nothing; and then every read command works. */
static inline void check_import(const char *const *paths, int nfiles, const char *kind, int preload, int dry,
				enum ev_format fmt, int color)
{
	struct ev_ctx ctx;
	int dry_rc = -1;
	if (dry) {
		reset_ctx(&ctx, fmt, color);
		open_db(&ctx, preload);
		uint64_t before = digest(ctx.db.h);
		dry_rc = import(&ctx, paths, nfiles, 1, kind);
		/* A successful dry run closes the database itself. */
		if (ctx.db_open)
			FUZZ_CHECK(digest(ctx.db.h) == before, "a failed dry run changed the database");
		close_db(&ctx);
	}
	reset_ctx(&ctx, fmt, color);
	open_db(&ctx, preload);
	uint64_t before = digest(ctx.db.h);
	int rc = import(&ctx, paths, nfiles, 0, kind);
	if (dry)
		FUZZ_CHECK(rc == dry_rc, "--dry-run said %d, the import %d", dry_rc, rc);
	if (rc != EV_OK) {
		FUZZ_CHECK(digest(ctx.db.h) == before, "a failed import changed the database");
	} else {
		/* A bulk load leaves the CHECK constraints to validate.c
		 * (model.c, ev_model_bulk_begin): whatever it stored must
		 * satisfy them all the same. */
		FUZZ_CHECK(quick_check_ok(ctx.db.h), "the import stored a row the schema's CHECK constraints refuse");
		uint64_t after = digest(ctx.db.h);
		FUZZ_CHECK(import(&ctx, paths, nfiles, 0, kind) == EV_OK, "importing the same files again failed");
		FUZZ_CHECK(digest(ctx.db.h) == after, "importing the same files again changed the database");
		read_everything(&ctx, 1);
	}
	close_db(&ctx);
}

/* Builds the fixture image once: the four files of $EV_FUZZ_FIXTURES
 * (default tests/data/core) imported through the command. */
static inline void load_fixture(void)
{
	static const char *const names[] = {"articles.csv", "studies.csv", "claims.csv", "evidence.csv"};
	const char *dir = getenv("EV_FUZZ_FIXTURES");
	char paths[MAX_FILES][32];
	const char *argv[MAX_FILES];
	FILE *files[MAX_FILES] = {NULL};
	struct ev_ctx ctx;
	ev_quiet = 1;
	if (!dir)
		dir = "tests/data/core";
	for (int i = 0; i < MAX_FILES; i++) {
		char *p = ev_xasprintf("%s/%s", dir, names[i]);
		files[i] = fopen(p, "rb");
		free(p);
		if (!files[i]) {
			fprintf(stderr, "fuzz: no fixtures in %s (set EV_FUZZ_FIXTURES); starting from empty\n", dir);
			goto done;
		}
		snprintf(paths[i], sizeof paths[i], "/dev/fd/%d", fileno(files[i]));
		argv[i] = paths[i];
	}
	reset_ctx(&ctx, EV_FMT_CSV, 0);
	open_db(&ctx, 0);
	FUZZ_CHECK(import(&ctx, argv, MAX_FILES, 0, NULL) == EV_OK, "the fixtures do not import");
	fixture = sqlite3_serialize(ctx.db.h, "main", &fixture_size, 0);
	close_db(&ctx);
done:
	for (int i = 0; i < MAX_FILES; i++)
		if (files[i])
			fclose(files[i]);
}

#endif
