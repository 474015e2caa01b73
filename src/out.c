/*
 * out.c: tables, prose and JSON in the five text output formats (svg and
 * html documents are written by their own modules).
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

const char *const ev_format_names[] = {"table", "csv", "tsv", "json", "markdown", "bibtex", "ris",
					"csl-json", "vancouver", "apa", "claimreview", "svg", "html", NULL};

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

static const struct {
	const char *word, *code;
} grade_colors[] = {
	{"supported", "32"}, {"contradicted", "31"}, {"mixed", "33"}, {"insufficient", "2"},
	{"high", "32"},	     {"moderate", "36"},    {"low", "33"},   {"very-low", "31"},
};
#define NGRADE_COLORS (sizeof grade_colors / sizeof grade_colors[0])

static const char *grade_color(const char *w)
{
	for (size_t i = 0; w && i < NGRADE_COLORS; i++)
		if (strcmp(grade_colors[i].word, w) == 0)
			return grade_colors[i].code;
	return NULL;
}

/* A coloured word in prose is marked, not coloured: 0xFF (never part of
 * UTF-8) and a letter naming the colour ('a' + its index in
 * grade_colors, 'z' for the reset). add_visible turns the marks into
 * colour sequences after escaping everything else, so no escape
 * sequence from the text itself (a database written by another program
 * can hold any) reaches the terminal; at most a forged mark picks one of
 * these colours, and only when colour is on. */
#define COLOR_MARK 0xff

const char *ev_out_grade(const struct ev_out *o, const char *word)
{
	static char buf[64];
	if (!word)
		return "";
	for (size_t i = 0; o->color && i < NGRADE_COLORS; i++)
		if (strcmp(grade_colors[i].word, word) == 0) {
			snprintf(buf, sizeof buf, "%c%c%s%cz", COLOR_MARK, (char)('a' + i), word, COLOR_MARK);
			return buf;
		}
	return word;
}

/* Appends s[0..n) for a terminal or a document through ev_term_escape,
 * so text from a database someone else wrote shows as text: it cannot
 * move the cursor, clear the screen or retitle the window. With color,
 * the colour marks of ev_out_grade become colour sequences; without,
 * ev_out_grade makes none, and 0xFF bytes are shown as any other byte
 * that is not UTF-8. */
