/*
 * test_grade.c: the grading rule of docs/grading.md, one rule at a time,
 * and each failure issue 11 lists, with numbers of its own. Each test
 * builds the links a claim might have and checks the bodies, the verdict,
 * the certainty and the domain that moved.
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
#include "util.h"

/* A verified, direct link from study `id` at low risk of bias, without an
 * estimate. */
static struct ev_link L(int64_t id, enum ev_design d, enum ev_direction dir, int64_t n)
{
	static char keys[4096][16];
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.study_id = id;
	snprintf(keys[id % 4096], sizeof keys[0], "s%lld", (long long)id);
	l.study = keys[id % 4096];
	l.design = d;
	l.direction = dir;
	l.n = n;
	l.rob = EV_ROB_LOW;
	l.status = EV_VERIFIED;
	l.outcome = "";
	l.measure = EV_MEASURE_NONE;
	l.included_design = EV_INCLUDED_NONE;
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

static struct ev_claim_facts asserting(enum ev_asserts as)
{
	struct ev_claim_facts c = {NULL, as};
	return c;
}

static const struct ev_step *step(const struct ev_grade *g, const char *name)
{
	for (int i = 0; i < g->nsteps; i++)
		if (strcmp(g->steps[i].name, name) == 0)
			return &g->steps[i];
	fail_msg("no step '%s'", name);
	static const struct ev_step none = {"", 0, 0, ""};
	return &none;
}

static const struct ev_body *primary(const struct ev_grade *g)
{
	assert_true(g->primary >= 0);
	return &g->bodies[g->primary];
}

static int change(const struct ev_grade *g, enum ev_domain d) { return primary(g)->domain[d].change; }

static void test_no_links_is_insufficient(void **state)
{
	(void)state;
	struct ev_grade g;
	ev_grade(NULL, 0, &g);
	assert_int_equal(g.verdict, EV_INSUFFICIENT);
	assert_int_equal(g.certainty, 0);
	assert_int_equal(g.nbodies, 0);
	ev_grade_free(&g);
}

static void test_uncounted_links_do_not_grade(void **state)
{
	(void)state;
	struct ev_link l[3] = {L(1, EV_DESIGN_RCT, EV_INCONCLUSIVE, 500), L(2, EV_DESIGN_RCT, EV_SUPPORTS, 500),
			       L(3, EV_DESIGN_RCT, EV_CONTRADICTS, 500)};
	l[1].status = EV_UNVERIFIED;
	l[2].status = EV_RETRACTED;
	struct ev_grade g;
	ev_grade(l, 3, &g);
	/* Only an inconclusive label without an estimate is left. */
	assert_int_equal(g.verdict, EV_INSUFFICIENT);
	assert_int_equal(g.certainty, 0);
	assert_int_equal(g.not_counted, 2);
	assert_non_null(strstr(step(&g, "not counted")->text, "unverified"));
	assert_non_null(strstr(step(&g, "not counted")->text, "retracted"));
	ev_grade_free(&g);
}

static void test_design_levels(void **state)
{
	(void)state;
	assert_int_equal(ev_design_level(EV_DESIGN_RCT), 4);
	assert_int_equal(ev_design_level(EV_DESIGN_SYSTEMATIC_REVIEW), 4);
	assert_int_equal(ev_design_level(EV_DESIGN_CASE_CONTROL), 2);
	assert_int_equal(ev_design_level(EV_DESIGN_NON_RANDOMIZED_TRIAL), 2);
	assert_int_equal(ev_design_level(EV_DESIGN_IN_VITRO), 1);
	assert_int_equal(ev_design_level(EV_DESIGN_NONE), 0);
	assert_true(ev_design_is_review(EV_DESIGN_META_ANALYSIS));
	assert_false(ev_design_is_review(EV_DESIGN_REVIEW));
}

/* Rule 1: bodies by outcome (case and spacing ignored), measure and
 * design family; a label without a measure joins its outcome's body. */
static void test_bodies_by_outcome_measure_and_family(void **state)
{
	(void)state;
	struct ev_link l[5] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 900), EV_RR, 0.8, 0.7, 0.9),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 900), EV_RR, 0.82, 0.72, 0.93),
		L(3, EV_DESIGN_RCT, EV_SUPPORTS, 100),
		with_effect(L(4, EV_DESIGN_RCT, EV_SUPPORTS, 900), EV_MD, -2, -3, -1),
		with_effect(L(5, EV_DESIGN_COHORT, EV_SUPPORTS, 900), EV_RR, 0.8, 0.7, 0.9),
	};
	l[0].outcome = "Hip fracture";
	l[1].outcome = "hip  FRACTURE";
	l[2].outcome = "hipfracture";
	l[3].outcome = "hip fracture";
	l[4].outcome = "hip fracture";
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 5, &c, &g);
	assert_int_equal(g.nbodies, 3);
	assert_int_equal(g.bodies[0].links, 3); /* RR randomized, with the label */
	assert_int_equal(g.bodies[0].k, 2);
	assert_int_equal(g.bodies[0].participants, 1900);
	assert_int_equal(g.bodies[1].measure, EV_MD);
	assert_int_equal(g.bodies[2].family, EV_OBSERVATIONAL);
	assert_int_equal(g.bodies[2].start, 2);
	/* The primary body: most participants at the highest level. */
	assert_int_equal(g.primary, 0);
	ev_grade_free(&g);
}

