/*
 * pubmed.h: PubMed records as evidence studies. Parses what PubMed's two
 * export formats carry (the "Save as CSV" rows and MEDLINE records, see
 * medline.h) into one bibliographic reference, and that into a study
 * record: the Citation string (volume, issue, pages, DOI), author lists,
 * publication types (the study design), keys made from the first author
 * and year. Pure: no SQL, no I/O. See docs/pubmed.md.
 */
#ifndef EV_PUBMED_H
#define EV_PUBMED_H

#include <stddef.h>

#include "domain.h"
#include "medline.h"
#include "validate.h"

/* What PubMed's Citation column (and the MEDLINE SO tag) says, e.g.
 * "Behav Ther. 2022 Mar;53(2):334-347. doi: 10.1016/j.beth.2021.09.005.".
 * Each string is allocated (NULL when absent); free with
 * ev_citation_free. */
struct ev_citation {
	char *journal; /* the text before the date ("Behav Ther") */
	int year;      /* 0 when no date was found */
	char *date;    /* "2022 Mar" */
	char *volume;  /* "53", "100 Suppl 1" */
	char *issue;   /* "2" */
	char *pages;   /* "334-347", pages or an electronic location; expanded */
	char *doi;     /* "10.1016/j.beth.2021.09.005" */
};

/* Parses a citation. `journal` (may be NULL) is the journal abbreviation
 * the record gives separately; when the citation starts with it, the date
 * is looked for right after it, otherwise at the first ". YYYY". Fills what
 * it finds and returns 1 when a date was found (volume, issue and pages
 * follow it), 0 when the text has no recognisable date (a book, say),
 * which leaves only the DOI possibly set. Never fails otherwise. */
int ev_citation_parse(const char *text, const char *journal, struct ev_citation *c);
void ev_citation_free(struct ev_citation *c);

/* Writes an abbreviated MEDLINE page range in full: "1135-44" becomes
 * "1135-1144", "123S-9S" becomes "123S-129S", "e12-5" becomes "e12-e15";
 * comma-separated ranges each. Anything else is copied unchanged.
 * Returns a newly allocated string. */
char *ev_pages_expand(const char *pages);

/* One author in PubMed's "Family Initials" form ("van der Meer IM",
 * "Smith JR Jr", a collective name "Rotterdam Study Group"). */
struct ev_author {
	const char *family; /* start of the family name (or the whole name) */
	size_t family_len;
	const char *initials; /* NULL for a collective name */
	size_t initials_len;
};

/* Splits one name. The family name is everything before the initials,
 * which are the last token (after a trailing Jr, Sr, 2nd, 3rd ...) when it
 * is all capital letters; a name without such a token is a collective
 * name and is all family. Pointers are into `name`. Returns 0, or -1 for
 * an empty name. */
int ev_author_parse(const char *name, size_t n, struct ev_author *a);

/* Splits an author list ("Knapen MH, Braam LA, Vermeer C." with or without
 * the final period) and calls fn for each name with its bounds; stops when
 * fn returns nonzero. Returns the number of names. */
int ev_authors_each(const char *list, int (*fn)(void *ud, const char *name, size_t n), void *ud);

/* Writes `s` as key material into b: letters folded to ASCII (Müller ->
 * muller, Ørsted -> orsted, Strauß -> strauss), lowercase, apostrophes
 * dropped (O'Donnell -> odonnell), any other run of non-alphanumerics as
 * one '-', none at either end, at most `max` bytes cut at a '-'. */
void ev_slug_add(struct ev_buf *b, const char *s, size_t n, size_t max);

/* The base of a new study's key: the first author's family name and the
 * year ("knapen-2015", "van-der-meer-2004"); without an author the first
 * significant word of the title; without a year "nd" (no date). Returns a
 * newly allocated string that is a valid key. */
char *ev_key_base(const char *family, size_t family_len, int year, const char *title);

/* The n-th candidate for a key that is taken: n = 0 is the base itself,
 * then base-b, base-c ... base-z, base-aa, base-ab ... (as BibTeX
 * labels do). Writes into b (reset first). */
