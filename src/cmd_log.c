/*
 * cmd_log.c: `evidence log [KEY]` shows the change history, newest first:
 * for each command that changed the database (import, add, link, edit,
 * rm), when it ran, who ran it, the command line, and every field of every
 * record it changed, with the old and the new value.
 *
 * The table and markdown formats group the fields under their command, as
 * `git log` does; csv and tsv give one row per field with the command's
 * details repeated, for spreadsheets and scripts; json nests fields in
 * records in commands, with values typed as in `show --format json`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "domain.h"
#include "model_history.h"
#include "util.h"

enum { OPT_KIND = 0x3000, OPT_LIMIT, OPT_FIELDS };

struct log {
	struct ev_history_filter f;
	int fields; /* --fields */
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct log *l = ud;
	switch (val) {
	case OPT_KIND: {
		int k = ev_kind_word(arg);
		if (k < 0)
			return ev_usage_error(ctx, "--kind: '%s' is not one of study, claim, article, link%s", arg,
					      ev_cli_kind_hint(arg, 1));
		l->f.kind = k;
		return 0;
	}
	case OPT_LIMIT: {
		int64_t n;
		const char *msg;
		if (ev_parse_int(arg, strlen(arg), &n, &msg) || n < 1)
			return ev_usage_error(ctx, "--limit: '%s' is not a positive integer", arg);
		l->f.limit = n;
		return 0;
	}
	case OPT_FIELDS:
		l->fields = 1;
		return 0;
	default:
		return EV_USAGE;
	}
}

/* The row a history entry is about, as tables show it. */
static const char *row_name(const struct ev_hist_row *r, struct ev_buf *b)
{
	ev_buf_reset(b);
	if (r->kind == EV_LINK) {
		ev_buf_addf(b, "%s -> %s", r->key, r->study ? r->study : "");
		if (r->outcome && *r->outcome)
			ev_buf_addf(b, " (%s)", r->outcome);
	} else {
		ev_buf_adds(b, r->key);
	}
	return ev_buf_str(b);
}

static json_t *value_json(const struct ev_hist_row *r, const struct ev_hist_value *v)
{
	int n;
	switch (v->type) {
	case EV_V_INT: {
		int idx = r->kind < EV_KIND_COUNT ? ev_field_index(r->kind, r->field) : -1;
		if (idx >= 0 && ev_fields(r->kind, &n)[idx].type == EV_F_YESNO)
			return json_boolean(v->i);
		return json_integer(v->i);
	}
	case EV_V_REAL:
		return json_real(v->d);
	case EV_V_TEXT:
		return ev_json_text(v->s);
	default:
		return json_null();
	}
}

static void print_json(struct ev_out *o, const struct ev_history *h)
{
	json_t *doc = json_array(), *change = NULL, *records = NULL, *fields = NULL;
	for (int i = 0; i < h->n; i++) {
		const struct ev_hist_row *r = &h->v[i];
		if (!change || r->change != h->v[i - 1].change) {
			change = json_object();
			records = json_array();
			json_object_set_new(change, "change", json_integer(r->change));
			json_object_set_new(change, "at", r->at ? json_string(r->at) : json_null());
			json_object_set_new(change, "who", r->who ? ev_json_text(r->who) : json_null());
			json_object_set_new(change, "command", r->command ? ev_json_text(r->command) : json_null());
			json_object_set_new(change, "records", records);
			json_array_append_new(doc, change);
		}
		if (r->row_start == i) {
			json_t *rec = json_object();
			json_object_set_new(rec, "kind", json_string(r->kind < EV_KIND_COUNT ? ev_kind_names[r->kind] : "?"));
			if (r->kind == EV_LINK) {
				json_object_set_new(rec, "claim", ev_json_text(r->key));
				json_object_set_new(rec, "study", ev_json_text(r->study ? r->study : ""));
				json_object_set_new(rec, "outcome",
						    r->outcome && *r->outcome ? ev_json_text(r->outcome) : json_null());
			} else {
				json_object_set_new(rec, "key", ev_json_text(r->key));
			}
			json_object_set_new(rec, "action", json_string(r->action));
			fields = json_object();
			json_object_set_new(rec, "fields", fields);
			json_array_append_new(records, rec);
		}
		json_t *fv = json_object();
		json_object_set_new(fv, "old", value_json(r, &r->old));
		json_object_set_new(fv, "new", value_json(r, &r->new));
		json_object_set_new(fields, r->field, fv);
	}
	ev_out_json(o, doc);
	json_decref(doc);
}

