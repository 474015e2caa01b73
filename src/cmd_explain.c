/*
 * cmd_explain.c: `evidence explain CLAIM` walks through the grading rule
 * for one claim: every link with its design level and whether it counts,
 * then each step with the numbers that triggered it or did not. The point
 * is that nobody has to trust the verdict: they can check it.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "cli_metaopts.h"
#include "retraction.h"
#include "util.h"
#include "view.h"

/* The steps that can change the certainty show "none" when they did not. */
static int is_domain(const char *name)
{
	for (int d = 0; d < EV_DOMAIN_COUNT; d++)
		if (strcmp(name, ev_domain_names[d]) == 0)
			return 1;
	return strcmp(name, "large effect") == 0;
}

/* The grade the claim had with its retracted studies counted (what it
 * rested on before the retraction), or null when none is linked. */
static json_t *with_retracted_json(const struct ev_assessment *a)
{
	if (!a->retracted)
		return json_null();
	json_t *w = json_object(), *studies = json_array();
	const char *s = ev_buf_str(&a->retracted_names);
	while (*s) {
		const char *comma = strstr(s, ", ");
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		json_array_append_new(studies, json_stringn(s, len));
		s += len + (comma ? 2 : 0);
	}
	json_object_set_new(w, "studies", studies);
	json_object_set_new(w, "verdict", json_string(ev_verdict_names[a->with_retracted.verdict]));
	json_object_set_new(w, "certainty", a->with_retracted.certainty
						? json_string(ev_certainty_name(a->with_retracted.certainty))
						: json_null());
	return w;
}

static const char *const link_headers[] = {"study", "design", "level", "counted", "direction", "n",
					   "risk of bias", "indirect", "outcome", "effect"};
static const char *const step_headers[] = {"step", "change", "detail"};
static const char *const body_headers[] = {"body", "outcome", "measure", "design", "links", "rated", "k",
					   "participants", "pooled", "certainty", "verdict"};

/* explain --format json. */
static void print_json(struct ev_out *o, const struct ev_assessment *a)
{
	const struct ev_grade *g = &a->grade;
	json_t *doc = json_object(), *links = json_array(), *steps = json_array(), *pooled = json_array();
	json_object_set_new(doc, "claim", ev_json_text(ev_record_text(&a->claim, "key")));
	json_object_set_new(doc, "text", ev_json_text(ev_record_text(&a->claim, "text")));
	for (int i = 0; i < a->links.n; i++)
		json_array_append_new(links, ev_link_json(&a->links.v[i]));
	json_object_set_new(doc, "links", links);
	json_object_set_new(doc, "top_level", g->top_level ? json_integer(g->top_level) : json_null());
	json_object_set_new(doc, "top_participants", json_integer(g->top_participants));
	for (int i = 0; i < g->nsteps; i++) {
		json_t *s = json_object();
		json_object_set_new(s, "step", json_string(g->steps[i].name));
		json_object_set_new(s, "applies", json_boolean(g->steps[i].applies));
		json_object_set_new(s, "change", json_integer(g->steps[i].delta));
		json_object_set_new(s, "detail", ev_json_text(g->steps[i].text));
		json_array_append_new(steps, s);
	}
	json_object_set_new(doc, "steps", steps);
	for (int i = 0; i < a->npooled; i++)
		json_array_append_new(pooled, ev_group_json(&a->pooled[i]));
	json_object_set_new(doc, "pooled", pooled);
	ev_grade_json_add(doc, g);
	json_object_set_new(doc, "verdict", json_string(ev_verdict_names[g->verdict]));
	json_object_set_new(doc, "certainty",
			    g->certainty ? json_string(ev_certainty_name(g->certainty)) : json_null());
	json_object_set_new(doc, "egger", ev_egger_json(a));
	json_object_set_new(doc, "with_retracted", with_retracted_json(a));
	ev_out_json(o, doc);
	json_decref(doc);
}

/* The table of the claim's links. */
static void print_links(struct ev_out *o, const struct ev_assessment *a)
{
	if (a->links.n) {
		ev_out_heading(o, 2, "Evidence links");
		struct ev_table *t = ev_table_new(10, link_headers);
		ev_table_style(t, 2, EV_CELL_RIGHT);
		ev_table_style(t, 5, EV_CELL_RIGHT);
		ev_table_style(t, 8, EV_CELL_SHRINK);
		for (int i = 0; i < a->links.n; i++) {
			const struct ev_link *l = &a->links.v[i];
			char eff[128]; /* ev_link_effect_text (view.h) */
			ev_table_add(t, l->study);
			ev_table_add(t, l->design >= 0 ? ev_design_names[l->design] : NULL);
			ev_table_add_int(t, ev_design_level(l->design));
			ev_table_add(t, ev_link_counts(l) ? "yes" : ev_status_names[l->status]);
			ev_table_add(t, ev_direction_names[l->direction]);
			if (l->n > 0)
				ev_table_add_int(t, l->n);
			else
				ev_table_add(t, NULL);
			ev_table_add(t, ev_rob_names[l->rob]);
			ev_table_add(t, l->indirect ? "yes" : "no");
			ev_table_add(t, l->outcome);
			ev_table_add(t, ev_link_effect_text(l, eff, sizeof eff));
		}
		if (o->fmt != EV_FMT_CSV && o->fmt != EV_FMT_TSV)
			ev_table_print(o, t);
		ev_table_free(t);
	}
}

