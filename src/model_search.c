/*
 * model_search.c: the SQL of `evidence search` and `evidence studies`.
 *
 * Queries reach FTS5 only as bound parameters built by search.c. Which
 * words are searchable is decided by the index's own tokenizer, reached
 * through the fts5_api, so "what counts as a word" can never differ
 * between the check and the search.
 */
#include "model_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The tokenizer of the search index (schema/002-search.sql). */
static const char *const tokenizer_args[] = {"remove_diacritics", "2"};

static fts5_api *fts5_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

static int count_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
	(void)flags;
	(void)token;
	(void)start;
	(void)end;
	if (n > 0)
		(*(int *)ctx)++;
	return SQLITE_OK;
}

int ev_model_search_tokens(void *ud, const char *s, size_t n)
{
	struct ev_db *db = ud;
	fts5_api *api = fts5_of(db->h);
	void *user = NULL;
	fts5_tokenizer tok;
	Fts5Tokenizer *t = NULL;
	int count = 0;
	if (!api || api->xFindTokenizer(api, "unicode61", &user, &tok) != SQLITE_OK ||
	    tok.xCreate(user, (const char **)tokenizer_args, 2, &t) != SQLITE_OK) {
		ev_error("the full-text search of this SQLite library is unavailable (FTS5 missing?)");
		return -1;
	}
	int rc = tok.xTokenize(t, &count, FTS5_TOKENIZE_QUERY, s, (int)n, count_token);
	tok.xDelete(t);
	return rc == SQLITE_OK ? count : -1;
}

