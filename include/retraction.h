/*
 * retraction.h: the Retraction Watch data set (its CSV, with the columns
 * Record ID, Title, Subject, Institution, Journal, Publisher, Country,
 * Author, URLS, ArticleType, RetractionDate, RetractionDOI,
 * RetractionPubMedID, OriginalPaperDate, OriginalPaperDOI,
 * OriginalPaperPubMedID, RetractionNature, Reason, Paywalled, Notes) read
 * as notices about studies, and what a claim's grade would be with its
 * retracted studies counted. Pure: no SQL, no I/O. docs/export.md.
 */
#ifndef EV_RETRACTION_H
#define EV_RETRACTION_H

#include <stddef.h>
#include <stdint.h>

#include "grade.h"
#include "util.h"

enum ev_rw_col {
	EV_RW_RECORD_ID,
	EV_RW_TITLE,
	EV_RW_SUBJECT,
	EV_RW_INSTITUTION,
	EV_RW_JOURNAL,
	EV_RW_PUBLISHER,
	EV_RW_COUNTRY,
	EV_RW_AUTHOR,
	EV_RW_URLS,
	EV_RW_ARTICLE_TYPE,
	EV_RW_RETRACTION_DATE,
	EV_RW_RETRACTION_DOI,
	EV_RW_RETRACTION_PMID,
	EV_RW_ORIGINAL_DATE,
	EV_RW_ORIGINAL_DOI,
	EV_RW_ORIGINAL_PMID,
	EV_RW_NATURE,
	EV_RW_REASON,
	EV_RW_PAYWALLED,
	EV_RW_NOTES,
	EV_RW_COUNT
};
/* "Record ID", "Title", ... as the data set's header writes them. */
extern const char *const ev_rw_columns[];
/* Index of a column name (surrounding spaces ignored), or -1. */
int ev_rw_column(const char *name);
/* True when a header is the data set's: it has Record ID,
 * RetractionNature and OriginalPaperDOI or OriginalPaperPubMedID. */
int ev_rw_looks(char **names, int n);

enum ev_rw_nature { EV_RW_RETRACTION, EV_RW_CORRECTION, EV_RW_CONCERN, EV_RW_REINSTATEMENT, EV_RW_OTHER };

/* One notice. reason points into the row's values: the caller keeps the
 * row while it uses the notice. nature_text and doi are the notice's own,
 * whole (the data set's free text and a DOI's suffix have no limit):
 * ev_rw_notice_free. */
struct ev_rw_notice {
	char record_id[32];     /* longer ids are refused, not cut (ev_rw_notice) */
	enum ev_rw_nature nature;
	char *nature_text;      /* as written: "Retraction", "Expression of concern" */
	char date[11];          /* YYYY-MM-DD, "" when none */
	const char *reason;     /* "+Error in Data;+Falsification/Fabrication of Data;" or NULL */
	char *doi;              /* the original paper's DOI, NULL when none ("unavailable", blank) */
	int64_t pmid;           /* the original paper's PMID, 0 when none ("0", blank) */
};

/* Reads a row (value[c]: column c's text, NULL when the file lacks it).
 * Returns 0, or -1 with the column and what is wrong in *column and msg
 * (a date that is not M/D/YYYY or YYYY-MM-DD, a PMID that is not a
 * number, no Record ID, no nature, neither a DOI nor a PMID). Either way
 * *n is to be freed with ev_rw_notice_free (after -1 it holds nothing). */
int ev_rw_notice(const char *const value[EV_RW_COUNT], struct ev_rw_notice *n, const char **column, char *msg,
		 size_t size);
/* Frees what *n holds and zeroes it. */
void ev_rw_notice_free(struct ev_rw_notice *n);

/* The line a study's notes get: "Retraction Watch 12345: Retraction
 * 2020-05-12: Error in Data; Falsification/Fabrication of Data". The
 * prefix up to the colon ("Retraction Watch 12345:") marks a notice as
 * recorded, so importing the file again adds nothing. Allocated. */
char *ev_rw_note(const struct ev_rw_notice *n);
/* "Retraction Watch 12345:" into buf. */
void ev_rw_mark(const struct ev_rw_notice *n, char *buf, size_t size);

/* When links[0..n) include retracted studies: grades the links as if
 * those studies were verified, into *with, with the claim's facts c (its
 * outcome and what it asserts, as the grade itself had them; NULL for
 * none), and lists their keys, each once, in names ("a, b"). Returns how
 * many links are retracted (0: *with and names untouched; otherwise free
 * *with with ev_grade_free). */
int ev_grade_with_retracted(const struct ev_link *links, int n, const struct ev_claim_facts *c, struct ev_grade *with,
			    struct ev_buf *names);
/* "retracted: a, b; with them counted the grade was mixed, low certainty"
 * into out, for report and explain alike. */
void ev_retracted_line(const char *names, const struct ev_grade *with, struct ev_buf *out);

#endif
