/*
 * fuzz_refmgr.c: the reference manager readers (ris.c, csljson.c, and
 * bibtex.c on libbtparse), then the file through the real `import`.
 *
 * Input: an options byte, then the bytes of one file.
 *
 * Options byte: bits 0-1 the reader (RIS, CSL-JSON, BibTeX; 3: only the
 * import, recognising the file from its content), bit 2 preload the
 * tests/data/core fixtures, bit 3 compare with --dry-run, bits 4-5 the
 * format of the read commands.
 *
 * Properties checked besides memory safety:
 * - a reader returns the number of entries it delivered, or -1 after
 *   reporting at least one problem; every problem is one non-empty line
 *   with a line number between 1 and the file's lines (+1);
 * - every field an entry holds is non-empty and trimmed, with a source
 *   name and a line within the file; a key is non-empty; the authors
 *   read back through ev_names_parse;
 * - the import, as for the other formats: a failure changes nothing,
 *   importing again changes nothing, --dry-run agrees, what was
 *   imported reads back.
 */
#include "commands.h"
#include "cite.h"
#include "refmgr.h"

struct seen {
	long lines;
	long entries;
	int errors;
};

static int on_entry(void *ud, struct ev_bibentry *e)
{
	struct seen *s = ud;
	s->entries++;
	FUZZ_CHECK(e->ref.start >= 1 && e->ref.start <= s->lines + 1, "an entry on line %ld of %ld", e->ref.start,
		   s->lines);
	FUZZ_CHECK(!e->key || *e->key, "an empty key");
	for (int i = 0; i < EV_REF_COUNT; i++) {
		const char *v = e->ref.value[i];
		if (!v)
			continue;
		size_t n = strlen(v);
		FUZZ_CHECK(n > 0 && !strchr(" \t\r\n", v[0]) && !strchr(" \t\r\n", v[n - 1]),
			   "field %s is empty or untrimmed: '%s'", ev_ref_columns[i], v);
		FUZZ_CHECK(e->ref.origin[i] && *e->ref.origin[i], "field %s has no source name", ev_ref_columns[i]);
		FUZZ_CHECK(e->ref.line[i] >= 1 && e->ref.line[i] <= s->lines + 1, "field %s on line %ld of %ld",
			   ev_ref_columns[i], e->ref.line[i], s->lines);
	}
	struct ev_names nm;
	ev_names_parse(e->ref.value[EV_REF_AUTHORS], &nm);
	FUZZ_CHECK(!e->ref.value[EV_REF_AUTHORS] || nm.n > 0 || nm.et_al, "authors '%s' read back as no names",
		   e->ref.value[EV_REF_AUTHORS]);
	ev_names_free(&nm);
	return 0;
}

static void on_error(void *ud, long line, const char *field, const char *msg)
{
	struct seen *s = ud;
	s->errors++;
	FUZZ_CHECK(line >= 0 && line <= s->lines + 1, "a problem on line %ld of %ld: %s", line, s->lines, msg);
	FUZZ_CHECK(!field || *field, "an empty field name");
	FUZZ_CHECK(msg && *msg && !strchr(msg, '\n'), "a problem that is empty or not one line");
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
	static const char *const kinds[] = {"ris", "csl-json", "bibtex", NULL};
	char path[32];
	if (size < 1)
		return 0;
	int opts = data[0], reader = opts & 3, preload = (opts >> 2) & 1, dry = (opts >> 3) & 1;
	enum ev_format fmt = (enum ev_format)((opts >> 4) & 3);
	data++;
	size--;
	struct seen s = {1, 0, 0};
	for (size_t i = 0; i < size; i++)
		s.lines += data[i] == '\n';

	long n = 0;
	const char *text = (const char *)data;
	if (reader == 0) {
		n = ev_ris_read(text, size, on_entry, on_error, &s);
	} else if (reader == 1) {
		n = ev_csljson_read(text, size, on_entry, on_error, &s);
	} else if (reader == 2) {
		n = ev_bibtex_read(text, size, "fuzz.bib", on_entry, on_error, &s);
	}
	if (reader < 3) {
		if (n < 0)
			FUZZ_CHECK(s.errors > 0, "a reader failed without saying why");
		else
			FUZZ_CHECK(n == s.entries && s.errors == 0, "%ld entries returned, %ld delivered, %d problems", n,
				   s.entries, s.errors);
	}

	int fd = mem_file(data, size, path);
	const char *paths[] = {path};
	check_import(paths, 1, kinds[reader], preload, dry, fmt, 0);
	close(fd);
	return 0;
}
