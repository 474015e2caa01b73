/*
 * cmd_sof.c: `evidence sof CLAIM|ARTICLE|TOPIC` prints GRADE Summary of
 * Findings tables, the table guideline panels and Cochrane reviews
 * publish (GRADEpro's main output): for each claim, a row per body of
 * evidence with participants and studies, the certainty and the domains
 * that lowered it (as footnotes), the relative effect, the anticipated
 * absolute effects per 1,000 and what the effect means in plain words.
 * The numbers and words come from sof.h; this file finds the claims and
 * lays the tables out in each format.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "sof.h"
#include "util.h"

enum { OPT_RISK = 0x3000, OPT_INTERVENTION, OPT_AS };

struct sof_opts {
	double risk;              /* negative: not given */
	const char *intervention; /* NULL: "the intervention" */
	int as;                   /* EV_CLAIM, EV_ARTICLE, EV_KIND_COUNT (topic), or -1 */
};

/* No baseline risk, the default wording, and KEY may name any kind. */
static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct sof_opts *so = state;
	(void)kind;
	(void)options;
	(void)ctx;
	so->risk = -1;
	so->as = -1;
	return 0;
}

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	struct sof_opts *so = state;
	if (val == OPT_RISK) {
		char *end;
		errno = 0;
		double r = strtod(arg, &end);
		int percent = end != arg && *end == '%' && end[1] == '\0';
		if (end == arg || (*end && !percent) || errno || !isfinite(r))
			return ev_usage_error(ctx, "--baseline-risk: '%s' is not a number", arg);
		if (percent)
			r /= 100;
		if (r < 0 || r > 1)
			return ev_usage_error(ctx,
					      "--baseline-risk: '%s' is not a risk between 0 and 1 (or 0%% and 100%%)",
					      arg);
		so->risk = r;
	} else if (val == OPT_INTERVENTION) {
		if (!*arg)
			return ev_usage_error(ctx, "--intervention needs a name");
		so->intervention = arg;
	} else if (val == OPT_AS) {
		if (strcmp(arg, "claim") == 0)
			so->as = EV_CLAIM;
		else if (strcmp(arg, "article") == 0)
			so->as = EV_ARTICLE;
		else if (strcmp(arg, "topic") == 0)
			so->as = EV_KIND_COUNT;
		else
			return ev_usage_error(ctx, "--as: '%s' is not claim, article or topic", arg);
	} else {
		return EV_USAGE;
	}
	return 0;
}

static const char *kind_word(int kind) { return kind == EV_KIND_COUNT ? "topic" : ev_kind_names[kind]; }

/* Finds what KEY names: a claim, an article or a topic (--as says which
 * when the key names more than one). 0 with *kind and *id set, or an exit
 * status (reported). */
static int resolve(struct ev_ctx *ctx, const struct sof_opts *so, const char *key, int *kind, int64_t *id)
{
	static const int kinds[] = {EV_CLAIM, EV_ARTICLE, EV_KIND_COUNT};
	int nfound = 0;
	char names[64] = ""; /* at most "a claim and an article and a topic" */
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		if (so->as >= 0 && so->as != kinds[i])
			continue;
		int64_t x;
		int found = ev_model_find(&ctx->db, (enum ev_kind)kinds[i], key, &x);
		if (found < 0)
			return EV_FAIL;
		if (found) {
			if (!nfound++) {
				*kind = kinds[i];
				*id = x;
			}
			size_t len = strlen(names);
			snprintf(names + len, sizeof names - len, "%s%s %s", len ? " and " : "",
				 kinds[i] == EV_ARTICLE ? "an" : "a", kind_word(kinds[i]));
		}
	}
	if (nfound > 1)
		return ev_usage_error(ctx, "'%s' names %s: say which with --as", key, names);
	if (nfound == 1)
		return 0;
	if (so->as >= 0)
		return ev_model_not_found(&ctx->db, (enum ev_kind)so->as, key);
	return ev_error("no claim, article or topic '%s' (see 'evidence topics' and 'evidence show')", key);
}

