/*
 * cmd_site.c: `evidence site DIR` writes the whole database as a static
 * web site: an index, an evidence map, and a page per article, topic,
 * claim and study (docs/site.md). It works from file:// and any static
 * host (relative links only, no script, nothing fetched), so a fact-check
 * desk can publish what it judged, and why, by copying one folder.
 *
 * Regenerating is cheap and safe: every claim is read and graded before
 * anything is written (an error there writes nothing), then the pages
 * are made one at a time (only one is held in memory, so the size of the
 * site is not the size of the process); a page whose bytes are already on
 * disk is left alone, a changed one replaces the old through a temporary
 * file and a rename (a failure part-way leaves each page whole, old or
 * new), and the pages of entities that are gone are removed, but only
 * files the manifest (DIR/.evidence-site) says the site wrote. A folder
 * that is not empty and has no manifest is refused: it is someone's.
 */
#define _GNU_SOURCE /* syncfs(): flush_pages */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "assess.h"
#include "cli.h"
#include "html.h"
#include "cli_metaopts.h"
#include "model.h"
#include "model_export.h"
#include "model_history.h"
#include "site.h"
#include "util.h"

#define MANIFEST ".evidence-site"

/* A page to make: its path, what it shows (one of the kinds below) and
 * which one (an index into the site's articles, topics, claims or
 * studies). Pages are made one at a time as they are written, so that
 * only one is held in memory however large the site. */
enum page_kind { P_STYLE, P_INDEX, P_MAP, P_ARTICLE, P_TOPIC, P_CLAIM, P_STUDY };
struct page {
	char *path; /* relative to DIR: "claims/KEY.html" */
	enum page_kind kind;
	int i;
};

/* The latest change set (id) that recorded a row of a record. */
struct last {
	char *key;
	int kind; /* enum ev_kind */
	int64_t change;
};

struct change_time {
	int64_t id;
	char at[32]; /* as record_change_set writes it: "2026-12-04T17:02:11Z" */
};

/* A link as its study's page lists it. */
struct bearing {
	const char *study;     /* the study's key */
	int claim;             /* index into the site's claims */
	const char *direction; /* a word of ev_direction_names */
	const char *outcome;   /* "" when the link names none */
};

/* Everything read from the database, and the pages made of it. */
struct site {
	struct ev_db *db;
	const struct ev_meta_opts *opts;
	struct ev_ids claim_ids, article_ids, study_ids;
	struct ev_assessment *as;       /* per claim, in dump order */
	struct ev_site_claim *claims;   /* the same, as the index and map show them */
	int nclaims;
	int *by_id;                     /* and in id order */
	struct ev_record *articles;     /* in key order */
	struct ev_site_group *agroups;
	struct ev_record *studies;      /* in key order */
	struct ev_site_group *tgroups;  /* topics, in key order */
	int ntopics, captopics;
	struct ev_site view;
	char when[32];
	/* Without SOURCE_DATE_EPOCH, each page's footer gives the time of the
	 * latest change to what it shows (claim_asof: a claim's own, its
	 * links', its studies' and its article's), so an edit moves the time
	 * of the pages it changes and of no other: regenerating rewrites only
	 * those. */
	int pinned;
	int64_t *claim_asof;
	struct last *last;          /* each record's latest change, by key */
	int nlast, caplast;
	struct change_time *times;  /* every change set's time, by id */
	int ntimes, captimes;
	/* The study pages' rows: every link, by study key (load_bearings). */
	struct bearing *bear;
	int nbear;
	/* Which studies a report page has taken already: seen[i] == stamp. */
	unsigned *seen, stamp;
	struct page *pages;
	int npages, cappages;
};

static void page_add(struct site *s, enum page_kind kind, int i, const char *dir, const char *key)
{
	if (s->npages == s->cappages) {
		s->cappages = s->cappages ? 2 * s->cappages : 64;
		s->pages = ev_xrealloc(s->pages, (size_t)s->cappages * sizeof *s->pages);
	}
	struct page *p = &s->pages[s->npages++];
	p->path = dir ? ev_xasprintf("%s/%s.html", dir, key) : ev_xstrdup(key);
	p->kind = kind;
	p->i = i;
}

/* A key as a file name. The database admits only [a-z0-9-] keys, but a
 * program that bypassed evidence could have stored "../x" or "a/b":
 * such a key is refused rather than written outside its folder. */
static int key_checked(const char *what, const char *key)
{
	if (ev_site_key_ok(key))
		return 0;
	return ev_error("%s key '%s' cannot name a page (keys are lowercase letters, digits and '-')", what,
			key ? key : "");
}

static const struct site *sort_site;
static int cmp_claim_id(const void *a, const void *b)
{
	int64_t x = sort_site->claim_ids.v[*(const int *)a], y = sort_site->claim_ids.v[*(const int *)b];
	return (x > y) - (x < y);
}

/* Turns claim ids (from the model) into indexes into s->claims, by a
 * binary search of s->by_id: a topic may have thousands of claims. */
