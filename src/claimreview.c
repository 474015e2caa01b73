/*
 * claimreview.c: schema.org ClaimReview JSON-LD (see claimreview.h).
 *
 * Shape follows schema.org and Google's fact-check guidance: claimReviewed
 * and reviewRating (with alternateName, the words shown to readers) are
 * required there; itemReviewed is a Claim whose appearance is the article;
 * author and datePublished describe the reviewer. ratingValue is optional
 * in that guidance, which is what lets "insufficient evidence" carry words
 * without a number that would read as a middling verdict.
 */
#include "claimreview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

int ev_claimreview_rating(enum ev_verdict v, int certainty, char *name, size_t size)
{
	const char *cert = ev_certainty_name(certainty);
	int value;
	switch (v) {
	case EV_SUPPORTED:
		value = certainty >= 4 ? 5 : certainty >= 2 ? 4 : 3;
		snprintf(name, size, "Supported, %s certainty", cert ? cert : "unknown");
		break;
	case EV_CONTRADICTED:
		value = certainty >= 4 ? 1 : certainty >= 2 ? 2 : 3;
		snprintf(name, size, "Contradicted, %s certainty", cert ? cert : "unknown");
		break;
	case EV_MIXED:
		value = 3;
		snprintf(name, size, "Mixed evidence, %s certainty", cert ? cert : "unknown");
		break;
	default:
		value = 0;
		snprintf(name, size, "Insufficient evidence");
		break;
	}
	/* "very-low certainty" reads better as "very low certainty". */
	char *dash = strstr(name, "very-low");
	if (dash)
		dash[4] = ' ';
	return value;
}

int ev_claimreview_url_ok(const char *s)
{
	size_t scheme = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!scheme || !s[scheme])
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return 0;
	return 1;
}

int ev_claimreview_date_ok(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int v[3] = {0, 0, 0}; /* year, month, day */
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v[(i > 4) + (i > 7)] = v[(i > 4) + (i > 7)] * 10 + (s[i] - '0');
	}
	int y = v[0], m = v[1], d = v[2];
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static void set_text(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		json_object_set_new(o, key, ev_json_text(s));
}

/* A Person (the article's author; we cannot tell a byline's kind). */
static json_t *person(const char *name)
{
	json_t *p = json_object();
	json_object_set_new(p, "@type", json_string("Person"));
	json_object_set_new(p, "name", ev_json_text(name));
	return p;
}

static json_t *appearance(const struct ev_record *art)
{
	json_t *a = json_object();
	json_object_set_new(a, "@type", json_string("Article"));
	set_text(a, "headline", ev_record_text(art, "title"));
	set_text(a, "url", ev_record_text(art, "url"));
	if (ev_record_text(art, "author"))
		json_object_set_new(a, "author", person(ev_record_text(art, "author")));
	set_text(a, "datePublished", ev_record_text(art, "published"));
	if (ev_record_text(art, "publisher")) {
		json_t *p = json_object();
		json_object_set_new(p, "@type", json_string("Organization"));
		json_object_set_new(p, "name", ev_json_text(ev_record_text(art, "publisher")));
		json_object_set_new(a, "publisher", p);
	}
	return a;
}

static json_t *reviewer(const struct ev_cr_options *opt)
{
	json_t *r = json_object();
	json_object_set_new(r, "@type", json_string(opt->reviewer_person ? "Person" : "Organization"));
	json_object_set_new(r, "name", ev_json_text(opt->reviewer));
	set_text(r, "url", opt->reviewer_url);
	return r;
}

static json_t *identifier(const char *kind, const char *value)
{
	json_t *id = json_object();
	json_object_set_new(id, "@type", json_string("PropertyValue"));
	json_object_set_new(id, "propertyID", json_string(kind));
	json_object_set_new(id, "value", ev_json_text(value));
	return id;
}

/* A linked study as a ScholarlyArticle: its DOI as url (the stable link),
 * PubMed as sameAs, both as identifiers. */
static json_t *citation(const struct ev_record *s)
{
	json_t *c = json_object(), *ids = json_array();
	const char *doi = ev_record_text(s, "doi");
	const struct ev_value *pmid = ev_record_get(s, "pmid"), *year = ev_record_get(s, "year");
	char buf[64];
	json_object_set_new(c, "@type", json_string("ScholarlyArticle"));
	set_text(c, "name", ev_record_text(s, "title"));
	set_text(c, "author", ev_record_text(s, "authors"));
	if (year->type == EV_V_INT) {
		snprintf(buf, sizeof buf, "%lld", (long long)year->i);
		json_object_set_new(c, "datePublished", json_string(buf));
	}
	if (ev_record_text(s, "journal")) {
		json_t *j = json_object();
		json_object_set_new(j, "@type", json_string("Periodical"));
		json_object_set_new(j, "name", ev_json_text(ev_record_text(s, "journal")));
		json_object_set_new(c, "isPartOf", j);
	}
	if (doi) {
		char *url = ev_xasprintf("https://doi.org/%s", doi);
		json_object_set_new(c, "url", ev_json_text(url));
		free(url);
		json_array_append_new(ids, identifier("DOI", doi));
	}
	if (pmid->type == EV_V_INT) {
		char *url = ev_xasprintf("https://pubmed.ncbi.nlm.nih.gov/%lld/", (long long)pmid->i);
		json_object_set_new(c, doi ? "sameAs" : "url", ev_json_text(url));
		free(url);
		snprintf(buf, sizeof buf, "%lld", (long long)pmid->i);
		json_array_append_new(ids, identifier("PMID", buf));
	}
	if (json_array_size(ids))
		json_object_set_new(c, "identifier", ids);
	else
		json_decref(ids);
	return c;
}

