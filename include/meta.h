/*
 * meta.h: pooled effects. Inverse-variance meta-analysis as metafor's
 * rma(): a common-effect model or random effects with the DerSimonian-
 * Laird (default), REML or Paule-Mandel estimator of tau^2, z or
 * Hartung-Knapp-Sidik-Jonkman intervals, heterogeneity statistics with
 * Q-profile intervals, prediction intervals, and the analyses built on
 * pooling: leave-one-out, cumulative and subgroups. docs/meta-analysis.md
 * gives the formulas and sources. Pure: no I/O, no SQL; the functions
 * that need scratch space allocate and free it themselves.
 */
#ifndef EV_META_H
#define EV_META_H

#include "domain.h"

/* 1.959964: the 97.5th percentile of the standard normal, to the six
 * digits Cochrane and metafor use when turning a 95% CI into an SE. */
#define EV_Z95 1.959964

/* How tau^2 is estimated (metafor's method = "DL", "REML", "PM", "FE"). */
enum ev_tau2_method { EV_METHOD_DL, EV_METHOD_REML, EV_METHOD_PM, EV_METHOD_FE, EV_METHOD_COUNT };
/* How the pooled estimate's interval and test are made: normal (z), or
 * Hartung-Knapp-Sidik-Jonkman (metafor's test = "knha": t with k - 1 df
 * and a rescaled standard error, not truncated at 1). */
enum ev_ci_method { EV_CI_Z, EV_CI_HKSJ, EV_CI_COUNT };
/* NULL-terminated spellings for options and JSON: "dl", "reml", "pm",
 * "fe"; "z", "hksj". */
extern const char *const ev_tau2_method_names[];
extern const char *const ev_ci_method_names[];

struct ev_meta_opts {
	enum ev_tau2_method method;
	enum ev_ci_method ci;
};
/* DerSimonian-Laird with a z interval: what `evidence` always did. */
#define EV_META_OPTS_DEFAULT ((struct ev_meta_opts){EV_METHOD_DL, EV_CI_Z})

/* A pooled result. For ratio measures (RR, OR, HR) every field except
 * tau2, i2 and q is back on the ratio scale; tau2 stays on the log scale,
 * as metafor reports it. The members after q came with ev_meta_pool;
 * ev_meta_to_measure moves estimate, ci_*, pi_* and pi_t_* only. */
struct ev_pool {
	int k;           /* number of estimates pooled */
	double estimate; /* pooled estimate (random effects, or common effect for FE) */
	double se;       /* its standard error (analysis scale) */
	double ci_low, ci_high; /* 95% confidence interval */
	double pi_low, pi_high; /* 95% prediction interval: mu +- z*sqrt(se^2 + tau2) */
	double tau2;     /* between-study variance, by the chosen estimator (0 for FE) */
	double i2;       /* I^2 in percent: 100 tau2/(tau2 + s2), s2 the typical
			  * within-study variance; 100 (Q-df)/Q floored at 0 for DL and FE */
	double q;        /* Cochran's Q (fixed-effect weights) */
	enum ev_tau2_method method;
	enum ev_ci_method ci;
	int df;          /* k - 1, Q's degrees of freedom */
	double q_p;      /* P(chi2(df) > Q); 1 when k == 1 */
	double tau;      /* sqrt(tau2) */
	double h2;       /* H^2: tau2/s2 + 1 (Q/df for FE; 1 when k == 1) */
	double tau2_lo, tau2_hi; /* 95% Q-profile CI of tau2 (metafor's confint); NaN for FE or k < 2 */
	double i2_lo, i2_hi;     /* the same CI as I^2, in percent */
	double h2_lo, h2_hi;     /* and as H^2 */
	double stat;     /* test of the overall effect: estimate / se (z, or t for HKSJ) */
	double stat_p;   /* its two-sided p value */
	int stat_df;     /* 0 for z; k - 1 for HKSJ's t (0 when k == 1) */
	double hksj;     /* HKSJ's variance factor s2w (1 without HKSJ): se^2 = s2w / sum w */
	double pi_t_low, pi_t_high; /* 95% PI: mu +- t(k-2) sqrt(se^2 + tau2); NaN when k < 3.
				     * For FE both PIs are the CI. */
};

/* One subgroup analysis: the test for subgroup differences as RevMan and
 * the Cochrane Handbook (10.11.3.1) compute it. */
struct ev_subgroup_test {
	int groups;  /* subgroups with at least one effect */
	int df;      /* groups - 1 */
	double q;    /* sum (mu_g - mu)^2 / se_g^2, mu the fixed-effect mean of the mu_g */
	double p;    /* P(chi2(df) > q); NaN when df == 0 */
	double i2;   /* 100 (q - df) / q floored at 0, as RevMan prints it */
};

