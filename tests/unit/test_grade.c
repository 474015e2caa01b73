/*
 * test_grade.c: the grading rule of docs/grading.md, one step at a time.
 * Each test builds the links a claim might have and checks the verdict,
 * the certainty and which step fired.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "grade.h"

/* A verified, direct, unknown-risk link from study `id` without estimate. */
static struct ev_link L(int64_t id, enum ev_design d, enum ev_direction dir, int64_t n)
{
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.study_id = id;
	l.study = "s";
	l.design = d;
	l.direction = dir;
	l.n = n;
	l.rob = EV_ROB_UNKNOWN;
	l.status = EV_VERIFIED;
	l.outcome = "";
	l.measure = EV_MEASURE_NONE;
	return l;
}

static struct ev_link with_effect(struct ev_link l, enum ev_measure m, double est, double lo, double hi)
{
	l.measure = m;
	l.has_estimate = l.has_ci = 1;
	l.estimate = est;
	l.ci_low = lo;
	l.ci_high = hi;
	return l;
}

static const struct ev_step *step(const struct ev_grade *g, const char *name)
{
	for (int i = 0; i < g->nsteps; i++)
		if (strcmp(g->steps[i].name, name) == 0)
			return &g->steps[i];
	fail_msg("no step '%s'", name);
	return NULL;
}

static void test_no_links_is_insufficient(void **state)
{
	(void)state;
	struct ev_grade g;
	ev_grade(NULL, 0, &g);
	assert_int_equal(g.verdict, EV_INSUFFICIENT);
	assert_int_equal(g.certainty, 0);
	assert_int_equal(g.top_level, 0);
}

static void test_inconclusive_and_uncounted_links_do_not_grade(void **state)
{
	(void)state;
	struct ev_link l[3] = {L(1, EV_DESIGN_RCT, EV_INCONCLUSIVE, 500), L(2, EV_DESIGN_RCT, EV_SUPPORTS, 500),
			       L(3, EV_DESIGN_RCT, EV_CONTRADICTS, 500)};
	l[1].status = EV_UNVERIFIED;
	l[2].status = EV_RETRACTED;
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_int_equal(g.verdict, EV_INSUFFICIENT);
	assert_int_equal(g.not_counted, 2);
	assert_non_null(strstr(step(&g, "not counted")->text, "unverified"));
	assert_non_null(strstr(step(&g, "not counted")->text, "retracted"));
}

static void test_top_tier_is_highest_level(void **state)
{
	(void)state;
	/* Two large RCTs support; a cohort contradicts but sits below. */
	struct ev_link l[3] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 300), L(2, EV_DESIGN_META_ANALYSIS, EV_SUPPORTS, 300),
			       L(3, EV_DESIGN_COHORT, EV_CONTRADICTS, 9000)};
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_int_equal(g.top_level, 4);
	assert_int_equal(g.top_links, 2);
	assert_int_equal(g.top_participants, 600);
	assert_int_equal(g.verdict, EV_SUPPORTED);
	assert_int_equal(g.certainty, 4);
	assert_int_equal(g.downgrades, 0);
}

static void test_design_levels(void **state)
{
	(void)state;
	assert_int_equal(ev_design_level(EV_DESIGN_RCT), 4);
	assert_int_equal(ev_design_level(EV_DESIGN_SYSTEMATIC_REVIEW), 4);
	assert_int_equal(ev_design_level(EV_DESIGN_CASE_CONTROL), 2);
	assert_int_equal(ev_design_level(EV_DESIGN_CROSS_SECTIONAL), 2);
	assert_int_equal(ev_design_level(EV_DESIGN_NON_RANDOMIZED_TRIAL), 2);
	assert_int_equal(ev_design_level(EV_DESIGN_CASE_SERIES), 1);
	assert_int_equal(ev_design_level(EV_DESIGN_IN_VITRO), 1);
	assert_int_equal(ev_design_level(EV_DESIGN_NONE), 0);
}

