/*
 * svg.h: forest plots as standalone SVG. Pure: takes a claim's evidence
 * links, groups and pools them with the code the grading uses (grade.h,
 * meta.h), and appends SVG text to a buffer; no SQL, no I/O. How to read
 * the plot, and the layout rules, are in docs/plots.md.
 */
#ifndef EV_SVG_H
#define EV_SVG_H

#include <stddef.h>

#include "grade.h"
#include "util.h"

/* The font the plot declares. Text widths are measured with a table of
 * the widest of DejaVu Sans and Liberation Sans (Arial's metrics) for each
 * character, so columns never collide in any of these; the generic
 * fallback comes last. */
#define EV_SVG_FONT "'DejaVu Sans', 'Bitstream Vera Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"

/* What the labels under the axis say by default: which side of the line
 * of no effect is which, in words that hold for any claim (whether lower
 * is better depends on the outcome, which the data does not say). */
#define EV_PLOT_LEFT "lower in exposed/treated"
#define EV_PLOT_RIGHT "higher in exposed/treated"

struct ev_plot_opts {
	const char *title; /* heading drawn above the plot (wrapped); NULL: none */
	const char *label; /* accessible name (<title>); NULL: title, else "Forest plot" */
	const char *left;  /* side labels under each axis; NULL: the defaults above */
	const char *right;
	const struct ev_meta_opts *meta; /* how groups were pooled; NULL: DerSimonian-Laird, z */
	/* The claim's pooled groups as the assessment formed and pooled them
	 * (struct ev_assessment's pooled, npooled): the plot draws their
	 * diamonds and weights and forms no groups of its own, so a diamond
	 * shows exactly the numbers `query` and `explain` give. */
	const struct ev_group *groups;
	int ngroups;
};

/* True when a link can be drawn: it has an estimate, a 95% CI and a
 * measure, and the values are usable on the measure's scale (ratios > 0,
 * low < high). */
int ev_plot_usable(const struct ev_link *l);

/* When a link has an estimate, a 95% CI and a measure but one of the
 * values is too large for the plot to draw (not finite, or 1e150 or more
 * in size): the field's name ("estimate", "ci_low", "ci_high"), and the
 * value in *value when value is not NULL. NULL otherwise. */
const char *ev_plot_too_large(const struct ev_link *l, double *value);

/* Why link l cannot be drawn, in words, appended to out ("BP: MD 1e+308
 * (1e+307 to 1.7e+308) cannot be drawn on its scale: estimate 1e+308 is
 * too large ..."): what the plot lists under itself, and what `plot`
 * says when no link can be drawn. */
void ev_plot_why_not(const struct ev_link *l, struct ev_buf *out);

/* Draws the forest plot of links[0..n) (one claim's links) and appends it
 * to out as a complete <svg> element. Links that cannot be drawn are
 * listed under the plot. Returns the number of links drawn as rows; when
 * that is 0, nothing is appended. Never fails (allocation failure exits,
 * as everywhere). */
int ev_svg_forest(struct ev_buf *out, const struct ev_link *links, int n, const struct ev_plot_opts *o);

/* The decimals the forest plot of links[0..n) with the pooled groups
 * groups[0..ng) (as ev_plot_opts's) writes estimates with, chosen once
 * per panel by ev_estimate_decimals over the panel's rows and pooled
 * diamonds (docs/plots.md), so that a page can write the same numbers
 * beside the plot: dec[i] for links[i], or -1 when the plot does not draw
 * it; and gdec[j] for the pooled estimate of groups[j], or -1 when the
 * plot draws none of its links. */
void ev_svg_decimals(const struct ev_link *links, int n, const struct ev_group *groups, int ng, int *dec,
		     int *gdec);

/* A funnel plot's data: k effects y (analysis scale) with variances v,
 * the pooled estimate mu they are drawn around, and the studies
 * trim-and-fill filled in (nfilled of them; NULL and 0 when not asked). */
struct ev_funnel {
	enum ev_measure measure;
	const double *y, *v;
	int k;
	double mu;
	const double *filled_y, *filled_v;
	int nfilled;
};

/* Draws a funnel plot as a complete <svg> element appended to out: each
 * effect against its standard error (0 at the top), a vertical line at mu,
 * the pseudo 95% confidence limits mu +- 1.96 se as dashed lines, the
 * filled studies as hollow circles. Uses o's title and label only.
 * Returns the number of points drawn (0: nothing appended). */
int ev_svg_funnel(struct ev_buf *out, const struct ev_funnel *f, const struct ev_plot_opts *o);

/* Width in pixels of UTF-8 text s at font size `size` (regular or bold)
 * under the width model above: never less than any declared font draws
 * it. Characters outside the table count one em (emoji 1.3 em). */
double ev_svg_text_width(const char *s, double size, int bold);

/* An axis: limits on the measure's scale and the tick values, which
 * include both limits. */
#define EV_AXIS_MAX_TICKS 16
struct ev_axis {
	int log;        /* a log axis (ratio measures) */
	double lo, hi;  /* the axis limits (the first and last tick) */
	int nticks;
	double ticks[EV_AXIS_MAX_TICKS];
};

/* Chooses ticks on nice values covering [lo, hi] (values on the measure's
 * scale; lo > 0 on a log axis) for an axis `width` pixels long with tick
 * labels of `font` pixels: a log axis uses 1-2-5 steps (0.1 0.2 0.5 1 2 5),
 * evenly spaced values for a narrow range (0.85 0.9 0.95 1), or powers of
 * ten for a wide one; a linear axis uses steps of 1, 2, 2.5 or 5 times a
 * power of ten. The choice is the densest whose labels do not collide,
 * with at most 8 ticks (6 when evenly spaced). */
void ev_svg_axis(int log, double lo, double hi, double width, double font, struct ev_axis *ax);

/* A tick value as its label: the shortest decimal ("0.5", "10", "-2.5");
 * returns buf. */
const char *ev_svg_tick_label(double v, char *buf, size_t size);

#endif
