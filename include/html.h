/*
 * html.h: the evidence report as one self-contained HTML page: inline CSS
 * and SVG, no script, no network. Pure: takes graded claims and records
 * and appends HTML to a buffer; no SQL, no I/O. Every piece of user text
 * goes through ev_xml_escape (util.h).
 */
#ifndef EV_HTML_H
#define EV_HTML_H

#include "assess.h"
#include "util.h"
#include "validate.h"

struct ev_html_doc {
	const struct ev_record *article;    /* `report`: the article; NULL for a topic */
	const char *topic;                  /* `query`: the topic key; NULL for an article */
	const struct ev_assessment *claims; /* in the order to show them */
	int nclaims;
	const struct ev_record *studies;    /* the studies the claims' links name */
	int nstudies;
	/* What the footer says about the page; each may be NULL (not said). */
	const char *generated; /* when, "YYYY-MM-DDTHH:MM:SSZ" (ev_cli_now) */
	const char *database;  /* the database file's base name */
	const char *version;   /* evidence's version */
};

/* Appends the page for d to out: the article (or topic) and a summary of
 * verdicts, then a section per claim (its text, the article's quote and
 * stated details, a verdict badge with certainty, the grading reasons,
 * pooled effects, the forest plot where there is one, the table of linked
 * studies), then the references, numbered in order of first citation,
 * with DOI and PubMed links, and a footer saying when, from which database
 * and by which version the page was made. The claims' ClaimReview JSON-LD
 * is embedded in the head. A topic's title is its key in words.
 * Estimates and CIs are written as the forest plot on the page writes
 * them (numfmt.h, with the plot's decimals: ev_svg_decimals); references
 * are cite.c's Vancouver text, as `export --format vancouver` gives it. */
void ev_html_report(struct ev_buf *out, const struct ev_html_doc *d);

/* "23 October 2025" for "2025-10-23" into buf; NULL when s is not a
 * YYYY-MM-DD date. */
const char *ev_html_date(const char *s, char *buf, size_t size);

/* Appends the https://doi.org/ URL of a DOI, percent-encoding every
 * character outside [A-Za-z0-9-._~/:;()] (so '#', '?', '&', '<', quotes
 * and spaces can neither end nor break the link). */
void ev_html_doi_url(struct ev_buf *b, const char *doi);

#endif
