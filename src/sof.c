/*
 * sof.c: the numbers and words of a Summary of Findings row (sof.h). The
 * absolute effects follow GRADEpro's formulas; the plain-language
 * statements follow GRADE guidance 26. docs/sof.md states both, with the
 * effect-size thresholds chosen here.
 */
#include "sof.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* The risk with the intervention for a relative effect r on risk p. */
static double risk_with(enum ev_measure m, double r, double p)
{
	switch (m) {
	case EV_RR:
		return p * r;
	case EV_OR:
		return r * p / (1 - p + r * p);
	case EV_HR:
		return 1 - pow(1 - p, r);
	case EV_RD:
		return p + r;
	default:
		return NAN;
	}
}

int ev_sof_absolute(enum ev_measure m, double est, double lo, double hi, double risk, struct ev_sof_abs *a)
{
	if (m != EV_RR && m != EV_OR && m != EV_HR && m != EV_RD)
		return -1;
	if (!(risk >= 0 && risk <= 1) || !isfinite(est) || !isfinite(lo) || !isfinite(hi))
		return -1;
	if (ev_measure_is_ratio(m) && !(est > 0 && lo > 0 && hi > 0))
		return -1;
	a->risk = 1000 * risk;
	a->with = 1000 * risk_with(m, est, risk);
	a->diff = a->with - a->risk;
	a->diff_low = 1000 * risk_with(m, lo, risk) - a->risk;
	a->diff_high = 1000 * risk_with(m, hi, risk) - a->risk;
	/* RR above 1/risk would give a risk above 1,000 per 1,000: GRADEpro
	 * shows such bounds as they come out; so do we, but never beyond
	 * the possible. */
	if (a->with > 1000)
		a->diff = 1000 - a->risk;
	if (a->risk + a->diff_high > 1000)
		a->diff_high = 1000 - a->risk;
	if (a->risk + a->diff_low > 1000)
		a->diff_low = 1000 - a->risk;
	return 0;
}

/* "52 fewer", "3 more": whole events per 1,000; a difference that
 * rounds to 0 keeps the side it falls on, and none at all is "0 fewer"
 * (a CI bound at exactly no effect lands within rounding of 0 on
 * either side, and reads the same whichever side). */
static void per_1000(char *buf, size_t size, double d)
{
	long r = lround(d);
	if (r < 0 || (r == 0 && d <= 0))
		snprintf(buf, size, "%ld fewer", -r);
	else
		snprintf(buf, size, "%ld more", r);
}

const char *ev_sof_abs_text(const struct ev_sof_abs *a, char *buf, size_t size)
{
	char d[32], lo[32], hi[32];
	per_1000(d, sizeof d, a->diff);
	per_1000(lo, sizeof lo, a->diff_low);
	per_1000(hi, sizeof hi, a->diff_high);
	snprintf(buf, size, "%s per 1,000 (from %s to %s)", d, lo, hi);
	return buf;
}

const char *ev_sof_relative_text(enum ev_measure m, double est, double lo, double hi, int decimals, char *buf,
				 size_t size)
{
	char e[96];
	snprintf(buf, size, "%s %s", m >= 0 ? ev_measure_names[m] : "",
		 ev_format_estimate(e, sizeof e, est, lo, hi, decimals));
	return buf;
}

int ev_sof_decimals(const struct ev_body *b)
{
	struct ev_estimate e = {b->pool.estimate, b->pool.ci_low, b->pool.ci_high, b->k == 1};
	return ev_estimate_decimals(ev_measure_is_ratio(b->measure), &e, 1);
}

/* "2.30 lower", "0.40 higher", "0" for a difference on its own scale,
 * its size written as ev_format_estimate writes a number. */
static void side(char *buf, size_t size, double v, int decimals)
{
	char n[96], *sp;
	/* One number alone: the estimate slot of "est [lo, hi]". */
	ev_format_estimate(n, sizeof n, fabs(v), fabs(v), fabs(v), decimals);
	if ((sp = strchr(n, ' ')) != NULL)
		*sp = '\0';
	if (strspn(n, "0.") == strlen(n))
		snprintf(buf, size, "0");
	else
		snprintf(buf, size, "%s %s", n, v < 0 ? "lower" : "higher");
}

const char *ev_sof_mean_text(enum ev_measure m, double est, double lo, double hi, int decimals, char *buf,
			     size_t size)
{
	char e[128], l[128], h[128];
	side(e, sizeof e, est, decimals);
	side(l, sizeof l, lo, decimals);
	side(h, sizeof h, hi, decimals);
	char *sp = strchr(e, ' ');
	if (m == EV_SMD && sp) {
		/* "SMD 0.40 SD lower": the unit belongs to the number. */
		char word[16];
		snprintf(word, sizeof word, "%s", sp + 1);
		snprintf(sp, sizeof e - (size_t)(sp - e), " SD %s", word);
	}
	snprintf(buf, size, "%s %s (%s to %s)", m >= 0 ? ev_measure_names[m] : "", e, l, h);
	return buf;
}