static int *claim_indexes(struct site *s, const struct ev_ids *ids)
{
	int *v = ev_xcalloc((size_t)ids->n + 1, sizeof *v), k = 0;
	for (int i = 0; i < ids->n; i++) {
		int lo = 0, hi = s->nclaims - 1;
		while (lo <= hi) {
			int mid = (lo + hi) / 2;
			int64_t id = s->claim_ids.v[s->by_id[mid]];
			if (id == ids->v[i]) {
				v[k++] = s->by_id[mid];
				break;
			}
			if (id < ids->v[i])
				lo = mid + 1;
			else
				hi = mid - 1;
		}
	}
	return v;
}

static int load_claims(struct site *s)
{
	if (ev_model_dump_ids(s->db, EV_CLAIM, &s->claim_ids))
		return -1;
	s->as = ev_xcalloc((size_t)s->claim_ids.n + 1, sizeof *s->as);
	s->claims = ev_xcalloc((size_t)s->claim_ids.n + 1, sizeof *s->claims);
	s->by_id = ev_xcalloc((size_t)s->claim_ids.n + 1, sizeof *s->by_id);
	for (int i = 0; i < s->claim_ids.n; i++) {
		s->nclaims = i + 1; /* what to free, even when this one fails */
		if (ev_assess_opts(s->db, s->claim_ids.v[i], s->opts, &s->as[i]))
			return -1;
		const struct ev_assessment *a = &s->as[i];
		s->claims[i] = (struct ev_site_claim){ev_record_text(&a->claim, "key"), ev_record_text(&a->claim, "text"),
						      a->grade.verdict, a->grade.certainty,
						      ev_record_text(&a->claim, "article"), a->studies};
		if (key_checked("claim", s->claims[i].key))
			return -1;
		s->by_id[i] = i;
	}
	sort_site = s;
	qsort(s->by_id, (size_t)s->nclaims, sizeof *s->by_id, cmp_claim_id);
	return 0;
}

static int load_articles(struct site *s)
{
	if (ev_model_dump_ids(s->db, EV_ARTICLE, &s->article_ids))
		return -1;
	int n = s->article_ids.n;
	s->articles = ev_xcalloc((size_t)n + 1, sizeof *s->articles);
	s->agroups = ev_xcalloc((size_t)n + 1, sizeof *s->agroups);
	for (int i = 0; i < n; i++) {
		struct ev_ids ids = {0};
		s->view.narticles = i + 1;
		if (ev_model_read(s->db, EV_ARTICLE, s->article_ids.v[i], &s->articles[i]) ||
		    ev_model_claims_of_article(s->db, s->article_ids.v[i], &ids)) {
			ev_ids_free(&ids);
			return -1;
		}
		s->agroups[i] = (struct ev_site_group){ev_record_text(&s->articles[i], "key"),
						       ev_record_text(&s->articles[i], "title"), claim_indexes(s, &ids),
						       ids.n};
		ev_ids_free(&ids);
		if (key_checked("article", s->agroups[i].key))
			return -1;
	}
	return 0;
}

static int add_topic(void *ud, const char *key, int64_t claims)
{
	struct site *s = ud;
	(void)claims;
	if (s->ntopics == s->captopics) {
		s->captopics = s->captopics ? 2 * s->captopics : 16;
		s->tgroups = ev_xrealloc(s->tgroups, (size_t)s->captopics * sizeof *s->tgroups);
	}
	s->tgroups[s->ntopics++] = (struct ev_site_group){ev_xstrdup(key), NULL, NULL, 0};
	return 0;
}

static int load_topics(struct site *s)
{
	if (ev_model_topics(s->db, add_topic, s))
		return -1;
	for (int i = 0; i < s->ntopics; i++) {
		int64_t id;
		struct ev_ids ids = {0};
		if (key_checked("topic", s->tgroups[i].key))
			return -1;
		if (ev_model_find(s->db, EV_KIND_COUNT, s->tgroups[i].key, &id) <= 0 ||
		    ev_model_claims_of_topic(s->db, id, &ids)) {
			ev_ids_free(&ids);
			return -1;
		}
		s->tgroups[i].claims = claim_indexes(s, &ids);
		s->tgroups[i].nclaims = ids.n;
		ev_ids_free(&ids);
	}
	return 0;
}

static int load_studies(struct site *s)
{
	if (ev_model_dump_ids(s->db, EV_STUDY, &s->study_ids))
		return -1;
	s->studies = ev_xcalloc((size_t)s->study_ids.n + 1, sizeof *s->studies);
	for (int i = 0; i < s->study_ids.n; i++) {
		s->view.nstudies = i + 1;
		if (ev_model_read(s->db, EV_STUDY, s->study_ids.v[i], &s->studies[i]) ||
		    key_checked("study", ev_record_text(&s->studies[i], "key")))
			return -1;
	}
	return 0;
}

