/*
 * cmd_import_header.c: what a file given to `evidence import` holds, told
 * before the database is opened, so that the files can be put in
 * dependency order and every header problem reported first. A MEDLINE
 * file or a reference manager's library (RIS, BibTeX, CSL-JSON) is told
 * from its first bytes; anything else is CSV (or tab-separated text),
 * and its header row says whether it is PubMed's CSV export, the
 * Retraction Watch data set, or one of our four formats: the kind whose
 * columns fit best, each column then mapped to its field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_import.h"
#include "csvio.h"
#include "medline.h"
#include "pubmed.h"
#include "refmgr.h"
#include "retraction.h"
#include "util.h"
#include "validate.h"

struct header_probe {
	struct import *im;
	struct file *f;
	int got;
	long line;
	int n;
	char **names;
};

static int probe_row(void *ud, const struct ev_csv_record *rec)
{
	struct header_probe *p = ud;
	p->got = 1;
	p->line = rec->line;
	p->n = rec->nfields;
	p->names = ev_xcalloc((size_t)rec->nfields, sizeof *p->names);
	for (int i = 0; i < rec->nfields; i++)
		p->names[i] = ev_xstrndup(rec->field[i], rec->len[i]);
	return 1; /* the header is all we want here */
}

static void probe_error(void *ud, long line, int field, const char *msg)
{
	struct header_probe *p = ud;
	(void)field;
	ev_import_problem(p->im, p->f->name, line, NULL, msg);
}

/* How well a header fits a kind: each known column counts for it, each
 * unknown column (which would be an error) counts more against it, and a
 * missing required column a little: so "key,title,authors,year" is taken
 * for a studies file missing 'design', not an articles file with two
 * unknown columns. Returns the score (higher is better) and the number of
 * missing required columns. */
static int fit(enum ev_kind kind, char **names, int n, int *missing)
{
	int nf, known = 0;
	const struct ev_field *f = ev_fields(kind, &nf);
	*missing = 0;
	for (int i = 0; i < nf; i++) {
		int found = 0;
		for (int j = 0; j < n && !found; j++)
			found = strcmp(names[j], f[i].name) == 0;
		if (found)
			known++;
		else if (f[i].flags & (EV_REQUIRED | EV_REQUIRED_VERIFIED))
			(*missing)++;
	}
	return known * 2 - (n - known) * 3 - *missing;
}

/* A header of PubMed's CSV export: at least three of its column names,
 * which none of our formats uses (ours are lowercase). */
static int looks_pubmed(char **names, int n)
{
	int known = 0;
	for (int j = 0; j < n; j++)
		known += ev_pubmed_column(names[j]) >= 0;
	return known >= 3;
}

/* Maps a PubMed CSV header. PMID and Title are required (every export has
 * them, and a record needs them); columns PubMed may add in the future are
 * ignored with a warning rather than refused. */
static void pubmed_header(struct import *im, struct file *f, char **names, int n, long line)
{
	int seen[EV_PM_COUNT] = {0}, bad = 0;
	f->src = SRC_PUBMED;
	f->kind = EV_STUDY;
	f->ncols = n;
	for (int j = 0; j < n; j++) {
		int c = ev_pubmed_column(names[j]);
		f->map[j] = c;
		if (c < 0) {
			/* Quoted at 40 bytes, cut back to a character boundary,
			 * with "..." where that is not all of it (it was cut at
			 * 40 bytes without a word, and could split a character). */
			size_t len = strlen(names[j]), k = len > 40 ? 40 : len;
			while (k < len && k > 0 && ((unsigned char)names[j][k] & 0xC0) == 0x80)
				k--;
			ev_warn("%s:%ld: ignoring column '%.*s%s', which PubMed's CSV export does not have", f->name,
				line, (int)k, names[j], k < len ? "..." : "");
		} else if (seen[c]++) {
			char m[160]; /* a column name of PubMed's, from our table */
			snprintf(m, sizeof m, "column '%s' appears twice in the header", ev_pubmed_columns[c]);
			ev_import_problem(im, f->name, line, NULL, m);
			bad = 1;
		}
	}
	static const int required[] = {EV_PM_PMID, EV_PM_TITLE};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!seen[required[i]]) {
			char m[300];
			snprintf(m, sizeof m,
				 "missing column '%s': a PubMed CSV export has the header PMID,Title,Authors,Citation,"
				 "First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI",
				 ev_pubmed_columns[required[i]]);
			ev_import_problem(im, f->name, line, NULL, m);
			bad = 1;
		}
	f->ok = !bad;
}

