/*
 * effect.h: effect sizes from what trials report, as metafor's escalc()
 * computes them: log risk ratio, log odds ratio and risk difference from a
 * 2x2 table; mean difference and Hedges' g from means and SDs. Each comes
 * with its sampling variance on the analysis scale (log scale for RR and
 * OR). Pure: no I/O, no SQL, no allocation.
 */
#ifndef EV_EFFECT_H
#define EV_EFFECT_H

#include "domain.h"

/* A 2x2 table as trials report it: events and participants per arm. */
struct ev_counts {
	double events_treat, total_treat, events_control, total_control;
};

/* Two arms' means, standard deviations and sizes. */
struct ev_means {
	double mean_treat, sd_treat, total_treat, mean_control, sd_control, total_control;
};

/* What happened to a study's counts. */
enum ev_effect_note {
	EV_EFFECT_OK,
	EV_EFFECT_CORRECTED,  /* a zero cell: 0.5 added to every cell (metafor, RevMan) */
	EV_EFFECT_NO_EVENTS,  /* no events in both arms: shown, not pooled for RR/OR */
	EV_EFFECT_ALL_EVENTS, /* every participant an event in both arms: idem */
};

/* NULL-terminated spellings of the notes, for messages and JSON: "ok",
 * "corrected", "no-events", "all-events". */
extern const char *const ev_effect_note_names[];

/* The effect of a 2x2 table for m = EV_RR, EV_OR (log scale) or EV_RD:
 * *yi and *vi as escalc(measure, ai, n1i, ci, n2i) gives them with its
 * defaults (add = 1/2, to = "only0", drop00 = FALSE, vtype = "LS"). A
 * study with a zero cell has 0.5 added to all four cells. A study with no
 * events in both arms (or only events) still gets *yi and *vi computed
 * that way, as escalc does, and *note says so: the caller shows it and
 * leaves it out of an RR or OR pool (RevMan's "not estimable"); for RD it
 * is pooled, as metafor and RevMan pool it. *note may be NULL.
 * Returns 0, or -1 when the counts are unusable (negative, not finite,
 * events above the total, an empty arm) or m is another measure; then
 * *yi, *vi and *note are not written. */
int ev_effect_counts(enum ev_measure m, const struct ev_counts *c, double *yi, double *vi,
		     enum ev_effect_note *note);

/* The effect of two arms' means for m = EV_MD (mean difference, variance
 * sd1^2/n1 + sd2^2/n2) or EV_SMD (Hedges' g: Cohen's d with the pooled SD
 * times the exact small-sample correction c(m) = Gamma(m/2) /
 * (sqrt(m/2) Gamma((m-1)/2)), m = n1 + n2 - 2, and the large-sample
 * variance 1/n1 + 1/n2 + g^2 / (2 (n1 + n2)): escalc's "SMD" with vtype
 * "LS"). Returns 0, or -1 when the inputs are unusable (not finite, an SD
 * < 0, an arm < 1, for SMD a pooled SD of 0 or n1 + n2 < 4) or m is another
 * measure; then *yi and *vi are not written. */
int ev_effect_means(enum ev_measure m, const struct ev_means *x, double *yi, double *vi);

#endif
