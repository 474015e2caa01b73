/*
 * cmd_diff.c: `evidence diff --since DATE|CHANGE` answers "what changed
 * in the verdicts since last week?": each claim whose verdict or
 * certainty differs between then and now, with the recorded commands
 * that changed it, its links or the studies it cites.
 *
 * "Then" is rebuilt from the history (model_history.c): a temporary copy
 * of the database with every change set since the point reverted, as
 * `evidence undo --to` would, and never committed. Both states are graded
 * by the same code (ev_assess), so a difference is a difference in the
 * data, not in how it was read. See docs/history.md.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "model.h"
#include "model_history.h"
#include "model_keys.h"
#include "util.h"

enum { OPT_SINCE = 0x3000 };

struct diff {
	const char *since;
	int by_change;  /* --since CHANGE, else DATE */
	int64_t change; /* CHANGE */
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	(void)ctx;
	struct diff *d = ud;
	if (val != OPT_SINCE)
		return EV_USAGE;
	d->since = arg;
	return 0;
}

/* Claim keys, sorted and unique across both states. */
struct keys {
	char **v;
	int n, cap;
};

static int add_key(void *ud, const char *key, const char *label)
{
	struct keys *k = ud;
	(void)label;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->v = ev_xrealloc(k->v, (size_t)k->cap * sizeof *k->v);
	}
	k->v[k->n++] = ev_xstrdup(key);
	return 0;
}

static int by_key(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A claim's grade in one state: found (0 when the claim is not there). */
struct state {
	int found;
	enum ev_verdict verdict;
	int certainty;
};

static int grade_in(struct ev_db *db, const char *key, struct state *s, json_t *studies)
{
	int64_t id;
	struct ev_assessment a;
	memset(s, 0, sizeof *s);
	int f = ev_model_find(db, EV_CLAIM, key, &id);
	if (f <= 0)
		return f;
	memset(&a, 0, sizeof a);
	if (ev_assess(db, id, &a)) {
		ev_assessment_free(&a);
		return -1;
	}
	s->found = 1;
	s->verdict = a.grade.verdict;
	s->certainty = a.grade.certainty;
	for (int i = 0; i < a.links.n; i++)
		json_array_append_new(studies, json_string(a.links.v[i].study));
	ev_assessment_free(&a);
	return 0;
}

static const char *state_text(const struct state *s, char *buf, size_t size)
{
	if (!s->found)
		return "(no claim)";
	if (!s->certainty)
		return ev_verdict_names[s->verdict];
	snprintf(buf, size, "%s, %s", ev_verdict_names[s->verdict], ev_certainty_name(s->certainty));
	return buf;
}

static json_t *state_json(const struct state *s)
{
	if (!s->found)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "verdict", json_string(ev_verdict_names[s->verdict]));
	json_object_set_new(o, "certainty", s->certainty ? json_string(ev_certainty_name(s->certainty)) : json_null());
	return o;
}

struct why {
	struct ev_buf text;
	json_t *json;
};

static int add_why(void *ud, int64_t id, const char *at, const char *who, const char *command)
{
	struct why *w = ud;
	ev_buf_addf(&w->text, "%s%lld: %s", w->text.len ? "; " : "", (long long)id, command);
	json_t *o = json_object();
	json_object_set_new(o, "change", json_integer(id));
	json_object_set_new(o, "at", ev_json_text(at));
	json_object_set_new(o, "who", ev_json_text(who));
	json_object_set_new(o, "command", ev_json_text(command));
	json_array_append_new(w->json, o);
	return 0;
}

/* --since: a change number, or a date (YYYY-MM-DD, optionally with the
 * time as history records it). */
static int is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	for (int i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return s[10] == '\0' || s[10] == 'T';
}

static const struct option diff_opts[] = {
	{"since", required_argument, NULL, OPT_SINCE},
	{NULL, 0, NULL, 0},
};

