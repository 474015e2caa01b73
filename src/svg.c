/*
 * svg.c: forest plots (see docs/plots.md for how to read one).
 *
 * The plot is laid out on a grid of rows whose column widths come from
 * the text they hold, measured with a conservative width model, so labels
 * never collide however many studies there are or how long their names.
 * The diamonds are the assessment's pooled groups, handed over with the
 * links (ev_plot_opts), so a diamond shows exactly the numbers `evidence
 * query` and `explain` give.
 *
 * Colours are presentation attributes (the light scheme, which any SVG
 * renderer shows) overridden by a small stylesheet when a browser screen
 * prefers a dark scheme. Meaning is never carried by colour alone: the
 * direction is a word, counted or not is a filled or hollow square plus a
 * word, pooled or not is a diamond. No ids are used, so several plots can
 * sit inline in one HTML page.
 */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkeffect.h"
#include "meta.h"
#include "numfmt.h"
#include "view.h"

/* Advance widths of ASCII 32..126 in 1/1000 em: for each character the
 * widest of DejaVu Sans and Liberation Sans (tests/tools/textboxes.py reads
 * these tables; keep the layout of the initialisers). */
static const unsigned short width_regular[95] = {
	318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637,
	637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 557, 1016, 685, 687, 723, 771, 667,
	611, 778, 752, 295, 500, 667, 558, 863, 749, 788, 667, 788, 723, 667, 611, 732, 685, 989, 686,
	667, 686, 391, 337, 391, 838, 557, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580,
	278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
};
static const unsigned short width_bold[95] = {
	349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696,
	696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 763, 734, 831, 684,
	684, 821, 837, 373, 557, 775, 638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771,
	725, 726, 458, 366, 458, 838, 557, 500, 675, 716, 593, 716, 679, 436, 716, 712, 343, 343, 666,
	343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838,
};
/* The few other characters the plot itself writes: code point, regular,
 * bold. */
static const unsigned width_extra[][3] = {
	{0x00B2, 401, 438}, /* superscript two */
	{0x03C4, 603, 639}, /* tau */
	{0x2013, 557, 557}, /* en dash */
	{0x2190, 1000, 1000}, /* leftwards arrow */
	{0x2192, 1000, 1000}, /* rightwards arrow */
};

/* Width of one code point in 1/1000 em. */
static unsigned cp_width(unsigned long cp, int bold)
{
	if (cp >= 32 && cp < 127)
		return bold ? width_bold[cp - 32] : width_regular[cp - 32];
	for (size_t i = 0; i < sizeof width_extra / sizeof width_extra[0]; i++)
		if (width_extra[i][0] == cp)
			return width_extra[i][bold ? 2 : 1];
	return cp >= 0x1F000 ? 1300 : 1000;
}

double ev_svg_text_width(const char *s, double size, int bold)
{
	const char *p = s;
	double w = 0;
	while (*p) {
		unsigned long cp;
		p += ev_utf8_at(p, &cp);
		w += cp_width(cp, bold);
	}
	return w * size / 1000;
}

const char *ev_svg_tick_label(double v, char *buf, size_t size)
{
	if (fabs(v) < 1e-12)
		v = 0;
	snprintf(buf, size, "%.10g", v);
	return buf;
}

/* ---- axis ---------------------------------------------------------- */

static double tr(int log_axis, double v) { return log_axis ? log(v) : v; }

/* Whether the tick labels of `ax` fit on an axis `width` pixels long,
 * with at least 6 pixels between neighbours. */
static int labels_fit(const struct ev_axis *ax, double width, double font)
{
	double t0 = tr(ax->log, ax->lo), t1 = tr(ax->log, ax->hi);
	double prev_x = 0, prev_w = 0;
	char buf[32];
	for (int i = 0; i < ax->nticks; i++) {
		double x = (tr(ax->log, ax->ticks[i]) - t0) / (t1 - t0) * width;
		double w = ev_svg_text_width(ev_svg_tick_label(ax->ticks[i], buf, sizeof buf), font, 0);
		if (i && x - prev_x < (w + prev_w) / 2 + 6)
			return 0;
		prev_x = x;
		prev_w = w;
	}
	return 1;
}

/* Ticks at multiples of `step` enclosing [lo, hi]; 0 when there would be
 * more than `max` (or a non-positive one on a log axis). */
static int step_ticks(int log_axis, double lo, double hi, double step, int max, struct ev_axis *ax)
{
	double first = floor(lo / step + 1e-9), last = ceil(hi / step - 1e-9);
	if (last - first + 1 > max || (log_axis && first * step <= 0))
		return 0;
	int count = (int)(last - first) + 1; /* at most max, checked above */
	ax->nticks = 0;
	for (int i = 0; i < count; i++)
		ax->ticks[ax->nticks++] = (first + i) * step;
	ax->lo = ax->ticks[0];
	ax->hi = ax->ticks[ax->nticks - 1];
	return 1;
}

/* Log-axis ticks at m * 10^e for m in mant[0..nm) enclosing [lo, hi],
 * keeping every `every`-th power of ten when mant is {1}. */
static int series_ticks(double lo, double hi, const double *mant, int nm, int every, int max, struct ev_axis *ax)
{
	double vals[64];
	int nv = 0;
	int e0 = (int)floor(log10(lo)) - 1, e1 = (int)ceil(log10(hi)) + 1;
	for (int e = e0; e <= e1 && nv < 64; e++) {
		if (every > 1 && ((e % every) + every) % every != 0)
			continue;
		for (int j = 0; j < nm && nv < 64; j++)
			vals[nv++] = mant[j] * pow(10, e);
	}
	int a = -1, b = -1;
	for (int i = 0; i < nv; i++) {
		if (vals[i] <= lo * (1 + 1e-9))
			a = i;
		if (b < 0 && vals[i] >= hi * (1 - 1e-9))
			b = i;
	}
	if (a < 0 || b < 0 || b - a + 1 > max)
		return 0;
	ax->nticks = 0;
	for (int i = a; i <= b; i++)
		ax->ticks[ax->nticks++] = vals[i];
	ax->lo = ax->ticks[0];
	ax->hi = ax->ticks[ax->nticks - 1];
	return 1;
}

void ev_svg_axis(int log_axis, double lo, double hi, double width, double font, struct ev_axis *ax)
{
	static const double steps[] = {1, 2, 2.5, 5};
	static const double s125[] = {1, 2, 5}, s1[] = {1};
	const int max = 8, max_even = 6; /* 1-2-5 and decade ticks; evenly spaced ones */
	memset(ax, 0, sizeof *ax);
	ax->log = log_axis;
	if (log_axis && !(lo > 0))
		lo = hi > 0 ? hi / 10 : 0.1;
	if (!(hi > lo))
		hi = log_axis ? lo * 2 : lo + 1;
	struct ev_axis c = *ax;

	if (log_axis) {
		/* 1-2-5 steps, unless they leave the data in under half the axis
		 * (then evenly spaced values suit a narrow range better). */
		if (series_ticks(lo, hi, s125, 3, 1, max, &c) && c.nticks >= 3 &&
		    log(c.hi / c.lo) <= 2 * log(hi / lo) && labels_fit(&c, width, font)) {
			*ax = c;
			return;
		}
		if (hi / lo < 10)
			for (int e = (int)floor(log10(hi - lo)) - 2; e <= (int)floor(log10(hi - lo)) + 1; e++)
				for (int i = 0; i < 4; i++)
					if (step_ticks(1, lo, hi, steps[i] * pow(10, e), max_even, &c) && c.nticks >= 3 &&
					    labels_fit(&c, width, font)) {
						*ax = c;
						return;
					}
		for (int every = 1; every <= 8; every++)
			if (series_ticks(lo, hi, s1, 1, every, max, &c) && labels_fit(&c, width, font)) {
				*ax = c;
				return;
			}
		/* Nothing nice fits (a range of many decades on a short axis):
		 * the data's own ends. */
		ax->nticks = 2;
		ax->ticks[0] = ax->lo = lo;
		ax->ticks[1] = ax->hi = hi;
		return;
	}
	int e = (int)floor(log10(hi - lo)) - 2;
	for (int k = 0; k < 24; k++, e += (k % 4 == 0))
		if (step_ticks(0, lo, hi, steps[k % 4] * pow(10, e), max_even, &c) && labels_fit(&c, width, font)) {
			*ax = c;
			return;
		}
	ax->nticks = 2;
	ax->ticks[0] = ax->lo = lo;
	ax->ticks[1] = ax->hi = hi;
}

/* ---- drawing helpers ----------------------------------------------- */

/* Colour roles: a presentation attribute for the light scheme and a
 * class the stylesheet recolours for a dark one. */
