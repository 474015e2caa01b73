/*
 * site.h: the pages of `evidence site` that the report does not already
 * make: the index (articles and topics with their verdict tallies, and
 * every study), the evidence map (topics by certainty, each claim a
 * chip in its verdict's colour with its words) and a study's page (its
 * citation, the claims it bears on). Articles', topics' and claims' pages
 * are html.h's. Pure: plain data in, HTML appended to a buffer; no SQL,
 * no I/O. Every user string is escaped (ev_xml_escape).
 */
#ifndef EV_SITE_H
#define EV_SITE_H

#include "util.h"
#include "validate.h"

/* One graded claim, as the index and the map show it. */
struct ev_site_claim {
	const char *key;
	const char *text;
	int verdict;   /* enum ev_verdict */
	int certainty; /* 1..4, 0 when not graded */
	const char *article; /* its article's key; NULL when it has none */
	int studies;         /* distinct studies linked, counted or not */
};

/* An article or a topic: its claims, as indexes into the site's claims. */
struct ev_site_group {
	const char *key;
	const char *title; /* an article's title; NULL for a topic */
	const int *claims;
	int nclaims;
};

/* The whole site. Everything is borrowed. */
struct ev_site {
	const struct ev_site_claim *claims;
	int nclaims;
	const struct ev_site_group *articles;
	int narticles;
	const struct ev_site_group *topics;
	int ntopics;
	const struct ev_record *studies; /* in key order */
	int nstudies;
	/* The footer's words (html.h's ev_html_page_end); each may be NULL. */
	const char *generated, *database, *version;
};

/* A study's link to a claim, for its page. */
struct ev_site_bearing {
	const char *claim;     /* the claim's key */
	const char *direction; /* supports, contradicts, inconclusive */
	const char *outcome;   /* NULL when the link names none */
	int index;             /* the claim in the site's claims, or -1 */
};

/* Whether a key can name a file of the site as it is: 1..100 characters
 * of [a-z0-9-], not starting with '-'. validate.c admits no other key
 * (EV_F_SLUG), so this only refuses what another program wrote into the
 * database behind evidence's back: such a key could hold "/" or "..". */
int ev_site_key_ok(const char *key);

/* Whether `path` is one the site writes: style.css, index.html, map.html or
 * DIR/KEY.html for DIR articles, topics, claims or studies and a key
 * ev_site_key_ok takes. What a manifest lists is checked with it, so an
 * edited manifest can never make the site remove another file. */
int ev_site_path_ok(const char *path);

/* index.html: the articles and topics with their tallies, every study. */
void ev_site_index(struct ev_buf *out, const struct ev_site *s);

/* map.html: a row per topic, a column per certainty (high to very low,
 * then not graded); each claim a chip linking to its page. */
void ev_site_map(struct ev_buf *out, const struct ev_site *s);

/* topics/KEY.html: the topic's tally, then each of its claims with its
 * verdict (a chip, as on the map), certainty, text, studies and article,
 * each linked: a topic gathers claims that have their own pages, so it
 * lists them rather than repeat them (a large topic's full report runs
 * to megabytes, the article pages keep the full report). */
void ev_site_topic(struct ev_buf *out, const struct ev_site *s, const struct ev_site_group *topic);

/* studies/KEY.html: the study's reference with its DOI and PubMed links,
 * what it is, and every claim it bears on with the direction. */
void ev_site_study(struct ev_buf *out, const struct ev_site *s, const struct ev_record *study,
		   const struct ev_site_bearing *bear, int nb);

#endif
