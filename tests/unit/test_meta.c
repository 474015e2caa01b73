/*
 * test_meta.c: DerSimonian-Laird pooling against metafor.
 *
 * Expected values are metafor's rma(method = "DL") results (metafor 3.8-1,
 * R 4.2) on three published data sets shipped with metafor, entered the
 * way a user of `evidence` would enter them: an estimate and its 95% CI.
 *  - dat.bcg (Colditz et al. 1994), BCG vaccine trials, log risk ratios:
 *    the example of Viechtbauer (2010), J Stat Softw 36(3), Table 2:
 *    tau2 0.3088, I2 92.12%, Q 152.2330, estimate -0.7141 (-1.0644, -0.3638).
 *  - dat.hackshaw1998, 37 studies of passive smoking and lung cancer, odds
 *    ratios with published CIs.
 *  - dat.normand1999, 9 stroke-unit trials, mean difference in length of stay.
 * The check is agreement to 4 significant digits (relative 5e-5), the
 * precision metafor prints.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bias.h"
#include "effect.h"
#include "meta.h"

#define SIG4(expected, actual) sig4(#actual, expected, actual)

static void sig4(const char *what, double expected, double actual)
{
	double tol = fabs(expected) * 5e-5 + 1e-12;
	if (fabs(expected - actual) > tol)
		fail_msg("%s: expected %.10g, got %.10g", what, expected, actual);
}

/* Pools estimate/CI triples given on the measure's scale. */
static struct ev_pool pool(enum ev_measure m, const double (*rows)[3], int k)
{
	double y[64], se[64];
	struct ev_pool p;
	for (int i = 0; i < k; i++)
		assert_int_equal(ev_meta_effect(m, rows[i][0], rows[i][1], rows[i][2], &y[i], &se[i]), 0);
	assert_int_equal(ev_meta_dl(y, se, k, &p), 0);
	ev_meta_to_measure(m, &p);
	return p;
}

static void test_bcg(void **state)
{
	(void)state;
	static const int t[13][4] = {
		{4, 119, 11, 128},	{6, 300, 29, 274},	{3, 228, 11, 209},    {62, 13536, 248, 12619},
		{33, 5036, 47, 5761},	{180, 1361, 372, 1079}, {8, 2537, 10, 619},   {505, 87886, 499, 87892},
		{29, 7470, 45, 7232},	{17, 1699, 65, 1600},	{186, 50448, 141, 27197}, {5, 2493, 3, 2338},
		{27, 16886, 29, 17825},
	};
	double rows[13][3];
	/* Risk ratio and its CI from each 2x2 table, as a trial report gives. */
	for (int i = 0; i < 13; i++) {
		double a = t[i][0], b = t[i][1], c = t[i][2], d = t[i][3];
		double yi = log((a / (a + b)) / (c / (c + d)));
		double sei = sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d));
		rows[i][0] = exp(yi);
		rows[i][1] = exp(yi - EV_Z95 * sei);
		rows[i][2] = exp(yi + EV_Z95 * sei);
	}
	struct ev_pool p = pool(EV_RR, (const double(*)[3])rows, 13);
	assert_int_equal(p.k, 13);
	SIG4(0.4896241505, p.estimate);
	SIG4(0.3449191352, p.ci_low);
	SIG4(0.6950377182, p.ci_high);
	SIG4(0.155960306, p.pi_low);
	SIG4(1.537133485, p.pi_high);
	SIG4(0.3087602629, p.tau2);
	SIG4(92.11734685, p.i2);
	SIG4(152.2330081, p.q);
	SIG4(log(0.4896241505), log(p.estimate));
}