enum role { R_BG, R_INK, R_MUTE, R_SUP, R_CON, R_INC, R_MARK, R_MARKL, R_HOLLOW, R_POOL, R_PIL, R_RULE,
	    R_AXIS, R_NULL };
static const struct {
	const char *cls, *attr, *dark;
} roles[] = {
	[R_BG] = {"evfp-bg", "fill=\"#ffffff\"", "fill:#0d1117"},
	[R_INK] = {"evfp-ink", "fill=\"#1f2328\"", "fill:#e6edf3"},
	[R_MUTE] = {"evfp-mute", "fill=\"#59636e\"", "fill:#9198a1"},
	[R_SUP] = {"evfp-sup", "fill=\"#0550ae\"", "fill:#79c0ff"},
	[R_CON] = {"evfp-con", "fill=\"#a44200\"", "fill:#f0883e"},
	[R_INC] = {"evfp-inc", "fill=\"#59636e\"", "fill:#9198a1"},
	[R_MARK] = {"evfp-mark", "fill=\"#1f4e79\"", "fill:#8cc4ff"},
	[R_MARKL] = {"evfp-markl", "stroke=\"#1f4e79\"", "stroke:#8cc4ff"},
	[R_HOLLOW] = {"evfp-hollow", "fill=\"#ffffff\" stroke=\"#1f4e79\"", "fill:#0d1117;stroke:#8cc4ff"},
	[R_POOL] = {"evfp-pool", "fill=\"#1f2328\"", "fill:#e6edf3"},
	[R_PIL] = {"evfp-pil", "stroke=\"#59636e\"", "stroke:#9198a1"},
	[R_RULE] = {"evfp-rule", "stroke=\"#d1d9e0\"", "stroke:#3d444d"},
	[R_AXIS] = {"evfp-axis", "stroke=\"#1f2328\"", "stroke:#e6edf3"},
	[R_NULL] = {"evfp-null", "stroke=\"#59636e\"", "stroke:#9198a1"},
};
#define NROLES ((int)(sizeof roles / sizeof roles[0]))

enum anchor { A_START, A_MIDDLE, A_END };

/* Layout, in pixels. Body text is 12 px on 20 px rows. */
#define FS 12.0
#define FS_SMALL 11.0
#define FS_PANEL 13.0
#define FS_TITLE 14.0
#define ROW 20.0
#define BASE 14.0     /* baseline below a row's top */
#define MARGIN 16.0
#define GAP 18.0      /* between columns */
#define PLOT_W 300.0  /* the plotting area */
#define SMAX 14.0     /* the side of the heaviest square in a pooled group */
#define SMIN 4.0      /* the smallest square, so a light study stays visible */
#define SFIX 9.0      /* the side of a square not sized by a weight */

static void text(struct ev_buf *b, double x, double y, enum anchor a, double size, int bold, enum role r,
		 const char *s)
{
	ev_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
	if (a != A_START)
		ev_buf_adds(b, a == A_MIDDLE ? " text-anchor=\"middle\"" : " text-anchor=\"end\"");
	if (size != FS)
		ev_buf_addf(b, " font-size=\"%g\"", size);
	if (bold)
		ev_buf_adds(b, " font-weight=\"bold\"");
	ev_buf_addf(b, " class=\"%s\" %s>", roles[r].cls, roles[r].attr);
	ev_xml_escape(b, s);
	ev_buf_adds(b, "</text>\n");
}

static void line(struct ev_buf *b, double x1, double y1, double x2, double y2, enum role r, double width,
		 const char *dash)
{
	ev_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\" %s stroke-width=\"%g\"", x1,
		    y1, x2, y2, roles[r].cls, roles[r].attr, width);
	if (dash)
		ev_buf_addf(b, " stroke-dasharray=\"%s\"", dash);
	ev_buf_adds(b, "/>\n");
}

static void rect(struct ev_buf *b, double x, double y, double w, double h, enum role r)
{
	ev_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\" %s%s/>\n", x, y, w, h,
		    roles[r].cls, roles[r].attr, r == R_HOLLOW ? " stroke-width=\"1.5\"" : "");
}

static void polygon(struct ev_buf *b, const double *xy, int n, enum role r)
{
	ev_buf_adds(b, "<polygon points=\"");
	for (int i = 0; i < n; i++)
		ev_buf_addf(b, "%s%.1f,%.1f", i ? " " : "", xy[2 * (size_t)i], xy[2 * (size_t)i + 1]);
	ev_buf_addf(b, "\" class=\"%s\" %s/>\n", roles[r].cls, roles[r].attr);
}

/* Appends a line to a growing array of lines. */
static void push_line(char ***lines, int *n, int *cap, char *line)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		*lines = ev_xrealloc(*lines, (size_t)*cap * sizeof **lines);
	}
	(*lines)[(*n)++] = line;
}

/* Wraps s into lines no wider than `width` at spaces (a word longer than
 * a line is cut between characters). Widths add up character by
 * character in the model, so each word is measured once: linear time
 * even for a megabyte of text. Returns the number of lines (at least 1),
 * stored in *out (allocated: free with free_lines). */
static int wrap(const char *s, double width, double size, int bold, char ***out)
{
	char **lines = NULL;
	int n = 0, cap = 0;
	struct ev_buf cur = EV_BUF_INIT;
	double cur_w = 0, space = cp_width(' ', bold) * size / 1000;
	const char *p = s;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		double ww = 0;
		while (*e && *e != ' ') {
			unsigned long cp;
			e += ev_utf8_at(e, &cp);
			ww += cp_width(cp, bold) * size / 1000;
		}
		if (cur.len && cur_w + space + ww <= width) {
			ev_buf_addc(&cur, ' ');
			ev_buf_add(&cur, p, (size_t)(e - p));
			cur_w += space + ww;
		} else {
			if (cur.len)
				push_line(&lines, &n, &cap, ev_buf_take(&cur));
			cur_w = 0;
			/* Cut a word wider than a line where it stops fitting, at
			 * least one character per line; the last piece stays open. */
			while (p < e) {
				unsigned long cp;
				size_t l = ev_utf8_at(p, &cp);
				double cw = cp_width(cp, bold) * size / 1000;
				if (cur.len && cur_w + cw > width) {
					push_line(&lines, &n, &cap, ev_buf_take(&cur));
					cur_w = 0;
				}
				ev_buf_add(&cur, p, l);
				cur_w += cw;
				p += l;
			}
		}
		p = e;
	}
	if (cur.len || n == 0)
		push_line(&lines, &n, &cap, ev_buf_take(&cur));
	ev_buf_free(&cur);
	*out = lines;
	return n;
}

static void free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* ---- the plot ------------------------------------------------------ */

/* The largest size of a value the plot draws. Beyond it the axis
 * arithmetic (differences of limits, squared widths) overflows to inf and
 * NaN coordinates; no real effect comes near it. */
#define PLOT_LIMIT 1e150

const char *ev_plot_too_large(const struct ev_link *l, double *value)
{
	if (!l->has_estimate || !l->has_ci || l->measure == EV_MEASURE_NONE)
		return NULL;
	const double v[3] = {l->estimate, l->ci_low, l->ci_high};
	static const char *const field[3] = {"estimate", "ci_low", "ci_high"};
	for (int i = 0; i < 3; i++)
		if (!(fabs(v[i]) < PLOT_LIMIT)) {
			if (value)
				*value = v[i];
			return field[i];
		}
	return NULL;
}

int ev_plot_usable(const struct ev_link *l)
{
	double y, v;
	/* The effect the pooling uses: from raw data when the link has them. */
	return l->has_estimate && l->has_ci && l->measure != EV_MEASURE_NONE && !ev_plot_too_large(l, NULL) &&
	       ev_link_effect(l, &y, &v, NULL) == 0;
}

static const char *const measure_long[] = {"Risk ratio",
					   "Odds ratio",
					   "Hazard ratio",
					   "Mean difference",
					   "Standardised mean difference",
					   "Risk difference"};

struct item {
	int link;
	int dg;        /* its display group */
	double y, se;  /* estimate and SE on the analysis scale */
	double weight; /* percent of its pooled group, or -1 */
	double side;   /* of its square */
	int counted;
	/* its place in the rows: panel, group, year, study, then link */
	int panel, year;
	const char *study;
};

/* Links of one outcome and measure, drawn together under one heading. */
struct dgroup {
	enum ev_measure m;
	const char *outcome;
	const struct ev_group *pool; /* the grading's group; NULL when none */
	int panel;
	int start, end;              /* its rows: it[start .. end) once sorted */
};

/* One axis. Mean differences of different outcomes are in different
 * units, so each MD outcome gets its own panel; ratios and SMDs are unit
 * free and share one panel per measure. */
