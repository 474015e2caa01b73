/*
 * cmd_meta.c: `evidence meta CLAIM` is the meta-analysis of a claim's
 * pooled outcomes as a systematic reviewer runs it: each study's effect
 * and weight, the pooled result in full (estimator, interval, Q with p,
 * tau2, I2 with its CI, the test of the overall effect, both prediction
 * intervals), and on request the sensitivity and small-study analyses of a
 * Cochrane review: subgroups with the test for subgroup differences
 * (--by), leave-one-out, cumulative by year, Egger's test and
 * trim-and-fill.
 *
 * A command of its own rather than more options on explain: explain walks
 * through the grading rule, and its output is a contract; these analyses
 * are what RevMan's and metafor's users run next (rma, leave1out, cumul,
 * regtest, trimfill), on the same groups and with the same --method and
 * --ci, and they need a table each. The numbers come from meta.h and
 * bias.h; this file only picks the members and prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "bias.h"
#include "cli.h"
#include "linkeffect.h"
#include "cli_metaopts.h"
#include "numfmt.h"
#include "svg.h"
#include "util.h"
#include "view.h"

enum { OPT_BY = 0x2000, OPT_LOO, OPT_CUMUL, OPT_EGGER, OPT_TRIMFILL };

struct opts {
	struct ev_meta_parse mp; /* first: ev_meta_parse_init sets it up */
	const char *by;
	int loo, cumul, egger, trimfill;
};

/* The link fields --by takes; any study column is taken too (read from
 * the study's record). */
static const char *const link_by[] = {"direction", "indirect", "outcome", NULL};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct opts *o = ud;
	int taken = ev_meta_choice_opt(ctx, &o->mp.mc, val, arg);
	if (taken)
		return taken == 1 ? 0 : taken;
	switch (val) {
	case OPT_BY:
		if (o->by)
			return ev_usage_error(ctx, "--by given twice");
		if (ev_lookup(link_by, arg) < 0 && (ev_field_index(EV_STUDY, arg) < 0 || strcmp(arg, "key") == 0 ||
						    strcmp(arg, "title") == 0))
			return ev_usage_error(ctx,
					      "--by: '%s' is not a field to group by (a study column such as design, "
					      "risk_of_bias, country, funding or year, or direction, indirect)",
					      arg);
		o->by = arg;
		return 0;
	case OPT_LOO:
		o->loo = 1;
		return 0;
	case OPT_CUMUL:
		o->cumul = 1;
		return 0;
	case OPT_EGGER:
		o->egger = 1;
		return 0;
	case OPT_TRIMFILL:
		o->trimfill = 1;
		return 0;
	default:
		return EV_USAGE;
	}
}

/* An effect y (analysis scale) with its 95% CI as the measure shows it. */
static void interval(enum ev_measure m, double y, double lo, double hi, double out[3])
{
	int r = ev_measure_is_ratio(m);
	out[0] = r ? exp(y) : y;
	out[1] = r ? exp(lo) : lo;
	out[2] = r ? exp(hi) : hi;
}

/* "0.49 [0.34, 0.69]": as the forest plot writes an estimate, with the
 * decimals the plot chose for the group (numfmt.h), so the table and the
 * plot read alike. */
static const char *fmt_eff(char *buf, size_t size, const double e[3], int dec)
{
	return ev_format_estimate(buf, size, e[0], e[1], e[2], dec);
}

/* "p = 0.19", or "p < 0.0001" (never "p = 1.2e-05"). */
static const char *p_clause(char *buf, size_t size, double p)
{
	char a[32];
	ev_format_p(a, sizeof a, p);
	snprintf(buf, size, "p %s%s", a[0] == '<' ? "" : "= ", a);
	return buf;
}

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* A pool (on the analysis scale) as a JSON object on the measure's scale. */
static json_t *pool_json(enum ev_measure m, const struct ev_pool *p)
{
	struct ev_pool q = *p;
	ev_meta_to_measure(m, &q);
	json_t *o = json_object();
	json_object_set_new(o, "k", json_integer(q.k));
	json_object_set_new(o, "estimate", jnum(q.estimate));
	json_object_set_new(o, "ci_low", jnum(q.ci_low));
	json_object_set_new(o, "ci_high", jnum(q.ci_high));
	json_object_set_new(o, "tau2", jnum(q.tau2));
	json_object_set_new(o, "i2", jnum(q.i2));
	json_object_set_new(o, "q", jnum(q.q));
	json_object_set_new(o, "q_p", jnum(q.q_p));
	json_object_set_new(o, "statistic", jnum(q.stat));
	json_object_set_new(o, "p", jnum(q.stat_p));
	return o;
}

