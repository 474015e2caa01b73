/*
 * test_sof.c: the numbers and words of a Summary of Findings row against
 * values computed by hand from GRADEpro's formulas (docs/sof.md), and
 * GRADE guidance 26's statements for every certainty and effect size.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sof.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* RR 0.5 (0.25 to 1.0) on a risk of 20%: 1000 x 0.2 x (RR - 1). */
static void rr_absolute(void **state)
{
	(void)state;
	struct ev_sof_abs a;
	char buf[128];
	assert_int_equal(ev_sof_absolute(EV_RR, 0.5, 0.25, 1.0, 0.2, &a), 0);
	NEAR(a.risk, 200);
	NEAR(a.with, 100);
	NEAR(a.diff, -100);
	NEAR(a.diff_low, -150);
	NEAR(a.diff_high, 0);
	assert_string_equal(ev_sof_abs_text(&a, buf, sizeof buf), "100 fewer per 1,000 (from 150 fewer to 0 fewer)");
}

/* OR 2 (1.5 to 3) on 10%: OR r / (1 - r + OR r) = 0.2/1.1, 0.15/1.05, 0.3/1.2. */
static void or_absolute(void **state)
{
	(void)state;
	struct ev_sof_abs a;
	char buf[128];
	assert_int_equal(ev_sof_absolute(EV_OR, 2, 1.5, 3, 0.1, &a), 0);
	NEAR(a.with, 1000 * 0.2 / 1.1);
	NEAR(a.diff, 1000 * 0.2 / 1.1 - 100);       /* 81.8 */
	NEAR(a.diff_low, 1000 * 0.15 / 1.05 - 100); /* 42.9 */
	NEAR(a.diff_high, 1000 * 0.3 / 1.2 - 100);  /* 150 */
	assert_string_equal(ev_sof_abs_text(&a, buf, sizeof buf), "82 more per 1,000 (from 43 more to 150 more)");
}

/* HR 0.5 (0.25 to 1) on 36%: 1 - 0.64^HR = 0.2, 1 - 0.64^0.25 = 1 - sqrt(0.8). */
static void hr_absolute(void **state)
{
	(void)state;
	struct ev_sof_abs a;
	char buf[128];
	assert_int_equal(ev_sof_absolute(EV_HR, 0.5, 0.25, 1, 0.36, &a), 0);
	NEAR(a.with, 200);
	NEAR(a.diff, -160);
	NEAR(a.diff_low, 1000 * (1 - sqrt(0.8)) - 360); /* -254.4 */
	NEAR(a.diff_high, 0);
	assert_string_equal(ev_sof_abs_text(&a, buf, sizeof buf), "160 fewer per 1,000 (from 254 fewer to 0 fewer)");
}

/* RD -0.05 (-0.08 to -0.02) on 30%: the difference is the RD itself. */
static void rd_absolute(void **state)
{
	(void)state;
	struct ev_sof_abs a;
	assert_int_equal(ev_sof_absolute(EV_RD, -0.05, -0.08, -0.02, 0.3, &a), 0);
	NEAR(a.with, 250);
	NEAR(a.diff, -50);
	NEAR(a.diff_low, -80);
	NEAR(a.diff_high, -20);
}

/* What cannot be read per 1,000 is refused; a risk above 1 is capped. */
static void absolute_refused_and_capped(void **state)
{
	(void)state;
	struct ev_sof_abs a;
	assert_int_equal(ev_sof_absolute(EV_MD, -2, -3, -1, 0.2, &a), -1);
	assert_int_equal(ev_sof_absolute(EV_SMD, -0.2, -0.3, -0.1, 0.2, &a), -1);
	assert_int_equal(ev_sof_absolute(EV_RR, 0.5, 0.25, 1, 1.5, &a), -1);
	assert_int_equal(ev_sof_absolute(EV_RR, 0.5, 0.25, 1, -0.1, &a), -1);
	assert_int_equal(ev_sof_absolute(EV_RR, 0.5, 0, 1, 0.2, &a), -1);
	assert_int_equal(ev_sof_absolute(EV_RR, 0.5, 0.25, NAN, 0.2, &a), -1);
	/* RR 3 (2 to 4) on 40%: 1,200 per 1,000 is impossible: 600 more at most. */
	assert_int_equal(ev_sof_absolute(EV_RR, 3, 2, 4, 0.4, &a), 0);
	NEAR(a.diff, 600);
	NEAR(a.diff_low, 400);
	NEAR(a.diff_high, 600);
}

/* Rounding keeps the side: -0.4 is "0 fewer", 0.4 is "0 more". */
static void rounding_keeps_the_side(void **state)
{
	(void)state;
	struct ev_sof_abs a = {100, 99.6, -0.4, -2.5, 0.4};
	char buf[128];
	assert_string_equal(ev_sof_abs_text(&a, buf, sizeof buf), "0 fewer per 1,000 (from 3 fewer to 0 more)");
}

/* The forest plot's format (numfmt.h), the measure before it. */
static void relative_and_mean_text(void **state)
{
	(void)state;
	char buf[128];
	assert_string_equal(ev_sof_relative_text(EV_RR, 0.48, 0.321, 0.714, 2, buf, sizeof buf), "RR 0.48 [0.32, 0.71]");
	assert_string_equal(ev_sof_relative_text(EV_HR, 0.905, 0.85, 1, 2, buf, sizeof buf), "HR 0.91 [0.85, 1.00]");
	assert_string_equal(ev_sof_mean_text(EV_MD, -2.3, -3.1, -1.5, 1, buf, sizeof buf),
			    "MD 2.3 lower (3.1 lower to 1.5 lower)");
	assert_string_equal(ev_sof_mean_text(EV_MD, 0.25, -0.02, 0.51, 2, buf, sizeof buf),
			    "MD 0.25 higher (0.02 lower to 0.51 higher)");
	assert_string_equal(ev_sof_mean_text(EV_SMD, -0.4, -0.6, 0, 2, buf, sizeof buf),
			    "SMD 0.40 SD lower (0.60 lower to 0)");
}

