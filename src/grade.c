/*
 * grade.c: the grading rule of docs/grading.md.
 *
 * The rule is deliberately mechanical so that two people with the same
 * data always get the same answer, and every step records the numbers
 * that triggered it. Judgement belongs in the data (design, risk of bias,
 * indirect, status), not here.
 */
#include "grade.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkeffect.h"
#include "util.h"

/* Participants below this in the top tier make an estimate imprecise
 * (GRADE's rule-of-thumb optimal information size for small effects). */
#define MIN_PARTICIPANTS 400

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

static int64_t participants(const struct ev_link *links, int n, const unsigned char *mask,
			    const unsigned char *weight)
{
	return ev_links_participants(links, n, mask, weight, NULL);
}

static int distinct_studies(const struct ev_link *links, int n, const unsigned char *mask,
			    const unsigned char *weight)
{
	int d = 0;
	ev_links_participants(links, n, mask, weight, &d);
	return d;
}

/* A link that can join a pooled group, with its effect on the pooling
 * scale; links sort by measure, outcome and position, so each group is
 * one run with its members in link order. */
struct member {
	int i;
	enum ev_measure measure;
	const char *outcome;
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
		x->outcome = a->outcome ? a->outcome : "";
		nm++;
	}
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
	return ng;
}

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
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	/* The change a step made is part of its reason: "... (-1)". */
	if (applies && delta && len > 0 && (size_t)len < sizeof s->text)
		snprintf(s->text + len, sizeof s->text - (size_t)len, " (%+d)", delta);
	return s;
}

/* "OR 0.48 (95% CI 0.32 to 0.71)" */
static void describe_estimate(char *buf, size_t size, const struct ev_group *gr)
{
	char e[32], lo[32], hi[32];
	snprintf(buf, size, "%s %s (95%% CI %s to %s)%s", ev_measure_names[gr->measure],
		 ev_fmt_num(e, sizeof e, gr->pool.estimate, 4), ev_fmt_num(lo, sizeof lo, gr->pool.ci_low, 4),
		 ev_fmt_num(hi, sizeof hi, gr->pool.ci_high, 4), gr->k > 1 ? ", pooled" : "");
}

/* Share of the top tier's participants (or, when no participant count is
 * known, of its studies) that the `flag` selects; fills a description. */
static int majority(const struct ev_link *links, int n, const unsigned char *top, const unsigned char *flag,
		    int64_t top_participants, char *buf, size_t size, const char *what)
{
	if (top_participants > 0) {
		char a[32], b[32];
		int64_t part = participants(links, n, top, flag);
		snprintf(buf, size, "%s of %s top-tier participants (%.0f%%) %s",
			 ev_fmt_count(a, sizeof a, part), ev_fmt_count(b, sizeof b, top_participants),
			 100.0 * (double)part / (double)top_participants, what);
		return part * 2 > top_participants;
	}
	int part = distinct_studies(links, n, top, flag), all = distinct_studies(links, n, top, NULL);
	snprintf(buf, size, "%d of %d top-tier studies %s (no participant counts known)", part, all, what);
	return part * 2 > all;
}

