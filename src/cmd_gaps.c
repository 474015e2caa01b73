/*
 * cmd_gaps.c: `evidence gaps [--article A] [--topic T]` lists what the
 * curated data still lacks before it answers its claims well: claims with
 * no evidence, or none that counts toward a grade, or only indirect
 * evidence; links without an estimate; studies never assessed for risk of
 * bias. The curator's to-do list, narrowed to an article or a topic.
 *
 * The rows come from ev_model_gaps (model_gaps.c), which judges links as
 * grading does, so a claim leaves the list exactly when its grade could
 * rest on something.
 */
#include <string.h>

#include "cli.h"
#include "model.h"
#include "model_gaps.h"
#include "util.h"

enum { OPT_ARTICLE = 0x3000, OPT_TOPIC };

/* The command's state: its options, then the list being made. */
struct gaps {
	const char *article, *topic;
	struct ev_table *t;
	json_t *json;
	int n;
};

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	(void)ctx;
	struct gaps *g = state;
	if (val == OPT_ARTICLE)
		g->article = arg;
	else if (val == OPT_TOPIC)
		g->topic = arg;
	else
		return EV_USAGE;
	return 0;
}

static int on_gap(void *ud, const struct ev_gap *gap)
{
	struct gaps *g = ud;
	g->n++;
	if (g->json) {
		json_t *o = json_object();
		json_object_set_new(o, "gap", json_string(ev_gap_names[gap->what]));
		json_object_set_new(o, "kind", json_string(ev_kind_names[gap->kind]));
		if (gap->kind == EV_LINK) {
			json_object_set_new(o, "claim", ev_json_text(gap->key));
			json_object_set_new(o, "study", ev_json_text(gap->study));
			json_object_set_new(o, "outcome", *gap->outcome ? ev_json_text(gap->outcome) : json_null());
		} else {
			json_object_set_new(o, "key", ev_json_text(gap->key));
		}
		json_object_set_new(o, "detail", ev_json_text(gap->detail));
		json_array_append_new(g->json, o);
		return 0;
	}
	ev_table_add(g->t, ev_kind_names[gap->kind]);
	if (gap->kind == EV_LINK)
		ev_table_addf(g->t, "%s -> %s%s%s%s", gap->key, gap->study, *gap->outcome ? " (" : "", gap->outcome,
			      *gap->outcome ? ")" : "");
	else
		ev_table_add(g->t, gap->key);
	ev_table_add(g->t, ev_gap_names[gap->what]);
	ev_table_add(g->t, gap->detail);
	return 0;
}

static int cmd_gaps(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"kind", "key", "gap", "detail"};
	struct gaps *g = state; /* the options, then the list being made */
	int rc = EV_FAIL, found;
	int64_t article = 0, topic = 0;
	(void)a;
	if (g->article && (found = ev_model_find(&ctx->db, EV_ARTICLE, g->article, &article)) <= 0)
		return found == 0 ? ev_model_not_found(&ctx->db, EV_ARTICLE, g->article) : EV_FAIL;
	if (g->topic && (found = ev_model_find(&ctx->db, EV_KIND_COUNT, g->topic, &topic)) <= 0)
		return found == 0 ? ev_model_not_found(&ctx->db, EV_KIND_COUNT, g->topic) : EV_FAIL;

	if (ctx->out.fmt == EV_FMT_JSON) {
		g->json = json_array();
	} else {
		g->t = ev_table_new(4, headers);
		ev_table_style(g->t, 3, EV_CELL_WRAP);
	}
	if (ev_model_gaps(&ctx->db, article, topic, on_gap, g))
		goto done;
	if (g->json)
		ev_out_json(&ctx->out, g->json);
	else if (g->n || ctx->out.fmt == EV_FMT_CSV || ctx->out.fmt == EV_FMT_TSV)
		ev_table_print(&ctx->out, g->t);
	else
		ev_out_line(&ctx->out, "Nothing to do: every claim has counted, direct evidence with estimates, "
				       "and every study a risk of bias.");
	rc = EV_OK;
done:
	if (g->t)
		ev_table_free(g->t);
	json_decref(g->json);
	return rc;
}

static const struct option gaps_options[] = {
	{"article", required_argument, NULL, OPT_ARTICLE},
	{"topic", required_argument, NULL, OPT_TOPIC},
	{NULL, 0, NULL, 0},
};

const struct ev_cmd ev_cmd_gaps = {
	.name = "gaps",
	.summary = "the curator's to-do list: claims and links still lacking evidence",
	.usage = "  evidence gaps [--article ARTICLE] [--topic TOPIC] [--format FORMAT]",
	.help = "The curator's to-do list. Lists, for the claims of an article and/or a topic\n"
		"(every claim without either):\n"
		"\n"
		"Gaps:\n"
		"  no evidence                a claim with no evidence link at all\n"
		"  only unverified evidence   none of its links counts, some cite unverified\n"
		"                             studies\n"
		"  no counted evidence        none of its links counts (retracted studies, no\n"
		"                             design)\n"
		"  only indirect evidence     every link that counts is indirect\n"
		"  no estimate                a link with a direction but no estimate\n"
		"  no participant count       a link with an estimate, but no n on it or its\n"
		"                             study\n"
		"  risk of bias not assessed  a study (cited by those claims) still 'unknown'\n"
		"\n"
		"Claims come in article order, each followed by its links' gaps, then the\n"
		"studies in key order. A link counts as it does for the verdict: its study is\n"
		"verified and has a design ('evidence explain CLAIM' shows the rest).\n"
		"\n"
		"Options:\n"
		"  --article ARTICLE    only the claims of this article\n"
		"  --topic TOPIC        only the claims about this topic\n"
		"\n"
		"Examples:\n"
		"  evidence gaps\n"
		"  evidence gaps --topic arterial-calcification --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = gaps_options,
	.option = on_opt,
	.state_size = sizeof(struct gaps),
	.run = cmd_gaps,
};
