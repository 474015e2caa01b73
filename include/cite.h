/*
 * cite.h: citations of studies in the formats reference managers and
 * writers use: BibTeX, RIS, CSL-JSON, and formatted Vancouver and APA
 * references, and the page ranges they share. The author lists they are
 * built from are names.h's; BibTeX's escaping and title case protection
 * are latex.h's (both included here for the formats' callers).
 *
 * Pure: no SQL, no I/O. Each formatter appends to an ev_buf (or builds a
 * jansson value); callers print. docs/export.md describes every mapping.
 */
#ifndef EV_CITE_H
#define EV_CITE_H

#include <jansson.h>
#include <stdint.h>

#include "domain.h"
#include "latex.h"
#include "names.h"
#include "util.h"
#include "validate.h"

/* The bibliographic facts of one study. Strings are borrowed and may be
 * NULL (absent); whitespace inside them (line breaks, tabs, runs of
 * spaces) is folded to single spaces by every formatter. */
struct ev_cite {
	const char *key;
	const char *title;
	const char *authors;   /* as stored: "Geleijnse JM, ..., van der Meer IM" */
	const char *journal;
	int year;              /* 0 when unknown */
	const char *volume, *issue, *pages, *doi;
	int64_t pmid;          /* 0 when none */
	enum ev_status status;
};

/* Fills c from a study record (validate.h field order). The strings stay
 * owned by the record. */
void ev_cite_from_record(struct ev_cite *c, const struct ev_record *study);

/* ---- pages ------------------------------------------------------------ */

/* A page field split into first and last page. An abbreviated last page
 * is expanded ("1135-44" gives 1135 and 1144). */
struct ev_pages {
	char first[64];
	char last[64];   /* "" when not a range */
	int range;       /* 1 when pages is "FIRST-LAST" (hyphen, en dash or "--") */
};

/* Parses pages (NULL allowed). Returns 1 for a range, 0 for a single page
 * or article number (in first), -1 when the value is something else
 * ("12-15, 20", or longer than 63 bytes), which formatters print as it
 * is. */
int ev_pages_parse(const char *pages, struct ev_pages *p);

/* ---- BibTeX ----------------------------------------------------------- */

/* Appends one @article entry (key = study key) and a blank line after
 * it. Returns the number of characters left as UTF-8 under
 * EV_BIBTEX_ASCII. */
int ev_cite_bibtex(struct ev_buf *b, const struct ev_cite *c, unsigned flags);

/* ---- RIS, CSL-JSON ---------------------------------------------------- */

/* Appends one RIS record, TY  - JOUR to ER  - , lines ending in CRLF as
 * the RIS specification requires. */
void ev_cite_ris(struct ev_buf *b, const struct ev_cite *c);

/* One CSL-JSON item (the CSL data schema). Returns a new reference. */
json_t *ev_cite_csl(const struct ev_cite *c);

/* ---- formatted references --------------------------------------------- */

/* Appends the reference in Vancouver style (ICMJE / NLM Citing Medicine):
 * up to six authors then "et al.", abbreviated page ranges, doi. No
 * newline. */
void ev_cite_vancouver(struct ev_buf *b, const struct ev_cite *c);

/* Where parts of a reference lie in the buffer it was appended to, as
 * offsets, so that a page can make them links without writing the
 * reference itself: doi_at .. doi_end is the DOI after "doi:" (both 0
 * when none), status_at .. status_end the status note ("[Retracted
 * publication]", after a space; both 0 when none). */
struct ev_cite_spans {
	size_t doi_at, doi_end, status_at, status_end;
};

/* ev_cite_vancouver, recording where its parts went in sp. */
void ev_cite_vancouver_spans(struct ev_buf *b, const struct ev_cite *c, struct ev_cite_spans *sp);

/* Appends the reference in APA 7 style (plain text: no italics): up to 20
 * authors, "& " before the last, 21 or more as the first 19, ". . ." and
 * the last; DOI as https://doi.org/... No newline. */
void ev_cite_apa(struct ev_buf *b, const struct ev_cite *c);

/* Appends the key that orders a reference list the APA way: surname then
 * initials of each author letter by letter (particles included, as the
 * reference writes them; accents folded; "nothing precedes something"),
 * works by the same authors by year (no date first), then by title; a
 * work without authors by its title without "A", "An", "The". Compare
 * keys with strcmp. */
void ev_cite_apa_sortkey(struct ev_buf *b, const struct ev_cite *c);

/* The note a record's status calls for ("Retracted publication", ...), or
 * NULL for a verified record. */
const char *ev_cite_status_note(enum ev_status status);

#endif
