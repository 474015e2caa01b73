/*
 * cmd_explain.c: `evidence explain CLAIM` walks through the grading rule
 * for one claim: every link with its design level and whether it counts,
 * then each step with the numbers that triggered it or did not. The point
 * is that nobody has to trust the verdict: they can check it.
 */
#include <stdio.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "metaopts.h"
#include "util.h"
#include "view.h"

/* --method and --ci (metaopts.h). */
struct opts {
	struct ev_ctx *ctx;
	struct ev_meta_choice mc;
};

static int on_opt(void *ud, int val, const char *arg)
{
	struct opts *op = ud;
	int taken = ev_meta_choice_opt(op->ctx, &op->mc, val, arg);
	return taken == 1 ? 0 : taken ? taken : EV_USAGE;
}

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const struct option extra[] = {EV_META_LONGOPTS, {NULL, 0, NULL, 0}};
	struct opts op = {ctx, {{EV_METHOD_DL, EV_CI_Z}, 0, 0, 0}};
	static const char *const link_headers[] = {"study", "design", "level", "counted", "direction", "n",
						   "risk of bias", "indirect", "outcome", "effect"};
	static const char *const step_headers[] = {"step", "change", "detail"};
	int first, rc = EV_FAIL;
	int64_t claim;
	struct ev_assessment a;
	ev_meta_choice_init(&op.mc);
	if (ev_cli_parse(ctx, argc, argv, "", extra, on_opt, &op, &first))
		return EV_USAGE;
	if (first >= argc)
		return ev_usage_error(ctx, "which claim?");
	if (first + 1 < argc)
		return ev_usage_error(ctx, "unexpected argument '%s'", argv[first + 1]);
	if (ev_cli_open(ctx))
		return EV_FAIL;
	int found = ev_model_find(&ctx->db, EV_CLAIM, argv[first], &claim);
	if (found <= 0)
		return found < 0 ? EV_FAIL : ev_model_not_found(&ctx->db, EV_CLAIM, argv[first]);
	if (ev_meta_choice_resolve(ctx, &op.mc))
		return EV_FAIL;
	if (ev_assess_opts(&ctx->db, claim, &op.mc.opts, &a))
		goto done;

	const struct ev_grade *g = &a.grade;
	struct ev_out *o = &ctx->out;
	if (o->fmt == EV_FMT_JSON) {
		json_t *doc = json_object(), *links = json_array(), *steps = json_array(), *pooled = json_array();
		json_object_set_new(doc, "claim", ev_json_text(ev_record_text(&a.claim, "key")));
		json_object_set_new(doc, "text", ev_json_text(ev_record_text(&a.claim, "text")));
		for (int i = 0; i < a.links.n; i++)
			json_array_append_new(links, ev_link_json(&a.links.v[i]));
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
		for (int i = 0; i < a.npooled; i++)
			json_array_append_new(pooled, ev_group_json(&a.pooled[i]));
		json_object_set_new(doc, "pooled", pooled);
		json_object_set_new(doc, "verdict", json_string(ev_verdict_names[g->verdict]));
		json_object_set_new(doc, "certainty",
				    g->certainty ? json_string(ev_certainty_name(g->certainty)) : json_null());
		json_object_set_new(doc, "egger", ev_egger_json(&a));
		ev_out_json(o, doc);
		json_decref(doc);
		rc = EV_OK;
		goto done;
	}

	ev_out_heading(o, 1, "%s", ev_record_text(&a.claim, "key"));
	ev_out_line(o, "%s", ev_record_text(&a.claim, "text"));
	ev_out_break(o);
	if (a.links.n) {
		ev_out_heading(o, 2, "Evidence links");
		struct ev_table *t = ev_table_new(10, link_headers);
		ev_table_style(t, 2, EV_CELL_RIGHT);
		ev_table_style(t, 5, EV_CELL_RIGHT);
		ev_table_style(t, 8, EV_CELL_SHRINK);
		for (int i = 0; i < a.links.n; i++) {
			const struct ev_link *l = &a.links.v[i];
			char eff[128];
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
	ev_out_heading(o, 2, "Grading steps");
	struct ev_table *t = ev_table_new(3, step_headers);
	ev_table_style(t, 2, EV_CELL_WRAP);
	for (int i = 0; i < g->nsteps; i++) {
		const struct ev_step *s = &g->steps[i];
		ev_table_add(t, s->name);
		if (s->delta)
			ev_table_addf(t, "%+d", s->delta);
		else
			ev_table_add(t, strcmp(s->name, "start") == 0 || strcmp(s->name, "certainty") == 0 ||
						strcmp(s->name, "not counted") == 0
					    ? ""
					    : "none");
		ev_table_add(t, s->text);
	}
	ev_table_print(o, t);
	ev_table_free(t);
	for (int i = 0; i < a.npooled; i++) {
		char buf[256];
		ev_out_item(o, "pooled %s (%s)", ev_group_summary(&a.pooled[i], buf, sizeof buf), ev_meta_label(&a.opts));
		/* The whole pooled result when the pooling was chosen; without
		 * options the output stays as it always was. */
		if (op.mc.chosen) {
			char more[1024];
			ev_out_line(o, "    %s", ev_group_details(&a.pooled[i], more, sizeof more));
		}
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
		"bias, indirectness, effect) and then every step of the grading rule of\n"
		"docs/grading.md: the top tier, each downgrade and upgrade considered (applied\n"
		"or not, with its numbers), the certainty and the verdict. csv and tsv give the\n"
		"steps table. With --method or --ci (or a database default) each pooled effect\n"
		"also gets Q with its p value, tau2, tau, H2, I2 with its CI, the test of the\n"
		"overall effect and both prediction intervals (z, and t with k - 2 df).\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"\n"
		"Examples:\n"
		"  evidence explain mk7-no-cac-benefit\n"
		"  evidence explain k2-intake-less-aortic-calcification --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.run = run,
};
