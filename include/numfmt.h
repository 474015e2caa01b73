/*
 * numfmt.h: how the numbers of a meta-analysis are printed for readers:
 * an estimate with its 95% CI ("0.48 [0.32, 0.71]"), the decimals a set
 * of such estimates is shown with, and a p value. One place, so the forest
 * plot's rows and pooled rows (and any table that adopts it) round the
 * same way; the rule is in docs/plots.md. Pure: no I/O, no allocation.
 */
#ifndef EV_NUMFMT_H
#define EV_NUMFMT_H

#include <stddef.h>

/* The most decimals ev_estimate_decimals chooses. */
#define EV_DECIMALS_MAX 4

/* One estimate with its 95% CI on the measure's own scale. given: the
 * values are as a study reported them, so the decimals they were written
 * with count; 0 for computed ones (pooled, or from raw data). */
struct ev_estimate {
	double est, lo, hi;
	int given;
};

/* The decimals to show every one of e[0..n) with (0..EV_DECIMALS_MAX):
 * - ratios (ratio != 0): 2, as RevMan and metafor's forest() print them,
 *   plus one more (up to the maximum) while a CI limit that does not touch
 *   1 would print as 1 or beyond it (0.991 to 0.996 is not "0.99 [0.99,
 *   1.00]"), so a rounded CI never seems to include the null when it
 *   does not;
 * - differences: the most decimals a given value was written with, but at
 *   least what gives two significant digits of the median CI width and at
 *   most what gives three (three when no value is given): 17 [-86, 53],
 *   0.25 [-0.02, 0.51], and never -12345.000 for a CI 2000 wide.
 * Non-finite values are ignored; n == 0 gives 2. */
int ev_estimate_decimals(int ratio, const struct ev_estimate *e, int n);

/* Writes "est [lo, hi]" into buf (size n) with `decimals` decimals (clamped
 * to 0..6), as the forest plot shows an estimate. A value that is not
 * zero but would round to it keeps two significant digits ("0.0043", never
 * "0.00" for a ratio or "0" for a CI limit off the null); -0 prints as
 * "0"; a non-finite value as an en dash; when a value is 1e9 or more in
 * size, all three are written with four significant digits ("1.5e+12")
 * rather than as a wall of digits. Returns buf. */
const char *ev_format_estimate(char *buf, size_t n, double est, double lo, double hi, int decimals);

/* Writes "lo to hi" into buf (size n) as ev_format_estimate writes the
 * limits of a CI: for an interval that goes with such an estimate (a
 * prediction interval). Returns buf. */
const char *ev_format_interval(char *buf, size_t n, double lo, double hi, int decimals);

/* A p value as reviewers read it: "< 0.0001", else two significant digits
 * ("0.012", "0.19"); "n/a" when not finite. Returns buf. */
const char *ev_format_p(char *buf, size_t n, double p);

#endif
