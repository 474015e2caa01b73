/*
 * meta.c: inverse-variance pooling, as metafor's rma() computes it.
 *
 * For effects y_i with sampling variances v_i and a between-study
 * variance t (tau^2), the weights are w_i(t) = 1/(v_i + t), the pooled
 * mean mu(t) = sum w_i y_i / sum w_i with se = sqrt(1/sum w_i), and the
 * generalised Q is Q(t) = sum w_i(t) (y_i - mu(t))^2; Cochran's Q is Q(0).
 *   DL   (DerSimonian & Laird 1986): tau2 = max(0, (Q - (k-1)) / C),
 *        C = sum w - sum w^2 / sum w at t = 0.
 *   PM   (Paule & Mandel 1982): the t >= 0 with Q(t) = k - 1 (0 when Q(0)
 *        is below k - 1).
 *   REML (Viechtbauer 2005): the root of the restricted likelihood's
 *        score, sum w_i^2 (y_i - mu)^2 = tr(P), P = W - w w' / sum w
 *        (tr P = C at t); 0 when the score is negative at 0.
 *   FE   tau2 = 0.
 * metafor finds PM and the Q-profile bounds by uniroot() and REML by
 * Fisher scoring, both to loose default tolerances (about 1e-4 and 1e-5);
 * here GSL's Brent solver goes to machine precision, so the numbers are
 * those metafor gives with a tight control = list(tol, threshold).
 *
 * C (and tr P) is computed as 2 sum_{i<j} w_i w_j / sum w, a sum of
 * positive terms, wherever the textbook sum w - sum w^2 / sum w would
 * lose digits: that cancels to 0 when one weight dominates (variances
 * 1e30 apart), which lost tau2 entirely (see fit_at).
 */
#include "meta.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

const char *const ev_tau2_method_names[] = {"dl", "reml", "pm", "fe", NULL};
const char *const ev_ci_method_names[] = {"z", "hksj", NULL};

int ev_meta_effect(enum ev_measure m, double est, double lo, double hi, double *y, double *se)
{
	if (!isfinite(est) || !isfinite(lo) || !isfinite(hi) || !(lo < hi))
		return -1;
	if (ev_measure_is_ratio(m)) {
		if (est <= 0 || lo <= 0 || hi <= 0)
			return -1;
		*y = log(est);
		*se = (log(hi) - log(lo)) / (2 * EV_Z95);
	} else {
		*y = est;
		*se = (hi - lo) / (2 * EV_Z95);
	}
	return *se > 0 && isfinite(*se) ? 0 : -1;
}

struct data {
	const double *y, *v;
	const double *x; /* a moderator (ev_meta_regress), or NULL */
	int k;
	double target; /* what a root finder solves Q(t) = target for */
};

/* The model's sums at tau2 = t. */
struct fit {
	double sw;  /* sum w */
	double mu;  /* weighted mean */
	double q;   /* sum w (y - mu)^2 */
	double trp; /* tr P = sum w - sum w^2 / sum w, without cancellation */
	double ypy; /* y'PPy = sum w^2 (y - mu)^2, for the REML score */
	double b, sxx, xbar; /* with a moderator: slope, sum w (x - xbar)^2, xbar */
};

static void fit_at(const struct data *d, double t, struct fit *f)
{
	/* cross = sum_j w_j sum_{i<j} w_i: all terms positive. */
	double sw = 0, sw2 = 0, swy = 0, cross = 0;
	for (int i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + t);
		cross += w * sw;
		sw += w;
		sw2 += w * w;
		swy += w * d->y[i];
	}
	double mu = swy / sw, q = 0, ypy = 0;
	for (int i = 0; i < d->k; i++) {
		double e = d->y[i] - mu, r = e / (d->v[i] + t);
		q += e * e / (d->v[i] + t);
		ypy += r * r;
	}
	f->sw = sw;
	f->mu = mu;
	f->q = q;
	f->ypy = ypy;
	/* The textbook form loses about log10(sw / trp) digits: where that is
	 * under 4 (an error below 2e-12) it is kept, so that DL results print
	 * to the last of their 15 digits as before the robust form came;
	 * beyond, the cancellation-free form. */
	double textbook = sw - sw2 / sw, robust = 2 * cross / sw;
	f->trp = textbook >= 1e-4 * sw ? textbook : robust;
}

/* fit_at for the model y = a + b x: weighted least squares with the
 * moderator centred at its weighted mean, where M = X'WX is diagonal, so
 * tr P = (sum w - sum w^2/sum w) - sum w^2 (x - xbar)^2 / sxx, and mu is
 * the intercept a (the mean where x = 0). */
