/*
 * cmd_query.c: `evidence query TOPIC` answers "how well supported are the
 * claims about this topic?": each claim tagged with TOPIC, with its
 * verdict, certainty, studies, participants and pooled effects. The JSON
 * form is a contract other tools read (see README).
 */
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "html.h"
#include "cli_metaopts.h"
#include "model_query.h"
#include "util.h"
#include "view.h"

/* One query in progress. */
struct walk {
	struct ev_meta_parse mp; /* first: ev_meta_parse_init sets it up */
	struct ev_db *db;
	int json;
	struct ev_json_stream js;
	struct ev_json_pool *pool;
	struct ev_table *t;
	int n;
	/* html lays out the whole topic at once, so it keeps every claim */
	struct ev_assessment *kept;
	int nkept, capkept;
};

static int each(void *ud, int64_t id, const struct ev_record *claim)
{
	struct walk *w = ud;
	struct ev_assessment a;
	w->n++;
	if (ev_assess_claim_opts(w->db, id, claim, &w->mp.mc.opts, &a)) {
		ev_assessment_free(&a);
		return -1;
	}
	ev_warn_not_pooled(&a);
	if (w->capkept) {
		if (w->nkept == w->capkept) {
			w->capkept *= 2;
			w->kept = ev_xrealloc(w->kept, (size_t)w->capkept * sizeof *w->kept);
		}
		w->kept[w->nkept++] = a;
		return 0;
	}
	if (w->json) {
		/* JSON goes out claim by claim: a topic of a large database
		 * can have thousands of links, which need not all be held. */
		json_t *c = ev_assessment_json_pooled(&a, w->pool);
		ev_out_json_item(&w->js, c);
		json_decref(c);
		ev_assessment_free(&a);
		return 0;
	}
	struct ev_buf pooled = EV_BUF_INIT;
	for (int g = 0; g < a.npooled; g++) {
		if (g)
			ev_buf_adds(&pooled, "; ");
		ev_group_line(&a.pooled[g], w->mp.mc.chosen, &pooled);
	}
	ev_table_add(w->t, ev_record_text(&a.claim, "key"));
	ev_table_add(w->t, ev_verdict_names[a.grade.verdict]);
	ev_table_add(w->t, a.grade.certainty ? ev_certainty_name(a.grade.certainty) : NULL);
	ev_table_add_int(w->t, a.studies);
	ev_table_add_int(w->t, a.participants);
	ev_table_add(w->t, ev_buf_str(&pooled));
	ev_table_add(w->t, ev_record_text(&a.claim, "text"));
	ev_buf_free(&pooled);
	ev_assessment_free(&a);
	return 0;
}

static const struct option long_opts[] = {EV_META_LONGOPTS, {NULL, 0, NULL, 0}};

static int cmd_query(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"claim", "verdict", "certainty", "studies", "participants", "pooled",
					      "text"};
	int rc = EV_FAIL;
	int64_t topic = a->id;
	const char *key = a->v[0];
	struct walk *w = state;
	if (ev_meta_choice_resolve(ctx, &w->mp.mc))
		return EV_FAIL;
	w->db = &ctx->db;
	w->json = ctx->out.fmt == EV_FMT_JSON;
	if (ctx->out.fmt == EV_FMT_HTML) {
		w->capkept = 16;
		w->kept = ev_xcalloc((size_t)w->capkept, sizeof *w->kept);
	} else if (w->json) {
		json_t *head = json_object();
		json_object_set_new(head, "topic", ev_json_text(key));
		ev_out_json_begin(&ctx->out, &w->js, head, "claims");
		json_decref(head);
		w->pool = ev_json_pool_new();
	} else {
		w->t = ev_table_new(7, headers);
		ev_table_style(w->t, 1, EV_CELL_GRADE);
		ev_table_style(w->t, 2, EV_CELL_GRADE);
		ev_table_style(w->t, 3, EV_CELL_RIGHT);
		ev_table_style(w->t, 4, EV_CELL_RIGHT);
		ev_table_style(w->t, 5, EV_CELL_SHRINK);
		ev_table_style(w->t, 6, EV_CELL_WRAP);
	}
	if (ev_model_each_topic_claim(&ctx->db, topic, each, w))
		goto done;
	if (w->kept) {
		struct ev_record *studies;
		int ns;
		char now[32];
		if (ev_cli_now(now, sizeof now) || ev_assess_studies(&ctx->db, w->kept, w->nkept, &studies, &ns))
			goto done;
		struct ev_html_doc hd = {NULL, key, w->kept, w->nkept, studies, ns, now, ev_cli_db_name(ctx), EV_VERSION,
				      NULL, 0};
		struct ev_buf page = EV_BUF_INIT;
		ev_html_report(&page, &hd);
		fwrite(page.data, 1, page.len, ctx->out.fp);
		ev_buf_free(&page);
		ev_records_free(studies, ns);
	} else if (w->json) {
		ev_out_json_end(&w->js);
		w->json = 0;
	} else {
		ev_out_heading(&ctx->out, 1, "%s: %d claim%s", key, w->n, w->n == 1 ? "" : "s");
		ev_table_print(&ctx->out, w->t);
	}
	rc = EV_OK;
done:
	if (w->json)
		ev_buf_free(&w->js.b); /* failed half-way: what is not yet written is dropped */
	ev_json_pool_free(w->pool);
	ev_table_free(w->t);
	for (int i = 0; i < w->nkept; i++)
		ev_assessment_free(&w->kept[i]);
	free(w->kept);
	return rc;
}

const struct ev_cmd ev_cmd_query = {
	.name = "query",
	.summary = "grade the claims about a topic: verdict, certainty, studies, pooled effect",
	.usage = "  evidence query TOPIC [--method dl|reml|pm|fe] [--ci z|hksj] [--format FORMAT] [-o FILE]",
	.help = "Prints each claim tagged with TOPIC: its verdict (supported, contradicted,\n"
		"mixed, insufficient), the certainty of the evidence (high, moderate, low,\n"
		"very-low), how many studies and participants bear on it, and pooled effects\n"
		"where two or more studies report the same outcome and measure. --format json\n"
		"adds the grading reasons and every evidence link; --format html writes a\n"
		"self-contained page like 'report --format html' does for an article.\n"
		"Pooling is DerSimonian-Laird with a z interval unless --method, --ci or the\n"
		"database's defaults ('evidence init --method M --ci C') say otherwise; then\n"
		"each pooled effect names how it was pooled (docs/meta-analysis.md).\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"\n"
		"Examples:\n"
		"  evidence query arterial-calcification\n"
		"  evidence query arterial-stiffness --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL | EV_FMT_BIT(EV_FMT_HTML),
	.options = long_opts,
	.option = ev_meta_parse_opt,
	.state_size = sizeof(struct walk),
	.init = ev_meta_parse_init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which topic? (see 'evidence topics')",
	.resolve = EV_RESOLVE_TOPIC,
	.run = cmd_query,
};