/* The last four columns of both table forms: what was done to which
 * field, and its values before and after. */
static void add_change_cells(struct ev_table *t, const struct ev_hist_row *r)
{
	char a[64], b[64];
	ev_table_add(t, r->action);
	ev_table_add(t, r->field);
	ev_table_add(t, ev_hist_value_text(r, &r->old, a, sizeof a));
	ev_table_add(t, ev_hist_value_text(r, &r->new, b, sizeof b));
}

static void print_flat(struct ev_out *o, const struct ev_history *h)
{
	static const char *const headers[] = {"change", "at",	  "who",    "command", "kind", "key",
					      "study",	"outcome", "action", "field",   "old",  "new"};
	struct ev_table *t = ev_table_new(12, headers);
	for (int i = 0; i < h->n; i++) {
		const struct ev_hist_row *r = &h->v[i];
		ev_table_add_int(t, r->change);
		ev_table_add(t, r->at);
		ev_table_add(t, r->who);
		ev_table_add(t, r->command);
		ev_table_add(t, r->kind < EV_KIND_COUNT ? ev_kind_names[r->kind] : "?");
		ev_table_add(t, r->key);
		ev_table_add(t, r->study);
		ev_table_add(t, r->outcome);
		add_change_cells(t, r);
	}
	ev_table_print(o, t);
	ev_table_free(t);
}

/* A command's heading and its command line, as both table forms show it. */
static void change_heading(struct ev_out *o, int64_t id, const char *at, const char *who, const char *command)
{
	ev_out_heading(o, 2, "change %lld  %s  %s", (long long)id, at ? at : "(uncommitted)", who ? who : "");
	if (o->fmt == EV_FMT_MARKDOWN)
		ev_out_line(o, "`%s`", command ? command : "");
	else
		ev_out_line(o, "%s", command ? command : "");
}

static void print_grouped(struct ev_out *o, const struct ev_history *h)
{
	static const char *const headers[] = {"kind", "key", "action", "field", "old", "new"};
	struct ev_buf name = EV_BUF_INIT;
	for (int i = 0; i < h->n;) {
		const struct ev_hist_row *c = &h->v[i];
		change_heading(o, c->change, c->at, c->who, c->command);
		struct ev_table *t = ev_table_new(6, headers);
		ev_table_style(t, 1, EV_CELL_SHRINK);
		ev_table_style(t, 4, EV_CELL_SHRINK);
		ev_table_style(t, 5, EV_CELL_SHRINK);
		for (; i < h->n && h->v[i].change == c->change; i++) {
			const struct ev_hist_row *r = &h->v[i];
			ev_table_add(t, r->kind < EV_KIND_COUNT ? ev_kind_names[r->kind] : "?");
			ev_table_add(t, row_name(r, &name));
			add_change_cells(t, r);
		}
		ev_table_print(o, t);
		ev_table_free(t);
	}
	ev_buf_free(&name);
}

/* "28 studies", "1 link", "200,000 studies" */
static void add_count(struct ev_buf *b, int64_t n, enum ev_kind k, int *first)
{
	static const char *const plural[] = {"articles", "studies", "claims", "links"};
	char num[32];
	if (!n)
		return;
	ev_buf_addf(b, "%s%s %s", *first ? "" : ", ", ev_fmt_count(num, sizeof num, n), n == 1 ? ev_kind_names[k] : plural[k]);
	*first = 0;
}

/* One action's counts ("added 1 article, 28 studies"), after "; " when
 * something came before. */
static void add_action(struct ev_buf *b, const char *verb, const int64_t *counts)
{
	int first = 1;
	for (int k = 0; k < EV_KIND_COUNT; k++)
		if (counts[k]) {
			if (first)
				ev_buf_addf(b, "%s%s ", b->len ? "; " : "", verb);
			add_count(b, counts[k], (enum ev_kind)k, &first);
		}
}

/* A change set in summary: its heading, its command line and what it did
 * in one line, as `git log --stat` sums up a commit. */
static int print_summary(void *ud, int64_t id, const char *at, const char *who, const char *command,
			 const struct ev_change_counts *c)
{
	struct ev_out *o = ud;
	struct ev_buf b = EV_BUF_INIT;
	change_heading(o, id, at, who, command);
	add_action(&b, "added", c->added);
	size_t before = b.len;
	add_action(&b, "edited", c->edited);
	if (b.len > before) {
		char num[32];
		ev_buf_addf(&b, " (%s field%s)", ev_fmt_count(num, sizeof num, c->edited_fields),
			    c->edited_fields == 1 ? "" : "s");
	}
	add_action(&b, "removed", c->removed);
	ev_out_line(o, "%s", b.len ? ev_buf_str(&b) : "no records changed");
	ev_buf_free(&b);
	return 0;
}