static void test_hackshaw(void **state)
{
	(void)state;
	static const double rows[37][3] = {
		{1.18, 0.90, 1.54}, {1.45, 1.02, 2.08}, {2.02, 0.48, 8.56}, {1.20, 0.80, 1.60}, {0.75, 0.43, 1.30},
		{2.07, 0.81, 5.25}, {2.13, 1.19, 3.83}, {0.80, 0.34, 1.90}, {0.79, 0.25, 2.45}, {2.01, 1.09, 3.72},
		{1.23, 0.81, 1.87}, {1.20, 0.50, 3.30}, {1.52, 0.87, 2.63}, {1.03, 0.41, 2.55}, {1.55, 0.90, 2.67},
		{1.03, 0.61, 1.74}, {2.34, 0.81, 6.75}, {1.65, 1.16, 2.35}, {1.19, 0.82, 1.73}, {1.52, 0.39, 5.96},
		{2.16, 1.08, 4.29}, {1.08, 0.64, 1.82}, {2.55, 0.74, 8.78}, {1.62, 0.90, 2.91}, {1.06, 0.74, 1.52},
		{0.79, 0.62, 1.02}, {0.74, 0.32, 1.69}, {2.27, 0.75, 6.82}, {0.97, 0.78, 1.21}, {1.60, 0.80, 3.00},
		{1.19, 0.66, 2.13}, {1.66, 0.73, 3.78}, {1.26, 1.04, 1.54}, {1.10, 0.62, 1.96}, {1.66, 1.12, 2.45},
		{1.16, 0.80, 1.69}, {1.11, 0.67, 1.84},
	};
	struct ev_pool p = pool(EV_OR, rows, 37);
	SIG4(1.238485097, p.estimate);
	SIG4(1.129223536, p.ci_low);
	SIG4(1.358318603, p.ci_high);
	SIG4(0.9435608848, p.pi_low);
	SIG4(1.625592328, p.pi_high);
	SIG4(0.01703644516, p.tau2);
	SIG4(24.2072497, p.i2);
	SIG4(47.49794651, p.q);
}

/* Random-effects weights as metafor's weights(res) gives them, in percent
 * (res: the DL model of dat.hackshaw1998 above). */
static void test_weights_hackshaw(void **state)
{
	(void)state;
	static const double rows[37][3] = {
		{1.18, 0.90, 1.54}, {1.45, 1.02, 2.08}, {2.02, 0.48, 8.56}, {1.20, 0.80, 1.60}, {0.75, 0.43, 1.30},
		{2.07, 0.81, 5.25}, {2.13, 1.19, 3.83}, {0.80, 0.34, 1.90}, {0.79, 0.25, 2.45}, {2.01, 1.09, 3.72},
		{1.23, 0.81, 1.87}, {1.20, 0.50, 3.30}, {1.52, 0.87, 2.63}, {1.03, 0.41, 2.55}, {1.55, 0.90, 2.67},
		{1.03, 0.61, 1.74}, {2.34, 0.81, 6.75}, {1.65, 1.16, 2.35}, {1.19, 0.82, 1.73}, {1.52, 0.39, 5.96},
		{2.16, 1.08, 4.29}, {1.08, 0.64, 1.82}, {2.55, 0.74, 8.78}, {1.62, 0.90, 2.91}, {1.06, 0.74, 1.52},
		{0.79, 0.62, 1.02}, {0.74, 0.32, 1.69}, {2.27, 0.75, 6.82}, {0.97, 0.78, 1.21}, {1.60, 0.80, 3.00},
		{1.19, 0.66, 2.13}, {1.66, 0.73, 3.78}, {1.26, 1.04, 1.54}, {1.10, 0.62, 1.96}, {1.66, 1.12, 2.45},
		{1.16, 0.80, 1.69}, {1.11, 0.67, 1.84},
	};
	double y[37], se[37], w[37], sum = 0;
	struct ev_pool p;
	for (int i = 0; i < 37; i++)
		assert_int_equal(ev_meta_effect(EV_OR, rows[i][0], rows[i][1], rows[i][2], &y[i], &se[i]), 0);
	assert_int_equal(ev_meta_dl(y, se, 37, &p), 0);
	assert_int_equal(ev_meta_weights(se, 37, p.tau2, w), 0);
	SIG4(6.2003257938, w[0]);   /* Garfinkel 1981 */
	SIG4(4.4339491196, w[1]);   /* Hirayama 1984 */
	SIG4(0.3984950534, w[2]);   /* Butler 1988, the smallest */
	SIG4(6.6952525359, w[25]);  /* Wu-Williams 1990 */
	SIG4(8.2043331180, w[32]);  /* Fontham 1994, the largest */
	SIG4(15.62978148, w[0] + w[1] + w[2] + w[3]);
	for (int i = 0; i < 37; i++)
		sum += w[i];
	SIG4(100, sum);
}

