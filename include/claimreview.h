/*
 * claimreview.h: machine-readable verdicts. Builds schema.org ClaimReview
 * JSON-LD (one review per claim of an article) from the claims'
 * assessments, for fact-check search features and aggregators. The rating
 * scale is documented in docs/audit.md. Pure: no SQL, no I/O.
 */
#ifndef EV_CLAIMREVIEW_H
#define EV_CLAIMREVIEW_H

#include <jansson.h>
#include <stddef.h>

#include "assess.h"
#include "validate.h"

/* Who publishes the reviews, when and where. */
struct ev_cr_options {
	const char *reviewer;      /* the reviewing organisation or person; NULL: no author */
	int reviewer_person;       /* 1: a Person, 0: an Organization */
	const char *reviewer_url;  /* may be NULL */
	const char *date;          /* datePublished, YYYY-MM-DD */
	const char *url;           /* the page publishing the reviews, may be NULL: each
				    * review's url is URL#CLAIM-KEY */
};

/* One claim: its assessment and the records of its linked studies (each
 * once, in link order) for the citations. Borrowed. */
struct ev_cr_claim {
	const struct ev_assessment *a;
	const struct ev_record *const *studies;
	int nstudies;
};

/* The rating for a verdict and certainty: returns ratingValue on the 1-5
 * scale (1 contradicted with high certainty ... 5 supported with high
 * certainty), or 0 for insufficient evidence, which gets no number. The
 * words ("Supported, low certainty", "Insufficient evidence") go to name. */
int ev_claimreview_rating(enum ev_verdict v, int certainty, char *name, size_t size);

/* Whether s is a real calendar date written YYYY-MM-DD. */
int ev_claimreview_date_ok(const char *s);

/* Whether s is an address a review's url, or its reviewer's, can be:
 * http:// or https://, something after it, no spaces or control
 * characters. */
int ev_claimreview_url_ok(const char *s);

/* The JSON-LD document: {"@context": "https://schema.org", "@graph":
 * [ClaimReview, ...]} with one ClaimReview per claim, in order. article
 * may be NULL (see ev_claimreview_of). Returns a new reference. */
json_t *ev_claimreview_build(const struct ev_record *article, const struct ev_cr_claim *claims, int n,
			     const struct ev_cr_options *opt);

/* The same document for assessed claims as[0..n), each citing its linked
 * studies (each once, in link order) found by key in studies[0..nstudies).
 * article may be NULL (a topic's claims come from several articles): the
 * Claims then have no author, date or appearance. Returns a new reference. */
json_t *ev_claimreview_of(const struct ev_record *article, const struct ev_assessment *as, int n,
			  const struct ev_record *studies, int nstudies, const struct ev_cr_options *opt);

#endif
