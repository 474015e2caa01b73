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
	/* A page of a site (`evidence site`, site.h): the path from the page
	 * up to the site's root ("../"), so that claims, studies and articles
	 * link to their own pages and a bar links home; NULL for a page that
	 * stands alone (report, query), which links only within itself. */
	const char *root;
	/* A claim's own page (with root): the claim is the page's heading,
	 * and its grading is every step as `explain` lists it, not only the
	 * steps that applied. */
	int claim_page;
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

/* A page of a site in the report's style: the head (title escaped here,
 * a link to root's style.css), the body's page box and the
 * bar linking to root's index and map. ev_html_page_end closes it with
 * the report's footer (each of generated, database, version may be
 * NULL: not said). */
void ev_html_page_begin(struct ev_buf *out, const char *title, const char *root);

/* A topic's key as words: "arterial-calcification" -> "Arterial
 * calcification" (topics have a key and nothing else). Allocates. */
char *ev_html_topic_name(const char *key);

/* The site's style.css: every style its pages use (the report's and the
 * site's own), which they link instead of carrying them inline. */
void ev_html_site_css(struct ev_buf *out);
void ev_html_page_end(struct ev_buf *out, const char *generated, const char *database, const char *version);

/* A study as a reference list item (<li>), as the report lists it: the
 * Vancouver text of `export --format vancouver` with its DOI and PubMed
 * links, then the key (a link to root's study page when root is not
 * NULL). */
void ev_html_reference(struct ev_buf *out, const struct ev_record *study, const char *root);

/* A verdict as the report's pages show it: class "v-supported", mark
 * and words ("\u2713 Supported"); v is an enum ev_verdict. */
const char *ev_html_verdict_class(int v);
const char *ev_html_verdict_mark(int v);

/* "23 October 2025" for "2025-10-23" into buf; NULL when s is not a
 * YYYY-MM-DD date. */
const char *ev_html_date(const char *s, char *buf, size_t size);

/* Appends the https://doi.org/ URL of a DOI, percent-encoding every
 * character outside [A-Za-z0-9-._~/:;()] (so '#', '?', '&', '<', quotes
 * and spaces can neither end nor break the link). */
void ev_html_doi_url(struct ev_buf *b, const char *doi);

#endif