/* --since is required and must be a date or a change number: usage
 * errors, said before the database is opened. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct diff *d = state;
	const char *msg;
	(void)a;
	if (!d->since)
		return ev_usage_error(ctx, "since when? give --since DATE (YYYY-MM-DD) or --since CHANGE");
	d->by_change = ev_parse_int(d->since, strlen(d->since), &d->change, &msg) == 0;
	if ((d->by_change && d->change < 0) || (!d->by_change && !is_date(d->since)))
		return ev_usage_error(ctx, "--since: '%s' is neither a date (YYYY-MM-DD) nor a change number", d->since);
	return 0;
}

static int cmd_diff(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"claim", "then", "now", "changed by"};
	const struct diff *d = state;
	struct keys keys = {NULL, 0, 0};
	struct ev_db past;
	char *past_path = NULL;
	struct ev_table *t = NULL;
	json_t *out = NULL;
	int rc = EV_FAIL, past_open = 0, rows = 0;
	int64_t from = 0;

	(void)a;
	memset(&past, 0, sizeof past);
	struct ev_db *db = &ctx->db;
	if (d->by_change) {
		int r = d->change ? ev_history_has_change(db, d->change) : 1;
		if (r <= 0) {
			if (r == 0)
				ev_error("--since: no change %lld is recorded (see 'evidence log')", (long long)d->change);
			goto done;
		}
		from = d->change + 1;
	} else if (ev_history_first_since(db, d->since, &from)) {
		goto done;
	}

	past_open = 1;
	if (ev_history_past_open(db, from, &past, &past_path))
		goto done;
	if (ev_model_keys(db, EV_CLAIM, "", add_key, &keys) || ev_model_keys(&past, EV_CLAIM, "", add_key, &keys))
		goto done;
	if (keys.n)
		qsort(keys.v, (size_t)keys.n, sizeof *keys.v, by_key);

	if (ctx->out.fmt == EV_FMT_JSON) {
		out = json_array();
	} else {
		t = ev_table_new(4, headers);
		ev_table_style(t, 1, EV_CELL_GRADE);
		ev_table_style(t, 2, EV_CELL_GRADE);
		ev_table_style(t, 3, EV_CELL_WRAP);
	}
	for (int i = 0; i < keys.n; i++) {
		if (i && strcmp(keys.v[i], keys.v[i - 1]) == 0)
			continue;
		struct state then, now;
		json_t *studies = json_array();
		if (grade_in(&past, keys.v[i], &then, studies) < 0 || grade_in(db, keys.v[i], &now, studies) < 0) {
			json_decref(studies);
			goto done;
		}
		if (then.found == now.found && then.verdict == now.verdict && then.certainty == now.certainty) {
			json_decref(studies);
			continue;
		}
		struct why w = {EV_BUF_INIT, json_array()};
		char *list = json_dumps(studies, JSON_COMPACT);
		json_decref(studies);
		int r = ev_history_touching(db, from, keys.v[i], list, add_why, &w);
		free(list);
		if (r) {
			ev_buf_free(&w.text);
			json_decref(w.json);
			goto done;
		}
		rows++;
		if (out) {
			json_t *o = json_object();
			json_object_set_new(o, "claim", json_string(keys.v[i]));
			json_object_set_new(o, "then", state_json(&then));
			json_object_set_new(o, "now", state_json(&now));
			json_object_set_new(o, "changes", w.json);
			json_array_append_new(out, o);
		} else {
			char b1[64], b2[64]; /* a verdict and a certainty word */
			ev_table_add(t, keys.v[i]);
			ev_table_add(t, state_text(&then, b1, sizeof b1));
			ev_table_add(t, state_text(&now, b2, sizeof b2));
			ev_table_add(t, ev_buf_str(&w.text));
			json_decref(w.json);
		}
		ev_buf_free(&w.text);
	}
	if (out)
		ev_out_json(&ctx->out, out);
	else if (rows)
		ev_table_print(&ctx->out, t);
	else
		ev_out_line(&ctx->out, "No claim changed verdict or certainty since %s%s.", d->by_change ? "change " : "",
			    d->since);
	rc = EV_OK;
done:
	if (past_open)
		ev_history_past_close(&past, past_path);
	for (int i = 0; i < keys.n; i++)
		free(keys.v[i]);
	free(keys.v);
	if (t)
		ev_table_free(t);
	json_decref(out);
	return rc;
}

const struct ev_cmd ev_cmd_diff = {
	.name = "diff",
	.summary = "which claims changed verdict or certainty since a date or change",
	.usage = "  evidence diff --since DATE|CHANGE [--format FORMAT]",
	.help = "Lists each claim whose verdict or certainty differs between then and now,\n"
		"with both, and the recorded commands since then that changed the claim, its\n"
		"links or the studies it cites ('evidence log' shows them in full). Then is\n"
		"the start of DATE (UTC, YYYY-MM-DD) or the moment right after change set\n"
		"CHANGE; it is rebuilt from the history, in a temporary copy of the database\n"
		"with every later command reverted (as 'evidence undo --to' would), and graded\n"
		"by the same rule as now. A claim added or removed since shows '(no claim)' on\n"
		"the side it is missing from.\n"
		"\n"
		"Options:\n"
		"  --since DATE|CHANGE  compare with the database at the start of DATE, or\n"
		"                       right after change set CHANGE\n"
		"\n"
		"Examples:\n"
		"  evidence diff --since 2026-11-01\n"
		"  evidence diff --since 1 --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMT_BIT(EV_FMT_TABLE) | EV_FMT_BIT(EV_FMT_JSON),
	.options = diff_opts,
	.option = on_opt,
	.state_size = sizeof(struct diff),
	.check = check,
	.run = cmd_diff,
};
