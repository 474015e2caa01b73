/*
 * out.c: tables, prose and JSON in the five output formats.
 *
 * Tables are collected whole before printing: aligning columns needs every
 * width, and the sizes involved (claims of a topic, links of a claim) are
 * small. Bulk exports stream rows instead (ev_out_csv_row).
 */
#include "out.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "util.h"

const char *const ev_format_names[] = {"table", "csv", "tsv", "json", "markdown", NULL};

struct cell {
	char *text; /* NULL: no value */
	int is_int;
};

struct ev_table {
	int ncols;
	char **headers;
	unsigned *style;
	struct cell *cells;
	size_t ncells, cap;
};

struct ev_table *ev_table_new(int ncols, const char *const *headers)
{
	struct ev_table *t = ev_xcalloc(1, sizeof *t);
	t->ncols = ncols;
	t->headers = ev_xcalloc((size_t)ncols, sizeof *t->headers);
	t->style = ev_xcalloc((size_t)ncols, sizeof *t->style);
	for (int i = 0; i < ncols; i++)
		t->headers[i] = ev_xstrdup(headers[i]);
	return t;
}

void ev_table_style(struct ev_table *t, int col, unsigned style) { t->style[col] = style; }

static void add_cell(struct ev_table *t, char *text, int is_int)
{
	if (t->ncells == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = ev_xrealloc(t->cells, t->cap * sizeof *t->cells);
	}
	t->cells[t->ncells].text = text;
	t->cells[t->ncells].is_int = is_int;
	t->ncells++;
}

void ev_table_add(struct ev_table *t, const char *text) { add_cell(t, text ? ev_xstrdup(text) : NULL, 0); }

void ev_table_addf(struct ev_table *t, const char *fmt, ...)
{
	struct ev_buf b = EV_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	add_cell(t, ev_buf_take(&b), 0);
}

void ev_table_add_int(struct ev_table *t, long long v) { add_cell(t, ev_xasprintf("%lld", v), 1); }

void ev_table_free(struct ev_table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->ncols; i++)
		free(t->headers[i]);
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->headers);
	free(t->style);
	free(t->cells);
	free(t);
}

/* Blank lines between blocks (table and markdown formats): what was
 * printed last decides whether the next thing needs one. */
enum { NOTHING, AFTER_HEADING, IN_PROSE, IN_LIST, AFTER_BLOCK };
enum { K_HEADING, K_PROSE, K_ITEM, K_TABLE };

static void begin(struct ev_out *o, int kind)
{
	int blank = 0;
	switch (o->state) {
	case IN_PROSE:
	case IN_LIST:
		/* In Markdown, lines are paragraphs of their own (else they
		 * run together) and lists and tables need a blank line around
		 * them; on a terminal they simply follow each other. */
		blank = kind == K_HEADING || (kind == K_TABLE && o->state == IN_LIST) ||
			(o->fmt == EV_FMT_MARKDOWN && (kind == K_TABLE || kind == K_PROSE ||
						      (kind == K_ITEM) != (o->state == IN_LIST)));
		break;
	case AFTER_BLOCK:
		blank = 1;
		break;
	default:
		break;
	}
	if (blank)
		fputc('\n', o->fp);
}

static const char *grade_color(const char *w)
{
	static const struct {
		const char *word, *code;
	} map[] = {
		{"supported", "32"}, {"contradicted", "31"}, {"mixed", "33"}, {"insufficient", "2"},
		{"high", "32"},	     {"moderate", "36"},    {"low", "33"},   {"very-low", "31"},
	};
	for (size_t i = 0; w && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].word, w) == 0)
			return map[i].code;
	return NULL;
}

const char *ev_out_grade(const struct ev_out *o, const char *word)
{
	static char buf[64];
	const char *code = grade_color(word);
	if (!o->color || !code)
		return word ? word : "";
	snprintf(buf, sizeof buf, "\033[%sm%s\033[0m", code, word);
	return buf;
}

/* Appends s[0..n) for a terminal or a document: control characters that
 * could move the cursor, clear the screen or retitle the window (C0 other
 * than newline and tab, DEL, C1 controls, escape sequences) become U+FFFD,
 * so text from a database someone else wrote shows as text. With keep_sgr,
 * colour sequences (ESC [ digits ; m), which prose gets from
 * ev_out_grade, pass. Bytes that are not UTF-8 pass as they are (the
 * terminal shows its own replacement). */
