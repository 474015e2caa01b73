/*
 * test_ci_centre.c: the import warning for an estimate far from the centre
 * of its confidence interval (ev_validate_ci_centre). It must fire for a
 * sign or transcription error (AVADEC's "17 (-86 to 53)") and never for
 * honest rounding of published values: swept here over symmetric
 * intervals on both scales, printed to 1-3 significant figures or 0-2
 * decimals, with the estimate also off-centre by up to 0.3 half-widths.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "validate.h"

static void ignore(void *ud, const char *column, const char *msg)
{
	(void)column;
	(void)msg;
	(*(int *)ud)++;
}

/* Fills a link with measure, estimate and CI as text; returns 0 when the
 * record is valid (as import would accept it), else -1. */
static int link(struct ev_record *r, const char *measure, const char *est, const char *lo, const char *hi)
{
	const char *v[] = {"claim", "c", "study", "s", "direction", "supports", "measure", measure,
			   "estimate", est, "ci_low", lo, "ci_high", hi, NULL};
	int bad = 0;
	ev_record_reset(r, EV_LINK);
	for (int i = 0; v[i]; i += 2)
		ev_validate_field(r, ev_field_index(EV_LINK, v[i]), v[i + 1], strlen(v[i + 1]), ignore, &bad);
	if (!bad)
		ev_validate_record(r, ignore, &bad);
	return bad ? -1 : 0;
}

static int warns(const char *measure, const char *est, const char *lo, const char *hi, char *msg, size_t size)
{
	struct ev_record r = {0};
	assert_int_equal(link(&r, measure, est, lo, hi), 0);
	int w = ev_validate_ci_centre(&r, msg, size);
	ev_record_free(&r);
	return w;
}

static void test_messages(void **state)
{
	(void)state;
	char m[400];
	assert_int_equal(warns("MD", "17", "-86", "53", m, sizeof m), 1);
	assert_string_equal(m, "'17' is far from -16.5, the centre of its confidence interval -86 to 53: "
			       "sign or transcription error?");
	assert_int_equal(warns("MD", "-17", "-86", "53", m, sizeof m), 0);
	/* OR 0.8 (0.5 to 1.28) typed as its reciprocal */
	assert_int_equal(warns("OR", "1.25", "0.5", "1.28", m, sizeof m), 1);
	assert_string_equal(m, "'1.25' is far from 0.8, the centre of its confidence interval 0.5 to 1.28 on the "
			       "log scale: sign or transcription error?");
	assert_int_equal(warns("OR", "0.8", "0.5", "1.28", m, sizeof m), 0);
	/* A ratio is judged on the log scale: 0.48 (0.32 to 0.71) is central
	 * there although 0.035 below the arithmetic mean. */
	assert_int_equal(warns("OR", "0.48", "0.32", "0.71", m, sizeof m), 0);
	/* A difference is not: the same numbers as an MD are off by a third
	 * of the half-width at most, within tolerance. */
	assert_int_equal(warns("MD", "0.48", "0.32", "0.71", m, sizeof m), 0);
	assert_int_equal(warns("MD", "0.62", "0.32", "0.71", m, sizeof m), 1);
	/* Bundled values: none warns. */
	assert_int_equal(warns("HR", "0.91", "0.85", "1.00", m, sizeof m), 0);
	assert_int_equal(warns("MD", "0.25", "-0.02", "0.51", m, sizeof m), 0);
	assert_int_equal(warns("MD", "-17.37", "-34.18", "-0.56", m, sizeof m), 0);
	assert_int_equal(warns("RR", "0.43", "0.24", "0.77", m, sizeof m), 0);
	/* Published to 2 significant figures, rounded unequally at each end;
	 * a narrow interval printed to 2 decimals. */
	assert_int_equal(warns("RR", "1.5", "0.93", "2.4", m, sizeof m), 0);
	assert_int_equal(warns("HR", "0.98", "0.96", "1.00", m, sizeof m), 0);
	assert_int_equal(warns("MD", "1200", "1100", "1300", m, sizeof m), 0);
	/* Asymmetric but honest: an exact OR passes; a ratio interval computed
	 * symmetric on the ratio scale is beyond the tolerance when printed
	 * finely, within what one decimal's rounding allows otherwise. */
	assert_int_equal(warns("OR", "0.2", "0.004", "2.3", m, sizeof m), 0);
	assert_int_equal(warns("RR", "1.52", "0.51", "2.53", m, sizeof m), 1);
	assert_int_equal(warns("RR", "1.5", "0.5", "2.5", m, sizeof m), 0);
	/* No interval, or none to judge: no warning. */
	struct ev_record r = {0};
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(ev_validate_ci_centre(&r, m, sizeof m), 0);
	ev_record_free(&r);
}