/* The index of the study with `key` in s->studies (key order), or -1. */
static int study_index(const struct site *s, const char *key)
{
	int lo = 0, hi = s->view.nstudies - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(key, ev_record_text(&s->studies[mid], "key"));
		if (!c)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

/* A report page (html.h) for claims[0..n) given as indexes: an article's,
 * or (claim_page) one claim's. Its studies are those the claims link, in
 * order of first mention (as ev_assess_studies gives them), taken from
 * the ones loaded: pages are made from memory, without a query. */
static void report_page(struct site *s, struct ev_buf *out, const struct ev_record *article, const int *idx, int n,
			int claim_page)
{
	struct ev_assessment *as = ev_xcalloc((size_t)n + 1, sizeof *as);
	int total = 0, ns = 0;
	/* shallow copies: the page only reads them, s keeps and frees them */
	for (int i = 0; i < n; i++) {
		as[i] = s->as[idx[i]];
		total += as[i].links.n;
	}
	struct ev_record *studies = ev_xcalloc((size_t)total + 1, sizeof *studies);
	s->stamp++;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < as[i].links.n; k++) {
			int j = study_index(s, as[i].links.v[k].study);
			if (j >= 0 && s->seen[j] != s->stamp) {
				s->seen[j] = s->stamp;
				studies[ns++] = s->studies[j];
			}
		}
	struct ev_html_doc d = {article, NULL,	     as,	 n,	       studies, ns, s->view.generated,
				s->view.database, s->view.version, "../", claim_page};
	ev_html_report(out, &d);
	free(studies);
	free(as);
}

/* The latest change set that recorded a row with `key` of kind `kind`
 * (any kind when kind < 0: a claim's rows and its links', which carry
 * its key), 0 when none. */