/* No history for KEY: say so, with the nearest key that has some (when
 * the key has history, the --kind filter left nothing). */
static int warn_no_history(struct ev_db *db, const char *key, int kind)
{
	char **keys = NULL;
	size_t n = 0;
	int rc = ev_history_keys(db, &keys, &n), known = 0;
	for (size_t i = 0; rc == 0 && i < n && !known; i++)
		known = strcmp(keys[i], key) == 0;
	const char *near = rc == 0 && !known ? ev_suggest(key, (const char *const *)keys, n) : NULL;
	if (known && kind >= 0)
		ev_warn("no changes of a %s recorded for '%s'", ev_kind_names[kind], key);
	else if (near)
		ev_warn("no changes recorded for '%s'; did you mean '%s'?", key, near);
	else if (rc == 0)
		ev_warn("no changes recorded for '%s'", key);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

static const struct option log_opts[] = {
	{"kind", required_argument, NULL, OPT_KIND},
	{"limit", required_argument, NULL, OPT_LIMIT},
	{"fields", no_argument, NULL, OPT_FIELDS},
	{NULL, 0, NULL, 0},
};

static int init_log(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct log *l = state;
	(void)kind;
	(void)options;
	(void)ctx;
	l->f.kind = -1;
	return 0;
}

static int cmd_log(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct log *l = state;
	struct ev_history h = {0};
	int rc = EV_FAIL;
	l->f.key = a->n ? a->v[0] : NULL;
	/* The whole database's log, read by people: one summary per command
	 * unless --fields asks for every field. An import of 200,000 studies
	 * is one line here instead of millions, and its rows are counted, not
	 * read. With KEY, or in csv, tsv and json, every field, as always. */
	if (!l->f.key && !l->fields && (ctx->out.fmt == EV_FMT_TABLE || ctx->out.fmt == EV_FMT_MARKDOWN))
		return ev_history_summaries(&ctx->db, l->f.kind, l->f.limit, print_summary, &ctx->out) ? EV_FAIL : EV_OK;
	if (ev_history_read(&ctx->db, &l->f, &h))
		goto done;
	if (!h.n && l->f.key && warn_no_history(&ctx->db, l->f.key, l->f.kind))
		goto done;
	switch (ctx->out.fmt) {
	case EV_FMT_JSON:
		print_json(&ctx->out, &h);
		break;
	case EV_FMT_CSV:
	case EV_FMT_TSV:
		print_flat(&ctx->out, &h);
		break;
	default:
		print_grouped(&ctx->out, &h);
	}
	rc = EV_OK;
done:
	ev_history_free(&h);
	return rc;
}

const struct ev_cmd ev_cmd_log = {
	.name = "log",
	.summary = "show what changed, when, who did it and with which command",
	.usage = "  evidence log [KEY] [--kind study|claim|article|link] [--limit N] [--fields] [--format FORMAT]",
	.help = "Lists the commands that changed the database, newest first, each with the\n"
		"time (UTC), the user, the command line and every field it changed (old and\n"
		"new values; an added record has no old values, a removed one no new ones).\n"
		"Imports, add, link, edit and rm are all recorded; a command that changed\n"
		"nothing, or failed, leaves no trace. KEY keeps the changes of that study,\n"
		"claim or article (and of the links of a study or claim); a renamed record is\n"
		"found by its old key too. csv and tsv give one row per field; json nests the\n"
		"fields in records in commands.\n"
		"\n"
		"Without KEY the table and markdown formats sum each command up in one line\n"
		"(\"added 1 article, 28 studies, 16 claims, 38 links\"); --fields lists every\n"
		"field instead.\n"
		"\n"
		"Options:\n"
		"  --kind KIND          only studies, claims, articles or links\n"
		"  --limit N            only the N most recent commands (that match)\n"
		"  --fields             every field of every command, also without KEY\n"
		"\n"
		"Examples:\n"
		"  evidence log --limit 3\n"
		"  evidence log knapen-2015\n"
		"  evidence log --kind link --limit 5 --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = log_opts,
	.option = on_opt,
	.state_size = sizeof(struct log),
	.init = init_log,
	.max_operands = 1,
	.run = cmd_log,
};