static void fit_reg_at(const struct data *d, double t, struct fit *f)
{
	double sw = 0, swx = 0, swy = 0, cross = 0;
	for (int i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + t);
		cross += w * sw;
		sw += w;
		swx += w * d->x[i];
		swy += w * d->y[i];
	}
	double xbar = swx / sw, ybar = swy / sw, sxx = 0, sxy = 0, sw2x = 0;
	for (int i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + t), dx = d->x[i] - xbar;
		sxx += w * dx * dx;
		sxy += w * dx * (d->y[i] - ybar);
		sw2x += w * w * dx * dx;
	}
	double b = sxy / sxx, q = 0, ypy = 0;
	for (int i = 0; i < d->k; i++) {
		double w = 1 / (d->v[i] + t), e = d->y[i] - ybar - b * (d->x[i] - xbar);
		q += w * e * e;
		ypy += w * w * e * e;
	}
	f->sw = sw;
	f->b = b;
	f->sxx = sxx;
	f->xbar = xbar;
	f->mu = ybar - b * xbar;
	f->q = q;
	f->ypy = ypy;
	f->trp = 2 * cross / sw - sw2x / sxx;
}

static void fit(const struct data *d, double t, struct fit *f)
{
	if (d->x)
		fit_reg_at(d, t, f);
	else
		fit_at(d, t, f);
}

static double q_minus_target(double t, void *arg)
{
	struct fit f;
	fit(arg, t, &f);
	return f.q - ((struct data *)arg)->target;
}

static double reml_score(double t, void *arg)
{
	struct fit f;
	fit(arg, t, &f);
	return f.ypy - f.trp;
}

/* Brent's method on [lo, hi], where F changes sign, to machine precision.
 * Returns 0, or -1 when GSL refuses the bracket. */
static int brent(gsl_function *F, double lo, double hi, double *root)
{
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!s)
		return -1;
	int rc = -1;
	if (gsl_root_fsolver_set(s, F, lo, hi) == GSL_SUCCESS) {
		for (int iter = 0; iter < 500; iter++) {
			if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
				break;
			double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
			if (gsl_root_test_interval(a, b, 0, 4 * DBL_EPSILON) == GSL_SUCCESS || a == b)
				break;
		}
		/* Brent's last iterate is within a few ulps even when the
		 * interval test cannot be met in floating point. */
		*root = gsl_root_fsolver_root(s);
		rc = isfinite(*root) ? 0 : -1;
	}
	gsl_root_fsolver_free(s);
	return rc;
}

/* The root in (0, inf) of a function of t that is positive at 0 and
 * negative for large t (Q(t) - target decreases towards -target; the REML
 * score behaves like (SS/t - (k-1))/t). The upper end of the bracket
 * starts at 100, as metafor's tau2.max, and grows tenfold until the sign
 * changes, where metafor would stop at its bound. Returns 0, or -1 when no
 * sign change is found below 1e300 or GSL fails. */
static int solve(double (*fn)(double, void *), struct data *d, double *root)
{
	double hi = 100;
	while (fn(hi, d) > 0) {
		hi *= 10;
		if (hi > 1e300)
			return -1;
	}
	gsl_function F = {fn, d};
	return brent(&F, 0, hi, root);
}

struct chisq_arg {
	double df, p;
};

static double chisq_p_minus(double x, void *arg)
{
	const struct chisq_arg *a = arg;
	return gsl_cdf_chisq_P(x, a->df) - a->p;
}

/* The quantile of chi-square(df) with lower tail p. GSL's inverse goes
 * wrong for large df (for 1e5 df it puts the 97.5th percentile at 132866,
 * where R's qchisq gives 100878; from about 2e5 df it returns NaN), while
 * its CDF stays accurate: so the inverse's answer is checked on the CDF
 * and, where it fails, the quantile is found by Brent's method on the CDF
 * between df -+ 10 sd (sd = sqrt(2 df)), widened as needed. NaN when even
 * that fails. */
static double chisq_quantile(double p, double df)
{
	double x = gsl_cdf_chisq_Pinv(p, df);
	if (isfinite(x) && fabs(gsl_cdf_chisq_P(x, df) - p) <= 1e-12)
		return x;
	struct chisq_arg a = {df, p};
	gsl_function F = {chisq_p_minus, &a};
	double sd = sqrt(2 * df), lo = fmax(0, df - 10 * sd), hi = df + 10 * sd;
	while (lo > 0 && chisq_p_minus(lo, &a) > 0)
		lo = fmax(0, lo - 10 * sd);
	while (chisq_p_minus(hi, &a) < 0 && hi < 1e300)
		hi *= 2;
	return brent(&F, lo, hi, &x) == 0 ? x : NAN;
}