/* One row of a sensitivity table: label, k, estimate [CI], tau2, I2, p. */
static void pool_row(struct ev_table *t, const char *label, enum ev_measure m, const struct ev_pool *p, int dec)
{
	char buf[128], a[32], b[32], c[32];
	struct ev_pool q = *p;
	ev_meta_to_measure(m, &q);
	double e[3] = {q.estimate, q.ci_low, q.ci_high};
	ev_table_add(t, label);
	ev_table_add_int(t, q.k);
	ev_table_add(t, fmt_eff(buf, sizeof buf, e, dec));
	ev_table_add(t, ev_fmt_num(a, sizeof a, q.tau2, 4));
	ev_table_addf(t, "%s%%", ev_fmt_num(b, sizeof b, q.i2, 3));
	ev_table_add(t, ev_format_p(c, sizeof c, q.stat_p));
}

/* A member's value of the --by field, as text: borrowed, or in b (a study
 * column's text whole, however long: values cut short would merge
 * subgroups that differ past the cut). */
static const char *by_value(struct ev_db *db, const struct ev_link *l, const char *field, struct ev_buf *b,
			    int *failed)
{
	if (strcmp(field, "direction") == 0)
		return ev_direction_names[l->direction];
	if (strcmp(field, "indirect") == 0)
		return l->indirect ? "yes" : "no";
	if (strcmp(field, "outcome") == 0)
		return l->outcome;
	struct ev_record r = {0};
	if (ev_model_read(db, EV_STUDY, l->study_id, &r)) {
		*failed = 1;
		ev_record_free(&r);
		return "";
	}
	char num[32]; /* where a number is formatted */
	const char *v = ev_value_format(&r, ev_field_index(EV_STUDY, field), num, sizeof num);
	ev_buf_reset(b);
	ev_buf_adds(b, *v ? v : "(none)");
	ev_record_free(&r);
	return ev_buf_str(b);
}

struct member {
	int link;
	int year;
	const char *study;
};

static int cmp_year(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	int ya = a->year ? a->year : 100000, yb = b->year ? b->year : 100000;
	if (ya != yb)
		return ya < yb ? -1 : 1;
	return strcmp(a->study, b->study);
}

/* The decimals of a group the forest plot does not draw: chosen as the
 * plot chooses them, over the k intervals the table shows (e[i]; a
 * study's own if it reported one) and the pooled estimate. */
static int own_decimals(enum ev_measure m, const struct ev_link *links, const int *idx, const double (*e)[3], int k,
			const struct ev_pool *pooled)
{
	struct ev_estimate *est = ev_xcalloc((size_t)k + 1, sizeof *est);
	for (int i = 0; i < k; i++)
		est[i] = (struct ev_estimate){e[i][0], e[i][1], e[i][2], !links[idx[i]].computed};
	est[k] = (struct ev_estimate){pooled->estimate, pooled->ci_low, pooled->ci_high, 0};
	int d = ev_estimate_decimals(ev_measure_is_ratio(m), est, k + 1);
	free(est);
	return d;
}

/* Appends "outcome: k=13 RR 0.49 [0.34, 0.69], I2 92.1%", the outcome as
 * long as it is (e holds three numbers). */
static void pooled_line(const struct ev_group *g, int dec, struct ev_buf *b)
{
	char e[128], i2[32];
	ev_buf_addf(b, "%s%sk=%d %s %s, I2 %s%%", g->outcome[0] ? g->outcome : "", g->outcome[0] ? ": " : "", g->k,
		    ev_measure_names[g->measure],
		    ev_format_estimate(e, sizeof e, g->pool.estimate, g->pool.ci_low, g->pool.ci_high, dec),
		    ev_fmt_num(i2, sizeof i2, g->pool.i2, 3));
}

