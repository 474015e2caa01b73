/*
 * sof.h: the rows of a GRADE Summary of Findings table, as GRADEpro prints
 * them: for a body of evidence (grade.h), the relative effect, the
 * anticipated absolute effects per 1,000 (risk with the comparator, and
 * the difference the intervention makes) and the plain-language
 * statement of GRADE guidance 26 (Santesso et al., J Clin Epidemiol
 * 2020). Pure: numbers and text, no SQL, no I/O; the rules are in
 * docs/sof.md.
 */
#ifndef EV_SOF_H
#define EV_SOF_H

#include <stddef.h>

#include "domain.h"
#include "grade.h"
#include "util.h"

/* Anticipated absolute effects of a dichotomous outcome, per 1,000. */
struct ev_sof_abs {
	double risk;                      /* risk with the comparator */
	double with;                      /* risk with the intervention */
	double diff, diff_low, diff_high; /* with minus risk, and its 95% CI */
};

/* The absolute effects of a relative effect `est` (95% CI lo..hi) on a
 * comparator risk `risk` (a proportion in [0, 1]), as GRADEpro computes
 * them: RR: risk x RR; OR: OR risk / (1 - risk + OR risk); HR:
 * 1 - (1 - risk)^HR (proportional hazards at the time the risk is
 * read); RD: risk + RD. Each CI bound goes through the same formula.
 * Returns 0, or -1 when m is not a dichotomous measure (MD, SMD), risk
 * is outside [0, 1] or the estimate cannot be a ratio (<= 0). */
int ev_sof_absolute(enum ev_measure m, double est, double lo, double hi, double risk, struct ev_sof_abs *a);

/* "52 fewer per 1,000 (from 80 fewer to 20 fewer)": the difference
 * rounded to whole events per 1,000, as GRADEpro writes it. */
const char *ev_sof_abs_text(const struct ev_sof_abs *a, char *buf, size_t size);

/* "RR 0.48 [0.32, 0.71]": the measure, then the estimate and CI exactly
 * as the forest plot writes them (numfmt.h), with `decimals` decimals
 * (ev_estimate_decimals), so a page showing both reads the same. */
const char *ev_sof_relative_text(enum ev_measure m, double est, double lo, double hi, int decimals, char *buf,
				 size_t size);

/* "MD 2.30 lower (3.10 lower to 1.50 lower)" or "SMD 0.40 SD higher
 * (...)": a continuous outcome's difference in GRADEpro's words, the
 * numbers with `decimals` decimals as the forest plot shows them. */
const char *ev_sof_mean_text(enum ev_measure m, double est, double lo, double hi, int decimals, char *buf,
			     size_t size);

/* The decimals a body's estimate is shown with: numfmt.h's rule for its
 * one estimate (a single study's as published, a pooled one computed). */
int ev_sof_decimals(const struct ev_body *b);

/* How large an effect is, for the plain-language statement
 * (docs/sof.md gives the thresholds). */
enum ev_sof_size { EV_SOF_TRIVIAL, EV_SOF_SMALL, EV_SOF_LARGE };
enum ev_sof_size ev_sof_size_of(enum ev_measure m, double est, double lo, double hi);

/* Appends GRADE guidance 26's statement for an effect of `certainty`
 * (1..4) of `intervention` on `outcome` ("Menaquinone-7 probably reduces
 * arterial stiffness slightly"): the certainty gives the verb (high:
 * none, moderate: "probably", low: "may", very low: "the evidence is
 * very uncertain"), the size the modifier. has_est 0: no estimate, so
 * the statement says so. */
void ev_sof_statement(struct ev_buf *b, int certainty, int has_est, enum ev_measure m, double est, double lo,
		      double hi, const char *intervention, const char *outcome);

/* Where a row's comparator comes from. */
enum ev_sof_source { EV_SOF_NO_COMPARATOR, EV_SOF_CONTROL_ARMS, EV_SOF_GIVEN };

/* One row of the table: a body of evidence of the grade. Cells are
 * text ready to print; marks name the footnotes (ev_sof_table.notes)
 * that explain the certainty and the comparator. The cells hold counts,
 * numbers and fixed words, and the marks at most six marks of a few
 * letters (four letters name 475,254 notes), so their sizes hold them;
 * the outcome, the user's text, stays in the body. */
struct ev_sof_row {
	const struct ev_body *body;   /* borrowed from the grade */
	char participants[80];        /* "1,234 (3 RCTs)" */
	char certainty_marks[40];     /* "a,b": the domains that moved the certainty */
	char relative[128];           /* "RR 0.48 [0.32, 0.71]"; "" when none */
	char comparator[64];          /* "120 per 1,000", "mean 12.3"; "" when unknown */
	char comparator_mark[8];      /* the footnote saying where it comes from */
	char difference[256];         /* "52 fewer per 1,000 (from 80 fewer to 20 fewer)" */
	enum ev_sof_source source;
	int has_abs;
	struct ev_sof_abs abs;        /* dichotomous outcomes with a comparator risk */
	struct ev_buf statement;      /* the plain-language statement */
	int note_first, note_end;     /* its footnotes: notes[note_first..note_end) */
};

struct ev_sof_table {
	int nrows;
	struct ev_sof_row *rows;      /* the primary body first, then the others in order */
	int nnotes;
	struct ev_buf *notes;         /* footnote i is marked ev_sof_mark(i) */
};

/* The table of a graded claim: a row per body of evidence. `risk` is the
 * comparator's risk (a proportion) for bodies whose pooled links have no
 * control-arm counts, or negative when none was given; `intervention`
 * names what is compared, for the statements (NULL: "the
 * intervention"). Allocates; free with ev_sof_table_free. */
void ev_sof_build(const struct ev_grade *g, double risk, const char *intervention, struct ev_sof_table *t);
void ev_sof_table_free(struct ev_sof_table *t);

/* A footnote's mark: "a".."z", then "aa", "ab", ... */
const char *ev_sof_mark(int i, char *buf, size_t size);

/* Appends the table as an HTML <table> (class "sof") followed by its
 * footnotes; user text is escaped (ev_xml_escape). */
void ev_sof_html(struct ev_buf *out, const struct ev_sof_table *t);

/* GRADE's certainty symbols: "⊕⊕⊕⊕" (high) .. "⊕◯◯◯" (very low). */
const char *ev_sof_symbols(int certainty);

#endif