/* The t with Q(t) = target, 0 when Q(0) <= target (Q decreases in t). */
static int q_root(struct data *d, double q0, double target, double *t)
{
	if (q0 <= target) {
		*t = 0;
		return 0;
	}
	d->target = target;
	return solve(q_minus_target, d, t);
}

static int estimate_tau2(struct data *d, enum ev_tau2_method m, const struct fit *f0, double *tau2)
{
	int df = d->k - (d->x ? 2 : 1);
	*tau2 = 0;
	if (df < 1 || m == EV_METHOD_FE)
		return 0;
	switch (m) {
	case EV_METHOD_DL:
		*tau2 = f0->trp > 0 ? (f0->q - df) / f0->trp : 0;
		if (*tau2 < 0)
			*tau2 = 0;
		return 0;
	case EV_METHOD_PM:
		return q_root(d, f0->q, df, tau2);
	case EV_METHOD_REML:
		if (f0->ypy - f0->trp <= 0)
			return 0;
		return solve(reml_score, d, tau2);
	default:
		return -1;
	}
}

int ev_meta_pool(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out)
{
	struct ev_meta_opts def = EV_META_OPTS_DEFAULT;
	if (!o)
		o = &def;
	if (k < 1 || o->method < 0 || o->method >= EV_METHOD_COUNT || o->ci < 0 || o->ci >= EV_CI_COUNT)
		return -1;
	for (int i = 0; i < k; i++)
		if (!(v[i] > 0) || !isfinite(v[i]) || !isfinite(y[i]))
			return -1;
	/* GSL's default error handler aborts; a bad input must be a -1 here,
	 * never the end of the process. */
	gsl_set_error_handler_off();

	struct data d = {y, v, NULL, k, 0};
	struct fit f0, f;
	double tau2, nan = NAN;
	int df = k - 1;
	fit_at(&d, 0, &f0);
	if (estimate_tau2(&d, o->method, &f0, &tau2) != 0)
		return -1;
	fit_at(&d, tau2, &f);

	out->k = k;
	out->method = o->method;
	out->ci = o->ci;
	out->df = df;
	out->estimate = f.mu;
	out->tau2 = tau2;
	out->tau = sqrt(tau2);
	out->q = k > 1 ? f0.q : 0;
	out->q_p = k > 1 ? gsl_cdf_chisq_Q(out->q, df) : 1;

	/* s2 = (k-1)/tr P: the "typical" within-study variance of Higgins &
	 * Thompson (2002), metafor's vt. */
	double s2 = k > 1 ? df / f0.trp : 0;
	if (k < 2) {
		out->i2 = 0;
		out->h2 = 1;
	} else if (o->method == EV_METHOD_DL || o->method == EV_METHOD_FE) {
		/* Equal to 100 tau2/(tau2 + s2) for DL, and kept in this form
		 * so that DL results do not move by a rounding. */
		out->i2 = out->q > 0 && out->q > df ? 100 * (out->q - df) / out->q : 0;
		out->h2 = o->method == EV_METHOD_FE ? out->q / df : tau2 / s2 + 1;
	} else {
		out->i2 = 100 * tau2 / (s2 + tau2);
		out->h2 = tau2 / s2 + 1;
	}

	/* Q-profile CI of tau2 (Viechtbauer 2007), as metafor's confint():
	 * the t where Q(t) crosses chi2 quantiles 0.975 and 0.025. */
	out->tau2_lo = out->tau2_hi = out->i2_lo = out->i2_hi = out->h2_lo = out->h2_hi = nan;
	if (k > 1 && o->method != EV_METHOD_FE) {
		double crit_u = chisq_quantile(0.975, df), crit_l = chisq_quantile(0.025, df);
		double lo, hi;
		if (q_root(&d, f0.q, crit_l, &hi) == 0 && q_root(&d, f0.q, crit_u, &lo) == 0) {
			out->tau2_lo = lo;
			out->tau2_hi = hi;
			out->i2_lo = 100 * lo / (s2 + lo);
			out->i2_hi = 100 * hi / (s2 + hi);
			out->h2_lo = lo / s2 + 1;
			out->h2_hi = hi / s2 + 1;
		}
	}

	/* HKSJ (Hartung & Knapp 2001, Sidik & Jonkman 2002): the variance
	 * scaled by s2w = Q(tau2)/(k-1), t with k-1 df. Like metafor's
	 * test = "knha", s2w is not truncated at 1, so the interval can be
	 * narrower than the z one when the studies agree more than their
	 * variances predict (Knapp & Hartung 2003 and Roever et al. 2015
	 * discuss the truncated variant). */
	double crit;
	out->hksj = 1;
	out->se = sqrt(1 / f.sw);
	if (o->ci == EV_CI_HKSJ && k > 1) {
		/* With one study HKSJ has no degrees of freedom; metafor then
		 * falls back to the z interval, and so do we. */
		out->stat_df = df;
		out->hksj = f.q <= DBL_EPSILON ? 0 : f.q / df;
		out->se = sqrt(out->hksj / f.sw);
		crit = gsl_cdf_tdist_Qinv(0.025, df);
	} else {
		out->stat_df = 0;
		crit = EV_Z95;
	}
	out->ci_low = out->estimate - crit * out->se;
	out->ci_high = out->estimate + crit * out->se;
	out->stat = out->estimate / out->se;
	out->stat_p = out->stat_df > 0 ? 2 * gsl_cdf_tdist_Q(fabs(out->stat), df) : 2 * gsl_cdf_ugaussian_Q(fabs(out->stat));

	/* Prediction intervals for the effect in a new study: today's z
	 * interval, and the t(k-2) one of Higgins et al. (2009) that the
	 * Cochrane Handbook (10.10.4.3) gives. Both use the se above. */
	double pse = sqrt(out->se * out->se + tau2);
	out->pi_low = out->estimate - EV_Z95 * pse;
	out->pi_high = out->estimate + EV_Z95 * pse;
	if (o->method == EV_METHOD_FE) {
		/* No between-study variance: a new study's true effect is the
		 * common effect, so both intervals are the CI. */
		out->pi_low = out->pi_t_low = out->ci_low;
		out->pi_high = out->pi_t_high = out->ci_high;
	} else if (k >= 3) {
		double tq = gsl_cdf_tdist_Qinv(0.025, k - 2);
		out->pi_t_low = out->estimate - tq * pse;
		out->pi_t_high = out->estimate + tq * pse;
	} else {
		out->pi_t_low = out->pi_t_high = nan;
	}
	return 0;
}