static int64_t last_change(const struct site *s, int kind, const char *key)
{
	/* entries are in key order: find the first with this key */
	int lo = 0, hi = s->nlast;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcmp(s->last[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t last = 0;
	for (int i = lo; i < s->nlast && strcmp(s->last[i].key, key) == 0; i++)
		if ((kind < 0 || s->last[i].kind == kind) && s->last[i].change > last)
			last = s->last[i].change;
	return last;
}

/* The latest change, as the change set's id, that the page showing claims
 * idx[0..n) shows, with its own record's (kind, key) when it has one. */
static int64_t asof(const struct site *s, int kind, const char *key, const int *idx, int n)
{
	if (s->pinned)
		return 0;
	int64_t last = key ? last_change(s, kind, key) : 0;
	for (int k = 0; k < n; k++)
		if (idx[k] >= 0 && s->claim_asof[idx[k]] > last)
			last = s->claim_asof[idx[k]];
	return last;
}

/* Sets the footer's time of the next page to change set `id`'s (none when
 * the history has none). */
static void page_time(struct site *s, int64_t id)
{
	if (s->pinned)
		return;
	int lo = 0, hi = s->ntimes - 1;
	s->view.generated = NULL;
	while (id > 0 && lo <= hi) {
		int mid = (lo + hi) / 2;
		if (s->times[mid].id == id) {
			s->view.generated = s->times[mid].at;
			break;
		}
		if (s->times[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
}

static int add_last(void *ud, const char *key, int kind, int64_t change)
{
	struct site *s = ud;
	if (s->nlast == s->caplast) {
		s->caplast = s->caplast ? 2 * s->caplast : 256;
		s->last = ev_xrealloc(s->last, (size_t)s->caplast * sizeof *s->last);
	}
	s->last[s->nlast++] = (struct last){ev_xstrdup(key ? key : ""), kind, change};
	return 0;
}

static int add_time(void *ud, int64_t id, const char *at)
{
	struct site *s = ud;
	if (s->ntimes == s->captimes) {
		s->captimes = s->captimes ? 2 * s->captimes : 64;
		s->times = ev_xrealloc(s->times, (size_t)s->captimes * sizeof *s->times);
	}
	s->times[s->ntimes] = (struct change_time){id, ""};
	snprintf(s->times[s->ntimes++].at, sizeof s->times[0].at, "%s", at ? at : "");
	return 0;
}

/* Reads, in two passes over the history, each record's latest change and
 * every change set's time, then each claim's latest change: its own rows
 * and its links' (they carry the claim's key), its studies' and its
 * article's, whatever its page and the pages that list it show of them.
 * 0 or -1 (reported). */
static int load_history(struct site *s)
{
	if (ev_history_each_last_change(s->db, add_last, s) || ev_history_each_change(s->db, add_time, s))
		return -1;
	s->claim_asof = ev_xcalloc((size_t)s->nclaims + 1, sizeof *s->claim_asof);
	for (int i = 0; i < s->nclaims; i++) {
		const struct ev_assessment *a = &s->as[i];
		int64_t last = last_change(s, -1, s->claims[i].key), c;
		const char *article = ev_record_text(&a->claim, "article");
		if (article && (c = last_change(s, EV_ARTICLE, article)) > last)
			last = c;
		for (int k = 0; k < a->links.n; k++)
			if ((c = last_change(s, EV_STUDY, a->links.v[k].study)) > last)
				last = c;
		s->claim_asof[i] = last;
	}
	return 0;
}

static int cmp_bearing(const void *a, const void *b)
{
	const struct bearing *x = a, *y = b;
	int c = strcmp(x->study, y->study);
	if (!c)
		c = strcmp(sort_site->claims[x->claim].key, sort_site->claims[y->claim].key);
	if (!c)
		c = strcmp(x->outcome, y->outcome);
	return c;
}

/* Every link as its study's page lists it, by study, then claim key, then
 * outcome (the order of `export`'s study claims), from the claims'
 * assessments: the study pages need no query. */
static void load_bearings(struct site *s)
{
	for (int i = 0; i < s->nclaims; i++)
		s->nbear += s->as[i].links.n;
	s->bear = ev_xcalloc((size_t)s->nbear + 1, sizeof *s->bear);
	for (int i = 0, n = 0; i < s->nclaims; i++)
		for (int k = 0; k < s->as[i].links.n; k++) {
			const struct ev_link *l = &s->as[i].links.v[k];
			s->bear[n++] = (struct bearing){l->study, i, ev_direction_names[l->direction],
							l->outcome ? l->outcome : ""};
		}
	sort_site = s;
	qsort(s->bear, (size_t)s->nbear, sizeof *s->bear, cmp_bearing);
}

static void study_page(struct site *s, struct ev_buf *out, int i)
{
	const char *key = ev_record_text(&s->studies[i], "key");
	int lo = 0, hi = s->nbear;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcmp(s->bear[mid].study, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int n = 0;
	while (lo + n < s->nbear && strcmp(s->bear[lo + n].study, key) == 0)
		n++;
	struct ev_site_bearing *b = ev_xcalloc((size_t)n + 1, sizeof *b);
	int *idx = ev_xcalloc((size_t)n + 1, sizeof *idx);
	for (int k = 0; k < n; k++) {
		const struct bearing *e = &s->bear[lo + k];
		b[k] = (struct ev_site_bearing){s->claims[e->claim].key, e->direction, *e->outcome ? e->outcome : NULL,
						e->claim};
		idx[k] = e->claim;
	}
	/* the study's own changes and those of the claims it lists */
	page_time(s, asof(s, EV_STUDY, key, idx, n));
	ev_site_study(out, &s->view, &s->studies[i], b, n);
	free(idx);
	free(b);
}

/* Reads the database and lists the pages to make. 0 or -1. */
static int load(struct site *s)
{
	if (load_claims(s) || load_articles(s) || load_topics(s) || load_studies(s) || (!s->pinned && load_history(s)))
		return -1;
	load_bearings(s);
	s->seen = ev_xcalloc((size_t)s->view.nstudies + 1, sizeof *s->seen);
	s->view.claims = s->claims;
	s->view.nclaims = s->nclaims;
	s->view.articles = s->agroups;
	s->view.topics = s->tgroups;
	s->view.ntopics = s->ntopics;
	s->view.studies = s->studies;
	page_add(s, P_STYLE, 0, NULL, "style.css");
	page_add(s, P_INDEX, 0, NULL, "index.html");
	page_add(s, P_MAP, 0, NULL, "map.html");
	for (int i = 0; i < s->view.narticles; i++)
		page_add(s, P_ARTICLE, i, "articles", s->agroups[i].key);
	for (int i = 0; i < s->ntopics; i++)
		page_add(s, P_TOPIC, i, "topics", s->tgroups[i].key);
	for (int i = 0; i < s->nclaims; i++)
		page_add(s, P_CLAIM, i, "claims", s->claims[i].key);
	for (int i = 0; i < s->view.nstudies; i++)
		page_add(s, P_STUDY, i, "studies", ev_record_text(&s->studies[i], "key"));
	return 0;
}

/* Makes page p into out (empty), from what load() read: nothing here
 * touches the database. */
static void make_page(struct site *s, const struct page *p, struct ev_buf *out)
{
	int i = p->i;
	switch (p->kind) {
	case P_STYLE:
		ev_html_site_css(out);
		break;
	case P_INDEX:
	case P_MAP:
		/* they show every claim, article, topic and study: the latest change */
		if (!s->pinned)
			s->view.generated = s->when[0] ? s->when : NULL;
		if (p->kind == P_INDEX)
			ev_site_index(out, &s->view);
		else
			ev_site_map(out, &s->view);
		break;
	case P_ARTICLE:
		page_time(s, asof(s, EV_ARTICLE, s->agroups[i].key, s->agroups[i].claims, s->agroups[i].nclaims));
		report_page(s, out, &s->articles[i], s->agroups[i].claims, s->agroups[i].nclaims, 0);
		break;
	case P_TOPIC:
		/* a topic has no rows of its own: its claims carry it */
		page_time(s, asof(s, -1, NULL, s->tgroups[i].claims, s->tgroups[i].nclaims));
		ev_site_topic(out, &s->view, &s->tgroups[i]);
		break;
	case P_CLAIM: {
		page_time(s, s->claim_asof ? s->claim_asof[i] : 0);
		/* articles are in key order (ev_model_dump_ids) */
		const char *article = ev_record_text(&s->as[i].claim, "article");
		const struct ev_record *art = NULL;
		for (int lo = 0, hi = s->view.narticles - 1; article && lo <= hi && !art;) {
			int mid = (lo + hi) / 2, c = strcmp(article, s->agroups[mid].key);
			if (!c)
				art = &s->articles[mid];
			else if (c < 0)
				hi = mid - 1;
			else
				lo = mid + 1;
		}
		report_page(s, out, art, &i, 1, 1);
		break;
	}
	case P_STUDY:
		study_page(s, out, i);
		break;
	}
}

static void site_free(struct site *s)
{
	for (int i = 0; i < s->nclaims; i++)
		ev_assessment_free(&s->as[i]);
	free(s->as);
	free(s->claims);
	free(s->by_id);
	free(s->claim_asof);
	for (int i = 0; i < s->nlast; i++)
		free(s->last[i].key);
	free(s->last);
	free(s->times);
	free(s->bear);
	free(s->seen);
	for (int i = 0; i < s->view.narticles; i++) {
		ev_record_free(&s->articles[i]);
		free((void *)s->agroups[i].claims);
	}
	free(s->articles);
	free(s->agroups);
	for (int i = 0; i < s->ntopics; i++) {
		free((void *)s->tgroups[i].key);
		free((void *)s->tgroups[i].claims);
	}
	free(s->tgroups);
	ev_records_free(s->studies, s->view.nstudies);
	ev_ids_free(&s->claim_ids);
	ev_ids_free(&s->article_ids);
	ev_ids_free(&s->study_ids);
	for (int i = 0; i < s->npages; i++) {
		free(s->pages[i].path);
	}
	free(s->pages);
}

/* ---- the folder ------------------------------------------------------ */

/* Checks DIR before anything is read or written: a directory, or a name
 * that does not exist yet (made later, by write_site); empty, or holding
 * a manifest; writable. Sets *exists. 0, or -1 (reported). */
static int check_dir(const char *dir, int *exists)
{
	struct stat st;
	*exists = 0;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT)
			return ev_error("cannot use '%s': %s", dir, strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return ev_error("'%s' is not a directory", dir);
	*exists = 1;
	DIR *d = opendir(dir);
	if (!d)
		return ev_error("cannot read the directory '%s': %s", dir, strerror(errno));
	int others = 0, manifest = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, MANIFEST) == 0)
			manifest = 1;
		else if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			others = 1;
	closedir(d);
	if (others && !manifest)
		return ev_error("'%s' is not empty and has no %s: it is not a site evidence wrote, so nothing in it is "
				"replaced (give an empty or new directory)",
				dir, MANIFEST);
	if (access(dir, W_OK | X_OK) != 0)
		return ev_error("cannot write in '%s': %s", dir, strerror(errno));
	return 0;
}

/* Whether the file at path holds exactly b's bytes. */
static int same_bytes(const char *path, const struct ev_buf *b)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	char chunk[65536];
	size_t at = 0, n;
	int same = 1;
	while (same && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		same = at + n <= b->len && memcmp(chunk, b->data + at, n) == 0;
		at += n;
	}
	same = same && !ferror(fp) && at == b->len;
	fclose(fp);
	return same;
}

/* Replaces dir/rel with data whole: written to a temporary file beside
 * it and renamed over it, so that no reader (and no run that is killed)
 * ever sees half a page. With `flush`, the file reaches the disk before
 * the rename; the pages skip that and are flushed together at the end
 * (flush_pages): one flush per page was a quarter of a large site's time.
 * 0, or -1 (reported; the old file, if any, is left as it was). */
static int replace_file(const char *dir, const char *rel, const char *data, size_t len, int flush)
{
	char *path = ev_xasprintf("%s/%s", dir, rel);
	const char *slash = strrchr(path, '/');
	char *tmp = ev_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	int fd = mkstemp(tmp), rc = -1;
	if (fd < 0) {
		ev_error("cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is not what a web server can read */
	size_t at = 0;
	while (at < len) {
		ssize_t w = write(fd, data + at, len - at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		at += (size_t)w;
	}
	if (at < len || (flush && fsync(fd) != 0)) {
		ev_error("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		ev_error("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	rc = 0;
done:
	free(tmp);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The pages the manifest lists, each one the site could have written
 * (ev_site_path_ok: a line naming anything else is ignored, so an
 * edited manifest cannot make the site remove someone's file). Sorted;
 * allocated. */
static char **read_manifest(const char *dir, int *n)
{
	char *path = ev_xasprintf("%s/%s", dir, MANIFEST), *line = NULL;
	size_t cap = 0;
	ssize_t len;
	char **v = NULL;
	int cv = 0;
	*n = 0;
	FILE *fp = fopen(path, "r");
	while (fp && (len = getline(&line, &cap, fp)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (!ev_site_path_ok(line)) {
			ev_warn("%s: '%s' is not a page of the site; left alone", path, line);
			continue;
		}
		if (*n == cv) {
			cv = cv ? 2 * cv : 64;
			v = ev_xrealloc(v, (size_t)cv * sizeof *v);
		}
		v[(*n)++] = ev_xstrdup(line);
	}
	if (fp)
		fclose(fp);
	free(line);
	free(path);
	if (*n)
		qsort(v, (size_t)*n, sizeof *v, cmp_str);
	return v;
}

/* Writes the manifest: paths[0..n) sorted, one a line. 0 or -1. */
static int write_manifest(const char *dir, char **paths, int n)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_buf_adds(&b, "# The pages `evidence site` wrote in this folder, one a line. It removes only these\n"
			"# (when what they show is gone), and writes only into a folder that has this file.\n");
	qsort(paths, (size_t)n, sizeof *paths, cmp_str);
	for (int i = 0; i < n; i++)
		if (!i || strcmp(paths[i], paths[i - 1]) != 0)
			ev_buf_addf(&b, "%s\n", paths[i]);
	/* Left alone when it says this already, as the pages are. */
	char *path = ev_xasprintf("%s/%s", dir, MANIFEST);
	int rc = same_bytes(path, &b) ? 0 : replace_file(dir, MANIFEST, b.data, b.len, 1);
	free(path);
	ev_buf_free(&b);
	return rc;
}

struct counts {
	int written, unchanged, removed;
};

/* The folders a site's pages live in below DIR. */
static const char *const subdirs[] = {"articles", "topics", "claims", "studies"};
#define NSUBDIRS (sizeof subdirs / sizeof subdirs[0])

/* Makes dir/sub unless it is there. 0, or -1 (reported). */
static int make_subdir(const char *dir, const char *sub)
{
	char *path = ev_xasprintf("%s/%s", dir, sub);
	struct stat st;
	int bad = mkdir(path, 0777) != 0 && (errno != EEXIST || stat(path, &st) != 0 || !S_ISDIR(st.st_mode));
	if (bad)
		ev_error("cannot create the directory '%s': %s", path, errno == EEXIST ? "a file has its name" : strerror(errno));
	free(path);
	return bad ? -1 : 0;
}

/* Whether `name`, in folder `sub` of the site ("" for its root), is a
 * temporary file of replace_file's for one of the site's pages:
 * ".PAGE.XXXXXX", mkstemp's six letters or digits after a page's name. A
 * run killed between mkstemp and rename leaves one; nothing else in a
 * site's folder has such a name, and a file that only looks like one but
 * names no page is not touched. */
static int stale_temp(const char *sub, const char *name)
{
	size_t n = strlen(name);
	if (n < 9 || name[0] != '.' || name[n - 7] != '.')
		return 0;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	char *page = ev_xasprintf("%s%s%.*s", sub, *sub ? "/" : "", (int)(n - 8), name + 1);
	int ok = ev_site_path_ok(page) || strcmp(page, MANIFEST) == 0;
	free(page);
	return ok;
}

/* Removes the temporary files a killed run left in dir and its page
 * folders (stale_temp). 0, or -1 (reported). */
static int remove_stale(const char *dir)
{
	for (size_t d = 0; d <= NSUBDIRS; d++) {
		const char *sub = d < NSUBDIRS ? subdirs[d] : "";
		char *path = ev_xasprintf("%s%s%s", dir, *sub ? "/" : "", sub);
		DIR *dp = opendir(path);
		struct dirent *e;
		int rc = 0;
		while (dp && rc == 0 && (e = readdir(dp))) {
			if (!stale_temp(sub, e->d_name))
				continue;
			char *tmp = ev_xasprintf("%s/%s", path, e->d_name);
			if (unlink(tmp) != 0 && errno != ENOENT)
				rc = ev_error("cannot remove the unfinished '%s': %s", tmp, strerror(errno));
			free(tmp);
		}
		if (dp)
			closedir(dp);
		free(path);
		if (rc)
			return -1;
	}
	return 0;
}

/* Flushes the pages just written to the disk, all at once: the file
 * system's sync (syncfs, which waits until it is done) costs one journal
 * commit where a flush per page cost one each. Until it returns, a crash
 * of the machine (not of the program: renames are atomic for that) may
 * leave a page written this run empty; the manifest lists it, so the
 * next run sees its bytes differ and writes it again. 0, or -1
 * (reported). */
static int flush_pages(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc = 0;
	if (fd < 0 || syncfs(fd) != 0)
		rc = ev_error("cannot flush the pages in '%s' to the disk: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Removes the page folders the site no longer uses (those left empty
 * when their last page went), so a site mirrored with rsync --delete or
 * git has no empty folders. A folder holding anything else stays. */
static void remove_empty_subdirs(const char *dir)
{
	for (size_t d = 0; d < NSUBDIRS; d++) {
		char *path = ev_xasprintf("%s/%s", dir, subdirs[d]);
		if (rmdir(path) != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR)
			ev_warn("cannot remove the empty directory '%s': %s", path, strerror(errno));
		free(path);
	}
}

/* Makes and writes pages part, part + jobs, part + 2 jobs, ... into
 * dir, adding to c. 0, or -1 (reported). */
static int render_part(struct site *s, const char *dir, int part, int jobs, struct counts *c)
{
	struct ev_buf html = EV_BUF_INIT;
	int rc = 0;
	for (int i = part; i < s->npages && !rc; i += jobs) {
		ev_buf_reset(&html);
		make_page(s, &s->pages[i], &html);
		char *path = ev_xasprintf("%s/%s", dir, s->pages[i].path);
		int same = same_bytes(path, &html);
		free(path);
		if (same)
			c->unchanged++;
		else if (replace_file(dir, s->pages[i].path, html.data, html.len, 0))
			rc = -1;
		else
			c->written++;
	}
	ev_buf_free(&html);
	return rc;
}

/* Makes and writes every page, in `jobs` processes side by side: making
 * the pages is most of a large site's time and each page is made from
 * memory alone (make_page reads nothing from the database), so a child
 * made by fork() after load() has all it needs and never touches the
 * database connection it inherited (SQLite forbids using one across a
 * fork). Each process takes every jobs-th page, so the kinds of page
 * (and their sizes) are shared out evenly; a child sends its counts back
 * through a pipe and leaves with _exit, running nothing of the parent's.
 * 0, or -1 (reported; a child reports its own errors). */
static int render(struct site *s, const char *dir, int jobs, struct counts *c)
{
	pid_t *pid = ev_xcalloc((size_t)jobs + 1, sizeof *pid);
	int *fd = ev_xcalloc((size_t)jobs + 1, sizeof *fd), rc = 0, started = 1;
	fflush(NULL); /* nothing buffered is written twice */
	for (; started < jobs; started++) {
		int p[2];
		if (pipe(p) != 0) {
			rc = ev_error("cannot start a process to write pages: %s", strerror(errno));
			break;
		}
		pid[started] = fork();
		if (pid[started] < 0) {
			rc = ev_error("cannot start a process to write pages: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid[started] == 0) {
			/* the child: its part, its counts, and out, whatever happens */
			struct counts mine = {0, 0, 0};
			close(p[0]);
			prctl(PR_SET_PDEATHSIG, SIGKILL); /* not left writing when the parent is killed */
			int bad = render_part(s, dir, started, jobs, &mine) != 0;
			bad = bad || write(p[1], &mine, sizeof mine) != (ssize_t)sizeof mine;
			_exit(bad);
		}
		close(p[1]);
		fd[started] = p[0];
	}
	if (!rc)
		rc = render_part(s, dir, 0, jobs, c);
	for (int k = 1; k < started; k++) {
		struct counts theirs;
		int status = 0;
		if (rc)
			kill(pid[k], SIGTERM);
		ssize_t got = read(fd[k], &theirs, sizeof theirs);
		close(fd[k]);
		while (waitpid(pid[k], &status, 0) < 0 && errno == EINTR)
			;
		if (got == (ssize_t)sizeof theirs && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			c->written += theirs.written;
			c->unchanged += theirs.unchanged;
		} else if (!rc) {
			rc = -1; /* it said why, unless it was killed */
			if (WIFSIGNALED(status))
				ev_error("a process writing pages was stopped by signal %d", WTERMSIG(status));
		}
	}
	free(pid);
	free(fd);
	return rc;
}

/* Writes the pages into dir (made when missing) and removes the ones the
 * old manifest lists that the site no longer has. The manifest is first
 * widened to old and new pages, so that a run stopped part-way still
 * knows every file it may have written; it is narrowed to the new ones
 * at the end, after the pages are on the disk. 0 or -1 (reported). */
static int write_site(struct site *s, const char *dir, int exists, int jobs, struct counts *c)
{
	int nold, rc = -1, made[NSUBDIRS] = {0};
	if (!exists && mkdir(dir, 0777) != 0)
		return ev_error("cannot create the directory '%s': %s", dir, strerror(errno));
	char **old = read_manifest(dir, &nold);
	char **all = ev_xcalloc((size_t)(nold + s->npages) + 1, sizeof *all);
	for (int i = 0; i < nold; i++)
		all[i] = old[i];
	for (int i = 0; i < s->npages; i++)
		all[nold + i] = s->pages[i].path;
	if (remove_stale(dir) || write_manifest(dir, all, nold + s->npages))
		goto done;
	for (int i = 0; i < s->npages; i++) {
		const char *slash = strchr(s->pages[i].path, '/');
		for (size_t d = 0; slash && d < NSUBDIRS; d++)
			if (!made[d] && strncmp(s->pages[i].path, subdirs[d], (size_t)(slash - s->pages[i].path)) == 0) {
				if (make_subdir(dir, subdirs[d]))
					goto done;
				made[d] = 1;
			}
	}
	if (render(s, dir, jobs, c) || (c->written && flush_pages(dir)))
		goto done;
	char **now = ev_xcalloc((size_t)s->npages + 1, sizeof *now);
	for (int i = 0; i < s->npages; i++)
		now[i] = s->pages[i].path;
	qsort(now, (size_t)s->npages, sizeof *now, cmp_str);
	for (int i = 0; i < nold; i++) {
		if (bsearch(&old[i], now, (size_t)s->npages, sizeof *now, cmp_str))
			continue;
		char *path = ev_xasprintf("%s/%s", dir, old[i]);
		int gone = unlink(path) == 0;
		if (!gone && errno != ENOENT)
			ev_error("cannot remove '%s': %s", path, strerror(errno));
		free(path);
		if (!gone && errno != ENOENT) {
			free(now);
			goto done;
		}
		c->removed += gone;
	}
	remove_empty_subdirs(dir);
	rc = write_manifest(dir, now, s->npages);
	free(now);
done:
	for (int i = 0; i < nold; i++)
		free(old[i]);
	free(old);
	free(all);
	return rc;
}

/* The footer's time: SOURCE_DATE_EPOCH's on every page when it is set
 * (*pinned), else each page's latest change (page_time) and, here, the
 * database's latest for the index and the map, so that an unchanged
 * database gives the same pages byte for byte (and none is rewritten);
 * none at all when the history is empty. 0 or -1 (reported). */
static int site_time(struct ev_db *db, char *buf, size_t size, const char **when, int *pinned)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	*when = NULL;
	*pinned = env && *env;
	if (*pinned) {
		if (ev_cli_now(buf, size))
			return -1;
		*when = buf;
		return 0;
	}
	int found = ev_history_last_at(db, buf, size);
	if (found > 0)
		*when = buf;
	return found < 0 ? -1 : 0;
}

enum { OPT_JOBS = 0x2000 };

struct options {
	struct ev_meta_choice mc;
	int jobs;   /* 0: as many as there are processors, for a large site */
	char *dir;  /* DIR without its trailing slashes (check) */
	int exists; /* DIR is there already (check_dir) */
};

static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct options *o = state;
	(void)kind;
	(void)options;
	(void)ctx;
	ev_meta_choice_init(&o->mc);
	return 0;
}

static void release(void *state)
{
	struct options *o = state;
	free(o->dir);
}

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	struct options *o = state;
	int taken = ev_meta_choice_opt(ctx, &o->mc, val, arg);
	if (taken)
		return taken == 1 ? 0 : taken;
	int64_t n;
	const char *msg;
	if (ev_parse_int(arg, strlen(arg), &n, &msg) || n < 1 || n > 64)
		return ev_usage_error(ctx, "--jobs: '%s' is not a number of processes from 1 to 64", arg);
	o->jobs = (int)n;
	return 0;
}

/* How many processes make the pages: --jobs, else one per processor (at
 * most 8) for a site of a few hundred pages or more; below that, starting
 * them costs more than it saves. */
static int site_jobs(int given, int npages)
{
	if (given)
		return given;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return npages < 500 || cpus < 2 ? 1 : cpus > 8 ? 8 : (int)cpus;
}

/* DIR, once its trailing slashes are gone, and checked before anything
 * is opened: a folder that is someone else's is refused before the
 * database is read. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct options *o = state;
	/* "public/" and "public" are one folder; the summary names it as given. */
	o->dir = ev_xstrdup(a->v[0]);
	for (size_t n = strlen(o->dir); n > 1 && o->dir[n - 1] == '/'; n--)
		o->dir[n - 1] = '\0';
	if (!*o->dir)
		return ev_usage_error(ctx, "the directory is empty");
	return check_dir(o->dir, &o->exists) ? EV_FAIL : 0;
}

static int cmd_site(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct options *o = state;
	int rc = EV_FAIL;
	struct counts c = {0, 0, 0};
	struct site s;
	memset(&s, 0, sizeof s);
	if (ev_meta_choice_resolve(ctx, &o->mc))
		goto done;
	s.db = &ctx->db;
	s.opts = &o->mc.opts;
	if (site_time(&ctx->db, s.when, sizeof s.when, &s.view.generated, &s.pinned))
		goto done;
	s.view.database = ev_cli_db_name(ctx);
	s.view.version = EV_VERSION;
	if (load(&s) || write_site(&s, o->dir, o->exists, site_jobs(o->jobs, s.npages), &c))
		goto done;
	ev_note("site: %d page%s in %s: %d written, %d unchanged, %d removed", s.npages, s.npages == 1 ? "" : "s",
		a->v[0], c.written, c.unchanged, c.removed);
	rc = EV_OK;
done:
	site_free(&s);
	return rc;
}

static const struct option site_options[] = {EV_META_LONGOPTS, {"jobs", required_argument, NULL, OPT_JOBS},
					     {NULL, 0, NULL, 0}};

const struct ev_cmd ev_cmd_site = {
	.name = "site",
	.summary = "write the whole database as a static web site",
	.usage = "  evidence site DIR [--method dl|reml|pm|fe] [--ci z|hksj] [--jobs N]",
	.help = "Writes a static web site of the database into DIR: index.html (the articles\n"
		"and topics with their verdict tallies, and the studies), map.html (each\n"
		"topic's claims by certainty, in the verdicts' colours and words), and a page\n"
		"per article, topic, claim and study under articles/, topics/, claims/ and\n"
		"studies/. A claim's page has its verdict, Summary of Findings, forest plot,\n"
		"every grading step and its studies, with its ClaimReview JSON-LD. Links are\n"
		"relative and there is no JavaScript: the folder works from file:// or any\n"
		"static host. Every page's footer gives SOURCE_DATE_EPOCH's time when set,\n"
		"else the time of the latest recorded change to what the page shows, so\n"
		"running it again on an unchanged database rewrites nothing, and after an edit\n"
		"only the pages that show it change. Only pages whose content changed are\n"
		"rewritten (each whole, through a temporary file), and pages of what was\n"
		"removed are deleted: only files listed in DIR/.evidence-site, which the site\n"
		"keeps. A DIR that is not empty and has no .evidence-site is refused.\n"
		"Prints a one-line summary on stderr (none with -q). See docs/site.md.\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"  --jobs N             make the pages in N processes side by side (default: one\n"
		"                       per processor, at most 8, for 500 pages or more; else 1)\n"
		"\n"
		"Examples:\n"
		"  evidence site public/\n"
		"  evidence site public/ --method reml\n",
	.access = EV_DB_READ,
	.formats = 0,
	.options = site_options,
	.option = on_opt,
	.state_size = sizeof(struct options),
	.init = init,
	.release = release,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which directory? (e.g. 'evidence site public/')",
	.check = check,
	.run = cmd_site,
};
