/*
 * model_history.c: reading what the history triggers recorded.
 *
 * Rows of a change set are grouped by the row they changed, in the order
 * the rows were first touched, and fields in column order: a claim's
 * topics are recorded after its other columns (they live in another
 * table) but belong in third place, as in the import format.
 */
#include "model_history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain.h"
#include "model.h"
#include "model_curate.h"
#include "util.h"

/* The rows to show come from `hit`: all history, or the rows about a key.
 * A key is followed through renames both ways (`log old-key` shows what
 * happened after the rename too), within its kind: a study and a claim
 * may share a key. The rows about a claim or a study include those of its
 * links. */
#define HIT_ALL "WITH hit AS (SELECT * FROM history_full)"
#define HIT_KEY                                                                                           \
	"WITH RECURSIVE names(kind, k) AS (VALUES ('article', ?1), ('study', ?1), ('claim', ?1) UNION "     \
	"SELECT n.kind, CASE WHEN h.old = n.k THEN h.key ELSE h.old END FROM names n JOIN history h ON "   \
	"h.field = 'key' AND h.action = 'edit' AND h.kind = n.kind AND (h.old = n.k OR h.key = n.k)), "    \
	"hit AS (SELECT * FROM history_full WHERE id IN (SELECT h.id FROM names n JOIN history h ON h.kind = "  \
	"n.kind AND h.key = n.k UNION SELECT h.id FROM names n JOIN history h ON n.kind = 'claim' AND "    \
	"h.kind = 'link' AND h.key = n.k UNION SELECT h.id FROM names n JOIN history h ON n.kind = "       \
	"'study' AND h.kind = 'link' AND h.study = n.k)) "
/* An addition is one row whose `new` (read through history_full) is a JSON
 * object of the added values (field '*', see 005-faster-writes.sql and
 * 010-additions-as-events.sql); it is shown as one row per
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
/* One change set, briefly: the first row of each row's addition or
 * removal, without values (field '*' stays one row), and every edited
 * field. A removal is recorded one row per field, and an addition is
 * shown as its values: an undo of an import of 100,000 studies held all
 * of them to say "removed study '...'" once a row. The row's first
 * history id is taken over all its rows, as in SELECT_ROWS. ?4 the
 * change set. */
static const char brief_sql[] =
	"WITH hit AS (SELECT *, min(id) OVER (PARTITION BY kind, key, study, outcome, action) AS first FROM history "
	"WHERE change_id = ?4) SELECT h.change_id, c.at, c.who, c.command, h.kind, h.key, h.study, h.outcome, "
	"h.action, h.field, CASE WHEN h.action = 'edit' THEN h.old END, CASE WHEN h.action = 'edit' THEN h.new END, "
	"min(h.id) OVER (PARTITION BY h.kind, h.key, h.study, h.outcome), h.id FROM hit h LEFT JOIN changes c ON "
	"c.id = h.change_id WHERE h.action = 'edit' OR h.id = h.first";

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
	sqlite3_stmt *st = ev_db_stmt(db, f->brief ? brief_sql : f->key ? key_sql : all_sql);
	if (!st)
		return -1;
	if (!f->brief) {
		if (f->key)
			sqlite3_bind_text(st, 1, f->key, -1, SQLITE_STATIC);
		if (f->kind >= 0 && f->kind < EV_KIND_COUNT)
			sqlite3_bind_text(st, 2, ev_kind_names[f->kind], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, f->limit > 0 ? f->limit : -1);
	}
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

/* ---- undo ------------------------------------------------------------ */

int ev_history_latest(struct ev_db *db, int64_t n, int64_t *from)
{
	static const char sql[] = "SELECT min(id), count(*) FROM (SELECT id FROM changes ORDER BY id DESC LIMIT ?1)";
	int rc, found = -1;
	*from = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, n);
	if ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		*from = sqlite3_column_int64(st, 0);
		found = sqlite3_column_int64(st, 1) == n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? found : -1;
}

