/*
 * bias.h: small-study effects. Egger's regression test and Duval &
 * Tweedie's trim-and-fill, as metafor's regtest(model = "lm") and
 * trimfill() compute them. Pure: no I/O, no SQL; trim-and-fill allocates
 * the filled studies (ev_trimfill_free).
 */
#ifndef EV_BIAS_H
#define EV_BIAS_H

#include "meta.h"

/* Egger's test: the weighted regression y_i = b0 + b1 se_i with weights
 * 1/v_i and a residual variance estimated from the data (lm()). b1 is the
 * classic Egger intercept (the regression of y/se on 1/se), b0 the
 * "limit estimate" for a study of infinite precision. */
struct ev_egger {
	int k;
	int df;            /* k - 2 */
	double intercept;  /* Egger's bias coefficient: b1, metafor's coefficient on sei */
	double se;         /* its standard error */
	double stat;       /* t = intercept / se on df */
	double p;          /* two-sided */
	double limit;      /* b0: metafor's limit estimate (analysis scale) */
	double limit_se;   /* its standard error */
	double limit_lo, limit_hi; /* b0 +- t(df) limit_se */
};

/* Egger's regression test on k effects y with variances v > 0. Returns 0,
 * or -1 when k < 3, the data are unusable, or all SEs are equal (no
 * regression). */
int ev_meta_egger(const double *y, const double *v, int k, struct ev_egger *out);

/* Trim-and-fill (Duval & Tweedie 2000) with the L0 estimator, as
 * metafor's trimfill(): */
struct ev_trimfill {
	int k0;            /* studies filled */
	double se_k0;      /* the L0 estimator's standard error */
	int side;          /* where studies were missing: -1 left (below the
			    * estimate), +1 right; chosen as metafor does, by the
			    * sign of the slope of y on sqrt(v) (left when all
			    * SEs are equal, where metafor stops) */
	struct ev_pool filled; /* the k + k0 studies pooled with the same options */
	double *y, *v;     /* the k0 filled effects (mirror images about the
			    * trimmed estimate) and their variances; NULL when k0 == 0 */
	int *from;         /* for each filled effect, the index of the study it mirrors */
};

/* Trim-and-fill on k effects with the estimator and interval of o (NULL:
 * DL, z). The trimmed pools use o's estimator as metafor's do; the final
 * pool uses all of o (metafor 3.8 re-pools with z whatever the model's
 * test). On success *out owns y, v and from: free with ev_trimfill_free.
 * Returns 0, or -1 for k < 3, unusable data, no convergence in 100
 * iterations or no memory (then nothing needs freeing). */
int ev_meta_trimfill(const double *y, const double *v, int k, const struct ev_meta_opts *o,
		     struct ev_trimfill *out);

/* Frees what ev_meta_trimfill allocated; NULL members are fine. */
void ev_trimfill_free(struct ev_trimfill *t);

#endif
