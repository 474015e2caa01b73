/*
 * cmd_show.c: `evidence show study|claim|article KEY` prints one record
 * with every field, and what it is connected to: a study's links to
 * claims, a claim's links to studies, an article's claims.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "model.h"
#include "util.h"
#include "view.h"

/* The rows related to the record: links for studies and claims, claims
 * for articles. */
static int related(struct ev_db *db, enum ev_kind kind, int64_t id, struct ev_ids *ids)
{
	switch (kind) {
	case EV_STUDY:
		return ev_model_links_of_study(db, id, ids);
	case EV_CLAIM:
		return ev_model_links_of_claim(db, id, ids);
	case EV_ARTICLE:
		return ev_model_claims_of_article(db, id, ids);
	default:
		return 0;
	}
}

/* A link's raw data in a few characters: "4/123 vs 11/139" for counts,
 * "55 (SD 47, n 155) vs 75 (SD 64, n 156)" for means; "" without. */
static const char *raw_text(const struct ev_record *x, struct ev_buf *b)
{
	static const char *const names[] = {"events_treat", "total_treat", "events_control", "total_control",
					    "mean_treat",   "sd_treat",    "mean_control",   "sd_control"};
	char v[8][40];
	for (int i = 0; i < 8; i++)
		ev_value_format(x, ev_field_index(EV_LINK, names[i]), v[i], sizeof v[i]);
	/* ev_value_format may return the record's text instead of v[i]; these
	 * fields are numbers, so it writes into v[i]. */
	if (ev_record_get(x, "events_treat")->type != EV_V_NULL)
		ev_buf_addf(b, "%s/%s vs %s/%s", v[0], v[1], v[2], v[3]);
	else if (ev_record_get(x, "mean_treat")->type != EV_V_NULL)
		ev_buf_addf(b, "%s (SD %s, n %s) vs %s (SD %s, n %s)", v[4], v[5], v[1], v[6], v[7], v[3]);
	return ev_buf_str(b);
}

static int cmd_show(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const kv_headers[] = {"field", "value"};
	static const char *const link_headers[] = {"claim", "study", "direction", "outcome", "measure", "estimate",
						   "ci_low", "ci_high", "n", "indirect", "raw data"};
	static const char *const claim_headers[] = {"position", "claim", "text"};
	int raw = 0, rc = EV_FAIL;
	enum ev_kind kind = (enum ev_kind)a->kind;
	const char *key = a->v[0];
	struct ev_record r = {0}, x = {0};
	struct ev_ids ids = {0};
	(void)state;
	if (ev_model_read(&ctx->db, kind, a->id, &r) || related(&ctx->db, kind, a->id, &ids))
		goto done;

	struct ev_out *o = &ctx->out;
	if (o->fmt == EV_FMT_JSON) {
		json_t *doc = ev_record_json(&r), *arr = json_array();
		for (int i = 0; i < ids.n; i++) {
			if (ev_model_read(&ctx->db, kind == EV_ARTICLE ? EV_CLAIM : EV_LINK, ids.v[i], &x)) {
				json_decref(arr);
				json_decref(doc);
				goto done;
			}
			json_array_append_new(arr, ev_record_json(&x));
		}
		json_object_set_new(doc, kind == EV_ARTICLE ? "claims" : "links", arr);
		ev_out_json(o, doc);
		json_decref(doc);
		rc = EV_OK;
		goto done;
	}

	int nf;
	const struct ev_field *f = ev_fields(kind, &nf);
	struct ev_table *t = ev_table_new(2, kv_headers);
	ev_table_style(t, 1, EV_CELL_WRAP);
	for (int i = 0; i < nf; i++) {
		char buf[64];
		ev_table_add(t, f[i].name);
		ev_table_add(t, ev_value_format(&r, i, buf, sizeof buf));
	}
	ev_out_heading(o, 1, "%s %s", ev_kind_names[kind], key);
	ev_table_print(o, t);
	ev_table_free(t);
	if (o->fmt == EV_FMT_CSV || o->fmt == EV_FMT_TSV || !ids.n) {
		rc = EV_OK;
		goto done;
	}

	if (kind == EV_ARTICLE) {
		ev_out_heading(o, 2, "Claims");
		t = ev_table_new(3, claim_headers);
		ev_table_style(t, 2, EV_CELL_WRAP);
	} else {
		/* A column for raw data only when some link has them, so the
		 * table of a database without any reads as it always did. */
		for (int i = 0; i < ids.n && !raw; i++) {
			if (ev_model_read(&ctx->db, EV_LINK, ids.v[i], &x))
				goto done;
			raw = ev_record_get(&x, "total_treat")->type != EV_V_NULL;
		}
		ev_out_heading(o, 2, "Evidence links");
		t = ev_table_new(raw ? 11 : 10, link_headers);
		ev_table_style(t, 3, EV_CELL_SHRINK);
	}
	for (int i = 0; i < ids.n; i++) {
		char buf[64];
		if (ev_model_read(&ctx->db, kind == EV_ARTICLE ? EV_CLAIM : EV_LINK, ids.v[i], &x)) {
			ev_table_free(t);
			goto done;
		}
		if (kind == EV_ARTICLE) {
			ev_table_add_int(t, i + 1);
			ev_table_add(t, ev_record_text(&x, "key"));
			ev_table_add(t, ev_record_text(&x, "text"));
			continue;
		}
		const char *cols[] = {"claim", "study", "direction", "outcome", "measure", "estimate",
				      "ci_low", "ci_high", "n", "indirect"};
		for (int c = 0; c < 10; c++)
			ev_table_add(t, ev_value_format(&x, ev_field_index(EV_LINK, cols[c]), buf, sizeof buf));
		if (raw) {
			struct ev_buf b = EV_BUF_INIT;
			ev_table_add(t, raw_text(&x, &b));
			ev_buf_free(&b);
		}
	}
	ev_table_print(o, t);
	ev_table_free(t);
	rc = EV_OK;
done:
	ev_record_free(&r);
	ev_record_free(&x);
	ev_ids_free(&ids);
	return rc;
}

const struct ev_cmd ev_cmd_show = {
	.name = "show",
	.summary = "print one study, claim or article with everything linked to it",
	.usage = "  evidence show study|claim|article KEY [--format FORMAT]",
	.help = "Prints every field of the record (as in the import format), then its links:\n"
		"for a study, the claims it bears on; for a claim, its studies; for an\n"
		"article, its claims in order.\n"
		"\n"
		"Examples:\n"
		"  evidence show study knapen-2015\n"
		"  evidence show claim mk7-no-cac-benefit --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.kind_word = EV_KIND_OPERAND,
	.min_operands = 2,
	.max_operands = 2,
	.missing = "give a kind (study, claim, article) and a key",
	.resolve = EV_RESOLVE_KIND,
	.run = cmd_show,
};
