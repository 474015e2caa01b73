/*
 * cmd_report.c: `evidence report ARTICLE` judges an article claim by
 * claim, in the article's order: verdict, certainty, the reasons, and the
 * studies behind each claim. Claims without studies are listed too (as
 * insufficient): what an article asserts without evidence matters as much
 * as what it gets wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "html.h"
#include "cli_metaopts.h"
#include "retraction.h"
#include "util.h"
#include "view.h"

static void claim_block(struct ev_out *o, int pos, const struct ev_assessment *a, int chosen)
{
	static const char *const headers[] = {"study", "year", "design", "n", "direction", "outcome", "effect",
					      "note"};
	const struct ev_grade *g = &a->grade;
	char grade[96]; /* a verdict and a certainty word */
	if (g->certainty)
		snprintf(grade, sizeof grade, "%s, %s certainty", ev_verdict_names[g->verdict],
			 ev_certainty_name(g->certainty));
	else
		snprintf(grade, sizeof grade, "%s", ev_verdict_names[g->verdict]);
	ev_out_heading(o, 2, "%d. %s: %s", pos, ev_record_text(&a->claim, "key"),
		       o->color ? ev_out_grade(o, ev_verdict_names[g->verdict]) : grade);
	if (o->color && g->certainty)
		ev_out_line(o, "certainty: %s", ev_out_grade(o, ev_certainty_name(g->certainty)));
	ev_out_line(o, "%s", ev_record_text(&a->claim, "text"));
	if (ev_record_text(&a->claim, "quote"))
		ev_out_line(o, "The article: \"%s\"", ev_record_text(&a->claim, "quote"));
	ev_out_break(o);
	for (int i = 0; i < g->nsteps; i++)
		if (g->steps[i].applies)
			ev_out_item(o, "%s", g->steps[i].text);
	/* A retraction moves a grade: say what it was with the retracted
	 * studies, so a reader sees what the claim had rested on. */
	if (a->retracted) {
		struct ev_buf line = EV_BUF_INIT;
		ev_retracted_line(ev_buf_str(&a->retracted_names), &a->with_retracted, &line);
		ev_out_item(o, "%s", ev_buf_str(&line));
		ev_buf_free(&line);
	}
	for (int i = 0; i < a->npooled; i++) {
		struct ev_buf line = EV_BUF_INIT;
		ev_group_line(&a->pooled[i], chosen, &line);
		ev_out_item(o, "pooled %s", ev_buf_str(&line));
		ev_buf_free(&line);
		if (chosen) {
			char more[1024];
			ev_out_line(o, "    %s", ev_group_details(&a->pooled[i], -1, more, sizeof more));
		}
	}
	if (!a->links.n)
		return;
	struct ev_table *t = ev_table_new(8, headers);
	ev_table_style(t, 3, EV_CELL_RIGHT);
	ev_table_style(t, 5, EV_CELL_SHRINK);
	ev_table_style(t, 7, EV_CELL_SHRINK);
	for (int i = 0; i < a->links.n; i++) {
		const struct ev_link *l = &a->links.v[i];
		char eff[128]; /* ev_link_effect_text (view.h) */
		ev_table_add(t, l->study);
		if (l->year)
			ev_table_add_int(t, l->year);
		else
			ev_table_add(t, NULL);
		ev_table_add(t, l->design >= 0 ? ev_design_names[l->design] : NULL);
		if (l->n > 0)
			ev_table_add_int(t, l->n);
		else
			ev_table_add(t, NULL);
		ev_table_add(t, ev_direction_names[l->direction]);
		ev_table_add(t, l->outcome);
		ev_table_add(t, ev_link_effect_text(l, eff, sizeof eff));
		struct ev_buf note = EV_BUF_INIT;
		if (l->status != EV_VERIFIED)
			ev_buf_adds(&note, ev_status_names[l->status]);
		if (l->indirect)
			ev_buf_addf(&note, "%sindirect", note.len ? ", " : "");
		if (l->subgroup)
			ev_buf_addf(&note, "%ssubgroup: %s", note.len ? ", " : "", l->subgroup);
		ev_table_add(t, ev_buf_str(&note));
		ev_buf_free(&note);
	}
	ev_table_print(o, t);
	ev_table_free(t);
}