int ev_history_changes(struct ev_db *db, int64_t from, int64_t only, ev_change_fn fn, void *ud)
{
	/* Two statements, so that each is a search of the primary key. */
	static const char from_sql[] = "SELECT id, at, who, command FROM changes WHERE id >= ?1 ORDER BY id DESC";
	static const char only_sql[] = "SELECT id, at, who, command FROM changes WHERE id = ?1";
	int rc;
	sqlite3_stmt *st = ev_db_stmt(db, only ? only_sql : from_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, only ? only : from);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW)
		if (fn(ud, sqlite3_column_int64(st, 0), ev_col_text(st, 1), ev_col_text(st, 2), ev_col_text(st, 3)))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The counts of change set `id` (of `kind` only when kind >= 0). The
 * inner query makes one row per record and action (an addition is one
 * history row since migration 005, an edit or removal one per field). */
static int change_counts(struct ev_db *db, int64_t id, int kind, struct ev_change_counts *c)
{
	static const char sql[] =
		"SELECT kind, action, count(*), sum(n) FROM (SELECT kind, action, count(*) AS n FROM history "
		"WHERE change_id = ?1 AND (?2 IS NULL OR kind = ?2) GROUP BY kind, key, study, outcome, action) "
		"GROUP BY kind, action";
	int rc;
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (kind >= 0)
		sqlite3_bind_text(st, 2, ev_kind_names[kind], -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		int k = ev_lookup(ev_kind_names, ev_col_text(st, 0));
		const char *action = ev_col_text(st, 1);
		int64_t records = sqlite3_column_int64(st, 2);
		if (k < 0 || k >= EV_KIND_COUNT || !action)
			continue;
		if (strcmp(action, "add") == 0) {
			c->added[k] += records;
		} else if (strcmp(action, "remove") == 0) {
			c->removed[k] += records;
		} else {
			c->edited[k] += records;
			c->edited_fields += sqlite3_column_int64(st, 3);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_history_summaries(struct ev_db *db, int kind, int64_t limit, ev_summary_fn fn, void *ud)
{
	static const char sql[] = "SELECT id, at, who, command FROM changes c WHERE ?1 IS NULL OR EXISTS (SELECT 1 "
				  "FROM history h WHERE h.change_id = c.id AND h.kind = ?1) ORDER BY id DESC LIMIT ?2";
	int rc, failed = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	if (kind >= 0)
		sqlite3_bind_text(st, 1, ev_kind_names[kind], -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		struct ev_change_counts c;
		if (change_counts(db, sqlite3_column_int64(st, 0), kind, &c)) {
			failed = 1;
			break;
		}
		if (fn(ud, sqlite3_column_int64(st, 0), ev_col_text(st, 1), ev_col_text(st, 2), ev_col_text(st, 3), &c))
			break;
	}
	sqlite3_reset(st);
	return !failed && (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : -1;
}

int ev_history_has_change(struct ev_db *db, int64_t id)
{
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT 1 FROM changes WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = ev_db_step(db, st, "reading the history");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int ev_history_row_edits(struct ev_db *db, enum ev_kind kind, const char *key, const char *study,
			 const char *outcome, ev_edit_fn fn, void *ud)
{
	int64_t change = ev_db_change(db);
	if (!change)
		return 0;
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT field, old, new FROM history WHERE key = ?1 AND change_id = ?2 "
					  "AND kind = ?3 AND study IS ?4 AND outcome IS ?5 AND action = 'edit' "
					  "ORDER BY id");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, change);
	sqlite3_bind_text(st, 3, ev_kind_names[kind], -1, SQLITE_STATIC);
	if (kind == EV_LINK) {
		sqlite3_bind_text(st, 4, study, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, outcome ? outcome : "", -1, SQLITE_TRANSIENT);
	}
	int rc;
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW)
		fn(ud, ev_col_text(st, 0), ev_col_text(st, 1), ev_col_text(st, 2));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t ev_history_count_from(struct ev_db *db, int64_t from)
{
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT count(*) FROM changes WHERE id >= ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	int64_t n = -1;
	if (ev_db_step(db, st, "reading the history") == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int ev_history_each_last_change(struct ev_db *db, int (*cb)(void *ud, const char *key, int kind, int64_t change),
				 void *ud)
{
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT key, kind, max(change_id) FROM history GROUP BY key, kind "
					  "ORDER BY key, kind");
	if (!st)
		return -1;
	int rc, stop = 0;
	while (!stop && (rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		const char *kind = ev_col_text(st, 1);
		int k = 0;
		while (ev_kind_names[k] && strcmp(ev_kind_names[k], kind ? kind : "") != 0)
			k++;
		stop = cb(ud, ev_col_text(st, 0), ev_kind_names[k] ? k : -1, sqlite3_column_int64(st, 2));
	}
	sqlite3_reset(st);
	return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}

int ev_history_each_change(struct ev_db *db, int (*cb)(void *ud, int64_t id, const char *at), void *ud)
{
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT id, at FROM changes ORDER BY id");
	if (!st)
		return -1;
	int rc, stop = 0;
	while (!stop && (rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW)
		stop = cb(ud, sqlite3_column_int64(st, 0), ev_col_text(st, 1));
	sqlite3_reset(st);
	return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}

int ev_history_last_at(struct ev_db *db, char *buf, size_t size)
{
	/* The latest time, not the latest id's: the two agree unless a
	 * clock was set back, and a page should never claim an older date
	 * than a change it shows. */
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT max(at) FROM changes");
	if (!st)
		return -1;
	int rc = ev_db_step(db, st, "reading the history"), found = 0;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? found : -1;
}

/* What a revert refused, with the change set it was reverting. */
struct revert_ud {
	int64_t change;
	const char *row;
	int problems;
};

static void revert_problem(void *ud, const char *column, const char *message)
{
	struct revert_ud *u = ud;
	ev_error("cannot undo change %lld: %s: %s: %s", (long long)u->change, u->row, column, message);
	u->problems++;
}

/* The id of the link of claim `claim` to study `study` for `outcome`
 * ("" for none): 1 found, 0 not, -1 error. */
static int find_link(struct ev_db *db, const char *claim, const char *study, const char *outcome, int64_t *id)
{
	static const char sql[] = "SELECT e.id FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON "
				  "s.id = e.study_id WHERE c.key = ?1 AND s.key = ?2 AND e.outcome = ?3";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	ev_bind_text(st, 1, claim);
	ev_bind_text(st, 2, study);
	sqlite3_bind_text(st, 3, outcome ? outcome : "", -1, SQLITE_TRANSIENT); /* '' is no outcome, not NULL */
	int rc = ev_db_step(db, st, "finding a link");
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void set_value(struct ev_record *r, int idx, const struct ev_hist_value *v)
{
	switch (v->type) {
	case EV_V_INT:
		ev_record_set_int(r, idx, v->i);
		break;
	case EV_V_REAL:
		ev_record_set_real(r, idx, v->d);
		break;
	case EV_V_TEXT:
		ev_record_set_text(r, idx, v->s, strlen(v->s));
		break;
	default:
		ev_record_set_null(r, idx);
		break;
	}
}

/* The old value of `field` in rows [a, b), or NULL when it did not change. */
static const struct ev_hist_value *old_of(const struct ev_history *h, int a, int b, const char *field)
{
	for (int i = a; i < b; i++)
		if (strcmp(h->v[i].field, field) == 0)
			return &h->v[i].old;
	return NULL;
}

/* Reverts one row's change: the history rows [a, b) of one change set. */
static int revert_row(struct ev_db *db, const struct ev_history *h, int a, int b)
{
	const struct ev_hist_row *r0 = &h->v[a];
	enum ev_kind kind = r0->kind;
	struct ev_buf name = EV_BUF_INIT;
	struct ev_record rec = {0};
	struct revert_ud ud = {r0->change, NULL, 0};
	int64_t id = 0;
	int found, rc = -1, nf;
	if (kind >= EV_KIND_COUNT)
		return ev_error("cannot undo change %lld: a row of an unknown kind", (long long)r0->change), -1;
	ev_fields(kind, &nf);
	if (kind == EV_LINK)
		ev_buf_addf(&name, "link %s -> %s%s%s%s", r0->key, r0->study, *r0->outcome ? " (" : "", r0->outcome,
			    *r0->outcome ? ")" : "");
	else
		ev_buf_addf(&name, "%s '%s'", ev_kind_names[kind], r0->key);
	ud.row = ev_buf_str(&name);

	if (strcmp(r0->action, "remove") == 0) {
		/* Added again with every value it had (history records each
		 * one that was not NULL). */
		ev_record_reset(&rec, kind);
		for (int i = a; i < b; i++) {
			int idx = ev_field_index(kind, h->v[i].field);
			if (idx >= 0)
				set_value(&rec, idx, &h->v[i].old);
		}
		found = kind == EV_LINK ? find_link(db, r0->key, r0->study, r0->outcome, &id)
					: ev_model_find(db, kind, r0->key, &id);
		if (found < 0)
			goto done;
		if (found > 0) {
			ev_error("cannot undo change %lld: %s was removed then, and exists again now",
				 (long long)r0->change, ud.row);
			goto done;
		}
		enum ev_change change;
		int up = ev_model_upsert(db, &rec, NULL, &change, &id, revert_problem, &ud);
		rc = up || ud.problems ? -1 : 0;
		goto done;
	}

	/* Added or edited: the row is where the change left it. */
	found = kind == EV_LINK ? find_link(db, r0->key, r0->study, r0->outcome, &id)
				: ev_model_find(db, kind, r0->key, &id);
	if (found < 0) {
		rc = -1;
		goto done;
	}
	if (found == 0) {
		ev_error("cannot undo change %lld: %s is not there any more", (long long)r0->change, ud.row);
		goto done;
	}
	if (strcmp(r0->action, "add") == 0) {
		/* What was added since and depends on it is reverted first
		 * (newer); anything left would go with it unrecorded. */
		struct ev_dependents d = {0};
		if (ev_model_dependents(db, kind, id, &d)) {
			rc = -1;
			goto done;
		}
		if (d.n)
			ev_error("cannot undo change %lld: %s has %s added since (%s%s)", (long long)r0->change, ud.row,
				 kind == EV_ARTICLE ? "claims" : "links", d.names[0], d.n > 1 ? ", ..." : "");
		else
			rc = ev_model_remove(db, kind, id) ? -1 : 0;
		ev_dependents_free(&d);
		goto done;
	}
	if (ev_model_read(db, kind, id, &rec)) {
		rc = -1;
		goto done;
	}
	for (int i = a; i < b; i++) {
		int idx = ev_field_index(kind, h->v[i].field);
		if (idx >= 0)
			set_value(&rec, idx, &h->v[i].old);
	}
	/* Identity first: a renamed row gets its old key, a moved link its
	 * old claim, study and outcome; the upsert then matches it there. */
	if (kind != EV_LINK && old_of(h, a, b, "key")) {
		int m = ev_model_rename(db, kind, id, ev_record_text(&rec, "key"), revert_problem, &ud);
		if (m) {
			rc = -1;
			goto done;
		}
	} else if (kind == EV_LINK &&
		   (old_of(h, a, b, "claim") || old_of(h, a, b, "study") || old_of(h, a, b, "outcome"))) {
		int64_t claim, study;
		const char *ck = ev_record_text(&rec, "claim"), *sk = ev_record_text(&rec, "study");
		int fc = ev_model_find(db, EV_CLAIM, ck, &claim), fs = ev_model_find(db, EV_STUDY, sk, &study);
		if (fc < 0 || fs < 0) {
			rc = -1;
			goto done;
		}
		if (!fc || !fs) {
			ev_error("cannot undo change %lld: %s was moved from %s '%s', which is not there any more",
				 (long long)r0->change, ud.row, fc ? "study" : "claim", fc ? sk : ck);
			goto done;
		}
		int m = ev_model_move_link(db, id, claim, study, ev_record_text(&rec, "outcome"), revert_problem, &ud);
		if (m) {
			rc = -1;
			goto done;
		}
	}
	enum ev_change change;
	int up = ev_model_upsert(db, &rec, NULL, &change, &id, revert_problem, &ud);
	rc = up || ud.problems ? -1 : 0;
done:
	ev_record_free(&rec);
	ev_buf_free(&name);
	return rc;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* The history of the change sets from `from` on (or of `only`), for
 * reverting: newest change set first, and within one in the order it was
 * recorded, each statement's rows together. ev_history_read groups a
 * row's fields across the whole change set, for reading; an undo must
 * see a link removed and added again in one change set (an undo of an
 * undo) as two steps. row_start is the index of the step's first row. */
static int read_steps(struct ev_db *db, int64_t from, int64_t only, struct ev_history *out)
{
	/* The change sets' rows through the change_id index (one change set,
	 * or those from `from` on). An addition (field '*') is one step
	 * without its values: reverting it removes the row, and the removal
	 * records the values then. Reading them here, from history_full and
	 * as one row per field, held every added value in memory: an undo of
	 * an import of 100,000 studies peaked at 959 MiB. */
#define STEPS_SQL(WHERE)                                                                                   \
	"SELECT change_id, kind, key, study, outcome, action, field, old, CASE WHEN field = '*' THEN NULL ELSE " \
	"new END, id FROM history WHERE " WHERE " ORDER BY change_id DESC, id"
	static const char from_sql[] = STEPS_SQL("change_id >= ?1");
	static const char only_sql[] = STEPS_SQL("change_id = ?1");
#undef STEPS_SQL
	int rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ev_db_stmt(db, only ? only_sql : from_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, only ? only : from);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = ev_xrealloc(out->v, (size_t)out->cap * sizeof *out->v);
		}
		struct ev_hist_row *r = &out->v[out->n];
		memset(r, 0, sizeof *r);
		r->change = sqlite3_column_int64(st, 0);
		int kind = ev_lookup(ev_kind_names, ev_col_text(st, 1));
		r->kind = kind < 0 ? EV_KIND_COUNT : (enum ev_kind)kind;
		r->key = keep(out, ev_col_text(st, 2));
		r->study = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : keep(out, ev_col_text(st, 3));
		r->outcome = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : keep(out, ev_col_text(st, 4));
		r->action = keep(out, ev_col_text(st, 5));
		r->field = keep(out, ev_col_text(st, 6));
		read_value(st, 7, &r->old);
		read_value(st, 8, &r->new);
		r->id = sqlite3_column_int64(st, 9);
		const struct ev_hist_row *p = out->n ? &out->v[out->n - 1] : NULL;
		int same = p && p->change == r->change && p->kind == r->kind && strcmp(p->key, r->key) == 0 &&
			   same_str(p->study, r->study) && same_str(p->outcome, r->outcome) &&
			   strcmp(p->action, r->action) == 0;
		r->row_start = same ? p->row_start : out->n;
		out->n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Reverts the change sets from `from` on, or `only`. */
static int revert(struct ev_db *db, int64_t from, int64_t only)
{
	struct ev_history h;
	int rc = 0;
	if (read_steps(db, from, only, &h)) {
		ev_history_free(&h);
		return -1;
	}
	/* Change sets come newest first, each row's fields together, rows
	 * in the order they were changed: walk each change set's rows from
	 * its last. */
	for (int end = 0; end < h.n && rc == 0;) {
		int start = end;
		while (end < h.n && h.v[end].change == h.v[start].change)
			end++;
		for (int b = end; b > start && rc == 0;) {
			int a = h.v[b - 1].row_start;
			rc = revert_row(db, &h, a, b);
			b = a;
		}
	}
	ev_history_free(&h);
	if (rc == 0)
		rc = ev_model_prune_topics(db);
	return rc;
}

int ev_history_revert(struct ev_db *db, int64_t from)
{
	return revert(db, from, 0);
}

int ev_history_revert_one(struct ev_db *db, int64_t change)
{
	/* A later change set touched the same row: the same kind and key
	 * (a link: claim, study and outcome), or renamed it away; or it
	 * changed what depends on the row: a link of a claim or study, a
	 * claim of an article (an added claim's fields may be one JSON row,
	 * field '*', 005-faster-writes.sql); or, for a link, renamed its
	 * claim or study. */
	/* Each way as its own branch, so each is a search of an index
	 * (history_key, history_renamed, history_study) from the change
	 * set's rows, not a pass over all later history for each of them. */
	static const char sql[] =
		"WITH h AS (SELECT DISTINCT kind, key, study, outcome FROM history WHERE change_id = ?1), l AS ("
		"SELECT l.* FROM h JOIN history l ON l.key = h.key AND l.change_id > ?1 WHERE (l.kind = h.kind AND "
		"l.study IS h.study AND l.outcome IS h.outcome) OR (h.kind = 'claim' AND l.kind = 'link') "
		"UNION ALL SELECT l.* FROM h JOIN history l ON l.field = 'key' AND l.old = h.key AND l.change_id > ?1 "
		"WHERE l.kind = h.kind OR (h.kind = 'link' AND l.kind = 'claim') "
		"UNION ALL SELECT l.* FROM h JOIN history l ON l.field = 'key' AND l.old = h.study AND l.change_id > ?1 "
		"WHERE h.kind = 'link' AND l.kind = 'study' "
		"UNION ALL SELECT l.* FROM h JOIN history l ON l.study = h.key AND l.change_id > ?1 WHERE h.kind = "
		"'study' AND l.kind = 'link' "
		"UNION ALL SELECT l.* FROM h JOIN history_full l ON l.kind = 'claim' AND l.change_id > ?1 WHERE h.kind = "
		"'article' AND CASE l.field WHEN 'article' THEN l.old = h.key OR l.new = h.key WHEN '*' THEN "
		"json_extract(l.new, '$.article') = h.key END) "
		"SELECT l.change_id, c.command, NULL, NULL, NULL, NULL, l.kind, l.key, l.study, l.outcome, l.field, "
		"l.old FROM l LEFT JOIN changes c ON c.id = l.change_id ORDER BY l.change_id, l.id LIMIT 1";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, change);
	int rc = ev_db_step(db, st, "reading the history");
	if (rc == SQLITE_ROW) {
		/* What the later change set did, in the terms of the row it
		 * touched: "changed study 'x'", "renamed claim 'c'", "changed
		 * link c -> s". */
		struct ev_buf what = EV_BUF_INIT;
		const char *lkind = ev_col_text(st, 6), *lfield = ev_col_text(st, 10);
		if (strcmp(lfield, "key") == 0 && sqlite3_column_type(st, 11) != SQLITE_NULL)
			ev_buf_addf(&what, "renamed %s '%s' to '%s'", lkind, ev_col_text(st, 11), ev_col_text(st, 7));
		else if (strcmp(lkind, "link") == 0)
			ev_buf_addf(&what, "changed link %s -> %s%s%s%s", ev_col_text(st, 7), ev_col_text(st, 8),
				    *ev_col_text(st, 9) ? " (" : "", ev_col_text(st, 9), *ev_col_text(st, 9) ? ")" : "");
		else
			ev_buf_addf(&what, "changed %s '%s'", lkind, ev_col_text(st, 7));
		ev_error("cannot undo change %lld alone: change %lld (%s) %s since; undo both with 'evidence undo "
			 "--to %lld'",
			 (long long)change, (long long)sqlite3_column_int64(st, 0), ev_col_text(st, 1), ev_buf_str(&what),
			 (long long)change - 1);
		ev_buf_free(&what);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	return revert(db, 0, change);
}

/* ---- the past -------------------------------------------------------- */

int ev_history_first_since(struct ev_db *db, const char *date, int64_t *from)
{
	static const char sql[] = "SELECT coalesce((SELECT min(id) FROM changes WHERE at >= ?1), "
				  "(SELECT coalesce(max(id), 0) + 1 FROM changes))";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
	int rc = ev_db_step(db, st, "reading the history");
	if (rc == SQLITE_ROW)
		*from = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int ev_history_past_open(struct ev_db *db, int64_t from, struct ev_db *past, char **path)
{
	const char *tmp = getenv("TMPDIR");
	memset(past, 0, sizeof *past);
	*path = ev_xasprintf("%s/evidence-past-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(*path);
	if (fd < 0) {
		ev_error("cannot create a temporary file in '%s': %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(*path);
		*path = NULL;
		return -1;
	}
	close(fd);
	if (ev_db_copy(db, *path) || ev_db_open(past, *path, EV_DB_WRITE) || ev_db_begin(past))
		return -1;
	return ev_history_revert(past, from);
}

void ev_history_past_close(struct ev_db *past, char *path)
{
	if (past->h)
		ev_db_close(past); /* rolls the revert back: nothing is kept */
	if (path) {
		/* The copy keeps the original's journal mode: a write-ahead log
		 * leaves its two files beside it. */
		ev_db_remove_files(path);
		free(path);
	}
}

int ev_history_touching(struct ev_db *db, int64_t from, const char *claim, const char *studies, ev_change_fn fn,
			void *ud)
{
	static const char sql[] =
		"SELECT c.id, c.at, c.who, c.command FROM changes c WHERE c.id >= ?1 AND EXISTS (SELECT 1 FROM history h "
		"WHERE h.change_id = c.id AND ((h.kind IN ('claim', 'link') AND h.key = ?2) OR (h.kind = 'study' AND "
		"h.key IN (SELECT value FROM json_each(?3))) OR (h.kind = 'link' AND h.study IN (SELECT value FROM "
		"json_each(?3)) AND h.key = ?2))) ORDER BY c.id";
	int rc;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_text(st, 2, claim, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, studies, -1, SQLITE_TRANSIENT);
	while ((rc = ev_db_step(db, st, "reading the history")) == SQLITE_ROW)
		if (fn(ud, sqlite3_column_int64(st, 0), ev_col_text(st, 1), ev_col_text(st, 2), ev_col_text(st, 3)))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}