static json_t *review(const struct ev_record *art, const struct ev_cr_claim *cl, const struct ev_cr_options *opt)
{
	const struct ev_assessment *a = cl->a;
	const struct ev_grade *g = &a->grade;
	json_t *r = json_object(), *claim = json_object(), *rating = json_object();
	char name[96]; /* the rating's words: a verdict and a certainty */
	json_object_set_new(r, "@type", json_string("ClaimReview"));
	if (opt->url) {
		/* The anchor `evidence report` gives each claim's section, so
		 * that the report published at URL is what the review links. */
		char *url = ev_xasprintf("%s#claim-%s", opt->url, ev_record_text(&a->claim, "key"));
		json_object_set_new(r, "@id", ev_json_text(url));
		json_object_set_new(r, "url", ev_json_text(url));
		free(url);
	}
	json_object_set_new(r, "claimReviewed", ev_json_text(ev_record_text(&a->claim, "text")));

	json_object_set_new(claim, "@type", json_string("Claim"));
	if (art) {
		if (ev_record_text(art, "author"))
			json_object_set_new(claim, "author", person(ev_record_text(art, "author")));
		set_text(claim, "datePublished", ev_record_text(art, "published"));
		json_object_set_new(claim, "appearance", appearance(art));
	}
	json_object_set_new(r, "itemReviewed", claim);

	if (opt->reviewer)
		json_object_set_new(r, "author", reviewer(opt));
	set_text(r, "datePublished", opt->date);

	int value = ev_claimreview_rating(g->verdict, g->certainty, name, sizeof name);
	json_object_set_new(rating, "@type", json_string("Rating"));
	if (value) {
		json_object_set_new(rating, "ratingValue", json_integer(value));
		json_object_set_new(rating, "bestRating", json_integer(5));
		json_object_set_new(rating, "worstRating", json_integer(1));
	}
	json_object_set_new(rating, "alternateName", json_string(name));
	struct ev_buf why = EV_BUF_INIT;
	for (int i = 0; i < g->nsteps; i++)
		if (g->steps[i].applies)
			ev_buf_addf(&why, "%s%s", why.len ? "; " : "", g->steps[i].text);
	set_text(rating, "ratingExplanation", ev_buf_str(&why));
	ev_buf_free(&why);
	json_object_set_new(r, "reviewRating", rating);

	if (cl->nstudies) {
		json_t *cites = json_array();
		for (int i = 0; i < cl->nstudies; i++)
			json_array_append_new(cites, citation(cl->studies[i]));
		json_object_set_new(r, "citation", cites);
	}
	return r;
}

json_t *ev_claimreview_build(const struct ev_record *article, const struct ev_cr_claim *claims, int n,
			     const struct ev_cr_options *opt)
{
	json_t *doc = json_object(), *graph = json_array();
	json_object_set_new(doc, "@context", json_string("https://schema.org"));
	for (int i = 0; i < n; i++)
		json_array_append_new(graph, review(article, &claims[i], opt));
	json_object_set_new(doc, "@graph", graph);
	return doc;
}

static int cmp_study_key(const void *a, const void *b)
{
	return strcmp(ev_record_text(*(const struct ev_record *const *)a, "key"),
		      ev_record_text(*(const struct ev_record *const *)b, "key"));
}

json_t *ev_claimreview_of(const struct ev_record *article, const struct ev_assessment *as, int n,
			  const struct ev_record *studies, int nstudies, const struct ev_cr_options *opt)
{
	/* The studies sorted by key, so that a topic citing thousands of them
	 * finds each by binary search. */
	const struct ev_record **by_key = ev_xcalloc((size_t)nstudies + 1, sizeof(const struct ev_record *));
	for (int r = 0; r < nstudies; r++)
		by_key[r] = &studies[r];
	qsort(by_key, (size_t)nstudies, sizeof(const struct ev_record *), cmp_study_key);
	struct ev_cr_claim *cl = ev_xcalloc((size_t)n + 1, sizeof *cl);
	size_t nlinks = 0;
	for (int i = 0; i < n; i++)
		nlinks += (size_t)as[i].links.n;
	const struct ev_record **refs = ev_xcalloc(nlinks + 1, sizeof(const struct ev_record *));
	int used = 0;
	for (int i = 0; i < n; i++) {
		const struct ev_links *l = &as[i].links;
		cl[i].a = &as[i];
		cl[i].studies = refs + used;
		for (int k = 0; k < l->n; k++) {
			int seen = 0;
			for (int j = 0; j < k && !seen; j++)
				seen = l->v[j].study_id == l->v[k].study_id;
			if (seen)
				continue;
			int lo = 0, hi = nstudies;
			while (lo < hi) {
				int mid = lo + (hi - lo) / 2;
				if (strcmp(ev_record_text(by_key[mid], "key"), l->v[k].study) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < nstudies && strcmp(ev_record_text(by_key[lo], "key"), l->v[k].study) == 0)
				refs[used++] = by_key[lo];
		}
		cl[i].nstudies = (int)(refs + used - cl[i].studies);
	}
	json_t *doc = ev_claimreview_build(article, cl, n, opt);
	free(refs);
	free(cl);
	free(by_key);
	return doc;
}