/* Rule 1: the claim's outcome names the primary body; explain says why. */
static void test_primary_body_named_by_the_claim(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 5000), EV_RR, 0.8, 0.72, 0.89),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 900), EV_MD, -2, -3, -1),
	};
	l[0].outcome = "stroke";
	l[1].outcome = "Blood pressure";
	struct ev_grade g;
	struct ev_claim_facts c = {"blood  pressure", EV_ASSERTS_LOWER};
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(primary(&g)->measure, EV_MD);
	assert_non_null(strstr(step(&g, "primary")->text, "the outcome the claim names"));
	ev_grade_free(&g);
	c.outcome = NULL;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(primary(&g)->measure, EV_RR);
	assert_non_null(strstr(step(&g, "primary")->text, "most participants"));
	ev_grade_free(&g);
}

/* Rule 2: what a claim asserts, inferred from supporting estimates when
 * it is not recorded, and said so. */
static void test_asserts_inferred_and_said(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 900), EV_RR, 1.4, 1.2, 1.6),
		with_effect(L(2, EV_DESIGN_RCT, EV_CONTRADICTS, 900), EV_RR, 0.95, 0.8, 1.1),
	};
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_int_equal(g.asserts, EV_ASSERTS_HIGHER);
	assert_true(g.asserts_inferred);
	assert_non_null(strstr(step(&g, "asserts")->text, "inferred as 'higher'"));
	ev_grade_free(&g);
	/* Labels alone decide when nothing can be inferred. */
	struct ev_link m[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 900), L(2, EV_DESIGN_RCT, EV_CONTRADICTS, 900)};
	ev_grade(m, 2, &g);
	assert_int_equal(g.asserts, EV_ASSERTS_NONE);
	assert_int_equal(g.verdict, EV_MIXED);
	ev_grade_free(&g);
}

/* Issue 11, failure 1 / rule 3: a null result is pooled whatever its
 * label. One positive trial of 420 beside three null trials of 3,000. */
static void test_null_trials_are_pooled(void **state)
{
	(void)state;
	struct ev_link l[4] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 420), EV_MD, -0.20, -0.39, -0.01),
		with_effect(L(2, EV_DESIGN_RCT, EV_INCONCLUSIVE, 3000), EV_MD, 0.01, -0.06, 0.08),
		with_effect(L(3, EV_DESIGN_RCT, EV_INCONCLUSIVE, 3000), EV_MD, -0.02, -0.09, 0.05),
		with_effect(L(4, EV_DESIGN_RCT, EV_INCONCLUSIVE, 3000), EV_MD, 0.00, -0.07, 0.07),
	};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 4, &c, &g);
	const struct ev_body *b = primary(&g);
	assert_int_equal(b->k, 4);
	assert_int_equal(b->participants, 9420);
	assert_true(b->pool.ci_low < 0 && b->pool.ci_high > 0);
	assert_int_equal(g.verdict, EV_CONTRADICTED);
	assert_non_null(strstr(step(&g, "verdict")->text, "little or no difference"));
	/* A precise null: nothing to rate down for imprecision. */
	assert_int_equal(change(&g, EV_IMPRECISION), 0);
	assert_int_equal(g.certainty, 4);
	ev_grade_free(&g);
}

