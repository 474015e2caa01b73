/*
 * fuzz_csv.c: the CSV reader (csvio.c, on libcsv) and the CSV writer of
 * the output layer (ev_out_csv_row), against each other.
 *
 * The input is a byte saying how to feed the reader (bits 0-2: 0 all at
 * once, else in pieces of 1 << (k - 1) bytes) followed by the CSV text.
 * Properties checked besides memory safety:
 * - the records and the problem reported do not depend on how the input
 *   is cut into pieces (the byte-order mark check and libcsv's state carry
 *   over between pieces);
 * - line numbers start at 1 and never go down;
 * - records written back as CSV and read again are the same records, so
 *   what evidence writes, evidence (and any RFC 4180 reader) reads back
 *   unchanged (a first field that starts like a byte-order mark included).
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fuzz.h"
#include "out.h"
#include "util.h"

/* What a parse produced, as comparable text: "L<line>:<n>" then
 * "<len>:<bytes>" per field for each record, "E<line>:<field>:<message>"
 * for the problem that stopped reading. */
struct trace {
	struct ev_buf text;
	long last_line;
	int nul;          /* some field holds a NUL byte (cannot be written back) */
	int failed;       /* a problem stopped reading */
	struct rec {
		char **f;  /* copies of the fields, for writing back */
		int n;
	} *rec;
	size_t n, cap;
};

static int on_row(void *ud, const struct ev_csv_record *rec)
{
	struct trace *t = ud;
	FUZZ_CHECK(rec->line >= 1 && rec->line >= t->last_line, "line %ld after %ld", rec->line, t->last_line);
	FUZZ_CHECK(rec->nfields >= 1 && rec->nfields <= EV_CSV_MAX_FIELDS, "%d fields", rec->nfields);
	t->last_line = rec->line;
	ev_buf_addf(&t->text, "L%ld:%d", rec->line, rec->nfields);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rec = ev_xrealloc(t->rec, t->cap * sizeof *t->rec);
	}
	char **copy = ev_xcalloc((size_t)rec->nfields, sizeof *copy);
	for (int i = 0; i < rec->nfields; i++) {
		FUZZ_CHECK(rec->field[i][rec->len[i]] == '\0', "field %d is not terminated", i);
		ev_buf_addf(&t->text, " %zu:", rec->len[i]);
		ev_buf_add(&t->text, rec->field[i], rec->len[i]);
		if (memchr(rec->field[i], '\0', rec->len[i]))
			t->nul = 1;
		copy[i] = ev_xstrndup(rec->field[i], rec->len[i]);
	}
	ev_buf_addc(&t->text, '\n');
	t->rec[t->n].f = copy;
	t->rec[t->n].n = rec->nfields;
	t->n++;
	return 0;
}

static void on_error(void *ud, long line, int field, const char *msg)
{
	struct trace *t = ud;
	FUZZ_CHECK(line >= 1, "problem on line %ld", line);
	FUZZ_CHECK(field >= -1 && field < EV_CSV_MAX_FIELDS + 1, "problem in field %d", field);
	t->failed = 1;
	ev_buf_addf(&t->text, "E%ld:%d:%s\n", line, field, msg);
}

static void trace_free(struct trace *t)
{
	for (size_t r = 0; r < t->n; r++) {
		for (int i = 0; i < t->rec[r].n; i++)
			free(t->rec[r].f[i]);
		free(t->rec[r].f);
	}
	free(t->rec);
	ev_buf_free(&t->text);
	memset(t, 0, sizeof *t);
}

/* Parses data fed in pieces of `step` bytes (0: at once). */
static void parse(struct trace *t, const uint8_t *data, size_t size, size_t step)
{
	memset(t, 0, sizeof *t);
	struct ev_csv *c = ev_csv_new(',', on_row, on_error, t);
	FUZZ_CHECK(c != NULL, "no reader");
	size_t off = 0;
	int stopped = 0;
	while (off < size && !stopped) {
		size_t n = step && size - off > step ? step : size - off;
		stopped = ev_csv_feed(c, data + off, n) != 0;
		off += n;
	}
	if (!stopped)
		ev_csv_finish(c);
	ev_csv_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace whole, pieces, again;
	if (size < 1)
		return 0;
	unsigned k = data[0] & 7;
	data++;
	size--;

	parse(&whole, data, size, 0);
	parse(&pieces, data, size, k ? (size_t)1 << (k - 1) : 1);
	FUZZ_CHECK(whole.text.len == pieces.text.len && memcmp(ev_buf_str(&whole.text), ev_buf_str(&pieces.text),
								whole.text.len) == 0,
		   "fed whole:\n%s\nfed in pieces:\n%s", ev_buf_str(&whole.text), ev_buf_str(&pieces.text));

	/* Write the records back (only when reading succeeded and no field
	 * holds a NUL, which text cells cannot carry) and read them again. */
	if (!whole.failed && !whole.nul) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		FUZZ_CHECK(fp != NULL, "open_memstream");
		struct ev_out o = {.fmt = EV_FMT_CSV, .fp = fp, .header = 1};
		for (size_t r = 0; r < whole.n; r++)
			ev_out_csv_row(&o, (const char *const *)whole.rec[r].f, whole.rec[r].n);
		fclose(fp);
		parse(&again, (const uint8_t *)buf, len, 0);
		FUZZ_CHECK(!again.failed, "what was written does not read back:\n%s", ev_buf_str(&again.text));
		FUZZ_CHECK(again.n == whole.n, "%zu records written, %zu read back:\n%s", whole.n, again.n, buf);
		for (size_t r = 0; r < whole.n; r++) {
			const struct rec *a = &whole.rec[r], *b = &again.rec[r];
			FUZZ_CHECK(a->n == b->n, "record %zu: %d fields written, %d read back", r, a->n, b->n);
			for (int i = 0; i < a->n; i++)
				FUZZ_CHECK(strcmp(a->f[i], b->f[i]) == 0, "record %zu field %d: wrote '%s', read back '%s'",
					   r, i, a->f[i], b->f[i]);
		}
		trace_free(&again);
		free(buf);
	}
	trace_free(&whole);
	trace_free(&pieces);
	return 0;
}
