/*
 * linkeffect.c: one effect per link, from raw data or from the published
 * estimate and CI.
 *
 * Raw data win when both are given: validation has checked that the
 * published values round to what the raw data give (validate.c), and the
 * raw data carry the exact variance where a CI carries it to the digits
 * it was printed with.
 */
#include "linkeffect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "effect.h"
#include "util.h"

const char EV_LINK_TOO_LARGE[] = "too large to pool (pooling takes effects and CI half-widths under 1e150 in size)";

/* The largest size of an effect or CI half-width pooled, on the analysis
 * scale. tau2 and Q grow as the square of the spread of the effects, so
 * effects near sqrt(DBL_MAX) = 1.3e154 give an infinite tau2 and a NaN
 * pooled result; 1e150 leaves room for the sums and is the forest plot's
 * limit too (svg.c), so no command pools what the plot cannot draw. */
#define POOL_LIMIT 1e150

/* 0 when y and v are an effect pooling can use; else -1 with *why. */
static int within_limit(double y, double v, const char **why)
{
	if (fabs(y) < POOL_LIMIT && EV_Z95 * sqrt(v) < POOL_LIMIT)
		return 0;
	*why = EV_LINK_TOO_LARGE;
	return -1;
}

int ev_link_measure_counts(enum ev_measure m) { return m == EV_RR || m == EV_OR || m == EV_RD; }

int ev_link_measure_means(enum ev_measure m) { return m == EV_MD || m == EV_SMD; }

int ev_link_raw_effect(const struct ev_link *l, double *y, double *v, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	if (l->has_counts) {
		struct ev_counts c = {l->events_treat, l->total_treat, l->events_control, l->total_control};
		enum ev_effect_note note = EV_EFFECT_OK;
		if (!ev_link_measure_counts(l->measure)) {
			*why = "counts give RR, OR or RD, not this measure";
			return -1;
		}
		if (ev_effect_counts(l->measure, &c, y, v, &note) != 0) {
			*why = "the counts cannot give an effect";
			return -1;
		}
		if (l->measure != EV_RD && note == EV_EFFECT_NO_EVENTS) {
			*why = l->measure == EV_RR ? "no events in either arm: not pooled for RR"
						   : "no events in either arm: not pooled for OR";
			return -1;
		}
		if (l->measure != EV_RD && note == EV_EFFECT_ALL_EVENTS) {
			*why = l->measure == EV_RR ? "every participant had the event in both arms: not pooled for RR"
						   : "every participant had the event in both arms: not pooled for OR";
			return -1;
		}
		if (note == EV_EFFECT_CORRECTED)
			*why = "0.5 added to every cell (a zero cell)";
		return 0;
	}
	if (l->has_means) {
		struct ev_means x = {l->mean_treat, l->sd_treat, l->total_treat, l->mean_control, l->sd_control,
				     l->total_control};
		if (!ev_link_measure_means(l->measure)) {
			*why = "means give MD or SMD, not this measure";
			return -1;
		}
		if (ev_effect_means(l->measure, &x, y, v) != 0) {
			*why = "the means and SDs cannot give an effect";
			return -1;
		}
		return 0;
	}
	*why = "no raw data";
	return -1;
}

int ev_link_effect(const struct ev_link *l, double *y, double *v, const char **why)
{
	const char *dummy;
	double se;
	if (!why)
		why = &dummy;
	*why = NULL;
	if (l->measure == EV_MEASURE_NONE) {
		*why = "no measure";
		return -1;
	}
	if (l->has_counts || l->has_means) {
		if (ev_link_raw_effect(l, y, v, why) != 0)
			return -1;
		return within_limit(*y, *v, why);
	}
	if (!l->has_estimate || !l->has_ci) {
		*why = l->has_estimate ? "no confidence interval" : "no estimate";
		return -1;
	}
	/* Import refuses what is not finite, an inverted CI and ratios not
	 * above 0, so a CI that fails here is one whose width is past the
	 * largest double (1e307 to 1.7e308): too large, as one whose
	 * variance or spread would overflow the sums (within_limit). */
	if (ev_meta_effect(l->measure, l->estimate, l->ci_low, l->ci_high, y, &se) != 0) {
		int sane = isfinite(l->estimate) && isfinite(l->ci_low) && isfinite(l->ci_high) && l->ci_low < l->ci_high &&
			   (!ev_measure_is_ratio(l->measure) || l->ci_low > 0);
		*why = sane ? EV_LINK_TOO_LARGE : "an unusable estimate or interval";
		return -1;
	}
	*v = se * se;
	return within_limit(*y, *v, why);
}

