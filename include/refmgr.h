/*
 * refmgr.h: records from reference managers (Zotero, EndNote, JabRef,
 * Mendeley) and from our own citation exports, in the three formats they
 * all write: RIS (ris.c), BibTeX and BibLaTeX (bibtex.c, on Debian's
 * libbtparse) and CSL-JSON (csljson.c, on jansson). Each reader turns a
 * file into entries holding the bibliographic fields of a study, each
 * with the format's own name for it and its line, so that import reports
 * problems as FILE:LINE: FIELD. Pure: no SQL; the readers take bytes (or,
 * for libbtparse, an open stream) and call back. docs/export.md.
 */
#ifndef EV_REFMGR_H
#define EV_REFMGR_H

#include <stddef.h>
#include <stdio.h>

#include "cite.h"
#include "pubmed.h"

/* One record. ref holds the fields by study column (ev_ref_columns),
 * where each was (origin: "TI", "title"; line) and the first author's
 * family name (for a new study's key); ref.retracted is set when the
 * record's note says "Retracted publication", as our exports write it.
 * Owns every string; free with ev_bibentry_free. */
struct ev_bibentry {
	struct ev_ref ref;
	char *key;          /* the citation key (BibTeX key, CSL id, RIS ID), or NULL */
	long key_line;
};
void ev_bibentry_free(struct ev_bibentry *e);

/* Starts an entry of `format` ("RIS", "BibTeX", "CSL-JSON") at `line`. */
void ev_bibentry_init(struct ev_bibentry *e, const char *format, long line);
/* Sets field f from s[0..n), trimmed (blank: left unset). `origin` must
 * outlive the entry (a string literal or the reader's own table). */
void ev_bibentry_set(struct ev_bibentry *e, enum ev_ref_field f, const char *s, size_t n, const char *origin,
		     long line);
/* Sets the year from a date ("2004", "2004/05/01", "2004-05"): its first
 * four-digit number. */
void ev_bibentry_set_year(struct ev_bibentry *e, const char *s, const char *origin, long line);
/* Sets the DOI from a DOI or a DOI link ("https://doi.org/10...",
 * "doi:10..."). */
void ev_bibentry_set_doi(struct ev_bibentry *e, const char *s, const char *origin, long line);
/* Sets the PMID from a PubMed link (pubmed.ncbi.nlm.nih.gov/NNN) or, when
 * doi_too, the DOI from a doi.org link; other URLs are ignored (a study
 * has no URL column). */
void ev_bibentry_url(struct ev_bibentry *e, const char *url, const char *origin, long line);
/* Reads a note: "Retracted publication" marks the record retracted, a
 * line "PMID: NNN" (as Zotero keeps it in Extra) gives the PMID when
 * there is none yet. Returns 1 when the note says the author list is
 * incomplete ("Author list incomplete (et al.)"), else 0. */
int ev_bibentry_note(struct ev_bibentry *e, const char *note, const char *origin, long line);
/* Sets the authors from names (ev_names_store) and the first author's
 * family name. */
void ev_bibentry_authors(struct ev_bibentry *e, const struct ev_name_parts *v, int n, int et_al,
			 const char *origin, long line);
/* Sets pages from a first and a last page ("3100", "3105" -> "3100-3105"). */
void ev_bibentry_pages(struct ev_bibentry *e, const char *first, const char *last, const char *origin, long line);

/* Called with each complete entry (the reader frees it after); nonzero
 * stops reading. */
typedef int (*ev_bib_entry_fn)(void *ud, struct ev_bibentry *e);
/* A problem in the file: line, field (NULL when none) and message. */
typedef void (*ev_bib_error_fn)(void *ud, long line, const char *field, const char *msg);

/* RIS: "TY  - JOUR" ... "ER  - " records of tagged lines. Returns the
 * number of entries, or -1 after reporting a problem that stopped it. */
long ev_ris_read(const char *text, size_t n, ev_bib_entry_fn fn, ev_bib_error_fn err, void *ud);
/* The sniffers below tell a library's format from the first n bytes of a
 * file: 1 when they start as the format does, 0 when they cannot, and -1
 * when these bytes do not decide (all of them may precede or begin the
 * format's start: blank lines, a BibTeX library's comments, part of a
 * tag). Given the whole file, take -1 as 0; given its start, read more.
 *
 * RIS: after a byte-order mark and blank lines, a tag line "TY  - ". */
int ev_ris_sniff(const char *head, size_t n);

/* BibTeX and BibLaTeX (@article{key, ...}) through libbtparse; `name`
 * is used in libbtparse's messages. Entries of every type are read;
 * @string macros are expanded, @comment and @preamble skipped. Returns
 * as ev_ris_read. */
long ev_bibtex_read(const char *text, size_t n, const char *name, ev_bib_entry_fn fn, ev_bib_error_fn err,
		    void *ud);
/* BibTeX: the first thing other than blank lines and % comments is
 * "@word{" or "@word(". */
int ev_bibtex_sniff(const char *head, size_t n);

/* CSL-JSON: an array of items (or one item). Returns as ev_ris_read. */
long ev_csljson_read(const char *text, size_t n, ev_bib_entry_fn fn, ev_bib_error_fn err, void *ud);
/* CSL-JSON: '[' followed by '{' or ']', or one item alone: '{' followed
 * by '"' or '}', white space aside. */
int ev_csljson_sniff(const char *head, size_t n);

#endif