struct panel {
	enum ev_measure m;
	const char *outcome; /* MD only */
	struct ev_axis ax;
	int dec;             /* decimals of the numbers in its rows */
	int istart, iend;    /* its rows: it[istart .. iend) once sorted */
	int dstart, dend;    /* its groups: dgo[dstart .. dend) (see below) */
};

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->panel != b->panel)
		return a->panel < b->panel ? -1 : 1;
	if (a->dg != b->dg)
		return a->dg < b->dg ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	int c = strcmp(a->study, b->study);
	if (c)
		return c;
	return (a->link > b->link) - (a->link < b->link);
}

/* A measure and outcome (a display group's or a panel's key) of thing
 * number `at`. Groups and panels are found by sorting these keys, not by
 * comparing every row with every group: a claim may have thousands of
 * rows in thousands of groups. */
struct dkey {
	enum ev_measure m;
	const char *outcome;
	int at;
};

static int cmp_dkey(const void *pa, const void *pb)
{
	const struct dkey *a = pa, *b = pb;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	int c = strcmp(a->outcome, b->outcome);
	if (c)
		return c;
	return (a->at > b->at) - (a->at < b->at);
}

struct run {
	int first, start, end;
};

static int cmp_run(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

/* Numbers the distinct keys of keys[0..n) (which it sorts) in the order
 * of their lowest `at`, and sets num[at] to its key's number for every
 * `at`. Returns how many distinct keys there are. */
static int number_keys(struct dkey *keys, int n, int *num)
{
	qsort(keys, (size_t)n, sizeof *keys, cmp_dkey);
	struct run *runs = ev_xcalloc((size_t)n + 1, sizeof *runs);
	int nr = 0;
	for (int j = 0; j < n;) {
		int e = j + 1;
		while (e < n && keys[e].m == keys[j].m && strcmp(keys[e].outcome, keys[j].outcome) == 0)
			e++;
		runs[nr].first = keys[j].at; /* the lowest: ties sort by `at` */
		runs[nr].start = j;
		runs[nr++].end = e;
		j = e;
	}
	qsort(runs, (size_t)nr, sizeof *runs, cmp_run);
	for (int r = 0; r < nr; r++)
		for (int j = runs[r].start; j < runs[r].end; j++)
			num[keys[j].at] = r;
	free(runs);
	return nr;
}

static int cmp_group_key(const void *pa, const void *pb)
{
	const struct ev_group *a = pa, *b = pb;
	if (a->measure != b->measure)
		return a->measure < b->measure ? -1 : 1;
	return strcmp(a->outcome ? a->outcome : "", b->outcome ? b->outcome : "");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Whether a group gets a diamond: two or more estimates pooled into
 * finite numbers the axis can hold (a study's values near the plot's
 * limit could pool into infinities). */
static int pooled(const struct ev_group *g)
{
	if (!g || g->k < 2)
		return 0;
	const double v[] = {g->pool.estimate, g->pool.ci_low, g->pool.ci_high, g->pool.pi_low, g->pool.pi_high,
			    g->pool.tau2, g->pool.q, g->pool.i2};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!(fabs(v[i]) < PLOT_LIMIT))
			return 0;
	return 1;
}

/* The texts of a pooled row (lines[0], bold) and the two under it:
 * heterogeneity (lines[1]) and the test for the overall effect (lines[2]),
 * worded as RevMan and metafor's forest() print them. tau2 is left out
 * for a fixed-effect pool, which has none; the test is a t with its
 * degrees of freedom under Hartung-Knapp-Sidik-Jonkman, else a z. */
static void pooled_texts(const struct ev_group *g, char lines[][160], size_t size)
{
	const struct ev_pool *p = &g->pool;
	char tau[32], qp[32], sp[32];
	int fe = p->method == EV_METHOD_FE;
	snprintf(lines[0], size, "Pooled, %s (k = %d)", fe ? "fixed effect" : "random effects", g->k);
	if (fe)
		tau[0] = 0;
	else
		snprintf(tau, sizeof tau, "\xcf\x84\xc2\xb2 = %s; ", ev_fmt_num((char[32]){0}, 32, p->tau2, 3));
	snprintf(lines[1], size, "Heterogeneity: %sQ = %.2f, df = %d (P %s%s); I\xc2\xb2 = %.1f%%", tau, p->q, p->df,
		 p->q_p < 0.0001 ? "" : "= ", ev_format_p(qp, sizeof qp, p->q_p), p->i2);
	ev_format_p(sp, sizeof sp, p->stat_p);
	if (p->stat_df > 0)
		snprintf(lines[2], size, "Test for overall effect: t = %.2f, df = %d (P %s%s)", p->stat, p->stat_df,
			 p->stat_p < 0.0001 ? "" : "= ", sp);
	else
		snprintf(lines[2], size, "Test for overall effect: Z = %.2f (P %s%s)", p->stat, p->stat_p < 0.0001 ? "" : "= ",
			 sp);
}

/* Pixel x of value v on panel p's axis starting at x0. */
static double px(const struct panel *p, double x0, double v)
{
	double t0 = tr(p->ax.log, p->ax.lo), t1 = tr(p->ax.log, p->ax.hi);
	return x0 + (tr(p->ax.log, v) - t0) / (t1 - t0) * PLOT_W;
}

/* An interval at height yc, clipped to the axis with an arrowhead where
 * it runs past; returns 1 when it was clipped. */
static int interval(struct ev_buf *b, const struct panel *p, double x0, double lo, double hi, double yc, enum role lr,
		    enum role hr, double width, const char *dash, int caps)
{
	/* Tick values carry rounding (17 * 0.05): an end within a millionth
	 * of the axis's reach is on it, not past it. */
	double slack = 1e-6 * (tr(p->ax.log, p->ax.hi) - tr(p->ax.log, p->ax.lo));
	int cl = tr(p->ax.log, lo) < tr(p->ax.log, p->ax.lo) - slack;
	int ch = tr(p->ax.log, hi) > tr(p->ax.log, p->ax.hi) + slack;
	double xa = cl ? x0 : px(p, x0, lo), xb = ch ? x0 + PLOT_W : px(p, x0, hi);
	line(b, xa + (cl ? 5 : 0), yc, xb - (ch ? 5 : 0), yc, lr, width, dash);
	if (cl) {
		double t[6] = {x0, yc, x0 + 7, yc - 4, x0 + 7, yc + 4};
		polygon(b, t, 3, hr);
	} else if (caps) {
		line(b, xa, yc - 3.5, xa, yc + 3.5, lr, width, NULL);
	}
	if (ch) {
		double t[6] = {x0 + PLOT_W, yc, x0 + PLOT_W - 7, yc - 4, x0 + PLOT_W - 7, yc + 4};
		polygon(b, t, 3, hr);
	} else if (caps) {
		line(b, xb, yc - 3.5, xb, yc + 3.5, lr, width, NULL);
	}
	return cl || ch;
}

static enum role direction_role(enum ev_direction d)
{
	return d == EV_SUPPORTS ? R_SUP : d == EV_CONTRADICTS ? R_CON : R_INC;
}

/* The words for a link that is shown but not pooled. */
static const char *not_counted_word(const struct ev_link *l)
{
	return l->status != EV_VERIFIED ? ev_status_names[l->status] : "no design";
}

void ev_plot_why_not(const struct ev_link *l, struct ev_buf *out)
{
	char buf[160];
	double big = 0;
	const char *field = ev_plot_too_large(l, &big);
	if (l->outcome && l->outcome[0])
		ev_buf_addf(out, "%s: ", l->outcome);
	if (!l->has_estimate && (l->has_counts || l->has_means))
		ev_buf_adds(out, ev_link_effect_text(l, buf, sizeof buf)); /* raw data that give none, and why */
	else if (!l->has_estimate)
		ev_buf_adds(out, "no effect estimate");
	else if (!l->has_ci)
		ev_buf_addf(out, "%s, no 95%% CI", ev_link_effect_text(l, buf, sizeof buf));
	else if (l->measure == EV_MEASURE_NONE)
		ev_buf_adds(out, "estimate without a measure");
	else if (field) {
		char v[32];
		ev_buf_addf(out, "%s cannot be drawn on its scale: %s %s is too large (the plot draws values under 1e150 in size)",
			    ev_link_effect_text(l, buf, sizeof buf), field, ev_fmt_num(v, sizeof v, big, 4));
	} else
		ev_buf_addf(out, "%s cannot be drawn on its scale", ev_link_effect_text(l, buf, sizeof buf));
	if (l->has_p) {
		char p[32];
		ev_buf_addf(out, " (P = %s)", ev_fmt_num(p, sizeof p, l->p_value, 3));
	}
}

/* The table's columns: five on the left of the plot, two on its right. */
enum { C_STUDY, C_YEAR, C_DESIGN, C_N, C_DIR, C_EST, C_WT, NCOL };
static const char *const forest_head[] = {"Study", "Year", "Design", "n", "Direction"};

/* A forest plot as ev_svg_forest builds it, phase by phase: which links
 * are drawn and how they group, the weights and axes, the table's texts
 * and columns, then the drawing from top to bottom. */
struct forest {
	const struct ev_link *links;
	int n;
	const struct ev_plot_opts *o;
	struct item *it;         /* the links drawn, one row each */
	int ni;
	int *missing;            /* the links listed below the plot instead */
	int nmiss;
	struct dgroup *dg;
	int ndg;
	struct panel *pn;
	int npn;
	struct ev_group *groups; /* the grading's groups and pools */
	int *dgo;                /* the display groups in row order */
	char **cell;             /* cell[row * NCOL + column]: items, then missing links */
	int nrows;
	int computed;            /* estimates computed from raw data (marked with a dagger) */
	double cw[NCOL], xcol[NCOL]; /* column widths and left edges */
	double left;             /* the width of the left block */
	double x0;               /* where the plotting area starts */
	double right, xoff, width, content;
	char *side_l, *side_r;   /* the labels either side of the line of no effect */
	int arrows, hollow, pooled_any; /* what the key must explain */
	struct ev_buf body;      /* the drawing, top to bottom */
	double y;                /* where the next row goes */
};

/* Which links are drawn (an item each) and which are only listed. */
static void collect_items(struct forest *f)
{
	const int n = f->n;
	f->it = ev_xcalloc((size_t)n + 1, sizeof *f->it);
	f->missing = ev_xcalloc((size_t)n + 1, sizeof *f->missing);
	for (int i = 0; i < n; i++) {
		const struct ev_link *l = &f->links[i];
		if (!ev_plot_usable(l)) {
			f->missing[f->nmiss++] = i;
			continue;
		}
		struct item *t = &f->it[f->ni++];
		t->link = i;
		t->counted = ev_link_counts(l);
		t->weight = -1;
		double v;
		ev_link_effect(l, &t->y, &v, NULL);
		t->se = sqrt(v);
	}
}

/* Display groups (outcome and measure) in order of first appearance, and
 * panels (a measure; an outcome too for MDs) in order of their first
 * group. */
static void group_items(struct forest *f)
{
	const struct ev_link *links = f->links;
	struct item *it = f->it;
	const int ni = f->ni;
	struct dgroup *dg = f->dg = ev_xcalloc((size_t)ni + 1, sizeof *f->dg);
	struct panel *pn = f->pn = ev_xcalloc((size_t)ni + 1, sizeof *f->pn);
	struct dkey *keys = ev_xcalloc((size_t)ni + 1, sizeof *keys);
	int *num = ev_xcalloc((size_t)ni + 1, sizeof *num);
	/* Outcomes match by their key (ev_outcome_key), as the grading's
	 * groups do; a group shows its first link's text. */
	struct ev_buf okeys = EV_BUF_INIT;
	size_t *off = ev_xcalloc((size_t)ni + 1, sizeof *off);
	const char **dgkey = ev_xcalloc((size_t)ni + 1, sizeof *dgkey);
	for (int i = 0; i < ni; i++) {
		off[i] = okeys.len;
		ev_outcome_key(&okeys, links[it[i].link].outcome);
	}
	for (int i = 0; i < ni; i++) {
		const struct ev_link *l = &links[it[i].link];
		keys[i].m = l->measure;
		keys[i].outcome = okeys.data + off[i];
		keys[i].at = i;
	}
	int ndg = number_keys(keys, ni, num);
	for (int i = 0, next = 0; i < ni; i++) {
		it[i].dg = num[i];
		if (num[i] == next) {
			const struct ev_link *l = &links[it[i].link];
			dgkey[next] = okeys.data + off[i];
			dg[next].m = l->measure;
			dg[next++].outcome = l->outcome ? l->outcome : "";
		}
	}
	for (int d = 0; d < ndg; d++) {
		keys[d].m = dg[d].m;
		keys[d].outcome = dg[d].m == EV_MD ? dgkey[d] : "";
		keys[d].at = d;
	}
	int npn = number_keys(keys, ndg, num);
	for (int d = 0, next = 0; d < ndg; d++) {
		dg[d].panel = num[d];
		if (num[d] == next) {
			pn[next].m = dg[d].m;
			pn[next++].outcome = dg[d].outcome;
		}
	}
	f->ndg = ndg;
	f->npn = npn;
	free(keys);
	free(num);
	free(off);
	free(dgkey);
	ev_buf_free(&okeys);
}

/* The pooled groups, as given, sorted for finding by measure and
 * outcome: a copy in *out (free it), and their number. */
static int sorted_groups(const struct ev_group *groups, int ng, struct ev_group **out)
{
	*out = ev_xcalloc((size_t)ng + 1, sizeof **out);
	if (ng)
		memcpy(*out, groups, (size_t)ng * sizeof **out);
	qsort(*out, (size_t)ng, sizeof **out, cmp_group_key);
	return ng;
}

/* Each display group's pool: the assessment's group of the same measure
 * and outcome, or NULL when it pooled none (a group of one). */
static void attach_pools(struct forest *f)
{
	int ng = sorted_groups(f->o->groups, f->o->ngroups, &f->groups);
	for (int d = 0; d < f->ndg; d++) {
		struct ev_group probe = {0};
		probe.measure = f->dg[d].m;
		probe.outcome = f->dg[d].outcome;
		f->dg[d].pool = bsearch(&probe, f->groups, (size_t)ng, sizeof *f->groups, cmp_group_key);
	}
}

/* Rows in panel, group, year, study order. Each group's rows, and each
 * panel's rows and groups, are then contiguous: dgo lists the groups in
 * row order (by panel, then group), every group once. */
static void order_rows(struct forest *f)
{
	struct item *it = f->it;
	struct dgroup *dg = f->dg;
	struct panel *pn = f->pn;
	for (int i = 0; i < f->ni; i++) {
		const struct ev_link *l = &f->links[it[i].link];
		it[i].panel = dg[it[i].dg].panel;
		it[i].year = l->year ? l->year : 100000;
		it[i].study = l->study;
	}
	qsort(it, (size_t)f->ni, sizeof *it, cmp_item);
	f->dgo = ev_xcalloc((size_t)f->ndg + 1, sizeof *f->dgo);
	int ndgo = 0;
	for (int r = 0; r < f->ni; r++) {
		int d = it[r].dg, p = it[r].panel;
		if (r == 0 || it[r - 1].dg != d) {
			dg[d].start = r;
			if (r == 0 || it[r - 1].panel != p) {
				pn[p].istart = r;
				pn[p].dstart = ndgo;
			}
			f->dgo[ndgo++] = d;
			pn[p].dend = ndgo;
		}
		dg[d].end = r + 1;
		pn[p].iend = r + 1;
	}
}

/* Weights within each pooled group, and square sizes. */
static void weigh_items(struct forest *f)
{
	struct item *it = f->it;
	for (int d = 0; d < f->ndg; d++) {
		const struct dgroup *D = &f->dg[d];
		const struct ev_group *g = D->pool;
		int rows = D->end - D->start;
		double *se = ev_xcalloc((size_t)rows + 1, 2 * sizeof *se), *w = se + rows + 1;
		int *idx = ev_xcalloc((size_t)rows + 1, sizeof *idx), k = 0;
		for (int i = D->start; i < D->end; i++)
			if (it[i].counted)
				idx[k] = i, se[k] = it[i].se, k++;
		if (pooled(g) && k == g->k && ev_meta_weights(se, k, g->pool.tau2, w) == 0) {
			double wmax = 0;
			for (int j = 0; j < k; j++)
				wmax = w[j] > wmax ? w[j] : wmax;
			for (int j = 0; j < k; j++) {
				it[idx[j]].weight = w[j];
				double s = SMAX * sqrt(w[j] / wmax);
				it[idx[j]].side = s < SMIN ? SMIN : s;
			}
		}
		free(se);
		free(idx);
	}
	for (int i = 0; i < f->ni; i++)
		if (it[i].side == 0)
			it[i].side = SFIX;
}

/* A panel's decimals and axis. The axis covers the line of no effect,
 * every estimate and every pooled CI; study CIs and prediction intervals
 * too unless one runs far beyond the rest (past the core range by more
 * than 1.5 times its width or the median CI width), where it is cut with
 * an arrow instead of squeezing the plot. */
static void set_axis(struct forest *f, struct panel *P)
{
	const struct item *it = f->it;
	int ratio = ev_measure_is_ratio(P->m);
	double clo = 0, chi = 0, wlo = INFINITY, whi = -INFINITY;
	double *widths = ev_xcalloc((size_t)(P->iend - P->istart) + 1, sizeof *widths);
	int nw = 0;
	struct ev_estimate *est = ev_xcalloc((size_t)(P->iend - P->istart + P->dend - P->dstart) + 1, sizeof *est);
	int ne = 0;
	for (int i = P->istart; i < P->iend; i++) {
		const struct ev_link *l = &f->links[it[i].link];
		double lo = ratio ? log(l->ci_low) : l->ci_low, hi = ratio ? log(l->ci_high) : l->ci_high;
		clo = fmin(clo, it[i].y);
		chi = fmax(chi, it[i].y);
		wlo = fmin(wlo, lo);
		whi = fmax(whi, hi);
		widths[nw++] = hi - lo;
		est[ne++] = (struct ev_estimate){l->estimate, l->ci_low, l->ci_high, !l->computed};
	}
	for (int gi = P->dstart; gi < P->dend; gi++) {
		const struct ev_group *g = f->dg[f->dgo[gi]].pool;
		if (!pooled(g))
			continue;
		double lo = ratio ? log(g->pool.ci_low) : g->pool.ci_low;
		double hi = ratio ? log(g->pool.ci_high) : g->pool.ci_high;
		clo = fmin(clo, lo);
		chi = fmax(chi, hi);
		wlo = fmin(wlo, ratio ? log(g->pool.pi_low) : g->pool.pi_low);
		whi = fmax(whi, ratio ? log(g->pool.pi_high) : g->pool.pi_high);
		est[ne++] = (struct ev_estimate){g->pool.estimate, g->pool.ci_low, g->pool.ci_high, 0};
	}
	P->dec = ev_estimate_decimals(ratio, est, ne);
	free(est);
	/* The median CI width. */
	qsort(widths, (size_t)nw, sizeof *widths, cmp_double);
	double med = nw ? (nw % 2 ? widths[nw / 2] : (widths[nw / 2 - 1] + widths[nw / 2]) / 2) : 0;
	free(widths);
	double reach = 1.5 * fmax(chi - clo, med);
	double lo = fmin(clo, fmax(wlo, clo - reach)), hi = fmax(chi, fmin(whi, chi + reach));
	/* A ratio axis reaches past 1 on both sides, at least half as far on
	 * the log scale as the data do on theirs, so an axis of effects all
	 * below 1 still shows where above 1 would be (and the side label
	 * there has room), as RevMan's symmetric axes do. */
	if (ratio) {
		lo = fmin(lo, -0.5 * hi);
		hi = fmax(hi, -0.5 * lo);
		ev_svg_axis(1, exp(lo), exp(hi), PLOT_W, FS, &P->ax);
	} else
		ev_svg_axis(0, lo, hi, PLOT_W, FS, &P->ax);
}

/* The table's texts, and the column widths they need. */
static void fill_cells(struct forest *f)
{
	char buf[256];
	double *cw = f->cw;
	for (int c = 0; c < 5; c++)
		cw[c] = ev_svg_text_width(forest_head[c], FS, 1);
	cw[C_WT] = ev_svg_text_width("Weight", FS, 1);
	f->nrows = f->ni + f->nmiss;
	f->cell = ev_xcalloc((size_t)f->nrows * NCOL, sizeof *f->cell);
	for (int r = 0; r < f->nrows; r++) {
		const struct item *t = r < f->ni ? &f->it[r] : NULL;
		const struct ev_link *l = &f->links[t ? t->link : f->missing[r - f->ni]];
		char **c = &f->cell[(size_t)r * NCOL];
		c[C_STUDY] = ev_xstrdup(l->study);
		c[C_YEAR] = l->year ? ev_xasprintf("%d", l->year) : ev_xstrdup("\xe2\x80\x93");
		c[C_DESIGN] = ev_xstrdup(l->design >= 0 ? ev_design_names[l->design] : "\xe2\x80\x93");
		c[C_N] = ev_xstrdup(l->n > 0 ? ev_fmt_count(buf, sizeof buf, l->n) : "\xe2\x80\x93");
		c[C_DIR] = ev_xstrdup(ev_direction_names[l->direction]);
		if (t) {
			const struct panel *P = &f->pn[f->dg[t->dg].panel];
			ev_format_estimate(buf, sizeof buf, l->estimate, l->ci_low, l->ci_high, P->dec);
			/* A dagger marks an estimate computed from raw data (<desc> says so). */
			c[C_EST] = l->computed ? ev_xasprintf("%s\xe2\x80\xa0", buf) : ev_xstrdup(buf);
			f->computed += l->computed != 0;
			c[C_WT] = t->weight >= 0 ? ev_xasprintf("%.1f%%", t->weight)
				  : !t->counted  ? ev_xstrdup(not_counted_word(l))
						 : ev_xstrdup("\xe2\x80\x93");
		}
		for (int k = 0; k < NCOL; k++)
			if (c[k] && (k != C_EST || t)) {
				double w = ev_svg_text_width(c[k], FS, 0);
				cw[k] = w > cw[k] ? w : cw[k];
			}
	}
}

/* Horizontal layout: the left block (columns, and the pooled rows' labels
 * that span it), the plotting area, the estimate and weight columns, and
 * room for the side labels that hang from the line of no effect. */
static void lay_out(struct forest *f)
{
	char buf[256];
	double *cw = f->cw, *xcol = f->xcol;
	double left = 0;
	for (int c = 0; c < 5; c++)
		left += cw[c] + (c ? GAP : 0);
	/* Pooled rows: their labels span the left block, their numbers sit in
	 * the estimate column. */
	for (int d = 0; d < f->ndg; d++) {
		const struct ev_group *g = f->dg[d].pool;
		const struct panel *P = &f->pn[f->dg[d].panel];
		if (!pooled(g))
			continue;
		f->pooled_any = 1;
		char lines[3][160];
		pooled_texts(g, lines, sizeof lines[0]);
		left = fmax(left, ev_svg_text_width(lines[0], FS, 1));
		left = fmax(left, ev_svg_text_width(lines[1], FS_SMALL, 0));
		left = fmax(left, ev_svg_text_width(lines[2], FS_SMALL, 0));
		ev_format_estimate(buf, sizeof buf, g->pool.estimate, g->pool.ci_low, g->pool.ci_high, P->dec);
		cw[C_EST] = fmax(cw[C_EST], ev_svg_text_width(buf, FS, 1));
		ev_format_estimate(buf, sizeof buf, 0, g->pool.pi_low, g->pool.pi_high, P->dec);
		char pi[300];
		snprintf(pi, sizeof pi, "95%% PI %s", strchr(buf, '['));
		cw[C_EST] = fmax(cw[C_EST], ev_svg_text_width(pi, FS_SMALL, 0));
		cw[C_WT] = fmax(cw[C_WT], ev_svg_text_width("100%", FS, 1));
	}
	for (int p = 0; p < f->npn; p++) {
		snprintf(buf, sizeof buf, "%s [95%% CI]", ev_measure_names[f->pn[p].m]);
		cw[C_EST] = fmax(cw[C_EST], ev_svg_text_width(buf, FS, 1));
	}
	f->left = left = fmax(left, 200);

	double x = MARGIN;
	for (int c = 0; c < 5; c++) {
		xcol[c] = x;
		x += cw[c] + GAP;
	}
	double x0 = MARGIN + left + GAP; /* the plotting area */
	xcol[C_EST] = x0 + PLOT_W + GAP;
	xcol[C_WT] = xcol[C_EST] + cw[C_EST] + GAP;
	double right = xcol[C_WT] + cw[C_WT];
	/* The side labels hang from the line of no effect and may reach past
	 * the columns: widen the canvas for them. */
	const char *lab_l = f->o->left ? f->o->left : EV_PLOT_LEFT, *lab_r = f->o->right ? f->o->right : EV_PLOT_RIGHT;
	f->side_l = ev_xasprintf("\xe2\x86\x90 %s", lab_l);
	f->side_r = ev_xasprintf("%s \xe2\x86\x92", lab_r);
	double extra_l = 0, extra_r = 0;
	for (int p = 0; p < f->npn; p++) {
		double xn = px(&f->pn[p], x0, ev_measure_is_ratio(f->pn[p].m) ? 1 : 0);
		extra_l = fmax(extra_l, MARGIN - (xn - 6 - ev_svg_text_width(f->side_l, FS_SMALL, 0)));
		extra_r = fmax(extra_r, xn + 6 + ev_svg_text_width(f->side_r, FS_SMALL, 0) - right);
	}
	double xoff = extra_l > 0 ? extra_l : 0;
	for (int c = 0; c < NCOL; c++)
		xcol[c] += xoff;
	f->x0 = x0 + xoff;
	f->xoff = xoff;
	f->right = right + xoff + (extra_r > 0 ? extra_r : 0);
	f->width = f->right + MARGIN;
	f->content = f->right - MARGIN; /* width of the text area, for wrapping */
}

/* The five left columns of row r: study, year, design, n, direction. */
static void draw_left_cells(struct forest *f, struct ev_buf *b, int r, const struct ev_link *l)
{
	char **c = &f->cell[(size_t)r * NCOL];
	for (int k = 0; k < 5; k++)
		text(b, k == C_YEAR || k == C_N ? f->xcol[k] + f->cw[k] : f->xcol[k], f->y + BASE,
		     k == C_YEAR || k == C_N ? A_END : A_START, FS, 0, k == C_DIR ? direction_role(l->direction) : R_INK,
		     c[k]);
}

static void draw_title(struct forest *f)
{
	if (!f->o->title || !*f->o->title)
		return;
	char **tl;
	int nl = wrap(f->o->title, f->content, FS_TITLE, 1, &tl);
	for (int i = 0; i < nl; i++) {
		text(&f->body, MARGIN + f->xoff, f->y + BASE + 1, A_START, FS_TITLE, 1, R_INK, tl[i]);
		f->y += ROW + 2;
	}
	free_lines(tl, nl);
	f->y += 8;
}

/* A display group's rows into `marks`: its heading, a row per study, and
 * its pooled rows (diamond, prediction interval, the model's words). */
static void draw_group(struct forest *f, const struct panel *P, int d, struct ev_buf *marks)
{
	const struct dgroup *D = &f->dg[d];
	const struct ev_group *g = D->pool;
	const double x0 = f->x0, *xcol = f->xcol, *cw = f->cw;
	char **hl;
	int nh = wrap(D->outcome[0] ? D->outcome : "(outcome not named)", f->left, FS, 1, &hl);
	for (int i = 0; i < nh; i++) {
		text(marks, MARGIN + f->xoff, f->y + BASE, A_START, FS, 1, R_INK, hl[i]);
		f->y += ROW;
	}
	free_lines(hl, nh);
	for (int r = D->start; r < D->end; r++) {
		const struct item *t = &f->it[r];
		const struct ev_link *l = &f->links[t->link];
		char **c = &f->cell[(size_t)r * NCOL];
		draw_left_cells(f, marks, r, l);
		text(marks, xcol[C_EST] + cw[C_EST], f->y + BASE, A_END, FS, 0, R_INK, c[C_EST]);
		text(marks, xcol[C_WT] + cw[C_WT], f->y + BASE, A_END, FS, 0, t->counted ? R_INK : R_MUTE, c[C_WT]);
		double yc = f->y + ROW / 2, xe = px(P, x0, l->estimate), s = t->side;
		if (t->counted) {
			f->arrows |= interval(marks, P, x0, l->ci_low, l->ci_high, yc, R_MARKL, R_MARK, 1.5, NULL, 0);
			rect(marks, xe - s / 2, yc - s / 2, s, s, R_MARK);
		} else {
			f->hollow = 1;
			f->arrows |= interval(marks, P, x0, l->ci_low, l->ci_high, yc, R_MARKL, R_MARK, 1.5, "4 3", 0);
			rect(marks, xe - s / 2, yc - s / 2, s, s, R_HOLLOW);
		}
		f->y += ROW;
	}
	if (pooled(g)) {
		char lines[3][160], buf[256];
		double yc = f->y + ROW / 2;
		pooled_texts(g, lines, sizeof lines[0]);
		text(marks, MARGIN + f->xoff, f->y + BASE, A_START, FS, 1, R_INK, lines[0]);
		f->arrows |= interval(marks, P, x0, g->pool.pi_low, g->pool.pi_high, yc, R_PIL, R_MUTE, 2, NULL, 1);
		double dx[8] = {px(P, x0, g->pool.ci_low),  yc, px(P, x0, g->pool.estimate), yc - 6,
				px(P, x0, g->pool.ci_high), yc, px(P, x0, g->pool.estimate), yc + 6};
		polygon(marks, dx, 4, R_POOL);
		ev_format_estimate(buf, sizeof buf, g->pool.estimate, g->pool.ci_low, g->pool.ci_high, P->dec);
		text(marks, xcol[C_EST] + cw[C_EST], f->y + BASE, A_END, FS, 1, R_INK, buf);
		text(marks, xcol[C_WT] + cw[C_WT], f->y + BASE, A_END, FS, 1, R_INK, "100%");
		f->y += ROW;
		text(marks, MARGIN + f->xoff, f->y + BASE, A_START, FS_SMALL, 0, R_MUTE, lines[1]);
		char ci[160];
		ev_format_estimate(ci, sizeof ci, 0, g->pool.pi_low, g->pool.pi_high, P->dec);
		snprintf(buf, sizeof buf, "95%% PI %s", strchr(ci, '['));
		text(marks, xcol[C_EST] + cw[C_EST], f->y + BASE, A_END, FS_SMALL, 0, R_MUTE, buf);
		f->y += ROW;
		text(marks, MARGIN + f->xoff, f->y + BASE, A_START, FS_SMALL, 0, R_MUTE, lines[2]);
		f->y += ROW;
	}
	f->y += 4;
}

/* One panel: its heading and column heads, its groups, its axis. */
static void draw_panel(struct forest *f, const struct panel *P)
{
	struct ev_buf *b = &f->body;
	const double x0 = f->x0, *xcol = f->xcol, *cw = f->cw;
	char buf[256];
	int ratio = ev_measure_is_ratio(P->m);
	double xn = px(P, x0, ratio ? 1 : 0);
	snprintf(buf, sizeof buf, "%s (%s), %s scale", measure_long[P->m], ev_measure_names[P->m],
		 ratio ? "log" : "linear");
	text(b, MARGIN + f->xoff, f->y + BASE, A_START, FS_PANEL, 1, R_INK, buf);
	f->y += ROW + 4;
	for (int c = 0; c < 5; c++)
		text(b, c == C_YEAR || c == C_N ? xcol[c] + cw[c] : xcol[c], f->y + BASE,
		     c == C_YEAR || c == C_N ? A_END : A_START, FS, 1, R_INK, forest_head[c]);
	snprintf(buf, sizeof buf, "%s and 95%% CI", ev_measure_names[P->m]);
	text(b, x0 + PLOT_W / 2, f->y + BASE, A_MIDDLE, FS, 1, R_INK, buf);
	snprintf(buf, sizeof buf, "%s [95%% CI]", ev_measure_names[P->m]);
	text(b, xcol[C_EST] + cw[C_EST], f->y + BASE, A_END, FS, 1, R_INK, buf);
	text(b, xcol[C_WT] + cw[C_WT], f->y + BASE, A_END, FS, 1, R_INK, "Weight");
	f->y += ROW + 3;
	line(b, MARGIN + f->xoff, f->y - 2, xcol[C_WT] + cw[C_WT], f->y - 2, R_RULE, 1, NULL);
	double ytop = f->y;
	/* The line of no effect goes under everything else in the panel; its
	 * length is known only at the end, so it is drawn then into a buffer
	 * placed first. */
	struct ev_buf marks = EV_BUF_INIT;
	for (int gi = P->dstart; gi < P->dend; gi++)
		draw_group(f, P, f->dgo[gi], &marks);
	/* The axis. */
	double ya = f->y + 2;
	line(b, xn, ytop, xn, ya, R_NULL, 1, NULL);
	ev_buf_add(b, marks.data, marks.len);
	ev_buf_free(&marks);
	line(b, x0, ya, x0 + PLOT_W, ya, R_AXIS, 1, NULL);
	for (int t = 0; t < P->ax.nticks; t++) {
		double xt = px(P, x0, P->ax.ticks[t]);
		line(b, xt, ya, xt, ya + 4, R_AXIS, 1, NULL);
		text(b, xt, ya + 4 + BASE, A_MIDDLE, FS, 0, R_INK, ev_svg_tick_label(P->ax.ticks[t], buf, sizeof buf));
	}
	text(b, xn - 6, ya + 4 + ROW + BASE - 1, A_END, FS_SMALL, 0, R_MUTE, f->side_l);
	text(b, xn + 6, ya + 4 + ROW + BASE - 1, A_START, FS_SMALL, 0, R_MUTE, f->side_r);
	f->y = ya + 4 + 2 * ROW + 14;
}

/* Links that cannot be drawn, listed below the plot so nothing is hidden. */
static void draw_missing(struct forest *f)
{
	if (!f->nmiss)
		return;
	struct ev_buf *b = &f->body;
	char buf[256];
	/* Not every link listed lacks an estimate: some have values the plot
	 * cannot draw, and the heading then says so. */
	int drawable_fail = 0;
	for (int r = 0; r < f->nmiss; r++)
		drawable_fail |= ev_plot_too_large(&f->links[f->missing[r]], NULL) != NULL;
	snprintf(buf, sizeof buf, "Not plotted: no estimate with a 95%% CI%s (%d link%s)",
		 drawable_fail ? " that can be drawn" : "", f->nmiss, f->nmiss == 1 ? "" : "s");
	text(b, MARGIN + f->xoff, f->y + BASE, A_START, FS_PANEL, 1, R_INK, buf);
	f->y += ROW + 4;
	for (int r = f->ni; r < f->nrows; r++) {
		const struct ev_link *l = &f->links[f->missing[r - f->ni]];
		draw_left_cells(f, b, r, l);
		struct ev_buf why = EV_BUF_INIT;
		ev_plot_why_not(l, &why);
		if (!ev_link_counts(l))
			ev_buf_addf(&why, "; not counted (%s)", not_counted_word(l));
		char **wl;
		int nw = wrap(ev_buf_str(&why), f->right - f->x0, FS, 0, &wl);
		for (int i = 0; i < nw; i++) {
			text(b, f->x0, f->y + BASE, A_START, FS, 0, R_MUTE, wl[i]);
			f->y += ROW;
		}
		free_lines(wl, nw);
		ev_buf_free(&why);
	}
	f->y += 10;
}

/* The key: what the marks mean, only those the plot has. */
static void draw_key(struct forest *f)
{
	const struct ev_plot_opts *o = f->o;
	struct ev_buf key = EV_BUF_INIT;
	ev_buf_adds(&key, "Squares: study estimates, lines: their 95% CIs. ");
	/* The key names the estimator the diamonds were pooled with: the
	 * default's sentence is kept word for word (plots made without
	 * --method do not change); any other method is named in its place. */
	if (f->pooled_any && (!o->meta || (o->meta->method == EV_METHOD_DL && o->meta->ci == EV_CI_Z)))
		ev_buf_adds(&key, "A square's area is proportional to the study's random-effects weight in its pooled "
				  "group; a single estimate has a fixed-size square. Diamond: the pooled random-effects "
				  "estimate (DerSimonian-Laird) and its 95% CI; the bar behind it: the 95% prediction "
				  "interval (PI). ");
	else if (f->pooled_any)
		ev_buf_addf(&key,
			    "A square's area is proportional to the study's %s weight in its pooled group; a single "
			    "estimate has a fixed-size square. Diamond: the pooled estimate (%s) and its 95%% CI; the bar "
			    "behind it: the 95%% prediction interval (PI). ",
			    o->meta->method == EV_METHOD_FE ? "fixed-effect" : "random-effects", ev_meta_label(o->meta));
	else
		ev_buf_adds(&key, "No outcome has two or more estimates to pool; squares have a fixed size. ");
	if (f->hollow)
		ev_buf_adds(&key, "Hollow squares on dashed lines: links not counted by the grading (unverified, "
				  "retracted or without a design), not pooled. ");
	if (f->arrows)
		ev_buf_adds(&key, "Arrows: the interval runs past the axis. ");
	if (f->computed)
		ev_buf_adds(&key, "\xe2\x80\xa0 computed from the study's raw data (counts or means). ");
	ev_buf_adds(&key, "Vertical line: no effect (1 for ratios, 0 for differences).");
	char **kl;
	int nk = wrap(ev_buf_str(&key), f->content, FS_SMALL, 0, &kl);
	for (int i = 0; i < nk; i++) {
		text(&f->body, MARGIN + f->xoff, f->y + BASE, A_START, FS_SMALL, 0, R_MUTE, kl[i]);
		f->y += ROW - 3;
	}
	free_lines(kl, nk);
	ev_buf_free(&key);
}

/* The SVG document: its size, title and description (what a screen
 * reader says), the dark-mode colours, the drawing. */
static void write_document(const struct forest *f, struct ev_buf *out)
{
	const struct ev_plot_opts *o = f->o;
	double width = ceil(f->width), height = ceil(f->y + MARGIN);
	char buf[256];
	ev_buf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		    "font-family=\"%s\" font-size=\"%g\" role=\"img\">\n<title>",
		    width, height, width, height, EV_SVG_FONT, FS);
	ev_xml_escape(out, o->label ? o->label : o->title ? o->title : "Forest plot");
	ev_buf_adds(out, "</title>\n<desc>");
	struct ev_buf d = EV_BUF_INIT;
	ev_buf_addf(&d, "Forest plot of %d estimate%s", f->ni, f->ni == 1 ? "" : "s");
	for (int g = 0; g < f->ndg; g++) {
		const struct ev_group *G = f->dg[g].pool;
		if (!pooled(G))
			continue;
		ev_format_estimate(buf, sizeof buf, G->pool.estimate, G->pool.ci_low, G->pool.ci_high,
				   f->pn[f->dg[g].panel].dec);
		ev_buf_addf(&d, "; %s: pooled %s %s from %d studies, I2 %.1f%%",
			    f->dg[g].outcome[0] ? f->dg[g].outcome : "outcome not named", ev_measure_names[f->dg[g].m],
			    buf, G->k, G->pool.i2);
	}
	if (f->nmiss)
		ev_buf_addf(&d, "; %d link%s without an estimate listed below the plot", f->nmiss,
			    f->nmiss == 1 ? "" : "s");
	if (f->computed)
		ev_buf_addf(&d, "; \xe2\x80\xa0 %d estimate%s computed from raw data", f->computed,
			    f->computed == 1 ? "" : "s");
	ev_buf_adds(&d, ".");
	ev_xml_escape(out, ev_buf_str(&d));
	ev_buf_free(&d);
	ev_buf_adds(out, "</desc>\n<style>@media screen and (prefers-color-scheme: dark) {");
	for (int r = 0; r < NROLES; r++)
		ev_buf_addf(out, " .%s{%s}", roles[r].cls, roles[r].dark);
	ev_buf_adds(out, " }</style>\n");
	rect(out, 0, 0, width, height, R_BG);
	ev_buf_add(out, f->body.data, f->body.len);
	ev_buf_adds(out, "</svg>\n");
}

