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
#include "commands.h"

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
	sqlite3_finalize(tables);
	return d;
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
		/* Read everything back in the chosen format: all must work. */
		read_everything(&ctx, 1);
	}
	close_db(&ctx);
	for (int i = 0; i < nfiles; i++)
		close(fds[i]);
	return 0;
}
