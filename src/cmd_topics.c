/*
 * cmd_topics.c: `evidence topics` lists every topic with the number of
 * claims tagged with it: the entry point for `evidence query TOPIC`.
 */
#include "cli.h"
#include "model.h"
#include "util.h"

static int add_topic(void *ud, const char *key, int64_t claims)
{
	struct ev_table *t = ud;
	ev_table_add(t, key);
	ev_table_add_int(t, claims);
	return 0;
}

static int cmd_topics(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"topic", "claims"};
	int rc = EV_FAIL;
	(void)state;
	(void)a;
	struct ev_table *t = ev_table_new(2, headers);
	ev_table_style(t, 1, EV_CELL_RIGHT);
	if (ev_model_topics(&ctx->db, add_topic, t) == 0) {
		ev_table_print(&ctx->out, t);
		rc = EV_OK;
	}
	ev_table_free(t);
	return rc;
}

const struct ev_cmd ev_cmd_topics = {
	.name = "topics",
	.summary = "list the topics, with how many claims each has",
	.usage = "  evidence topics [--format FORMAT]",
	.help = "Lists every topic (in key order) and the number of claims tagged with it.\n"
		"\n"
		"Examples:\n"
		"  evidence topics\n"
		"  evidence topics --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.run = cmd_topics,
};
