/*
 * fuzz_output.c: the output layer (out.c) with hostile cell text: every
 * table format, headings, lines and items, colour and terminal fitting.
 *
 * Input: byte 0 the format (mod 5), byte 1 the number of columns (1 + b %
 * 8), byte 2 flags (bit 0 colour, bit 1 no header row, bits 2-7 a terminal
 * width of 4 * (b >> 2) columns, 0 for none), then one style byte per
 * column, then the cells separated by 0x1f: the first row are the headers,
 * the rest fill the table row by row. A cell that is exactly 0x1e has no
 * value (NULL); a cell starting with 0x1d is an integer cell.
 *
 * Properties checked besides memory safety, each format read back the way
 * its readers would:
 * - csv: an RFC 4180 reader (csvio) gives back every cell exactly;
 * - tsv: undoing the backslash escapes gives back every cell exactly;
 * - json: jansson parses it into one object per row, each with every
 *   column: text cells as the same string (U+FFFD for bytes that are not
 *   UTF-8), integer cells as numbers, NULL as null;
 * - markdown: one line per row, each with exactly one unescaped '|' per
 *   column boundary (a cell cannot break the table);
 * - table: one line per row (a cell cannot add lines), no trailing blanks;
 * - table, markdown and prose carry no control characters but newline and
 *   tab, and no escape sequence but colour (a cell cannot clear the
 *   screen, move the cursor or retitle the terminal).
 */
#define _GNU_SOURCE /* open_memstream */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fuzz.h"
#include "out.h"
#include "util.h"

#define MAX_COLS 8
#define NULL_CELL 0x1e
#define INT_CELL 0x1d

struct cells {
	char **v;      /* NULL entries: no value */
	int *is_int;
	size_t n;
};

/* Splits the input into cells (allocates). */
static void split(const uint8_t *p, size_t size, struct cells *c)
{
	size_t cap = 16;
	c->v = ev_xcalloc(cap, sizeof *c->v);
	c->is_int = ev_xcalloc(cap, sizeof *c->is_int);
	c->n = 0;
	const uint8_t *end = p + size;
	for (;;) {
		const uint8_t *q = memchr(p, 0x1f, (size_t)(end - p));
		size_t len = (size_t)((q ? q : end) - p);
		if (c->n == cap) {
			cap *= 2;
			c->v = ev_xrealloc(c->v, cap * sizeof *c->v);
			c->is_int = ev_xrealloc(c->is_int, cap * sizeof *c->is_int);
		}
		c->is_int[c->n] = 0;
		if (len == 1 && p[0] == NULL_CELL) {
			c->v[c->n] = NULL;
		} else if (len >= 1 && p[0] == INT_CELL) {
			/* The output layer prints integer cells from long long. */
			long long x = 0;
			for (size_t i = 1; i < len && i < 18; i++)
				x = x * 10 + (p[i] % 10);
			c->v[c->n] = ev_xasprintf("%lld", len > 1 && p[1] & 0x80 ? -x : x);
			c->is_int[c->n] = 1;
		} else {
			/* Cells are C strings: text stops at a NUL byte. */
			char *s = ev_xstrndup((const char *)p, len);
			c->v[c->n] = ev_xstrndup(s, strlen(s));
			free(s);
		}
		c->n++;
		if (!q)
			break;
		p = q + 1;
	}
}

static void cells_free(struct cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	free(c->is_int);
}

/* The text a cell should read back as in csv/tsv: a short last row is
 * printed padded with empty cells. */
static const char *want(const struct cells *c, size_t i) { return i < c->n && c->v[i] ? c->v[i] : ""; }

/* ---- csv ----------------------------------------------------------- */

struct readback {
	const struct cells *c;
	size_t next;      /* next cell index expected */
	int ncols, failed;
	long records;
};

static int csv_row(void *ud, const struct ev_csv_record *rec)
{
	struct readback *r = ud;
	FUZZ_CHECK(rec->nfields == r->ncols, "record %ld has %d fields, the table %d columns", r->records,
		   rec->nfields, r->ncols);
	for (int i = 0; i < rec->nfields; i++, r->next++)
		FUZZ_CHECK(rec->len[i] == strlen(rec->field[i]) && strcmp(rec->field[i], want(r->c, r->next)) == 0,
			   "cell %zu: printed '%s', read back '%s'", r->next, want(r->c, r->next), rec->field[i]);
	r->records++;
	return 0;
}

