/*
 * fuzz_medline.c: PubMed's MEDLINE format: the reader (medline.c), the
 * records it makes turned into studies (pubmed.c), and the MEDLINE import
 * through the real `import` command.
 *
 * Input: an options byte, then the bytes of one file. The reader reads
 * the file twice, whole and fed in pieces of 1 to 8 bytes (by the options),
 * and each record it delivers becomes a reference and a study record as
 * import makes them. Then the file is imported into a fresh in-memory
 * database (empty, or holding the tests/data/core fixtures), recognised
 * from its first line or with --kind medline; when that succeeds, every
 * read command runs over the result.
 *
 * Options byte: bit 0 preload the fixtures, bit 1 --kind medline, bit 2
 * compare with --dry-run, bits 3-5 the piece size less one, bits 6-7 the
 * format of the read commands (table, csv, tsv, json).
 *
 * Properties checked besides memory safety:
 * - the records, their fields and lines, and the error and its line do
 *   not depend on how the input is cut into pieces;
 * - a field's tag is one to four capitals or digits; its value is what
 *   its lines hold, trimmed, joined by single spaces: no line break, no
 *   NUL, no space or tab at either end, len its length; its line is at
 *   least its record's, and never goes down within a record; records
 *   start on lines that go up; the count is the number of records
 *   delivered; a reader that stopped stays stopped;
 * - turning a record into a study reports problems by study column (or
 *   PT, the publication types), each one line of UTF-8;
 * - the import, as in fuzz_pubmed: a failure changes nothing, importing
 *   again changes nothing, --dry-run agrees, what was imported reads back.
 */
#include "commands.h"
#include "medline.h"
#include "pubmed.h"

/* What the reader reported, written down to compare two readings. */
struct log {
	struct ev_buf b;
	long records;
	long last_line; /* the line of the last record */
	int errors;
};

static void on_problem(void *ud, const char *column, const char *msg)
{
	(void)ud;
	FUZZ_CHECK(column && (ev_field_index(EV_STUDY, column) >= 0 || strcmp(column, "PT") == 0),
		   "a problem with no study column: %s", msg);
	size_t n = strlen(msg);
	FUZZ_CHECK(n > 0 && ev_utf8_invalid_at(msg, n) < 0, "the message for '%s' is empty or not UTF-8", column);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)msg[i] >= 0x20 && msg[i] != 0x7f, "the message for '%s' holds a control byte",
			   column);
}

static int on_record(void *ud, const struct ev_medline_record *rec)
{
	struct log *l = ud;
	FUZZ_CHECK(rec->nfields > 0, "a record without fields");
	FUZZ_CHECK(rec->line > l->last_line, "a record on line %ld after one on line %ld", rec->line, l->last_line);
	l->last_line = rec->line;
	l->records++;
	ev_buf_addf(&l->b, "R %ld %d\n", rec->line, rec->nfields);
	long prev = rec->line;
	for (int i = 0; i < rec->nfields; i++) {
		const struct ev_medline_field *f = &rec->field[i];
		size_t t = strlen(f->tag);
		FUZZ_CHECK(t >= 1 && t <= 4 && strspn(f->tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == t,
			   "the tag '%s'", f->tag);
		FUZZ_CHECK(strlen(f->value) == f->len, "%s: the value's length is %zu, not %zu", f->tag, strlen(f->value),
			   f->len);
		FUZZ_CHECK(!memchr(f->value, '\n', f->len), "%s: a line break in the value", f->tag);
		FUZZ_CHECK(!f->len || (!strchr(" \t", f->value[0]) && !strchr(" \t", f->value[f->len - 1])),
			   "%s: the value '%s' is not trimmed", f->tag, f->value);
		FUZZ_CHECK(f->line >= prev, "%s: line %ld after line %ld", f->tag, f->line, prev);
		prev = f->line;
		ev_buf_addf(&l->b, "%s %ld %zu ", f->tag, f->line, f->len);
		ev_buf_add(&l->b, f->value, f->len);
		ev_buf_addc(&l->b, '\n');
	}
	/* As import turns it into a study. */
	struct ev_ref ref;
	struct ev_record r = {0};
	unsigned char present[EV_MAX_FIELDS];
	ev_ref_from_medline(&ref, rec);
	FUZZ_CHECK(ref.start == rec->line, "the reference starts on line %ld, the record on %ld", ref.start, rec->line);
	if (ev_ref_to_record(&ref, &r, present, on_problem, NULL) == 0)
		ev_ref_new_study(&ref, &r, present);
	ev_record_free(&r);
	ev_ref_free(&ref);
	return 0;
}

static void on_error(void *ud, long line, const char *msg)
{
	struct log *l = ud;
	FUZZ_CHECK(!l->errors, "a second error after the reader stopped: %s", msg);
	FUZZ_CHECK(line >= 1, "an error on line %ld", line);
	l->errors++;
	ev_buf_addf(&l->b, "E %ld %s\n", line, msg);
}

/* Reads data in pieces of `piece` bytes (0: whole) and logs what came. */
static void read_all(const uint8_t *data, size_t size, size_t piece, struct log *l)
{
	memset(l, 0, sizeof *l);
	struct ev_medline *m = ev_medline_new(on_record, on_error, l);
	int rc = 0;
	for (size_t at = 0; at < size && rc == 0;) {
		size_t n = piece && size - at > piece ? piece : size - at;
		rc = ev_medline_feed(m, data + at, n);
		at += n;
	}
	if (rc == 0)
		rc = ev_medline_finish(m);
	FUZZ_CHECK(rc == (l->errors ? -1 : 0), "the reader returned %d after %d errors", rc, l->errors);
	FUZZ_CHECK(ev_medline_count(m) == l->records, "the count is %ld, %ld records came", ev_medline_count(m),
		   l->records);
	/* Stopped means stopped. */
	if (rc)
		FUZZ_CHECK(ev_medline_feed(m, "PMID- 1\n", 8) == -1 && ev_medline_finish(m) == -1,
			   "the reader went on after stopping");
	ev_buf_addf(&l->b, "= %d\n", rc);
	ev_medline_free(m);
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
	char path[32];
	if (size < 1)
		return 0;
	int opts = data[0], preload = opts & 1, dry = (opts >> 2) & 1;
	size_t piece = 1 + (size_t)((opts >> 3) & 7);
	enum ev_format fmt = (enum ev_format)((opts >> 6) & 3);
	const char *kind = (opts >> 1) & 1 ? "medline" : NULL;
	data++;
	size--;

	struct log whole, pieces;
	read_all(data, size, 0, &whole);
	read_all(data, size, piece, &pieces);
	FUZZ_CHECK(whole.b.len == pieces.b.len && memcmp(whole.b.data, pieces.b.data, whole.b.len) == 0,
		   "read whole:\n%s\nread in pieces of %zu:\n%s", ev_buf_str(&whole.b), piece, ev_buf_str(&pieces.b));
	ev_buf_free(&whole.b);
	ev_buf_free(&pieces.b);

	int fd = mem_file(data, size, path);
	const char *paths[] = {path};
	check_import(paths, 1, kind, preload, dry, fmt, 0);
	close(fd);
	return 0;
}
