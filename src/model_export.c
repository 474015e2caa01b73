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

/* Every study column, and those a citation uses (ev_cite_from_record),
 * after the id. */
#define STUDY_COLUMNS                                                                                            \
	"id, key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country, population, "  \
	"sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status, source, notes, "  \
	"includes, included_design"
#define CITATION_COLUMNS "id, key, title, authors, journal, year, volume, issue, pages, doi, pmid, status"
#define ORDERED_ALL " FROM studies ORDER BY key"
/* A filter's studies: those named, and those linked to the named claims,
 * found by id, then sorted; a UNION, because "?all OR id IN ..." made
 * SQLite scan every study even for one claim. */
#define ORDERED_SOME                                                                                             \
	" FROM studies WHERE id IN (SELECT value FROM json_each(?2) UNION SELECT e.study_id FROM json_each(?1) j " \
	"JOIN evidence e ON e.claim_id = j.value) ORDER BY key"

/* Fills r from the current row, column j + 1 going to field at[j]. Text
 * stays SQLite's (no copy) unless some field holds a CR, which
 * ev_record_set_text turns into LF as ev_model_read does; then the whole
 * record is copied, since the copy may move the record's store. */
static void row_record(sqlite3_stmt *st, const int *at, int ncols, struct ev_record *r)
{
	int copy = 0;
	ev_record_reset(r, EV_STUDY);
	for (int j = 0; j < ncols; j++) {
		int i = at[j];
		switch (sqlite3_column_type(st, j + 1)) {
		case SQLITE_INTEGER:
			ev_record_set_int(r, i, sqlite3_column_int64(st, j + 1));
			break;
		case SQLITE_FLOAT:
			ev_record_set_real(r, i, sqlite3_column_double(st, j + 1));
			break;
		case SQLITE_TEXT: {
			const char *s = ev_col_text(st, j + 1);
			size_t len = (size_t)sqlite3_column_bytes(st, j + 1);
			if (len == 0)
				break; /* '' reads back as "not given", as in ev_model_read */
			r->v[i].type = EV_V_TEXT;
			r->v[i].s = s;
			r->v[i].i = (int64_t)len;
			r->v[i].len = len;
			copy |= memchr(s, '\r', len) != NULL;
			break;
		}
		default:
			break;
		}
	}
	if (!copy)
		return;
	/* Take the text out of the record before copying it back in: each
	 * copy may move the store and re-point every text value. */
	const char *text[EV_MAX_FIELDS];
	size_t len[EV_MAX_FIELDS];
	for (int i = 0; i < EV_MAX_FIELDS; i++) {
		text[i] = r->v[i].type == EV_V_TEXT ? r->v[i].s : NULL;
		len[i] = (size_t)r->v[i].i;
		if (text[i])
			ev_record_set_null(r, i);
	}
	for (int i = 0; i < EV_MAX_FIELDS; i++)
		if (text[i])
			ev_record_set_text(r, i, text[i], len[i]);
}

int ev_model_each_study(struct ev_db *db, const struct ev_ids *claims, const struct ev_ids *studies, int all,
			int citation, ev_study_fn fn, void *ud)
{
	static const char *const sql[2][2] = {
		{"SELECT " STUDY_COLUMNS ORDERED_SOME, "SELECT " CITATION_COLUMNS ORDERED_SOME},
		{"SELECT " STUDY_COLUMNS ORDERED_ALL, "SELECT " CITATION_COLUMNS ORDERED_ALL},
	};
	struct ev_record r = {0};
	int at[EV_MAX_FIELDS], n, rc, stop = 0;
	ev_fields(EV_STUDY, &n);
	sqlite3_stmt *st = ev_db_stmt(db, sql[all != 0][citation != 0]);
	if (!st)
		return -1;
	/* Which field each column fills, by name: validate.c may gain
	 * columns, and then the full list above must follow. */
	int ncols = sqlite3_column_count(st) - 1;
	for (int j = 0; j < ncols; j++)
		if ((at[j] = ev_field_index(EV_STUDY, sqlite3_column_name(st, j + 1))) < 0)
			return ev_error("internal error: no study field '%s'", sqlite3_column_name(st, j + 1)), -1;
	if (!citation && ncols != n)
		return ev_error("internal error: the export reads %d study columns of %d", ncols, n), -1;
	if (!all) {
		char *c = ids_json(claims), *s = ids_json(studies);
		sqlite3_bind_text(st, 1, c, -1, free);
		sqlite3_bind_text(st, 2, s, -1, free);
	}
	while (!stop && (rc = ev_db_step(db, st, "reading studies")) == SQLITE_ROW) {
		row_record(st, at, ncols, &r);
		stop = fn(ud, sqlite3_column_int64(st, 0), &r);
	}
	sqlite3_reset(st);
	/* Drop the id lists now rather than at the statement's next use. */
	sqlite3_clear_bindings(st);
	ev_record_free(&r);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
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
	return ev_model_collect_ids(db, st, out);
}
