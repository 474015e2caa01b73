/*
 * grade.c: the grading rule of docs/grading.md.
 *
 * The rule is deliberately mechanical so that two people with the same
 * data always get the same answer, and every step records the numbers
 * that triggered it. Judgement belongs in the data (design, risk of bias,
 * indirect, status, what a review includes, what a claim asserts), not
 * here.
 *
 * A claim's counted links are grouped into bodies of evidence (outcome,
 * measure, design family); each body is pooled and rated on GRADE's five
 * domains from its numbers; the claim takes its primary body's verdict
 * and certainty. Pooling and Egger's test come from meta.h and bias.h:
 * this file decides, it does not compute statistics of its own.
 */
#include "grade.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bias.h"
#include "linkeffect.h"
#include "util.h"

const char *const ev_family_names[] = {"randomized", "observational", "other", NULL};
const char *const ev_domain_keys[] = {"risk_of_bias", "inconsistency", "indirectness", "imprecision",
				      "publication_bias", NULL};
const char *const ev_domain_names[] = {"risk of bias", "inconsistency", "indirectness", "imprecision",
				       "publication bias", NULL};

int ev_link_counts(const struct ev_link *l)
{
	return l->status == EV_VERIFIED && ev_design_level(l->design) > 0;
}

/* A study and one link's n, sorted by study and then largest n first, so
 * that each study's first entry is the one it counts with. Sorting makes
 * these counts O(n log n): a claim may have a million links. */
struct study_n {
	int64_t study;
	int64_t n;
};

static int cmp_study_n(const void *pa, const void *pb)
{
	const struct study_n *a = pa, *b = pb;
	if (a->study != b->study)
		return a->study < b->study ? -1 : 1;
	return (a->n < b->n) - (a->n > b->n);
}

/* Sorts v[0..k) and returns the sum of each distinct study's largest n;
 * *distinct, when not NULL, gets the number of distinct studies. */
static int64_t sum_studies(struct study_n *v, int k, int *distinct)
{
	int64_t total = 0;
	int d = 0;
	qsort(v, (size_t)k, sizeof *v, cmp_study_n);
	for (int i = 0; i < k; i++)
		if (i == 0 || v[i].study != v[i - 1].study) {
			d++;
			total += v[i].n;
		}
	if (distinct)
		*distinct = d;
	return total;
}

int64_t ev_links_participants(const struct ev_link *links, int n, const unsigned char *mask,
			      const unsigned char *weight, int *distinct)
{
	struct study_n *v = ev_xcalloc((size_t)n + 1, sizeof *v);
	int k = 0;
	for (int i = 0; i < n; i++)
		if ((!mask || mask[i]) && (!weight || weight[i])) {
			v[k].study = links[i].study_id;
			v[k++].n = links[i].n;
		}
	int64_t total = sum_studies(v, k, distinct);
	free(v);
	return total;
}

/* A link that can join a pooled group, with its effect on the pooling
 * scale; links sort by measure, outcome and position, so each group is
 * one run with its members in link order. */
struct member {
	int i;
	enum ev_measure measure;
	const char *outcome; /* its key (ev_outcome_key): case, spacing and
			      * Unicode forms do not split a group */
	double y, se;
};