static void test_risk_of_bias_over_half(void **state)
{
	(void)state;
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 301), L(2, EV_DESIGN_RCT, EV_SUPPORTS, 300)};
	struct ev_grade g;
	l[0].rob = EV_ROB_HIGH;
	ev_grade(l, 2, &g);
	assert_true(step(&g, "risk of bias")->applies);
	assert_int_equal(g.certainty, 3);
	/* Exactly half is not over half. */
	l[0].n = 300;
	ev_grade(l, 2, &g);
	assert_false(step(&g, "risk of bias")->applies);
	assert_int_equal(g.certainty, 4);
	/* "some" concerns do not count as high. */
	l[0].rob = EV_ROB_SOME;
	l[0].n = 1000;
	ev_grade(l, 2, &g);
	assert_false(step(&g, "risk of bias")->applies);
}

static void test_inconsistency_from_directions(void **state)
{
	(void)state;
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 500), L(2, EV_DESIGN_RCT, EV_CONTRADICTS, 500)};
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_true(step(&g, "inconsistency")->applies);
	assert_int_equal(g.verdict, EV_MIXED);
	assert_int_equal(g.certainty, 3);
}

static void test_inconsistency_from_heterogeneity(void **state)
{
	(void)state;
	/* Three RCTs on one outcome, all supporting, wildly different
	 * effects: a pooled I2 far above 50%. */
	struct ev_link l[3] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 500), EV_RR, 0.20, 0.15, 0.27),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 500), EV_RR, 0.60, 0.50, 0.72),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 500), EV_RR, 0.90, 0.80, 0.99),
	};
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_int_equal(g.ngroups, 1);
	assert_true(g.has_primary);
	assert_int_equal(g.primary.k, 3);
	assert_true(g.primary.pool.i2 > 50);
	assert_true(step(&g, "inconsistency")->applies);
	assert_non_null(strstr(step(&g, "inconsistency")->text, "I2"));
	assert_int_equal(g.verdict, EV_SUPPORTED);
	assert_int_equal(g.certainty, 3);
}

static void test_indirectness_over_half(void **state)
{
	(void)state;
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 600), L(2, EV_DESIGN_RCT, EV_SUPPORTS, 400)};
	struct ev_grade g;
	l[0].indirect = 1;
	ev_grade(l, 2, &g);
	assert_true(step(&g, "indirectness")->applies);
	assert_int_equal(g.certainty, 3);
	l[0].indirect = 0;
	l[1].indirect = 1;
	ev_grade(l, 2, &g);
	assert_false(step(&g, "indirectness")->applies);
}

static void test_imprecision_few_participants(void **state)
{
	(void)state;
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 200), L(2, EV_DESIGN_RCT, EV_SUPPORTS, 199)};
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_true(step(&g, "imprecision")->applies);
	assert_int_equal(g.certainty, 3);
	l[1].n = 200; /* 400 is enough */
	ev_grade(l, 2, &g);
	assert_false(step(&g, "imprecision")->applies);
}

static void test_imprecision_ci_includes_null(void **state)
{
	(void)state;
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 1000), EV_HR, 0.91, 0.85, 1.00)};
	struct ev_grade g;
	ev_grade(l, 1, &g);
	assert_true(step(&g, "imprecision")->applies);
	assert_non_null(strstr(step(&g, "imprecision")->text, "includes no effect"));
	/* A mean difference is judged against 0. */
	l[0] = with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 1000), EV_MD, -17.37, -34.18, -0.56);
	ev_grade(l, 1, &g);
	assert_false(step(&g, "imprecision")->applies);
	l[0] = with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 1000), EV_MD, 17, -86, 53);
	ev_grade(l, 1, &g);
	assert_true(step(&g, "imprecision")->applies);
}

static void test_unknown_participants_are_imprecise(void **state)
{
	(void)state;
	struct ev_link l[1] = {L(1, EV_DESIGN_COHORT, EV_CONTRADICTS, 0)};
	struct ev_grade g;
	ev_grade(l, 1, &g);
	assert_true(step(&g, "imprecision")->applies);
	assert_int_equal(g.verdict, EV_CONTRADICTED);
	assert_int_equal(g.certainty, 1);
}

static void test_each_downgrade_once_and_floor_at_one(void **state)
{
	(void)state;
	/* High risk, both directions, indirect, tiny: four downgrades from 4
	 * stop at very-low (1), never 0. */
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 20), L(2, EV_DESIGN_RCT, EV_CONTRADICTS, 20)};
	for (int i = 0; i < 2; i++) {
		l[i].rob = EV_ROB_HIGH;
		l[i].indirect = 1;
	}
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_int_equal(g.downgrades, 4);
	assert_int_equal(g.certainty, 1);
	assert_int_equal(g.verdict, EV_MIXED);
}