static const char *certainty_word(int c) { return c ? ev_certainty_name(c) : "not rated"; }

static json_t *num_or_null(int has, double v) { return has && isfinite(v) ? json_real(v) : json_null(); }

static json_t *row_json(const struct ev_sof_row *r, const struct ev_sof_table *t)
{
	const struct ev_body *b = r->body;
	int dich = ev_measure_is_ratio(b->measure) || b->measure == EV_RD;
	json_t *o = json_object(), *notes = json_array(), *cmp = json_object();
	json_object_set_new(o, "outcome", ev_json_text(b->outcome));
	json_object_set_new(o, "design", json_string(ev_family_names[b->family]));
	json_object_set_new(o, "studies", json_integer(b->studies));
	json_object_set_new(o, "participants", json_integer(b->participants));
	json_object_set_new(o, "certainty", b->certainty ? json_string(ev_certainty_name(b->certainty)) : json_null());
	json_object_set_new(o, "measure", b->measure >= 0 ? json_string(ev_measure_names[b->measure]) : json_null());
	json_object_set_new(o, "k", json_integer(b->k));
	json_object_set_new(o, "estimate", num_or_null(b->has_pool, b->pool.estimate));
	json_object_set_new(o, "ci_low", num_or_null(b->has_pool, b->pool.ci_low));
	json_object_set_new(o, "ci_high", num_or_null(b->has_pool, b->pool.ci_high));
	json_object_set_new(o, "relative_effect", *r->relative ? json_string(r->relative) : json_null());
	json_object_set_new(cmp, "source", r->source == EV_SOF_CONTROL_ARMS ? json_string("control arms")
					   : r->source == EV_SOF_GIVEN	    ? json_string("baseline-risk")
									    : json_null());
	json_object_set_new(cmp, "risk_per_1000", num_or_null(r->has_abs, r->abs.risk));
	json_object_set_new(cmp, "events", num_or_null(dich && b->control_total > 0, b->control_events));
	json_object_set_new(cmp, "total", num_or_null(dich && b->control_total > 0, b->control_total));
	json_object_set_new(cmp, "mean", num_or_null(!dich && b->control_mean_total > 0, b->control_mean));
	json_object_set_new(o, "comparator", cmp);
	json_object_set_new(o, "risk_with_intervention_per_1000", num_or_null(r->has_abs, r->abs.with));
	if (r->has_abs) {
		json_t *d = json_object();
		json_object_set_new(d, "per_1000", json_real(r->abs.diff));
		json_object_set_new(d, "low", json_real(r->abs.diff_low));
		json_object_set_new(d, "high", json_real(r->abs.diff_high));
		json_object_set_new(o, "difference_per_1000", d);
	} else {
		json_object_set_new(o, "difference_per_1000", json_null());
	}
	json_object_set_new(o, "difference", ev_json_text(r->difference));
	json_object_set_new(o, "statement", ev_json_text(ev_buf_str(&r->statement)));
	for (int i = r->note_first; i < r->note_end; i++) {
		char m[16];
		json_t *n = json_object();
		json_object_set_new(n, "mark", json_string(ev_sof_mark(i, m, sizeof m)));
		json_object_set_new(n, "text", ev_json_text(ev_buf_str(&t->notes[i])));
		json_array_append_new(notes, n);
	}
	json_object_set_new(o, "footnotes", notes);
	return o;
}

static json_t *claim_json(const struct ev_assessment *a, const struct ev_sof_table *t)
{
	json_t *c = json_object(), *rows = json_array();
	const struct ev_grade *g = &a->grade;
	json_object_set_new(c, "claim", ev_json_text(ev_record_text(&a->claim, "key")));
	json_object_set_new(c, "text", ev_json_text(ev_record_text(&a->claim, "text")));
	json_object_set_new(c, "verdict", json_string(ev_verdict_names[g->verdict]));
	json_object_set_new(c, "certainty", g->certainty ? json_string(ev_certainty_name(g->certainty)) : json_null());
	for (int i = 0; i < t->nrows; i++)
		json_array_append_new(rows, row_json(&t->rows[i], t));
	json_object_set_new(c, "rows", rows);
	return c;
}