static int cmp_member(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	if (a->measure != b->measure)
		return a->measure < b->measure ? -1 : 1;
	int c = strcmp(a->outcome, b->outcome);
	if (c)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

static int cmp_group_first(const void *pa, const void *pb)
{
	const struct ev_group *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

int ev_group_links(const struct ev_link *links, int n, const unsigned char *mask, struct ev_group *out)
{
	if (n <= 0)
		return 0;
	/* Scratch for every link of the claim, however many. */
	struct member *m = ev_xcalloc((size_t)n, sizeof *m);
	double *ys = ev_xcalloc((size_t)n, 2 * sizeof *ys), *ses = ys + n;
	struct study_n *sn = ev_xcalloc((size_t)n, sizeof *sn);
	struct ev_buf keys = EV_BUF_INIT;
	size_t *off = ev_xcalloc((size_t)n, sizeof *off);
	int nm = 0, ng = 0;
	for (int i = 0; i < n; i++) {
		const struct ev_link *a = &links[i];
		struct member *x = &m[nm];
		double v;
		/* From raw data when the link has them, else estimate and CI. */
		if ((mask && !mask[i]) || !ev_link_counts(a) || ev_link_effect(a, &x->y, &v, NULL) != 0)
			continue;
		x->se = sqrt(v);
		x->i = i;
		x->measure = a->measure;
		if (a->outcome_key) {
			x->outcome = a->outcome_key;
			off[nm] = SIZE_MAX;
		} else {
			off[nm] = keys.len;
			ev_outcome_key(&keys, a->outcome);
		}
		nm++;
	}
	/* The keys' buffer has stopped moving: offsets become pointers. */
	for (int j = 0; j < nm; j++)
		if (off[j] != SIZE_MAX)
			m[j].outcome = keys.data + off[j];
	qsort(m, (size_t)nm, sizeof *m, cmp_member);
	for (int r = 0; r < nm;) {
		int e = r + 1;
		while (e < nm && m[e].measure == m[r].measure && strcmp(m[e].outcome, m[r].outcome) == 0)
			e++;
		const struct ev_link *a = &links[m[r].i];
		int k = e - r, indirect = 0;
		for (int j = 0; j < k; j++) {
			const struct ev_link *b = &links[m[r + j].i];
			indirect += b->indirect != 0;
			ys[j] = m[r + j].y;
			ses[j] = m[r + j].se;
			sn[j].study = b->study_id;
			sn[j].n = b->n;
		}
		struct ev_group *g = &out[ng++];
		memset(g, 0, sizeof *g);
		g->outcome = a->outcome;
		g->measure = a->measure;
		g->k = k;
		g->first = m[r].i;
		g->indirect = indirect;
		g->participants = sum_studies(sn, k, NULL);
		ev_meta_dl(ys, ses, k, &g->pool);
		ev_meta_to_measure(a->measure, &g->pool);
		if (k == 1 && a->has_ci) {
			/* A single estimate keeps the interval as published: a CI
			 * rebuilt from its SE can differ in the last digit, and an
			 * asymmetric one (0.85 to 1.00) would move across 1. */
			g->pool.estimate = a->estimate;
			g->pool.ci_low = g->pool.pi_low = a->ci_low;
			g->pool.ci_high = g->pool.pi_high = a->ci_high;
		}
		r = e;
	}
	/* Groups in the order of their first link, as they are shown. */
	qsort(out, (size_t)ng, sizeof *out, cmp_group_first);
	free(m);
	free(ys);
	free(sn);
	free(off);
	ev_buf_free(&keys);
	return ng;
}

int ev_design_is_review(enum ev_design d)
{
	return d == EV_DESIGN_META_ANALYSIS || d == EV_DESIGN_SYSTEMATIC_REVIEW;
}

/* True when `word` occurs in s as a whole word (letters and digits
 * around it do not count as a boundary). */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(s, word); p; p = strstr(p + 1, word))
		if ((p == s || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

int ev_funding_is_industry(const char *funding)
{
	/* Parts of words (NattoPharma, Acme Industries), and words that
	 * must stand alone ("Inc" but not "income"). */
	static const char *const parts[] = {"industr", "pharma", "gmbh", "corporation", "company", "manufacturer",
					    NULL};
	static const char *const words[] = {"inc", "ltd", "llc", "b.v", "corp", NULL};
	if (!funding || !*funding)
		return 0;
	/* The whole text, lowered: a funder named late in a long field
	 * counts (it was read from its first 511 bytes). */
	char *low = ev_xstrdup(funding);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	int industry = 0;
	if (!(strstr(low, "no industry") || strstr(low, "non-industry") || has_word(low, "none"))) {
		for (int w = 0; parts[w] && !industry; w++)
			industry = strstr(low, parts[w]) != NULL;
		for (int w = 0; words[w] && !industry; w++)
			industry = has_word(low, words[w]);
	}
	free(low);
	return industry;
}

/* ---- the statistics this rule uses ------------------------------------ */

/* A link's effect on the analysis scale: y and its variance v, from its
 * raw data when it has them (linkeffect.h). 0, or -1 when the link has no
 * usable effect. */
static int link_effect(const struct ev_link *l, double *y, double *v)
{
	if (l->measure == EV_MEASURE_NONE)
		return -1;
	return ev_link_effect(l, y, v, NULL);
}

/* Pools k >= 1 effects (variances v) by DerSimonian-Laird with a z
 * interval (meta.h's defaults); se[] receives the standard errors. The
 * result is on the analysis scale. */
static int pool_effects(const double *y, const double *v, double *se, int k, struct ev_pool *p)
{
	struct ev_meta_opts o = EV_META_OPTS_DEFAULT;
	for (int i = 0; i < k; i++)
		se[i] = sqrt(v[i]);
	return ev_meta_pool(y, v, k, &o, p);
}

/* Egger's regression test: 0 with *p set, or -1 when it cannot be run. */
static int egger_p(const double *y, const double *v, int k, double *p)
{
	struct ev_egger e;
	if (ev_meta_egger(y, v, k, &e) != 0)
		return -1;
	*p = e.p;
	return 0;
}

/* ---- small helpers ------------------------------------------------------ */

static void setf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static void addf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void addf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	if (len + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* Adds a note to what body b set aside: the notes name studies, as many as
 * the data has, so they are owned strings that grow, joined by "; ". */
static void add_note(struct ev_body *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct ev_body *b, const char *fmt, ...)
{
	struct ev_buf t = EV_BUF_INIT;
	if (b->notes) {
		ev_buf_adds(&t, b->notes);
		ev_buf_adds(&t, "; ");
		free(b->notes);
	}
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(&t, fmt, ap);
	va_end(ap);
	b->notes = ev_buf_take(&t);
}

static const char *num(char *buf, size_t size, double v) { return ev_fmt_num(buf, size, v, 3); }

static double null_of(enum ev_measure m) { return ev_measure_is_ratio(m) ? 1 : 0; }

/* An outcome as bodies and pooled groups match it (ev_outcome_key). */
static void norm_outcome(struct ev_buf *b, const char *s) { ev_outcome_key(b, s); }

static int same_norm(const char *a, const char *b)
{
	struct ev_buf x = EV_BUF_INIT, y = EV_BUF_INIT;
	norm_outcome(&x, a);
	norm_outcome(&y, b);
	int same = strcmp(x.data, y.data) == 0;
	ev_buf_free(&x);
	ev_buf_free(&y);
	return same;
}

/* ---- the links of a claim by study key ---------------------------------- */

struct by_key {
	const char *key;
	int i;
};

static int cmp_by_key(const void *pa, const void *pb)
{
	const struct by_key *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The first entry of v[0..n) (sorted) with this key, or -1. */
static int find_key(const struct by_key *v, int n, const char *key, size_t len)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int c = strncmp(v[mid].key, key, len);
		if (c == 0 && v[mid].key[len] != '\0')
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && strncmp(v[lo].key, key, len) == 0 && v[lo].key[len] == '\0')
		return lo;
	return -1;
}

/* ---- design families ----------------------------------------------------- */

/* The family a counted link's evidence belongs to. A review inherits what
 * it pools: included_design when recorded, else the designs of the
 * included studies that are linked to the claim, else observational (and
 * `assumed` says so in words). */
static enum ev_family family_of(const struct ev_link *l, const struct ev_link *links, const struct by_key *keys,
				int nkeys, char *assumed, size_t size)
{
	assumed[0] = '\0';
	int level = ev_design_level(l->design);
	if (!ev_design_is_review(l->design))
		return level == 4 ? EV_RANDOMIZED : level == 2 ? EV_OBSERVATIONAL : EV_OTHER_DESIGNS;
	switch (l->included_design) {
	case EV_INCLUDED_RCT:
		return EV_RANDOMIZED;
	case EV_INCLUDED_OBSERVATIONAL:
		return EV_OBSERVATIONAL;
	case EV_INCLUDED_MIXED:
		setf(assumed, size, "%s pools randomized and observational studies: rated as observational", l->study);
		return EV_OBSERVATIONAL;
	default:
		break;
	}
	if (l->includes && *l->includes) {
		int rct = 0, other = 0;
		for (const char *p = l->includes; *p;) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			int at = find_key(keys, nkeys, p, len);
			if (at >= 0) {
				const struct ev_link *s = &links[keys[at].i];
				if (s->design == EV_DESIGN_RCT)
					rct++;
				else if (s->design != EV_DESIGN_NONE)
					other++;
			}
			p += len + (e != NULL);
		}
		if (rct && !other)
			return EV_RANDOMIZED;
		if (rct || other) {
			if (rct)
				setf(assumed, size, "%s pools randomized and other studies: rated as observational",
				     l->study);
			return EV_OBSERVATIONAL;
		}
		setf(assumed, size,
		     "%s records no included_design and none of its included studies is linked here: assumed "
		     "observational",
		     l->study);
		return EV_OBSERVATIONAL;
	}
	setf(assumed, size, "%s records neither includes nor included_design: assumed to pool observational studies",
	     l->study);
	return EV_OBSERVATIONAL;
}

static int family_start(enum ev_family f) { return f == EV_RANDOMIZED ? 4 : f == EV_OBSERVATIONAL ? 2 : 1; }

/* ---- forming bodies -------------------------------------------------------- */

struct cand {
	int i;
	enum ev_family fam;
	const char *norm;
	enum ev_measure m;
};

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->fam != b->fam)
		return a->fam < b->fam ? -1 : 1;
	int c = strcmp(a->norm, b->norm);
	if (c)
		return c;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

struct run {
	int from, to;   /* cands[from..to) */
	int target;     /* for a run without a measure: the run it joins, or -1 */
	int body;       /* body index */
	int first;      /* smallest link index */
};

/* ---- rating one body --------------------------------------------------------- */

/* What a body's numbers are judged against. */
struct thresholds {
	int known;
	double lo, hi;   /* appreciable effect: below lo or above hi (measure scale) */
	char why[160];   /* numbers and fixed words (as every reason here: grade.h) */
};

static void thresholds_for(enum ev_measure m, const double *se, const int64_t *nn, int k, struct thresholds *t)
{
	char a[32];
	memset(t, 0, sizeof *t);
	if (ev_measure_is_ratio(m)) {
		t->known = 1;
		t->lo = 0.75;
		t->hi = 1.25;
		setf(t->why, sizeof t->why, "appreciable: below 0.75 or above 1.25");
	} else if (m == EV_SMD) {
		t->known = 1;
		t->lo = -0.2;
		t->hi = 0.2;
		setf(t->why, sizeof t->why, "appreciable: beyond -0.2 or 0.2");
	} else if (m == EV_MD) {
		/* 0.2 standard deviations, the SD read from each study's CI
		 * and n (SE = 2 SD / sqrt(n) for two equal arms). */
		double sw = 0, s = 0;
		for (int i = 0; i < k; i++)
			if (nn[i] >= 4) {
				s += (double)nn[i] * se[i] * sqrt((double)nn[i]) / 2;
				sw += (double)nn[i];
			}
		if (sw > 0) {
			double sd = s / sw;
			t->known = 1;
			t->lo = -0.2 * sd;
			t->hi = 0.2 * sd;
			setf(t->why, sizeof t->why, "appreciable: beyond 0.2 SD = %s (SD %s from the CIs and n)",
			     num(a, sizeof a, 0.2 * sd), ev_fmt_num((char[32]){0}, 32, sd, 3));
		} else {
			setf(t->why, sizeof t->why, "no appreciable-effect threshold (no n to estimate the SD)");
		}
	} else {
		setf(t->why, sizeof t->why, "no appreciable-effect threshold for this measure");
	}
}

static int in_zone(const struct thresholds *t, double e, double null)
{
	return t->known ? e > t->lo && e < t->hi : e == null;
}

/* "RR 0.80 (95% CI 0.70 to 0.91)" */
static const char *describe(char *buf, size_t size, enum ev_measure m, const struct ev_pool *p, int k)
{
	char e[32], lo[32], hi[32];
	snprintf(buf, size, "%s %s (95%% CI %s to %s)%s", ev_measure_names[m], ev_fmt_num(e, sizeof e, p->estimate, 3),
		 ev_fmt_num(lo, sizeof lo, p->ci_low, 3), ev_fmt_num(hi, sizeof hi, p->ci_high, 3),
		 k > 1 ? ", pooled" : "");
	return buf;
}

/* The verdict of a body's pooled estimate on what the claim asserts. */
static enum ev_verdict pooled_verdict(enum ev_asserts as, enum ev_measure m, const struct ev_pool *p,
				      const struct thresholds *t, char *why, size_t size)
{
	double nul = null_of(m), e = p->estimate, lo = p->ci_low, hi = p->ci_high;
	char n0[32];
	num(n0, sizeof n0, nul);
	if (as == EV_ASSERTS_NO_EFFECT) {
		if (t->known ? in_zone(t, e, nul) : (lo <= nul && hi >= nul)) {
			setf(why, size, t->known ? "the estimate shows no appreciable effect (%s)" : "the CI includes %s",
			     t->known ? t->why : n0);
			return EV_SUPPORTED;
		}
		setf(why, size, t->known ? "the estimate shows an appreciable effect (%s)" : "the CI excludes %s",
		     t->known ? t->why : n0);
		return EV_CONTRADICTED;
	}
	int lower = as == EV_ASSERTS_LOWER;
	const char *want = lower ? "below" : "above", *other = lower ? "above" : "below";
	if (lower ? hi < nul : lo > nul) {
		setf(why, size, "the CI lies %s %s, as the claim asserts", want, n0);
		return EV_SUPPORTED;
	}
	if (lower ? lo > nul : hi < nul) {
		setf(why, size, "the CI lies %s %s: the effect goes the other way", other, n0);
		return EV_CONTRADICTED;
	}
	if (t->known && lo >= t->lo && hi <= t->hi) {
		setf(why, size, "the CI includes %s and excludes any appreciable effect (%s): little or no difference",
		     n0, t->why);
		return EV_CONTRADICTED;
	}
	if (in_zone(t, e, nul) || (lower ? e >= nul : e <= nul)) {
		setf(why, size, "the CI includes %s and the estimate shows %s", n0,
		     in_zone(t, e, nul) ? "little or no effect" : "an effect the other way");
		return EV_CONTRADICTED;
	}
	setf(why, size, "the estimate lies %s %s, though its CI includes it (see imprecision)", want, n0);
	return EV_SUPPORTED;
}

static enum ev_verdict label_verdict(int sup, int con)
{
	return sup && con ? EV_MIXED : sup ? EV_SUPPORTED : con ? EV_CONTRADICTED : EV_INSUFFICIENT;
}

/* Scratch shared by the bodies of one claim (each sized for every link). */
struct scratch {
	unsigned char *used;    /* per member: rated */
	double *y, *v, *se, *w; /* per pooled member */
	int64_t *nn;
	int *pm;                /* pooled member -> member */
	struct by_key *bk;      /* the body's rated members by study key */
	struct study_n *sn;
};

/* What pooling a body found, for the phases after it (rate_body): k
 * estimates pooled, the estimate in words, the appreciable-effect
 * thresholds. */
struct pooled {
	int k;
	char est[160];   /* a measure and three numbers */
	struct thresholds t;
};

/* Indirectness: which members are rated (set in s->used). */
static void rate_indirectness(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b)
{
	/* Indirectness first: a body with direct evidence is rated on it. */
	int direct = 0;
	for (int j = 0; j < m; j++)
		direct += !links[idx[j]].indirect;
	for (int j = 0; j < m; j++)
		s->used[j] = direct == 0 || !links[idx[j]].indirect;
	struct ev_rating *ind = &b->domain[EV_INDIRECTNESS];
	if (direct == 0) {
		ind->change = -1;
		if (m == 1)
			setf(ind->reason, sizeof ind->reason, "its only link answers a related question (indirect)");
		else
			setf(ind->reason, sizeof ind->reason, "all %d links answer a related question (indirect)", m);
	} else if (direct < m) {
		setf(ind->reason, sizeof ind->reason,
		     "rated on its %d direct link%s; %d indirect link%s set aside, not diluting it", direct,
		     direct == 1 ? "" : "s", m - direct, m - direct == 1 ? "" : "s");
		add_note(b, "%d indirect link%s set aside (the body has direct evidence)", m - direct,
			 m - direct == 1 ? "" : "s");
	} else {
		setf(ind->reason, sizeof ind->reason, m == 1 ? "its only link is direct" : "all %d links direct", m);
	}
}

/* A review and the studies it includes count once, through the review. */
static void count_reviews_once(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b)
{
	/* Nothing counted twice: a review and the studies it includes in
	 * the same body count through the review. */
	int nb = 0;
	for (int j = 0; j < m; j++)
		if (s->used[j]) {
			s->bk[nb].key = links[idx[j]].study;
			s->bk[nb++].i = j;
		}
	qsort(s->bk, (size_t)nb, sizeof *s->bk, cmp_by_key);
	for (int j = 0; j < m; j++) {
		const struct ev_link *r = &links[idx[j]];
		if (!s->used[j] || !ev_design_is_review(r->design) || !r->includes)
			continue;
		struct ev_buf gone = EV_BUF_INIT;
		for (const char *p = r->includes; *p;) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			for (int at = find_key(s->bk, nb, p, len); at >= 0 && at < nb &&
								  strncmp(s->bk[at].key, p, len) == 0 &&
								  s->bk[at].key[len] == '\0';
			     at++) {
				int jj = s->bk[at].i;
				if (jj != j && s->used[jj]) {
					s->used[jj] = 0;
					ev_buf_addf(&gone, "%s%s", gone.len ? ", " : "", links[idx[jj]].study);
				}
			}
			p += len + (e != NULL);
		}
		if (gone.len)
			add_note(b, "%s counted through review %s, which includes %s", ev_buf_str(&gone), r->study,
				 strchr(ev_buf_str(&gone), ',') ? "them" : "it");
		ev_buf_free(&gone);
	}
}