/* One outcome's analysis as it goes from section to section: the member
 * studies' effects on the analysis scale (y, v), their links (idx), the
 * pooled model's weights, and where the sections go (jg, or the table). */
struct analysis {
	struct ev_ctx *ctx;
	const struct opts *op;
	const struct ev_link *links;
	enum ev_measure m;
	const char *mname;
	double *y, *v, *w, sw;
	int *idx;
	int k;
	int dec;          /* decimals shown; -1 until the studies are shown */
	struct ev_group full; /* the group with its pooled result */
	json_t *jg;       /* the outcome's JSON object, or NULL for text */
};

static const char *const sens_headers[] = {"", "k", "estimate [95% CI]", "tau2", "I2", "p"};

/* The member studies with their effects and weights, and the pooled line. */
static void show_studies(struct analysis *an)
{
	static const char *const study_headers[] = {"study", "year", "effect [95% CI]", "weight"};
	struct ev_out *o = &an->ctx->out;
	const struct ev_group *g = &an->full;
	enum ev_measure m = an->m;
	int k = an->k;
	const double *y = an->y, *v = an->v, *w = an->w;
	char buf[1024]; /* numbers only: an estimate and CI, ev_group_details */
	if (an->jg) {
		json_t *st = json_array();
		json_object_set_new(an->jg, "outcome", g->outcome[0] ? ev_json_text(g->outcome) : json_null());
		json_object_set_new(an->jg, "measure", json_string(an->mname));
		json_object_set_new(an->jg, "pooled", ev_group_json(&an->full));
		for (int i = 0; i < k; i++) {
			const struct ev_link *l = &an->links[an->idx[i]];
			json_t *s = json_object();
			double e[3];
			interval(m, y[i], y[i] - EV_Z95 * sqrt(v[i]), y[i] + EV_Z95 * sqrt(v[i]), e);
			json_object_set_new(s, "study", ev_json_text(l->study));
			json_object_set_new(s, "year", l->year ? json_integer(l->year) : json_null());
			json_object_set_new(s, "yi", jnum(y[i]));
			json_object_set_new(s, "vi", jnum(v[i]));
			json_object_set_new(s, "estimate", jnum(e[0]));
			json_object_set_new(s, "ci_low", jnum(e[1]));
			json_object_set_new(s, "ci_high", jnum(e[2]));
			json_object_set_new(s, "weight", jnum(100 * w[i] / an->sw));
			json_object_set_new(s, "from_raw_data", json_boolean(l->has_counts || l->has_means));
			json_array_append_new(st, s);
		}
		json_object_set_new(an->jg, "studies", st);
		return;
	}
	ev_out_heading(o, 2, "%s%s%s (%s)", g->outcome[0] ? g->outcome : "", g->outcome[0] ? ": " : "", an->mname,
		       ev_meta_label(&an->op->mp.mc.opts));
	double(*e)[3] = ev_xcalloc((size_t)k + 1, sizeof *e);
	for (int i = 0; i < k; i++)
		interval(m, y[i], y[i] - EV_Z95 * sqrt(v[i]), y[i] + EV_Z95 * sqrt(v[i]), e[i]);
	if (an->dec < 0)
		an->dec = own_decimals(m, an->links, an->idx, (const double(*)[3])e, k, &an->full.pool);
	struct ev_table *t = ev_table_new(4, study_headers);
	ev_table_style(t, 1, EV_CELL_RIGHT);
	ev_table_style(t, 3, EV_CELL_RIGHT);
	for (int i = 0; i < k; i++) {
		const struct ev_link *l = &an->links[an->idx[i]];
		ev_table_add(t, l->study);
		if (l->year)
			ev_table_add_int(t, l->year);
		else
			ev_table_add(t, NULL);
		ev_table_add(t, fmt_eff(buf, sizeof buf, e[i], an->dec));
		ev_table_addf(t, "%.1f%%", 100 * w[i] / an->sw);
	}
	free(e);
	ev_table_print(o, t);
	ev_table_free(t);
	struct ev_buf line = EV_BUF_INIT;
	pooled_line(&an->full, an->dec, &line);
	ev_out_line(o, "Pooled: %s", ev_buf_str(&line));
	ev_buf_free(&line);
	ev_out_line(o, "%s", ev_group_details(&an->full, an->dec, buf, sizeof buf));
}

