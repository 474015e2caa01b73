/*
 * csvio.c: CSV records with line numbers, on libcsv.
 *
 * libcsv reports fields and record ends but no positions. With
 * CSV_REPALL_NL it reports every unquoted line feed as a record end (even
 * on blank lines), and every quoted line feed stays inside a field's text,
 * so counting the line ends in both gives the physical line at every record
 * boundary without a second scan of the input. Strict mode turns stray
 * quotes into errors instead of silently guessing.
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ev_csv {
	struct csv_parser p;
	ev_csv_row_fn row;
	ev_csv_error_fn error;
	void *ud;
	char delim;
	int started;          /* the first bytes have been looked at */
	unsigned char head[3]; /* the first bytes, held until we know if they are a BOM */
	size_t nhead;
	int stopped;          /* no more callbacks: a problem or the caller said stop */
	int by_callback;      /* stopped because the row callback asked */
	long lines_done;      /* line ends consumed so far */
	int after_cr;         /* the last thing read ended a record at a CR */
	long rec_line;        /* line where the current record started */
	struct ev_buf arena;  /* the current record's field bytes */
	size_t *off;          /* field offsets into arena */
	size_t *len;
	char **ptr;
	int nfields, cap;
};

static void fail(struct ev_csv *c, int field, const char *msg)
{
	if (c->stopped)
		return;
	c->stopped = 1;
	c->error(c->ud, c->rec_line, field, msg);
}

/* TSV cannot quote: tabs, line breaks and backslashes inside a value are
 * written \t, \n, \r and \\ (as `--format tsv` writes them, and
 * PostgreSQL's text format). Undoes that in the field just added. */
static void unescape_tsv(struct ev_csv *c)
{
	char *f = c->arena.data + c->off[c->nfields - 1];
	size_t n = c->len[c->nfields - 1], o = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i] == '\\' && i + 1 < n && strchr("tnr\\", f[i + 1])) {
			char e = f[++i];
			if (e == 't')
				e = '\t';
			else if (e == 'n')
				e = '\n';
			else if (e == 'r')
				e = '\r';
			else
				e = '\\';
			f[o++] = e;
		} else {
			f[o++] = f[i];
		}
	}
	f[o] = '\0';
	c->len[c->nfields - 1] = o;
	c->arena.len = c->off[c->nfields - 1] + o + 1;
}

static int never_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void on_field(void *data, size_t n, void *ud)
{
	struct ev_csv *c = ud;
	const char *s = data;
	if (c->stopped)
		return;
	/* Line ends inside a quoted field: LF, CRLF, or a CR alone (old Mac
	 * files end lines with CR only). */
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			c->lines_done++;
	c->after_cr = 0;
	if (c->nfields >= EV_CSV_MAX_FIELDS) {
		char m[96];
		snprintf(m, sizeof m, "more than %d columns in one record", EV_CSV_MAX_FIELDS);
		fail(c, -1, m);
		return;
	}
	if (n > EV_CSV_MAX_FIELD) {
		char m[128];
		snprintf(m, sizeof m, "field is %zu bytes long; the limit is %u (is a closing quote missing?)", n,
			 EV_CSV_MAX_FIELD);
		fail(c, c->nfields, m);
		return;
	}
	if (c->arena.len + n > EV_CSV_MAX_RECORD) {
		char m[96];
		snprintf(m, sizeof m, "record is longer than %u bytes", EV_CSV_MAX_RECORD);
		fail(c, c->nfields, m);
		return;
	}
	if (c->nfields == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->off = ev_xrealloc(c->off, (size_t)c->cap * sizeof *c->off);
		c->len = ev_xrealloc(c->len, (size_t)c->cap * sizeof *c->len);
		c->ptr = ev_xrealloc(c->ptr, (size_t)c->cap * sizeof *c->ptr);
	}
	c->off[c->nfields] = c->arena.len;
	c->len[c->nfields] = n;
	ev_buf_add(&c->arena, s, n);
	ev_buf_addc(&c->arena, '\0');
	c->nfields++;
	if (c->delim == '\t')
		unescape_tsv(c);
}

static void on_record(int term, void *ud)
{
	struct ev_csv *c = ud;
	if (!c->stopped && c->nfields > 0) {
		struct ev_csv_record rec;
		for (int i = 0; i < c->nfields; i++)
			c->ptr[i] = c->arena.data + c->off[i];
		rec.nfields = c->nfields;
		rec.field = c->ptr;
		rec.len = c->len;
		rec.line = c->rec_line;
		if (c->row(c->ud, &rec)) {
			c->stopped = 1;
			c->by_callback = 1;
		}
	}
	c->nfields = 0;
	ev_buf_reset(&c->arena);
	/* libcsv ends a record at CR and again at the LF after it: a CRLF is
	 * one line end, and so is a CR alone. */
	if (term == '\r' || (term == '\n' && !c->after_cr))
		c->lines_done++;
	c->after_cr = term == '\r';
	c->rec_line = c->lines_done + 1;
}

