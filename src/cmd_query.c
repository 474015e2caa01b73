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
#include "util.h"
#include "view.h"

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const char *const headers[] = {"claim", "verdict", "certainty", "studies", "participants", "pooled",
					      "text"};
	int first, rc = EV_FAIL;
	struct ev_ids ids = {0};
	int64_t topic;
	if (ev_cli_parse(ctx, argc, argv, "", NULL, NULL, NULL, &first))
		return EV_USAGE;
	if (first >= argc)
		return ev_usage_error(ctx, "which topic? (see 'evidence topics')");
	if (first + 1 < argc)
		return ev_usage_error(ctx, "unexpected argument '%s'", argv[first + 1]);
	const char *key = argv[first];
	if (ev_cli_open(ctx))
		return EV_FAIL;
	int found = ev_model_find(&ctx->db, EV_KIND_COUNT, key, &topic);
	if (found <= 0)
		return found < 0 ? EV_FAIL : ev_model_not_found(&ctx->db, EV_KIND_COUNT, key);
	if (ev_model_claims_of_topic(&ctx->db, topic, &ids))
		return EV_FAIL;

	json_t *doc = json_object(), *claims = json_array();
	struct ev_table *t = ev_table_new(7, headers);
	ev_table_style(t, 1, EV_CELL_GRADE);
	ev_table_style(t, 2, EV_CELL_GRADE);
	ev_table_style(t, 3, EV_CELL_RIGHT);
	ev_table_style(t, 4, EV_CELL_RIGHT);
	ev_table_style(t, 5, EV_CELL_SHRINK);
	ev_table_style(t, 6, EV_CELL_SHRINK);
	for (int i = 0; i < ids.n; i++) {
		struct ev_assessment a;
		if (ev_assess(&ctx->db, ids.v[i], &a)) {
			ev_assessment_free(&a);
			goto done;
		}
		json_array_append_new(claims, ev_assessment_json(&a));
		struct ev_buf pooled = EV_BUF_INIT;
		for (int g = 0; g < a.npooled; g++) {
			char buf[256];
			ev_buf_addf(&pooled, "%s%s", g ? "; " : "", ev_group_summary(&a.pooled[g], buf, sizeof buf));
		}
		ev_table_add(t, ev_record_text(&a.claim, "key"));
		ev_table_add(t, ev_verdict_names[a.grade.verdict]);
		ev_table_add(t, a.grade.certainty ? ev_certainty_name(a.grade.certainty) : NULL);
		ev_table_add_int(t, a.studies);
		ev_table_add_int(t, a.participants);
		ev_table_add(t, ev_buf_str(&pooled));
		ev_table_add(t, ev_record_text(&a.claim, "text"));
		ev_buf_free(&pooled);
		ev_assessment_free(&a);
	}
	if (ctx->out.fmt == EV_FMT_JSON) {
		json_object_set_new(doc, "topic", ev_json_text(key));
		json_object_set_new(doc, "claims", claims);
		claims = NULL;
		ev_out_json(&ctx->out, doc);
	} else {
		ev_out_heading(&ctx->out, 1, "%s: %d claim%s", key, ids.n, ids.n == 1 ? "" : "s");
		ev_table_print(&ctx->out, t);
	}
	rc = EV_OK;
done:
	json_decref(claims);
	json_decref(doc);
	ev_table_free(t);
	ev_ids_free(&ids);
	return rc;
}

const struct ev_cmd ev_cmd_query = {
	.name = "query",
	.summary = "grade the claims about a topic: verdict, certainty, studies, pooled effect",
	.usage = "  evidence query TOPIC [--format FORMAT]",
	.help = "Prints each claim tagged with TOPIC: its verdict (supported, contradicted,\n"
		"mixed, insufficient), the certainty of the evidence (high, moderate, low,\n"
		"very-low), how many studies and participants bear on it, and pooled effects\n"
		"where two or more studies report the same outcome and measure. --format json\n"
		"adds the grading reasons and every evidence link.\n"
		"\n"
		"Examples:\n"
		"  evidence query arterial-calcification\n"
		"  evidence query arterial-stiffness --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.run = run,
};