static void test_large_effect_upgrades_observational(void **state)
{
	(void)state;
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_OR, 0.48, 0.32, 0.71)};
	struct ev_grade g;
	ev_grade(l, 1, &g);
	assert_int_equal(g.upgrade, 1);
	assert_int_equal(g.certainty, 3);
	/* Very large: +2. */
	l[0] = with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_RR, 0.15, 0.08, 0.30);
	ev_grade(l, 1, &g);
	assert_int_equal(g.upgrade, 2);
	assert_int_equal(g.certainty, 4);
	/* Above the threshold side too: RR 5.5 (2.0 to 12). */
	l[0] = with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_RR, 5.5, 2.0, 12);
	ev_grade(l, 1, &g);
	assert_int_equal(g.upgrade, 2);
}

static void test_no_upgrade_when_not_allowed(void **state)
{
	(void)state;
	struct ev_grade g;
	/* A CI that includes 1 is imprecise: downgraded, so no upgrade. */
	struct ev_link a[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_OR, 0.45, 0.19, 1.05)};
	ev_grade(a, 1, &g);
	assert_int_equal(g.upgrade, 0);
	assert_int_equal(g.certainty, 1);
	/* RCT evidence is never upgraded. */
	struct ev_link b[1] = {with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 4807), EV_OR, 0.1, 0.05, 0.2)};
	ev_grade(b, 1, &g);
	assert_int_equal(g.upgrade, 0);
	assert_int_equal(g.certainty, 4);
	/* A difference measure has no ratio to judge. */
	struct ev_link c[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_MD, -30, -40, -20)};
	ev_grade(c, 1, &g);
	assert_int_equal(g.upgrade, 0);
	assert_int_equal(g.certainty, 2);
	/* A 0.6 ratio is not large. */
	struct ev_link d[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_OR, 0.6, 0.5, 0.7)};
	ev_grade(d, 1, &g);
	assert_int_equal(g.upgrade, 0);
}

static void test_participants_count_each_study_once(void **state)
{
	(void)state;
	/* One study with two outcomes (n 500 and 300) and another of 100. */
	struct ev_link l[3] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 500), L(1, EV_DESIGN_RCT, EV_SUPPORTS, 300),
			       L(2, EV_DESIGN_RCT, EV_SUPPORTS, 100)};
	l[1].outcome = "other";
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_int_equal(g.top_participants, 600);
}

static void test_primary_estimate_prefers_pooled(void **state)
{
	(void)state;
	/* A pooled outcome (k=2, CI excluding 1) beats a larger single study
	 * whose CI includes 1, so there is no imprecision. */
	struct ev_link l[3] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 300), EV_RR, 0.7, 0.6, 0.8),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 300), EV_RR, 0.72, 0.62, 0.84),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 5000), EV_HR, 0.95, 0.8, 1.1),
	};
	l[2].outcome = "mortality";
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_true(g.has_primary);
	assert_int_equal(g.primary.k, 2);
	assert_false(step(&g, "imprecision")->applies);
}

static void test_single_estimate_keeps_published_ci(void **state)
{
	(void)state;
	/* gorsefield-2009 (sample fixture): HR 0.91 (0.85 to 1.00). Rebuilt from its SE the interval
	 * would end below 1; as published it touches 1, so it includes no effect. */
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 16057), EV_HR, 0.91, 0.85, 1.00)};
	struct ev_grade g;
	ev_grade(l, 1, &g);
	assert_true(g.has_primary);
	assert_true(g.primary.pool.ci_high == 1.00);
	assert_true(step(&g, "imprecision")->applies);
}

static void test_primary_estimate_prefers_direct(void **state)
{
	(void)state;
	/* larkhaven-2004-like direct RR 0.43 (0.24 to 0.77) in 4,807 people and an
	 * indirect HR 0.91 (0.85 to 1.00) in 16,057: the direct one decides
	 * imprecision, so only indirectness downgrades. */
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4807), EV_RR, 0.43, 0.24, 0.77),
		with_effect(L(2, EV_DESIGN_COHORT, EV_SUPPORTS, 16057), EV_HR, 0.91, 0.85, 1.00),
	};
	l[0].outcome = "CHD mortality";
	l[1].outcome = "incident CHD";
	l[1].indirect = 1;
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_true(g.has_primary);
	assert_int_equal(g.primary.measure, EV_RR);
	assert_false(step(&g, "imprecision")->applies);
	assert_true(step(&g, "indirectness")->applies);
	assert_int_equal(g.certainty, 1);
}