/* Issue 11, failure 2 / rule 6 inconsistency: not a vote. Five precise
 * trials at RR about 0.8 and one 40-person trial labelled contradicts. */
static void test_one_small_contrary_trial_is_not_inconsistency(void **state)
{
	(void)state;
	struct ev_link l[6] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 1200), EV_RR, 0.80, 0.74, 0.865),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 1200), EV_RR, 0.79, 0.73, 0.855),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 1200), EV_RR, 0.81, 0.75, 0.875),
		with_effect(L(4, EV_DESIGN_RCT, EV_SUPPORTS, 1200), EV_RR, 0.80, 0.74, 0.865),
		with_effect(L(5, EV_DESIGN_RCT, EV_SUPPORTS, 1200), EV_RR, 0.80, 0.74, 0.865),
		with_effect(L(6, EV_DESIGN_RCT, EV_CONTRADICTS, 40), EV_RR, 1.30, 0.50, 3.40),
	};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 6, &c, &g);
	const struct ev_body *b = primary(&g);
	assert_int_equal(b->k, 6);
	assert_true(b->pool.i2 < 1);
	assert_int_equal(change(&g, EV_INCONSISTENCY), 0);
	assert_int_equal(g.verdict, EV_SUPPORTED);
	assert_int_equal(g.certainty, 4);
	ev_grade_free(&g);
}

/* Rule 6 inconsistency: I2, CIs that do not overlap and a prediction
 * interval that crosses the null the pooled CI excludes. */
static void test_inconsistency_from_the_numbers(void **state)
{
	(void)state;
	struct ev_link l[3] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 2000), EV_RR, 0.20, 0.15, 0.27),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 2000), EV_RR, 0.60, 0.50, 0.72),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 2000), EV_RR, 1.05, 0.95, 1.16),
	};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 3, &c, &g);
	const struct ev_body *b = primary(&g);
	assert_true(b->pool.i2 >= 75);
	assert_int_equal(change(&g, EV_INCONSISTENCY), -2);
	assert_non_null(strstr(b->domain[EV_INCONSISTENCY].reason, "do not all overlap"));
	assert_non_null(strstr(b->domain[EV_INCONSISTENCY].reason, "prediction interval"));
	ev_grade_free(&g);
}

/* Issue 11, failure 3 / rule 1: the evidence under the top level is
 * rated too, and at equal certainty pointing the other way it makes the
 * verdict mixed. A 60-person trial against 200,000 in cohorts. */
static void test_large_cohort_null_beside_a_small_trial(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 60), EV_MD, -5.0, -9.5, -0.5),
		with_effect(L(2, EV_DESIGN_COHORT, EV_CONTRADICTS, 200000), EV_MD, 0.1, -0.3, 0.5),
	};
	l[0].outcome = l[1].outcome = "LDL cholesterol";
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(g.nbodies, 2);
	assert_int_equal(primary(&g)->family, EV_RANDOMIZED);
	/* 60 people under the information size, and a CI from trivial to
	 * large: -2. */
	assert_int_equal(change(&g, EV_IMPRECISION), -2);
	assert_int_equal(primary(&g)->certainty, 2);
	assert_int_equal(g.bodies[1].verdict, EV_CONTRADICTED);
	assert_int_equal(g.bodies[1].certainty, 2);
	assert_int_equal(g.verdict, EV_MIXED);
	assert_int_equal(g.certainty, 2);
	assert_non_null(strstr(step(&g, "verdict")->text, "observational evidence on the same outcome points the other way"));
	ev_grade_free(&g);
}

