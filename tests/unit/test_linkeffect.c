/*
 * test_linkeffect.c: a link's effect from raw data or from its published
 * estimate and CI (linkeffect.h), the reasons an effect cannot be pooled,
 * the computed estimate shown in place of a published one, and the
 * raw-data rules of validate.c. Reference values: metafor 3.8's escalc
 * (tests/data/meta-cli/reference.tsv).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "linkeffect.h"
#include "validate.h"

static struct ev_link counts(enum ev_measure m, double et, double nt, double ec, double nc)
{
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.status = EV_VERIFIED;
	l.design = EV_DESIGN_RCT;
	l.outcome = "";
	l.measure = m;
	l.has_counts = 1;
	l.events_treat = et;
	l.total_treat = nt;
	l.events_control = ec;
	l.total_control = nc;
	return l;
}

/* dat.bcg trial 1: 4/123 vs 11/139; escalc RR yi, vi. */
static void rr_from_counts(void **state)
{
	(void)state;
	struct ev_link l = counts(EV_RR, 4, 123, 11, 139);
	double y, v;
	const char *why = "x";
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), 0);
	assert_null(why);
	assert_true(fabs(y - -0.889311333920205) < 1e-12);
	assert_true(fabs(v - 0.325584765003961) < 1e-12);
}

static void double_zero_not_pooled_for_rr(void **state)
{
	(void)state;
	struct ev_link l = counts(EV_RR, 0, 40, 0, 41);
	double y, v;
	const char *why = NULL;
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), -1);
	assert_string_equal(why, "no events in either arm: not pooled for RR");
	/* ... and no estimate is shown for it */
	ev_link_complete(&l);
	assert_int_equal(l.has_estimate, 0);
	assert_int_equal(l.computed, 0);
	/* RD pools it */
	l.measure = EV_RD;
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), 0);
	assert_true(fabs(y) < 1e-3); /* 0.5/41 - 0.5/42 after the correction */
}

static void zero_cell_corrected(void **state)
{
	(void)state;
	struct ev_link l = counts(EV_RR, 0, 50, 3, 52);
	double y, v;
	const char *why = NULL;
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), 0);
	assert_string_equal(why, "0.5 added to every cell (a zero cell)");
	assert_true(fabs(y - -1.90744386822752) < 1e-12);
	assert_true(fabs(v - 2.24723851804873) < 1e-12);
}

static void published_estimate(void **state)
{
	(void)state;
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.measure = EV_OR;
	l.has_estimate = l.has_ci = 1;
	l.estimate = 0.48;
	l.ci_low = 0.32;
	l.ci_high = 0.71;
	double y, v, se;
	assert_int_equal(ev_link_effect(&l, &y, &v, NULL), 0);
	assert_int_equal(ev_meta_effect(EV_OR, 0.48, 0.32, 0.71, &y, &se), 0);
	assert_true(sqrt(v) == se); /* the same bits as before raw data existed */
	l.has_ci = 0;
	const char *why = NULL;
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), -1);
	assert_string_equal(why, "no confidence interval");
}

/* Issue 18: effects whose squares overflow the sums of pooling are left
 * out with EV_LINK_TOO_LARGE; values just under the limit are kept. */
static void too_large_not_pooled(void **state)
{
	(void)state;
	static const double cases[][3] = {
		{1e308, 1e307, 1.7e308},   /* the CI's width overflows */
		{5, -1.7e308, 1.7e308},     /* so does this one's */
		{1e160, 0.99999999999999e160, 1.00000000000001e160}, /* finite variance, effect past 1e150 */
		{1, -1e150, 1e150},         /* half-width 1e150 */
	};
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.status = EV_VERIFIED;
	l.design = EV_DESIGN_RCT;
	l.outcome = "";
	l.measure = EV_MD;
	l.has_estimate = l.has_ci = 1;
	double y, v;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = NULL;
		l.estimate = cases[i][0];
		l.ci_low = cases[i][1];
		l.ci_high = cases[i][2];
		assert_int_equal(ev_link_effect(&l, &y, &v, &why), -1);
		assert_ptr_equal(why, EV_LINK_TOO_LARGE);
		assert_true(ev_link_too_large(&l));
	}
	l.estimate = 1e149;
	l.ci_low = 1e148;
	l.ci_high = 1.9e149;
	assert_int_equal(ev_link_effect(&l, &y, &v, NULL), 0);
	assert_true(isfinite(v) && v > 0);
	assert_false(ev_link_too_large(&l));
}