int ev_meta_dl(const double *y, const double *se, int k, struct ev_pool *out)
{
	if (k < 1)
		return -1;
	double *v = malloc((size_t)k * sizeof *v);
	if (!v)
		return -1;
	int rc = 0;
	for (int i = 0; i < k && rc == 0; i++) {
		if (!(se[i] > 0) || !isfinite(se[i]))
			rc = -1;
		else
			v[i] = se[i] * se[i];
	}
	if (rc == 0)
		rc = ev_meta_pool(y, v, k, NULL, out);
	free(v);
	return rc;
}

int ev_meta_leave1out(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out)
{
	if (k < 2)
		return -1;
	double *yy = malloc((size_t)(k - 1) * sizeof *yy), *vv = malloc((size_t)(k - 1) * sizeof *vv);
	int rc = yy && vv ? 0 : -1;
	for (int i = 0; i < k && rc == 0; i++) {
		for (int j = 0, n = 0; j < k; j++)
			if (j != i)
				yy[n] = y[j], vv[n++] = v[j];
		rc = ev_meta_pool(yy, vv, k - 1, o, &out[i]);
	}
	free(yy);
	free(vv);
	return rc;
}

int ev_meta_cumulative(const double *y, const double *v, int k, const struct ev_meta_opts *o, struct ev_pool *out)
{
	if (k < 1)
		return -1;
	for (int i = 0; i < k; i++)
		if (ev_meta_pool(y, v, i + 1, o, &out[i]) != 0)
			return -1;
	return 0;
}

/* A pool with nothing in it: k = 0, every number NaN. */
static void empty_pool(const struct ev_meta_opts *o, struct ev_pool *p)
{
	double nan = NAN;
	*p = (struct ev_pool){.k = 0, .method = o->method, .ci = o->ci, .df = -1};
	p->estimate = p->se = p->ci_low = p->ci_high = p->pi_low = p->pi_high = nan;
	p->tau2 = p->i2 = p->q = p->q_p = p->tau = p->h2 = nan;
	p->tau2_lo = p->tau2_hi = p->i2_lo = p->i2_hi = p->h2_lo = p->h2_hi = nan;
	p->stat = p->stat_p = p->hksj = p->pi_t_low = p->pi_t_high = nan;
}

