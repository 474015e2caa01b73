/*
 * out.h: the output layer. Every command prints through these calls, so
 * formats behave the same everywhere: tables aligned for a terminal (and
 * fitted to its width), CSV and TSV for spreadsheets, JSON for programs,
 * Markdown for documents. Prose (headings, lines, bullets) appears in the
 * table and markdown formats only; csv and tsv carry tables alone.
 */
#ifndef EV_OUT_H
#define EV_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "json.h"
#include "util.h"

/* The first five are the general formats every command may offer; the
 * citation formats after them (bibtex ... apa) are produced by export
 * alone, through cite.h, and are never in another command's `formats`.
 * svg and html are documents whole commands write (plot; report and
 * query): the table and prose calls print nothing in them, and commands
 * accept them only where their entry says so (EV_FMTS_ALL leaves them
 * out). */
enum ev_format {
	EV_FMT_TABLE,
	EV_FMT_CSV,
	EV_FMT_TSV,
	EV_FMT_JSON,
	EV_FMT_MARKDOWN,
	EV_FMT_BIBTEX,
	EV_FMT_RIS,
	EV_FMT_CSL_JSON,
	EV_FMT_VANCOUVER,
	EV_FMT_APA,
	EV_FMT_CLAIMREVIEW,
	EV_FMT_SVG,
	EV_FMT_HTML,
	EV_FMT_COUNT
};
#define EV_FMT_BIT(f) (1u << (f))
#define EV_FMTS_ALL (EV_FMT_BIT(EV_FMT_TABLE) | EV_FMT_BIT(EV_FMT_CSV) | EV_FMT_BIT(EV_FMT_TSV) | \
		     EV_FMT_BIT(EV_FMT_JSON) | EV_FMT_BIT(EV_FMT_MARKDOWN))
extern const char *const ev_format_names[];

struct ev_out {
	enum ev_format fmt;
	FILE *fp;
	int color;    /* ANSI colours for verdicts and certainty */
	int width;    /* terminal width to fit tables and prose into; 0 = do not fit */
	int header;   /* csv/tsv: print the header row */
	int state;    /* what was printed last, for blank lines between blocks */
	int formula_safe; /* csv/tsv: neutralise cells a spreadsheet would run (ev_formula_risk) */
};

/* Whether a spreadsheet would take a cell for a formula: it starts with
 * =, +, -, @, a tab or a carriage return (OWASP's list for CSV
 * injection) and is not simply a number ("-4", "+1.5e3", which stay as
 * they are so numbers keep their value). With formula_safe set, the CSV
 * and TSV writers put a single quote before such a cell, as OWASP
 * recommends; spreadsheets show the text and run nothing. */
int ev_formula_risk(const char *s, size_t n);

/* Cell styles. */
#define EV_CELL_RIGHT 1  /* right-align (numbers) */
#define EV_CELL_SHRINK 2 /* may be cut with an ellipsis to fit the width */
#define EV_CELL_GRADE 4  /* a verdict or certainty word: coloured on a terminal */
#define EV_CELL_WRAP 8   /* prose: may wrap onto more lines at spaces to fit the width */

struct ev_table;
/* A table with `ncols` columns and these headers (copied). Allocates. */
struct ev_table *ev_table_new(int ncols, const char *const *headers);
void ev_table_style(struct ev_table *t, int col, unsigned style);
/* Appends the next cell, row by row (NULL prints as empty). Copies. */
void ev_table_add(struct ev_table *t, const char *text);
void ev_table_addf(struct ev_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ev_table_add_int(struct ev_table *t, long long v);
/* Prints the table in o's format; frees nothing. */
void ev_table_print(struct ev_out *o, const struct ev_table *t);
void ev_table_free(struct ev_table *t);

/* Prose, for the table and markdown formats. */
void ev_out_heading(struct ev_out *o, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ev_out_line(struct ev_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ev_out_item(struct ev_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends a block of prose lines (the next block starts after a blank line). */
void ev_out_break(struct ev_out *o);
/* A verdict or certainty word, coloured when o->color (returns a static
 * buffer valid until the next call). */
const char *ev_out_grade(const struct ev_out *o, const char *word);

/* Prints a JSON document (pretty, key order kept, a final newline). */
void ev_out_json(struct ev_out *o, const json_t *doc);

/* Prints, byte for byte as ev_out_json would, the document made of the
 * members of `head` followed by `array_key` holding the items passed to
 * ev_out_json_item one at a time: a long answer need not be held in
 * memory whole. ev_out_json_end ends the document and frees the stream. */
struct ev_json_stream {
	struct ev_out *out;
	struct ev_buf b;
	int n;
};
void ev_out_json_begin(struct ev_out *o, struct ev_json_stream *js, const json_t *head, const char *array_key);
void ev_out_json_item(struct ev_json_stream *js, const json_t *item);
void ev_out_json_end(struct ev_json_stream *js);

/* Writes s as JSON string content / as CSV field, for formats built
 * outside tables (export). */
void ev_out_csv_row(struct ev_out *o, const char *const *cells, int n);
/* The same row appended to b instead of printed, for bulk exports that
 * write many rows at once. lens (NULL: strlen) gives each cell's length;
 * a NULL cell is empty. */
void ev_out_csv_append(const struct ev_out *o, struct ev_buf *b, const char *const *cells, const size_t *lens,
		       int n);

#endif