/* The table of the claim's bodies of evidence. */
static void print_bodies(struct ev_out *o, const struct ev_grade *g)
{
	if (!g->nbodies && o->fmt != EV_FMT_CSV && o->fmt != EV_FMT_TSV) {
		ev_out_heading(o, 2, "Bodies of evidence");
		ev_out_line(o, "none: no link counts (a verified study with a design), so nothing is graded");
		ev_out_break(o);
	} else if (g->nbodies) {
		ev_out_heading(o, 2, "Bodies of evidence");
		struct ev_table *bt = ev_table_new(11, body_headers);
		for (int c = 4; c <= 7; c++)
			ev_table_style(bt, c, EV_CELL_RIGHT);
		ev_table_style(bt, 1, EV_CELL_SHRINK);
		ev_table_style(bt, 9, EV_CELL_GRADE);
		ev_table_style(bt, 10, EV_CELL_GRADE);
		for (int i = 0; i < g->nbodies; i++) {
			const struct ev_body *b = &g->bodies[i];
			char pe[160] = ""; /* a measure and three numbers */
			if (b->has_pool) {
				char e[32], lo[32], hi[32];
				snprintf(pe, sizeof pe, "%s %s (%s to %s)", ev_measure_names[b->measure],
					 ev_fmt_num(e, sizeof e, b->pool.estimate, 3), ev_fmt_num(lo, sizeof lo, b->pool.ci_low, 3),
					 ev_fmt_num(hi, sizeof hi, b->pool.ci_high, 3));
			}
			ev_table_addf(bt, "%d%s", i + 1, b->primary ? " (primary)" : "");
			ev_table_add(bt, b->outcome[0] ? b->outcome : NULL);
			ev_table_add(bt, b->measure >= 0 ? ev_measure_names[b->measure] : NULL);
			ev_table_add(bt, ev_family_names[b->family]);
			ev_table_add_int(bt, b->links);
			ev_table_add_int(bt, b->used);
			ev_table_add_int(bt, b->k);
			ev_table_add_int(bt, b->participants);
			ev_table_add(bt, pe);
			ev_table_add(bt, b->certainty ? ev_certainty_name(b->certainty) : NULL);
			ev_table_add(bt, ev_verdict_names[b->verdict]);
		}
		if (o->fmt != EV_FMT_CSV && o->fmt != EV_FMT_TSV)
			ev_table_print(o, bt);
		ev_table_free(bt);
	}
}

/* The grading steps, then each body other than the primary with its
 * five domains and their numbers. */
static void print_steps(struct ev_out *o, const struct ev_grade *g)
{
	ev_out_heading(o, 2, "Grading steps");
	struct ev_table *t = ev_table_new(3, step_headers);
	ev_table_style(t, 2, EV_CELL_WRAP);
	for (int i = 0; i < g->nsteps; i++) {
		const struct ev_step *s = &g->steps[i];
		ev_table_add(t, s->name);
		if (s->delta)
			ev_table_addf(t, "%+d", s->delta);
		else
			ev_table_add(t, is_domain(s->name) ? "none" : "");
		ev_table_add(t, s->text);
	}
	ev_table_print(o, t);
	ev_table_free(t);
	/* The other bodies, each with its five domains and their numbers. */
	for (int i = 0; i < g->nbodies && o->fmt != EV_FMT_CSV && o->fmt != EV_FMT_TSV; i++) {
		const struct ev_body *b = &g->bodies[i];
		if (b->primary)
			continue;
		ev_out_heading(o, 2, "Body %d: %s (%s, %s)", i + 1, b->outcome[0] ? b->outcome : "no outcome",
			       b->measure >= 0 ? ev_measure_names[b->measure] : "no measure", ev_family_names[b->family]);
		struct ev_table *dt = ev_table_new(3, step_headers);
		ev_table_style(dt, 2, EV_CELL_WRAP);
		ev_table_add(dt, "start");
		ev_table_add(dt, "");
		ev_table_add(dt, b->start_reason);
		if (b->notes) {
			ev_table_add(dt, "set aside");
			ev_table_add(dt, "");
			ev_table_add(dt, b->notes);
		}
		for (int d = 0; d < EV_DOMAIN_COUNT; d++) {
			ev_table_add(dt, ev_domain_names[d]);
			if (b->domain[d].change)
				ev_table_addf(dt, "%+d", b->domain[d].change);
			else
				ev_table_add(dt, "none");
			ev_table_add(dt, b->domain[d].reason);
		}
		ev_table_add(dt, "large effect");
		if (b->upgrade.change)
			ev_table_addf(dt, "%+d", b->upgrade.change);
		else
			ev_table_add(dt, "none");
		ev_table_add(dt, b->upgrade.reason);
		ev_table_add(dt, "verdict");
		ev_table_add(dt, "");
		ev_table_addf(dt, "%s%s%s: %s", ev_verdict_names[b->verdict], b->certainty ? ", " : "",
			      b->certainty ? ev_certainty_name(b->certainty) : "", b->verdict_reason);
		ev_table_print(o, dt);
		ev_table_free(dt);
	}
}