static void add_visible(struct ev_buf *b, const char *s, size_t n, int color)
{
	size_t i = 0;
	if (!color) {
		ev_term_escape(b, s, n);
		return;
	}
	while (i < n) {
		const char *mark = memchr(s + i, COLOR_MARK, n - i);
		size_t end = mark ? (size_t)(mark - s) : n;
		ev_term_escape(b, s + i, end - i);
		i = end;
		if (!mark)
			break;
		char c = '\0';
		if (i + 1 < n)
			c = s[i + 1];
		if (c == 'z' || (c >= 'a' && (size_t)(c - 'a') < NGRADE_COLORS)) {
			ev_buf_addf(b, "\033[%sm", c == 'z' ? "0" : grade_colors[c - 'a'].code);
			i += 2;
		} else {
			ev_term_escape(b, s + i, 1); /* a lone 0xFF: U+FFFD */
			i++;
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

/* Fitting a table to the terminal: the narrowest a flexible column gets
 * (or its header, when wider). Wrapped text needs more room than a cut
 * one to stay readable. */
#define SHRINK_FLOOR 12
#define WRAP_FLOOR 20

static size_t col_floor(const struct ev_table *t, int c)
{
	size_t h = ev_utf8_width(t->headers[c], strlen(t->headers[c]));
	size_t f = (t->style[c] & EV_CELL_WRAP) ? WRAP_FLOOR : SHRINK_FLOOR;
	return h > f ? h : f;
}

/* Narrows the flexible (shrink or wrap) columns until the row fits
 * o->width, one column at a time from the widest, so long columns give
 * up room before short ones and none goes below its floor. Columns with
 * hide[c] set are not in the row (NULL: all are); columns are `gap`
 * apart. Returns 0, or -1 when the table cannot fit even then. */
static int fit_widths(const struct ev_out *o, const struct ev_table *t, size_t *w, const unsigned char *hide,
		      size_t gap)
{
	int nc = t->ncols, shown = 0;
	size_t total = 0;
	for (int c = 0; c < nc; c++)
		if (!hide || !hide[c])
			total += w[c] + (shown++ ? gap : 0);
	while (total > (size_t)o->width) {
		int widest = -1;
		for (int c = 0; c < nc; c++)
			if ((!hide || !hide[c]) && (t->style[c] & (EV_CELL_SHRINK | EV_CELL_WRAP)) &&
			    w[c] > col_floor(t, c) && (widest < 0 || w[c] > w[widest]))
				widest = c;
		if (widest < 0)
			return -1;
		w[widest]--;
		total--;
	}
	return 0;
}

/* One physical line of a cell: bytes [off, off+len), cut = an ellipsis
 * follows. */
struct piece {
	size_t off, len;
	int cut;
};

/* Splits a cell's display text into the lines it takes in a column of
 * width w: wrapped at spaces for a wrap column, else one line cut with an
 * ellipsis when too wide. Returns the number of lines; *out is allocated
 * (caller frees). */
static int cell_lines(const char *s, size_t w, int wrap, struct piece **out)
{
	size_t n = strlen(s), sw = ev_utf8_width(s, n);
	int count = 0, cap = 1;
	struct piece *p = ev_xmalloc(sizeof *p);
	if (sw <= w) {
		p[0] = (struct piece){0, n, 0};
		*out = p;
		return 1;
	}
	if (!wrap) {
		p[0] = (struct piece){0, ev_utf8_prefix_for_width(s, n, w - 1), 1};
		*out = p;
		return 1;
	}
	size_t off = 0;
	while (off < n || count == 0) {
		size_t next, len = ev_utf8_wrap(s + off, n - off, w, &next);
		if (count == cap) {
			cap *= 2;
			p = ev_xrealloc(p, (size_t)cap * sizeof *p);
		}
		p[count++] = (struct piece){off, len, 0};
		if (next == 0)
			break; /* cannot happen with w >= 1; guards the loop */
		off += next;
	}
	*out = p;
	return count;
}

/* Appends a cell piece to line, in colour for a grade word. */
static void add_piece(const struct ev_out *o, struct ev_buf *line, const char *s, struct piece pc, int grade)
{
	const char *code = grade && o->color && pc.len ? grade_color(s) : NULL;
	if (code)
		ev_buf_addf(line, "\033[%sm", code);
	ev_buf_add(line, s + pc.off, pc.len);
	if (pc.cut)
		ev_buf_adds(line, "\xe2\x80\xa6"); /* U+2026 ellipsis */
	if (code)
		ev_buf_adds(line, "\033[0m");
}

/* Prints line without trailing blanks (they make diffs and golden files
 * noisy) and empties it. */
static void put_line(const struct ev_out *o, struct ev_buf *line)
{
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	fprintf(o->fp, "%s\n", ev_buf_str(line));
	ev_buf_reset(line);
}

/* A table too wide for the terminal even at its narrowest, printed the
 * way psql's expanded mode does: one record per row, a line per column
 * ("header  value", values wrapped to the width), records apart by a
 * blank line. Nothing is cut, and every value stays readable. */
static void print_records(struct ev_out *o, const struct ev_table *t, char **disp, size_t rows)
{
	int nc = t->ncols;
	size_t name_w = 0;
	for (int c = 0; c < nc; c++) {
		size_t hw = ev_utf8_width(t->headers[c], strlen(t->headers[c]));
		if (hw > name_w)
			name_w = hw;
	}
	size_t value_w = (size_t)o->width > name_w + 2 + WRAP_FLOOR ? (size_t)o->width - name_w - 2 : WRAP_FLOOR;
	struct ev_buf line = EV_BUF_INIT;
	for (size_t r = 0; r < rows; r++) {
		if (r > 0)
			fputc('\n', o->fp);
		for (int c = 0; c < nc; c++) {
			size_t i = r * (size_t)nc + (size_t)c;
			const char *s = i < t->ncells ? disp[i] : "";
			struct piece *p;
			int n = cell_lines(s, value_w, 1, &p);
			for (int k = 0; k < n; k++) {
				const char *name = k == 0 ? t->headers[c] : "";
				ev_buf_adds(&line, name);
				for (size_t x = ev_utf8_width(name, strlen(name)); x < name_w + 2; x++)
					ev_buf_addc(&line, ' ');
				add_piece(o, &line, s, p[k], (t->style[c] & EV_CELL_GRADE) != 0);
				put_line(o, &line);
			}
			free(p);
		}
	}
	ev_buf_free(&line);
}

static void print_aligned(struct ev_out *o, const struct ev_table *t)
{
	int nc = t->ncols;
	size_t rows = t->ncells / (size_t)nc + (t->ncells % (size_t)nc != 0);
	size_t *w = ev_xcalloc((size_t)nc, sizeof *w);
	char **disp = ev_xcalloc(t->ncells + 1, sizeof *disp);
	/* Headers get the same one-line treatment as cells, so no text can
	 * add a line to the table; the layout works on that view. */
	char **head = ev_xcalloc((size_t)nc, sizeof *head);
	struct ev_table view = *t;
	view.headers = head;
	struct piece **lines = ev_xcalloc((size_t)nc, sizeof(struct piece *));
	int *nlines = ev_xcalloc((size_t)nc, sizeof *nlines);
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
	/* Too wide: the flexible columns go under their row, indented (a
	 * claim's text under its verdict, "pooled: ..." above it), and the
	 * rest stays a table, columns two spaces apart, else one. Only when
	 * even that cannot fit is it one record per row. */
	unsigned char *hide = ev_xcalloc((size_t)nc, 1);
	size_t *natural = ev_xcalloc((size_t)nc, sizeof *natural), gap = 2;
	int under = 0;
	memcpy(natural, w, (size_t)nc * sizeof *w);
	if (o->width > 0 && fit_widths(o, &view, w, NULL, 2) != 0) {
		/* Prose under the row; then the cut columns too; then closer. */
		static const struct {
			unsigned styles;
			size_t gap;
		} tries[] = {{EV_CELL_WRAP, 2}, {EV_CELL_WRAP | EV_CELL_SHRINK, 2}, {EV_CELL_WRAP | EV_CELL_SHRINK, 1}};
		for (size_t k = 0; k < sizeof tries / sizeof tries[0] && !under; k++) {
			int moved = 0, kept = 0;
			for (int c = 0; c < nc; c++) {
				hide[c] = (t->style[c] & tries[k].styles) != 0;
				moved += hide[c];
				kept += !hide[c];
			}
			gap = tries[k].gap;
			memcpy(w, natural, (size_t)nc * sizeof *w);
			under = moved && kept && fit_widths(o, &view, w, hide, gap) == 0;
		}
		if (!under) {
			free(natural);
			free(hide);
			print_records(o, &view, disp, rows);
			goto done;
		}
	}
	free(natural);
	int shown = nc;
	while (shown > 0 && hide[shown - 1])
		shown--;
	for (size_t r = 0; r <= rows; r++) {
		int height = 1;
		for (int c = 0; c < shown; c++) {
			if (hide[c]) {
				lines[c] = NULL;
				nlines[c] = 0;
				continue;
			}
			size_t i = (r - 1) * (size_t)nc + (size_t)c;
			const char *s = r == 0 ? head[c] : i < t->ncells ? disp[i] : "";
			nlines[c] = cell_lines(s, w[c], r > 0 && (t->style[c] & EV_CELL_WRAP), &lines[c]);
			if (nlines[c] > height)
				height = nlines[c];
		}
		struct ev_buf line = EV_BUF_INIT;
		for (int k = 0; k < height; k++) {
			for (int c = 0; c < shown; c++) {
				if (hide[c])
					continue;
				size_t i = (r - 1) * (size_t)nc + (size_t)c;
				const char *s = r == 0 ? head[c] : i < t->ncells ? disp[i] : "";
				struct piece pc = k < nlines[c] ? lines[c][k] : (struct piece){0, 0, 0};
				size_t sw = ev_utf8_width(s + pc.off, pc.len) + (size_t)pc.cut;
				size_t pad = w[c] > sw ? w[c] - sw : 0;
				int right = (t->style[c] & EV_CELL_RIGHT) && r > 0, last = c + 1 == shown;
				if (right)
					for (size_t x = 0; x < pad; x++)
						ev_buf_addc(&line, ' ');
				add_piece(o, &line, s, pc, r > 0 && (t->style[c] & EV_CELL_GRADE));
				if (!right && !last)
					for (size_t x = 0; x < pad; x++)
						ev_buf_addc(&line, ' ');
				if (!last)
					ev_buf_add(&line, "  ", gap);
			}
			put_line(o, &line);
		}
		/* The hidden cells under the row: "header: value", the prose
		 * column as it is, last. */
		for (int c = 0; under && r > 0 && c < nc; c++) {
			size_t ui = (r - 1) * (size_t)nc + (size_t)c;
			if (!hide[c] || ui >= t->ncells || !*disp[ui])
				continue;
			struct ev_buf cell = EV_BUF_INIT;
			if (t->style[c] & EV_CELL_WRAP)
				ev_buf_adds(&cell, disp[ui]);
			else
				ev_buf_addf(&cell, "%s: %s", head[c], disp[ui]);
			struct piece *p;
			size_t uw = (size_t)o->width > WRAP_FLOOR + 4 ? (size_t)o->width - 4 : WRAP_FLOOR;
			int n = cell_lines(ev_buf_str(&cell), uw, 1, &p);
			for (int k = 0; k < n; k++) {
				ev_buf_adds(&line, "    ");
				add_piece(o, &line, ev_buf_str(&cell), p[k], 0);
				put_line(o, &line);
			}
			free(p);
			ev_buf_free(&cell);
		}
		ev_buf_free(&line);
		for (int c = 0; c < shown; c++)
			free(lines[c]);
	}
	free(hide);
done:
	for (size_t i = 0; i < t->ncells; i++)
		free(disp[i]);
	for (int c = 0; c < nc; c++)
		free(head[c]);
	free(head);
	free(disp);
	free(lines);
	free(nlines);
	free(w);
}

/* TSV cannot quote, so tabs, line breaks and backslashes are escaped the
 * way PostgreSQL's text format and sqlite-utils do. */
static void tsv_field(struct ev_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && s[run] != '\t' && s[run] != '\n' && s[run] != '\r' && s[run] != '\\' && s[run])
			run++;
		ev_buf_add(b, s + i, run - i);
		if (run == n || !s[run])
			break;
		char c = s[run];
		ev_buf_addc(b, '\\');
		if (c == '\t')
			c = 't';
		else if (c == '\n')
			c = 'n';
		else if (c == '\r')
			c = 'r';
		ev_buf_addc(b, c); /* a backslash as it is */
		i = run + 1;
	}
}

int ev_formula_risk(const char *s, size_t n)
{
	if (!n || !strchr("=+-@\t\r", s[0]))
		return 0;
	/* A plain number is a value, not a formula. */
	size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0, digits = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1, ed = 0;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++, ed++;
		if (ed)
			i = j;
	}
	return !(digits && i == n);
}