static int cmd_report(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct ev_meta_parse *op = state;
	static const char *const headers[] = {"position", "claim", "verdict", "certainty", "studies",
					      "participants", "reasons", "text"};
	int rc = EV_FAIL, n = 0;
	int64_t article = a->id;
	struct ev_ids ids = {0};
	struct ev_record art = {0};
	struct ev_assessment *as = NULL;
	int counts[EV_VERDICT_COUNT] = {0};
	if (ev_meta_choice_resolve(ctx, &op->mc))
		return EV_FAIL;
	if (ev_model_read(&ctx->db, EV_ARTICLE, article, &art) || ev_model_claims_of_article(&ctx->db, article, &ids))
		goto done;
	as = ev_xcalloc((size_t)ids.n + 1, sizeof *as);
	for (n = 0; n < ids.n; n++) {
		if (ev_assess_opts(&ctx->db, ids.v[n], &op->mc.opts, &as[n])) {
			n++;
			goto done;
		}
		counts[as[n].grade.verdict]++;
	}

	struct ev_out *o = &ctx->out;
	if (o->fmt == EV_FMT_JSON) {
		json_t *doc = json_object(), *summary = json_object(), *claims = json_array();
		json_object_set_new(doc, "article", ev_record_json(&art));
		json_object_set_new(summary, "claims", json_integer(ids.n));
		for (int v = 0; v < EV_VERDICT_COUNT; v++)
			json_object_set_new(summary, ev_verdict_names[v], json_integer(counts[v]));
		json_object_set_new(doc, "summary", summary);
		for (int i = 0; i < n; i++) {
			json_t *c = ev_assessment_json(&as[i]);
			json_object_set_new(c, "position", json_integer(i + 1));
			json_array_append_new(claims, c);
		}
		json_object_set_new(doc, "claims", claims);
		ev_out_json(o, doc);
		json_decref(doc);
	} else if (o->fmt == EV_FMT_HTML) {
		struct ev_record *studies;
		int ns;
		char now[32];
		if (ev_cli_now(now, sizeof now) || ev_assess_studies(&ctx->db, as, n, &studies, &ns))
			goto done;
		struct ev_html_doc doc = {&art, NULL, as, n, studies, ns, now, ev_cli_db_name(ctx), EV_VERSION, NULL, 0};
		struct ev_buf page = EV_BUF_INIT;
		ev_html_report(&page, &doc);
		fwrite(page.data, 1, page.len, o->fp);
		ev_buf_free(&page);
		ev_records_free(studies, ns);
	} else if (o->fmt == EV_FMT_CSV || o->fmt == EV_FMT_TSV) {
		struct ev_table *t = ev_table_new(8, headers);
		for (int i = 0; i < n; i++) {
			const struct ev_grade *g = &as[i].grade;
			struct ev_buf reasons = EV_BUF_INIT;
			for (int s = 0; s < g->nsteps; s++)
				if (g->steps[s].applies)
					ev_buf_addf(&reasons, "%s%s", reasons.len ? "; " : "", g->steps[s].text);
			ev_table_add_int(t, i + 1);
			ev_table_add(t, ev_record_text(&as[i].claim, "key"));
			ev_table_add(t, ev_verdict_names[g->verdict]);
			ev_table_add(t, g->certainty ? ev_certainty_name(g->certainty) : NULL);
			ev_table_add_int(t, as[i].studies);
			ev_table_add_int(t, as[i].participants);
			ev_table_add(t, ev_buf_str(&reasons));
			ev_table_add(t, ev_record_text(&as[i].claim, "text"));
			ev_buf_free(&reasons);
		}
		ev_table_print(o, t);
		ev_table_free(t);
	} else {
		const char *author = ev_record_text(&art, "author"), *date = ev_record_text(&art, "published");
		ev_out_heading(o, 1, "%s", ev_record_text(&art, "title"));
		if (author || date)
			ev_out_line(o, "%s%s%s", author ? author : "", author && date ? ", " : "", date ? date : "");
		ev_out_line(o, "%d claim%s: %d supported, %d mixed, %d contradicted, %d insufficient", ids.n,
			    ids.n == 1 ? "" : "s", counts[EV_SUPPORTED], counts[EV_MIXED], counts[EV_CONTRADICTED],
			    counts[EV_INSUFFICIENT]);
		ev_out_break(o);
		for (int i = 0; i < n; i++)
			claim_block(o, i + 1, &as[i], op->mc.chosen);
	}
	rc = EV_OK;
done:
	for (int i = 0; i < n; i++)
		ev_assessment_free(&as[i]);
	free(as);
	ev_record_free(&art);
	ev_ids_free(&ids);
	return rc;
}

const struct ev_cmd ev_cmd_report = {
	.name = "report",
	.summary = "judge every claim of an article, in the article's order",
	.usage = "  evidence report ARTICLE [--method dl|reml|pm|fe] [--ci z|hksj] [--format FORMAT] [-o FILE]",
	.help = "For each claim of ARTICLE, in the order the article makes them: the verdict\n"
		"and certainty, the reasons the grading rule gives, pooled effects, and the\n"
		"studies behind the claim with design, size, direction and effect. Claims with\n"
		"no studies are listed as insufficient. --format html writes one self-contained\n"
		"page (inline CSS and forest plots, no JavaScript) to read in any browser or\n"
		"print, with the claims' ClaimReview JSON-LD and a footer giving the date (UTC,\n"
		"or SOURCE_DATE_EPOCH), the database and the version.\n"
		"With --method or --ci (or a database default) each pooled effect names how it\n"
		"was pooled and gives Q, tau2, I2 with its CI, the test of the overall effect\n"
		"and both prediction intervals.\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"\n"
		"Examples:\n"
		"  evidence report k2-arterial-flexibility\n"
		"  evidence report k2-arterial-flexibility --format html -o report.html\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL | EV_FMT_BIT(EV_FMT_HTML),
	.options = ev_meta_longopts,
	.option = ev_meta_parse_opt,
	.state_size = sizeof(struct ev_meta_parse),
	.init = ev_meta_parse_init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which article?",
	.resolve = EV_RESOLVE_ARTICLE,
	.run = cmd_report,
};