/* The body's participants and studies. */
static void count_participants(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b)
{
	char c1[32], c2[32];
	/* Participants: each rated study once; where a review does not
	 * record what it includes, studies it may include are not summed
	 * with it blindly: the larger of the two counts is taken. */
	int k = 0;
	for (int j = 0; j < m; j++)
		if (s->used[j]) {
			s->sn[k].study = links[idx[j]].study_id;
			s->sn[k++].n = links[idx[j]].n;
		}
	b->participants = sum_studies(s->sn, k, &b->studies);
	unsigned char *claimed = ev_xcalloc((size_t)m + 1, 1);
	for (int j = 0; j < m; j++) {
		const struct ev_link *r = &links[idx[j]];
		if (!s->used[j] || !ev_design_is_review(r->design) || r->includes)
			continue;
		int64_t sum = 0;
		struct ev_buf maybe = EV_BUF_INIT;
		for (int jj = 0; jj < m; jj++) {
			const struct ev_link *t = &links[idx[jj]];
			if (jj == j || !s->used[jj] || claimed[jj] || ev_design_is_review(t->design) ||
			    (t->year && r->year && t->year > r->year))
				continue;
			claimed[jj] = 1;
			sum += t->n;
			ev_buf_addf(&maybe, "%s%s", maybe.len ? ", " : "", t->study);
		}
		if (maybe.len) {
			int64_t less = sum < r->n ? sum : r->n;
			b->participants -= less;
			add_note(b,
				 "possible overlap: %s records no included studies and %s (published by then) may be in "
				 "it; participants counted as the larger of %s and %s, not their sum",
				 r->study, ev_buf_str(&maybe), ev_fmt_count(c1, sizeof c1, r->n),
				 ev_fmt_count(c2, sizeof c2, sum));
		}
		ev_buf_free(&maybe);
	}
	free(claimed);
}