void ev_out_csv_append(const struct ev_out *o, struct ev_buf *b, const char *const *cells, const size_t *lens, int n)
{
	struct ev_buf safe = EV_BUF_INIT;
	/* A record of one empty field would be a blank line, which CSV
	 * readers (libcsv, Python, spreadsheets) skip: quote it so the row
	 * survives. */
	if (n == 1 && o->fmt != EV_FMT_TSV && (!cells[0] || (lens ? !lens[0] : !*cells[0]))) {
		ev_buf_add(b, "\"\"\n", 3);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";
		size_t len = !cells[i] ? 0 : lens ? lens[i] : strlen(s);
		if (i)
			ev_buf_addc(b, o->fmt == EV_FMT_TSV ? '\t' : ',');
		if (o->formula_safe && ev_formula_risk(s, len)) {
			ev_buf_reset(&safe);
			ev_buf_addc(&safe, '\'');
			ev_buf_add(&safe, s, len);
			s = safe.data;
			len = safe.len;
		}
		if (o->fmt == EV_FMT_TSV)
			tsv_field(b, s, len);
		else
			ev_csv_append_field(b, s, len, ',');
	}
	/* RFC 4180 ends records with CRLF, but every tool we target reads LF
	 * and LF keeps files diffable on Unix; libcsv reads either. */
	ev_buf_addc(b, '\n');
	ev_buf_free(&safe);
}

