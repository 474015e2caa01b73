/*
 * fuzz_dbread.c: the read commands over a database changed behind
 * evidence's back. A citation database is a file people share, and other
 * programs (sqlite3, DB Browser, scripts) can write anything into it,
 * CHECK constraints switched off included. Whatever they wrote, a read
 * command must answer or refuse with a message: never crash, never print
 * JSON that does not parse.
 *
 * Input: a byte choosing the output format (mod 5; bit 3 colour), then
 * changes to the tests/data/core fixture database, each
 * [table][row][column][type] followed by the value's bytes up to 0x1f:
 * table (mod 5) articles, studies, claims, evidence, topics; row and column
 * taken modulo what the table has; type (mod 5) NULL, an integer (the
 * value's bytes, little-endian), a real (its 8 bytes), text (the bytes as
 * they are, UTF-8 or not), a blob. Changes run with foreign keys and CHECK
 * constraints off; those SQLite itself refuses (STRICT types, NOT NULL,
 * UNIQUE) are skipped. Then every read command runs over the first keys
 * of every kind.
 */
#include "commands.h"

static const char *const tables[] = {"articles", "studies", "claims", "evidence", "topics"};

/* Applies one change; SQLite's refusals are expected and ignored. */
static void change(sqlite3 *h, const uint8_t *c, const uint8_t *value, size_t n)
{
	const char *table = tables[c[0] % 5];
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info('%q')", table);
	int ncols = 0, nrows = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		ncols = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		nrows = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	if (!ncols || !nrows)
		return;
	/* The column's name, from the schema (never from the input). */
	sql = sqlite3_mprintf("SELECT name FROM pragma_table_info('%q') WHERE cid = %d", table, c[2] % ncols);
	char *column = NULL;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		column = ev_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_free(sql);
	if (!column)
		return;
	sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = ?1 WHERE rowid = (SELECT rowid FROM \"%w\" ORDER BY rowid "
			      "LIMIT 1 OFFSET %d)",
			      table, column, table, c[1] % nrows);
	free(column);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		int64_t i = 0;
		double d = 0;
		switch (c[3] % 5) {
		case 0:
			sqlite3_bind_null(st, 1);
			break;
		case 1:
			for (size_t k = 0; k < n && k < 8; k++)
				i |= (int64_t)((uint64_t)value[k] << (8 * k));
			sqlite3_bind_int64(st, 1, i);
			break;
		case 2:
			memcpy(&d, value, n < sizeof d ? n : sizeof d);
			sqlite3_bind_double(st, 1, d);
			break;
		case 3:
			sqlite3_bind_text(st, 1, (const char *)value, (int)n, SQLITE_TRANSIENT);
			break;
		default:
			sqlite3_bind_blob(st, 1, value, (int)n, SQLITE_TRANSIENT);
		}
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	load_fixture();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_ctx ctx;
	if (size < 1)
		return 0;
	reset_ctx(&ctx, (enum ev_format)(data[0] % FUZZ_TABLE_FORMATS), (data[0] >> 3) & 1);
	open_db(&ctx, 1);
	sqlite3 *h = ctx.db.h;
	sqlite3_exec(h, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
	const uint8_t *p = data + 1, *end = data + size;
	while (end - p >= 4) {
		const uint8_t *v = p + 4, *e = memchr(v, 0x1f, (size_t)(end - v));
		size_t n = (size_t)((e ? e : end) - v);
		change(h, p, v, n);
		p = e ? e + 1 : end;
	}
	sqlite3_exec(h, "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	read_everything(&ctx, 0);
	close_db(&ctx);
	return 0;
}