/* The labels and the pooled estimate of the rated members (into *pl). */
static void pool_body(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b, struct pooled *pl)
{
	/* Labels, and every rated estimate pooled whatever its label. */
	b->used = 0;
	int k = 0;
	for (int j = 0; j < m; j++) {
		if (!s->used[j])
			continue;
		const struct ev_link *l = &links[idx[j]];
		b->used++;
		b->supports += l->direction == EV_SUPPORTS;
		b->contradicts += l->direction == EV_CONTRADICTS;
		b->inconclusive += l->direction == EV_INCONCLUSIVE;
		if (l->measure == b->measure && link_effect(l, &s->y[k], &s->v[k]) == 0) {
			s->nn[k] = l->n;
			s->pm[k++] = j;
			if (l->has_counts && l->total_control > 0) {
				b->control_events += l->events_control;
				b->control_total += l->total_control;
			}
			if (l->has_means && l->total_control > 0) {
				b->control_mean += l->mean_control * l->total_control;
				b->control_mean_total += l->total_control;
			}
		}
	}
	if (b->control_mean_total > 0)
		b->control_mean /= b->control_mean_total;
	b->k = k;
	if (k > 0 && pool_effects(s->y, s->v, s->se, k, &b->pool) == 0) {
		b->has_pool = 1;
		ev_meta_weights(s->se, k, b->pool.tau2, s->w);
		ev_meta_to_measure(b->measure, &b->pool);
		if (k == 1) {
			/* A single estimate keeps its interval as published. */
			const struct ev_link *l = &links[idx[s->pm[0]]];
			b->pool.estimate = l->estimate;
			b->pool.ci_low = b->pool.pi_low = l->ci_low;
			b->pool.ci_high = b->pool.pi_high = l->ci_high;
		}
		describe(pl->est, sizeof pl->est, b->measure, &b->pool, k);
	}
	thresholds_for(b->measure, s->se, s->nn, b->has_pool ? k : 0, &pl->t);
	pl->k = k;
}

/* The body's verdict and why. */
static void decide_verdict(enum ev_asserts as, struct ev_body *b, const char *est, const struct thresholds *t)
{
	/* The verdict: the pooled estimate where there is one. */
	if (b->has_pool && as != EV_ASSERTS_NONE) {
		char why[360];
		b->verdict = pooled_verdict(as, b->measure, &b->pool, t, why, sizeof why);
		setf(b->verdict_reason, sizeof b->verdict_reason, "%s: %s", est, why);
	} else {
		b->verdict = label_verdict(b->supports, b->contradicts);
		setf(b->verdict_reason, sizeof b->verdict_reason, "%s: %d supporting, %d contradicting, %d inconclusive",
		     b->has_pool ? "what the claim asserts is unknown, so the labels decide"
				 : "no estimate with a CI, so the labels decide",
		     b->supports, b->contradicts, b->inconclusive);
	}
}

/* GRADE's first domain. */
static void rate_risk_of_bias(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b, int k)
{
	/* Risk of bias, weighted by each study's weight in the body. */
	double wt = 0, whigh = 0, wnotlow = 0, wsome = 0, wunk = 0;
	int64_t unassessed = 0, rated = 0;
	for (int j = 0; j < m; j++)
		if (s->used[j]) {
			rated += links[idx[j]].n;
			if (links[idx[j]].rob == EV_ROB_UNKNOWN)
				unassessed += links[idx[j]].n;
		}
	int by_pool = b->has_pool;
	int any_n = 0;
	for (int j = 0; j < m; j++)
		any_n |= s->used[j] && links[idx[j]].n > 0;
	for (int q = 0, j = 0; j < m; j++) {
		if (!s->used[j])
			continue;
		double w;
		if (by_pool) {
			if (q < k && s->pm[q] == j)
				w = s->w[q++];
			else
				continue;
		} else {
			w = any_n ? (double)links[idx[j]].n : 1;
		}
		enum ev_rob r = links[idx[j]].rob;
		wt += w;
		whigh += r == EV_ROB_HIGH ? w : 0;
		wsome += r == EV_ROB_SOME ? w : 0;
		wunk += r == EV_ROB_UNKNOWN ? w : 0;
		wnotlow += r != EV_ROB_LOW ? w : 0;
	}
	struct ev_rating *rob = &b->domain[EV_RISK_OF_BIAS];
	if (wt > 0) {
		char c1[32], c2[32];
		rob->change = whigh * 2 > wt ? -2 : wnotlow * 2 > wt ? -1 : 0;
		setf(rob->reason, sizeof rob->reason,
		     "weight by %s: low risk %.0f%%, some concerns %.0f%%, high %.0f%%, never assessed %.0f%%; %s of %s "
		     "participants never assessed",
		     by_pool ? "the pooled weights" : any_n ? "participants" : "study", 100 * (wt - wnotlow) / wt,
		     100 * wsome / wt, 100 * whigh / wt, 100 * wunk / wt, ev_fmt_count(c1, sizeof c1, unassessed),
		     ev_fmt_count(c2, sizeof c2, rated));
		if (rob->change == -2)
			addf(rob->reason, sizeof rob->reason, ": high-risk studies carry over half the weight");
		else if (rob->change == -1)
			addf(rob->reason, sizeof rob->reason, ": studies not at low risk carry over half the weight");
	}
}