/* dat.normand1999 (mean differences): metafor's weights(res). With tau2 =
 * 0 the weights are the fixed-effect inverse-variance ones. */
static void test_weights_md_and_fixed(void **state)
{
	(void)state;
	static const double d[9][6] = {
		{155, 55, 47, 156, 75, 64}, {31, 27, 7, 32, 29, 4},  {75, 64, 17, 71, 119, 29},
		{18, 66, 20, 18, 137, 48},  {8, 14, 8, 13, 18, 11},  {57, 19, 7, 52, 18, 4},
		{34, 52, 45, 33, 41, 34},   {110, 21, 16, 183, 31, 27}, {60, 30, 27, 52, 23, 20},
	};
	static const double expect[9] = {10.687749630, 12.667132512, 11.886979261, 7.390523236, 11.801087417,
					 12.723135625, 8.761055700,  12.414039409, 11.668297210};
	double y[9], se[9], w[9];
	struct ev_pool p;
	for (int i = 0; i < 9; i++) {
		y[i] = d[i][1] - d[i][4];
		se[i] = sqrt(d[i][2] * d[i][2] / d[i][0] + d[i][5] * d[i][5] / d[i][3]);
	}
	assert_int_equal(ev_meta_dl(y, se, 9, &p), 0);
	assert_int_equal(ev_meta_weights(se, 9, p.tau2, w), 0);
	for (int i = 0; i < 9; i++)
		SIG4(expect[i], w[i]);

	double fse[2] = {1, 2}, fw[2];
	assert_int_equal(ev_meta_weights(fse, 2, 0, fw), 0);
	SIG4(80, fw[0]); /* 1/1 : 1/4 */
	SIG4(20, fw[1]);
	double one[1] = {0.3};
	assert_int_equal(ev_meta_weights(one, 1, 0.5, fw), 0);
	SIG4(100, fw[0]);
	assert_int_equal(ev_meta_weights(fse, 0, 0, fw), -1);
	assert_int_equal(ev_meta_weights(fse, 2, -1, fw), -1);
	double bad[2] = {1, 0};
	assert_int_equal(ev_meta_weights(bad, 2, 0, fw), -1);
}

static void test_normand_md(void **state)
{
	(void)state;
	static const double d[9][6] = {
		{155, 55, 47, 156, 75, 64}, {31, 27, 7, 32, 29, 4},  {75, 64, 17, 71, 119, 29},
		{18, 66, 20, 18, 137, 48},  {8, 14, 8, 13, 18, 11},  {57, 19, 7, 52, 18, 4},
		{34, 52, 45, 33, 41, 34},   {110, 21, 16, 183, 31, 27}, {60, 30, 27, 52, 23, 20},
	};
	double rows[9][3];
	for (int i = 0; i < 9; i++) {
		double md = d[i][1] - d[i][4];
		double se = sqrt(d[i][2] * d[i][2] / d[i][0] + d[i][5] * d[i][5] / d[i][3]);
		rows[i][0] = md;
		rows[i][1] = md - EV_Z95 * se;
		rows[i][2] = md + EV_Z95 * se;
	}
	struct ev_pool p = pool(EV_MD, (const double(*)[3])rows, 9);
	SIG4(-13.98172182, p.estimate);
	SIG4(-24.02986592, p.ci_low);
	SIG4(-3.933577713, p.ci_high);
	SIG4(-43.81520732, p.pi_low);
	SIG4(15.85176368, p.pi_high);
	SIG4(205.4093755, p.tau2);
	SIG4(96.65154015, p.i2);
	SIG4(238.9158109, p.q);
}