static void add_visible(struct ev_buf *b, const char *s, size_t n, int keep_sgr)
{
	static const char repl[] = "\xef\xbf\xbd"; /* U+FFFD */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x1b && keep_sgr && i + 1 < n && s[i + 1] == '[') {
			size_t j = i + 2;
			while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'))
				j++;
			if (j < n && s[j] == 'm') {
				ev_buf_add(b, s + i, j + 1 - i);
				i = j;
				continue;
			}
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			ev_buf_adds(b, repl);
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9f) {
			ev_buf_adds(b, repl); /* U+0080..U+009F, C1 controls */
			i++;
		} else {
			ev_buf_addc(b, (char)c);
		}
	}
}

/* Display form of a cell in an aligned table: one line (newlines and tabs
 * become spaces) of visible text. Returns a newly allocated string. */
static char *one_line(const char *s)
{
	struct ev_buf b = EV_BUF_INIT;
	s = s ? s : "";
	add_visible(&b, s, strlen(s), 0);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	return b.data ? ev_buf_take(&b) : ev_xstrdup("");
}

static void print_aligned(struct ev_out *o, const struct ev_table *t)
{
	int nc = t->ncols;
	size_t rows = t->ncells / (size_t)nc + (t->ncells % (size_t)nc != 0);
	size_t *w = ev_xcalloc((size_t)nc, sizeof *w);
	char **disp = ev_xcalloc(t->ncells + 1, sizeof *disp);
	/* Headers get the same one-line treatment as cells, so no text can
	 * add a line to the table. */
	char **head = ev_xcalloc((size_t)nc, sizeof *head);
	for (int c = 0; c < nc; c++) {
		head[c] = one_line(t->headers[c]);
		w[c] = ev_utf8_width(head[c], strlen(head[c]));
	}
	for (size_t i = 0; i < t->ncells; i++) {
		disp[i] = one_line(t->cells[i].text);
		size_t cw = ev_utf8_width(disp[i], strlen(disp[i]));
		if (cw > w[i % (size_t)nc])
			w[i % (size_t)nc] = cw;
	}
	/* Fit the terminal: narrow the widest shrinkable column first, never
	 * below 12 columns (or its header). */
	if (o->width > 0) {
		for (;;) {
			size_t total = 0;
			for (int c = 0; c < nc; c++)
				total += w[c] + (c + 1 < nc ? 2 : 0);
			if (total <= (size_t)o->width)
				break;
			int widest = -1;
			for (int c = 0; c < nc; c++) {
				size_t floor = ev_utf8_width(head[c], strlen(head[c]));
				if (floor < 12)
					floor = 12;
				if ((t->style[c] & EV_CELL_SHRINK) && w[c] > floor && (widest < 0 || w[c] > w[widest]))
					widest = c;
			}
			if (widest < 0)
				break;
			size_t excess = total - (size_t)o->width;
			size_t floor = 12;
			w[widest] = w[widest] - excess > floor && w[widest] > excess ? w[widest] - excess : w[widest] - 1;
		}
	}
	for (size_t r = 0; r <= rows; r++) {
		struct ev_buf line = EV_BUF_INIT;
		for (int c = 0; c < nc; c++) {
			size_t i = (r - 1) * (size_t)nc + (size_t)c;
			const char *s = r == 0 ? head[c] : i < t->ncells ? disp[i] : "";
			size_t len = strlen(s), sw = ev_utf8_width(s, len);
			int cut = 0;
			if (sw > w[c]) {
				len = ev_utf8_prefix_for_width(s, len, w[c] - 1);
				sw = ev_utf8_width(s, len) + 1;
				cut = 1;
			}
			size_t pad = w[c] - sw;
			int last = c + 1 == nc;
			if ((t->style[c] & EV_CELL_RIGHT) && r > 0)
				for (size_t k = 0; k < pad; k++)
					ev_buf_addc(&line, ' ');
			const char *code = r > 0 && o->color && (t->style[c] & EV_CELL_GRADE) ? grade_color(s) : NULL;
			if (code)
				ev_buf_addf(&line, "\033[%sm", code);
			ev_buf_add(&line, s, len);
			if (cut)
				ev_buf_adds(&line, "\xe2\x80\xa6"); /* U+2026 ellipsis */
			if (code)
				ev_buf_adds(&line, "\033[0m");
			if (!((t->style[c] & EV_CELL_RIGHT) && r > 0) && !last)
				for (size_t k = 0; k < pad; k++)
					ev_buf_addc(&line, ' ');
			if (!last)
				ev_buf_adds(&line, "  ");
		}
		/* No trailing blanks: they make diffs and golden files noisy. */
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		fprintf(o->fp, "%s\n", ev_buf_str(&line));
		ev_buf_free(&line);
	}
	for (size_t i = 0; i < t->ncells; i++)
		free(disp[i]);
	for (int c = 0; c < nc; c++)
		free(head[c]);
	free(head);
	free(disp);
	free(w);
}

