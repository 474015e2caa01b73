/*
 * numfmt.c: estimates, CIs and p values as readers see them (numfmt.h).
 *
 * Decimals are chosen for a whole set (a forest plot's panel) so a column
 * lines up and reads alike. Ratios follow RevMan and metafor's forest():
 * two decimals. Differences carry units, so no fixed count suits them: a
 * CI 139 wide needs none ("17 [-86, 53]"), one 0.5 wide needs two; the
 * width of a typical CI says how many digits mean something, and the
 * decimals a study reported are kept within that. Either way the rounding
 * may not move a CI limit onto the null, which would change what the
 * interval seems to say.
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number of decimals v was written with, read from its shortest
 * six-significant-digit form (what a study reports never has more). */
static int written_decimals(double v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.6g", v);
	const char *e = strchr(buf, 'e');
	if (e) { /* 1.5e-05: the digits after the point plus the exponent */
		const char *dot = strchr(buf, '.');
		int mant = dot ? (int)(e - dot - 1) : 0;
		int d = mant - (int)strtol(e + 1, NULL, 10);
		return d < 0 ? 0 : d;
	}
	const char *dot = strchr(buf, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

/* v as printed with d decimals, read back. */
static double rounded(double v, int d)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%.*f", d, v);
	return strtod(buf, NULL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Whether a CI limit that does not touch the null would, printed with d
 * decimals, land on it or past it. */
static int crosses_null(const struct ev_estimate *e, int n, double null, int d)
{
	for (int i = 0; i < n; i++) {
		double lo = e[i].lo, hi = e[i].hi;
		if (isfinite(lo) && lo > null && rounded(lo, d) <= null)
			return 1;
		if (isfinite(hi) && hi < null && rounded(hi, d) >= null)
			return 1;
	}
	return 0;
}

int ev_estimate_decimals(int ratio, const struct ev_estimate *e, int n)
{
	int d = 2;
	if (n <= 0)
		return d;
	if (!ratio) {
		double *w = calloc((size_t)n, sizeof *w);
		int nw = 0, given = -1;
		if (!w)
			return d; /* a pure module does not exit: two decimals do */
		for (int i = 0; i < n; i++) {
			double width = e[i].hi - e[i].lo;
			if (isfinite(width) && width > 0)
				w[nw++] = width;
			if (!e[i].given)
				continue;
			const double v3[3] = {e[i].est, e[i].lo, e[i].hi};
			for (int j = 0; j < 3; j++)
				if (isfinite(v3[j]) && written_decimals(v3[j]) > given)
					given = written_decimals(v3[j]);
		}
		if (nw > 0) {
			qsort(w, (size_t)nw, sizeof *w, cmp_double);
			double med = nw % 2 ? w[nw / 2] : (w[nw / 2 - 1] + w[nw / 2]) / 2;
			int mag = (int)floor(log10(med));
			int lo = 1 - mag, hi = 2 - mag;
			d = given < 0 ? hi : given < lo ? lo : given > hi ? hi : given;
		} else if (given >= 0) {
			d = given;
		}
		free(w);
	}
	if (d < 0)
		d = 0;
	if (d > EV_DECIMALS_MAX)
		d = EV_DECIMALS_MAX;
	/* Differences need no such guard: a limit that is not zero never
	 * prints as zero (see one()). */
	while (ratio && d < EV_DECIMALS_MAX && crosses_null(e, n, 1, d))
		d++;
	return d;
}

/* One value: fixed decimals, or significant digits for huge values; "-0"
 * without its sign; a dash when not finite. */
static void one(char *buf, size_t n, double v, int decimals, int sig)
{
	if (!isfinite(v)) {
		snprintf(buf, n, "\xe2\x80\x93");
		return;
	}
	if (sig)
		snprintf(buf, n, "%.4g", v);
	else
		snprintf(buf, n, "%.*f", decimals, v);
	/* A value that is not zero but rounds to it keeps its first
	 * significant digits (a ratio of 0.0043 is not 0.00); -0 is 0, since
	 * "-0.00" reads as a sign error. */
	if (strspn(buf + (buf[0] == '-'), "0.") == strlen(buf + (buf[0] == '-'))) {
		if (v != 0)
			snprintf(buf, n, "%.2g", v);
		else
			snprintf(buf, n, "%.*f", sig ? 0 : decimals, 0.0);
	}
}

static int clamp_decimals(int decimals) { return decimals < 0 ? 0 : decimals > 6 ? 6 : decimals; }

static int huge(double v) { return isfinite(v) && fabs(v) >= 1e9; }

const char *ev_format_estimate(char *buf, size_t n, double est, double lo, double hi, int decimals)
{
	char a[32], b[32], c[32];
	decimals = clamp_decimals(decimals);
	int sig = huge(est) || huge(lo) || huge(hi);
	one(a, sizeof a, est, decimals, sig);
	one(b, sizeof b, lo, decimals, sig);
	one(c, sizeof c, hi, decimals, sig);
	snprintf(buf, n, "%s [%s, %s]", a, b, c);
	return buf;
}

const char *ev_format_interval(char *buf, size_t n, double lo, double hi, int decimals)
{
	char a[32], b[32];
	decimals = clamp_decimals(decimals);
	int sig = huge(lo) || huge(hi);
	one(a, sizeof a, lo, decimals, sig);
	one(b, sizeof b, hi, decimals, sig);
	snprintf(buf, n, "%s to %s", a, b);
	return buf;
}

const char *ev_format_p(char *buf, size_t n, double p)
{
	if (!isfinite(p))
		snprintf(buf, n, "n/a");
	else if (p < 0.0001)
		snprintf(buf, n, "< 0.0001");
	else
		snprintf(buf, n, "%.2g", p);
	return buf;
}