/* Homogeneous studies: Q below its df, so tau2 and I2 are floored at 0
 * and the random-effects result equals the fixed-effect one. */
static void test_homogeneous(void **state)
{
	(void)state;
	static const double rows[4][3] = {
		{1.18, 0.90, 1.54}, {1.45, 1.02, 2.08}, {2.02, 0.48, 8.56}, {1.20, 0.80, 1.60}};
	struct ev_pool p = pool(EV_OR, rows, 4);
	SIG4(1.260754562, p.estimate);
	SIG4(1.052095844, p.ci_low);
	SIG4(1.510795878, p.ci_high);
	SIG4(1.31462653, p.q);
	assert_true(p.tau2 == 0);
	assert_true(p.i2 == 0);
	SIG4(p.ci_low, p.pi_low); /* no heterogeneity: the PI is the CI */
}

static void test_effect_scale(void **state)
{
	(void)state;
	double y, se;
	assert_int_equal(ev_meta_effect(EV_RR, 0.43, 0.24, 0.77, &y, &se), 0);
	SIG4(log(0.43), y);
	SIG4((log(0.77) - log(0.24)) / (2 * 1.959964), se);
	assert_int_equal(ev_meta_effect(EV_MD, -17.37, -34.18, -0.56, &y, &se), 0);
	SIG4(-17.37, y);
	SIG4((-0.56 + 34.18) / (2 * 1.959964), se);
	/* Unusable inputs are refused rather than producing NaN weights. */
	assert_int_equal(ev_meta_effect(EV_OR, 0, 0.1, 2, &y, &se), -1);
	assert_int_equal(ev_meta_effect(EV_OR, 1, -0.1, 2, &y, &se), -1);
	assert_int_equal(ev_meta_effect(EV_MD, 1, 2, 2, &y, &se), -1);
	assert_int_equal(ev_meta_effect(EV_MD, 1, 3, 2, &y, &se), -1);
	assert_int_equal(ev_meta_effect(EV_MD, NAN, 0, 2, &y, &se), -1);
}

static void test_single_and_invalid(void **state)
{
	(void)state;
	double y[1] = {0.5}, se[1] = {0.1}, bad[1] = {0};
	struct ev_pool p;
	assert_int_equal(ev_meta_dl(y, se, 1, &p), 0);
	assert_int_equal(p.k, 1);
	SIG4(0.5, p.estimate);
	assert_true(p.tau2 == 0 && p.i2 == 0 && p.q == 0);
	assert_int_equal(ev_meta_dl(y, se, 0, &p), -1);
	assert_int_equal(ev_meta_dl(y, bad, 1, &p), -1);
}

static void test_includes_null(void **state)
{
	(void)state;
	assert_true(ev_meta_includes_null(EV_HR, 0.85, 1.00));
	assert_false(ev_meta_includes_null(EV_OR, 0.32, 0.71));
	assert_true(ev_meta_includes_null(EV_MD, -86, 53));
	assert_false(ev_meta_includes_null(EV_MD, -34.18, -0.56));
	assert_true(ev_meta_includes_null(EV_SMD, 0, 0.4));
}

#define NEAR(expected, actual, rel) near(#actual, expected, actual, rel)

static void near(const char *what, double expected, double actual, double rel)
{
	if (!(fabs(expected - actual) <= fabs(expected) * rel + 1e-300))
		fail_msg("%s: expected %.17g, got %.17g", what, expected, actual);
}