static const char *const headers[] = {"outcome", "participants (studies)", "certainty",
				      "relative effect (95% CI)", "risk with comparator",
				      "difference with intervention (95% CI)", "what happens"};

/* A row's footnotes in one cell: "a. ...; b. ...". */
static void notes_cell(struct ev_buf *b, const struct ev_sof_row *r, const struct ev_sof_table *t)
{
	for (int i = r->note_first; i < r->note_end; i++) {
		char m[16];
		ev_buf_addf(b, "%s%s. %s", i > r->note_first ? "; " : "", ev_sof_mark(i, m, sizeof m),
			    ev_buf_str(&t->notes[i]));
	}
}

static void add_cells(struct ev_table *tb, const struct ev_sof_row *r, int marks)
{
	const struct ev_body *b = r->body;
	ev_table_add(tb, *b->outcome ? b->outcome : NULL);
	ev_table_add(tb, r->participants);
	if (marks)
		ev_table_addf(tb, "%s%s%s%s%s", ev_sof_symbols(b->certainty), b->certainty ? " " : "",
			      certainty_word(b->certainty), *r->certainty_marks ? " " : "", r->certainty_marks);
	else
		ev_table_add(tb, certainty_word(b->certainty));
	/* GRADEpro's "-" where a cell has nothing (relative effects of
	 * continuous outcomes); csv and tsv leave such cells empty. */
	ev_table_add(tb, *r->relative ? r->relative : marks ? "-" : NULL);
	if (marks && *r->comparator_mark)
		ev_table_addf(tb, "%s %s", r->comparator, r->comparator_mark);
	else
		ev_table_add(tb, *r->comparator ? r->comparator : marks ? "-" : NULL);
	ev_table_add(tb, r->difference);
	ev_table_add(tb, ev_buf_str(&r->statement));
}

/* The table and markdown layout of one claim: heading, text, the table,
 * the footnotes. */
static void claim_prose(struct ev_out *o, int level, const struct ev_assessment *a, const struct ev_sof_table *t)
{
	const struct ev_grade *g = &a->grade;
	if (g->certainty)
		ev_out_heading(o, level, "%s: %s, %s certainty", ev_record_text(&a->claim, "key"),
			       ev_verdict_names[g->verdict], ev_certainty_name(g->certainty));
	else
		ev_out_heading(o, level, "%s: %s", ev_record_text(&a->claim, "key"), ev_verdict_names[g->verdict]);
	ev_out_line(o, "%s", ev_record_text(&a->claim, "text"));
	ev_out_break(o);
	if (!t->nrows) {
		ev_out_line(o, "no body of evidence: no link counts (a verified study with a design)");
		ev_out_break(o);
		return;
	}
	struct ev_table *tb = ev_table_new(7, headers);
	ev_table_style(tb, 0, EV_CELL_SHRINK);
	ev_table_style(tb, 6, EV_CELL_WRAP);
	for (int i = 0; i < t->nrows; i++)
		add_cells(tb, &t->rows[i], 1);
	ev_table_print(o, tb);
	ev_table_free(tb);
	for (int i = 0; i < t->nnotes; i++) {
		char m[16];
		ev_out_line(o, "%s. %s", ev_sof_mark(i, m, sizeof m), ev_buf_str(&t->notes[i]));
	}
	ev_out_break(o);
}

static const char page_css[] =
	"body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:75rem;color:#1a1a1a;"
	"background:#fff}\n"
	"table.sof{border-collapse:collapse;width:100%;margin:1rem 0}\n"
	".sof th,.sof td{border:1px solid #bbb;padding:.4rem .5rem;text-align:left;vertical-align:top}\n"
	".sof thead{display:table-header-group}.sof tr{break-inside:avoid}h2{break-after:avoid}\n"
	".sof-notes{font-size:.9rem}\n"
	"@media (max-width:640px){.sof thead{display:none}.sof,.sof tbody,.sof tr,.sof td{display:block;width:auto}"
	".sof tr{border:1px solid #bbb;margin:0 0 1rem}.sof td{border:0;border-bottom:1px solid #ddd}"
	".sof td::before{content:attr(data-label);display:block;font-weight:600}}\n"
	"@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#161616}.sof th,.sof td{border-color:#555}}\n";