/* A meta-regression on one moderator: y_i = a + b x_i + u_i + e_i with
 * var(u_i) = tau2 and var(e_i) = v_i (metafor's rma(yi, vi, mods = x)). */
struct ev_metareg {
	int k;
	enum ev_tau2_method method;
	double tau2;          /* residual between-study variance */
	double intercept, intercept_se; /* a, its model-based (z) SE */
	double slope, slope_se;         /* b, its SE */
	double qe;            /* sum w (y - a - b x)^2 at the fitted tau2 */
	double qe0;           /* the same with tau2 = 0: the residual heterogeneity test's QE */
};

/* Converts an estimate and its 95% CI to the analysis scale: y is the
 * estimate (log for ratio measures) and se = (hi - lo) / (2 * 1.959964) on
 * that scale. Returns 0, or -1 when the inputs cannot be used (ratios
 * <= 0, an empty or inverted interval, non-finite values). */
int ev_meta_effect(enum ev_measure m, double est, double lo, double hi, double *y, double *se);

/* Pools k >= 1 effects y[i] with sampling variances v[i] > 0 on the
 * analysis scale, with o's estimator and interval (NULL: the default).
 * With k == 1 the result is the estimate itself with tau2 = 0 and a z
 * interval even under HKSJ, which has no degrees of freedom then (as
 * metafor). Every member of
 * *out is written. The z interval uses EV_Z95 as ev_meta_dl always did;
 * p values and t quantiles are exact (GSL). Returns 0, or -1 for k < 1, an
 * unusable y or v, or no memory. The result is on the analysis scale; see
 * ev_meta_to_measure. */
int ev_meta_pool(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out);

/* ev_meta_pool with standard errors and the default options (DL, z): the
 * function every caller used before ev_meta_pool, same results. */
int ev_meta_dl(const double *y, const double *se, int k, struct ev_pool *out);

/* Leave-one-out: out[i] is the pool of the k - 1 effects other than i
 * (metafor's leave1out). out holds k results. Returns 0, or -1 for k < 2,
 * unusable data or no memory. */
int ev_meta_leave1out(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out);

/* Cumulative meta-analysis in the order given (sort first, e.g. by year):
 * out[i] pools effects 0..i (metafor's cumul). out holds k results.
 * Returns 0, or -1 for k < 1, unusable data or no memory. */
int ev_meta_cumulative(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out);

/* Subgroups: effect i belongs to group[i] in 0..ngroups-1. Each group is
 * pooled on its own, with its own tau2, into pools[g] (pools[g].k == 0 and
 * the rest NaN for an empty group); then *test compares the groups' pooled
 * estimates with their standard errors by a fixed-effect Q (RevMan's test
 * for subgroup differences). Returns 0, or -1 for k < 1, ngroups < 1, a
 * group number out of range, unusable data or no memory. */
int ev_meta_subgroups(const double *y, const double *v, const int *group, int k, int ngroups,
		      const struct ev_meta_opts *o, struct ev_pool *pools, struct ev_subgroup_test *test);

/* Fits y = a + b x by weighted least squares with weights 1/(v_i +
 * tau2), tau2 estimated by m from the residuals (DL, REML, PM; 0 for FE)
 * as metafor's rma(mods = x) does. Trim-and-fill uses it (x = sqrt(v)) to
 * choose its side. Returns 0, or -1 for k < 3, unusable data, an x that
 * does not vary, or a failed root search. */
int ev_meta_regress(const double *y, const double *v, const double *x, int k, enum ev_tau2_method m,
		    struct ev_metareg *out);

/* Random-effects weights of k >= 1 effects with standard errors se[i] > 0
 * and between-study variance tau2 >= 0 (from ev_meta_dl): w_i = 1/(se_i^2
 * + tau2), written to pct[i] as percentages that sum to 100, as metafor's
 * weights() reports them for an rma model. Returns 0, or -1 for k < 1, an
 * unusable SE or a negative tau2. */
int ev_meta_weights(const double *se, int k, double tau2, double *pct);

/* Moves estimate, CI and both PIs of a pooled result from the analysis
 * scale to the measure's own scale (exp for ratio measures, identity
 * otherwise). */
void ev_meta_to_measure(enum ev_measure m, struct ev_pool *p);

/* True when an interval [lo, hi] on the measure's own scale includes the
 * value of no effect (1 for ratios, 0 for differences); inclusive. */
int ev_meta_includes_null(enum ev_measure m, double lo, double hi);

#endif
