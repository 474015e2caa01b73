/*
 * test_numfmt.c: how an estimate and its CI are printed (numfmt.h): the
 * decimals chosen for a set of estimates, ratios and differences, the
 * guard that keeps a rounded CI from touching the null it excludes, and
 * the formatting of zeros, huge and non-finite values and p values.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "numfmt.h"

static const char *fmt(double e, double lo, double hi, int d)
{
	static char buf[128];
	return ev_format_estimate(buf, sizeof buf, e, lo, hi, d);
}

static void test_format(void **state)
{
	(void)state;
	assert_string_equal(fmt(0.48, 0.32, 0.71, 2), "0.48 [0.32, 0.71]");
	assert_string_equal(fmt(-17, -86, 53, 0), "-17 [-86, 53]");
	assert_string_equal(fmt(-17.37, -34.18, -0.56, 1), "-17.4 [-34.2, -0.6]");
	/* -0 and values that round to zero */
	assert_string_equal(fmt(-0.0, -1, 1, 2), "0.00 [-1.00, 1.00]");
	assert_string_equal(fmt(0.2, -40, 40, 0), "0.2 [-40, 40]");
	assert_string_equal(fmt(0.0043, 0.001, 0.02, 2), "0.0043 [0.001, 0.02]");
	assert_string_equal(fmt(-0.004, -0.0449, 0.3, 1), "-0.004 [-0.045, 0.3]");
	/* huge values in significant digits, not walls of digits */
	assert_string_equal(fmt(1e149, 1e148, 1.9e149, 2), "1e+149 [1e+148, 1.9e+149]");
	assert_string_equal(fmt(1.5e9, 1.25e9, 2e9, 0), "1.5e+09 [1.25e+09, 2e+09]");
	assert_string_equal(fmt(999999999, 1, 2, 0), "999999999 [1, 2]");
	/* never nan or inf */
	assert_string_equal(fmt(NAN, 1, INFINITY, 2), "\xe2\x80\x93 [1.00, \xe2\x80\x93]");
	assert_string_equal(fmt(1, -INFINITY, 3, 0), "1 [\xe2\x80\x93, 3]");
	/* decimals are clamped to 0..6 */
	assert_string_equal(fmt(1.23456789, 1, 2, 9), "1.234568 [1.000000, 2.000000]");
	assert_string_equal(fmt(12.5, 10, 15, -3), "12 [10, 15]");
	/* a short buffer is cut, still terminated */
	char small[8];
	ev_format_estimate(small, sizeof small, 0.48, 0.32, 0.71, 2);
	assert_string_equal(small, "0.48 [0");
}

/* A prediction interval's limits are written as an estimate's CI limits. */
static void test_format_interval(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(ev_format_interval(b, sizeof b, 0.1559, 1.537, 3), "0.156 to 1.537");
	assert_string_equal(ev_format_interval(b, sizeof b, -43.84, 15.91, 1), "-43.8 to 15.9");
	assert_string_equal(ev_format_interval(b, sizeof b, -0.00003, 0.0004, 3), "-3e-05 to 0.0004");
	assert_string_equal(ev_format_interval(b, sizeof b, 1e149, 2e149, 2), "1e+149 to 2e+149");
	assert_string_equal(ev_format_interval(b, sizeof b, NAN, 2, 0), "\xe2\x80\x93 to 2");
	assert_string_equal(ev_format_interval(b, sizeof b, -0.0, 2, 9), "0.000000 to 2.000000");
}

static int dec(int ratio, const struct ev_estimate *e, int n) { return ev_estimate_decimals(ratio, e, n); }