/* Issue 11, failure 4 / rule 4: a meta-analysis of cohort studies starts
 * low; one that records nothing is assumed observational, and said so. */
static void test_review_inherits_what_it_pools(void **state)
{
	(void)state;
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_META_ANALYSIS, EV_SUPPORTS, 90000), EV_RR, 0.85, 0.80, 0.90)};
	l[0].included_design = EV_INCLUDED_OBSERVATIONAL;
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(primary(&g)->family, EV_OBSERVATIONAL);
	assert_int_equal(g.top_level, 2);
	assert_int_equal(g.certainty, 2);
	ev_grade_free(&g);
	l[0].included_design = EV_INCLUDED_NONE;
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(g.top_level, 2);
	assert_non_null(strstr(step(&g, "review design")->text, "assumed to pool observational studies"));
	ev_grade_free(&g);
	l[0].included_design = EV_INCLUDED_RCT;
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(g.top_level, 4);
	ev_grade_free(&g);
	/* Included trials linked to the claim tell what it pools. */
	struct ev_link m[3] = {l[0], L(2, EV_DESIGN_RCT, EV_SUPPORTS, 100), L(3, EV_DESIGN_RCT, EV_SUPPORTS, 100)};
	m[0].included_design = EV_INCLUDED_NONE;
	m[0].includes = "s2;s3";
	m[1].outcome = m[2].outcome = "other outcome";
	ev_grade_claim(m, 3, &c, &g);
	assert_int_equal(g.bodies[0].family, EV_RANDOMIZED);
	ev_grade_free(&g);
}

/* Issue 11, failure 5 / rule 5: a review and the trials it pools count
 * once, through the review. */
static void test_review_and_its_trials_count_once(void **state)
{
	(void)state;
	struct ev_link l[3] = {
		with_effect(L(1, EV_DESIGN_META_ANALYSIS, EV_CONTRADICTS, 1500), EV_MD, -15, -30, -1),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 400), EV_MD, -10, -40, 20),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 300), EV_MD, -20, -50, 10),
	};
	l[0].includes = "s2;s3;s9";
	l[0].included_design = EV_INCLUDED_RCT;
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_NO_EFFECT);
	ev_grade_claim(l, 3, &c, &g);
	const struct ev_body *b = primary(&g);
	assert_int_equal(b->links, 3);
	assert_int_equal(b->used, 1);
	assert_int_equal(b->k, 1);
	assert_int_equal(b->participants, 1500);
	assert_int_equal(g.participants, 1500);
	assert_non_null(strstr(b->notes, "s2, s3 counted through review s1"));
	ev_grade_free(&g);
	/* Unrecorded: trials published by the review's year may be in it;
	 * participants are the larger count, not the sum. */
	l[0].includes = NULL;
	l[0].year = 2020;
	l[1].year = 2015;
	l[2].year = 2022;
	ev_grade_claim(l, 3, &c, &g);
	b = primary(&g);
	assert_int_equal(b->used, 3);
	assert_int_equal(b->participants, 1500 + 300);
	assert_non_null(strstr(b->notes, "possible overlap: s1 records no included studies and s2"));
	ev_grade_free(&g);
}

/* Issue 17, point 5: what a body sets aside names every study however
 * many there are (the notes were a 960-byte buffer, and the step that
 * shows them 480, so a long list was cut without a sign). */