static void forest_free(struct forest *f)
{
	ev_buf_free(&f->body);
	for (int i = 0; i < f->nrows * NCOL; i++)
		free(f->cell[i]);
	free(f->cell);
	free(f->side_l);
	free(f->side_r);
	free(f->it);
	free(f->dg);
	free(f->pn);
	free(f->missing);
	free(f->groups);
	free(f->dgo);
}

int ev_svg_forest(struct ev_buf *out, const struct ev_link *links, int n, const struct ev_plot_opts *o)
{
	static const struct ev_plot_opts none = {0};
	struct forest f;
	memset(&f, 0, sizeof f);
	f.links = links;
	f.n = n;
	f.o = o ? o : &none;
	collect_items(&f);
	if (f.ni == 0) {
		forest_free(&f);
		return 0;
	}
	group_items(&f);
	attach_pools(&f);
	order_rows(&f);
	weigh_items(&f);
	for (int p = 0; p < f.npn; p++)
		set_axis(&f, &f.pn[p]);
	fill_cells(&f);
	lay_out(&f);
	f.y = MARGIN;
	draw_title(&f);
	for (int p = 0; p < f.npn; p++)
		draw_panel(&f, &f.pn[p]);
	draw_missing(&f);
	draw_key(&f);
	write_document(&f, out);
	int drawn = f.ni;
	forest_free(&f);
	return drawn;
}