/* What sniff says of the start of f (refmgr.h): it reads 4 KiB, and
 * twice as much again while sniff cannot tell from what it has and the
 * file goes on (a BibTeX library may open with pages of comments); then
 * rewinds. 1 or 0; -1 at the end of the file is 0.
 * Blank lines before the first record decide nothing for any format
 * (every sniffer skips a byte order mark, then at least CR, LF and
 * space), so they are dropped as they are read: a file that opens with
 * 100 MB of them is read through in the same 4 KiB, where it once held
 * them all (and asked for 256 MiB). */
static int sniff_start(struct file *f, int (*sniff)(const char *head, size_t n))
{
	struct ev_buf head = EV_BUF_INIT;
	size_t want = 4096;
	int is;
	for (;;) {
		size_t ask = want - head.len;
		ev_buf_grow(&head, ask);
		size_t got = fread(head.data + head.len, 1, ask, f->fp);
		head.len += got;
		size_t bom = head.len >= 3 && memcmp(head.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, i = bom;
		while (i < head.len && (head.data[i] == '\n' || head.data[i] == '\r' || head.data[i] == ' '))
			i++;
		if (i > bom) {
			memmove(head.data + bom, head.data + i, head.len - i);
			head.len -= i - bom;
		}
		is = sniff(head.data, head.len);
		if (is >= 0 || got < ask)
			break;
		if (head.len == want)
			want *= 2;
	}
	ev_buf_free(&head);
	rewind(f->fp);
	return is > 0;
}

/* ev_medline_sniff with the signature of the others. */
static int medline_start(const char *head, size_t n) { return ev_medline_sniff(head, n); }

/* A file whose first line has tabs and no commas is tab-separated (as
 * `export --format tsv` writes); then rewinds. */
static char sniff_delimiter(struct file *f)
{
	/* Read as a stream, to the end of the line however long it is. */
	int c, tab = 0, comma = 0;
	while (!comma && (c = getc(f->fp)) != EOF && c != '\n' && c != '\r') {
		tab |= c == '\t';
		comma = c == ',';
	}
	rewind(f->fp);
	return tab && !comma ? '\t' : ',';
}

/* Maps a Retraction Watch header. Record ID, RetractionNature and the
 * original paper's DOI or PMID are needed; other columns are read when
 * there (the data set has grown columns over the years, and more are
 * ignored). */
static void rw_header(struct import *im, struct file *f, char **names, int n, long line)
{
	int seen[EV_RW_COUNT] = {0}, bad = 0;
	f->src = SRC_RETRACTION;
	f->kind = EV_STUDY;
	f->ncols = n;
	for (int j = 0; j < n; j++) {
		int c = ev_rw_column(names[j]);
		f->map[j] = c;
		if (c >= 0 && seen[c]++) {
			char m[160]; /* a column name of the data set's, from our table */
			snprintf(m, sizeof m, "column '%s' appears twice in the header", ev_rw_columns[c]);
			ev_import_problem(im, f->name, line, NULL, m);
			bad = 1;
		}
	}
	if (!seen[EV_RW_RECORD_ID] || !seen[EV_RW_NATURE] || (!seen[EV_RW_ORIGINAL_DOI] && !seen[EV_RW_ORIGINAL_PMID])) {
		ev_import_problem(im, f->name, line, NULL,
				  "a Retraction Watch file needs the columns Record ID, RetractionNature and "
				  "OriginalPaperDOI or OriginalPaperPubMedID");
		bad = 1;
	}
	f->ok = !bad;
}

/* A reference manager's library (RIS, BibTeX, CSL-JSON), told from its
 * first bytes: sets f->src and returns 1, or 0 for anything else. */
static int sniff_library(struct file *f)
{
	f->src = sniff_start(f, ev_ris_sniff)	      ? SRC_RIS
		 : sniff_start(f, ev_bibtex_sniff)  ? SRC_BIBTEX
		 : sniff_start(f, ev_csljson_sniff) ? SRC_CSLJSON
						    : SRC_CSV;
	return f->src != SRC_CSV;
}

int ev_import_read_header(struct import *im, struct file *f)
{
	struct header_probe p = {im, f, 0, 0, 0, NULL};
	long before = im->problems;
	rewind(f->fp);
	f->src = SRC_CSV;
	if (im->forced_src == SRC_MEDLINE || (im->forced_src == SRC_AUTO && im->forced_kind < 0 && sniff_start(f, medline_start))) {
		f->src = SRC_MEDLINE;
		f->kind = EV_STUDY;
		f->ok = 1;
		return 0;
	}
	if (ev_import_is_library(im->forced_src) || (im->forced_src == SRC_AUTO && im->forced_kind < 0 && sniff_library(f))) {
		if (ev_import_is_library(im->forced_src))
			f->src = im->forced_src;
		f->kind = EV_STUDY;
		f->ok = 1;
		return 0;
	}
	f->delim = sniff_delimiter(f);
	ev_csv_read_stream(f->fp, f->delim, probe_row, probe_error, &p);
	/* probe_error counts problems through p.im, which cppcheck does not see. */
	// cppcheck-suppress knownConditionTrueFalse
	if (im->problems > before)
		goto done;
	if (!p.got) {
		ev_import_problem(im, f->name, 1, NULL, "the file is empty; a header row naming the columns is required");
		goto done;
	}
	if (im->forced_src == SRC_PUBMED || (im->forced_kind < 0 && looks_pubmed(p.names, p.n))) {
		pubmed_header(im, f, p.names, p.n, p.line);
		goto done;
	}
	if (im->forced_src == SRC_RETRACTION || (im->forced_kind < 0 && ev_rw_looks(p.names, p.n))) {
		rw_header(im, f, p.names, p.n, p.line);
		goto done;
	}
	/* A spreadsheet's "CSV" in a locale with decimal commas uses ';'. */
	if (p.n == 1 && strchr(p.names[0], ';')) {
		ev_import_problem(im, f->name, p.line, NULL,
				  "the file looks semicolon-separated (a spreadsheet's CSV where ',' is the decimal "
				  "mark): save it again with ',' as the field separator, or as tab-separated text, "
				  "and import that");
		goto done;
	}
	if (p.n > EV_MAX_FIELDS * 2) {
		char m[96];
		snprintf(m, sizeof m, "the header has %d columns; no format has more than %d", p.n, EV_MAX_FIELDS);
		ev_import_problem(im, f->name, p.line, NULL, m);
		goto done;
	}

	/* The kind: forced, or the best-fitting format. */
	int best = -1, best_score = -1000000;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		int missing, score = fit((enum ev_kind)k, p.names, p.n, &missing);
		if (im->forced_kind >= 0 && k != im->forced_kind)
			continue;
		if (best < 0 || score > best_score) {
			best = k;
			best_score = score;
		}
	}
	f->kind = (enum ev_kind)best;
	if (im->forced_kind < 0 && best_score <= 0) {
		ev_import_problem(im, f->name, p.line, NULL,
				  "cannot tell what this file holds: its header matches none of the articles, studies, "
				  "claims or evidence formats (see 'evidence import --help', or give --kind)");
		goto done;
	}

	int nf;
	const struct ev_field *fields = ev_fields(f->kind, &nf);
	const char *names[EV_MAX_FIELDS];
	for (int i = 0; i < nf; i++)
		names[i] = fields[i].name;
	int bad = 0;
	f->ncols = p.n;
	memset(f->present, 0, sizeof f->present);
	for (int j = 0; j < p.n; j++) {
		int idx = ev_field_index(f->kind, p.names[j]);
		f->map[j] = idx;
		if (idx < 0) {
			const char *near = ev_suggest(p.names[j], names, (size_t)nf);
			/* The name is quoted at 40 bytes with "..."; near is one of ours. */
			char m[400], shown[64];
			snprintf(shown, sizeof shown, "%.40s%s", p.names[j], strlen(p.names[j]) > 40 ? "..." : "");
			if (!*p.names[j])
				snprintf(m, sizeof m, "column %d has no name", j + 1);
			else if (strncmp(p.names[j], "\xef\xbb\xbf", 3) == 0)
				/* A second BOM (a file saved with one by a tool that
				 * added another): invisible, so named. */
				snprintf(m, sizeof m, "unknown column '%s' for %s: it starts with a byte-order mark "
						      "(U+FEFF), so the file has two; remove the second", shown,
					 ev_kind_plurals[f->kind]);
			else if (near)
				snprintf(m, sizeof m, "unknown column '%s' for %s; did you mean '%s'?", shown,
					 ev_kind_plurals[f->kind], near);
			else
				snprintf(m, sizeof m, "unknown column '%s' for %s", shown, ev_kind_plurals[f->kind]);
			ev_import_problem(im, f->name, p.line, NULL, m);
			bad = 1;
		} else if (f->present[idx]) {
			char m[160]; /* p.names[j] is one of our field names (ev_field_index matched it exactly) */
			snprintf(m, sizeof m, "column '%s' appears twice in the header", p.names[j]);
			ev_import_problem(im, f->name, p.line, NULL, m);
			bad = 1;
		} else {
			f->present[idx] = 1;
		}
	}
	for (int i = 0; i < nf; i++)
		if (!f->present[i] && (fields[i].flags & (EV_REQUIRED | EV_REQUIRED_VERIFIED))) {
			char m[160];
			snprintf(m, sizeof m, "missing column '%s', which %s require", fields[i].name,
				 ev_kind_plurals[f->kind]);
			ev_import_problem(im, f->name, p.line, NULL, m);
			bad = 1;
		}
	f->ok = !bad;
done:
	for (int i = 0; i < p.n; i++)
		free(p.names[i]);
	free(p.names);
	return 0;
}