/* Variances 1e30 apart: w = {1e30, 1, 1}. The textbook C = sum w - sum
 * w^2 / sum w is 1e30 - 1e30 = 0 in doubles, which made tau2 0 with I2 at
 * 60%; the true C is 2 (w1 w2 + w1 w3 + w2 w3) / sum w = 4. Expected
 * values are exact (mpmath at 60 digits): Q = 5, tau2_DL = 3/4, mu =
 * -3/13, se = sqrt(21/52); tau2_PM = (1 + sqrt 3)/2; tau2_REML the root
 * of the REML score. metafor 3.8 itself gives Q =
 * 4.78 and tau2_DL = 1.39 here, from the same cancellation in its P. */
static void test_variances_1e30_apart(void **state)
{
	(void)state;
	double y[3] = {0, 1, -2}, v[3] = {1e-30, 1, 1}, se[3] = {1e-15, 1, 1};
	struct ev_pool p;
	struct ev_meta_opts o = {EV_METHOD_DL, EV_CI_Z};
	assert_int_equal(ev_meta_pool(y, v, 3, &o, &p), 0);
	NEAR(5, p.q, 1e-12);
	NEAR(0.75, p.tau2, 1e-12);
	NEAR(60, p.i2, 1e-12);
	NEAR(2.5, p.h2, 1e-12);
	NEAR(-3.0 / 13, p.estimate, 1e-12);
	NEAR(sqrt(21.0 / 52), p.se, 1e-12);
	assert_int_equal(ev_meta_dl(y, se, 3, &p), 0); /* the old entry point too */
	NEAR(0.75, p.tau2, 1e-12);
	o.method = EV_METHOD_PM;
	assert_int_equal(ev_meta_pool(y, v, 3, &o, &p), 0);
	NEAR((1 + sqrt(3)) / 2, p.tau2, 1e-12);
	NEAR(-0.26794919243112270647, p.estimate, 1e-12);
	o.method = EV_METHOD_REML;
	assert_int_equal(ev_meta_pool(y, v, 3, &o, &p), 0);
	NEAR(0.93543357224700465243, p.tau2, 1e-10);
	NEAR(-0.24575924023363308673, p.estimate, 1e-10);
	NEAR(0.68967433201337156571, p.se, 1e-10);
}

/* Zero cells: 0.5 added to every cell of the study; no events (or only
 * events) in both arms: computed as escalc does, and flagged. Values are
 * escalc(measure, ai, n1i, ci, n2i)'s. */
static void test_effect_counts_zero_cells(void **state)
{
	(void)state;
	double y, v;
	enum ev_effect_note note;
	struct ev_counts one_zero = {0, 25, 3, 25}; /* Gupta, dat.yusuf1985 table 6 */
	assert_int_equal(ev_effect_counts(EV_RR, &one_zero, &y, &v, &note), 0);
	assert_int_equal(note, EV_EFFECT_CORRECTED);
	NEAR(log((0.5 / 26) / (3.5 / 26)), y, 1e-14);
	NEAR(1 / 0.5 - 1 / 26.0 + 1 / 3.5 - 1 / 26.0, v, 1e-14);
	struct ev_counts none = {0, 9, 0, 8}; /* Pitt */
	assert_int_equal(ev_effect_counts(EV_OR, &none, &y, &v, &note), 0);
	assert_int_equal(note, EV_EFFECT_NO_EVENTS);
	NEAR(log(0.5 / 9.5) - log(0.5 / 8.5), y, 1e-14); /* odds 0.5/9.5 against 0.5/8.5 */
	assert_int_equal(ev_effect_counts(EV_RD, &none, &y, &v, &note), 0);
	assert_int_equal(note, EV_EFFECT_NO_EVENTS);
	NEAR(0.5 / 10 - 0.5 / 9, y, 1e-14);
	struct ev_counts all = {9, 9, 8, 8};
	assert_int_equal(ev_effect_counts(EV_RR, &all, &y, &v, &note), 0);
	assert_int_equal(note, EV_EFFECT_ALL_EVENTS);
	struct ev_counts fine = {4, 123, 11, 139};
	assert_int_equal(ev_effect_counts(EV_RR, &fine, &y, &v, NULL), 0);
	NEAR(-0.88931133392, y, 1e-10);
	assert_int_equal(ev_effect_counts(EV_RR, &fine, &y, &v, &note), 0);
	assert_int_equal(note, EV_EFFECT_OK);
	/* Unusable counts, and measures that counts do not give. */
	struct ev_counts bad[] = {{5, 4, 1, 10}, {-1, 10, 1, 10}, {1, 0, 1, 10}, {1.5, 10, 1, 10}, {NAN, 10, 1, 10}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ev_effect_counts(EV_OR, &bad[i], &y, &v, &note), -1);
	assert_int_equal(ev_effect_counts(EV_HR, &fine, &y, &v, &note), -1);
	assert_int_equal(ev_effect_counts(EV_MD, &fine, &y, &v, &note), -1);
}

