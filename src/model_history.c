/*
 * model_history.c: reading what the history triggers recorded.
 *
 * Rows of a change set are grouped by the row they changed, in the order
 * the rows were first touched, and fields in column order: a claim's
 * topics are recorded after its other columns (they live in another
 * table) but belong in third place, as in the import format.
 */
#include "model_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "util.h"

/* The rows to show come from `hit`: all history, or the rows about a key.
 * A key is followed through renames both ways (`log old-key` shows what
 * happened after the rename too), within its kind: a study and a claim
 * may share a key. The rows about a claim or a study include those of its
 * links. */
#define HIT_ALL "WITH hit AS (SELECT * FROM history)"
#define HIT_KEY                                                                                           \
	"WITH RECURSIVE names(kind, k) AS (VALUES ('article', ?1), ('study', ?1), ('claim', ?1) UNION "     \
	"SELECT n.kind, CASE WHEN h.old = n.k THEN h.key ELSE h.old END FROM names n JOIN history h ON "   \
	"h.field = 'key' AND h.action = 'edit' AND h.kind = n.kind AND (h.old = n.k OR h.key = n.k)), "    \
	"hit AS (SELECT * FROM history WHERE id IN (SELECT h.id FROM names n JOIN history h ON h.kind = "  \
	"n.kind AND h.key = n.k UNION SELECT h.id FROM names n JOIN history h ON n.kind = 'claim' AND "    \
	"h.kind = 'link' AND h.key = n.k UNION SELECT h.id FROM names n JOIN history h ON n.kind = "       \
	"'study' AND h.kind = 'link' AND h.study = n.k)) "
/* An addition is one row whose `new` is a JSON object of the added values
 * (field '*', see 005-faster-writes.sql); it is shown as one row per
 * value, like an edit. ?2 kind, ?3 the number of change sets (-1: all),
 * ?4 one change set. */
#define SELECT_ROWS                                                                                        \
	", fields AS (SELECT id, change_id, kind, key, study, outcome, action, field, old, new FROM hit "     \
	"WHERE field <> '*' UNION ALL SELECT h.id, h.change_id, h.kind, h.key, h.study, h.outcome, h.action, " \
	"j.key, NULL, j.value FROM hit h, json_each(h.new) j WHERE h.field = '*' AND j.value IS NOT NULL) "    \
	"SELECT h.change_id, c.at, c.who, c.command, h.kind, h.key, h.study, h.outcome, h.action, h.field, "  \
	"h.old, h.new, min(h.id) OVER (PARTITION BY h.change_id, h.kind, h.key, h.study, h.outcome), h.id "  \
	"FROM fields h LEFT JOIN changes c ON c.id = h.change_id WHERE (?2 IS NULL OR h.kind = ?2) AND "         \
	"(?4 = 0 OR h.change_id = ?4) AND h.change_id IN (SELECT DISTINCT change_id FROM hit WHERE (?2 IS "  \
	"NULL OR kind = ?2) AND (?4 = 0 OR change_id = ?4) ORDER BY change_id DESC LIMIT ?3) "

static const char all_sql[] = HIT_ALL SELECT_ROWS;
static const char key_sql[] = HIT_KEY SELECT_ROWS;

static const char *keep(struct ev_history *h, const char *s)
{
	if (!s)
		return NULL;
	if (h->nowned == h->capowned) {
		h->capowned = h->capowned ? h->capowned * 2 : 64;
		h->owned = ev_xrealloc(h->owned, (size_t)h->capowned * sizeof *h->owned);
	}
	return h->owned[h->nowned++] = ev_xstrdup(s);
}

static void read_value(sqlite3_stmt *st, int col, struct ev_hist_value *v)
{
	memset(v, 0, sizeof *v);
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		v->type = EV_V_INT;
		v->i = sqlite3_column_int64(st, col);
		break;
	case SQLITE_FLOAT:
		v->type = EV_V_REAL;
		v->d = sqlite3_column_double(st, col);
		break;
	case SQLITE_NULL:
		v->type = EV_V_NULL;
		break;
	default:
		v->type = EV_V_TEXT;
		v->s = ev_xstrdup(ev_col_text(st, col));
		break;
	}
}