static void csv_error(void *ud, long line, int field, const char *msg)
{
	struct readback *r = ud;
	(void)field;
	r->failed = 1;
	FUZZ_CHECK(0, "the csv output does not read back: line %ld: %s", line, msg);
}

/* ---- json ----------------------------------------------------------- */

/* Whether s is what a cell's text becomes in JSON: the same when it is
 * UTF-8, else each invalid byte replaced by U+FFFD. */
static int same_text(const char *cell, const char *s)
{
	struct ev_buf b = EV_BUF_INIT;
	size_t n = strlen(cell);
	const char *p = cell;
	while (n) {
		long bad = ev_utf8_invalid_at(p, n);
		if (bad < 0) {
			ev_buf_add(&b, p, n);
			break;
		}
		ev_buf_add(&b, p, (size_t)bad);
		ev_buf_adds(&b, "\xef\xbf\xbd");
		p += bad + 1;
		n -= (size_t)bad + 1;
	}
	int same = strcmp(ev_buf_str(&b), s) == 0;
	ev_buf_free(&b);
	return same;
}

static void check_json(const char *out, const struct cells *c, int ncols, size_t rows, char **headers)
{
	json_error_t err;
	json_t *doc = json_loads(out, 0, &err);
	FUZZ_CHECK(doc != NULL, "the json output does not parse: %s (line %d)\n%s", err.text, err.line, out);
	FUZZ_CHECK(json_is_array(doc) && json_array_size(doc) == rows, "%zu rows printed as %zu", rows,
		   json_array_size(doc));
	for (size_t r = 0; r < rows; r++) {
		json_t *obj = json_array_get(doc, r);
		FUZZ_CHECK(json_is_object(obj) && json_object_size(obj) == (size_t)ncols,
			   "row %zu has %zu fields, the table %d columns", r, json_object_size(obj), ncols);
		for (int k = 0; k < ncols; k++) {
			size_t i = (size_t)ncols * (r + 1) + (size_t)k;
			json_t *v = json_object_get(obj, headers[k]);
			FUZZ_CHECK(v != NULL, "row %zu lacks column '%s'", r, headers[k]);
			if (i >= c->n || !c->v[i])
				FUZZ_CHECK(json_is_null(v), "row %zu column %d: NULL printed as non-null", r, k);
			else if (c->is_int[i])
				FUZZ_CHECK(json_is_integer(v) && json_integer_value(v) == strtoll(c->v[i], NULL, 10),
					   "row %zu column %d: integer %s misprinted", r, k, c->v[i]);
			else
				FUZZ_CHECK(json_is_string(v) && same_text(c->v[i], json_string_value(v)),
					   "row %zu column %d: '%s' printed as '%s'", r, k, c->v[i],
					   json_is_string(v) ? json_string_value(v) : "(not a string)");
		}
	}
	json_decref(doc);
}

/* ---- tsv, markdown, table ---------------------------------------------- */

static char **lines_of(const char *out, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	for (const char *p = out; *p;) {
		const char *e = strchr(p, '\n');
		FUZZ_CHECK(e != NULL, "the output does not end with a newline");
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = ev_xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = ev_xstrndup(p, (size_t)(e - p));
		p = e + 1;
	}
	return v;
}

