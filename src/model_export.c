/*
 * model_export.c: the entity SQL for export and dump.
 *
 * Sets of ids (the claims and studies a filter named) are passed to SQL as
 * one JSON array bound as a parameter and opened with json_each, so one
 * statement answers the whole filter, sorted by key, however many keys were
 * given, without building SQL text.
 */
#include "model_export.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A JSON array of the ids, e.g. "[3,17]". Allocates. */
static char *ids_json(const struct ev_ids *ids)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_buf_addc(&b, '[');
	for (int i = 0; ids && i < ids->n; i++)
		ev_buf_addf(&b, "%s%lld", i ? "," : "", (long long)ids->v[i]);
	ev_buf_addc(&b, ']');
	return ev_buf_take(&b);
}

static int collect(struct ev_db *db, sqlite3_stmt *st, struct ev_ids *out)
{
	int cap = 0, rc;
	out->v = NULL;
	out->n = 0;
	while ((rc = ev_db_step(db, st, "listing rows")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->v = ev_xrealloc(out->v, (size_t)cap * sizeof *out->v);
		}
		out->v[out->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ev_ids_free(out);
		return -1;
	}
	return 0;
}

int ev_model_select_studies(struct ev_db *db, const struct ev_ids *claims, const struct ev_ids *studies, int all,
			    struct ev_ids *out)
{
	static const char sql[] = "SELECT s.id FROM studies s WHERE ?3 OR s.id IN (SELECT value FROM json_each(?2)) "
				  "OR s.id IN (SELECT e.study_id FROM evidence e WHERE e.claim_id IN (SELECT value "
				  "FROM json_each(?1))) ORDER BY s.key";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	char *c = ids_json(claims), *s = ids_json(studies);
	sqlite3_bind_text(st, 1, c, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, all != 0);
	free(c);
	free(s);
	return collect(db, st, out);
}

int ev_model_study_claims(struct ev_db *db, int64_t study_id, struct ev_study_claims *out)
{
	static const char sql[] = "SELECT c.id, c.key, e.direction, e.outcome FROM evidence e JOIN claims c ON c.id "
				  "= e.claim_id WHERE e.study_id = ?1 ORDER BY c.key, e.outcome";
	int cap = 0, rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, study_id);
	while ((rc = ev_db_step(db, st, "reading a study's claims")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->v = ev_xrealloc(out->v, (size_t)cap * sizeof *out->v);
		}
		struct ev_study_claim *c = &out->v[out->n++];
		const char *outcome = ev_col_text(st, 3);
		c->claim_id = sqlite3_column_int64(st, 0);
		c->claim = ev_xstrdup(ev_col_text(st, 1));
		c->direction = ev_xstrdup(ev_col_text(st, 2));
		/* '' is how the schema says "no outcome" (it is part of the key) */
		c->outcome = outcome && *outcome ? ev_xstrdup(outcome) : NULL;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void ev_study_claims_free(struct ev_study_claims *sc)
{
	for (int i = 0; i < sc->n; i++) {
		free(sc->v[i].claim);
		free(sc->v[i].direction);
		free(sc->v[i].outcome);
	}
	free(sc->v);
	memset(sc, 0, sizeof *sc);
}

int ev_model_dump_ids(struct ev_db *db, enum ev_kind kind, struct ev_ids *out)
{
	static const char *const sql[] = {
		"SELECT id FROM articles ORDER BY key",
		"SELECT id FROM studies ORDER BY key",
		"SELECT c.id FROM claims c LEFT JOIN articles a ON a.id = c.article_id ORDER BY a.key IS NULL, a.key, "
		"c.position, c.key",
		"SELECT e.id FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id "
		"ORDER BY c.key, s.key, e.outcome",
	};
	sqlite3_stmt *st = ev_db_stmt(db, sql[kind]);
	if (!st)
		return -1;
	return collect(db, st, out);
}