/* GRADE's second domain. */
static void rate_inconsistency(const struct ev_link *links, const int *idx, struct scratch *s, struct ev_body *b, int k, enum ev_asserts as, const struct thresholds *t)
{
	/* Inconsistency from the numbers: I2, overlapping CIs, and the
	 * prediction interval against the null. */
	struct ev_rating *inc = &b->domain[EV_INCONSISTENCY];
	if (!b->has_pool || k < 2) {
		setf(inc->reason, sizeof inc->reason, "%s: not assessable (labels are not votes)",
		     b->has_pool ? "one estimate" : "no estimate");
	} else {
		char c1[32], c2[32];
		double maxlo = -HUGE_VAL, minhi = HUGE_VAL;
		for (int q = 0; q < k; q++) {
			const struct ev_link *l = &links[idx[s->pm[q]]];
			maxlo = l->ci_low > maxlo ? l->ci_low : maxlo;
			minhi = l->ci_high < minhi ? l->ci_high : minhi;
		}
		int overlap = maxlo <= minhi;
		/* The prediction interval with t(k-2), as the Cochrane Handbook and
		 * metafor give it; defined from 3 estimates. */
		double pil = b->pool.pi_t_low, pih = b->pool.pi_t_high;
		int pi_cross = 0;
		if (k >= 3 && b->pool.tau2 > 0) {
			if (as == EV_ASSERTS_NO_EFFECT)
				pi_cross = t->known && b->pool.ci_low >= t->lo && b->pool.ci_high <= t->hi &&
					   (pil < t->lo || pih > t->hi);
			else
				pi_cross = ev_meta_includes_null(b->measure, pil, pih) &&
					   (!ev_meta_includes_null(b->measure, b->pool.ci_low, b->pool.ci_high) ||
					    (t->known && pil < t->lo && pih > t->hi));
		}
		int signals = (b->pool.i2 > 50) + !overlap + pi_cross;
		inc->change = b->pool.i2 >= 75 && !overlap && pi_cross ? -2 : signals >= 2 ? -1 : 0;
		setf(inc->reason, sizeof inc->reason, "I2 = %s%%, tau2 = %s; the %d CIs %s", num(c1, sizeof c1, b->pool.i2),
		     ev_fmt_num(c2, sizeof c2, b->pool.tau2, 3), k, overlap ? "overlap" : "do not all overlap");
		if (k < 3)
			addf(inc->reason, sizeof inc->reason, "; no prediction interval from 2 estimates");
		else
			addf(inc->reason, sizeof inc->reason, "; 95%% prediction interval %s to %s%s", num((char[32]){0}, 32, pil),
			     ev_fmt_num((char[32]){0}, 32, pih, 3),
			     !pi_cross			     ? ""
			     : as == EV_ASSERTS_NO_EFFECT ? " reaches an appreciable effect the CI excludes"
							  : " crosses the null (where the CI does not, or with appreciable effects both ways)");
		if (inc->change)
			addf(inc->reason, sizeof inc->reason, ": %d of the 3 signs of inconsistency", signals);
	}
}

/* GRADE's fourth domain. */
static void rate_imprecision(struct ev_body *b, enum ev_asserts as, const struct thresholds *t, const char *est)
{
	char c1[32], c2[32];
	/* Imprecision: the optimal information size, and the CI against
	 * the null and the appreciable-effect thresholds. */
	struct ev_rating *imp = &b->domain[EV_IMPRECISION];
	double nul = null_of(b->measure);
	int ois = ev_measure_is_ratio(b->measure) ? EV_OIS_RATIO : EV_OIS_CONTINUOUS;
	int ois_fail = b->participants < ois;
	int ci_fail;
	char cw[320]; /* est (160 at most) and fixed words */
	if (!b->has_pool) {
		ci_fail = 1;
		setf(cw, sizeof cw, "no estimate with a CI to judge");
	} else {
		double lo = b->pool.ci_low, hi = b->pool.ci_high;
		int beyond = t->known && (lo < t->lo || hi > t->hi);
		int has_null = lo <= nul && hi >= nul;
		if (as == EV_ASSERTS_NO_EFFECT) {
			ci_fail = t->known ? beyond : 1;
			setf(cw, sizeof cw, "%s %s", est,
			     !t->known  ? "cannot show the absence of an effect without a threshold"
			     : beyond ? "reaches an appreciable effect"
				      : "lies inside the thresholds (a precise absence of effect)");
		} else {
			/* A CI that excludes the null can still straddle the
			 * appreciable-effect threshold: trivial at one end,
			 * important at the other. */
			int straddles = t->known && ((lo < t->lo && hi > t->lo) || (lo < t->hi && hi > t->hi));
			ci_fail = has_null ? !t->known || beyond : straddles;
			setf(cw, sizeof cw, "%s %s", est,
			     !has_null ? (straddles ? "excludes the null but straddles an appreciable-effect threshold"
						    : "excludes the null and lies on one side of the thresholds")
			     : ci_fail ? (t->known ? "includes the null and an appreciable effect" : "includes the null")
				       : "includes the null but no appreciable effect (a precise null)");
		}
		addf(cw, sizeof cw, " (%s)", t->why);
	}
	imp->change = -(ois_fail + ci_fail);
	setf(imp->reason, sizeof imp->reason, "%s participants, optimal information size %s (%s): %s; %s",
	     ev_fmt_count(c1, sizeof c1, b->participants), ev_fmt_count(c2, sizeof c2, ois),
	     ev_measure_is_ratio(b->measure) ? "ratio measures" : "continuous default", ois_fail ? "not met" : "met", cw);
}

/* GRADE's fifth domain. */
static void rate_publication_bias(const struct ev_link *links, const int *idx, int m, struct scratch *s, struct ev_body *b, int k)
{
	/* Publication bias: Egger's test from 10 estimates; a body made only
	 * of small industry-funded studies. */
	struct ev_rating *pub = &b->domain[EV_PUBLICATION_BIAS];
	int industry_small = b->used > 0;
	for (int j = 0; j < m && industry_small; j++)
		if (s->used[j])
			industry_small = ev_funding_is_industry(links[idx[j]].funding) && links[idx[j]].n > 0 &&
					 links[idx[j]].n < EV_SMALL_STUDY;
	double p = NAN;
	int egger = 0;
	if (b->has_pool && k >= 10 && egger_p(s->y, s->v, k, &p) == 0)
		egger = p < 0.10;
	pub->change = -(egger + industry_small);
	if (b->has_pool && k >= 10 && !isnan(p)) {
		char c1[32];
		setf(pub->reason, sizeof pub->reason, "Egger's test p = %s with %d estimates%s", ev_fmt_num(c1, sizeof c1, p, 2),
		     k, egger ? " (< 0.10): small-study effects" : " (>= 0.10)");
	} else if (k >= 10)
		setf(pub->reason, sizeof pub->reason, "Egger's test could not be run on %d estimates", k);
	else
		setf(pub->reason, sizeof pub->reason, "not assessable: %d estimate%s (Egger's test needs 10)", k,
		     k == 1 ? "" : "s");
	if (industry_small)
		addf(pub->reason, sizeof pub->reason, "; every study is small (< %d) and industry-funded", EV_SMALL_STUDY);
}

