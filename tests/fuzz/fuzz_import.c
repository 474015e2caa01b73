/*
 * fuzz_import.c: the whole way in and back out. The input is a byte of
 * options followed by up to four CSV files separated by two 0x1e bytes.
 * The files are imported by the real `evidence import` command (header
 * recognition, csvio, validate, model) into a fresh in-memory database,
 * which may first hold the tests/data/core fixtures so rows are updated as
 * well as added. When the import succeeds, the read commands run over what
 * it stored (every topic queried, every article reported, every claim
 * explained, every record shown) in the format the options pick: whatever
 * import accepts, grading and the formats must handle.
 *
 * Properties checked besides memory safety:
 * - a failed import leaves the database exactly as it was;
 * - importing the same files again succeeds and changes nothing;
 * - --dry-run succeeds exactly when the real import does, writing nothing.
 *
 * Options byte: bit 0 preload the fixtures, bit 1 compare with --dry-run,
 * bits 2-4 --kind (1-4: articles, studies, claims, evidence), bits 5-7 the
 * output format (5-7: table with colour).
 */
#define _GNU_SOURCE /* memfd_create */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz.h"
#include "util.h"
#include "validate.h"

extern const struct ev_cmd ev_cmd_import, ev_cmd_query, ev_cmd_report, ev_cmd_explain, ev_cmd_show,
	ev_cmd_topics;
/* cli.c looks commands up here (main.c's table is not linked). */
const struct ev_cmd *const ev_commands[] = {&ev_cmd_explain, &ev_cmd_import, &ev_cmd_query, &ev_cmd_report,
					    &ev_cmd_show,    &ev_cmd_topics, NULL};

#define MAX_FILES 4
#define MAX_KEYS 6 /* read commands run for at most this many keys of each kind */

static unsigned char *fixture;   /* the preloaded database image */
static sqlite3_int64 fixture_size;
static FILE *devnull;

/* A digest of every row of every table, to compare database states. */
static uint64_t digest(sqlite3 *h)
{
	uint64_t d = 1469598103934665603ull;
	sqlite3_stmt *tables = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
				      &tables, NULL) == SQLITE_OK,
		   "%s", sqlite3_errmsg(h));
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		/* Table names come from our own schema, never from the input. */
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY 1, 2", name);
		sqlite3_stmt *st = NULL;
		FUZZ_CHECK(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
		sqlite3_free(sql);
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
	sqlite3_finalize(tables);
	return d;
}

/* Opens a fresh in-memory database, holding the fixtures when asked. */
static void open_db(struct ev_ctx *ctx, int preload)
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
		/* sqlite3_deserialize drops the connection's settings with the
		 * old database; foreign keys are per connection and stay. */
	}
}

static void close_db(struct ev_ctx *ctx)
{
	if (ctx->db_open)
		ev_db_close(&ctx->db);
	ctx->db_open = 0;
}

/* Runs a command with a NULL-terminated argument list on ctx. */
static int run_cmd(struct ev_ctx *ctx, const struct ev_cmd *cmd, const char *const *args)
{
	char *argv[16];
	int argc = 0;
	argv[argc++] = (char *)cmd->name;
	for (; *args && argc < 15; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	ctx->cmd = cmd;
	ev_set_command(cmd->name);
	return cmd->run(ctx, argc, argv);
}

static void reset_ctx(struct ev_ctx *ctx, enum ev_format fmt, int color)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->out.fmt = fmt;
	ctx->out.fp = devnull;
	ctx->out.header = 1;
	ctx->color = color ? EV_COLOR_ALWAYS : EV_COLOR_NEVER;
}

/* Imports the files (as /dev/fd paths) into ctx's open database. (Not
 * const: C does not convert char (*)[32] to const char (*)[32].) */
// cppcheck-suppress constParameter
static int import(struct ev_ctx *ctx, char paths[][32], int nfiles, int dry_run, int kind)
{
	const char *args[MAX_FILES + 4];
	int n = 0;
	if (dry_run)
		args[n++] = "--dry-run";
	if (kind) {
		args[n++] = "--kind";
		args[n++] = ev_kind_plurals[kind - 1];
	}
	for (int i = 0; i < nfiles; i++)
		args[n++] = paths[i];
	args[n] = NULL;
	return run_cmd(ctx, &ev_cmd_import, args);
}