enum ev_sof_size ev_sof_size_of(enum ev_measure m, double est, double lo, double hi)
{
	double d;
	switch (m) {
	case EV_RR:
	case EV_OR:
	case EV_HR:
		/* Within 5% of no effect: trivial; within GRADE's default
		 * appreciable-effect limits (0.75, 1.25), which the grading
		 * rule uses too: small. */
		return est > 0.95 && est < 1.05 ? EV_SOF_TRIVIAL : est > 0.75 && est < 1.25 ? EV_SOF_SMALL : EV_SOF_LARGE;
	case EV_SMD:
		/* Cohen's and the Cochrane Handbook's (15.5.3.1) rule of thumb. */
		d = fabs(est);
		return d < 0.2 ? EV_SOF_TRIVIAL : d < 0.5 ? EV_SOF_SMALL : EV_SOF_LARGE;
	case EV_RD:
		d = fabs(est);
		return d < 0.005 ? EV_SOF_TRIVIAL : d < 0.025 ? EV_SOF_SMALL : EV_SOF_LARGE;
	default:
		/* An MD has no scale-free size without a minimal important
		 * difference, which the database does not record: an MD
		 * whose CI includes 0 is "little to no difference", any
		 * other is stated without a size word. */
		return lo <= 0 && hi >= 0 ? EV_SOF_TRIVIAL : EV_SOF_LARGE;
	}
}

void ev_sof_statement(struct ev_buf *b, int certainty, int has_est, enum ev_measure m, double est, double lo,
		      double hi, const char *intervention, const char *outcome)
{
	const char *x = intervention && *intervention ? intervention : "the intervention";
	const char *y = outcome && *outcome ? outcome : "the outcome";
	size_t at = b->len;
	if (!has_est || certainty < 1 || m < 0) {
		ev_buf_addf(b, "no estimate with a confidence interval: the effect of %s on %s is not summarised", x, y);
	} else if (certainty == 1) {
		ev_buf_addf(b, "the evidence is very uncertain about the effect of %s on %s", x, y);
	} else {
		double nul = ev_measure_is_ratio(m) ? 1 : 0;
		enum ev_sof_size size = ev_sof_size_of(m, est, lo, hi);
		const char *modal = certainty == 3 ? " probably" : certainty == 2 ? " may" : "";
		int base = certainty == 2; /* "may" takes the bare verb */
		ev_buf_addf(b, "%s%s ", x, modal);
		if (size == EV_SOF_TRIVIAL)
			ev_buf_addf(b, "%s in little to no difference in %s", base ? "result" : "results", y);
		else
			ev_buf_addf(b, "%s%s %s", size == EV_SOF_SMALL && certainty == 4 ? "slightly " : "",
				    est < nul ? (base ? "reduce" : "reduces") : (base ? "increase" : "increases"), y);
		if (size == EV_SOF_SMALL && certainty != 4)
			ev_buf_addf(b, " slightly");
	}
	/* A statement is a sentence: capital first letter (ASCII only). */
	if (b->len > at)
		b->data[at] = (char)toupper((unsigned char)b->data[at]);
}

const char *ev_sof_symbols(int certainty)
{
	/* U+2295 CIRCLED PLUS and U+25EF LARGE CIRCLE, as UTF-8 bytes. */
#define PLUS "\xe2\x8a\x95"
#define RING "\xe2\x97\xaf"
	static const char *const s[] = {"", PLUS RING RING RING, PLUS PLUS RING RING, PLUS PLUS PLUS RING,
					PLUS PLUS PLUS PLUS};
#undef PLUS
#undef RING
	return certainty >= 1 && certainty <= 4 ? s[certainty] : "";
}

const char *ev_sof_mark(int i, char *buf, size_t size)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = (char)('a' + i % 26);
		i = i / 26 - 1;
	} while (i >= 0 && n < (int)sizeof tmp - 1);
	for (int j = 0; j < n && (size_t)j + 1 < size; j++)
		buf[j] = tmp[n - 1 - j];
	buf[(size_t)n < size ? (size_t)n : size - 1] = '\0';
	return buf;
}