static void test_set_aside_names_every_study(void **state)
{
	(void)state;
	enum { TRIALS = 300 };
	struct ev_link l[TRIALS + 1];
	struct ev_buf inc = EV_BUF_INIT;
	l[0] = L(1, EV_DESIGN_META_ANALYSIS, EV_SUPPORTS, 100000);
	for (int i = 1; i <= TRIALS; i++) {
		l[i] = L(1000 + i, EV_DESIGN_RCT, EV_SUPPORTS, 50);
		ev_buf_addf(&inc, "%ss%d", i > 1 ? ";" : "", 1000 + i);
	}
	l[0].includes = ev_buf_str(&inc);
	l[0].included_design = EV_INCLUDED_RCT;
	struct ev_grade g;
	ev_grade(l, TRIALS + 1, &g);
	const struct ev_body *b = primary(&g);
	assert_int_equal(b->used, 1);
	/* "s1001, s1002, ..., s1300 counted through review s1, which includes them" */
	struct ev_buf want = EV_BUF_INIT;
	for (int i = 1; i <= TRIALS; i++)
		ev_buf_addf(&want, "%ss%d", i > 1 ? ", " : "", 1000 + i);
	ev_buf_adds(&want, " counted through review s1, which includes them");
	assert_string_equal(b->notes, ev_buf_str(&want));
	assert_string_equal(step(&g, "set aside")->text, ev_buf_str(&want));
	ev_buf_free(&want);
	ev_buf_free(&inc);
	ev_grade_free(&g);
}

/* Issue 11, failure 6 / rule 6 indirectness: a supportive indirect study
 * does not lower a direct body's grade; an all-indirect body is rated down. */
/* Many links left out: the step names whole ones while they fit, then
 * says how many more; never a key cut in the middle. */
static void test_many_uncounted_links_end_with_how_many_more(void **state)
{
	(void)state;
	struct ev_link l[200];
	for (int i = 0; i < 200; i++) {
		l[i] = L(1000 + i, EV_DESIGN_RCT, EV_SUPPORTS, 50);
		l[i].status = EV_UNVERIFIED;
	}
	struct ev_grade g;
	ev_grade(l, 200, &g);
	const char *t = step(&g, "not counted")->text;
	/* "s1000 (unverified)" is 18 characters and ", " joins the next: 18 +
	 * 19 x 20 = 398 of the 400 the list may take, so 20 fit and 180 more
	 * are counted. */
	assert_string_equal(t + strlen(t) - strlen(" and 180 more"), " and 180 more");
	assert_non_null(strstr(t, "not counted: s1000 (unverified), s1001 (unverified), "));
	assert_non_null(strstr(t, ", s1019 (unverified) and 180 more"));
	assert_null(strstr(t, "s1020"));
	ev_grade_free(&g);
}

static void test_indirect_links_do_not_dilute(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 4800), EV_RR, 0.40, 0.28, 0.57),
		with_effect(L(2, EV_DESIGN_COHORT, EV_SUPPORTS, 16000), EV_HR, 0.91, 0.85, 1.00),
	};
	l[0].outcome = "CHD mortality";
	l[1].outcome = "incident CHD";
	l[1].indirect = 1;
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 1, &c, &g);
	enum ev_verdict v1 = g.verdict;
	int c1 = g.certainty;
	assert_int_equal(c1, 3); /* low, +1 for a large effect */
	assert_non_null(strstr(primary(&g)->upgrade.reason, "rests on a single study"));
	ev_grade_free(&g);
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(g.verdict, v1);
	assert_int_equal(g.certainty, c1);
	assert_int_equal(primary(&g)->measure, EV_RR);
	assert_int_equal(g.bodies[1].domain[EV_INDIRECTNESS].change, -1);
	ev_grade_free(&g);
	/* On the same outcome and measure the indirect one is set aside. */
	l[1] = with_effect(L(2, EV_DESIGN_COHORT, EV_SUPPORTS, 16000), EV_RR, 0.91, 0.85, 1.00);
	l[1].outcome = "CHD mortality";
	l[1].indirect = 1;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(g.nbodies, 1);
	assert_int_equal(primary(&g)->used, 1);
	assert_int_equal(g.certainty, c1);
	assert_non_null(strstr(primary(&g)->domain[EV_INDIRECTNESS].reason, "1 indirect link set aside"));
	ev_grade_free(&g);
}

/* Issue 11, failure 7 / rule 6 imprecision: a 30-person trial with CI
 * 0.3 to 1.2 is -2 (information size and CI both fail). */
