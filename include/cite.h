/*
 * cite.h: citations of studies in the formats reference managers and
 * writers use: BibTeX, RIS, CSL-JSON, and formatted Vancouver and APA
 * references. Also the pieces they are built from: author lists split
 * into family names, particles, given names and initials, page ranges,
 * BibTeX escaping and title case protection.
 *
 * Pure: no SQL, no I/O. Each formatter appends to an ev_buf (or builds a
 * jansson value); callers print. docs/export.md describes every mapping.
 */
#ifndef EV_CITE_H
#define EV_CITE_H

#include <jansson.h>
#include <stdint.h>

#include "domain.h"
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

/* ---- author names ----------------------------------------------------- */

/* One author. A person has a family name, and usually initials and a
 * given name; an organisation ("World Health Organization") or a name
 * that is not in any form we can split is `literal`, held whole in
 * family. The strings belong to the list (struct ev_names). */
struct ev_name {
	char *family;    /* "Meer", "Dawson-Hughes", "O'Donnell"; the whole name when literal */
	char *particle;  /* "van der", "de", "de la" (lowercase words before the family name), or NULL */
	char *given;     /* "I. M." (from initials) or "John A." (as written), or NULL */
	char *initials;  /* Vancouver form: "IM", "J-P"; NULL when none */
	char *suffix;    /* "Jr", "III", or NULL */
	int literal;
};

struct ev_names {
	struct ev_name *v;
	int n;
	int et_al;       /* the list ends with "et al.": more authors exist */
	char *store;     /* the text of every name, in one allocation */
};

/* Splits an author list. The stored form is Vancouver: comma-separated
 * "Family Initials" entries ("van der Meer IM", "King JT Jr"), optionally
 * ending with "et al." or a final period (as PubMed writes it). A list
 * with semicolons is read as "Family, Given; Family, Given". Leading
 * lowercase words of a family name are its particle. An entry whose last
 * word is not initials is kept whole as a literal name. Never fails;
 * allocates (free with ev_names_free). NULL or "" gives no names. */
void ev_names_parse(const char *authors, struct ev_names *out);
void ev_names_free(struct ev_names *names);

/* One author as a reference manager holds it, for ev_names_store. */
struct ev_name_parts {
	const char *family; /* with any particle: "van der Meer"; the whole name when literal */
	const char *given;  /* "I. M.", "Irene M.", or NULL */
	const char *suffix; /* "Jr.", "III", or NULL */
	int literal;        /* an organisation or a name kept whole */
};

/* The inverse of ev_names_parse: an author list in the stored form.
 * When every given name is initials ("J. M.", "J.-P.") the list is
 * Vancouver ("van der Meer IM, King JT Jr"), else "Family, Given[,
 * Suffix]; ..." so that no given name is lost; ", et al." (or "; et al.")
 * ends an incomplete list. Returns a new string, or NULL for no names. */
char *ev_names_store(const struct ev_name_parts *v, int n, int et_al);

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

/* Options for the BibTeX writer. */
#define EV_BIBTEX_ASCII 1 /* write accented letters as LaTeX accents ({\'e}) */

/* Appends s with the characters BibTeX and LaTeX treat specially escaped:
 * & % $ # _ as \&..., braces as \{ \} when they balance (else
 * \textbraceleft{}), ~ ^ \ as \textasciitilde{} \textasciicircum{}
 * \textbackslash{}, and < > | (other glyphs in LaTeX's default OT1 font
 * encoding) as \textless{} \textgreater{} {$|$}. Whitespace is folded.
 * Returns the number of non-ASCII characters kept as UTF-8 under
 * EV_BIBTEX_ASCII (0 otherwise). */
int ev_bibtex_escape(struct ev_buf *b, const char *s, unsigned flags);

/* Appends a title escaped, with the words a style must not lowercase in
 * braces: acronyms and mixed-case or alphanumeric names ({MK-7}, {MGP},
 * {VitaK-CAC}, {K2}), single capital letters ({D}), and, in a title
 * written in sentence case, every capitalised word after the first (proper
 * nouns: {Rotterdam} {Study}). Returns as ev_bibtex_escape. */
int ev_bibtex_title(struct ev_buf *b, const char *title, unsigned flags);

/* The inverse of ev_bibtex_escape for a field value as a BibTeX reader
 * gives it (outer delimiters gone): \& and the other escapes, the
 * accent forms of latex_chars (and \'e, \'{e}) as UTF-8, case-protecting
 * braces dropped. Other commands are kept as written. Appends to b. */
void ev_bibtex_unescape(struct ev_buf *b, const char *s);

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