/* Rating up, then the certainty the body ends at and where it started. */
static void rate_up(int m, struct ev_body *b, int k, const char *est)
{
	/* Rating up: observational evidence with nothing rated down. */
	int down = 0;
	for (int d = 0; d < EV_DOMAIN_COUNT; d++)
		down += b->domain[d].change;
	struct ev_rating *up = &b->upgrade;
	if (b->family != EV_OBSERVATIONAL) {
		setf(up->reason, sizeof up->reason, "not considered: only observational evidence is rated up");
	} else if (down) {
		setf(up->reason, sizeof up->reason, "not considered: the body was rated down");
	} else if (!b->has_pool || !ev_measure_is_ratio(b->measure)) {
		setf(up->reason, sizeof up->reason, "not considered: no ratio estimate");
	} else {
		double e = b->pool.estimate;
		int excl = !ev_meta_includes_null(b->measure, b->pool.ci_low, b->pool.ci_high);
		up->change = excl && (e <= 0.2 || e >= 5) ? 2 : excl && (e <= 0.5 || e >= 2) ? 1 : 0;
		setf(up->reason, sizeof up->reason, "%s %s", est,
		     up->change == 2   ? "is a very large effect (<= 0.2 or >= 5)"
		     : up->change == 1 ? "is a large effect (<= 0.5 or >= 2)"
				       : "is not a large effect with a CI excluding 1");
		if (up->change && k == 1)
			addf(up->reason, sizeof up->reason, "; it rests on a single study");
	}

	if (b->verdict == EV_INSUFFICIENT) {
		b->certainty = 0;
	} else {
		int c = b->start + down + up->change;
		b->certainty = c < 1 ? 1 : c > 4 ? 4 : c;
	}
	char nt[32];
	setf(b->start_reason, sizeof b->start_reason, "%s evidence: %d link%s rated of %d, %s participants in %d stud%s: start at %s",
	     ev_family_names[b->family], b->used, b->used == 1 ? "" : "s", m,
	     ev_fmt_count(nt, sizeof nt, b->participants), b->studies, b->studies == 1 ? "y" : "ies",
	     ev_certainty_name(b->start));
}

/* Rates body b, whose members are links idx[0..m). */
static void rate_body(const struct ev_link *links, const int *idx, int m, const enum ev_family *fam,
		      enum ev_asserts as, struct scratch *s, struct ev_body *b)
{
	const struct ev_link *first = &links[idx[0]];
	b->outcome = first->outcome ? first->outcome : "";
	b->family = fam[idx[0]];
	b->start = family_start(b->family);
	b->links = m;
	b->measure = EV_MEASURE_NONE;
	for (int j = 0; j < m && b->measure == EV_MEASURE_NONE; j++)
		b->measure = links[idx[j]].measure;

	struct pooled pl;
	rate_indirectness(links, idx, m, s, b);
	count_reviews_once(links, idx, m, s, b);
	count_participants(links, idx, m, s, b);
	pool_body(links, idx, m, s, b, &pl);
	decide_verdict(as, b, pl.est, &pl.t);
	rate_risk_of_bias(links, idx, m, s, b, pl.k);
	rate_inconsistency(links, idx, s, b, pl.k, as, &pl.t);
	rate_imprecision(b, as, &pl.t, pl.est);
	rate_publication_bias(links, idx, m, s, b, pl.k);
	rate_up(m, b, pl.k, pl.est);
}

/* ---- the claim ------------------------------------------------------------- */

static struct ev_step *add_step(struct ev_grade *g, const char *name, int applies, int delta,
				const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct ev_step *add_step(struct ev_grade *g, const char *name, int applies, int delta,
				const char *fmt, ...)
{
	if (g->nsteps >= EV_MAX_STEPS)
		return NULL;
	struct ev_step *s = &g->steps[g->nsteps++];
	s->name = name;
	s->applies = applies;
	s->delta = delta;
	struct ev_buf t = EV_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(&t, fmt, ap);
	va_end(ap);
	/* The change a step made is part of its reason: "... (-1)". */
	if (applies && delta)
		ev_buf_addf(&t, " (%+d)", delta);
	s->text = ev_buf_take(&t);
	return s;
}

/* What the claim asserts when it does not say: the side of the null its
 * supporting estimates fall on. */
static enum ev_asserts infer_asserts(const struct ev_link *links, int n, char *why, size_t size)
{
	int below = 0, above = 0, none = 0;
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &links[i];
		if (!ev_link_counts(l) || l->direction != EV_SUPPORTS || !l->has_estimate || l->measure == EV_MEASURE_NONE)
			continue;
		double nul = null_of(l->measure);
		int has_null = l->has_ci ? l->ci_low <= nul && l->ci_high >= nul : l->estimate == nul;
		if (has_null)
			none++;
		else if (l->estimate < nul)
			below++;
		else
			above++;
	}
	if (below + above + none == 0) {
		setf(why, size, "not recorded, and no supporting link has an estimate to infer it from: labels decide");
		return EV_ASSERTS_NONE;
	}
	enum ev_asserts as = below + above == 0 ? EV_ASSERTS_NO_EFFECT
			     : below >= above	  ? EV_ASSERTS_LOWER
						  : EV_ASSERTS_HIGHER;
	setf(why, size, "not recorded: inferred as '%s' from the supporting estimates (%d below the null, %d above, %d including it)",
	     ev_asserts_names[as], below, above, none);
	return as;
}

static int better_primary(const struct ev_body *a, const struct ev_body *b)
{
	int da = a->verdict != EV_INSUFFICIENT, db = b->verdict != EV_INSUFFICIENT;
	if (da != db)
		return da > db;
	int ia = a->domain[EV_INDIRECTNESS].change == 0, ib = b->domain[EV_INDIRECTNESS].change == 0;
	if (ia != ib)
		return ia > ib;
	if (a->start != b->start)
		return a->start > b->start;
	if (a->participants != b->participants)
		return a->participants > b->participants;
	return a->used > b->used;
}

static int cmp_run_first(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

void ev_grade_free(struct ev_grade *g)
{
	for (int i = 0; i < g->nbodies; i++)
		free(g->bodies[i].notes);
	for (int i = 0; i < g->nsteps; i++)
		free(g->steps[i].text);
	g->nsteps = 0;
	free(g->bodies);
	g->bodies = NULL;
	g->nbodies = 0;
}

void ev_grade(const struct ev_link *links, int n, struct ev_grade *g) { ev_grade_claim(links, n, NULL, g); }

/* The counted links of a claim split into bodies (form_bodies): body b's
 * members are members[at[b] .. at[b] + count[b]) in link order, and
 * fam[i] is link i's design family. */
struct partition {
	enum ev_family *fam;
	int *members, *at, *count;
	int nbodies;
	struct ev_buf assumed; /* what was assumed of reviews' designs ("; "-joined) */
};

/* Which links count, and the step that names those left out. */
static void count_links(const struct ev_link *links, int n, struct ev_grade *g)
{
	/* The step names the links left out, whole, as
	 * many as its text has room for, then how many more: never a name cut
	 * in the middle (explain's table lists every link). */
	struct ev_buf skipped = EV_BUF_INIT;
	int listed = 0;
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &links[i];
		if (!ev_link_counts(l)) {
			g->not_counted++;
			const char *why = l->status != EV_VERIFIED ? ev_status_names[l->status] : "no design";
			/* room for "not counted: " before and " and N more" after */
			size_t need = (listed ? 2 : 0) + strlen(l->study) + strlen(why) + 3;
			if (listed == g->not_counted - 1 && skipped.len + need <= 400) {
				ev_buf_addf(&skipped, "%s%s (%s)", listed ? ", " : "", l->study, why);
				listed++;
			}
		} else {
			g->counted++;
		}
	}
	if (g->not_counted) {
		if (!listed)
			ev_buf_addf(&skipped, "%d links", g->not_counted);
		else if (listed < g->not_counted)
			ev_buf_addf(&skipped, " and %d more", g->not_counted - listed);
		add_step(g, "not counted", 1, 0, "not counted: %s", ev_buf_str(&skipped));
	}
	ev_buf_free(&skipped);
}