static void tsv_field(FILE *fp, const char *s)
{
	/* TSV cannot quote, so tabs, line breaks and backslashes are escaped
	 * the way PostgreSQL's text format and sqlite-utils do. */
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		default:
			fputc(*s, fp);
		}
	}
}

void ev_out_csv_row(struct ev_out *o, const char *const *cells, int n)
{
	/* A record of one empty field would be a blank line, which CSV
	 * readers (libcsv, Python, spreadsheets) skip: quote it so the row
	 * survives. */
	if (n == 1 && o->fmt != EV_FMT_TSV && (!cells[0] || !*cells[0])) {
		fputs("\"\"\n", o->fp);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(o->fmt == EV_FMT_TSV ? '\t' : ',', o->fp);
		if (o->fmt == EV_FMT_TSV)
			tsv_field(o->fp, cells[i]);
		else
			ev_csv_write_field(o->fp, cells[i] ? cells[i] : "", cells[i] ? strlen(cells[i]) : 0, ',');
	}
	/* RFC 4180 ends records with CRLF, but every tool we target reads LF
	 * and LF keeps files diffable on Unix; libcsv reads either. */
	fputc('\n', o->fp);
}

static void md_cell(FILE *fp, const char *s)
{
	struct ev_buf b = EV_BUF_INIT;
	add_visible(&b, s ? s : "", s ? strlen(s) : 0, 0);
	for (const char *p = ev_buf_str(&b); *p; p++) {
		if (*p == '|')
			fputs("\\|", fp);
		else if (*p == '\n')
			fputs("<br>", fp);
		else
			fputc(*p, fp);
	}
	ev_buf_free(&b);
}

void ev_table_print(struct ev_out *o, const struct ev_table *t)
{
	int nc = t->ncols;
	size_t rows = t->ncells / (size_t)nc + (t->ncells % (size_t)nc != 0);
	switch (o->fmt) {
	case EV_FMT_TABLE:
		begin(o, K_TABLE);
		print_aligned(o, t);
		o->state = AFTER_BLOCK;
		break;
	case EV_FMT_CSV:
	case EV_FMT_TSV: {
		const char **row = ev_xcalloc((size_t)nc, sizeof *row);
		if (o->header)
			ev_out_csv_row(o, (const char *const *)t->headers, nc);
		for (size_t r = 0; r < rows; r++) {
			for (int c = 0; c < nc; c++) {
				size_t i = r * (size_t)nc + (size_t)c;
				row[c] = i < t->ncells ? t->cells[i].text : NULL;
			}
			ev_out_csv_row(o, row, nc);
		}
		free(row);
		break;
	}
	case EV_FMT_MARKDOWN:
		begin(o, K_TABLE);
		o->state = AFTER_BLOCK;
		fputc('|', o->fp);
		for (int c = 0; c < nc; c++) {
			fputc(' ', o->fp);
			md_cell(o->fp, t->headers[c]);
			fputs(" |", o->fp);
		}
		fputs("\n|", o->fp);
		for (int c = 0; c < nc; c++)
			fputs(t->style[c] & EV_CELL_RIGHT ? "---:|" : "---|", o->fp);
		fputc('\n', o->fp);
		for (size_t r = 0; r < rows; r++) {
			fputc('|', o->fp);
			for (int c = 0; c < nc; c++) {
				size_t i = r * (size_t)nc + (size_t)c;
				fputc(' ', o->fp);
				md_cell(o->fp, i < t->ncells ? t->cells[i].text : "");
				fputs(" |", o->fp);
			}
			fputc('\n', o->fp);
		}
		break;
	case EV_FMT_JSON: {
		json_t *arr = json_array();
		for (size_t r = 0; r < rows; r++) {
			json_t *obj = json_object();
			for (int c = 0; c < nc; c++) {
				size_t i = r * (size_t)nc + (size_t)c;
				const struct cell *cl = i < t->ncells ? &t->cells[i] : NULL;
				json_t *v = !cl || !cl->text ? json_null()
					    : cl->is_int    ? json_integer(strtoll(cl->text, NULL, 10))
							    : ev_json_text(cl->text);
				json_object_set_new(obj, t->headers[c], v);
			}
			json_array_append_new(arr, obj);
		}
		ev_out_json(o, arr);
		json_decref(arr);
		break;
	}
	default:
		break;
	}
}