static void html_page(struct ev_buf *p, const char *title, const struct ev_assessment *as,
		      const struct ev_sof_table *ts, int n)
{
	ev_buf_adds(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	ev_buf_adds(p, "Summary of findings: ");
	ev_xml_escape(p, title);
	ev_buf_addf(p, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Summary of findings: ", page_css);
	ev_xml_escape(p, title);
	ev_buf_adds(p, "</h1>\n");
	for (int i = 0; i < n; i++) {
		const struct ev_grade *g = &as[i].grade;
		ev_buf_adds(p, "<section>\n<h2>");
		ev_xml_escape(p, ev_record_text(&as[i].claim, "key"));
		ev_buf_addf(p, ": %s%s%s</h2>\n<p>", ev_verdict_names[g->verdict], g->certainty ? ", certainty " : "",
			    g->certainty ? ev_certainty_name(g->certainty) : "");
		ev_xml_escape(p, ev_record_text(&as[i].claim, "text"));
		ev_buf_adds(p, "</p>\n");
		if (ts[i].nrows)
			ev_sof_html(p, &ts[i]);
		else
			ev_buf_adds(p, "<p>No body of evidence: no link counts (a verified study with a design).</p>\n");
		ev_buf_adds(p, "</section>\n");
	}
	ev_buf_adds(p, "<footer><p>Written by evidence " EV_VERSION
		       "; certainty by GRADE, absolute effects as GRADEpro computes them.</p></footer>\n"
		       "</body>\n</html>\n");
}

static int cmd_sof(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	const struct sof_opts *so = state;
	int kind = 0, rc = EV_FAIL, n = 0;
	int64_t id = 0;
	struct ev_ids ids = {0};
	struct ev_record art = {0};
	struct ev_assessment *as = NULL;
	struct ev_sof_table *ts = NULL;
	const char *key = a->v[0], *title = key;
	int r = resolve(ctx, so, key, &kind, &id);
	if (r)
		return r;
	if (kind == EV_CLAIM) {
		ids.v = ev_xcalloc(1, sizeof *ids.v);
		ids.v[0] = id;
		ids.n = 1;
	} else if (kind == EV_ARTICLE) {
		if (ev_model_read(&ctx->db, EV_ARTICLE, id, &art) || ev_model_claims_of_article(&ctx->db, id, &ids))
			goto done;
		title = ev_record_text(&art, "title") ? ev_record_text(&art, "title") : key;
	} else if (ev_model_claims_of_topic(&ctx->db, id, &ids)) {
		goto done;
	}
	as = ev_xcalloc((size_t)ids.n + 1, sizeof *as);
	ts = ev_xcalloc((size_t)ids.n + 1, sizeof *ts);
	for (n = 0; n < ids.n; n++) {
		if (ev_assess(&ctx->db, ids.v[n], &as[n])) {
			n++;
			goto done;
		}
		ev_sof_build(&as[n].grade, so->risk, so->intervention, &ts[n]);
	}

	struct ev_out *o = &ctx->out;
	if (o->fmt == EV_FMT_JSON) {
		json_t *doc = json_object(), *claims = json_array();
		json_object_set_new(doc, "kind", json_string(kind_word(kind)));
		json_object_set_new(doc, "key", ev_json_text(key));
		json_object_set_new(doc, "baseline_risk", so->risk >= 0 ? json_real(so->risk) : json_null());
		for (int i = 0; i < n; i++)
			json_array_append_new(claims, claim_json(&as[i], &ts[i]));
		json_object_set_new(doc, "claims", claims);
		ev_out_json(o, doc);
		json_decref(doc);
	} else if (o->fmt == EV_FMT_HTML) {
		struct ev_buf page = EV_BUF_INIT;
		html_page(&page, title, as, ts, n);
		fwrite(page.data, 1, page.len, o->fp);
		ev_buf_free(&page);
	} else if (o->fmt == EV_FMT_CSV || o->fmt == EV_FMT_TSV) {
		static const char *const csv_headers[] = {"claim", "outcome", "participants (studies)", "certainty",
							  "relative effect (95% CI)", "risk with comparator",
							  "difference with intervention (95% CI)", "what happens",
							  "footnotes"};
		struct ev_table *tb = ev_table_new(9, csv_headers);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < ts[i].nrows; j++) {
				struct ev_buf notes = EV_BUF_INIT;
				ev_table_add(tb, ev_record_text(&as[i].claim, "key"));
				add_cells(tb, &ts[i].rows[j], 0);
				notes_cell(&notes, &ts[i].rows[j], &ts[i]);
				ev_table_add(tb, ev_buf_str(&notes));
				ev_buf_free(&notes);
			}
		ev_table_print(o, tb);
		ev_table_free(tb);
	} else {
		int level = 1;
		if (kind != EV_CLAIM) {
			ev_out_heading(o, 1, "Summary of findings: %s", title);
			ev_out_line(o, "%d claim%s", n, n == 1 ? "" : "s");
			ev_out_break(o);
			level = 2;
		}
		for (int i = 0; i < n; i++)
			claim_prose(o, level, &as[i], &ts[i]);
	}
	rc = EV_OK;
done:
	for (int i = 0; i < n; i++) {
		ev_assessment_free(&as[i]);
		ev_sof_table_free(&ts[i]);
	}
	free(as);
	free(ts);
	ev_record_free(&art);
	ev_ids_free(&ids);
	return rc;
}

static const struct option sof_options[] = {
	{"baseline-risk", required_argument, NULL, OPT_RISK},
	{"intervention", required_argument, NULL, OPT_INTERVENTION},
	{"as", required_argument, NULL, OPT_AS},
	{NULL, 0, NULL, 0},
};

const struct ev_cmd ev_cmd_sof = {
	.name = "sof",
	.summary = "print GRADE Summary of Findings tables for a claim, an article or a topic",
	.usage = "  evidence sof CLAIM|ARTICLE|TOPIC [--baseline-risk RISK] [--intervention NAME]\n"
		 "               [--as claim|article|topic] [--format FORMAT] [-o FILE]",
	.help = "For each claim (one, an article's in order, or a topic's), a Summary of\n"
		"Findings table as GRADEpro prints it: a row per body of evidence with its\n"
		"outcome, participants (studies), certainty with the domains that lowered it as\n"
		"footnotes, the relative effect (95% CI), the risk with the comparator and the\n"
		"difference the intervention makes per 1,000 (95% CI), and GRADE's\n"
		"plain-language statement. The comparator's risk is the control arms' events\n"
		"over their participants when the pooled links record counts; else\n"
		"--baseline-risk. Continuous outcomes show the mean difference and the control\n"
		"arms' mean. docs/sof.md gives the formulas and the wording rules.\n"
		"\n"
		"Options:\n"
		"  --baseline-risk RISK   the comparator's risk (0.12 or 12%) where the\n"
		"                         studies record no control-arm counts\n"
		"  --intervention NAME    what the statements name as the intervention\n"
		"                         (default: \"the intervention\")\n"
		"  --as claim|article|topic\n"
		"                         which one KEY names, when it names more than one\n"
		"\n"
		"Examples:\n"
		"  evidence sof k2-arterial-flexibility --intervention \"vitamin K2\"\n"
		"  evidence sof mk7-no-cac-benefit --baseline-risk 10% --format markdown\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL | EV_FMT_BIT(EV_FMT_HTML),
	.options = sof_options,
	.option = on_opt,
	.state_size = sizeof(struct sof_opts),
	.init = init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which claim, article or topic?",
	.run = cmd_sof,
};
