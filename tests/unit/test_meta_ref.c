/*
 * test_meta_ref.c: every number of effect.c, meta.c and bias.c against R's
 * metafor 3.8, on data sets that ship with metafor.
 *
 * tests/tools/metafor-reference.R wrote tests/data/meta/NAME.csv (the data)
 * and tests/data/meta/expected/NAME.tsv ("key<TAB>value", metafor's
 * numbers); tests/cli/metafor.bats checks that R still gives them. Here
 * each data set is run through every analysis under the same keys, and
 * every expected key must have been computed and agree to 1e-6 relative
 * (1e-8 absolute, for numbers at or near 0: metafor's Fisher scoring
 * stops at a tau2 of about 1e-11 where the REML estimate is 0, which puts
 * I^2 at 1e-9 %; NaN where metafor gives NA).
 * Run from the repository root, as tests/run does.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bias.h"
#include "effect.h"
#include "meta.h"

#define MAXROWS 64
#define MAXCOLS 8
#define MAXKEYS 40000

struct table {
	int rows, cols;
	char name[MAXCOLS][16];
	double x[MAXROWS][MAXCOLS];
};

struct kv {
	char key[96];
	double val;
};

static struct kv got[MAXKEYS];
static int ngot;

/* Records one computed number under a printf-built key. */
static void put(double val, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(double val, const char *fmt, ...)
{
	va_list ap;
	assert_true(ngot < MAXKEYS);
	va_start(ap, fmt);
	vsnprintf(got[ngot].key, sizeof got[ngot].key, fmt, ap);
	va_end(ap);
	got[ngot++].val = val;
}

static int cmp_kv(const void *a, const void *b) { return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key); }

/* Reads a numeric CSV with a header line (the R script's output: no
 * quotes, no text columns). */
static void load(const char *path, struct table *t)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	memset(t, 0, sizeof *t);
	assert_non_null(fgets(line, sizeof line, f));
	for (char *tok = strtok(line, ",\r\n"); tok; tok = strtok(NULL, ",\r\n")) {
		assert_true(t->cols < MAXCOLS);
		snprintf(t->name[t->cols++], sizeof t->name[0], "%s", tok);
	}
	while (fgets(line, sizeof line, f)) {
		char *p = line;
		assert_true(t->rows < MAXROWS);
		for (int c = 0; c < t->cols; c++) {
			char *end;
			t->x[t->rows][c] = strtod(p, &end);
			assert_true(end != p);
			p = *end == ',' ? end + 1 : end;
		}
		t->rows++;
	}
	fclose(f);
}

static int col(const struct table *t, const char *name)
{
	for (int c = 0; c < t->cols; c++)
		if (strcmp(t->name[c], name) == 0)
			return c;
	return -1;
}

static const char *mname(enum ev_tau2_method m) { return ev_tau2_method_names[m]; }
static const char *cname(enum ev_ci_method c) { return ev_ci_method_names[c]; }

static void put_pool(const char *p, const struct ev_pool *r)
{
	put(r->k, "%s.k", p);
	put(r->estimate, "%s.estimate", p);
	put(r->se, "%s.se", p);
	put(r->ci_low, "%s.ci_low", p);
	put(r->ci_high, "%s.ci_high", p);
	put(r->tau2, "%s.tau2", p);
	put(r->i2, "%s.i2", p);
	put(r->h2, "%s.h2", p);
	put(r->q, "%s.q", p);
	put(r->q_p, "%s.q_p", p);
	put(r->stat, "%s.stat", p);
	put(r->stat_p, "%s.stat_p", p);
	put(r->pi_low, "%s.pi_low", p);
	put(r->pi_high, "%s.pi_high", p);
	put(r->pi_t_low, "%s.pi_t_low", p);
	put(r->pi_t_high, "%s.pi_t_high", p);
	put(r->tau2_lo, "%s.tau2_lo", p);
	put(r->tau2_hi, "%s.tau2_hi", p);
	put(r->i2_lo, "%s.i2_lo", p);
	put(r->i2_hi, "%s.i2_hi", p);
	put(r->h2_lo, "%s.h2_lo", p);
	put(r->h2_hi, "%s.h2_hi", p);
}