static void test_tiny_trial_is_very_imprecise(void **state)
{
	(void)state;
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 30), EV_RR, 0.6, 0.3, 1.2)};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(change(&g, EV_IMPRECISION), -2);
	assert_non_null(strstr(primary(&g)->domain[EV_IMPRECISION].reason, "not met"));
	assert_int_equal(g.verdict, EV_SUPPORTED);
	assert_int_equal(g.certainty, 2);
	ev_grade_free(&g);
	/* The information size alone: -1. */
	l[0] = with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 300), EV_RR, 0.5, 0.4, 0.62);
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(change(&g, EV_IMPRECISION), -1);
	ev_grade_free(&g);
}

/* Issue 11, failure 8 / rule 6 imprecision: a no-effect claim backed by
 * large precise null trials is precise. */
static void test_precise_no_effect_claim(void **state)
{
	(void)state;
	struct ev_link l[3] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 4000), EV_RR, 1.00, 0.90, 1.11),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 4000), EV_RR, 0.98, 0.88, 1.09),
		with_effect(L(3, EV_DESIGN_RCT, EV_SUPPORTS, 4000), EV_RR, 1.02, 0.92, 1.13),
	};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_NO_EFFECT);
	ev_grade_claim(l, 3, &c, &g);
	assert_int_equal(change(&g, EV_IMPRECISION), 0);
	assert_non_null(strstr(primary(&g)->domain[EV_IMPRECISION].reason, "inside the thresholds"));
	assert_int_equal(g.verdict, EV_SUPPORTED);
	assert_int_equal(g.certainty, 4);
	ev_grade_free(&g);
	/* A wide CI does not show the absence of an effect. */
	l[0] = with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 4000), EV_RR, 1.0, 0.6, 1.6);
	ev_grade_claim(l, 1, &c, &g);
	assert_int_equal(change(&g, EV_IMPRECISION), -1);
	ev_grade_free(&g);
}

/* Issue 11, failure 9 / rule 6 publication bias: Egger's test from 10
 * estimates; below 10, not assessable. Twelve trials whose small ones
 * show the larger effects. */
static void test_publication_bias_from_egger(void **state)
{
	(void)state;
	enum { K = 12 };
	struct ev_link l[K];
	for (int i = 0; i < K; i++) {
		/* SE grows as the effect grows: small-study effects. */
		double se = 0.05 + 0.04 * i, y = log(0.95) - 0.12 * i;
		l[i] = with_effect(L(i + 1, EV_DESIGN_RCT, EV_SUPPORTS, 4000 / (i + 1)), EV_RR, exp(y),
				   exp(y - 1.959964 * se), exp(y + 1.959964 * se));
	}
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, K, &c, &g);
	assert_int_equal(change(&g, EV_PUBLICATION_BIAS), -1);
	assert_non_null(strstr(primary(&g)->domain[EV_PUBLICATION_BIAS].reason, "Egger's test p = "));
	ev_grade_free(&g);
	ev_grade_claim(l, 9, &c, &g);
	assert_int_equal(change(&g, EV_PUBLICATION_BIAS), 0);
	assert_non_null(strstr(primary(&g)->domain[EV_PUBLICATION_BIAS].reason, "not assessable"));
	ev_grade_free(&g);
}

/* Rule 6 publication bias: a body made only of small industry-funded
 * trials is rated down whatever its size. */
static void test_small_industry_trials(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 120), EV_SMD, -0.5, -0.86, -0.14),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 90), EV_SMD, -0.6, -1.02, -0.18),
	};
	l[0].funding = "Acme Pharma GmbH";
	l[1].funding = "Natto Industries Ltd";
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(change(&g, EV_PUBLICATION_BIAS), -1);
	assert_non_null(strstr(primary(&g)->domain[EV_PUBLICATION_BIAS].reason, "industry-funded"));
	ev_grade_free(&g);
	l[1].funding = "National Research Council";
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(change(&g, EV_PUBLICATION_BIAS), 0);
	ev_grade_free(&g);
	assert_true(ev_funding_is_industry("NattoPharma"));
	assert_true(ev_funding_is_industry("Zorblat Inc."));
	assert_false(ev_funding_is_industry("Low-income households fund"));
	assert_false(ev_funding_is_industry("no industry funding"));
	assert_false(ev_funding_is_industry(NULL));
	/* Issue 17, point 5: the whole field is read, however long (a funder
	 * named after the first 511 bytes was missed). */
	struct ev_buf funding = EV_BUF_INIT;
	for (int i = 0; i < 30; i++)
		ev_buf_adds(&funding, "Quarrydown council grant; ");
	ev_buf_adds(&funding, "Ashgrove Pharma");
	assert_true(funding.len > 600);
	assert_true(ev_funding_is_industry(ev_buf_str(&funding)));
	ev_buf_free(&funding);
}