void ev_grade(const struct ev_link *links, int n, struct ev_grade *g)
{
	char buf[256], c1[32], c2[32];
	memset(g, 0, sizeof *g);
	g->verdict = EV_INSUFFICIENT;
	if (n < 0)
		n = 0;
	/* Which links are in the top tier, and which are flagged by a check. */
	unsigned char *top = ev_xcalloc((size_t)n + 1, 2), *flag = top + n + 1;

	/* 1. Which links count, and the highest design level among them. */
	struct ev_buf skipped = EV_BUF_INIT;
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &links[i];
		if (!ev_link_counts(l)) {
			g->not_counted++;
			ev_buf_addf(&skipped, "%s%s (%s)", skipped.len ? ", " : "", l->study,
				    l->status != EV_VERIFIED ? ev_status_names[l->status] : "no design");
			continue;
		}
		if (l->direction == EV_INCONCLUSIVE)
			continue;
		g->counted++;
		int lvl = ev_design_level(l->design);
		if (lvl > g->top_level)
			g->top_level = lvl;
	}
	if (g->not_counted)
		add_step(g, "not counted", 1, 0, "not counted: %s", ev_buf_str(&skipped));
	ev_buf_free(&skipped);

	if (g->top_level == 0) {
		add_step(g, "start", 1, 0, "no countable supporting or contradicting link: insufficient evidence");
		free(top);
		return;
	}

	/* The top tier: supports/contradicts links at the highest level. */
	struct ev_buf designs = EV_BUF_INIT;
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &links[i];
		top[i] = ev_link_counts(l) && l->direction != EV_INCONCLUSIVE &&
			 ev_design_level(l->design) == g->top_level;
		if (!top[i])
			continue;
		g->top_links++;
		if (l->direction == EV_SUPPORTS)
			g->top_supports++;
		else
			g->top_contradicts++;
		const char *dn = ev_design_names[l->design];
		if (!strstr(ev_buf_str(&designs), dn))
			ev_buf_addf(&designs, "%s%s", designs.len ? ", " : "", dn);
	}
	int top_studies = 0;
	g->top_participants = ev_links_participants(links, n, top, NULL, &top_studies);
	add_step(g, "start", 1, 0, "top tier: %d %s link%s (level %d), %s participants in %d stud%s: start at %s",
		 g->top_links, ev_buf_str(&designs), g->top_links == 1 ? "" : "s", g->top_level,
		 ev_fmt_count(c1, sizeof c1, g->top_participants), top_studies, top_studies == 1 ? "y" : "ies",
		 ev_certainty_name(g->top_level));
	ev_buf_free(&designs);

	/* The top tier's estimates, pooled by outcome and measure. The primary
	 * one answers the claim's own question where it can (no indirect
	 * link), then has the most estimates, then the most participants. */
	struct ev_group *groups = ev_xcalloc((size_t)n + 1, sizeof *groups);
	g->ngroups = ev_group_links(links, n, top, groups);
	int primary = -1;
	for (int i = 0; i < g->ngroups; i++) {
		const struct ev_group *a = &groups[i], *b = primary >= 0 ? &groups[primary] : NULL;
		if (!b || (a->indirect == 0 && b->indirect > 0) ||
		    ((a->indirect == 0) == (b->indirect == 0) &&
		     (a->k > b->k || (a->k == b->k && a->participants > b->participants))))
			primary = i;
	}
	if (primary >= 0) {
		g->has_primary = 1;
		g->primary = groups[primary];
	}

	/* 2. Downgrades. */
	for (int i = 0; i < n; i++)
		flag[i] = top[i] && links[i].rob == EV_ROB_HIGH;
	int rob = majority(links, n, top, flag, g->top_participants, buf, sizeof buf,
			   "from high risk-of-bias studies");
	add_step(g, "risk of bias", rob, rob ? -1 : 0, "risk of bias: %s%s", buf, rob ? ", over half" : "");

	const struct ev_group *hetero = NULL;
	for (int i = 0; i < g->ngroups; i++)
		if (groups[i].k > 1 && groups[i].pool.i2 > 50 && (!hetero || groups[i].pool.i2 > hetero->pool.i2))
			hetero = &groups[i];
	int both = g->top_supports && g->top_contradicts;
	if (both)
		snprintf(buf, sizeof buf, "top tier has %d supporting and %d contradicting link%s", g->top_supports,
			 g->top_contradicts, g->top_contradicts == 1 ? "" : "s");
	else if (hetero)
		snprintf(buf, sizeof buf, "pooled %s (%s, k=%d) has I2 = %s%% (> 50%%)", hetero->outcome[0] ? hetero->outcome : "estimate",
			 ev_measure_names[hetero->measure], hetero->k, ev_fmt_num(c1, sizeof c1, hetero->pool.i2, 3));
	else
		snprintf(buf, sizeof buf, "all top-tier links point the same way%s",
			 g->ngroups ? " and no pooled I2 exceeds 50%" : "");
	add_step(g, "inconsistency", both || hetero, both || hetero ? -1 : 0, "inconsistency: %s", buf);
	int inconsistent = both || hetero != NULL;
	free(groups); /* hetero pointed into it; only the flag is used below */

	for (int i = 0; i < n; i++)
		flag[i] = top[i] && links[i].indirect;
	int ind = majority(links, n, top, flag, g->top_participants, buf, sizeof buf, "from indirect links");
	add_step(g, "indirectness", ind, ind ? -1 : 0, "indirectness: %s%s", buf, ind ? ", over half" : "");

	int few = g->top_participants < MIN_PARTICIPANTS;
	int wide = 0;
	char est[160] = "";
	if (g->has_primary) {
		const struct ev_group *p = &g->primary;
		describe_estimate(est, sizeof est, p);
		wide = ev_meta_includes_null(p->measure, p->pool.ci_low, p->pool.ci_high);
	}
	if (few && wide)
		snprintf(buf, sizeof buf, "%s participants (< %d) and %s includes no effect",
			 ev_fmt_count(c1, sizeof c1, g->top_participants), MIN_PARTICIPANTS, est);
	else if (few && g->top_participants == 0)
		snprintf(buf, sizeof buf, "no participant numbers known in the top tier (taken as fewer than %d)",
			 MIN_PARTICIPANTS);
	else if (few)
		snprintf(buf, sizeof buf, "%s participants in the top tier (< %d)",
			 ev_fmt_count(c1, sizeof c1, g->top_participants), MIN_PARTICIPANTS);
	else if (wide)
		snprintf(buf, sizeof buf, "%s includes no effect", est);
	else if (g->has_primary)
		snprintf(buf, sizeof buf, "%s participants (>= %d) and %s excludes no effect",
			 ev_fmt_count(c1, sizeof c1, g->top_participants), MIN_PARTICIPANTS, est);
	else
		snprintf(buf, sizeof buf, "%s participants (>= %d); no top-tier estimate with a CI",
			 ev_fmt_count(c1, sizeof c1, g->top_participants), MIN_PARTICIPANTS);
	add_step(g, "imprecision", few || wide, few || wide ? -1 : 0, "imprecision: %s", buf);

	g->downgrades = rob + inconsistent + ind + (few || wide);
	int certainty = g->top_level - g->downgrades;
	if (certainty < 1)
		certainty = 1;

	/* 3. Upgrade: only an observational (level 2) top tier with no
	 * downgrades, for a large ratio effect whose CI excludes 1. */
	if (g->top_level == 2) {
		const struct ev_group *p = g->has_primary ? &g->primary : NULL;
		int up = 0;
		if (g->downgrades) {
			snprintf(buf, sizeof buf, "not considered: the top tier was downgraded");
		} else if (!p || !ev_measure_is_ratio(p->measure)) {
			snprintf(buf, sizeof buf, "not considered: no top-tier ratio estimate");
		} else {
			double e = p->pool.estimate;
			int excl = !ev_meta_includes_null(p->measure, p->pool.ci_low, p->pool.ci_high);
			if (excl && (e <= 0.2 || e >= 5))
				up = 2;
			else if (excl && (e <= 0.5 || e >= 2))
				up = 1;
			snprintf(buf, sizeof buf, "%s%s", est,
				 up == 2   ? " is a very large effect (<= 0.2 or >= 5)"
				 : up == 1 ? " is a large effect (<= 0.5 or >= 2)"
					   : " is not a large effect with a CI excluding 1");
		}
		g->upgrade = up;
		add_step(g, "large effect", up > 0, up, "upgrade for a large effect: %s", buf);
		certainty += up;
		if (certainty > 4)
			certainty = 4;
	}
	g->certainty = certainty;

	/* 4-5. Certainty and verdict. */
	g->verdict = g->top_supports && g->top_contradicts ? EV_MIXED
		     : g->top_supports			   ? EV_SUPPORTED
							   : EV_CONTRADICTED;
	add_step(g, "certainty", 1, 0, "certainty: level %d - %d downgrade%s%s%s%s = %d (%s); verdict %s",
		 g->top_level, g->downgrades, g->downgrades == 1 ? "" : "s",
		 g->top_level - g->downgrades < 1 ? " (not below 1)" : "", g->upgrade ? " + " : "",
		 g->upgrade ? ev_fmt_count(c2, sizeof c2, g->upgrade) : "", certainty, ev_certainty_name(certainty),
		 ev_verdict_names[g->verdict]);
	free(top);
}