static void check_tsv(const char *out, const struct cells *c, int ncols, size_t rows, int header)
{
	size_t n;
	char **lines = lines_of(out, &n);
	FUZZ_CHECK(n == rows + (header ? 1 : 0), "%zu rows printed as %zu lines:\n%s", rows, n, out);
	for (size_t l = 0; l < n; l++) {
		size_t i = (size_t)ncols * (l + (header ? 0 : 1));
		struct ev_buf cell = EV_BUF_INIT;
		int col = 0;
		for (const char *p = lines[l];; p++) {
			if (*p == '\t' || !*p) {
				FUZZ_CHECK(strcmp(ev_buf_str(&cell), want(c, i + (size_t)col)) == 0,
					   "line %zu column %d: '%s' read back as '%s'", l, col, want(c, i + (size_t)col),
					   ev_buf_str(&cell));
				ev_buf_reset(&cell);
				col++;
				if (!*p)
					break;
				continue;
			}
			if (*p == '\\') {
				p++;
				FUZZ_CHECK(*p == 't' || *p == 'n' || *p == 'r' || *p == '\\', "a stray backslash escape");
				switch (*p) {
				case 't':
					ev_buf_addc(&cell, '\t');
					break;
				case 'n':
					ev_buf_addc(&cell, '\n');
					break;
				case 'r':
					ev_buf_addc(&cell, '\r');
					break;
				default:
					ev_buf_addc(&cell, '\\');
				}
			} else {
				ev_buf_addc(&cell, *p);
			}
		}
		FUZZ_CHECK(col == ncols, "line %zu has %d columns, the table %d", l, col, ncols);
		ev_buf_free(&cell);
		free(lines[l]);
	}
	free(lines);
}

static void check_markdown(const char *out, int ncols, size_t rows)
{
	size_t n;
	char **lines = lines_of(out, &n);
	FUZZ_CHECK(n == rows + 2, "%zu rows printed as %zu lines:\n%s", rows, n, out);
	for (size_t l = 0; l < n; l++) {
		/* GitHub's table rule: '|' separates cells unless escaped as '\|'. */
		int pipes = 0;
		for (const char *p = lines[l]; *p; p++)
			if (*p == '|' && !(p > lines[l] && p[-1] == '\\'))
				pipes++;
		FUZZ_CHECK(pipes == ncols + 1, "markdown line %zu has %d separators for %d columns: %s", l, pipes, ncols,
			   lines[l]);
		free(lines[l]);
	}
	free(lines);
}

/* No control character but newline and tab; ESC only as ESC [ digits ; m. */
static void check_visible(const char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c == 0x1b) {
			size_t j = i + 1;
			FUZZ_CHECK(j < len && out[j] == '[', "an escape sequence that is not a colour at %zu", i);
			for (j++; j < len && ((out[j] >= '0' && out[j] <= '9') || out[j] == ';'); j++)
				;
			FUZZ_CHECK(j < len && out[j] == 'm', "an escape sequence that is not a colour at %zu", i);
			i = j;
			continue;
		}
		FUZZ_CHECK(!((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f), "control byte 0x%02x at %zu", c, i);
		FUZZ_CHECK(!(c == 0xc2 && i + 1 < len && (unsigned char)out[i + 1] >= 0x80 &&
			     (unsigned char)out[i + 1] <= 0x9f),
			   "a C1 control at %zu", i);
	}
}

/* Without a terminal width a row is one line; fitted to a width, rows may
 * wrap or turn into one record per row (out.c), so only their look is
 * checked. */