int ev_meta_subgroups(const double *y, const double *v, const int *group, int k, int ngroups,
		      const struct ev_meta_opts *o, struct ev_pool *pools, struct ev_subgroup_test *test)
{
	struct ev_meta_opts def = EV_META_OPTS_DEFAULT;
	if (!o)
		o = &def;
	if (k < 1 || ngroups < 1)
		return -1;
	for (int i = 0; i < k; i++)
		if (group[i] < 0 || group[i] >= ngroups)
			return -1;
	double *yy = malloc((size_t)k * sizeof *yy), *vv = malloc((size_t)k * sizeof *vv);
	int rc = yy && vv ? 0 : -1;
	for (int g = 0; g < ngroups && rc == 0; g++) {
		int n = 0;
		for (int i = 0; i < k; i++)
			if (group[i] == g)
				yy[n] = y[i], vv[n++] = v[i];
		if (n == 0)
			empty_pool(o, &pools[g]);
		else
			rc = ev_meta_pool(yy, vv, n, o, &pools[g]);
	}
	free(yy);
	free(vv);
	if (rc != 0)
		return -1;

	/* Test for subgroup differences: a fixed-effect Q of the subgroup
	 * estimates, each weighted by 1/se_g^2 of its own model. */
	double sw = 0, swy = 0, q = 0;
	int m = 0;
	for (int g = 0; g < ngroups; g++) {
		if (pools[g].k == 0)
			continue;
		double w = 1 / (pools[g].se * pools[g].se);
		sw += w;
		swy += w * pools[g].estimate;
		m++;
	}
	double mu = swy / sw;
	for (int g = 0; g < ngroups; g++)
		if (pools[g].k > 0)
			q += (pools[g].estimate - mu) * (pools[g].estimate - mu) / (pools[g].se * pools[g].se);
	test->groups = m;
	test->df = m - 1;
	test->q = m > 1 ? q : 0;
	test->p = m > 1 ? gsl_cdf_chisq_Q(test->q, m - 1) : NAN;
	test->i2 = m > 1 && test->q > test->df ? 100 * (test->q - test->df) / test->q : 0;
	return 0;
}

int ev_meta_regress(const double *y, const double *v, const double *x, int k, enum ev_tau2_method m,
		    struct ev_metareg *out)
{
	if (k < 3 || m < 0 || m >= EV_METHOD_COUNT)
		return -1;
	int varies = 0;
	for (int i = 0; i < k; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]) || !isfinite(y[i]) || !isfinite(x[i]))
			return -1;
		varies |= x[i] != x[0];
	}
	if (!varies)
		return -1;
	gsl_set_error_handler_off();
	struct data d = {y, v, x, k, 0};
	struct fit f0, f;
	double tau2;
	fit_reg_at(&d, 0, &f0);
	if (estimate_tau2(&d, m, &f0, &tau2) != 0)
		return -1;
	fit_reg_at(&d, tau2, &f);
	out->k = k;
	out->method = m;
	out->tau2 = tau2;
	out->intercept = f.mu;
	out->intercept_se = sqrt(1 / f.sw + f.xbar * f.xbar / f.sxx);
	out->slope = f.b;
	out->slope_se = sqrt(1 / f.sxx);
	out->qe = f.q;
	out->qe0 = f0.q;
	return 0;
}

int ev_meta_weights(const double *se, int k, double tau2, double *pct)
{
	double sum = 0;
	if (k < 1 || !(tau2 >= 0) || !isfinite(tau2))
		return -1;
	for (int i = 0; i < k; i++) {
		if (!(se[i] > 0) || !isfinite(se[i]))
			return -1;
		pct[i] = 1 / (se[i] * se[i] + tau2);
		sum += pct[i];
	}
	for (int i = 0; i < k; i++)
		pct[i] = 100 * pct[i] / sum;
	return 0;
}

void ev_meta_to_measure(enum ev_measure m, struct ev_pool *p)
{
	if (!ev_measure_is_ratio(m))
		return;
	p->estimate = exp(p->estimate);
	p->ci_low = exp(p->ci_low);
	p->ci_high = exp(p->ci_high);
	p->pi_low = exp(p->pi_low);
	p->pi_high = exp(p->pi_high);
	p->pi_t_low = exp(p->pi_t_low);
	p->pi_t_high = exp(p->pi_t_high);
}

int ev_meta_includes_null(enum ev_measure m, double lo, double hi)
{
	double null = ev_measure_is_ratio(m) ? 1 : 0;
	return lo <= null && null <= hi;
}
