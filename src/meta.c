/*
 * meta.c: DerSimonian-Laird random-effects pooling.
 *
 * The formulas follow DerSimonian & Laird (1986) as implemented by
 * metafor's rma(method = "DL"), so results agree with it to rounding:
 *   w_i = 1/v_i, Q = sum w_i (y_i - ybar_w)^2, df = k - 1,
 *   C = sum w_i - sum w_i^2 / sum w_i, tau2 = max(0, (Q - df) / C),
 *   w*_i = 1/(v_i + tau2), mu = sum w*_i y_i / sum w*_i, se = sqrt(1/sum w*_i),
 *   I2 = 100 (Q - df) / Q floored at 0 (equal to metafor's tau2/(tau2+s2)
 *   for the DL estimator), PI = mu +- z sqrt(se^2 + tau2).
 */
#include "meta.h"

#include <math.h>

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

int ev_meta_dl(const double *y, const double *se, int k, struct ev_pool *out)
{
	double sw = 0, sw2 = 0, swy = 0;
	if (k < 1)
		return -1;
	for (int i = 0; i < k; i++) {
		if (!(se[i] > 0) || !isfinite(se[i]) || !isfinite(y[i]))
			return -1;
		double w = 1 / (se[i] * se[i]);
		sw += w;
		sw2 += w * w;
		swy += w * y[i];
	}
	double ybar = swy / sw, q = 0;
	for (int i = 0; i < k; i++) {
		double d = y[i] - ybar;
		q += d * d / (se[i] * se[i]);
	}
	double df = k - 1;
	double c = sw - sw2 / sw;
	double tau2 = k > 1 && c > 0 ? (q - df) / c : 0;
	if (tau2 < 0)
		tau2 = 0;

	double sws = 0, swsy = 0;
	for (int i = 0; i < k; i++) {
		double w = 1 / (se[i] * se[i] + tau2);
		sws += w;
		swsy += w * y[i];
	}
	out->k = k;
	out->estimate = swsy / sws;
	out->se = sqrt(1 / sws);
	out->ci_low = out->estimate - EV_Z95 * out->se;
	out->ci_high = out->estimate + EV_Z95 * out->se;
	double pse = sqrt(out->se * out->se + tau2);
	out->pi_low = out->estimate - EV_Z95 * pse;
	out->pi_high = out->estimate + EV_Z95 * pse;
	out->tau2 = tau2;
	out->q = q;
	out->i2 = q > 0 && q > df ? 100 * (q - df) / q : 0;
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
}

int ev_meta_includes_null(enum ev_measure m, double lo, double hi)
{
	double null = ev_measure_is_ratio(m) ? 1 : 0;
	return lo <= null && null <= hi;
}