static void prose(struct ev_out *o, int kind, const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void prose(struct ev_out *o, int kind, const char *prefix, const char *fmt, va_list ap)
{
	if (o->fmt != EV_FMT_TABLE && o->fmt != EV_FMT_MARKDOWN)
		return;
	struct ev_buf text = EV_BUF_INIT, shown = EV_BUF_INIT;
	ev_buf_vaddf(&text, fmt, ap);
	add_visible(&shown, ev_buf_str(&text), text.len, 1);
	begin(o, kind);
	fputs(prefix, o->fp);
	fputs(ev_buf_str(&shown), o->fp);
	fputc('\n', o->fp);
	ev_buf_free(&text);
	ev_buf_free(&shown);
	o->state = kind == K_ITEM ? IN_LIST : IN_PROSE;
}

void ev_out_heading(struct ev_out *o, int level, const char *fmt, ...)
{
	va_list ap;
	if (o->fmt != EV_FMT_TABLE && o->fmt != EV_FMT_MARKDOWN)
		return;
	begin(o, K_HEADING);
	struct ev_buf text = EV_BUF_INIT, b = EV_BUF_INIT;
	va_start(ap, fmt);
	ev_buf_vaddf(&text, fmt, ap);
	va_end(ap);
	/* A heading is one line of visible text. */
	add_visible(&b, ev_buf_str(&text), text.len, 1);
	ev_buf_free(&text);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	if (o->fmt == EV_FMT_MARKDOWN) {
		for (int i = 0; i < level; i++)
			fputc('#', o->fp);
		fprintf(o->fp, " %s\n\n", ev_buf_str(&b));
	} else {
		fprintf(o->fp, "%s\n", ev_buf_str(&b));
		if (level <= 1) {
			size_t w = ev_utf8_width(ev_buf_str(&b), b.len);
			for (size_t i = 0; i < w; i++)
				fputc('=', o->fp);
			fputc('\n', o->fp);
		}
	}
	ev_buf_free(&b);
	o->state = AFTER_HEADING;
}

void ev_out_line(struct ev_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	prose(o, K_PROSE, "", fmt, ap);
	va_end(ap);
}

void ev_out_item(struct ev_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	prose(o, K_ITEM, o->fmt == EV_FMT_MARKDOWN ? "- " : "  - ", fmt, ap);
	va_end(ap);
}

void ev_out_break(struct ev_out *o)
{
	if (o->state == IN_PROSE || o->state == IN_LIST)
		o->state = AFTER_BLOCK;
}

json_t *ev_json_textn(const char *s, size_t n)
{
	if (!s)
		return json_null();
	long bad = ev_utf8_invalid_at(s, n);
	if (bad < 0)
		return json_stringn(s, n);
	struct ev_buf b = EV_BUF_INIT;
	while (n) {
		bad = ev_utf8_invalid_at(s, n);
		size_t good = bad < 0 ? n : (size_t)bad;
		ev_buf_add(&b, s, good);
		if (bad < 0)
			break;
		ev_buf_adds(&b, "\xef\xbf\xbd"); /* U+FFFD replacement character */
		s += good + 1;
		n -= good + 1;
	}
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	ev_buf_free(&b);
	return j;
}

json_t *ev_json_text(const char *s) { return s ? ev_json_textn(s, strlen(s)) : json_null(); }

void ev_out_json(struct ev_out *o, const json_t *doc)
{
	/* 15 significant digits prints the numbers people typed (0.43, not
	 * 0.42999999999999999) while keeping computed values precise. */
	json_dumpf(doc, o->fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', o->fp);
}