/* --by FIELD: subgroups in order of first appearance, and the test for
 * differences between them. 0, or -1 when a field could not be read. */
static int show_subgroups(struct analysis *an)
{
	const struct opts *op = an->op;
	struct ev_out *o = &an->ctx->out;
	int k = an->k;
	char **names = ev_xcalloc((size_t)k + 1, sizeof *names);
	int *grp = ev_xcalloc((size_t)k + 1, sizeof *grp), ng = 0, failed = 0;
	struct ev_buf vb = EV_BUF_INIT;
	for (int i = 0; i < k; i++) {
		const char *val = by_value(&an->ctx->db, &an->links[an->idx[i]], op->by, &vb, &failed);
		int j = 0;
		while (j < ng && strcmp(names[j], val) != 0)
			j++;
		if (j == ng)
			names[ng++] = ev_xstrdup(val);
		grp[i] = j;
	}
	ev_buf_free(&vb);
	struct ev_pool *sp = ev_xcalloc((size_t)ng + 1, sizeof *sp);
	struct ev_subgroup_test test;
	int ok = !failed && ev_meta_subgroups(an->y, an->v, grp, k, ng, &op->mp.mc.opts, sp, &test) == 0;
	if (ok && an->jg) {
		json_t *js = json_object(), *arr = json_array(), *jt = json_object();
		json_object_set_new(js, "by", json_string(op->by));
		for (int j = 0; j < ng; j++) {
			json_t *x = pool_json(an->m, &sp[j]);
			json_object_set_new(x, "value", ev_json_text(names[j]));
			json_array_append_new(arr, x);
		}
		json_object_set_new(js, "groups", arr);
		json_object_set_new(jt, "q", jnum(test.q));
		json_object_set_new(jt, "df", json_integer(test.df));
		json_object_set_new(jt, "p", jnum(test.p));
		json_object_set_new(jt, "i2", jnum(test.i2));
		json_object_set_new(js, "test", jt);
		json_object_set_new(an->jg, "subgroups", js);
	} else if (ok) {
		char a1[32], a2[48], a3[32];
		ev_out_heading(o, 3, "Subgroups by %s", op->by);
		struct ev_table *t = ev_table_new(6, sens_headers);
		for (int j = 0; j < ng; j++)
			pool_row(t, names[j], an->m, &sp[j], an->dec);
		ev_table_print(o, t);
		ev_table_free(t);
		ev_out_line(o, "Test for subgroup differences: Q = %s, df = %d, %s, I2 = %s%%",
			    ev_fmt_num(a1, sizeof a1, test.q, 4), test.df, p_clause(a2, sizeof a2, test.p),
			    ev_fmt_num(a3, sizeof a3, test.i2, 3));
	}
	for (int j = 0; j < ng; j++)
		free(names[j]);
	free(names);
	free(grp);
	free(sp);
	return failed ? -1 : 0;
}

/* --leave-one-out: the pooled result with each study omitted in turn. */
static void show_leave1out(struct analysis *an)
{
	int k = an->k;
	struct ev_pool *pools = ev_xcalloc((size_t)k + 1, sizeof *pools);
	if (ev_meta_leave1out(an->y, an->v, k, &an->op->mp.mc.opts, pools) == 0) {
		json_t *arr = an->jg ? json_array() : NULL;
		struct ev_table *t = arr ? NULL : ev_table_new(6, sens_headers);
		if (t)
			ev_out_heading(&an->ctx->out, 3, "Leave one out (each study omitted in turn)");
		for (int i = 0; i < k; i++) {
			const char *study = an->links[an->idx[i]].study;
			if (arr) {
				json_t *x = pool_json(an->m, &pools[i]);
				json_object_set_new(x, "omitted", ev_json_text(study));
				json_array_append_new(arr, x);
			} else {
				char buf[1024]; /* a key: at most 100 bytes */
				snprintf(buf, sizeof buf, "without %s", study);
				pool_row(t, buf, an->m, &pools[i], an->dec);
			}
		}
		if (arr)
			json_object_set_new(an->jg, "leave_one_out", arr);
		else {
			ev_table_print(&an->ctx->out, t);
			ev_table_free(t);
		}
	}
	free(pools);
}