/* Rule 6 risk of bias: weighted by each study's weight in the body;
 * never-assessed studies are not low risk, and are counted. */
static void test_risk_of_bias_weighted(void **state)
{
	(void)state;
	/* The high-risk trial is the precise one: most of the weight. */
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_RCT, EV_SUPPORTS, 3000), EV_RR, 0.70, 0.62, 0.79),
		with_effect(L(2, EV_DESIGN_RCT, EV_SUPPORTS, 3000), EV_RR, 0.72, 0.50, 1.04),
	};
	l[0].rob = EV_ROB_HIGH;
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(change(&g, EV_RISK_OF_BIAS), -2);
	ev_grade_free(&g);
	/* Swap: the low-risk trial carries the weight. */
	l[0].rob = EV_ROB_LOW;
	l[1].rob = EV_ROB_HIGH;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(change(&g, EV_RISK_OF_BIAS), 0);
	ev_grade_free(&g);
	/* Never assessed: -1, and the participants are named. */
	l[0].rob = EV_ROB_UNKNOWN;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(change(&g, EV_RISK_OF_BIAS), -1);
	assert_non_null(strstr(primary(&g)->domain[EV_RISK_OF_BIAS].reason, "3,000 of 6,000 participants never assessed"));
	ev_grade_free(&g);
}

/* Rule 7: only an observational body with nothing rated down is rated up
 * for a large effect; randomized evidence never is. */
static void test_upgrade_only_observational_without_downgrade(void **state)
{
	(void)state;
	struct ev_link l[2] = {
		with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 5000), EV_RR, 0.15, 0.09, 0.25),
		with_effect(L(2, EV_DESIGN_COHORT, EV_SUPPORTS, 5000), EV_RR, 0.17, 0.10, 0.29),
	};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(primary(&g)->upgrade.change, 2);
	assert_null(strstr(primary(&g)->upgrade.reason, "single study"));
	assert_int_equal(g.certainty, 4);
	ev_grade_free(&g);
	l[0].rob = l[1].rob = EV_ROB_SOME;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(primary(&g)->upgrade.change, 0);
	assert_int_equal(g.certainty, 1);
	ev_grade_free(&g);
	l[0].design = l[1].design = EV_DESIGN_RCT;
	l[0].rob = l[1].rob = EV_ROB_LOW;
	ev_grade_claim(l, 2, &c, &g);
	assert_int_equal(primary(&g)->upgrade.change, 0);
	assert_int_equal(g.certainty, 4);
	ev_grade_free(&g);
}

static void test_certainty_floor_at_very_low(void **state)
{
	(void)state;
	struct ev_link l[2] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 20), L(2, EV_DESIGN_RCT, EV_CONTRADICTS, 20)};
	for (int i = 0; i < 2; i++) {
		l[i].rob = EV_ROB_HIGH;
		l[i].indirect = 1;
	}
	struct ev_grade g;
	ev_grade(l, 2, &g);
	assert_int_equal(g.certainty, 1);
	assert_int_equal(g.verdict, EV_MIXED);
	assert_non_null(strstr(step(&g, "certainty")->text, "not below very low"));
	ev_grade_free(&g);
}