/* Adds a footnote and appends its mark to marks ("a" or ",b"). */
static void add_note(struct ev_sof_table *t, char *marks, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_note(struct ev_sof_table *t, char *marks, size_t size, const char *fmt, ...)
{
	char m[16]; /* a mark: a few letters (ev_sof_mark) */
	va_list ap;
	t->notes = ev_xrealloc(t->notes, ((size_t)t->nnotes + 1) * sizeof *t->notes);
	struct ev_buf *b = &t->notes[t->nnotes];
	*b = (struct ev_buf)EV_BUF_INIT;
	/* Straight into the note: no copy with a size of its own. */
	va_start(ap, fmt);
	ev_buf_vaddf(b, fmt, ap);
	va_end(ap);
	ev_sof_mark(t->nnotes++, m, sizeof m);
	size_t len = strlen(marks);
	snprintf(marks + len, size - len, "%s%s", len ? "," : "", m);
}

/* A count read as a real: "3,000" when whole, else as it is. */
static const char *count(char *buf, size_t size, double v)
{
	if (v == floor(v) && fabs(v) < 9e15)
		return ev_fmt_count(buf, size, (int64_t)v);
	return ev_fmt_num(buf, size, v, 15);
}

static const char *design_words(enum ev_family f, int n)
{
	if (f == EV_RANDOMIZED)
		return n == 1 ? "RCT" : "RCTs";
	if (f == EV_OBSERVATIONAL)
		return n == 1 ? "observational study" : "observational studies";
	return n == 1 ? "other study" : "other studies";
}

static void build_row(const struct ev_body *b, double risk, const char *intervention, struct ev_sof_table *t,
		      struct ev_sof_row *r)
{
	char c[32];
	r->body = b;
	r->note_first = t->nnotes;
	if (b->participants > 0)
		snprintf(r->participants, sizeof r->participants, "%s (%d %s)",
			 ev_fmt_count(c, sizeof c, b->participants), b->studies, design_words(b->family, b->studies));
	else
		snprintf(r->participants, sizeof r->participants, "(%d %s)", b->studies,
			 design_words(b->family, b->studies));
	for (int dm = 0; dm < EV_DOMAIN_COUNT; dm++)
		if (b->domain[dm].change)
			add_note(t, r->certainty_marks, sizeof r->certainty_marks, "%c%s: %s %s: %s",
				 toupper((unsigned char)ev_domain_names[dm][0]), ev_domain_names[dm] + 1,
				 b->domain[dm].change == -1 ? "downgraded one level" : "downgraded two levels",
				 b->domain[dm].change == -1 ? "(-1)" : "(-2)", b->domain[dm].reason);
	if (b->upgrade.change)
		add_note(t, r->certainty_marks, sizeof r->certainty_marks, "Large effect: upgraded %s (+%d): %s",
			 b->upgrade.change == 1 ? "one level" : "two levels", b->upgrade.change, b->upgrade.reason);

	enum ev_measure m = b->measure;
	const struct ev_pool *p = &b->pool;
	int dec = b->has_pool ? ev_sof_decimals(b) : 2;
	if (b->has_pool && ev_measure_is_ratio(m))
		ev_sof_relative_text(m, p->estimate, p->ci_low, p->ci_high, dec, r->relative, sizeof r->relative);

	/* The comparator: the control arms of the pooled links, else the
	 * risk given on the command line (dichotomous outcomes only). */
	int dichotomous = ev_measure_is_ratio(m) || m == EV_RD;
	double cr = -1;
	if (dichotomous && b->control_total > 0) {
		char d[32];
		cr = b->control_events / b->control_total;
		r->source = EV_SOF_CONTROL_ARMS;
		add_note(t, r->comparator_mark, sizeof r->comparator_mark,
			 "Risk with the comparator: %s events among %s participants in the control arms of the "
			 "pooled studies",
			 count(c, sizeof c, b->control_events), count(d, sizeof d, b->control_total));
	} else if (dichotomous && risk >= 0) {
		cr = risk;
		r->source = EV_SOF_GIVEN;
		add_note(t, r->comparator_mark, sizeof r->comparator_mark,
			 "Risk with the comparator: %s%%, as given (--baseline-risk); the pooled studies record no "
			 "control-arm counts",
			 ev_fmt_num(c, sizeof c, 100 * risk, 6));
	} else if (m == EV_MD && b->control_mean_total > 0) {
		r->source = EV_SOF_CONTROL_ARMS;
		add_note(t, r->comparator_mark, sizeof r->comparator_mark,
			 "Mean with the comparator: the control arms' means weighted by their %s participants",
			 count(c, sizeof c, b->control_mean_total));
	}
	if (cr >= 0)
		snprintf(r->comparator, sizeof r->comparator, "%ld per 1,000", lround(1000 * cr));
	else if (r->source == EV_SOF_CONTROL_ARMS)
		snprintf(r->comparator, sizeof r->comparator, "mean %s", ev_fmt_num(c, sizeof c, b->control_mean, 3));

	if (!b->has_pool)
		snprintf(r->difference, sizeof r->difference, "not estimable");
	else if (dichotomous && cr >= 0 &&
		 ev_sof_absolute(m, p->estimate, p->ci_low, p->ci_high, cr, &r->abs) == 0) {
		r->has_abs = 1;
		ev_sof_abs_text(&r->abs, r->difference, sizeof r->difference);
	} else if (m == EV_RD) {
		/* A risk difference needs no comparator to be read per 1,000. */
		struct ev_sof_abs a = {0, 0, 1000 * p->estimate, 1000 * p->ci_low, 1000 * p->ci_high};
		ev_sof_abs_text(&a, r->difference, sizeof r->difference);
	} else if (m == EV_MD || m == EV_SMD) {
		ev_sof_mean_text(m, p->estimate, p->ci_low, p->ci_high, dec, r->difference, sizeof r->difference);
	} else {
		snprintf(r->difference, sizeof r->difference, "not estimable without a comparator risk");
	}
	ev_sof_statement(&r->statement, b->certainty, b->has_pool, m, p->estimate, p->ci_low, p->ci_high,
			 intervention, b->outcome);
	r->note_end = t->nnotes;
}

void ev_sof_build(const struct ev_grade *g, double risk, const char *intervention, struct ev_sof_table *t)
{
	memset(t, 0, sizeof *t);
	t->rows = ev_xcalloc((size_t)g->nbodies + 1, sizeof *t->rows);
	if (g->primary >= 0)
		build_row(&g->bodies[g->primary], risk, intervention, t, &t->rows[t->nrows++]);
	for (int i = 0; i < g->nbodies; i++)
		if (i != g->primary)
			build_row(&g->bodies[i], risk, intervention, t, &t->rows[t->nrows++]);
}

void ev_sof_table_free(struct ev_sof_table *t)
{
	for (int i = 0; i < t->nrows; i++)
		ev_buf_free(&t->rows[i].statement);
	for (int i = 0; i < t->nnotes; i++)
		ev_buf_free(&t->notes[i]);
	free(t->rows);
	free(t->notes);
	memset(t, 0, sizeof *t);
}

static void cell(struct ev_buf *out, const char *label, const char *text, const char *mark)
{
	ev_buf_addf(out, "<td role=\"cell\" data-label=\"%s\">", label);
	ev_xml_escape(out, text && *text ? text : "-");
	if (mark && *mark) {
		ev_buf_adds(out, " <sup>");
		ev_xml_escape(out, mark);
		ev_buf_adds(out, "</sup>");
	}
	ev_buf_adds(out, "</td>");
}

void ev_sof_html(struct ev_buf *out, const struct ev_sof_table *t)
{
	static const char *const head[] = {"Outcome", "Participants (studies)", "Certainty", "Relative effect (95% CI)",
					   "Risk with comparator", "Difference with intervention (95% CI)",
					   "What happens"};
	/* The roles keep the table's meaning for a screen reader where a
	 * phone's stylesheet shows each row as a block. */
	ev_buf_adds(out, "<table class=\"sof\" role=\"table\">\n<thead role=\"rowgroup\"><tr role=\"row\">");
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		ev_buf_addf(out, "<th scope=\"col\" role=\"columnheader\">%s</th>", head[i]);
	ev_buf_adds(out, "</tr></thead>\n<tbody role=\"rowgroup\">\n");
	for (int i = 0; i < t->nrows; i++) {
		const struct ev_sof_row *r = &t->rows[i];
		char cert[96];
		snprintf(cert, sizeof cert, "%s%s%s", ev_sof_symbols(r->body->certainty), r->body->certainty ? " " : "",
			 r->body->certainty ? ev_certainty_name(r->body->certainty) : "not rated");
		ev_buf_adds(out, "<tr role=\"row\">");
		cell(out, head[0], r->body->outcome, NULL);
		cell(out, head[1], r->participants, NULL);
		cell(out, head[2], cert, r->certainty_marks);
		cell(out, head[3], r->relative, NULL);
		cell(out, head[4], r->comparator, r->comparator_mark);
		cell(out, head[5], r->difference, NULL);
		cell(out, head[6], ev_buf_str(&r->statement), NULL);
		ev_buf_adds(out, "</tr>\n");
	}
	ev_buf_adds(out, "</tbody>\n</table>\n");
	if (!t->nnotes)
		return;
	ev_buf_adds(out, "<ol class=\"sof-notes\" type=\"a\">\n");
	for (int i = 0; i < t->nnotes; i++) {
		ev_buf_adds(out, "<li>");
		ev_xml_escape(out, ev_buf_str(&t->notes[i]));
		ev_buf_adds(out, "</li>\n");
	}
	ev_buf_adds(out, "</ol>\n");
}