static void test_every_link_counts_however_many(void **state)
{
	(void)state;
	/* 1,500 RCT links, one outcome: the last 300 contradict. The rule
	 * sees every one of them (an earlier version stopped at 1,024 and
	 * called this claim supported), and pools all 1,500 estimates. */
	enum { N = 1500 };
	static struct ev_link l[N];
	for (int i = 0; i < N; i++)
		l[i] = with_effect(L(i + 1, EV_DESIGN_RCT, i < 1200 ? EV_SUPPORTS : EV_CONTRADICTS, 10), EV_RR, 0.8,
				   0.6, 1.05);
	struct ev_grade g;
	ev_grade(l, N, &g);
	assert_int_equal(g.verdict, EV_MIXED);
	assert_int_equal(g.top_links, N);
	assert_int_equal(g.top_contradicts, 300);
	assert_int_equal(g.top_participants, 10 * N);
	assert_int_equal(g.ngroups, 1);
	assert_int_equal(g.primary.k, N);
	assert_int_equal(g.primary.participants, 10 * N);
}

static void test_every_group_counts_however_many(void **state)
{
	(void)state;
	/* 100 outcomes with two RCT estimates each; only the last outcome's
	 * two disagree wildly (I2 > 50%). Every group is formed and checked
	 * (an earlier version kept the first 64 and missed this one). */
	enum { G = 100 };
	static struct ev_link l[2 * G];
	static char names[G][32];
	for (size_t i = 0; i < G; i++) {
		snprintf(names[i], sizeof names[i], "outcome %zu", i);
		int last = i == G - 1, id = (int)(2 * i);
		struct ev_link *a = &l[2 * i], *b = a + 1;
		*a = with_effect(L(id + 1, EV_DESIGN_RCT, EV_SUPPORTS, 500), EV_RR, 0.7, 0.6, 0.8);
		*b = with_effect(L(id + 2, EV_DESIGN_RCT, EV_SUPPORTS, 500), EV_RR, last ? 0.2 : 0.72,
				 last ? 0.15 : 0.62, last ? 0.27 : 0.84);
		a->outcome = b->outcome = names[i];
	}
	static struct ev_group out[2 * G];
	assert_int_equal(ev_group_links(l, 2 * G, NULL, out), G);
	assert_int_equal(out[G - 1].k, 2);
	assert_string_equal(out[G - 1].outcome, "outcome 99");
	assert_true(out[G - 1].pool.i2 > 50);

	struct ev_grade g;
	ev_grade(l, 2 * G, &g);
	assert_int_equal(g.ngroups, G);
	assert_true(step(&g, "inconsistency")->applies);
	assert_non_null(strstr(step(&g, "inconsistency")->text, "outcome 99"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_links_is_insufficient),
		cmocka_unit_test(test_inconclusive_and_uncounted_links_do_not_grade),
		cmocka_unit_test(test_top_tier_is_highest_level),
		cmocka_unit_test(test_design_levels),
		cmocka_unit_test(test_risk_of_bias_over_half),
		cmocka_unit_test(test_inconsistency_from_directions),
		cmocka_unit_test(test_inconsistency_from_heterogeneity),
		cmocka_unit_test(test_indirectness_over_half),
		cmocka_unit_test(test_imprecision_few_participants),
		cmocka_unit_test(test_imprecision_ci_includes_null),
		cmocka_unit_test(test_unknown_participants_are_imprecise),
		cmocka_unit_test(test_each_downgrade_once_and_floor_at_one),
		cmocka_unit_test(test_large_effect_upgrades_observational),
		cmocka_unit_test(test_no_upgrade_when_not_allowed),
		cmocka_unit_test(test_participants_count_each_study_once),
		cmocka_unit_test(test_primary_estimate_prefers_pooled),
		cmocka_unit_test(test_primary_estimate_prefers_direct),
		cmocka_unit_test(test_single_estimate_keeps_published_ci),
		cmocka_unit_test(test_every_link_counts_however_many),
		cmocka_unit_test(test_every_group_counts_however_many),
	};
	return cmocka_run_group_tests_name("grade", tests, NULL, NULL);
}