static void test_participants_count_each_study_once(void **state)
{
	(void)state;
	struct ev_link l[3] = {L(1, EV_DESIGN_RCT, EV_SUPPORTS, 500), L(1, EV_DESIGN_RCT, EV_SUPPORTS, 300),
			       L(2, EV_DESIGN_RCT, EV_SUPPORTS, 100)};
	l[1].outcome = "other";
	struct ev_grade g;
	ev_grade(l, 3, &g);
	assert_int_equal(g.participants, 600);
	ev_grade_free(&g);
}

static void test_single_estimate_keeps_published_ci(void **state)
{
	(void)state;
	/* HR 0.91 (0.85 to 1.00): as published it touches 1. */
	struct ev_link l[1] = {with_effect(L(1, EV_DESIGN_COHORT, EV_SUPPORTS, 16057), EV_HR, 0.91, 0.85, 1.00)};
	struct ev_grade g;
	struct ev_claim_facts c = asserting(EV_ASSERTS_LOWER);
	ev_grade_claim(l, 1, &c, &g);
	assert_true(primary(&g)->pool.ci_high == 1.00);
	ev_grade_free(&g);
}

static void test_every_link_counts_however_many(void **state)
{
	(void)state;
	/* 1,500 RCT links on one outcome: all of them pooled. */
	enum { N = 1500 };
	static struct ev_link l[N];
	for (int i = 0; i < N; i++)
		l[i] = with_effect(L(i + 1, EV_DESIGN_RCT, i < 1200 ? EV_SUPPORTS : EV_CONTRADICTS, 10), EV_RR, 0.8,
				   0.6, 1.05);
	struct ev_grade g;
	ev_grade(l, N, &g);
	assert_int_equal(g.nbodies, 1);
	assert_int_equal(primary(&g)->k, N);
	assert_int_equal(primary(&g)->participants, 10 * N);
	assert_int_equal(g.verdict, EV_SUPPORTED);
	ev_grade_free(&g);
}

static void test_every_group_counts_however_many(void **state)
{
	(void)state;
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
	assert_true(out[G - 1].pool.i2 > 50);
	struct ev_grade g;
	ev_grade(l, 2 * G, &g);
	assert_int_equal(g.nbodies, G);
	assert_string_equal(g.bodies[G - 1].outcome, "outcome 99");
	assert_int_equal(g.bodies[G - 1].domain[EV_INCONSISTENCY].change, -1);
	ev_grade_free(&g);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_links_is_insufficient),
		cmocka_unit_test(test_uncounted_links_do_not_grade),
		cmocka_unit_test(test_many_uncounted_links_end_with_how_many_more),
		cmocka_unit_test(test_design_levels),
		cmocka_unit_test(test_bodies_by_outcome_measure_and_family),
		cmocka_unit_test(test_primary_body_named_by_the_claim),
		cmocka_unit_test(test_asserts_inferred_and_said),
		cmocka_unit_test(test_null_trials_are_pooled),
		cmocka_unit_test(test_one_small_contrary_trial_is_not_inconsistency),
		cmocka_unit_test(test_inconsistency_from_the_numbers),
		cmocka_unit_test(test_large_cohort_null_beside_a_small_trial),
		cmocka_unit_test(test_review_inherits_what_it_pools),
		cmocka_unit_test(test_review_and_its_trials_count_once),
		cmocka_unit_test(test_set_aside_names_every_study),
		cmocka_unit_test(test_indirect_links_do_not_dilute),
		cmocka_unit_test(test_tiny_trial_is_very_imprecise),
		cmocka_unit_test(test_precise_no_effect_claim),
		cmocka_unit_test(test_publication_bias_from_egger),
		cmocka_unit_test(test_small_industry_trials),
		cmocka_unit_test(test_risk_of_bias_weighted),
		cmocka_unit_test(test_upgrade_only_observational_without_downgrade),
		cmocka_unit_test(test_certainty_floor_at_very_low),
		cmocka_unit_test(test_participants_count_each_study_once),
		cmocka_unit_test(test_single_estimate_keeps_published_ci),
		cmocka_unit_test(test_every_link_counts_however_many),
		cmocka_unit_test(test_every_group_counts_however_many),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("grade", tests, NULL, NULL);
}