static int by_order(const void *pa, const void *pb)
{
	const struct ev_hist_row *a = pa, *b = pb;
	if (a->change != b->change)
		return a->change > b->change ? -1 : 1;
	if (a->row_start != b->row_start) /* here: the row's first history id */
		return a->row_start < b->row_start ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int ev_history_read(struct ev_db *db, const struct ev_history_filter *f, struct ev_history *out)
{
	int rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ev_db_stmt(db, f->key ? key_sql : all_sql);
	if (!st)
		return -1;
	if (f->key)
		sqlite3_bind_text(st, 1, f->key, -1, SQLITE_STATIC);
	if (f->kind >= 0 && f->kind < EV_KIND_COUNT)
		sqlite3_bind_text(st, 2, ev_kind_names[f->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(st, 4, f->change);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = ev_xrealloc(out->v, (size_t)out->cap * sizeof *out->v);
		}
		struct ev_hist_row *r = &out->v[out->n];
		const struct ev_hist_row *prev = out->n ? &out->v[out->n - 1] : NULL;
		memset(r, 0, sizeof *r);
		r->change = sqlite3_column_int64(st, 0);
		if (prev && prev->change == r->change) {
			/* One copy of a change set's header for all its rows. */
			r->at = prev->at;
			r->who = prev->who;
			r->command = prev->command;
		} else {
			r->at = keep(out, ev_col_text(st, 1));
			r->who = keep(out, ev_col_text(st, 2));
			r->command = keep(out, ev_col_text(st, 3));
		}
		int kind = ev_lookup(ev_kind_names, ev_col_text(st, 4));
		r->kind = kind < 0 ? EV_KIND_COUNT : (enum ev_kind)kind;
		r->key = keep(out, ev_col_text(st, 5));
		r->study = keep(out, ev_col_text(st, 6));
		r->outcome = keep(out, ev_col_text(st, 7));
		r->action = keep(out, ev_col_text(st, 8));
		r->field = keep(out, ev_col_text(st, 9));
		read_value(st, 10, &r->old);
		read_value(st, 11, &r->new);
		r->row_start = (int)sqlite3_column_int64(st, 12);
		r->id = sqlite3_column_int64(st, 13);
		r->order = r->kind < EV_KIND_COUNT ? ev_field_index(r->kind, r->field) : 0;
		out->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (out->n)
		qsort(out->v, (size_t)out->n, sizeof *out->v, by_order);
	/* row_start held the row's first history id for sorting; now the
	 * index of the row's first field in the list. */
	for (int i = 0; i < out->n; i++) {
		struct ev_hist_row *r = &out->v[i], *p = i ? &out->v[i - 1] : NULL;
		int same = p && p->change == r->change && p->kind == r->kind && strcmp(p->key, r->key) == 0 &&
			   (p->study == r->study || (p->study && r->study && strcmp(p->study, r->study) == 0)) &&
			   (p->outcome == r->outcome ||
			    (p->outcome && r->outcome && strcmp(p->outcome, r->outcome) == 0));
		r->row_start = same ? p->row_start : i;
	}
	return 0;
}

void ev_history_free(struct ev_history *h)
{
	for (int i = 0; i < h->n; i++) {
		free(h->v[i].old.s);
		free(h->v[i].new.s);
	}
	for (int i = 0; i < h->nowned; i++)
		free(h->owned[i]);
	free(h->owned);
	free(h->v);
	memset(h, 0, sizeof *h);
}

const char *ev_hist_value_text(const struct ev_hist_row *r, const struct ev_hist_value *v, char *buf, size_t size)
{
	int n;
	const struct ev_field *f = r->kind < EV_KIND_COUNT ? ev_fields(r->kind, &n) : NULL;
	int idx = f ? ev_field_index(r->kind, r->field) : -1;
	switch (v->type) {
	case EV_V_TEXT:
		return v->s;
	case EV_V_INT:
		if (idx >= 0 && f[idx].type == EV_F_YESNO)
			return v->i ? "yes" : "no";
		snprintf(buf, size, "%lld", (long long)v->i);
		return buf;
	case EV_V_REAL:
		return ev_fmt_exact(buf, size, v->d); /* as ev_value_format */
	default:
		return NULL;
	}
}

int ev_history_keys(struct ev_db *db, char ***keys, size_t *n)
{
	static const char sql[] = "SELECT DISTINCT key FROM history UNION SELECT DISTINCT study FROM history "
				  "WHERE study IS NOT NULL";
	size_t cap = 0;
	int rc;
	*keys = NULL;
	*n = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	while ((rc = ev_db_step(db, st, "listing keys")) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*keys = ev_xrealloc(*keys, cap * sizeof **keys);
		}
		(*keys)[(*n)++] = ev_xstrdup(ev_col_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
