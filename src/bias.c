/*
 * bias.c: Egger's regression test and trim-and-fill.
 *
 * Egger et al. (1997) regress the standard normal deviate y/se on the
 * precision 1/se; metafor's regtest(model = "lm") fits the equivalent
 * weighted regression y = b0 + b1 se with weights 1/v, whose b1 is Egger's
 * intercept and b0 the effect expected in an infinitely large study. Its
 * standard errors use the residual variance (a multiplicative dispersion),
 * so the test is a t test on k - 2 df.
 *
 * Trim-and-fill follows Duval & Tweedie (2000) with the L0 estimator in
 * the steps metafor's trimfill() takes: flip the effects if the missing
 * side is the right, sort, and until k0 settles: pool the k - k0 smallest,
 * rank |y - mu|, S = sum of the ranks of the effects above mu, k0 =
 * round((4 S - k(k+1)) / (2k - 1)), floored at 0. The k0 largest are then
 * mirrored about the last trimmed estimate and everything is pooled.
 */
#include "bias.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

int ev_meta_egger(const double *y, const double *v, int k, struct ev_egger *out)
{
	if (k < 3)
		return -1;
	double sw = 0, swx = 0, swy = 0;
	for (int i = 0; i < k; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]) || !isfinite(y[i]))
			return -1;
		double w = 1 / v[i];
		sw += w;
		swx += w * sqrt(v[i]);
		swy += w * y[i];
	}
	double xbar = swx / sw, ybar = swy / sw, sxx = 0, sxy = 0;
	for (int i = 0; i < k; i++) {
		double w = 1 / v[i], dx = sqrt(v[i]) - xbar;
		sxx += w * dx * dx;
		sxy += w * dx * (y[i] - ybar);
	}
	if (!(sxx > 0))
		return -1;
	double b1 = sxy / sxx, b0 = ybar - b1 * xbar, rss = 0;
	for (int i = 0; i < k; i++) {
		double e = y[i] - b0 - b1 * sqrt(v[i]);
		rss += e * e / v[i];
	}
	gsl_set_error_handler_off();
	int df = k - 2;
	double s2 = rss / df; /* lm()'s residual variance */
	out->k = k;
	out->df = df;
	out->intercept = b1;
	out->se = sqrt(s2 / sxx);
	out->stat = b1 / out->se;
	out->p = 2 * gsl_cdf_tdist_Q(fabs(out->stat), df);
	out->limit = b0;
	out->limit_se = sqrt(s2 * (1 / sw + xbar * xbar / sxx));
	double t = gsl_cdf_tdist_Qinv(0.025, df);
	out->limit_lo = b0 - t * out->limit_se;
	out->limit_hi = b0 + t * out->limit_se;
	return 0;
}

void ev_trimfill_free(struct ev_trimfill *t)
{
	free(t->y);
	free(t->v);
	free(t->from);
	t->y = t->v = NULL;
	t->from = NULL;
}

/* The sort keys of trim-and-fill: a value and the position it came from,
 * which breaks ties (R's sort and rank(ties.method = "first") keep the
 * original order). */
struct key {
	double x;
	int i;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

int ev_meta_trimfill(const double *y, const double *v, int k, const struct ev_meta_opts *o,
		     struct ev_trimfill *out)
{
	struct ev_meta_opts def = EV_META_OPTS_DEFAULT;
	if (!o)
		o = &def;
	if (k < 3)
		return -1;
	*out = (struct ev_trimfill){0};
	int rc = -1;
	double *ys = NULL, *vs = NULL, *sqv = NULL, *ally = NULL, *allv = NULL;
	int *idx = NULL;
	struct key *keys = NULL;
	struct ev_metareg reg;
	struct ev_pool p;

	ys = malloc((size_t)k * sizeof *ys);
	vs = malloc((size_t)k * sizeof *vs);
	sqv = malloc((size_t)k * sizeof *sqv);
	idx = malloc((size_t)k * sizeof *idx);
	keys = malloc((size_t)k * sizeof *keys);
	ally = malloc((size_t)2 * k * sizeof *ally);
	allv = malloc((size_t)2 * k * sizeof *allv);
	if (!ys || !vs || !sqv || !idx || !keys || !ally || !allv)
		goto done;