static void test_effect_means(void **state)
{
	(void)state;
	double y, v;
	/* dat.normand1999 study 1: escalc("SMD") and escalc("MD"). */
	struct ev_means x = {55, 47, 155, 75, 64, 156};
	assert_int_equal(ev_effect_means(EV_MD, &x, &y, &v), 0);
	NEAR(-20, y, 1e-14);
	NEAR(47.0 * 47 / 155 + 64.0 * 64 / 156, v, 1e-14);
	assert_int_equal(ev_effect_means(EV_SMD, &x, &y, &v), 0);
	double m = 309, c = exp(lgamma(m / 2) - log(sqrt(m / 2)) - lgamma((m - 1) / 2));
	double sp = sqrt((154 * 47.0 * 47 + 155 * 64.0 * 64) / m);
	NEAR(c * -20 / sp, y, 1e-13);
	NEAR(1 / 155.0 + 1 / 156.0 + y * y / (2 * 311), v, 1e-13);
	struct ev_means tiny = {1, 1, 1, 0, 1, 2}; /* m = 1: no correction exists */
	assert_int_equal(ev_effect_means(EV_SMD, &tiny, &y, &v), -1);
	struct ev_means flat = {1, 0, 10, 0, 0, 10}; /* SD 0: no standardised difference */
	assert_int_equal(ev_effect_means(EV_SMD, &flat, &y, &v), -1);
	assert_int_equal(ev_effect_means(EV_MD, &flat, &y, &v), -1);
	struct ev_means neg = {1, -1, 10, 0, 1, 10};
	assert_int_equal(ev_effect_means(EV_MD, &neg, &y, &v), -1);
	assert_int_equal(ev_effect_means(EV_RR, &x, &y, &v), -1);
}

/* What the functions return at their edges: one or two studies, empty
 * subgroups, too few studies for a regression. */