/* ---- the funnel plot ------------------------------------------------ */

/* A circle of radius r at (x, y): filled, or hollow (a filled-in study
 * of trim-and-fill). */
static void circle(struct ev_buf *b, double x, double y, double r, int hollow)
{
	ev_buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%g\" class=\"%s\" %s%s/>\n", x, y, r,
		    roles[hollow ? R_HOLLOW : R_MARK].cls, roles[hollow ? R_HOLLOW : R_MARK].attr,
		    hollow ? " stroke-width=\"1.5\"" : "");
}

/* The plot's panels found as ev_svg_forest finds them (a measure; an
 * outcome too for MDs), by sorting keys rather than comparing every row
 * with every panel; within a panel the order of the estimates does not
 * change the decimals. */
void ev_svg_decimals(const struct ev_link *links, int n, const struct ev_group *want, int nwant, int *dec,
		     int *gdec)
{
	struct dkey *keys = ev_xcalloc((size_t)n + 1, sizeof *keys);
	struct ev_group *groups;
	struct ev_estimate *est = ev_xcalloc((size_t)2 * (size_t)n + 1, sizeof *est);
	int nk = 0;
	for (int i = 0; i < n; i++) {
		dec[i] = -1;
		if (!ev_plot_usable(&links[i]))
			continue;
		keys[nk].m = links[i].measure;
		keys[nk].outcome = links[i].measure == EV_MD && links[i].outcome ? links[i].outcome : "";
		keys[nk++].at = i;
	}
	qsort(keys, (size_t)nk, sizeof *keys, cmp_dkey);
	int ng = sorted_groups(want, nwant, &groups);
	int *gd = ev_xcalloc((size_t)ng + 1, sizeof *gd), *touched = ev_xcalloc((size_t)ng + 1, sizeof *touched);
	/* gd[g]: 0 while no panel has drawn group g's rows; the panel's
	 * number (from 1) while its decimals are being chosen; then -1 -
	 * those decimals. touched: the groups of the current panel. */
	for (int j = 0, panel = 1; j < nk; panel++) {
		int e = j + 1, ne = 0, nt = 0, ratio = ev_measure_is_ratio(keys[j].m);
		while (e < nk && keys[e].m == keys[j].m && strcmp(keys[e].outcome, keys[j].outcome) == 0)
			e++;
		for (int r = j; r < e; r++) {
			const struct ev_link *l = &links[keys[r].at];
			est[ne++] = (struct ev_estimate){l->estimate, l->ci_low, l->ci_high, !l->computed};
			struct ev_group probe = {0};
			probe.measure = l->measure;
			probe.outcome = l->outcome ? l->outcome : "";
			const struct ev_group *g = bsearch(&probe, groups, (size_t)ng, sizeof *groups, cmp_group_key);
			if (g && gd[g - groups] == 0) {
				gd[g - groups] = panel;
				touched[nt++] = (int)(g - groups);
				if (pooled(g))
					est[ne++] = (struct ev_estimate){g->pool.estimate, g->pool.ci_low, g->pool.ci_high, 0};
			}
		}
		int d = ev_estimate_decimals(ratio, est, ne);
		for (int r = j; r < e; r++)
			dec[keys[r].at] = d;
		for (int t = 0; t < nt; t++)
			gd[touched[t]] = -(d + 1);
		j = e;
	}
	for (int w = 0; want && w < nwant; w++) {
		const struct ev_group *g = bsearch(&want[w], groups, (size_t)ng, sizeof *groups, cmp_group_key);
		gdec[w] = g && gd[g - groups] < 0 ? -gd[g - groups] - 1 : -1;
	}
	free(keys);
	free(groups);
	free(est);
	free(gd);
	free(touched);
}

