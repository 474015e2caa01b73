/*
 * commands.h: running evidence's commands inside a fuzz harness, for the
 * harnesses that go through the real commands (fuzz_import, fuzz_dbread):
 * the command table cli.c looks names up in, a fixture database built once
 * and copied into each run, and running a read command with its output
 * checked. Static inline so each harness takes what it uses.
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
	return cmd->run(ctx, argc, argv);
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

/* Imports the files (as /dev/fd paths) into ctx's open database. (Not
 * const: C does not convert char (*)[32] to const char (*)[32].) */
// cppcheck-suppress constParameter
static inline int import(struct ev_ctx *ctx, char paths[][32], int nfiles, int dry_run, int kind)
{
	const char *args[MAX_FILES + 4];
	int n = 0;
	if (dry_run)
		args[n++] = "--dry-run";
	if (kind) {
		args[n++] = "--kind";
		args[n++] = ev_kind_plurals[kind - 1];
	}
	for (int i = 0; i < nfiles && i < MAX_FILES; i++)
		args[n++] = paths[i];
	args[n] = NULL;
	return run_cmd(ctx, &ev_cmd_import, args);
}

/* Runs a read command, its output caught in memory: it must succeed or
 * fail with EV_FAIL (must_succeed: succeed), and JSON it prints must
 * parse. Returns the command's status. */
static inline int run_read(struct ev_ctx *ctx, const struct ev_cmd *cmd, const char *const *args, int must_succeed)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	ctx->out.fp = fp;
	int rc = run_cmd(ctx, cmd, args);
	fclose(fp);
	ctx->out.fp = stdout;
	FUZZ_CHECK(rc == EV_OK || (rc == EV_FAIL && !must_succeed), "%s %s: status %d", cmd->name,
		   args[0] ? args[0] : "", rc);
	if (rc == EV_OK && ctx->out.fmt == EV_FMT_JSON) {
		json_error_t err;
		json_t *doc = json_loadb(out, len, 0, &err);
		FUZZ_CHECK(doc != NULL, "%s %s printed JSON that does not parse: %s", cmd->name, args[0] ? args[0] : "",
			   err.text);
		json_decref(doc);
	}
	free(out);
	return rc;
}

/* Runs `cmd [kind] KEY` for the first keys `sql` lists (see run_read). */
static inline void each_key(struct ev_ctx *ctx, const char *sql, const struct ev_cmd *cmd, const char *kind,
			    int must_succeed)
{
	char *keys[MAX_KEYS];
	int n = 0;
	sqlite3_stmt *st = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(ctx->db.h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(ctx->db.h));
	while (n < MAX_KEYS && sqlite3_step(st) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		keys[n++] = ev_xstrdup(k ? k : "");
	}
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		/* "--": a key from a changed database may start with '-'. */
		const char *args[] = {kind ? kind : "--", kind ? "--" : keys[i], kind ? keys[i] : NULL, NULL};
		run_read(ctx, cmd, args, must_succeed);
		free(keys[i]);
	}
}

/* Every read command over the first keys of each kind. */
static inline void read_everything(struct ev_ctx *ctx, int must_succeed)
{
	run_read(ctx, &ev_cmd_topics, (const char *const[]){NULL}, must_succeed);
	each_key(ctx, "SELECT key FROM topics ORDER BY key", &ev_cmd_query, NULL, must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY key", &ev_cmd_report, NULL, must_succeed);
	each_key(ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_explain, NULL, must_succeed);
	each_key(ctx, "SELECT key FROM studies ORDER BY id DESC", &ev_cmd_show, "study", must_succeed);
	each_key(ctx, "SELECT key FROM claims ORDER BY id DESC", &ev_cmd_show, "claim", must_succeed);
	each_key(ctx, "SELECT key FROM articles ORDER BY id DESC", &ev_cmd_show, "article", must_succeed);
}

/* Builds the fixture image once: the four files of $EV_FUZZ_FIXTURES
 * (default tests/data/core) imported through the command. */
static inline void load_fixture(void)
{
	static const char *const names[] = {"articles.csv", "studies.csv", "claims.csv", "evidence.csv"};
	const char *dir = getenv("EV_FUZZ_FIXTURES");
	char paths[MAX_FILES][32];
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
}

#endif