void ev_key_candidate(struct ev_buf *b, const char *base, unsigned n);

/* The study design that MEDLINE publication types (PT) state, by the
 * precedence of docs/pubmed.md, or EV_DESIGN_NONE when they state none.
 * `types` holds `n` PT values. */
enum ev_design ev_pubtype_design(const char *const *types, int n);
/* True when a publication type says nothing about the study itself
 * ("Journal Article", "Research Support, ..."): left out of the hint. */
int ev_pubtype_is_generic(const char *type);

/* ---- a bibliographic reference -------------------------------------- */

/* The bibliographic fields a PubMed record fills, by study field (the
 * validate.h names). */
enum ev_ref_field {
	EV_REF_TITLE,
	EV_REF_AUTHORS,
	EV_REF_JOURNAL,
	EV_REF_YEAR,
	EV_REF_VOLUME,
	EV_REF_ISSUE,
	EV_REF_PAGES,
	EV_REF_DOI,
	EV_REF_PMID,
	EV_REF_COUNT
};
/* The study column each field goes to ("title", ... "pmid"). */
extern const char *const ev_ref_columns[];

/* One PubMed record, whatever format it came in. Owns every string. */
struct ev_ref {
	char *value[EV_REF_COUNT];      /* NULL when the record lacks it */
	const char *origin[EV_REF_COUNT]; /* the source's name for it ("PMID", "TI", "Citation") */
	long line[EV_REF_COUNT];        /* where it was (MEDLINE: the tag's line) */
	long start;                     /* the line the record starts on */
	char *family;                   /* first author's family name, or NULL */
	enum ev_design design;          /* from publication types; EV_DESIGN_NONE */
	int retracted;                  /* publication type "Retracted Publication" */
	char *hint;                     /* non-generic publication types, "; "-joined, or NULL */
	char *pt_problem;               /* why the publication types cannot be a note (not text:
					   invalid UTF-8, a control character), or NULL */
	const char *format;             /* "CSV", "MEDLINE" */
};
void ev_ref_free(struct ev_ref *ref);

/* The columns of PubMed's CSV export. */
enum ev_pubmed_col {
	EV_PM_PMID,
	EV_PM_TITLE,
	EV_PM_AUTHORS,
	EV_PM_CITATION,
	EV_PM_FIRST_AUTHOR,
	EV_PM_JOURNAL,
	EV_PM_YEAR,
	EV_PM_CREATE_DATE,
	EV_PM_PMCID,
	EV_PM_NIHMS,
	EV_PM_DOI,
	EV_PM_COUNT
};
/* "PMID", "Title", ... "DOI", as PubMed writes them. */
extern const char *const ev_pubmed_columns[];
/* Index of a PubMed CSV column name (surrounding spaces ignored), or -1. */
int ev_pubmed_column(const char *name);

/* Builds a reference from a CSV row: value[c] is column c's text (NULL
 * when the file lacks the column), all on `line`. Text is copied. */
void ev_ref_from_csv(struct ev_ref *ref, const char *const value[EV_PM_COUNT], long line);

/* Builds a reference from a MEDLINE record. */
void ev_ref_from_medline(struct ev_ref *ref, const struct ev_medline_record *rec);

/* Validates the reference's fields into a study record (reset first) with
 * the same rules and messages as the CSV import, and marks in present[]
 * the fields it set (a field the record lacks is not present, so an
 * update never erases what the database has). `problem` gets the study
 * column, or "PT" for publication types that are not text (they would
 * become a new study's notes). Returns the number of problems. */
int ev_ref_to_record(const struct ev_ref *ref, struct ev_record *r, unsigned char *present,
		     ev_problem_fn problem, void *ud);

/* Adds what a new study gets beyond its bibliography: status unverified
 * (so it counts toward no grade until curated), the design the
 * publication types state, a source naming the export, and a notes hint
 * listing the publication types when no design could be told. */
void ev_ref_new_study(const struct ev_ref *ref, struct ev_record *r, unsigned char *present);

#endif