/* Every analysis of one set of effects, under the R script's keys. */
static void analyse(const char *label, const double *y, const double *v, int k, const int *group, int ngroups)
{
	char p[64];
	static struct ev_pool many[MAXROWS];
	for (int m = 0; m < EV_METHOD_COUNT; m++)
		for (int c = 0; c < EV_CI_COUNT; c++) {
			struct ev_meta_opts o = {m, c};
			struct ev_pool r;
			snprintf(p, sizeof p, "%s.%s.%s", label, mname(m), cname(c));
			assert_int_equal(ev_meta_pool(y, v, k, &o, &r), 0);
			put_pool(p, &r);
			assert_int_equal(ev_meta_leave1out(y, v, k, &o, many), 0);
			for (int i = 0; i < k; i++) {
				put(many[i].estimate, "l1o.%s.%d.%s", p, i + 1, "estimate");
				put(many[i].se, "l1o.%s.%d.%s", p, i + 1, "se");
				put(many[i].ci_low, "l1o.%s.%d.%s", p, i + 1, "ci_low");
				put(many[i].ci_high, "l1o.%s.%d.%s", p, i + 1, "ci_high");
				put(many[i].stat, "l1o.%s.%d.%s", p, i + 1, "stat");
				put(many[i].stat_p, "l1o.%s.%d.%s", p, i + 1, "stat_p");
				put(many[i].q, "l1o.%s.%d.%s", p, i + 1, "q");
				put(many[i].q_p, "l1o.%s.%d.%s", p, i + 1, "q_p");
				put(many[i].tau2, "l1o.%s.%d.%s", p, i + 1, "tau2");
				put(many[i].i2, "l1o.%s.%d.%s", p, i + 1, "i2");
				put(many[i].h2, "l1o.%s.%d.%s", p, i + 1, "h2");
			}
			assert_int_equal(ev_meta_cumulative(y, v, k, &o, many), 0);
			for (int i = 0; i < k; i++) {
				put(many[i].estimate, "cumul.%s.%d.%s", p, i + 1, "estimate");
				put(many[i].se, "cumul.%s.%d.%s", p, i + 1, "se");
				put(many[i].ci_low, "cumul.%s.%d.%s", p, i + 1, "ci_low");
				put(many[i].ci_high, "cumul.%s.%d.%s", p, i + 1, "ci_high");
				put(many[i].stat_p, "cumul.%s.%d.%s", p, i + 1, "stat_p");
				put(many[i].q, "cumul.%s.%d.%s", p, i + 1, "q");
				put(many[i].tau2, "cumul.%s.%d.%s", p, i + 1, "tau2");
				put(many[i].i2, "cumul.%s.%d.%s", p, i + 1, "i2");
			}
		}
	for (int m = 0; m < EV_METHOD_COUNT; m++) {
		struct ev_meta_opts o = {m, EV_CI_Z};
		struct ev_trimfill tf;
		snprintf(p, sizeof p, "tf.%s.%s", label, mname(m));
		assert_int_equal(ev_meta_trimfill(y, v, k, &o, &tf), 0);
		put(tf.k0, "%s.k0", p);
		put(tf.se_k0, "%s.se_k0", p);
		put(tf.side, "%s.side", p);
		put(tf.filled.estimate, "%s.estimate", p);
		put(tf.filled.se, "%s.se", p);
		put(tf.filled.ci_low, "%s.ci_low", p);
		put(tf.filled.ci_high, "%s.ci_high", p);
		put(tf.filled.tau2, "%s.tau2", p);
		put(tf.filled.q, "%s.q", p);
		for (int j = 0; j < tf.k0; j++)
			put(tf.y[j], "%s.fill.%d", p, j + 1);
		ev_trimfill_free(&tf);

		if (group) {
			struct ev_pool pools[8];
			struct ev_subgroup_test st;
			snprintf(p, sizeof p, "sub.%s.%s", label, mname(m));
			assert_true(ngroups <= 8);
			assert_int_equal(ev_meta_subgroups(y, v, group, k, ngroups, &o, pools, &st), 0);
			for (int g = 0; g < ngroups; g++) {
				put(pools[g].k, "%s.%d.k", p, g + 1);
				put(pools[g].estimate, "%s.%d.estimate", p, g + 1);
				put(pools[g].se, "%s.%d.se", p, g + 1);
				put(pools[g].tau2, "%s.%d.tau2", p, g + 1);
			}
			put(st.q, "%s.q", p);
			put(st.df, "%s.df", p);
			put(st.p, "%s.p", p);
		}
	}
	struct ev_egger e;
	assert_int_equal(ev_meta_egger(y, v, k, &e), 0);
	put(e.intercept, "egger.%s.intercept", label);
	put(e.se, "egger.%s.se", label);
	put(e.stat, "egger.%s.stat", label);
	put(e.p, "egger.%s.p", label);
	put(e.df, "egger.%s.df", label);
	put(e.limit, "egger.%s.limit", label);
	put(e.limit_lo, "egger.%s.limit_lo", label);
	put(e.limit_hi, "egger.%s.limit_hi", label);
}