static void test_decimals_ratios(void **state)
{
	(void)state;
	/* Ratios: two decimals, whatever the data were given with. */
	const struct ev_estimate hackshaw[] = {{1.18, 0.90, 1.54, 1}, {1.45, 1.02, 2.08, 1}, {2.02, 0.48, 8.56, 1},
					       {1.2385, 1.1292, 1.3583, 0}};
	assert_int_equal(dec(1, hackshaw, 4), 2);
	const struct ev_estimate three[] = {{1.234, 1.101, 1.385, 1}};
	assert_int_equal(dec(1, three, 1), 2);
	/* An upper limit of 0.996 would read 1.00: three decimals. */
	const struct ev_estimate near1[] = {{0.993, 0.991, 0.996, 1}, {0.8, 0.6, 1.1, 1}};
	assert_int_equal(dec(1, near1, 2), 3);
	/* A lower limit of 1.0004 needs four. */
	const struct ev_estimate above[] = {{1.2, 1.0004, 1.4, 1}};
	assert_int_equal(dec(1, above, 1), 4);
	/* A limit exactly on 1 is not moved off it. */
	const struct ev_estimate on1[] = {{0.91, 0.85, 1.00, 1}};
	assert_int_equal(dec(1, on1, 1), 2);
	/* 1 + 1e-12 cannot be shown apart from 1 in four decimals: the most. */
	const struct ev_estimate hair[] = {{1.5, 1 + 1e-12, 2, 1}};
	assert_int_equal(dec(1, hair, 1), EV_DECIMALS_MAX);
	assert_int_equal(dec(1, NULL, 0), 2);
}

static void test_decimals_differences(void **state)
{
	(void)state;
	/* A CI 139 wide: no decimals (two to three significant digits of it). */
	const struct ev_estimate avadec[] = {{-17, -86, 53, 1}};
	assert_int_equal(dec(0, avadec, 1), 0);
	/* 33.6 wide, given with two decimals: one (three significant digits). */
	const struct ev_estimate li[] = {{-17.37, -34.18, -0.56, 1}};
	assert_int_equal(dec(0, li, 1), 1);
	/* 0.53 wide, given with two: two. */
	const struct ev_estimate zw[] = {{0.25, -0.02, 0.51, 1}};
	assert_int_equal(dec(0, zw, 1), 2);
	/* Given as whole numbers but 0.4 wide: two significant digits need two. */
	const struct ev_estimate whole[] = {{1, 1, 1.4, 1}};
	assert_int_equal(dec(0, whole, 1), 2);
	/* -12345.125 with CIs 2000 wide: none, not -12345.125. */
	const struct ev_estimate wide[] = {{-12345, -13345, -11345, 1}, {-12000.125, -13000.25, -10999.75, 1}};
	assert_int_equal(dec(0, wide, 2), 0);
	/* Computed values only: three significant digits of the median width. */
	const struct ev_estimate computed[] = {{0.0234, -0.0021, 0.0489, 0}, {0.03, 0.01, 0.05, 0}};
	assert_int_equal(dec(0, computed, 2), 4); /* 0.0455: 0.0234 [-0.0021, 0.0489] */
	/* The median width (8.2), not the narrowest (0.02): one very precise
	 * study does not set three or four decimals for a panel of wide ones;
	 * its two given decimals are within what 8.2 allows. */
	const struct ev_estimate mixed[] = {
		{5.2, 1.1, 9.3, 1}, {4.8, 0.9, 8.7, 1}, {5.01, 5.0, 5.02, 1}, {6.1, 2.0, 10.2, 1}, {3.3, -1.0, 7.6, 1}};
	assert_int_equal(dec(0, mixed, 5), 2);
	/* Non-finite values are ignored; nothing usable gives two. */
	const struct ev_estimate bad[] = {{NAN, NAN, NAN, 1}};
	assert_int_equal(dec(0, bad, 1), 2);
	/* Never more than the maximum. */
	const struct ev_estimate tiny[] = {{1e-9, 0, 2e-9, 1}};
	assert_int_equal(dec(0, tiny, 1), EV_DECIMALS_MAX);
}

static void test_format_p(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(ev_format_p(b, sizeof b, 0.0951623), "0.095");
	assert_string_equal(ev_format_p(b, sizeof b, 0.6101092), "0.61");
	assert_string_equal(ev_format_p(b, sizeof b, 0.00009), "< 0.0001");
	assert_string_equal(ev_format_p(b, sizeof b, 0.0001), "0.0001");
	assert_string_equal(ev_format_p(b, sizeof b, 1), "1");
	assert_string_equal(ev_format_p(b, sizeof b, NAN), "n/a");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_interval),
		cmocka_unit_test(test_decimals_ratios),
		cmocka_unit_test(test_decimals_differences),
		cmocka_unit_test(test_format_p),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