/* --cumulative: the pooled result as the studies came, year by year. */
static void show_cumulative(struct analysis *an)
{
	int k = an->k;
	struct member *mb = ev_xcalloc((size_t)k + 1, sizeof *mb);
	double *cy = ev_xcalloc((size_t)k + 1, 2 * sizeof *cy), *cv = cy + k + 1;
	for (int i = 0; i < k; i++) {
		mb[i].link = i;
		mb[i].year = an->links[an->idx[i]].year;
		mb[i].study = an->links[an->idx[i]].study;
	}
	qsort(mb, (size_t)k, sizeof *mb, cmp_year);
	for (int i = 0; i < k; i++) {
		cy[i] = an->y[mb[i].link];
		cv[i] = an->v[mb[i].link];
	}
	struct ev_pool *pools = ev_xcalloc((size_t)k + 1, sizeof *pools);
	if (ev_meta_cumulative(cy, cv, k, &an->op->mp.mc.opts, pools) == 0) {
		json_t *arr = an->jg ? json_array() : NULL;
		struct ev_table *t = arr ? NULL : ev_table_new(6, sens_headers);
		if (t)
			ev_out_heading(&an->ctx->out, 3, "Cumulative by year");
		for (int i = 0; i < k; i++) {
			const struct ev_link *l = &an->links[an->idx[mb[i].link]];
			if (arr) {
				json_t *x = pool_json(an->m, &pools[i]);
				json_object_set_new(x, "added", ev_json_text(l->study));
				json_object_set_new(x, "year", l->year ? json_integer(l->year) : json_null());
				json_array_append_new(arr, x);
			} else {
				char buf[1024]; /* a key (at most 100 bytes) and a year */
				if (l->year)
					snprintf(buf, sizeof buf, "+ %s (%d)", l->study, l->year);
				else
					snprintf(buf, sizeof buf, "+ %s", l->study);
				pool_row(t, buf, an->m, &pools[i], an->dec);
			}
		}
		if (arr)
			json_object_set_new(an->jg, "cumulative", arr);
		else {
			ev_table_print(&an->ctx->out, t);
			ev_table_free(t);
		}
	}
	free(pools);
	free(mb);
	free(cy);
}

/* --egger: the regression test for funnel plot asymmetry. */
static void show_egger(struct analysis *an)
{
	struct ev_egger e;
	int ok = an->k >= 3 && ev_meta_egger(an->y, an->v, an->k, &e) == 0;
	if (an->jg) {
		json_t *x = json_null();
		if (ok) {
			x = json_object();
			json_object_set_new(x, "intercept", jnum(e.intercept));
			json_object_set_new(x, "se", jnum(e.se));
			json_object_set_new(x, "statistic", jnum(e.stat));
			json_object_set_new(x, "df", json_integer(e.df));
			json_object_set_new(x, "p", jnum(e.p));
			json_object_set_new(x, "k", json_integer(e.k));
			json_object_set_new(x, "limit", jnum(e.limit));
		}
		json_object_set_new(an->jg, "egger", x);
	} else if (ok) {
		char a1[32], a2[32], a3[32], a4[48];
		ev_out_line(&an->ctx->out, "Egger's test: intercept %s (SE %s), t(%d) = %s, %s, k = %d",
			    ev_fmt_num(a1, sizeof a1, e.intercept, 4), ev_fmt_num(a2, sizeof a2, e.se, 4), e.df,
			    ev_fmt_num(a3, sizeof a3, e.stat, 4), p_clause(a4, sizeof a4, e.p), e.k);
	} else {
		ev_out_line(&an->ctx->out, "Egger's test: needs 3 or more studies (%d here)", an->k);
	}
}

