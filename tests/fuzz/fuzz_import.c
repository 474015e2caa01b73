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
	check_import(argv, nfiles, kname, preload, dry, fmt < FUZZ_TABLE_FORMATS ? (enum ev_format)fmt : EV_FMT_TABLE,
		     fmt >= FUZZ_TABLE_FORMATS);
	for (int i = 0; i < nfiles; i++)
		close(fds[i]);
	return 0;
}