void ev_out_csv_row(struct ev_out *o, const char *const *cells, int n)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_out_csv_append(o, &b, cells, NULL, n);
	fwrite(b.data, 1, b.len, o->fp);
	ev_buf_free(&b);
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

/* Prints text after prefix; on a terminal (o->width set), wraps it at
 * spaces to the width with continuation lines indented under the text,
 * as man and git do, instead of letting the terminal break words. */
static void print_wrapped(struct ev_out *o, const char *prefix, const char *text)
{
	size_t indent = ev_utf8_width(prefix, strlen(prefix)), n = strlen(text);
	if (o->width <= 0 || indent + 20 > (size_t)o->width || indent + ev_utf8_width(text, n) <= (size_t)o->width) {
		fprintf(o->fp, "%s%s\n", prefix, text);
		return;
	}
	size_t off = 0;
	int first = 1;
	while (off < n) {
		const char *nl = memchr(text + off, '\n', n - off);
		size_t end = nl ? (size_t)(nl - text) : n, next;
		size_t len = ev_utf8_wrap(text + off, end - off, (size_t)o->width - indent, &next);
		if (first)
			fputs(prefix, o->fp);
		else
			fprintf(o->fp, "%*s", (int)indent, "");
		fwrite(text + off, 1, len, o->fp);
		fputc('\n', o->fp);
		first = 0;
		off += next;
		if (off >= end && nl)
			off = end + 1;
		if (next == 0 && off < end)
			break; /* cannot happen: wrap always advances */
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
	add_visible(&shown, ev_buf_str(&text), text.len, o->color);
	begin(o, kind);
	print_wrapped(o, prefix, ev_buf_str(&shown));
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
	add_visible(&b, ev_buf_str(&text), text.len, o->color);
	ev_buf_free(&text);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	if (o->fmt == EV_FMT_MARKDOWN) {
		for (int i = 0; i < level; i++)
			fputc('#', o->fp);
		fprintf(o->fp, " %s\n\n", ev_buf_str(&b));
	} else {
		print_wrapped(o, "", ev_buf_str(&b));
		if (level <= 1) {
			/* under the heading's text, or its first line when wrapped */
			size_t w = ev_utf8_width(ev_buf_str(&b), b.len);
			if (o->width > 0 && w > (size_t)o->width)
				w = (size_t)o->width;
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

/* JSON output: documents are built with jansson and written by json.c. */

/* Writes b out once it holds `over` bytes or more (0: whatever it holds). */
static void json_flush(FILE *fp, struct ev_buf *b, size_t over)
{
	if (b->len < over || !b->len)
		return;
	/* A failed write leaves the stream's error set; main reports it. */
	fwrite(b->data, 1, b->len, fp);
	ev_buf_reset(b);
}

void ev_out_json(struct ev_out *o, const json_t *doc)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_json_put_value(&b, doc, 0);
	ev_buf_addc(&b, '\n');
	json_flush(o->fp, &b, 0);
	ev_buf_free(&b);
}

void ev_out_json_begin(struct ev_out *o, struct ev_json_stream *js, const json_t *head, const char *array_key)
{
	const char *key;
	json_t *m;
	memset(js, 0, sizeof *js);
	js->out = o;
	ev_buf_addc(&js->b, '{');
	json_object_foreach((json_t *)head, key, m) {
		ev_json_newline(&js->b, 1);
		ev_json_put_key(&js->b, key);
		ev_buf_add(&js->b, ": ", 2);
		ev_json_put_value(&js->b, m, 1);
		ev_buf_addc(&js->b, ',');
	}
	ev_json_newline(&js->b, 1);
	ev_json_put_key(&js->b, array_key);
	ev_buf_add(&js->b, ": [", 3);
}

void ev_out_json_item(struct ev_json_stream *js, const json_t *item)
{
	if (js->n++)
		ev_buf_addc(&js->b, ',');
	ev_json_newline(&js->b, 2);
	ev_json_put_value(&js->b, item, 2);
	json_flush(js->out->fp, &js->b, 1u << 16);
}

void ev_out_json_end(struct ev_json_stream *js)
{
	if (js->n)
		ev_json_newline(&js->b, 1);
	ev_buf_add(&js->b, "]\n}\n", 4);
	json_flush(js->out->fp, &js->b, 0);
	ev_buf_free(&js->b);
}