/* --trimfill: the studies trim-and-fill adds, and the adjusted result. */
static void show_trimfill(struct analysis *an)
{
	struct ev_trimfill tf;
	memset(&tf, 0, sizeof tf);
	int ok = an->k >= 3 && ev_meta_trimfill(an->y, an->v, an->k, &an->op->mp.mc.opts, &tf) == 0;
	double e[3] = {NAN, NAN, NAN};
	if (ok)
		interval(an->m, tf.filled.estimate, tf.filled.ci_low, tf.filled.ci_high, e);
	if (an->jg) {
		json_t *x = json_null();
		if (ok) {
			x = pool_json(an->m, &tf.filled);
			json_object_set_new(x, "k0", json_integer(tf.k0));
			json_object_set_new(x, "side", json_string(tf.side < 0 ? "left" : "right"));
			json_t *f = json_array();
			for (int i = 0; i < tf.k0; i++) {
				json_t *s = json_object();
				json_object_set_new(s, "yi", jnum(tf.y[i]));
				json_object_set_new(s, "vi", jnum(tf.v[i]));
				json_object_set_new(s, "mirrors", ev_json_text(an->links[an->idx[tf.from[i]]].study));
				json_array_append_new(f, s);
			}
			json_object_set_new(x, "filled", f);
		}
		json_object_set_new(an->jg, "trimfill", x);
	} else if (ok) {
		char buf[1024];
		ev_out_line(&an->ctx->out, "Trim-and-fill: %d stud%s filled on the %s; adjusted %s %s", tf.k0,
			    tf.k0 == 1 ? "y" : "ies", tf.side < 0 ? "left" : "right", an->mname,
			    fmt_eff(buf, sizeof buf, e, an->dec));
	} else {
		ev_out_line(&an->ctx->out, "Trim-and-fill: needs 3 or more studies (%d here)", an->k);
	}
	ev_trimfill_free(&tf);
}

/* Every analysis of one pooled group; table output, or one JSON object
 * appended to `groups`. dec: the decimals the forest plot writes the
 * group's estimates with, or -1 when it does not draw the group. Returns
 * 0 or -1 (reported). */
static int analyse(struct ev_ctx *ctx, const struct opts *op, const struct ev_assessment *a,
		   const struct ev_group *g, int dec, json_t *groups)
{
	struct analysis an;
	memset(&an, 0, sizeof an);
	an.ctx = ctx;
	an.op = op;
	an.links = a->links.v;
	an.m = g->measure;
	an.mname = ev_measure_names[g->measure];
	an.dec = dec;
	int n = a->links.n, rc = -1;
	an.y = ev_xcalloc((size_t)n + 1, 3 * sizeof *an.y);
	an.v = an.y + n + 1;
	an.w = an.v + n + 1;
	an.idx = ev_xcalloc((size_t)n + 1, sizeof *an.idx);
	an.k = ev_group_members(an.links, n, NULL, g, an.y, an.v, an.idx);
	an.jg = groups && an.k >= 2 ? json_object() : NULL;

	if (an.k < 2) {
		rc = 0;
		goto done;
	}
	struct ev_pool all;
	if (ev_meta_pool(an.y, an.v, an.k, &op->mp.mc.opts, &all)) {
		ev_error("outcome '%s' cannot be pooled", g->outcome);
		goto done;
	}
	/* Weights as the pooled model gives them (tau2 0 for FE). */
	for (int i = 0; i < an.k; i++)
		an.sw += an.w[i] = 1 / (an.v[i] + all.tau2);
	an.full = *g;
	an.full.pool = all;
	ev_meta_to_measure(an.m, &an.full.pool);

	show_studies(&an);
	if (op->by && show_subgroups(&an))
		goto done;
	if (op->loo)
		show_leave1out(&an);
	if (op->cumul)
		show_cumulative(&an);
	if (op->egger)
		show_egger(&an);
	if (op->trimfill)
		show_trimfill(&an);
	if (an.jg) {
		json_array_append_new(groups, an.jg);
		an.jg = NULL;
	}
	rc = 0;
done:
	if (an.jg)
		json_decref(an.jg);
	free(an.y);
	free(an.idx);
	return rc;
}

static const struct option long_opts[] = {
	{"by", required_argument, NULL, OPT_BY},
	{"leave-one-out", no_argument, NULL, OPT_LOO},
	{"cumulative", no_argument, NULL, OPT_CUMUL},
	{"egger", no_argument, NULL, OPT_EGGER},
	{"trimfill", no_argument, NULL, OPT_TRIMFILL},
	EV_META_LONGOPTS,
	{NULL, 0, NULL, 0},
};