/* What the claim asserts, recorded or inferred, and its step. */
static void state_asserts(const struct ev_link *links, int n, const struct ev_claim_facts *c, struct ev_grade *g)
{
	char buf[480]; /* counts and fixed words */
	g->asserts = c ? c->asserts : EV_ASSERTS_NONE;
	if (g->asserts != EV_ASSERTS_NONE) {
		setf(buf, sizeof buf, "the claim asserts '%s' (recorded)", ev_asserts_names[g->asserts]);
	} else {
		g->asserts = infer_asserts(links, n, buf, sizeof buf);
		g->asserts_inferred = g->asserts != EV_ASSERTS_NONE;
		char tmp[480];
		setf(tmp, sizeof tmp, "what the claim asserts: %s", buf);
		memcpy(buf, tmp, sizeof buf);
	}
	if (g->counted)
		add_step(g, "asserts", 1, 0, "%s", buf);
}

/* The claim's bodies of evidence (docs/grading.md): the counted links by
 * design family, outcome (ev_outcome_key) and measure, links without a
 * measure joining their outcome's body, bodies in the order of their
 * first link. */
static void form_bodies(const struct ev_link *links, int n, struct partition *pt)
{
	memset(pt, 0, sizeof *pt);
	/* Every counted link's family and body key. */
	struct by_key *keys = ev_xcalloc((size_t)n + 1, sizeof *keys);
	int nkeys = 0;
	for (int i = 0; i < n; i++)
		if (ev_link_counts(&links[i])) {
			keys[nkeys].key = links[i].study;
			keys[nkeys++].i = i;
		}
	qsort(keys, (size_t)nkeys, sizeof *keys, cmp_by_key);
	enum ev_family *fam = pt->fam = ev_xcalloc((size_t)n + 1, sizeof *fam);
	struct ev_buf norms = EV_BUF_INIT;
	size_t *noff = ev_xcalloc((size_t)n + 1, sizeof *noff);
	for (int i = 0; i < n; i++) {
		noff[i] = norms.len;
		norm_outcome(&norms, links[i].outcome);
		if (!ev_link_counts(&links[i]))
			continue;
		char a[480]; /* a key (at most 100 bytes) and fixed words */
		fam[i] = family_of(&links[i], links, keys, nkeys, a, sizeof a);
		if (a[0])
			ev_buf_addf(&pt->assumed, "%s%s", pt->assumed.len ? "; " : "", a);
	}
	struct cand *cd = ev_xcalloc((size_t)n + 1, sizeof *cd);
	int nc = 0;
	for (int i = 0; i < n; i++)
		if (ev_link_counts(&links[i])) {
			cd[nc].i = i;
			cd[nc].fam = fam[i];
			cd[nc].norm = norms.data + noff[i];
			cd[nc++].m = links[i].measure;
		}
	qsort(cd, (size_t)nc, sizeof *cd, cmp_cand);
	struct run *runs = ev_xcalloc((size_t)nc + 1, sizeof *runs);
	int nr = 0;
	for (int a = 0; a < nc;) {
		int e = a + 1;
		while (e < nc && cd[e].fam == cd[a].fam && cd[e].m == cd[a].m && strcmp(cd[e].norm, cd[a].norm) == 0)
			e++;
		runs[nr].from = a;
		runs[nr].to = e;
		runs[nr].target = -1;
		runs[nr].first = cd[a].i;
		for (int j = a; j < e; j++)
			runs[nr].first = cd[j].i < runs[nr].first ? cd[j].i : runs[nr].first;
		nr++;
		a = e;
	}
	/* Links without a measure join the body of their outcome and family
	 * that has one (the largest), so a label is not a body of its own. */
	for (int r = 0; r < nr; r++) {
		if (cd[runs[r].from].m != EV_MEASURE_NONE)
			continue;
		int best = -1;
		for (int q = r + 1; q < nr && cd[runs[q].from].fam == cd[runs[r].from].fam &&
				    strcmp(cd[runs[q].from].norm, cd[runs[r].from].norm) == 0;
		     q++)
			if (best < 0 || runs[q].to - runs[q].from > runs[best].to - runs[best].from)
				best = q;
		runs[r].target = best;
		if (best >= 0 && runs[r].first < runs[best].first)
			runs[best].first = runs[r].first;
	}
	/* Bodies in the order of their first link. */
	struct run *sorted = ev_xcalloc((size_t)nr + 1, sizeof *sorted);
	memcpy(sorted, runs, (size_t)nr * sizeof *runs);
	for (int r = 0; r < nr; r++)
		sorted[r].body = r; /* the run's own index, carried through the sort */
	qsort(sorted, (size_t)nr, sizeof *sorted, cmp_run_first);
	int nbodies = 0;
	for (int r = 0; r < nr; r++)
		if (sorted[r].target < 0)
			runs[sorted[r].body].body = nbodies++;
	for (int r = 0; r < nr; r++)
		if (runs[r].target >= 0)
			runs[r].body = runs[runs[r].target].body;
	free(sorted);

	pt->nbodies = nbodies;
	/* Members of each body, in link order. */
	int *count = pt->count = ev_xcalloc((size_t)nbodies + 1, sizeof *count);
	int *at = pt->at = ev_xcalloc((size_t)nbodies + 1, sizeof *at);
	int *members = pt->members = ev_xcalloc((size_t)nc + 1, sizeof *members);
	unsigned char *body_of_link_set = ev_xcalloc((size_t)n + 1, 1);
	int *body_of = ev_xcalloc((size_t)n + 1, sizeof *body_of);
	for (int r = 0; r < nr; r++)
		for (int j = runs[r].from; j < runs[r].to; j++) {
			body_of[cd[j].i] = runs[r].body;
			body_of_link_set[cd[j].i] = 1;
			count[runs[r].body]++;
		}
	for (int b = 1; b <= nbodies; b++)
		at[b] = at[b - 1] + count[b - 1];
	for (int i = 0; i < n; i++)
		if (body_of_link_set[i])
			members[at[body_of[i]]++] = i;
	for (int b = nbodies; b > 0; b--)
		at[b] = at[b - 1];
	at[0] = 0;

	free(body_of);
	free(body_of_link_set);
	free(runs);
	free(cd);
	free(noff);
	ev_buf_free(&norms);
	free(keys);
}

static void partition_free(struct partition *pt)
{
	free(pt->fam);
	free(pt->members);
	free(pt->at);
	free(pt->count);
	ev_buf_free(&pt->assumed);
}

/* Rates every body, with scratch sized for every link. */
static void rate_bodies(const struct ev_link *links, int n, const struct partition *pt, struct ev_grade *g)
{
	struct scratch s;
	s.used = ev_xcalloc((size_t)n + 1, 1);
	s.y = ev_xcalloc((size_t)n + 1, 5 * sizeof(double));
	s.v = s.y + n + 1;
	s.se = s.v + n + 1;
	s.w = s.se + n + 1;
	s.nn = ev_xcalloc((size_t)n + 1, sizeof *s.nn);
	s.pm = ev_xcalloc((size_t)n + 1, sizeof *s.pm);
	s.bk = ev_xcalloc((size_t)n + 1, sizeof *s.bk);
	s.sn = ev_xcalloc((size_t)n + 1, sizeof *s.sn);
	for (int b = 0; b < g->nbodies; b++)
		rate_body(links, pt->members + pt->at[b], pt->count[b], pt->fam, g->asserts, &s, &g->bodies[b]);

	free(s.used);
	free(s.y);
	free(s.nn);
	free(s.pm);
	free(s.bk);
	free(s.sn);
}

/* The claim's participants: every counted study once, and a study a
 * counted review includes only through the review. */