static void test_pool_edges(void **state)
{
	(void)state;
	double y[3] = {0.2, 0.5, -0.1}, v[3] = {0.04, 0.09, 0.01}, bad[2] = {0.1, 0};
	struct ev_pool p, many[3];
	struct ev_meta_opts hk = {EV_METHOD_REML, EV_CI_HKSJ}, fe = {EV_METHOD_FE, EV_CI_Z};
	assert_int_equal(ev_meta_pool(y, v, 1, &hk, &p), 0);
	assert_int_equal(p.stat_df, 0); /* one study: z, as metafor */
	NEAR(0.2 - EV_Z95 * 0.2, p.ci_low, 1e-14);
	assert_true(isnan(p.pi_t_low) && isnan(p.tau2_lo));
	assert_true(p.q == 0 && p.q_p == 1 && p.h2 == 1);
	assert_int_equal(ev_meta_pool(y, v, 2, &hk, &p), 0);
	assert_int_equal(p.stat_df, 1);
	assert_true(isnan(p.pi_t_low)); /* t(k-2) needs k >= 3 */
	assert_int_equal(ev_meta_pool(y, v, 3, &fe, &p), 0);
	assert_true(p.tau2 == 0 && isnan(p.tau2_lo) && isnan(p.i2_hi));
	assert_int_equal(ev_meta_pool(y, bad, 2, NULL, &p), -1);
	assert_int_equal(ev_meta_pool(y, v, 0, NULL, &p), -1);
	assert_int_equal(ev_meta_leave1out(y, v, 1, NULL, many), -1);

	int group[3] = {0, 2, 0};
	struct ev_pool pools[3];
	struct ev_subgroup_test t;
	assert_int_equal(ev_meta_subgroups(y, v, group, 3, 3, NULL, pools, &t), 0);
	assert_int_equal(pools[1].k, 0);
	assert_true(isnan(pools[1].estimate));
	assert_int_equal(t.groups, 2);
	assert_int_equal(t.df, 1);
	int one[3] = {0, 0, 0};
	assert_int_equal(ev_meta_subgroups(y, v, one, 3, 1, NULL, pools, &t), 0);
	assert_true(t.df == 0 && t.q == 0 && isnan(t.p));
	int out_of_range[3] = {0, 3, 0};
	assert_int_equal(ev_meta_subgroups(y, v, out_of_range, 3, 3, NULL, pools, &t), -1);

	struct ev_egger e;
	struct ev_trimfill tf;
	assert_int_equal(ev_meta_egger(y, v, 2, &e), -1);
	assert_int_equal(ev_meta_trimfill(y, v, 2, NULL, &tf), -1);
	double same[3] = {0.04, 0.04, 0.04};
	assert_int_equal(ev_meta_egger(y, same, 3, &e), -1); /* no spread of SEs to regress on */
	assert_int_equal(ev_meta_trimfill(y, same, 3, NULL, &tf), 0);
	assert_int_equal(tf.side, -1);
	ev_trimfill_free(&tf);
}

/* Many studies: GSL's chi-square inverse fails from about 1e5 df, so the
 * Q-profile bounds go through the CDF. 200000 effects +-sqrt(2) with v = 1
 * have mu = 0 and Q(t) = 400000 / (1 + t), so the bounds are 400000 /
 * qchisq(p, 199999) - 1 (quantiles from R). */
static void test_qprofile_many_studies(void **state)
{
	(void)state;
	enum { K = 200000 };
	static double y[K], v[K];
	struct ev_pool p;
	for (int i = 0; i < K; i++) {
		y[i] = i % 2 ? -sqrt(2) : sqrt(2);
		v[i] = 1;
	}
	assert_int_equal(ev_meta_pool(y, v, K, NULL, &p), 0);
	NEAR(400000, p.q, 1e-12);
	NEAR(400000 / 201240.48018256572 - 1, p.tau2_lo, 1e-10);
	NEAR(400000 / 198761.30842647119 - 1, p.tau2_hi, 1e-10);
	NEAR(1.9599758460853838 * sqrt(p.se * p.se + p.tau2), p.pi_t_high - p.estimate, 1e-12);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bcg),	      cmocka_unit_test(test_hackshaw),
		cmocka_unit_test(test_normand_md),    cmocka_unit_test(test_homogeneous),
		cmocka_unit_test(test_effect_scale),  cmocka_unit_test(test_single_and_invalid),
		cmocka_unit_test(test_includes_null), cmocka_unit_test(test_weights_hackshaw),
		cmocka_unit_test(test_weights_md_and_fixed),
		cmocka_unit_test(test_variances_1e30_apart), cmocka_unit_test(test_effect_counts_zero_cells),
		cmocka_unit_test(test_effect_means),	  cmocka_unit_test(test_pool_edges),
		cmocka_unit_test(test_qprofile_many_studies),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("meta", tests, NULL, NULL);
}