	/* The side: where the funnel is thin. A positive slope of y on
	 * sqrt(v) (small studies show larger effects) means studies are
	 * missing on the left. */
	int varies = 0;
	for (int i = 0; i < k; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]) || !isfinite(y[i]))
			goto done;
		sqv[i] = sqrt(v[i]);
		varies |= sqv[i] != sqv[0];
	}
	/* Equal SEs leave no slope (metafor stops there); the funnel is then
	 * taken as missing on the left, metafor's choice for a slope >= 0. */
	reg.slope = 0;
	if (varies && ev_meta_regress(y, v, sqv, k, o->method, &reg) != 0)
		goto done;
	int side = reg.slope < 0 ? 1 : -1;
	double flip = side > 0 ? -1 : 1;

	for (int i = 0; i < k; i++)
		keys[i] = (struct key){flip * y[i], i};
	qsort(keys, (size_t)k, sizeof *keys, cmp_key);
	for (int i = 0; i < k; i++) {
		idx[i] = keys[i].i;
		ys[i] = keys[i].x;
		vs[i] = v[idx[i]];
	}

	struct ev_meta_opts trim = {o->method, EV_CI_Z};
	int k0 = 0, k0_prev = -1, iter = 0;
	double mu = 0, se_k0 = 0;
	while (k0 != k0_prev) {
		if (++iter > 100)
			goto done;
		k0_prev = k0;
		if (ev_meta_pool(ys, vs, k - k0, &trim, &p) != 0)
			goto done;
		mu = p.estimate;
		/* Ranks of |y - mu| (ties in sorted order), summed over y > mu. */
		for (int i = 0; i < k; i++)
			keys[i] = (struct key){fabs(ys[i] - mu), i};
		qsort(keys, (size_t)k, sizeof *keys, cmp_key);
		double sr = 0;
		for (int r = 0; r < k; r++)
			if (ys[keys[r].i] - mu > 0)
				sr += r + 1;
		double kk = k, est = (4 * sr - kk * (kk + 1)) / (2 * kk - 1);
		double var = (kk * (kk + 1) * (2 * kk + 1) + 10 * est * est * est + 27 * est * est + 17 * est -
			      18 * kk * est * est - 18 * kk * est + 6 * kk * kk * est) /
			     24;
		se_k0 = 4 * sqrt(var) / (2 * kk - 1);
		if (!(se_k0 >= 0))
			se_k0 = 0;
		/* R's round() goes to the even neighbour on a tie; nearbyint
		 * in the default rounding mode does the same. */
		est = nearbyint(est);
		k0 = est > 0 ? (int)est : 0;
		if (k0 > k - 1) /* keep one study to pool */
			k0 = k - 1;
	}

	for (int i = 0; i < k; i++)
		ally[i] = y[i], allv[i] = v[i];
	if (k0 > 0) {
		out->y = malloc((size_t)k0 * sizeof *out->y);
		out->v = malloc((size_t)k0 * sizeof *out->v);
		out->from = malloc((size_t)k0 * sizeof *out->from);
		if (!out->y || !out->v || !out->from)
			goto done;
		for (int j = 0; j < k0; j++) {
			int s = k - k0 + j;
			/* Mirror about mu on the flipped scale, then flip back. */
			out->y[j] = flip * (2 * mu - ys[s]);
			out->v[j] = vs[s];
			out->from[j] = idx[s];
			ally[k + j] = out->y[j];
			allv[k + j] = out->v[j];
		}
	}
	if (ev_meta_pool(ally, allv, k + k0, o, &out->filled) != 0)
		goto done;
	out->k0 = k0;
	out->se_k0 = se_k0;
	out->side = side;
	rc = 0;
done:
	if (rc != 0)
		ev_trimfill_free(out);
	free(ys);
	free(vs);
	free(sqv);
	free(idx);
	free(keys);
	free(ally);
	free(allv);
	return rc;
}