/* Prints x as a published value: `sig` significant figures (sig > 0) or
 * -sig decimals. */
static void print(char *buf, size_t size, double x, int sig)
{
	if (sig > 0)
		snprintf(buf, size, "%.*g", sig, x);
	else
		snprintf(buf, size, "%.*f", -sig, x);
}

/* Honest rounding never warns: intervals symmetric on the analysis scale
 * (or off-centre by up to 0.3 of the half-width), printed every way
 * published tables print them. Cases that rounding makes invalid (an
 * estimate outside its interval, a zero-width interval) are errors of
 * another rule and skipped. */
static void test_rounding_never_warns(void **state)
{
	(void)state;
	static const int prints[] = {1, 2, 3, 0, -1, -2};
	static const double offsets[] = {0, 0.3, -0.3};
	char e[40], l[40], h[40], m[400];
	long tried = 0;
	for (int ratio = 0; ratio <= 1; ratio++)
		for (int ci = 0; ci <= 346; ci++)
			for (int wi = 0; wi < 23; wi++)
				for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++)
					for (size_t p = 0; p < sizeof prints / sizeof prints[0]; p++) {
						/* centres -3 to 3, half-widths 0.004 to 4 */
						double c = -3 + 0.0173 * ci, w = 0.004 * pow(1.37, wi);
						double y = c + offsets[o] * w, lo = c - w, hi = c + w;
						if (ratio) {
							y = exp(y);
							lo = exp(lo);
							hi = exp(hi);
						}
						print(e, sizeof e, y, prints[p]);
						print(l, sizeof l, lo, prints[p]);
						print(h, sizeof h, hi, prints[p]);
						struct ev_record r = {0};
						if (link(&r, ratio ? "RR" : "MD", e, l, h) == 0) {
							tried++;
							if (ev_validate_ci_centre(&r, m, sizeof m))
								fail_msg("%s %s (%s to %s) warned: %s", ratio ? "RR" : "MD",
									 e, l, h, m);
						}
						ev_record_free(&r);
					}
	assert_true(tried > 100000);
}

/* A sign flip (or a ratio's reciprocal) that stays inside the interval
 * warns once the true estimate is a quarter of the half-width from no
 * effect, printed to 3 significant figures, for half-widths from 0.2 (on
 * the log scale for ratios). Narrower intervals printed this coarsely can
 * hide a flip in rounding: RR 1.01 (0.939 to 1.04) may be the flip of
 * 0.988 (0.939 to 1.04) or honest rounding, and is not warned about. */
static void test_flips_warn(void **state)
{
	(void)state;
	char e[40], l[40], h[40], m[400];
	for (int ratio = 0; ratio <= 1; ratio++)
		for (int wi = 0; wi < 15; wi++)
			for (int fi = 0; fi <= 5; fi++) {
				/* half-widths 0.2 to 3, the true estimate 0.25 to 0.5 of
				 * one below no effect */
				double w = 0.2 * pow(1.21, wi), f = 0.25 + 0.05 * fi;
				double y = -f * w, lo = y - w, hi = y + w, flipped = -y;
				if (ratio) {
					flipped = exp(flipped);
					lo = exp(lo);
					hi = exp(hi);
				}
				print(e, sizeof e, flipped, 3);
				print(l, sizeof l, lo, 3);
				print(h, sizeof h, hi, 3);
				if (!warns(ratio ? "RR" : "MD", e, l, h, m, sizeof m))
					fail_msg("%s %s (%s to %s) did not warn", ratio ? "RR" : "MD", e, l, h);
			}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_rounding_never_warns),
		cmocka_unit_test(test_flips_warn),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("ci_centre", tests, NULL, NULL);
}