static void check_table(const char *out, size_t rows, int width)
{
	size_t n;
	char **lines = lines_of(out, &n);
	FUZZ_CHECK(width > 0 || n == rows + 1, "%zu rows printed as %zu lines:\n%s", rows, n, out);
	for (size_t l = 0; l < n; l++) {
		size_t len = strlen(lines[l]);
		FUZZ_CHECK(len == 0 || lines[l][len - 1] != ' ', "line %zu ends with a blank", l);
		free(lines[l]);
	}
	free(lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	enum ev_format fmt = (enum ev_format)(data[0] % FUZZ_TABLE_FORMATS);
	int ncols = 1 + data[1] % MAX_COLS;
	int flags = data[2];
	if (size < 3 + (size_t)ncols)
		return 0;
	const uint8_t *styles = data + 3;
	struct cells c;
	split(data + 3 + ncols, size - 3 - (size_t)ncols, &c);

	/* Headers: the first cells, made unique and valid UTF-8 as the
	 * program's own column names always are (JSON keys need both). */
	char *headers[MAX_COLS];
	for (int k = 0; k < ncols; k++) {
		const char *h = (size_t)k < c.n && c.v[k] ? c.v[k] : "";
		char *name = ev_utf8_invalid_at(h, strlen(h)) >= 0 ? ev_xasprintf("#%d", k) : ev_xstrdup(h);
		/* A replacement name may collide too: lengthen it until unique. */
		for (int j = 0; j < k;) {
			if (strcmp(headers[j], name) == 0) {
				char *longer = ev_xasprintf("%s#%d", name, k);
				free(name);
				name = longer;
				j = 0;
			} else {
				j++;
			}
		}
		headers[k] = name;
	}
	/* From here on the first row of cells is the headers as given. */
	while (c.n < (size_t)ncols) {
		c.v = ev_xrealloc(c.v, (c.n + 1) * sizeof *c.v);
		c.is_int = ev_xrealloc(c.is_int, (c.n + 1) * sizeof *c.is_int);
		c.v[c.n] = NULL;
		c.is_int[c.n++] = 0;
	}
	for (int k = 0; k < ncols; k++) {
		free(c.v[k]);
		c.v[k] = ev_xstrdup(headers[k]);
		c.is_int[k] = 0;
	}
	struct ev_table *t = ev_table_new(ncols, (const char *const *)headers);
	for (int k = 0; k < ncols; k++)
		ev_table_style(t, k, styles[k] & 7);
	/* The headers take the first row of cells; the rest fill whole rows
	 * (a short last row is padded with NULLs, as the layer does). */
	size_t rows = c.n > (size_t)ncols ? (c.n - (size_t)ncols + (size_t)ncols - 1) / (size_t)ncols : 0;
	for (size_t i = (size_t)ncols; i < c.n; i++) {
		if (c.is_int[i])
			ev_table_add_int(t, strtoll(c.v[i], NULL, 10));
		else
			ev_table_add(t, c.v[i]);
	}

	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	struct ev_out o = {
		.fmt = fmt, .fp = fp, .color = flags & 1, .header = !(flags & 2), .width = 4 * (flags >> 2)};
	ev_table_print(&o, t);
	fclose(fp);
	FUZZ_CHECK(strlen(out) == len, "the output holds a NUL byte");

	switch (fmt) {
	case EV_FMT_CSV: {
		struct readback r = {&c, o.header ? 0 : (size_t)ncols, ncols, 0, 0};
		struct ev_csv *rd = ev_csv_new(',', csv_row, csv_error, &r);
		FUZZ_CHECK(rd != NULL, "no reader");
		ev_csv_feed(rd, out, len);
		ev_csv_finish(rd);
		ev_csv_free(rd);
		FUZZ_CHECK(r.records == (long)rows + (o.header ? 1 : 0), "%zu rows printed as %ld records", rows,
			   r.records);
		break;
	}
	case EV_FMT_TSV:
		check_tsv(out, &c, ncols, rows, o.header);
		break;
	case EV_FMT_JSON:
		check_json(out, &c, ncols, rows, headers);
		break;
	case EV_FMT_MARKDOWN:
		check_markdown(out, ncols, rows);
		check_visible(out, len);
		break;
	case EV_FMT_TABLE:
		check_table(out, rows, o.width);
		check_visible(out, len);
		break;
	default:
		break;
	}
	free(out);

	/* Prose with the same hostile text, in every format (memory safety). */
	fp = open_memstream(&out, &len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	o.fp = fp;
	o.state = 0;
	for (size_t i = 0; i < c.n && i < 6; i++) {
		const char *s = c.v[i] ? c.v[i] : "";
		switch (i % 4) {
		case 0:
			ev_out_heading(&o, 1 + (int)(i % 3), "%s", s);
			break;
		case 1:
			ev_out_line(&o, "%s: %s", ev_out_grade(&o, s), s);
			break;
		case 2:
			ev_out_item(&o, "%s", s);
			break;
		default:
			ev_out_break(&o);
			ev_table_print(&o, t);
		}
	}
	fclose(fp);
	if (fmt == EV_FMT_TABLE || fmt == EV_FMT_MARKDOWN)
		check_visible(out, len);
	free(out);

	ev_table_free(t);
	for (int k = 0; k < ncols; k++)
		free(headers[k]);
	cells_free(&c);
	return 0;
}