static int64_t claim_participants(const struct ev_link *links, int n)
{
	unsigned char *mask = ev_xcalloc((size_t)n + 1, 1);
	struct ev_buf inc = EV_BUF_INIT; /* every counted review's includes, ';'-joined */
	for (int i = 0; i < n; i++) {
		mask[i] = (unsigned char)ev_link_counts(&links[i]);
		if (mask[i] && ev_design_is_review(links[i].design) && links[i].includes && *links[i].includes)
			ev_buf_addf(&inc, "%s%s", inc.len ? ";" : "", links[i].includes);
	}
	if (inc.len) {
		/* The included keys sorted, so each link is looked up, not
		 * compared with every review: a claim may have a million links. */
		int nk = 1;
		for (size_t j = 0; j < inc.len; j++)
			nk += inc.data[j] == ';';
		struct by_key *ik = ev_xcalloc((size_t)nk, sizeof *ik);
		char *p = inc.data;
		for (int j = 0; j < nk; j++) {
			ik[j].key = p;
			ik[j].i = j;
			char *e = strchr(p, ';');
			if (e) {
				*e = '\0';
				p = e + 1;
			}
		}
		qsort(ik, (size_t)nk, sizeof *ik, cmp_by_key);
		for (int i = 0; i < n; i++)
			if (mask[i] && find_key(ik, nk, links[i].study, strlen(links[i].study)) >= 0)
				mask[i] = 0;
		free(ik);
	}
	ev_buf_free(&inc);
	int64_t participants = ev_links_participants(links, n, mask, NULL, NULL);
	free(mask);
	return participants;

}

/* The primary body: the one the claim names, else the one that decides
 * with the most participants at the highest starting level. Sets
 * *by_name when the claim's outcome chose it. */
static int choose_primary(const struct ev_grade *g, const char *named, int *by_name)
{
	int primary = -1, nbodies = g->nbodies;
	if (named)
		for (int b = 0; b < nbodies; b++)
			if (same_norm(g->bodies[b].outcome, named) &&
			    (primary < 0 || better_primary(&g->bodies[b], &g->bodies[primary])))
				primary = b;
	*by_name = primary >= 0;
	if (primary < 0)
		for (int b = 0; b < nbodies; b++)
			if (primary < 0 || better_primary(&g->bodies[b], &g->bodies[primary]))
				primary = b;
	return primary;

}

/* The steps that show the primary body: the bodies, which is primary and
 * why, what was assumed and set aside, and its rating domain by domain. */
static void explain_primary(struct ev_grade *g, const char *named, int by_name, const struct ev_buf *assumed)
{
	const struct ev_body *p = &g->bodies[g->primary];
	struct ev_buf list = EV_BUF_INIT;
	for (int b = 0; b < g->nbodies && b < 6; b++) {
		const struct ev_body *x = &g->bodies[b];
		ev_buf_addf(&list, "%s%s (%s, %s, %d link%s)", b ? "; " : "", x->outcome[0] ? x->outcome : "no outcome",
			    x->measure >= 0 ? ev_measure_names[x->measure] : "no measure", ev_family_names[x->family],
			    x->links, x->links == 1 ? "" : "s");
	}
	if (g->nbodies > 6)
		ev_buf_addf(&list, "; and %d more", g->nbodies - 6);
	add_step(g, "bodies", 1, 0, "%d bod%s of evidence: %s", g->nbodies, g->nbodies == 1 ? "y" : "ies", ev_buf_str(&list));
	ev_buf_free(&list);
	if (g->nbodies > 1 || named)
		add_step(g, "primary", 1, 0, "primary body: %s (%s, %s): %s",
			 p->outcome[0] ? p->outcome : "no outcome", p->measure >= 0 ? ev_measure_names[p->measure] : "no measure",
			 ev_family_names[p->family],
			 by_name ? "the outcome the claim names"
			 : named ? "the claim's outcome matches no body, so the one that decides, with direct evidence, with the most participants at the highest starting level"
				 : "the body that decides, with direct evidence, with the most participants at the highest starting level");
	if (assumed->len)
		add_step(g, "review design", 1, 0, "%s", ev_buf_str(assumed));
	if (p->notes)
		add_step(g, "set aside", 1, 0, "%s", p->notes);

	g->top_level = p->start;
	g->top_participants = p->participants;
	add_step(g, "start", 1, 0, "%s", p->start_reason);
	for (int d = 0; d < EV_DOMAIN_COUNT; d++)
		add_step(g, ev_domain_names[d], p->domain[d].change != 0, p->domain[d].change, "%s: %s", ev_domain_names[d],
			 p->domain[d].reason);
	if (p->family == EV_OBSERVATIONAL)
		add_step(g, "large effect", p->upgrade.change > 0, p->upgrade.change, "upgrade for a large effect: %s",
			 p->upgrade.reason);

}

/* The claim's verdict and certainty: the primary body's, made mixed by
 * evidence of another design on its outcome, at least as certain, that
 * points the other way. */
static void decide_claim(struct ev_grade *g)
{
	const struct ev_body *p = &g->bodies[g->primary];
	g->verdict = p->verdict;
	g->certainty = p->certainty;
	/* Evidence of another design on the same outcome that is at least as
	 * certain and points the other way makes the verdict mixed. */
	const struct ev_body *against = NULL;
	if (p->verdict == EV_SUPPORTED || p->verdict == EV_CONTRADICTED)
		for (int b = 0; b < g->nbodies; b++) {
			const struct ev_body *x = &g->bodies[b];
			if (b != g->primary && x->family != p->family && same_norm(x->outcome, p->outcome) &&
			    (x->verdict == EV_SUPPORTED || x->verdict == EV_CONTRADICTED) && x->verdict != p->verdict &&
			    x->certainty >= p->certainty && (!against || x->certainty > against->certainty))
				against = x;
		}
	if (against)
		g->verdict = EV_MIXED;
	int sum = 0;
	for (int d = 0; d < EV_DOMAIN_COUNT; d++)
		sum += p->domain[d].change;
	add_step(g, "verdict", 1, 0, "verdict %s: %s%s%s%s%s", ev_verdict_names[g->verdict], p->verdict_reason,
		 against ? "; the " : "", against ? ev_family_names[against->family] : "",
		 against ? " evidence on the same outcome points the other way at " : "",
		 against ? ev_certainty_name(against->certainty) : "");
	if (g->certainty)
		add_step(g, "certainty", 1, 0, "certainty: start %d, domains %d, upgrade %+d = %d (%s)%s", p->start, sum,
			 p->upgrade.change, g->certainty, ev_certainty_name(g->certainty),
			 p->start + sum + p->upgrade.change < 1 ? " (not below very low)" : "");
	else
		add_step(g, "certainty", 1, 0, "no body decides anything: insufficient evidence");
}

void ev_grade_claim(const struct ev_link *links, int n, const struct ev_claim_facts *c, struct ev_grade *g)
{
	memset(g, 0, sizeof *g);
	g->verdict = EV_INSUFFICIENT;
	g->primary = -1;
	if (n < 0)
		n = 0;
	count_links(links, n, g);
	state_asserts(links, n, c, g);
	if (g->counted == 0) {
		add_step(g, "start", 1, 0, "no countable link: insufficient evidence");
		return;
	}
	struct partition pt;
	form_bodies(links, n, &pt);
	g->nbodies = pt.nbodies;
	g->bodies = ev_xcalloc((size_t)pt.nbodies + 1, sizeof *g->bodies);
	rate_bodies(links, n, &pt, g);
	g->participants = claim_participants(links, n);
	const char *named = c && c->outcome && *c->outcome ? c->outcome : NULL;
	int by_name;
	g->primary = choose_primary(g, named, &by_name);
	g->bodies[g->primary].primary = 1;
	explain_primary(g, named, by_name, &pt.assumed);
	decide_claim(g);
	partition_free(&pt);
}