/* Runs `cmd [kind] KEY` for the first keys `sql` lists. */
static void each_key(struct ev_ctx *ctx, const char *sql, const struct ev_cmd *cmd, const char *kind)
{
	char *keys[MAX_KEYS];
	int n = 0;
	sqlite3_stmt *st = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(ctx->db.h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(ctx->db.h));
	while (n < MAX_KEYS && sqlite3_step(st) == SQLITE_ROW)
		keys[n++] = ev_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		const char *args[] = {kind ? kind : keys[i], kind ? keys[i] : NULL, NULL};
		int rc = run_cmd(ctx, cmd, args);
		FUZZ_CHECK(rc == EV_OK, "%s %s %s failed on data import accepted", cmd->name, kind ? kind : "",
			   keys[i]);
		free(keys[i]);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = {"articles.csv", "studies.csv", "claims.csv", "evidence.csv"};
	const char *dir = getenv("EV_FUZZ_FIXTURES");
	char paths[MAX_FILES][32];
	FILE *files[MAX_FILES] = {NULL};
	struct ev_ctx ctx;
	(void)argc;
	(void)argv;
	ev_quiet = 1;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	/* The fixtures are imported once, through the command, and the
	 * resulting database image is copied into each run that asks. */
	if (!dir)
		dir = "tests/data/core";
	for (int i = 0; i < MAX_FILES; i++) {
		char *p = ev_xasprintf("%s/%s", dir, names[i]);
		files[i] = fopen(p, "rb");
		free(p);
		if (!files[i]) {
			fprintf(stderr, "fuzz_import: no fixtures in %s (set EV_FUZZ_FIXTURES); not preloading\n", dir);
			goto done;
		}
		snprintf(paths[i], sizeof paths[i], "/dev/fd/%d", fileno(files[i]));
	}
	reset_ctx(&ctx, EV_FMT_CSV, 0);
	open_db(&ctx, 0);
	FUZZ_CHECK(import(&ctx, paths, MAX_FILES, 0, 0) == EV_OK, "the fixtures do not import");
	fixture = sqlite3_serialize(ctx.db.h, "main", &fixture_size, 0);
	close_db(&ctx);
done:
	for (int i = 0; i < MAX_FILES; i++)
		if (files[i])
			fclose(files[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sep[2] = {0x1e, 0x1e};
	char paths[MAX_FILES][32];
	int fds[MAX_FILES], nfiles = 0;
	struct ev_ctx ctx;
	if (size < 1)
		return 0;
	int opts = data[0];
	int preload = opts & 1, dry = (opts >> 1) & 1, kind = (opts >> 2) & 7;
	int fmt = (opts >> 5) & 7;
	if (kind > 4)
		kind = 0;
	data++;
	size--;

	/* Each file lives in memory; its /dev/fd path is what import opens. */
	while (nfiles < MAX_FILES) {
		const uint8_t *end = memmem(data, size, sep, sizeof sep);
		size_t len = end && nfiles + 1 < MAX_FILES ? (size_t)(end - data) : size;
		int fd = memfd_create("fuzz.csv", 0);
		FUZZ_CHECK(fd >= 0, "memfd_create failed");
		FUZZ_CHECK(len == 0 || write(fd, data, len) == (ssize_t)len, "write failed");
		fds[nfiles] = fd;
		snprintf(paths[nfiles], sizeof paths[nfiles], "/dev/fd/%d", fd);
		nfiles++;
		if (len == size)
			break;
		data += len + sizeof sep;
		size -= len + sizeof sep;
	}

	reset_ctx(&ctx, fmt < EV_FMT_COUNT ? (enum ev_format)fmt : EV_FMT_TABLE, fmt >= EV_FMT_COUNT);
	int dry_rc = -1;
	if (dry) {
		open_db(&ctx, preload);
		uint64_t before = digest(ctx.db.h);
		dry_rc = import(&ctx, paths, nfiles, 1, kind);
		/* A successful dry run closes the database itself. */
		if (ctx.db_open)
			FUZZ_CHECK(digest(ctx.db.h) == before, "a failed dry run changed the database");
		close_db(&ctx);
		reset_ctx(&ctx, fmt < EV_FMT_COUNT ? (enum ev_format)fmt : EV_FMT_TABLE, fmt >= EV_FMT_COUNT);
	}

	open_db(&ctx, preload);
	uint64_t before = digest(ctx.db.h);
	int rc = import(&ctx, paths, nfiles, 0, kind);
	if (dry)
		FUZZ_CHECK(rc == dry_rc, "--dry-run said %d, the import %d", dry_rc, rc);
	if (rc != EV_OK) {
		FUZZ_CHECK(digest(ctx.db.h) == before, "a failed import changed the database");
	} else {
		uint64_t after = digest(ctx.db.h);
		FUZZ_CHECK(import(&ctx, paths, nfiles, 0, kind) == EV_OK, "importing the same files again failed");
		FUZZ_CHECK(digest(ctx.db.h) == after, "importing the same files again changed the database");
		/* Read everything back in the chosen format. */
		run_cmd(&ctx, &ev_cmd_topics, (const char *const[]){NULL});
		each_key(&ctx, "SELECT key FROM topics ORDER BY key", &ev_cmd_query, NULL);
		each_key(&ctx, "SELECT key FROM articles ORDER BY key", &ev_cmd_report, NULL);
		each_key(&ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_explain, NULL);
		each_key(&ctx, "SELECT key FROM studies ORDER BY id DESC", &ev_cmd_show, "study");
		each_key(&ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_show, "claim");
		each_key(&ctx, "SELECT key FROM articles ORDER BY id DESC", &ev_cmd_show, "article");
	}
	close_db(&ctx);
	for (int i = 0; i < nfiles; i++)
		close(fds[i]);
	return 0;
}
