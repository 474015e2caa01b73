/*
 * effect.c: effect sizes from raw data, following metafor's escalc() so
 * that a study entered as counts or means gives the same numbers as R.
 *
 * Zero cells: a log ratio of a table with a zero cell is infinite, so
 * metafor and RevMan add 0.5 to all four cells of such a study (and only
 * of such a study). escalc does the same for RD, so we do too, although
 * RevMan computes RD from the raw counts; the difference matters only for
 * zero-cell studies and the docs say so.
 */
#include "effect.h"

#include <math.h>

const char *const ev_effect_note_names[] = {"ok", "corrected", "no-events", "all-events", NULL};

/* A count: finite, >= 0 and a whole number (a fractional count means a
 * column mix-up, not a trial). */
static int is_count(double x) { return isfinite(x) && x >= 0 && x == floor(x); }

int ev_effect_counts(enum ev_measure m, const struct ev_counts *c, double *yi, double *vi,
		     enum ev_effect_note *note)
{
	if (m != EV_RR && m != EV_OR && m != EV_RD)
		return -1;
	double a = c->events_treat, n1 = c->total_treat, cc = c->events_control, n2 = c->total_control;
	if (!is_count(a) || !is_count(n1) || !is_count(cc) || !is_count(n2) || a > n1 || cc > n2 || n1 < 1 ||
	    n2 < 1)
		return -1;
	double b = n1 - a, d = n2 - cc;
	enum ev_effect_note why = EV_EFFECT_OK;
	if (a == 0 && cc == 0)
		why = EV_EFFECT_NO_EVENTS;
	else if (b == 0 && d == 0)
		why = EV_EFFECT_ALL_EVENTS;
	else if (a == 0 || b == 0 || cc == 0 || d == 0)
		why = EV_EFFECT_CORRECTED;
	if (why != EV_EFFECT_OK) {
		a += 0.5, b += 0.5, cc += 0.5, d += 0.5;
		n1 = a + b, n2 = cc + d;
	}
	double p1 = a / n1, p2 = cc / n2;
	switch (m) {
	case EV_RR:
		*yi = log(p1) - log(p2);
		*vi = 1 / a - 1 / n1 + 1 / cc - 1 / n2;
		break;
	case EV_OR:
		*yi = log(p1 / (1 - p1)) - log(p2 / (1 - p2));
		*vi = 1 / a + 1 / b + 1 / cc + 1 / d;
		break;
	default: /* EV_RD, "LS" variance */
		*yi = p1 - p2;
		*vi = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2;
		break;
	}
	if (note)
		*note = why;
	return 0;
}

/* Hedges' exact correction factor for m degrees of freedom, through
 * lgamma: the gammas overflow a double from m of about 340 on. */
static double hedges_c(double m) { return exp(lgamma(m / 2) - log(sqrt(m / 2)) - lgamma((m - 1) / 2)); }

int ev_effect_means(enum ev_measure m, const struct ev_means *x, double *yi, double *vi)
{
	double m1 = x->mean_treat, s1 = x->sd_treat, n1 = x->total_treat;
	double m2 = x->mean_control, s2 = x->sd_control, n2 = x->total_control;
	if (!isfinite(m1) || !isfinite(m2) || !isfinite(s1) || !isfinite(s2) || !isfinite(n1) || !isfinite(n2) ||
	    s1 < 0 || s2 < 0 || n1 < 1 || n2 < 1)
		return -1;
	if (m == EV_MD) {
		double v = s1 * s1 / n1 + s2 * s2 / n2;
		if (!(v > 0))
			return -1;
		*yi = m1 - m2;
		*vi = v;
		return 0;
	}
	if (m != EV_SMD)
		return -1;
	double df = n1 + n2 - 2;
	if (!(df > 1)) /* c(m) needs Gamma((m-1)/2) with m > 1, as metafor's .cmicalc */
		return -1;
	double sp = sqrt(((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / df);
	if (!(sp > 0) || !isfinite(sp))
		return -1;
	double g = hedges_c(df) * (m1 - m2) / sp;
	*yi = g;
	*vi = 1 / n1 + 1 / n2 + g * g / (2 * (n1 + n2));
	return 0;
}