static void computed_estimate_shown(void **state)
{
	(void)state;
	struct ev_link l = counts(EV_RR, 4, 123, 11, 139);
	ev_link_complete(&l);
	assert_int_equal(l.has_estimate, 1);
	assert_int_equal(l.has_ci, 1);
	assert_int_equal(l.computed, 1);
	assert_true(fabs(l.estimate - exp(-0.889311333920205)) < 1e-12);
	assert_true(fabs(l.ci_low - exp(-0.889311333920205 - 1.959964 * sqrt(0.325584765003961))) < 1e-12);
}

static void measure_fits_data(void **state)
{
	(void)state;
	assert_true(ev_link_measure_counts(EV_RD));
	assert_false(ev_link_measure_counts(EV_HR));
	assert_true(ev_link_measure_means(EV_SMD));
	assert_false(ev_link_measure_means(EV_RR));
	struct ev_link l = counts(EV_MD, 4, 123, 11, 139);
	double y, v;
	const char *why = NULL;
	assert_int_equal(ev_link_effect(&l, &y, &v, &why), -1);
	assert_string_equal(why, "counts give RR, OR or RD, not this measure");
}

/* validate.c's rules, by the column and message they report. */
static char got[4][400];
static int ngot;

static void collect(void *ud, const char *column, const char *message)
{
	(void)ud;
	if (ngot < 4)
		snprintf(got[ngot++], sizeof got[0], "%s: %s", column, message);
}

static int check(const char *const *names, const char *const *values, int n)
{
	struct ev_record r = {0};
	ev_record_reset(&r, EV_LINK);
	for (int i = 0; i < 3; i++)
		ev_record_default(&r, i);
	ev_validate_field(&r, ev_field_index(EV_LINK, "claim"), "c", 1, collect, NULL);
	ev_validate_field(&r, ev_field_index(EV_LINK, "study"), "s", 1, collect, NULL);
	ev_validate_field(&r, ev_field_index(EV_LINK, "direction"), "supports", 8, collect, NULL);
	ev_record_default(&r, ev_field_index(EV_LINK, "indirect"));
	for (int i = 0; i < n; i++)
		ev_validate_field(&r, ev_field_index(EV_LINK, names[i]), values[i], strlen(values[i]), collect, NULL);
	ngot = 0;
	int problems = ev_validate_record(&r, collect, NULL);
	ev_record_free(&r);
	return problems;
}

static void validation_rules(void **state)
{
	(void)state;
	const char *n1[] = {"measure", "events_treat", "total_treat", "events_control", "total_control"};
	const char *ok[] = {"RR", "4", "123", "11", "139"};
	assert_int_equal(check(n1, ok, 5), 0);
	const char *over[] = {"RR", "124", "123", "11", "139"};
	assert_int_equal(check(n1, over, 5), 1);
	assert_string_equal(got[0], "events_treat: '124' is above total_treat '123'");
	const char *n2[] = {"measure", "estimate", "events_treat", "total_treat", "events_control", "total_control"};
	const char *agree[] = {"RR", "0.41", "4", "123", "11", "139"};
	assert_int_equal(check(n2, agree, 6), 0);
	const char *disagree[] = {"RR", "0.45", "4", "123", "11", "139"};
	assert_int_equal(check(n2, disagree, 6), 1);
	assert_string_equal(got[0], "estimate: '0.45' does not agree with the raw data, which give RR 0.41094 (0.41 "
				    "to the 2 decimals published); give the raw data alone, or published values they "
				    "round to");
	const char *n3[] = {"measure", "total_treat", "total_control"};
	const char *alone[] = {"MD", "10", "12"};
	assert_int_equal(check(n3, alone, 3), 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rr_from_counts),	   cmocka_unit_test(double_zero_not_pooled_for_rr),
		cmocka_unit_test(zero_cell_corrected),	   cmocka_unit_test(published_estimate),
		cmocka_unit_test(computed_estimate_shown), cmocka_unit_test(measure_fits_data),
		cmocka_unit_test(validation_rules),	   cmocka_unit_test(too_large_not_pooled),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
