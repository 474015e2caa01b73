/*
 * meta.h: pooled effects. Inverse-variance random-effects meta-analysis
 * with the DerSimonian-Laird estimator of tau^2, as metafor's
 * rma(method = "DL"). Pure: no I/O, no SQL, no allocation.
 */
#ifndef EV_META_H
#define EV_META_H

#include "domain.h"

/* 1.959964: the 97.5th percentile of the standard normal, to the six
 * digits Cochrane and metafor use when turning a 95% CI into an SE. */
#define EV_Z95 1.959964

/* A pooled result. For ratio measures (RR, OR, HR) every field except
 * tau2, i2 and q is back on the ratio scale; tau2 stays on the log scale,
 * as metafor reports it. */
struct ev_pool {
	int k;           /* number of estimates pooled */
	double estimate; /* random-effects estimate */
	double se;       /* its standard error (analysis scale) */
	double ci_low, ci_high; /* 95% confidence interval */
	double pi_low, pi_high; /* 95% prediction interval: mu +- z*sqrt(se^2 + tau2) */
	double tau2;     /* between-study variance (DL) */
	double i2;       /* 100*(Q-df)/Q floored at 0, in percent */
	double q;        /* Cochran's Q */
};

/* Converts an estimate and its 95% CI to the analysis scale: y is the
 * estimate (log for ratio measures) and se = (hi - lo) / (2 * 1.959964) on
 * that scale. Returns 0, or -1 when the inputs cannot be used (ratios
 * <= 0, an empty or inverted interval, non-finite values). */
int ev_meta_effect(enum ev_measure m, double est, double lo, double hi, double *y, double *se);

/* Pools k >= 1 effects y[i] with standard errors se[i] > 0 on the analysis
 * scale (DerSimonian-Laird). With k == 1 the result is the estimate itself
 * with tau2 = 0. Returns 0, or -1 for k < 1 or an unusable SE. The result
 * is on the analysis scale; see ev_meta_to_measure. */
int ev_meta_dl(const double *y, const double *se, int k, struct ev_pool *out);

/* Random-effects weights of k >= 1 effects with standard errors se[i] > 0
 * and between-study variance tau2 >= 0 (from ev_meta_dl): w_i = 1/(se_i^2
 * + tau2), written to pct[i] as percentages that sum to 100, as metafor's
 * weights() reports them for an rma model. Returns 0, or -1 for k < 1, an
 * unusable SE or a negative tau2. */
int ev_meta_weights(const double *se, int k, double tau2, double *pct);

/* Moves estimate, CI and PI of a pooled result from the analysis scale to
 * the measure's own scale (exp for ratio measures, identity otherwise). */
void ev_meta_to_measure(enum ev_measure m, struct ev_pool *p);

/* True when an interval [lo, hi] on the measure's own scale includes the
 * value of no effect (1 for ratios, 0 for differences); inclusive. */
int ev_meta_includes_null(enum ev_measure m, double lo, double hi);

#endif