static int cmd_explain(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct ev_meta_parse *op = state;
	int rc = EV_FAIL;
	int64_t claim = args->id;
	struct ev_assessment a;
	if (ev_meta_choice_resolve(ctx, &op->mc))
		return EV_FAIL;
	if (ev_assess_opts(&ctx->db, claim, &op->mc.opts, &a))
		goto done;
	ev_warn_not_pooled(&a);

	const struct ev_grade *g = &a.grade;
	struct ev_out *o = &ctx->out;
	if (o->fmt == EV_FMT_JSON) {
		print_json(o, &a);
		rc = EV_OK;
		goto done;
	}

	ev_out_heading(o, 1, "%s", ev_record_text(&a.claim, "key"));
	ev_out_line(o, "%s", ev_record_text(&a.claim, "text"));
	ev_out_break(o);
	print_links(o, &a);
	print_bodies(o, g);
	print_steps(o, g);
	for (int i = 0; i < a.npooled; i++) {
		struct ev_buf line = EV_BUF_INIT;
		ev_group_summary(&a.pooled[i], &line);
		ev_out_item(o, "pooled %s (%s)", ev_buf_str(&line), ev_meta_label(&a.opts));
		ev_buf_free(&line);
		/* The whole pooled result when the pooling was chosen; without
		 * options the output stays as it always was. */
		if (op->mc.chosen) {
			char more[1024];
			ev_out_line(o, "    %s", ev_group_details(&a.pooled[i], -1, more, sizeof more));
		}
	}
	if (a.retracted) {
		struct ev_buf line = EV_BUF_INIT;
		ev_retracted_line(ev_buf_str(&a.retracted_names), &a.with_retracted, &line);
		ev_out_line(o, "%c%s", toupper((unsigned char)line.data[0]), ev_buf_str(&line) + 1);
		ev_buf_free(&line);
	}
	if (g->certainty)
		ev_out_line(o, "Verdict: %s, %s certainty", ev_out_grade(o, ev_verdict_names[g->verdict]),
			    ev_certainty_name(g->certainty));
	else
		ev_out_line(o, "Verdict: %s", ev_out_grade(o, ev_verdict_names[g->verdict]));
	rc = EV_OK;
done:
	ev_assessment_free(&a);
	return rc;
}

const struct ev_cmd ev_cmd_explain = {
	.name = "explain",
	.summary = "show each grading step for a claim, with the numbers behind it",
	.usage = "  evidence explain CLAIM [--method dl|reml|pm|fe] [--ci z|hksj] [--format FORMAT]",
	.help = "Lists the claim's evidence links (design level, whether each counts, risk of\n"
		"bias, indirectness, effect), its bodies of evidence (outcome, measure, design\n"
		"family, pooled estimate, certainty, verdict), and every step of the grading\n"
		"rule of docs/grading.md for the primary body: what the claim asserts, why that\n"
		"body is primary, the starting level, each of GRADE's five domains (risk of\n"
		"bias, inconsistency, indirectness, imprecision, publication bias) with its\n"
		"change and numbers, the upgrade considered, the verdict and the certainty;\n"
		"then the same domains for every other body. csv and tsv give the steps table.\n"
		"With --method or --ci (or a database default) each pooled effect also gets Q\n"
		"with its p value, tau2, tau, H2, I2 with its CI, the test of the overall\n"
		"effect and both prediction intervals (z, and t with k - 2 df); the grade itself\n"
		"pools with DerSimonian-Laird (docs/grading.md). When retracted studies are\n"
		"linked, a line before the verdict (and with_retracted in JSON) gives the grade\n"
		"the claim had with them counted.\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"\n"
		"Examples:\n"
		"  evidence explain mk7-no-cac-benefit\n"
		"  evidence explain k2-intake-less-aortic-calcification --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = ev_meta_longopts,
	.option = ev_meta_parse_opt,
	.state_size = sizeof(struct ev_meta_parse),
	.init = ev_meta_parse_init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which claim?",
	.resolve = EV_RESOLVE_CLAIM,
	.run = cmd_explain,
};