int ev_model_search(struct ev_db *db, const char *query, enum ev_kind kind, int64_t limit, ev_hit_fn fn,
		    void *ud, int64_t *total)
{
	/* bm25 weights by column (kind, key, title, authors, text, quote,
	 * notes): what a record is about (title, claim text) counts most,
	 * then who wrote it and what it quotes, then notes. Ties go by kind
	 * and key so the order is stable. */
	static const char sql[] =
		"SELECT kind, key, -bm25(search, 0.0, 2.0, 5.0, 3.0, 5.0, 3.0, 1.0) AS score, "
		"snippet(search, 1, char(2), char(3), '\xe2\x80\xa6', 12), "
		"snippet(search, 2, char(2), char(3), '\xe2\x80\xa6', 12), "
		"snippet(search, 3, char(2), char(3), '\xe2\x80\xa6', 12), "
		"snippet(search, 4, char(2), char(3), '\xe2\x80\xa6', 12), "
		"snippet(search, 5, char(2), char(3), '\xe2\x80\xa6', 12), "
		"snippet(search, 6, char(2), char(3), '\xe2\x80\xa6', 12), "
		"coalesce(title, text) "
		"FROM search WHERE search MATCH ?1 AND (?2 IS NULL OR kind = ?2) "
		"ORDER BY bm25(search, 0.0, 2.0, 5.0, 3.0, 5.0, 3.0, 1.0), kind DESC, key LIMIT ?3";
	static const char count_sql[] = "SELECT count(*) FROM search WHERE search MATCH ?1 AND (?2 IS NULL OR kind = ?2)";
	/* Which column's snippet to show when several match: by weight. */
	static const int order[] = {2, 4, 5, 3, 6, 1};
	static const char *const names[] = {"kind", "key", "title", "authors", "text", "quote", "notes"};
	const char *k = kind == EV_STUDY ? "study" : kind == EV_CLAIM ? "claim" : NULL;
	int rc;

	sqlite3_stmt *st = ev_db_stmt(db, count_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	if (k)
		sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
	rc = ev_db_step(db, st, "searching");
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;

	if (!(st = ev_db_stmt(db, sql)))
		return -1;
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	if (k)
		sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, limit);
	while ((rc = ev_db_step(db, st, "searching")) == SQLITE_ROW) {
		struct ev_hit h;
		int best = -1, best_marks = 0;
		for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
			const char *s = ev_col_text(st, order[i] + 2);
			int marks = 0;
			for (; s && (s = strchr(s, EV_MARK_OPEN)) != NULL; s++)
				marks++;
			if (marks > best_marks) {
				best = order[i];
				best_marks = marks;
			}
		}
		if (best < 0)
			best = 1; /* matched on nothing shown (cannot happen); show the key */
		h.kind = strcmp(ev_col_text(st, 0), "study") == 0 ? EV_STUDY : EV_CLAIM;
		h.key = ev_col_text(st, 1);
		h.score = sqlite3_column_double(st, 2);
		h.field = names[best];
		h.snippet = ev_col_text(st, best + 2);
		h.heading = ev_col_text(st, 9);
		if (fn(ud, &h))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int ev_study_needs(const struct ev_study_row *s, const char *needs[7])
{
	int n = 0;
	if (!s->design)
		needs[n++] = "design";
	if (!s->sample_size)
		needs[n++] = "sample_size";
	if (!s->authors)
		needs[n++] = "authors";
	if (!s->year)
		needs[n++] = "year";
	if (s->status && strcmp(s->status, "unverified") == 0)
		needs[n++] = "verification";
	if ((!s->risk_of_bias || strcmp(s->risk_of_bias, "unknown") == 0) &&
	    !(s->status && strcmp(s->status, "retracted") == 0))
		needs[n++] = "risk_of_bias";
	needs[n] = NULL;
	return n;
}

int ev_model_studies(struct ev_db *db, int incomplete, int (*fn)(void *ud, const struct ev_study_row *s), void *ud)
{
	/* The WHERE clause is ev_study_needs in SQL. */
	static const char sql[] = "SELECT key, title, authors, journal, year, design, sample_size, status, pmid, doi, "
				  "risk_of_bias FROM studies WHERE ?1 = 0 OR design IS NULL OR sample_size IS NULL OR "
				  "authors IS NULL OR year IS NULL OR status = 'unverified' OR "
				  "(coalesce(risk_of_bias, 'unknown') = 'unknown' AND status IS NOT 'retracted') "
				  "ORDER BY key";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	int rc;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, incomplete != 0);
	while ((rc = ev_db_step(db, st, "listing studies")) == SQLITE_ROW) {
		struct ev_study_row s = {
			.key = ev_col_text(st, 0),
			.title = ev_col_text(st, 1),
			.authors = ev_col_text(st, 2),
			.journal = ev_col_text(st, 3),
			.year = sqlite3_column_int64(st, 4),
			.design = ev_col_text(st, 5),
			.sample_size = sqlite3_column_int64(st, 6),
			.status = ev_col_text(st, 7),
			.pmid = sqlite3_column_int64(st, 8),
			.doi = ev_col_text(st, 9),
			.risk_of_bias = ev_col_text(st, 10),
		};
		if (fn(ud, &s)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_model_links_without_n(struct ev_db *db, int (*fn)(void *ud, const struct ev_link_todo *l), void *ud)
{
	static const char sql[] = "SELECT c.key, s.key, e.outcome, e.measure, e.estimate, e.ci_low, e.ci_high, "
				  "s.sample_size FROM evidence e JOIN claims c ON c.id = e.claim_id "
				  "JOIN studies s ON s.id = e.study_id WHERE e.estimate IS NOT NULL AND e.n IS NULL "
				  "ORDER BY s.key, c.key, e.outcome";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	int rc;
	if (!st)
		return -1;
	while ((rc = ev_db_step(db, st, "listing links")) == SQLITE_ROW) {
		struct ev_link_todo l = {
			.claim = ev_col_text(st, 0),
			.study = ev_col_text(st, 1),
			.outcome = ev_col_text(st, 2) ? ev_col_text(st, 2) : "",
			.measure = ev_col_text(st, 3),
			.estimate = sqlite3_column_double(st, 4),
			.has_ci = sqlite3_column_type(st, 5) != SQLITE_NULL && sqlite3_column_type(st, 6) != SQLITE_NULL,
			.ci_low = sqlite3_column_double(st, 5),
			.ci_high = sqlite3_column_double(st, 6),
			.sample_size = sqlite3_column_int64(st, 7),
		};
		if (fn(ud, &l)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_model_search_sync(struct ev_db *db) { return ev_model_search_index(db, EV_SEARCH_DEFER); }

#define EV_SEARCH_BATCH 1024

/* What a bulk load queued: one row of search_pending_range for all the
 * rows it added (schema/013). QUEUED_ROWS counts them, to be added to the
 * rows of search_pending. A range is indexed EV_SEARCH_BATCH ids at a
 * time, from its first rowid (?1) to the batch's last (?2), both of one
 * kind (even: studies, odd: claims), as in search_pending. Two ranges
 * over the same ids (two bulk loads of one table with no search between,
 * the first's rows all removed) are counted twice; the rows of
 * search_pending that a range holds too are counted once. */
#define QUEUED_ROWS "(SELECT coalesce(sum((last - first) / 2 + 1), 0) FROM search_pending_range) + "
static const char range_sql[] =
	"SELECT id, first, min(last, first + 2 * (?1 - 1)) FROM search_pending_range ORDER BY id LIMIT 1";
static const char *const range_batch_sql[] = {
	"DELETE FROM search WHERE rowid BETWEEN ?1 AND ?2 AND (rowid - ?1) % 2 = 0",
	"INSERT INTO search(rowid, kind, key, title, authors, notes) SELECT 2 * s.id, 'study', s.key, s.title, "
	"s.authors, s.notes FROM studies s WHERE ?1 % 2 = 0 AND s.id BETWEEN ?1 / 2 AND ?2 / 2",
	"INSERT INTO search(rowid, kind, key, text, quote, notes) SELECT 2 * c.id + 1, 'claim', c.key, c.text, "
	"c.quote, c.notes FROM claims c WHERE ?1 % 2 = 1 AND c.id BETWEEN ?1 / 2 AND ?2 / 2",
};
/* Then the range starts after the batch (?1 its id, ?2 the batch's last),
 * or goes when the batch ended it. */
static const char *const range_step_sql[] = {
	"UPDATE search_pending_range SET first = ?2 + 2 WHERE id = ?1 AND last > ?2",
	"DELETE FROM search_pending_range WHERE id = ?1 AND last <= ?2",
};

/* Indexes the ranges of search_pending_range, batch by batch. 0 or -1. */
static int index_ranges(struct ev_db *db)
{
	for (;;) {
		sqlite3_stmt *st = ev_db_stmt(db, range_sql);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, EV_SEARCH_BATCH);
		int rc = ev_db_step(db, st, "reading the search queue");
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return -1;
		int64_t id = sqlite3_column_int64(st, 0), first = sqlite3_column_int64(st, 1),
			upto = sqlite3_column_int64(st, 2);
		sqlite3_reset(st);
		for (size_t i = 0; i < sizeof range_batch_sql / sizeof *range_batch_sql; i++)
			if (ev_db_exec_ids(db, range_batch_sql[i], first, upto, "updating the search index"))
				return -1;
		for (size_t i = 0; i < sizeof range_step_sql / sizeof *range_step_sql; i++)
			if (ev_db_exec_ids(db, range_step_sql[i], id, upto, "updating the search index"))
				return -1;
	}
}

static int index_all(struct ev_db *db, void *ud)
{
	const int64_t *queued = ud;
	if (*queued >= EV_SEARCH_DEFER)
		ev_note("indexing %lld new or changed studies and claims for search (once, after a large import)",
			(long long)*queued);
	return ev_model_search_index(db, 0);
}

int64_t ev_model_search_catch_up(struct ev_db *db)
{
	static const char count_sql[] = "SELECT " QUEUED_ROWS "(SELECT count(*) FROM search_pending p WHERE "
					"NOT EXISTS (SELECT 1 FROM search_pending_range r WHERE p.rowid BETWEEN r.first AND "
					"r.last AND (p.rowid - r.first) % 2 = 0))";
	sqlite3_stmt *st = ev_db_stmt(db, count_sql);
	if (!st || ev_db_step(db, st, "reading the search queue") != SQLITE_ROW)
		return -1;
	int64_t queued = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!queued)
		return 0;
	int rc = ev_db_upkeep(db, index_all, &queued);
	if (rc == 1) {
		ev_warn("%lld studies and claims are not in the search index yet and cannot be found: this database "
			"cannot be written here; one search where it can be written indexes them",
			(long long)queued);
		return queued;
	}
	return rc ? -1 : 0;
}

int ev_model_search_index(struct ev_db *db, int64_t defer)
{
	/* Counting stops at `defer`: the queue may hold millions of rows. */
	static const char any_sql[] = "SELECT " QUEUED_ROWS "(SELECT count(*) FROM (SELECT 1 FROM search_pending LIMIT ?1))";
	/* The queue is indexed EV_SEARCH_BATCH rows at a time, up to the
	 * batch's last queued rowid (?1). Each statement keeps the pages it
	 * changes in memory until it ends (db.c: the statement journal), and
	 * an entry's removal changes its pages even when they are freed (the
	 * SQLite of Debian zeroes them, SECURE_DELETE): re-indexing 100,000
	 * changed studies, the command peaked at 56.3 MiB in one statement,
	 * 28.0 MiB in batches of 8,192 rows, 9.4 MiB in batches of 1,024 (and
	 * 12.5 MiB in one statement when the journal was a temporary file).
	 * Old entries go (IN over the queue: FTS5 deletes each by rowid),
	 * then the rows as they are now come back; a deleted row finds no
	 * row. */
	static const char last_sql[] = "SELECT max(rowid) FROM (SELECT rowid FROM search_pending ORDER BY rowid LIMIT ?1)";
	static const char *const batch_sql[] = {
		"DELETE FROM search WHERE rowid IN (SELECT rowid FROM search_pending WHERE rowid <= ?1)",
		"INSERT INTO search(rowid, kind, key, title, authors, notes) SELECT 2 * s.id, 'study', s.key, s.title, "
		"s.authors, s.notes FROM search_pending p JOIN studies s ON s.id = p.rowid / 2 WHERE p.rowid <= ?1 "
		"AND p.rowid % 2 = 0",
		"INSERT INTO search(rowid, kind, key, text, quote, notes) SELECT 2 * c.id + 1, 'claim', c.key, c.text, "
		"c.quote, c.notes FROM search_pending p JOIN claims c ON c.id = p.rowid / 2 WHERE p.rowid <= ?1 AND "
		"p.rowid % 2 = 1",
		"DELETE FROM search_pending WHERE rowid <= ?1",
	};
	sqlite3_stmt *st = ev_db_stmt(db, any_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, defer > 0 ? defer : 1);
	if (ev_db_step(db, st, "reading the search queue") != SQLITE_ROW)
		return -1;
	int64_t queued = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!queued || (defer > 0 && queued >= defer))
		return 0;
	for (;;) {
		if (!(st = ev_db_stmt(db, last_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, EV_SEARCH_BATCH);
		if (ev_db_step(db, st, "reading the search queue") != SQLITE_ROW)
			return -1;
		int empty = sqlite3_column_type(st, 0) == SQLITE_NULL;
		int64_t last = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (empty)
			return index_ranges(db);
		for (size_t i = 0; i < sizeof batch_sql / sizeof *batch_sql; i++)
			if (ev_db_exec_id(db, batch_sql[i], last, "updating the search index"))
				return -1;
	}
}
