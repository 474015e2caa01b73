/*
 * cmd_search.c: `evidence search TEXT` finds studies and claims by the
 * words in them: studies' titles, authors, notes and keys, claims' text,
 * quotes, notes and keys. The full-text index (FTS5) ranks hits by bm25,
 * and each hit shows the passage that matched. What the user types is
 * taken as words, phrases and prefixes only (search.c), so no input is an
 * FTS5 syntax error and none reaches SQL except as a bound value.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_search.h"
#include "search.h"
#include "util.h"

#define DEFAULT_LIMIT 20

struct opts {
	enum ev_kind kind;
	int64_t limit;
};

enum { OPT_KIND = 0x2000, OPT_LIMIT };

/* Every kind, the first DEFAULT_LIMIT hits. */
static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct opts *o = state;
	(void)kind;
	(void)options;
	(void)ctx;
	o->kind = EV_KIND_COUNT;
	o->limit = DEFAULT_LIMIT;
	return 0;
}

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	struct opts *o = state;
	switch (val) {
	case OPT_KIND:
		if (strcmp(arg, "study") == 0 || strcmp(arg, "studies") == 0)
			o->kind = EV_STUDY;
		else if (strcmp(arg, "claim") == 0 || strcmp(arg, "claims") == 0)
			o->kind = EV_CLAIM;
		else
			return ev_usage_error(ctx, "--kind: '%s' is not one of study, claim", arg);
		return 0;
	case 'n':
	case OPT_LIMIT: {
		int64_t n;
		const char *msg;
		if (ev_parse_int(arg, strlen(arg), &n, &msg) || n < 1)
			return ev_usage_error(ctx, "--limit: '%s' is not a positive number of hits", arg);
		o->limit = n;
		return 0;
	}
	default:
		return EV_USAGE;
	}
}

struct hits {
	struct ev_out *out;
	struct ev_table *t;
	json_t *arr;
	struct ev_buf b;
};

/* The snippet with the matches marked as the format shows them. */
static const char *marked(struct hits *h, const char *s)
{
	const char *open = h->out->fmt == EV_FMT_MARKDOWN ? "**" : "[";
	const char *close = h->out->fmt == EV_FMT_MARKDOWN ? "**" : "]";
	ev_buf_reset(&h->b);
	for (; s && *s; s++) {
		if (*s == EV_MARK_OPEN)
			ev_buf_adds(&h->b, open);
		else if (*s == EV_MARK_CLOSE)
			ev_buf_adds(&h->b, close);
		else
			ev_buf_addc(&h->b, *s);
	}
	return ev_buf_str(&h->b);
}

static int on_hit(void *ud, const struct ev_hit *hit)
{
	struct hits *h = ud;
	if (h->arr) {
		char score[32];
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(ev_kind_names[hit->kind]));
		json_object_set_new(o, "key", ev_json_text(hit->key));
		json_object_set_new(o, "field", json_string(hit->field));
		json_object_set_new(o, "snippet", ev_json_text(marked(h, hit->snippet)));
		json_object_set_new(o, hit->kind == EV_STUDY ? "title" : "text", ev_json_text(hit->heading));
		json_object_set_new(o, "score", json_real(strtod(ev_fmt_num(score, sizeof score, hit->score, 4), NULL)));
		json_array_append_new(h->arr, o);
		return 0;
	}
	ev_table_add(h->t, ev_kind_names[hit->kind]);
	ev_table_add(h->t, hit->key);
	ev_table_add(h->t, hit->field);
	ev_table_add(h->t, marked(h, hit->snippet));
	return 0;
}

static int cmd_search(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"kind", "key", "field", "match"};
	const struct opts *o = state;
	struct ev_buf text = EV_BUF_INIT, query = EV_BUF_INIT;
	struct hits h = {&ctx->out, NULL, NULL, EV_BUF_INIT};
	int rc = EV_FAIL;
	int64_t total = 0;
	/* Several operands are one text: `evidence search arterial stiffness`. */
	for (int i = 0; i < a->n; i++)
		ev_buf_addf(&text, "%s%s", i ? " " : "", a->v[i]);
	if (ev_model_search_catch_up(&ctx->db) < 0)
		goto done;
	if (ev_search_query(ev_buf_str(&text), ev_model_search_tokens, &ctx->db, &query) == 0) {
		ev_error("'%s' has nothing to search for: give words with letters or digits", ev_buf_str(&text));
		goto done;
	}
	if (ctx->out.fmt == EV_FMT_JSON)
		h.arr = json_array();
	else
		h.t = ev_table_new(4, headers);
	if (h.t)
		ev_table_style(h.t, 3, EV_CELL_SHRINK);
	if (ev_model_search(&ctx->db, ev_buf_str(&query), o->kind, o->limit, on_hit, &h, &total))
		goto done;
	if (h.arr)
		ev_out_json(&ctx->out, h.arr);
	else if (total > 0 || ctx->out.fmt == EV_FMT_CSV || ctx->out.fmt == EV_FMT_TSV)
		ev_table_print(&ctx->out, h.t);
	if (total == 0)
		ev_note("no matches for '%s'", ev_buf_str(&text));
	else if (total > o->limit)
		ev_note("%lld of %lld matches shown (--limit N shows more)", (long long)o->limit, (long long)total);
	rc = EV_OK;
done:
	ev_table_free(h.t);
	json_decref(h.arr);
	ev_buf_free(&h.b);
	ev_buf_free(&text);
	ev_buf_free(&query);
	return rc;
}

static const struct option search_options[] = {
	{"kind", required_argument, NULL, OPT_KIND},
	{"limit", required_argument, NULL, OPT_LIMIT},
	{NULL, 0, NULL, 0},
};

const struct ev_cmd ev_cmd_search = {
	.name = "search",
	.summary = "find studies and claims by the words in them, best match first",
	.usage = "  evidence search [--kind study|claim] [--limit N] [--format FORMAT] TEXT...",
	.help = "Searches studies (title, authors, notes, key) and claims (text, quote, notes,\n"
		"key) and lists the hits best first (bm25), each with the passage that matched,\n"
		"[marked]. Every word must match, in any order and any case; accents are\n"
		"ignored (muller finds Müller). \"Quoted words\" must appear together, in order;\n"
		"a word ending in * matches as a prefix (calcif* finds calcification). Any\n"
		"other punctuation, and words like AND, OR, NOT and NEAR, are searched for as\n"
		"text, never obeyed. See docs/search.md.\n"
		"\n"
		"Options:\n"
		"  --kind KIND          only studies or only claims (study, claim)\n"
		"  -n, --limit N        show at most N hits (default 20)\n"
		"\n"
		"Examples:\n"
		"  evidence search arterial stiffness\n"
		"  evidence search --kind study '\"coronary artery\" calcif*' --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = search_options,
	.shortopts = "n:",
	.option = on_opt,
	.state_size = sizeof(struct opts),
	.init = init,
	.min_operands = 1,
	.max_operands = -1,
	.missing = "what should be searched for?",
	.run = cmd_search,
};