int ev_link_too_large(const struct ev_link *l)
{
	double y, v;
	const char *why = NULL;
	return ev_link_counts(l) && l->measure != EV_MEASURE_NONE && ev_link_effect(l, &y, &v, &why) != 0 &&
	       why == EV_LINK_TOO_LARGE;
}

void ev_link_interval(enum ev_measure m, double y, double v, double *est, double *lo, double *hi)
{
	double h = EV_Z95 * sqrt(v);
	*est = y;
	*lo = y - h;
	*hi = y + h;
	if (ev_measure_is_ratio(m)) {
		*est = exp(*est);
		*lo = exp(*lo);
		*hi = exp(*hi);
	}
}

void ev_link_raw_from_record(struct ev_link *l, const struct ev_record *r)
{
	static const char *const names[8] = {"events_treat", "total_treat", "events_control", "total_control",
					     "mean_treat",   "sd_treat",    "mean_control",   "sd_control"};
	double *to[8] = {&l->events_treat, &l->total_treat, &l->events_control, &l->total_control,
			 &l->mean_treat,   &l->sd_treat,    &l->mean_control,   &l->sd_control};
	int have[8];
	for (int i = 0; i < 8; i++) {
		const struct ev_value *x = ev_record_get(r, names[i]);
		have[i] = x->type != EV_V_NULL;
		*to[i] = x->type == EV_V_INT ? (double)x->i : x->type == EV_V_REAL ? x->d : 0;
	}
	l->has_counts = have[0] && have[1] && have[2] && have[3];
	l->has_means = have[1] && have[3] && have[4] && have[5] && have[6] && have[7];
}

void ev_link_complete(struct ev_link *l)
{
	double y, v;
	if (l->has_estimate || !(l->has_counts || l->has_means) || ev_link_raw_effect(l, &y, &v, NULL) != 0)
		return;
	ev_link_interval(l->measure, y, v, &l->estimate, &l->ci_low, &l->ci_high);
	l->has_estimate = l->has_ci = 1;
	l->computed = 1;
}

int ev_group_members(const struct ev_link *links, int n, const unsigned char *mask, const struct ev_group *g,
		     double *y, double *v, int *idx)
{
	/* Outcomes match by their key, as ev_group_links grouped them. */
	struct ev_buf gkey = EV_BUF_INIT, lkey = EV_BUF_INIT;
	ev_outcome_key(&gkey, g->outcome);
	int k = 0;
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &links[i];
		if ((mask && !mask[i]) || !ev_link_counts(l) || l->measure != g->measure)
			continue;
		const char *key = l->outcome_key;
		if (!key) {
			ev_buf_reset(&lkey);
			ev_outcome_key(&lkey, l->outcome);
			key = lkey.data;
		}
		if (strcmp(key, gkey.data) != 0 || ev_link_effect(l, &y[k], &v[k], NULL) != 0)
			continue;
		if (idx)
			idx[k] = i;
		k++;
	}
	ev_buf_free(&gkey);
	ev_buf_free(&lkey);
	return k;
}

int ev_group_pool(const struct ev_link *links, int n, const unsigned char *mask, struct ev_group *g,
		  const struct ev_meta_opts *o)
{
	if (!o || (o->method == EV_METHOD_DL && o->ci == EV_CI_Z) || g->k < 2)
		return 0;
	double *y = ev_xcalloc((size_t)n + 1, 2 * sizeof *y), *v = y + n + 1;
	struct ev_pool p;
	int k = ev_group_members(links, n, mask, g, y, v, NULL), rc = -1;
	if (k == g->k && ev_meta_pool(y, v, k, o, &p) == 0) {
		ev_meta_to_measure(g->measure, &p);
		g->pool = p;
		rc = 0;
	}
	free(y);
	return rc;
}

int ev_pooled_groups(const struct ev_link *links, int n, const struct ev_meta_opts *o, struct ev_group *out)
{
	int ng = ev_group_links(links, n, NULL, out), np = 0;
	for (int i = 0; i < ng; i++)
		if (out[i].k > 1) {
			ev_group_pool(links, n, NULL, &out[i], o);
			out[np++] = out[i];
		}
	return np;
}
