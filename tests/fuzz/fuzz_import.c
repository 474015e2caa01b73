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
	const char *argv[MAX_FILES];
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
		fds[nfiles] = mem_file(data, len, paths[nfiles]);
		argv[nfiles] = paths[nfiles];
		nfiles++;
		if (len == size)
			break;
		data += len + sizeof sep;
		size -= len + sizeof sep;
	}

	const char *kname = kind ? ev_kind_plurals[kind - 1] : NULL;
	reset_ctx(&ctx, fmt < FUZZ_TABLE_FORMATS ? (enum ev_format)fmt : EV_FMT_TABLE, fmt >= FUZZ_TABLE_FORMATS);
	int dry_rc = -1;
	if (dry) {
		open_db(&ctx, preload);
		uint64_t before = digest(ctx.db.h);
		dry_rc = import(&ctx, argv, nfiles, 1, kname);
		/* A successful dry run closes the database itself. */
		if (ctx.db_open)
			FUZZ_CHECK(digest(ctx.db.h) == before, "a failed dry run changed the database");
		close_db(&ctx);
		reset_ctx(&ctx, fmt < FUZZ_TABLE_FORMATS ? (enum ev_format)fmt : EV_FMT_TABLE, fmt >= FUZZ_TABLE_FORMATS);
	}

	open_db(&ctx, preload);
	uint64_t before = digest(ctx.db.h);
	int rc = import(&ctx, argv, nfiles, 0, kname);
	if (dry)
		FUZZ_CHECK(rc == dry_rc, "--dry-run said %d, the import %d", dry_rc, rc);
	if (rc != EV_OK) {
		FUZZ_CHECK(digest(ctx.db.h) == before, "a failed import changed the database");
	} else {
		uint64_t after = digest(ctx.db.h);
		FUZZ_CHECK(import(&ctx, argv, nfiles, 0, kname) == EV_OK, "importing the same files again failed");
		FUZZ_CHECK(digest(ctx.db.h) == after, "importing the same files again changed the database");
		/* Read everything back in the chosen format: all must work. */
		read_everything(&ctx, 1);
	}
	close_db(&ctx);
	for (int i = 0; i < nfiles; i++)
		close(fds[i]);
	return 0;
}