struct ev_csv *ev_csv_new(char delim, ev_csv_row_fn row, ev_csv_error_fn error, void *ud)
{
	struct ev_csv *c = ev_xcalloc(1, sizeof *c);
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
		free(c);
		return NULL;
	}
	csv_set_delim(&c->p, (unsigned char)delim);
	if (delim == '\t') {
		/* TSV: no quoting (0xFF never occurs in UTF-8 text) and no
		 * trimming, so a value reads back exactly as written. */
		csv_set_quote(&c->p, 0xFF);
		csv_set_space_func(&c->p, never_space);
	}
	/* Grow the field buffer in bigger steps than libcsv's default 128
	 * bytes: fewer reallocs on long notes, same peak. */
	csv_set_blk_size(&c->p, 4096);
	c->row = row;
	c->error = error;
	c->ud = ud;
	c->delim = delim;
	c->rec_line = 1;
	return c;
}

void ev_csv_free(struct ev_csv *c)
{
	if (!c)
		return;
	csv_free(&c->p);
	ev_buf_free(&c->arena);
	free(c->off);
	free(c->len);
	free(c->ptr);
	free(c);
}

int ev_csv_stopped_by_callback(const struct ev_csv *c) { return c->by_callback; }

static void parse_error(struct ev_csv *c)
{
	if (csv_error(&c->p) == CSV_EPARSE)
		fail(c, c->nfields,
		     "malformed CSV: a quote inside an unquoted field, or text after a closing quote "
		     "(quote the whole field and double any quote inside it)");
	else
		fail(c, c->nfields, csv_strerror(csv_error(&c->p)));
}

static int parse(struct ev_csv *c, const unsigned char *s, size_t n)
{
	size_t done = csv_parse(&c->p, s, n, on_field, on_record, c);
	if (c->stopped)
		return -1;
	if (done < n) {
		parse_error(c);
		return -1;
	}
	if (csv_get_buffer_size(&c->p) > EV_CSV_MAX_FIELD + 8192) {
		char m[128];
		snprintf(m, sizeof m, "field is longer than %u bytes (is a closing quote missing?)", EV_CSV_MAX_FIELD);
		fail(c, c->nfields, m);
		return -1;
	}
	return 0;
}

/* Decides what the first bytes (kept in c->head) say about the encoding:
 * UTF-8's byte-order mark is dropped, UTF-16's are refused, anything else
 * is parsed as data. */
static int start(struct ev_csv *c)
{
	const unsigned char *h = c->head;
	c->started = 1;
	if (c->nhead >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
		fail(c, -1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
		return -1;
	}
	if (c->nhead == 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF)
		return 0;
	return parse(c, h, c->nhead);
}

int ev_csv_feed(struct ev_csv *c, const void *data, size_t n)
{
	const unsigned char *s = data;
	if (c->stopped)
		return -1;
	if (!c->started) {
		while (c->nhead < 3 && n > 0) {
			c->head[c->nhead++] = *s++;
			n--;
		}
		if (c->nhead < 3)
			return 0; /* too few bytes yet to tell a byte-order mark */
		if (start(c))
			return -1;
	}
	return n ? parse(c, s, n) : 0;
}

int ev_csv_finish(struct ev_csv *c)
{
	if (!c->stopped && !c->started && start(c))
		return -1;
	if (c->stopped)
		return -1;
	if (csv_fini(&c->p, on_field, on_record, c) != 0) {
		fail(c, c->nfields, "unterminated quoted field: the file ends before its closing quote");
		return -1;
	}
	return c->stopped ? -1 : 0;
}

int ev_csv_read_stream(FILE *fp, char delim, ev_csv_row_fn row, ev_csv_error_fn error, void *ud)
{
	char buf[1 << 16];
	int rc = 0;
	struct ev_csv *c = ev_csv_new(delim, row, error, ud);
	if (!c) {
		error(ud, 0, -1, "cannot start the CSV reader");
		return -1;
	}
	for (;;) {
		size_t n = fread(buf, 1, sizeof buf, fp);
		if (n > 0 && ev_csv_feed(c, buf, n) != 0) {
			rc = -1;
			break;
		}
		if (n < sizeof buf) {
			if (ferror(fp)) {
				char m[160];
				snprintf(m, sizeof m, "read error: %s", strerror(errno));
				error(ud, c->rec_line, -1, m);
				rc = -1;
			} else if (ev_csv_finish(c) != 0) {
				rc = -1;
			}
			break;
		}
	}
	if (rc && c->by_callback)
		rc = -1;
	ev_csv_free(c);
	return rc;
}

/* Whether a field must be quoted to read back as it is. */
static int needs_quotes(const char *s, size_t n, char delim)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	/* A field starting like a byte-order mark would be taken for one at
	 * the start of a file (dropped, or the file refused as UTF-16). */
	if ((n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) ||
	    (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF))
		return 1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		/* One test for the common case: every special byte is below
		 * '#' except a delimiter such as ';' or '|'. */
		if ((unsigned char)c > '"' && c != delim)
			continue;
		if (c == delim || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

int ev_csv_write_field(FILE *fp, const char *s, size_t n, char delim)
{
	if (needs_quotes(s, n, delim))
		return csv_fwrite(fp, s, n) == 0 ? 0 : -1;
	return n == 0 || fwrite(s, 1, n, fp) == n ? 0 : -1;
}

void ev_csv_append_field(struct ev_buf *b, const char *s, size_t n, char delim)
{
	if (!needs_quotes(s, n, delim)) {
		ev_buf_add(b, s, n);
		return;
	}
	/* Quoted, each quote doubled: at most 2n + 2 bytes. */
	ev_buf_grow(b, 2 * n + 2);
	b->len += csv_write(b->data + b->len, 2 * n + 2, s, n);
	b->data[b->len] = '\0';
}