/* Checks every key of expected/NAME.tsv against what was put. */
static void compare(const char *name)
{
	char path[256], line[256];
	int n = 0, bad = 0;
	/* The largest relative difference, for the log: about 4e-7, on
	 * confidence limits near 0, where the z interval's 1.959964 (EV_Z95,
	 * kept so that printed results do not move) against metafor's
	 * qnorm(0.975) shows; 1e-7 or less elsewhere. */
	double worst = 0;
	snprintf(path, sizeof path, "tests/data/meta/expected/%s.tsv", name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	qsort(got, (size_t)ngot, sizeof *got, cmp_kv);
	while (fgets(line, sizeof line, f)) {
		struct kv want;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = 0;
		assert_true(strlen(line) < sizeof want.key);
		memcpy(want.key, line, strlen(line) + 1);
		want.val = strtod(tab + 1, NULL); /* "NaN" reads as NaN */
		const struct kv *have = bsearch(&want, got, (size_t)ngot, sizeof *got, cmp_kv);
		n++;
		if (!have) {
			if (bad++ < 20)
				print_error("%s: %s not computed\n", name, want.key);
			continue;
		}
		int ok = isnan(want.val) ? isnan(have->val)
					 : fabs(have->val - want.val) <= 1e-6 * fabs(want.val) + 1e-8;
		if (!ok && bad++ < 20)
			print_error("%s: %s: metafor %.12g, evidence %.12g\n", name, want.key, want.val, have->val);
		if (ok && fabs(want.val) > 1e-8 && fabs(have->val - want.val) / fabs(want.val) > worst)
			worst = fabs(have->val - want.val) / fabs(want.val);
	}
	fclose(f);
	print_message("# %s: %d numbers, largest relative difference from metafor %.1e\n", name, n, worst);
	if (bad)
		fail_msg("%s: %d of %d numbers differ from metafor", name, bad, n);
	assert_true(n > 0);
}

/* Runs a data set: effect sizes from its raw columns (counts or means) or
 * its yi, vi; then every analysis; then the comparison. */
static void run(const char *name)
{
	char path[256];
	struct table t;
	double y[MAXROWS], v[MAXROWS];
	int group[MAXROWS], ngroups = 0, *gp = NULL;
	snprintf(path, sizeof path, "tests/data/meta/%s.csv", name);
	load(path, &t);
	ngot = 0;
	int cg = col(&t, "group");
	if (cg >= 0) {
		for (int i = 0; i < t.rows; i++) {
			group[i] = (int)t.x[i][cg] - 1;
			if (group[i] + 1 > ngroups)
				ngroups = group[i] + 1;
		}
		gp = group;
	}
	if (col(&t, "ai") >= 0) {
		static const enum ev_measure ms[] = {EV_RR, EV_OR, EV_RD};
		int a = col(&t, "ai"), n1 = col(&t, "n1i"), c = col(&t, "ci"), n2 = col(&t, "n2i");
		for (int j = 0; j < 3; j++) {
			int k = 0, gk[MAXROWS];
			for (int i = 0; i < t.rows; i++) {
				struct ev_counts cnt = {t.x[i][a], t.x[i][n1], t.x[i][c], t.x[i][n2]};
				enum ev_effect_note note;
				double yi, vi;
				assert_int_equal(ev_effect_counts(ms[j], &cnt, &yi, &vi, &note), 0);
				put(yi, "escalc.%s.yi.%d", ev_measure_names[ms[j]], i + 1);
				put(vi, "escalc.%s.vi.%d", ev_measure_names[ms[j]], i + 1);
				/* RR and OR leave out the studies with no events (or
				 * only events) in both arms; RD keeps them. */
				if (ms[j] != EV_RD && (note == EV_EFFECT_NO_EVENTS || note == EV_EFFECT_ALL_EVENTS))
					continue;
				if (gp)
					gk[k] = group[i];
				y[k] = yi, v[k++] = vi;
			}
			analyse(ev_measure_names[ms[j]], y, v, k, gp ? gk : NULL, ngroups);
		}
	} else if (col(&t, "m1i") >= 0) {
		static const enum ev_measure ms[] = {EV_MD, EV_SMD};
		int m1 = col(&t, "m1i"), s1 = col(&t, "sd1i"), n1 = col(&t, "n1i");
		int m2 = col(&t, "m2i"), s2 = col(&t, "sd2i"), n2 = col(&t, "n2i");
		for (int j = 0; j < 2; j++) {
			for (int i = 0; i < t.rows; i++) {
				struct ev_means x = {t.x[i][m1], t.x[i][s1], t.x[i][n1], t.x[i][m2], t.x[i][s2], t.x[i][n2]};
				assert_int_equal(ev_effect_means(ms[j], &x, &y[i], &v[i]), 0);
				put(y[i], "escalc.%s.yi.%d", ev_measure_names[ms[j]], i + 1);
				put(v[i], "escalc.%s.vi.%d", ev_measure_names[ms[j]], i + 1);
			}
			analyse(ev_measure_names[ms[j]], y, v, t.rows, gp, ngroups);
		}
	} else {
		int cy = col(&t, "yi"), cv = col(&t, "vi");
		assert_true(cy >= 0 && cv >= 0);
		for (int i = 0; i < t.rows; i++)
			y[i] = t.x[i][cy], v[i] = t.x[i][cv];
		analyse("y", y, v, t.rows, gp, ngroups);
	}
	compare(name);
}

static void test_bcg(void **state) { (void)state; run("bcg"); }
static void test_colditz1994(void **state) { (void)state; run("colditz1994"); }
static void test_yusuf1985(void **state) { (void)state; run("yusuf1985"); }
static void test_normand1999(void **state) { (void)state; run("normand1999"); }
static void test_hackshaw1998(void **state) { (void)state; run("hackshaw1998"); }
static void test_bangertdrowns2004(void **state) { (void)state; run("bangertdrowns2004"); }

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bcg),	     cmocka_unit_test(test_colditz1994),
		cmocka_unit_test(test_yusuf1985),    cmocka_unit_test(test_normand1999),
		cmocka_unit_test(test_hackshaw1998), cmocka_unit_test(test_bangertdrowns2004),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("meta against metafor", tests, NULL, NULL);
}