int ev_svg_funnel(struct ev_buf *out, const struct ev_funnel *f, const struct ev_plot_opts *o)
{
	static const struct ev_plot_opts none = {0};
	const double W = 420, H = 300; /* the plotting area */
	if (!o)
		o = &none;
	if (f->k < 1)
		return 0;
	int ratio = ev_measure_is_ratio(f->measure), total = f->k + f->nfilled;
	double semax = 0, lo = f->mu, hi = f->mu;
	for (int i = 0; i < total; i++) {
		double y = i < f->k ? f->y[i] : f->filled_y[i - f->k];
		double v = i < f->k ? f->v[i] : f->filled_v[i - f->k];
		semax = fmax(semax, sqrt(v));
		lo = fmin(lo, y);
		hi = fmax(hi, y);
	}
	if (!(semax > 0))
		semax = 1;
	semax *= 1.05;
	/* The pseudo 95% limits at the widest SE, and the null, are in view. */
	lo = fmin(lo, f->mu - EV_Z95 * semax);
	hi = fmax(hi, f->mu + EV_Z95 * semax);
	lo = fmin(lo, 0);
	hi = fmax(hi, 0);
	struct ev_axis ax;
	ev_svg_axis(ratio, ratio ? exp(lo) : lo, ratio ? exp(hi) : hi, W, FS_SMALL, &ax);
	double a0 = ratio ? log(ax.lo) : ax.lo, a1 = ratio ? log(ax.hi) : ax.hi;
	double x0 = MARGIN + 56, top = MARGIN + (o->title ? 34 : 8);
#define FX(v) (x0 + ((v) - a0) / (a1 - a0) * W)
#define FY(se) (top + (se) / semax * H)
	struct ev_buf b = EV_BUF_INIT;
	char buf[160], t[32];
	if (o->title)
		text(&b, MARGIN, MARGIN + 15, A_START, FS_TITLE, 1, R_INK, o->title);
	/* The funnel: pseudo 95% confidence limits around the pooled estimate. */
	double tri[6] = {FX(f->mu), FY(0), FX(f->mu - EV_Z95 * semax), FY(semax), FX(f->mu + EV_Z95 * semax),
			 FY(semax)};
	line(&b, tri[0], tri[1], tri[2], tri[3], R_PIL, 1, "4 3");
	line(&b, tri[0], tri[1], tri[4], tri[5], R_PIL, 1, "4 3");
	line(&b, FX(f->mu), FY(0), FX(f->mu), FY(semax), R_AXIS, 1, NULL);
	if (a0 < 0 && a1 > 0)
		line(&b, FX(0), FY(0), FX(0), FY(semax), R_NULL, 1, "2 2");
	for (int i = 0; i < total; i++) {
		int filled = i >= f->k;
		double y = filled ? f->filled_y[i - f->k] : f->y[i];
		double v = filled ? f->filled_v[i - f->k] : f->v[i];
		circle(&b, FX(y), FY(sqrt(v)), 4, filled);
	}
	/* Axes: effect below, standard error (0 at the top) on the left. */
	line(&b, x0, FY(semax), x0 + W, FY(semax), R_AXIS, 1, NULL);
	line(&b, x0, top, x0, FY(semax), R_AXIS, 1, NULL);
	for (int i = 0; i < ax.nticks; i++) {
		double xv = FX(ratio ? log(ax.ticks[i]) : ax.ticks[i]);
		line(&b, xv, FY(semax), xv, FY(semax) + 5, R_AXIS, 1, NULL);
		text(&b, xv, FY(semax) + 18, A_MIDDLE, FS_SMALL, 0, R_INK, ev_svg_tick_label(ax.ticks[i], t, sizeof t));
	}
	for (int i = 0; i <= 4; i++) {
		double se = semax / 1.05 * i / 4;
		line(&b, x0 - 5, FY(se), x0, FY(se), R_AXIS, 1, NULL);
		text(&b, x0 - 8, FY(se) + 4, A_END, FS_SMALL, 0, R_INK, ev_fmt_num(t, sizeof t, se, 3));
	}
	snprintf(buf, sizeof buf, "%s%s", ev_measure_names[f->measure], ratio ? " (log scale)" : "");
	text(&b, x0 + W / 2, FY(semax) + 38, A_MIDDLE, FS, 1, R_INK, buf);
	text(&b, MARGIN, top - 10 + (o->title ? 0 : 6), A_START, FS, 1, R_INK, "Standard error");
	double legend = FY(semax) + 60;
	snprintf(buf, sizeof buf, "Pooled %s %s; dashed: pseudo 95%% confidence limits%s", ev_measure_names[f->measure],
		 ev_fmt_num(t, sizeof t, ratio ? exp(f->mu) : f->mu, 4),
		 f->nfilled ? "; hollow: studies filled in by trim-and-fill" : "");
	text(&b, MARGIN, legend, A_START, FS_SMALL, 0, R_MUTE, buf);
	double width = x0 + W + MARGIN + 20, height = legend + MARGIN;
#undef FX
#undef FY
	ev_buf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		    "font-family=\"%s\" font-size=\"%g\" role=\"img\">\n<title>",
		    ceil(width), ceil(height), ceil(width), ceil(height), EV_SVG_FONT, FS);
	ev_xml_escape(out, o->label ? o->label : o->title ? o->title : "Funnel plot");
	ev_buf_addf(out, "</title>\n<desc>Funnel plot of %d %s estimates against their standard errors%s.</desc>\n",
		    f->k, ev_measure_names[f->measure],
		    f->nfilled ? ", with the studies trim-and-fill adds drawn hollow" : "");
	ev_buf_adds(out, "<style>@media screen and (prefers-color-scheme: dark) {");
	for (int r = 0; r < NROLES; r++)
		ev_buf_addf(out, " .%s{%s}", roles[r].cls, roles[r].dark);
	ev_buf_adds(out, " }</style>\n");
	rect(out, 0, 0, ceil(width), ceil(height), R_BG);
	ev_buf_add(out, b.data, b.len);
	ev_buf_adds(out, "</svg>\n");
	ev_buf_free(&b);
	return total;
}