static void sizes(void **state)
{
	(void)state;
	assert_int_equal(ev_sof_size_of(EV_RR, 0.97, 0.9, 1.04), EV_SOF_TRIVIAL);
	assert_int_equal(ev_sof_size_of(EV_RR, 0.95, 0.9, 1.0), EV_SOF_SMALL);
	assert_int_equal(ev_sof_size_of(EV_OR, 1.2, 1.1, 1.3), EV_SOF_SMALL);
	assert_int_equal(ev_sof_size_of(EV_HR, 0.75, 0.7, 0.8), EV_SOF_LARGE);
	assert_int_equal(ev_sof_size_of(EV_SMD, -0.19, -0.3, -0.1), EV_SOF_TRIVIAL);
	assert_int_equal(ev_sof_size_of(EV_SMD, 0.3, 0.1, 0.5), EV_SOF_SMALL);
	assert_int_equal(ev_sof_size_of(EV_SMD, -0.5, -0.7, -0.3), EV_SOF_LARGE);
	assert_int_equal(ev_sof_size_of(EV_RD, 0.004, -0.01, 0.02), EV_SOF_TRIVIAL);
	assert_int_equal(ev_sof_size_of(EV_RD, -0.02, -0.03, -0.01), EV_SOF_SMALL);
	assert_int_equal(ev_sof_size_of(EV_RD, -0.05, -0.08, -0.02), EV_SOF_LARGE);
	assert_int_equal(ev_sof_size_of(EV_MD, -2, -3.5, 0.1), EV_SOF_TRIVIAL);
	assert_int_equal(ev_sof_size_of(EV_MD, -2, -3.5, -0.4), EV_SOF_LARGE);
}

static void expect_statement(int certainty, int has, enum ev_measure m, double e, double lo, double hi,
			     const char *x, const char *y, const char *want)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_sof_statement(&b, certainty, has, m, e, lo, hi, x, y);
	assert_string_equal(ev_buf_str(&b), want);
	ev_buf_free(&b);
}

/* GRADE guidance 26: the verb from the certainty, the modifier from the size. */
static void statements(void **state)
{
	(void)state;
	expect_statement(4, 1, EV_RR, 0.5, 0.4, 0.6, "zorblat", "stroke", "Zorblat reduces stroke");
	expect_statement(4, 1, EV_RR, 1.2, 1.1, 1.3, "zorblat", "stroke", "Zorblat slightly increases stroke");
	expect_statement(4, 1, EV_RR, 1.01, 0.98, 1.04, "zorblat", "stroke",
			 "Zorblat results in little to no difference in stroke");
	expect_statement(3, 1, EV_RR, 0.5, 0.3, 0.8, "zorblat", "stroke", "Zorblat probably reduces stroke");
	expect_statement(3, 1, EV_SMD, -0.3, -0.5, -0.1, "zorblat", "pain", "Zorblat probably reduces pain slightly");
	expect_statement(3, 1, EV_RR, 0.98, 0.9, 1.05, "zorblat", "stroke",
			 "Zorblat probably results in little to no difference in stroke");
	expect_statement(2, 1, EV_OR, 1.8, 1.1, 2.9, "zorblat", "falls", "Zorblat may increase falls");
	expect_statement(2, 1, EV_HR, 0.8, 0.64, 1, "zorblat", "fracture", "Zorblat may reduce fracture slightly");
	expect_statement(2, 1, EV_MD, 1, -0.5, 2.5, "zorblat", "pain", "Zorblat may result in little to no difference in pain");
	expect_statement(1, 1, EV_RR, 0.5, 0.1, 2.5, "zorblat", "stroke",
			 "The evidence is very uncertain about the effect of zorblat on stroke");
	expect_statement(3, 1, EV_RR, 0.5, 0.3, 0.8, NULL, NULL, "The intervention probably reduces the outcome");
	expect_statement(2, 0, EV_RR, 0, 0, 0, "zorblat", "stroke",
			 "No estimate with a confidence interval: the effect of zorblat on stroke is not summarised");
}

static void marks(void **state)
{
	(void)state;
	char m[16];
	assert_string_equal(ev_sof_mark(0, m, sizeof m), "a");
	assert_string_equal(ev_sof_mark(25, m, sizeof m), "z");
	assert_string_equal(ev_sof_mark(26, m, sizeof m), "aa");
	assert_string_equal(ev_sof_mark(27, m, sizeof m), "ab");
	assert_string_equal(ev_sof_mark(701, m, sizeof m), "zz");
	assert_string_equal(ev_sof_mark(702, m, sizeof m), "aaa");
	assert_string_equal(ev_sof_symbols(2), "\xe2\x8a\x95\xe2\x8a\x95\xe2\x97\xaf\xe2\x97\xaf");
	assert_string_equal(ev_sof_symbols(0), "");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rr_absolute),
		cmocka_unit_test(or_absolute),
		cmocka_unit_test(hr_absolute),
		cmocka_unit_test(rd_absolute),
		cmocka_unit_test(absolute_refused_and_capped),
		cmocka_unit_test(rounding_keeps_the_side),
		cmocka_unit_test(relative_and_mean_text),
		cmocka_unit_test(sizes),
		cmocka_unit_test(statements),
		cmocka_unit_test(marks),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