static int cmd_meta(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct opts *op = state;
	struct ev_assessment a;
	int rc = EV_FAIL;
	const char *key = args->v[0];
	memset(&a, 0, sizeof a);
	if (ev_meta_choice_resolve(ctx, &op->mp.mc))
		return EV_FAIL;
	if (ev_assess_opts(&ctx->db, args->id, &op->mp.mc.opts, &a))
		goto done;
	ev_warn_not_pooled(&a);
	if (a.npooled == 0) {
		ev_error("claim '%s' has no outcome with two or more usable estimates to pool (see 'evidence explain %s')",
			 key, key);
		goto done;
	}
	json_t *doc = NULL, *groups = NULL;
	if (ctx->out.fmt == EV_FMT_JSON) {
		doc = json_object();
		groups = json_array();
		json_object_set_new(doc, "claim", ev_json_text(key));
		json_object_set_new(doc, "method", json_string(ev_tau2_method_names[op->mp.mc.opts.method]));
		json_object_set_new(doc, "ci_method", json_string(ev_ci_method_names[op->mp.mc.opts.ci]));
	} else {
		ev_out_heading(&ctx->out, 1, "%s", key);
		ev_out_line(&ctx->out, "%s", ev_record_text(&a.claim, "text"));
	}
	/* The decimals the forest plot writes each group with. */
	int *dec = ev_xcalloc((size_t)a.links.n + 1, sizeof *dec), *gdec = ev_xcalloc((size_t)a.npooled + 1, sizeof *gdec);
	ev_svg_decimals(a.links.v, a.links.n, a.pooled, a.npooled, dec, gdec);
	for (int i = 0; i < a.npooled; i++)
		if (analyse(ctx, op, &a, &a.pooled[i], gdec[i], groups)) {
			json_decref(doc);
			json_decref(groups);
			free(dec);
			free(gdec);
			goto done;
		}
	free(dec);
	free(gdec);
	if (doc) {
		json_object_set_new(doc, "groups", groups);
		ev_out_json(&ctx->out, doc);
		json_decref(doc);
	}
	rc = EV_OK;
done:
	ev_assessment_free(&a);
	return rc;
}

const struct ev_cmd ev_cmd_meta = {
	.name = "meta",
	.summary = "meta-analyse a claim: pooled result in full, subgroups, sensitivity, small-study effects",
	.usage = "  evidence meta CLAIM [--method dl|reml|pm|fe] [--ci z|hksj]\n"
		 "                [--by design|risk_of_bias|indirect|direction|country|funding|year]\n"
		 "                [--leave-one-out] [--cumulative] [--egger] [--trimfill] [--format FORMAT]",
	.help = "For each outcome of CLAIM with two or more usable estimates: every study's\n"
		"effect (from raw data when it has them) and weight, and the pooled result in\n"
		"full: Q with its p value, tau2, tau, H2, I2 with its 95% CI, the test of the\n"
		"overall effect (z, or t with --ci hksj) and both prediction intervals (z, and\n"
		"t with k - 2 df). The options add the analyses of a Cochrane review, as\n"
		"metafor computes them (docs/meta-analysis.md).\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"  --by FIELD           subgroups by a study column (design, risk_of_bias,\n"
		"                       country, funding, year or any other but key and\n"
		"                       title) or a link's direction, indirect or outcome,\n"
		"                       with the test for subgroup differences\n"
		"  --leave-one-out      the pooled result with each study left out in turn\n"
		"  --cumulative         the pooled result as studies are added by year\n"
		"  --egger              Egger's regression test for small-study effects\n"
		"  --trimfill           trim-and-fill: studies that may be missing, and the\n"
		"                       pooled result with them filled in\n"
		"\n"
		"Examples:\n"
		"  evidence meta vaccine-rr --db bcg.db --method reml --ci hksj\n"
		"  evidence meta vaccine-rr --db bcg.db --by risk_of_bias --leave-one-out --egger --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMT_BIT(EV_FMT_TABLE) | EV_FMT_BIT(EV_FMT_JSON) | EV_FMT_BIT(EV_FMT_MARKDOWN),
	.options = long_opts,
	.option = on_opt,
	.state_size = sizeof(struct opts),
	.init = ev_meta_parse_init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which claim?",
	.resolve = EV_RESOLVE_CLAIM,
	.run = cmd_meta,
};
