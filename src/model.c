/*
 * model.c: the entity SQL.
 *
 * Upserts are "find by key, then insert or update only what differs", so
 * that a re-import can say exactly what it added, updated and left alone,
 * and so that an unchanged row is never rewritten (no WAL growth, no
 * history noise). Statement parameters follow the canonical field order of
 * validate.c: ?1 is the first CSV column, and so on.
 */
#include "model.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkeffect.h"
#include "util.h"

/* ---- writing ---------------------------------------------------------- */

static const char *const find_sql[] = {
	"SELECT id FROM articles WHERE key = ?1",
	"SELECT id FROM studies WHERE key = ?1",
	"SELECT id FROM claims WHERE key = ?1",
	"SELECT id FROM evidence WHERE claim_id = ?1 AND study_id = ?2 AND outcome = ?4",
};

static const char *const insert_sql[] = {
	"INSERT INTO articles(key, title, author, publisher, url, published) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	"INSERT INTO studies(key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, "
	"country, population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, "
	"status, source, notes, includes, included_design) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
	"INSERT INTO claims(key, article_id, topics, position, text, quote, stated_study, stated_n, "
	"stated_population, stated_country, stated_duration_months, stated_result, notes, outcome, asserts) VALUES "
	"(?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM claims WHERE article_id IS ?2), ?4, ?5, ?6, ?7, "
	"?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	/* In parentheses: clang takes a two-piece literal for a missing comma. */
	("INSERT INTO evidence(claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, "
	 "p_value, n, indirect, notes, events_treat, total_treat, events_control, total_control, mean_treat, "
	 "sd_treat, mean_control, sd_control, subgroup) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	 "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"),
};

/* ?99 is the row id; the WHERE clause makes an identical row a no-op. */
static const char *const update_sql[] = {
	"UPDATE articles SET title = ?2, author = ?3, publisher = ?4, url = ?5, published = ?6 WHERE id = ?99 "
	"AND (title IS NOT ?2 OR author IS NOT ?3 OR publisher IS NOT ?4 OR url IS NOT ?5 OR published IS NOT "
	"?6)",
	"UPDATE studies SET title = ?2, authors = ?3, journal = ?4, year = ?5, volume = ?6, issue = ?7, pages = "
	"?8, doi = ?9, pmid = ?10, design = ?11, country = ?12, population = ?13, sample_size = ?14, "
	"duration_months = ?15, intervention = ?16, comparator = ?17, risk_of_bias = ?18, funding = ?19, "
	"status = ?20, source = ?21, notes = ?22, includes = ?23, included_design = ?24 WHERE id = ?99 AND (title "
	"IS NOT ?2 OR authors IS NOT ?3 OR "
	"journal IS NOT ?4 OR year IS NOT ?5 OR volume IS NOT ?6 OR issue IS NOT ?7 OR pages IS NOT ?8 OR doi "
	"IS NOT ?9 COLLATE BINARY OR pmid IS NOT ?10 OR design IS NOT ?11 OR country IS NOT ?12 OR population "
	"IS NOT ?13 OR sample_size IS NOT ?14 OR duration_months IS NOT ?15 OR intervention IS NOT ?16 OR "
	"comparator IS NOT ?17 OR risk_of_bias IS NOT ?18 OR funding IS NOT ?19 OR status IS NOT ?20 OR source "
	"IS NOT ?21 OR notes IS NOT ?22 OR includes IS NOT ?23 OR included_design IS NOT ?24)",
	"UPDATE claims SET position = CASE WHEN article_id IS ?2 THEN position ELSE (SELECT coalesce(max(position), "
	"0) + 1 FROM claims WHERE article_id IS ?2) END, article_id = ?2, topics = ?3, text = ?4, quote = ?5, "
	"stated_study = ?6, stated_n = ?7, stated_population = ?8, stated_country = ?9, stated_duration_months = "
	"?10, stated_result = ?11, notes = ?12, outcome = ?13, asserts = ?14 WHERE id = ?99 AND (article_id IS NOT ?2 OR topics IS NOT ?3 OR "
	"text IS NOT ?4 OR quote IS NOT ?5 OR stated_study IS NOT ?6 OR stated_n IS NOT ?7 OR stated_population "
	"IS NOT ?8 OR stated_country IS NOT ?9 OR stated_duration_months IS NOT ?10 OR stated_result IS NOT ?11 "
	"OR notes IS NOT ?12 OR outcome IS NOT ?13 OR asserts IS NOT ?14)",
	"UPDATE evidence SET direction = ?3, measure = ?5, estimate = ?6, ci_low = ?7, ci_high = ?8, p_value = "
	"?9, n = ?10, indirect = ?11, notes = ?12, events_treat = ?13, total_treat = ?14, events_control = ?15, "
	"total_control = ?16, mean_treat = ?17, sd_treat = ?18, mean_control = ?19, sd_control = ?20, subgroup = "
	"?21 WHERE id = "
	"?99 AND (direction IS NOT ?3 OR measure IS NOT ?5 OR estimate IS NOT ?6 OR ci_low IS NOT ?7 OR ci_high "
	"IS NOT ?8 OR p_value IS NOT ?9 OR n IS NOT ?10 OR indirect IS NOT ?11 OR notes IS NOT ?12 OR "
	"events_treat IS NOT ?13 OR total_treat IS NOT ?14 OR events_control IS NOT ?15 OR total_control IS NOT "
	"?16 OR mean_treat IS NOT ?17 OR sd_treat IS NOT ?18 OR mean_control IS NOT ?19 OR sd_control IS NOT "
	"?20 OR subgroup IS NOT ?21)",
};

/* Binds the record's values as ?1..?N. Text is bound SQLITE_STATIC: the
 * record outlives the statement's step, and the next use of the statement
 * clears the bindings. */
static void bind_record(sqlite3_stmt *st, const struct ev_record *r)
{
	int n;
	ev_fields(r->kind, &n);
	for (int i = 0; i < n; i++) {
		const struct ev_value *v = &r->v[i];
		switch (v->type) {
		case EV_V_NULL:
			sqlite3_bind_null(st, i + 1);
			break;
		case EV_V_INT:
			sqlite3_bind_int64(st, i + 1, v->i);
			break;
		case EV_V_REAL:
			sqlite3_bind_double(st, i + 1, v->d);
			break;
		case EV_V_TEXT:
			/* The length when known: SQLite would otherwise
			 * measure each text again, on the thread that writes. */
			sqlite3_bind_text(st, i + 1, v->s, v->len && v->len <= INT_MAX ? (int)v->len : -1,
					  SQLITE_STATIC);
			break;
		}
	}
}

/* Binds the references of claims and links as ids in place of keys, and
 * a link's missing outcome as '' (part of its identity). Returns 1 when a
 * referenced row does not exist (reported), -1 on error, else 0. */
static int bind_refs(struct ev_db *db, sqlite3_stmt *st, const struct ev_record *r, const int64_t ref[2])
{
	(void)db;
	if (r->kind == EV_CLAIM) {
		if (ref[0])
			sqlite3_bind_int64(st, 2, ref[0]);
		else
			sqlite3_bind_null(st, 2);
	} else if (r->kind == EV_LINK) {
		sqlite3_bind_int64(st, 1, ref[0]);
		sqlite3_bind_int64(st, 2, ref[1]);
		if (r->v[3].type == EV_V_NULL)
			sqlite3_bind_text(st, 4, "", 0, SQLITE_STATIC);
	}
	return 0;
}

static int resolve(struct ev_db *db, enum ev_kind kind, const char *key, const char *column, int64_t *id,
		   ev_problem_fn problem, void *ud)
{
	int rc = ev_model_find(db, kind, key, id);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		char m[600]; /* two keys, validated to at most 100 bytes each */
		char *near = ev_model_nearest(db, kind, key); /* a misspelt key */
		snprintf(m, sizeof m, "no %s '%s' in the database or in this import%s%s%s", ev_kind_names[kind], key,
			 near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		free(near);
		problem(ud, column, m);
		return 1;
	}
	return 0;
}

/* Explains a UNIQUE failure on a study's DOI or PMID by naming the study
 * that already has it. */
static int explain_duplicate(struct ev_db *db, const struct ev_record *r, int64_t self, const char *why,
			     ev_problem_fn problem, void *ud)
{
	static const char doi_sql[] = "SELECT key FROM studies WHERE doi = ?1 AND id IS NOT ?2";
	static const char pmid_sql[] = "SELECT key FROM studies WHERE pmid = ?1 AND id IS NOT ?2";
	const struct ev_value *doi = ev_record_get(r, "doi"), *pmid = ev_record_get(r, "pmid");
	int found = 0;
	if (doi->type == EV_V_TEXT) {
		sqlite3_stmt *st = ev_db_stmt(db, doi_sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, doi->s, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, self);
		if (ev_db_step(db, st, "looking up a DOI") == SQLITE_ROW) {
			/* A DOI's suffix has no length limit: quoted whole. */
			char *m = ev_xasprintf("'%s' is already recorded for study '%s'", doi->s, ev_col_text(st, 0));
			problem(ud, "doi", m);
			free(m);
			found = 1;
		}
		sqlite3_reset(st);
	}
	if (pmid->type == EV_V_INT) {
		sqlite3_stmt *st = ev_db_stmt(db, pmid_sql);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, pmid->i);
		sqlite3_bind_int64(st, 2, self);
		if (ev_db_step(db, st, "looking up a PMID") == SQLITE_ROW) {
			char m[300]; /* a number and a key */
			snprintf(m, sizeof m, "'%lld' is already recorded for study '%s'", (long long)pmid->i,
				 ev_col_text(st, 0));
			problem(ud, "pmid", m);
			found = 1;
		}
		sqlite3_reset(st);
	}
	if (!found)
		problem(ud, "key", why);
	return 1;
}

/* Reports a row the database refused (SQLITE_CONSTRAINT from the step
 * of st): a study's repeated DOI or PMID by name, anything else (a
 * trigger or CHECK another program added, a rule validation does not
 * know) with SQLite's own message, taken before any other statement
 * replaces it. Resets st. Returns 1 (reported) or -1. */
static int refused(struct ev_db *db, sqlite3_stmt *st, const struct ev_record *r, int64_t self,
		   ev_problem_fn problem, void *ud)
{
	int code = sqlite3_extended_errcode(db->h);
	/* SQLite's message is another program's text (a trigger's RAISE, a
	 * CHECK's expression), as long as it wrote it. */
	char *why = ev_xasprintf("the database refused the row: %s", sqlite3_errmsg(db->h));
	int rc = 1;
	sqlite3_reset(st);
	if (r->kind == EV_STUDY && code == SQLITE_CONSTRAINT_UNIQUE)
		rc = explain_duplicate(db, r, self, why, problem, ud);
	else
		problem(ud, "key", why);
	free(why);
	return rc;
}

/* Replaces a claim's topics when the ordered list differs; sets *changed. */
static int sync_topics(struct ev_db *db, int64_t claim, const char *topics, int *changed)
{
	static const char cur_sql[] = "SELECT group_concat(key, ';') FROM (SELECT t.key FROM claim_topics ct "
				      "JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = ?1 ORDER BY "
				      "ct.position)";
	static const char del_sql[] = "DELETE FROM claim_topics WHERE claim_id = ?1";
	static const char topic_sql[] = "INSERT INTO topics(key) VALUES (?1) ON CONFLICT(key) DO NOTHING";
	static const char link_sql[] = "INSERT INTO claim_topics(claim_id, topic_id, position) "
				       "SELECT ?1, id, ?3 FROM topics WHERE key = ?2";
	sqlite3_stmt *st = ev_db_stmt(db, cur_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, claim);
	if (ev_db_step(db, st, "reading topics") != SQLITE_ROW)
		return -1;
	const char *cur = ev_col_text(st, 0);
	int same = cur ? strcmp(cur, topics) == 0 : !*topics;
	sqlite3_reset(st);
	if (same)
		return 0;
	*changed = 1;
	if (!(st = ev_db_stmt(db, del_sql)))
		return -1;
	sqlite3_bind_int64(st, 1, claim);
	if (ev_db_step(db, st, "replacing topics") != SQLITE_DONE)
		return -1;
	int pos = 0;
	for (const char *p = topics; *p;) {
		const char *e = strchr(p, ';');
		int len = e ? (int)(e - p) : (int)strlen(p);
		if (!(st = ev_db_stmt(db, topic_sql)))
			return -1;
		sqlite3_bind_text(st, 1, p, len, SQLITE_STATIC);
		if (ev_db_step(db, st, "adding a topic") != SQLITE_DONE)
			return -1;
		if (!(st = ev_db_stmt(db, link_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, claim);
		sqlite3_bind_text(st, 2, p, len, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, ++pos);
		if (ev_db_step(db, st, "tagging a claim") != SQLITE_DONE)
			return -1;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

int ev_model_sync_includes(struct ev_db *db, int64_t review, ev_problem_fn problem, void *ud)
{
	static const char cur_sql[] = "SELECT key, includes FROM studies WHERE id = ?1";
	static const char del_sql[] = "DELETE FROM study_includes WHERE review_id = ?1";
	static const char add_sql[] = "INSERT OR IGNORE INTO study_includes(review_id, study_id, position) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = ev_db_stmt(db, cur_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, review);
	if (ev_db_step(db, st, "reading a review") != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	char *self = ev_xstrdup(ev_col_text(st, 0)), *list = ev_col_text(st, 1) ? ev_xstrdup(ev_col_text(st, 1)) : NULL;
	sqlite3_reset(st);
	int rc = 0, pos = 0;
	if (!(st = ev_db_stmt(db, del_sql))) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_int64(st, 1, review);
	if (ev_db_step(db, st, "replacing a review's studies") != SQLITE_DONE) {
		rc = -1;
		goto done;
	}
	for (char *p = list; p && *p && rc >= 0;) {
		char *e = strchr(p, ';');
		if (e)
			*e = '\0';
		int64_t id = 0;
		int found = ev_model_find(db, EV_STUDY, p, &id);
		if (found < 0) {
			rc = -1;
		} else if (!found || id == review) {
			char m[300]; /* a key (includes holds validated keys) */
			if (id == review && found)
				snprintf(m, sizeof m, "a review cannot include itself ('%s')", self);
			else
				snprintf(m, sizeof m, "no study '%s' in the database or in this import", p);
			problem(ud, "includes", m);
			rc = 1;
		} else if (rc == 0) {
			if (!(st = ev_db_stmt(db, add_sql))) {
				rc = -1;
				break;
			}
			sqlite3_bind_int64(st, 1, review);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_int(st, 3, ++pos);
			if (ev_db_step(db, st, "recording a review's studies") != SQLITE_DONE)
				rc = -1;
		}
		p = e ? e + 1 : p + strlen(p);
	}
done:
	free(self);
	free(list);
	return rc;
}

/* Fills the fields the input did not give: from the stored row when there
 * is one, else from the field defaults. */
static int fill_absent(struct ev_db *db, struct ev_record *r, const unsigned char *present, int64_t row)
{
	int n;
	ev_fields(r->kind, &n);
	if (row) {
		struct ev_record old = {0};
		if (ev_model_read(db, r->kind, row, &old)) {
			ev_record_free(&old);
			return -1;
		}
		for (int i = 0; i < n; i++) {
			if (present[i])
				continue;
			const struct ev_value *v = &old.v[i];
			if (v->type == EV_V_TEXT)
				ev_record_set_text(r, i, v->s, strlen(v->s));
			else if (v->type == EV_V_INT)
				ev_record_set_int(r, i, v->i);
			else if (v->type == EV_V_REAL)
				ev_record_set_real(r, i, v->d);
			else
				ev_record_set_null(r, i);
		}
		ev_record_free(&old);
	} else {
		for (int i = 0; i < n; i++)
			if (!present[i])
				ev_record_default(r, i);
	}
	return 0;
}

int ev_model_upsert(struct ev_db *db, struct ev_record *r, const unsigned char *present,
		    enum ev_change *change, int64_t *id, ev_problem_fn problem, void *ud)
{
	return ev_model_upsert_hint(db, r, present, 0, change, id, problem, ud);
}

int ev_model_is_empty(struct ev_db *db, enum ev_kind kind)
{
	static const char *const sql[] = {
		"SELECT NOT EXISTS (SELECT 1 FROM articles)",
		"SELECT NOT EXISTS (SELECT 1 FROM studies)",
		"SELECT NOT EXISTS (SELECT 1 FROM claims)",
		"SELECT NOT EXISTS (SELECT 1 FROM evidence)",
	};
	sqlite3_stmt *st = ev_db_stmt(db, sql[kind]);
	if (!st || ev_db_step(db, st, "looking at a table") != SQLITE_ROW)
		return -1;
	int empty = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return empty;
}

/* Recursive once at most: the retry passes likely_new = 0. */
// NOLINTNEXTLINE(misc-no-recursion)
int ev_model_upsert_hint(struct ev_db *db, struct ev_record *r, const unsigned char *present, int likely_new,
			 enum ev_change *change, int64_t *id, ev_problem_fn problem, void *ud)
{
	int64_t ref[2] = {0, 0}, row = 0;
	int rc;
	sqlite3_stmt *st;

	if (r->kind == EV_LINK) {
		int a = resolve(db, EV_CLAIM, r->v[0].s, "claim", &ref[0], problem, ud);
		if (a < 0)
			return -1;
		int b = resolve(db, EV_STUDY, r->v[1].s, "study", &ref[1], problem, ud);
		if (a || b)
			return b < 0 ? -1 : 1;
	}

	/* Into a table that was empty when the import began, a row is new
	 * unless the same input gave its key before: the insert's UNIQUE
	 * check finds that, so the lookup is skipped (see below). */
	if (!likely_new) {
		if (!(st = ev_db_stmt(db, find_sql[r->kind])))
			return -1;
		bind_record(st, r);
		bind_refs(db, st, r, ref);
		rc = ev_db_step(db, st, "looking up a key");
		if (rc < 0)
			return -1;
		if (rc == SQLITE_ROW)
			row = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (present) {
		int nf, all = 1;
		ev_fields(r->kind, &nf);
		for (int i = 0; i < nf; i++)
			all &= present[i] != 0;
		if (!all && fill_absent(db, r, present, row))
			return -1;
	}
	if (r->kind == EV_CLAIM && r->v[1].type == EV_V_TEXT &&
	    (rc = resolve(db, EV_ARTICLE, r->v[1].s, "article", &ref[0], problem, ud)) != 0)
		return rc;

	if (!row) {
		if (!(st = ev_db_stmt(db, insert_sql[r->kind])))
			return -1;
		bind_record(st, r);
		bind_refs(db, st, r, ref);
		rc = ev_db_step(db, st, "adding a row");
		if (rc == SQLITE_CONSTRAINT && likely_new) {
			/* Not new after all (the key came twice): the usual way,
			 * which finds the row; the import then reports the repeat. */
			sqlite3_reset(st);
			return ev_model_upsert_hint(db, r, present, 0, change, id, problem, ud);
		}
		if (rc == SQLITE_CONSTRAINT)
			return refused(db, st, r, 0, problem, ud);
		if (rc != SQLITE_DONE)
			return -1;
		row = sqlite3_last_insert_rowid(db->h);
		*change = EV_ADDED;
	} else {
		if (!(st = ev_db_stmt(db, update_sql[r->kind])))
			return -1;
		bind_record(st, r);
		bind_refs(db, st, r, ref);
		sqlite3_bind_int64(st, 99, row);
		rc = ev_db_step(db, st, "updating a row");
		if (rc == SQLITE_CONSTRAINT)
			return refused(db, st, r, row, problem, ud);
		if (rc != SQLITE_DONE)
			return -1;
		*change = sqlite3_changes(db->h) ? EV_UPDATED : EV_UNCHANGED;
	}
	sqlite3_reset(st);
	/* claims.topics changed with the row (it is part of the comparison);
	 * claim_topics, the index queries use, follows only then. */
	if (r->kind == EV_CLAIM && *change != EV_UNCHANGED) {
		int changed = 0;
		if (sync_topics(db, row, r->v[2].s, &changed))
			return -1;
	}
	/* A review's included studies, when every study is already there
	 * (add, edit); import resolves them after all its studies. */
	if (r->kind == EV_STUDY && *change != EV_UNCHANGED && !present &&
	    (rc = ev_model_sync_includes(db, row, problem, ud)) != 0)
		return rc;
	*id = row;
	return 0;
}

/* Indexes only lookups after a load use (the PubMed title check; a
 * study's links), so a load need not maintain them row by row. Not
 * claims_article: each added claim's position is found through it. */
static const char *const deferred_indexes[EV_KIND_COUNT][2] = {
	{NULL, NULL},
	{"studies_title", NULL},
	{NULL, NULL},
	{"evidence_study", NULL},
};

/* The additions of a bulk load, as events (010-additions-as-events.sql):
 * the rows' values are the rows themselves until they change. Their
 * search entries are queued as one range, from the table's first id to
 * its last (013-search-queue-ranges.sql): the table was empty, so every
 * row in it is new. At 1,000,000 studies a queue row each took 0.29 s. */
static const char *const added_sql[] = {
	"INSERT INTO history(change_id, kind, key, action, field) SELECT evidence_change(), 'article', key, 'add', "
	"'*' FROM articles ORDER BY id",
	"INSERT INTO history(change_id, kind, key, action, field) SELECT evidence_change(), 'study', key, 'add', "
	"'*' FROM studies ORDER BY id;"
	"INSERT INTO search_pending_range(first, last) SELECT 2 * (SELECT min(id) FROM studies), "
	"2 * (SELECT max(id) FROM studies) WHERE EXISTS (SELECT 1 FROM studies)",
	"INSERT INTO history(change_id, kind, key, action, field) SELECT evidence_change(), 'claim', key, 'add', "
	"'*' FROM claims ORDER BY id;"
	"INSERT INTO search_pending_range(first, last) SELECT 2 * (SELECT min(id) FROM claims) + 1, "
	"2 * (SELECT max(id) FROM claims) + 1 WHERE EXISTS (SELECT 1 FROM claims)",
	"INSERT INTO history(change_id, kind, key, study, outcome, action, field) SELECT evidence_change(), "
	"'link', c.key, s.key, e.outcome, 'add', '*' FROM evidence e JOIN claims c ON c.id = e.claim_id "
	"JOIN studies s ON s.id = e.study_id ORDER BY e.id",
};

/* What a bulk load sets aside: the deferred indexes, and the triggers that
 * stand aside during one anyway (their WHEN calls evidence_bulk()). The
 * triggers are dropped rather than left idle because an INSERT that may
 * fire a trigger runs in a statement transaction: SQLite copies every page
 * the row touches into a statement journal first, and once one statement
 * has spilled that journal to a temporary file, every later row writes
 * there. At 1,000,000 studies that was 10 million pwrite() calls and a
 * third of the import's time (docs/performance.md).
 * And into a history that holds nothing (a new database's first load),
 * history_key, made again after the additions are recorded (its rows
 * come last, column 3 set): by sorting, instead of taking 1,000,000 keys
 * one by one in the additions' order, 0.80 s instead of 1.03 (the
 * statements alone, twice each). A history with rows keeps its index,
 * since building it again would read them all. */
static const char deferred_sql[] =
	"SELECT type, name, sql, tbl_name = 'history' AS after FROM sqlite_schema WHERE sql IS NOT NULL AND "
	"((tbl_name = ?1 AND ((type = 'index' AND (name = ?2 OR name = ?3)) OR "
	"(type = 'trigger' AND instr(sql, 'evidence_bulk()') > 0))) OR "
	"(type = 'index' AND name = 'history_key' AND NOT EXISTS (SELECT 1 FROM history))) "
	"ORDER BY after, type, name";

int ev_model_bulk_begin(struct ev_db *db, enum ev_kind kind, struct ev_bulk *b)
{
	memset(b, 0, sizeof *b);
	b->kind = kind;
	sqlite3_stmt *st = ev_db_stmt(db, deferred_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, ev_kind_plurals[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, deferred_indexes[kind][0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, deferred_indexes[kind][1], -1, SQLITE_STATIC);
	struct ev_buf drop = {0};
	int rc;
	while ((rc = ev_db_step(db, st, "reading the schema")) == SQLITE_ROW) {
		if (b->n == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 8;
			b->sql = ev_xrealloc(b->sql, (size_t)b->cap * sizeof *b->sql);
		}
		b->sql[b->n++] = ev_xstrdup(ev_col_text(st, 2));
		if (!sqlite3_column_int(st, 3))
			b->nbefore = b->n;
		ev_buf_addf(&drop, "DROP %s \"%s\";", strcmp(ev_col_text(st, 0), "index") == 0 ? "INDEX" : "TRIGGER",
			    ev_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE && drop.len)
		rc = ev_db_exec(db, ev_buf_str(&drop), "setting up a bulk load") ? -1 : SQLITE_DONE;
	ev_buf_free(&drop);
	if (rc != SQLITE_DONE) {
		ev_model_bulk_abandon(db, b);
		return -1;
	}
	ev_db_set_bulk(db, 1);
	/* Every value of a loaded row was checked field by field, with its
	 * file and line, before it reached the table (validate.c, which
	 * refuses whatever the schema's CHECK constraints refuse); the
	 * constraints would check each again, on the thread that writes.
	 * A load sets them aside: 1,000,000 studies loaded in 9.1 s instead
	 * of 10.2 (medians of four in turn; CPU time 13.4 s against 14.5).
	 * Updates and every other write keep them. fuzz_import checks that
	 * every import it makes passes PRAGMA quick_check, which evaluates
	 * the constraints on every row. */
	if (ev_db_exec(db, "PRAGMA ignore_check_constraints=ON", "setting up a bulk load")) {
		ev_model_bulk_abandon(db, b);
		return -1;
	}
	return 0;
}

void ev_model_bulk_abandon(struct ev_db *db, struct ev_bulk *b)
{
	ev_db_set_bulk(db, 0);
	(void)ev_db_exec(db, "PRAGMA ignore_check_constraints=OFF", "ending a bulk load");
	for (int i = 0; i < b->n; i++)
		free(b->sql[i]);
	free(b->sql);
	b->sql = NULL;
	b->n = b->nbefore = b->cap = 0;
}

int ev_model_bulk_end(struct ev_db *db, struct ev_bulk *b)
{
	int rc = 0;
	ev_db_set_bulk(db, 0);
	for (int i = 0; i < b->nbefore && !rc; i++)
		rc = ev_db_exec(db, b->sql[i], "restoring the schema after a bulk load");
	if (!rc)
		rc = ev_db_exec(db, added_sql[b->kind], "recording the additions");
	for (int i = b->nbefore; i < b->n && !rc; i++)
		rc = ev_db_exec(db, b->sql[i], "restoring the schema after a bulk load");
	ev_model_bulk_abandon(db, b);
	return rc ? -1 : 0;
}

int ev_model_prune_topics(struct ev_db *db)
{
	return ev_db_exec(db, "DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM claim_topics)",
			  "removing unused topics");
}

/* ---- reading ---------------------------------------------------------- */

static const char *const key_find_sql[] = {
	"SELECT id FROM articles WHERE key = ?1",
	"SELECT id FROM studies WHERE key = ?1",
	"SELECT id FROM claims WHERE key = ?1",
	NULL,
	"SELECT id FROM topics WHERE key = ?1",
};

static const char *const key_list_sql[] = {
	"SELECT key FROM articles",
	"SELECT key FROM studies",
	"SELECT key FROM claims",
	NULL,
	"SELECT key FROM topics",
};

int ev_model_find(struct ev_db *db, enum ev_kind kind, const char *key, int64_t *id)
{
	sqlite3_stmt *st = ev_db_stmt(db, key_find_sql[kind]);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "looking up a key");
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

char *ev_model_nearest(struct ev_db *db, enum ev_kind kind, const char *key)
{
	if (!key_list_sql[kind])
		return NULL;
	sqlite3_stmt *st = ev_db_stmt(db, key_list_sql[kind]);
	char **keys = NULL, *near = NULL;
	size_t n = 0, cap = 0;
	while (st && ev_db_step(db, st, "listing keys") == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			keys = ev_xrealloc(keys, cap * sizeof *keys);
		}
		keys[n++] = ev_xstrdup(ev_col_text(st, 0));
	}
	if (st)
		sqlite3_reset(st);
	const char *best = ev_suggest(key, (const char *const *)keys, n);
	if (best)
		near = ev_xstrdup(best);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return near;
}

int ev_model_not_found(struct ev_db *db, enum ev_kind kind, const char *key)
{
	const char *what = kind == EV_KIND_COUNT ? "topic" : ev_kind_names[kind];
	char *near = ev_model_nearest(db, kind, key);
	if (near)
		ev_error("no %s '%s'; did you mean '%s'?", what, key, near);
	else
		ev_error("no %s '%s'", what, key);
	free(near);
	return -1;
}

static const char *const read_sql[] = {
	"SELECT key, title, author, publisher, url, published FROM articles WHERE id = ?1",
	"SELECT key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country, "
	"population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status, "
	"source, notes, includes, included_design FROM studies WHERE id = ?1",
	"SELECT c.key, a.key, c.topics, c.text, c.quote, "
	"c.stated_study, c.stated_n, c.stated_population, c.stated_country, c.stated_duration_months, "
	"c.stated_result, c.notes, c.outcome, c.asserts FROM claims c LEFT JOIN articles a ON a.id = c.article_id WHERE c.id = ?1",
	"SELECT c.key, s.key, e.direction, e.outcome, e.measure, e.estimate, e.ci_low, e.ci_high, e.p_value, "
	"e.n, e.indirect, e.notes, e.events_treat, e.total_treat, e.events_control, e.total_control, "
	"e.mean_treat, e.sd_treat, e.mean_control, e.sd_control, e.subgroup FROM evidence e JOIN claims c ON c.id = "
	"e.claim_id JOIN studies s ON s.id = e.study_id WHERE e.id = ?1",
};

int ev_model_read(struct ev_db *db, enum ev_kind kind, int64_t id, struct ev_record *r)
{
	int n;
	const struct ev_field *f = ev_fields(kind, &n);
	sqlite3_stmt *st = ev_db_stmt(db, read_sql[kind]);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = ev_db_step(db, st, "reading a row");
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ev_error("row %lld of %s vanished", (long long)id, ev_kind_plurals[kind]), -1
					 : -1;
	}
	ev_record_reset(r, kind);
	for (int i = 0; i < n; i++) {
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			ev_record_set_int(r, i, sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			ev_record_set_real(r, i, sqlite3_column_double(st, i));
			break;
		case SQLITE_TEXT:
			/* The identity outcome '' reads back as "not given". */
			if (sqlite3_column_bytes(st, i) > 0)
				ev_record_set_text(r, i, ev_col_text(st, i), (size_t)sqlite3_column_bytes(st, i));
			break;
		default:
			break;
		}
		(void)f;
	}
	sqlite3_reset(st);
	return 0;
}

void ev_ids_free(struct ev_ids *ids)
{
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

int ev_model_collect_ids(struct ev_db *db, sqlite3_stmt *st, struct ev_ids *out)
{
	int cap = 0, rc;
	out->v = NULL;
	out->n = 0;
	while ((rc = ev_db_step(db, st, "listing rows")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
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

static int collect_ids(struct ev_db *db, const char *sql, int64_t param, struct ev_ids *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, param);
	return ev_model_collect_ids(db, st, out);
}

int ev_model_claims_of_topic(struct ev_db *db, int64_t topic_id, struct ev_ids *out)
{
	static const char sql[] = "SELECT c.id FROM claim_topics ct JOIN claims c ON c.id = ct.claim_id LEFT JOIN "
				  "articles a ON a.id = c.article_id WHERE ct.topic_id = ?1 ORDER BY a.key, "
				  "c.position, c.key";
	return collect_ids(db, sql, topic_id, out);
}

int ev_model_claims_of_article(struct ev_db *db, int64_t article_id, struct ev_ids *out)
{
	static const char sql[] = "SELECT id FROM claims WHERE article_id = ?1 ORDER BY position, key";
	return collect_ids(db, sql, article_id, out);
}

int ev_model_links_of_study(struct ev_db *db, int64_t study_id, struct ev_ids *out)
{
	static const char sql[] = "SELECT e.id FROM evidence e JOIN claims c ON c.id = e.claim_id WHERE "
				  "e.study_id = ?1 ORDER BY c.key, e.outcome";
	return collect_ids(db, sql, study_id, out);
}

int ev_model_links_of_claim(struct ev_db *db, int64_t claim_id, struct ev_ids *out)
{
	static const char sql[] = "SELECT e.id FROM evidence e JOIN studies s ON s.id = e.study_id WHERE "
				  "e.claim_id = ?1 ORDER BY s.key, e.outcome";
	return collect_ids(db, sql, claim_id, out);
}

/* The strings of a list of links go into one buffer, named by offset + 1
 * (0: NULL) while it grows and made pointers at the end: four strings a
 * link, thousands of links for a large topic, one allocation. */
static size_t keep(struct ev_buf *store, const unsigned char *s, int n)
{
	if (!s)
		return 0;
	size_t at = store->len;
	ev_buf_add(store, s, (size_t)n);
	ev_buf_addc(store, '\0');
	return at + 1;
}

static const char *kept(const char *store, uintptr_t name) { return name ? store + name - 1 : NULL; }

/* Links in study key order, then outcome: the order SQL's ORDER BY s.key,
 * e.outcome gives (BINARY collation, that is byte order), with no ties
 * since a claim links a study once per outcome. */
static int cmp_link(const void *a, const void *b)
{
	const struct ev_link *x = a, *y = b;
	int c = strcmp(x->study, y->study);
	return c ? c : strcmp(x->outcome, y->outcome);
}

/* What is wrong with a link as read from the database, or NULL. Each rule
 * is a CHECK constraint of the schema, so only a row written by another
 * program with the checks off (PRAGMA ignore_check_constraints) or a
 * damaged file can break one; grading relies on them (names looked up in
 * tables, the logarithm of a ratio, the order of an interval), so such a
 * row stops the command rather than crash it or grade with NaN. */
static const char *link_damage(const struct ev_link *l, const char *design, const char *measure,
			       int ci_high_null)
{
	if ((int)l->direction < 0)
		return "an unknown direction";
	if ((int)l->rob < 0)
		return "an unknown risk of bias";
	if ((int)l->status < 0)
		return "an unknown status";
	if (design && l->design == EV_DESIGN_NONE)
		return "an unknown design";
	if (measure && l->measure == EV_MEASURE_NONE)
		return "an unknown measure";
	if (l->has_estimate && (l->measure == EV_MEASURE_NONE || !isfinite(l->estimate)))
		return "an estimate without a measure, or not a finite number";
	if (l->has_ci != !ci_high_null || (l->has_ci && (!l->has_estimate || !isfinite(l->ci_low) ||
							  !isfinite(l->ci_high) || !(l->ci_low < l->ci_high) ||
							  l->estimate < l->ci_low || l->estimate > l->ci_high)))
		return "a confidence interval that is incomplete, inverted or excludes its estimate";
	if (l->measure != EV_MEASURE_NONE && ev_measure_is_ratio(l->measure) && l->has_estimate &&
	    (!(l->estimate > 0) || (l->has_ci && !(l->ci_low > 0))))
		return "a ratio that is not above 0";
	if (l->has_p && !(l->p_value >= 0 && l->p_value <= 1))
		return "a p-value outside 0 to 1";
	/* 1e12 is the most validation accepts; sums of counts stay far
	 * from overflowing int64_t. */
	if (l->n < 0 || l->link_n < 0 || l->n > 1000000000000 || l->link_n > 1000000000000)
		return "a number of participants below 0 or above 10^12";
	return NULL;
}

int ev_model_links(struct ev_db *db, int64_t claim_id, struct ev_links *out)
{
	static const char sql[] =
		/* A subgroup's participants are its own (schema/008). */
		"SELECT s.id, s.key, s.year, s.design, e.direction, CASE WHEN e.subgroup IS NULL THEN coalesce(e.n, "
		"s.sample_size, e.total_treat + e.total_control) ELSE coalesce(e.n, e.total_treat + e.total_control) "
		"END, s.risk_of_bias, "
		"s.status, e.indirect, e.outcome, e.measure, e.estimate, e.ci_low, e.ci_high, e.p_value, s.title, "
		"e.notes, e.n, e.events_treat, e.total_treat, e.events_control, e.total_control, e.mean_treat, "
		"e.sd_treat, e.mean_control, e.sd_control, s.includes, s.included_design, s.funding, e.subgroup FROM "
		"evidence e "
		"JOIN studies s ON s.id = e.study_id WHERE e.claim_id = ?1";
	struct ev_buf store = EV_BUF_INIT;
	int cap = 0, rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, claim_id);
	while ((rc = ev_db_step(db, st, "reading evidence")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = ev_xrealloc(out->v, (size_t)cap * sizeof *out->v);
		}
		struct ev_link *l = &out->v[out->n++];
		memset(l, 0, sizeof *l);
		const char *design = ev_col_text(st, 3), *measure = ev_col_text(st, 10);
		l->study_id = sqlite3_column_int64(st, 0);
		l->year = sqlite3_column_int(st, 2);
		l->design = design ? (enum ev_design)ev_lookup(ev_design_names, design) : EV_DESIGN_NONE;
		l->direction = (enum ev_direction)ev_lookup(ev_direction_names, ev_col_text(st, 4));
		l->n = sqlite3_column_int64(st, 5);
		l->rob = (enum ev_rob)ev_lookup(ev_rob_names, ev_col_text(st, 6));
		l->status = (enum ev_status)ev_lookup(ev_status_names, ev_col_text(st, 7));
		l->indirect = sqlite3_column_int(st, 8);
		l->measure = measure ? (enum ev_measure)ev_lookup(ev_measure_names, measure) : EV_MEASURE_NONE;
		l->has_estimate = sqlite3_column_type(st, 11) != SQLITE_NULL;
		l->estimate = sqlite3_column_double(st, 11);
		l->has_ci = sqlite3_column_type(st, 12) != SQLITE_NULL;
		l->ci_low = sqlite3_column_double(st, 12);
		l->ci_high = sqlite3_column_double(st, 13);
		l->has_p = sqlite3_column_type(st, 14) != SQLITE_NULL;
		l->p_value = sqlite3_column_double(st, 14);
		l->link_n = sqlite3_column_int64(st, 17);
		const char *incd = ev_col_text(st, 27);
		l->included_design = incd ? (enum ev_included)ev_lookup(ev_included_names, incd) : EV_INCLUDED_NONE;
		/* Raw data, columns 18-25 in the order of ev_link's fields. */
		double *raw[8] = {&l->events_treat, &l->total_treat, &l->events_control, &l->total_control,
				  &l->mean_treat,   &l->sd_treat,    &l->mean_control,   &l->sd_control};
		int have = 0;
		for (int i = 0; i < 8; i++)
			if (sqlite3_column_type(st, 18 + i) != SQLITE_NULL) {
				*raw[i] = sqlite3_column_double(st, 18 + i);
				have |= 1 << i;
			}
		l->has_counts = (have & 0x0f) == 0x0f;
		l->has_means = (have & 0xfa) == 0xfa;
		/* The strings, by name until the store stops moving. */
		static const int cols[7] = {1, 9, 15, 16, 26, 28, 29};
		const char **to[7] = {&l->study,    &l->outcome, &l->title,	&l->notes,
				      &l->includes, &l->funding, &l->subgroup};
		for (int i = 0; i < 7; i++) {
			const unsigned char *t = sqlite3_column_text(st, cols[i]);
			/* A name, not an address: kept() turns it into one. */
			// NOLINTNEXTLINE(performance-no-int-to-ptr)
			*to[i] = (const char *)(uintptr_t)keep(&store, t, sqlite3_column_bytes(st, cols[i]));
		}
		/* The outcome's matching key, once here rather than at every
		 * comparison (ev_outcome_key appends its NUL). */
		// NOLINTNEXTLINE(performance-no-int-to-ptr)
		l->outcome_key = (const char *)(uintptr_t)(store.len + 1);
		ev_outcome_key(&store, (const char *)sqlite3_column_text(st, 9));
		const char *bad = link_damage(l, design, measure, sqlite3_column_type(st, 13) == SQLITE_NULL);
		if (!bad)
			ev_link_complete(l);
		if (bad) {
			const char *study = ev_col_text(st, 1);
			ev_error("'%s' is damaged: the evidence from study '%s' has %s, which evidence never writes "
				 "(was the file changed by another program?); 'sqlite3 %s \"PRAGMA integrity_check\"' "
				 "lists such rows",
				 db->path, study ? study : "?", bad, db->path);
			rc = -1;
			break;
		}
	}
	sqlite3_reset(st);
	out->store = ev_buf_take(&store);
	for (int i = 0; i < out->n; i++) {
		struct ev_link *l = &out->v[i];
		l->study = kept(out->store, (uintptr_t)l->study);
		l->outcome = kept(out->store, (uintptr_t)l->outcome);
		l->title = kept(out->store, (uintptr_t)l->title);
		l->notes = kept(out->store, (uintptr_t)l->notes);
		l->includes = kept(out->store, (uintptr_t)l->includes);
		l->funding = kept(out->store, (uintptr_t)l->funding);
		l->subgroup = kept(out->store, (uintptr_t)l->subgroup);
		l->outcome_key = kept(out->store, (uintptr_t)l->outcome_key);
	}
	/* Sorted here rather than by SQL: a sorter per claim was a
	 * measurable share of a query over a topic of hundreds of claims. */
	if (out->n > 1)
		qsort(out->v, (size_t)out->n, sizeof *out->v, cmp_link);
	if (rc != SQLITE_DONE) {
		ev_links_free(out);
		return -1;
	}
	return 0;
}

void ev_links_free(struct ev_links *l)
{
	free(l->store);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int ev_model_topics(struct ev_db *db, ev_topic_fn fn, void *ud)
{
	static const char sql[] = "SELECT t.key, count(ct.claim_id) FROM topics t LEFT JOIN claim_topics ct ON "
				  "ct.topic_id = t.id GROUP BY t.id ORDER BY t.key";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	int rc;
	if (!st)
		return -1;
	while ((rc = ev_db_step(db, st, "listing topics")) == SQLITE_ROW)
		if (fn(ud, ev_col_text(st, 0), sqlite3_column_int64(st, 1))) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_model_setting(struct ev_db *db, const char *name, char *buf, size_t size)
{
	sqlite3_stmt *st = ev_db_stmt(db, "SELECT value FROM settings WHERE name = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "reading a setting"), found = 0;
	if (rc == SQLITE_ROW) {
		snprintf(buf, size, "%s", ev_col_text(st, 0) ? ev_col_text(st, 0) : "");
		found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

int ev_model_set_setting(struct ev_db *db, const char *name, const char *value)
{
	sqlite3_stmt *st = ev_db_stmt(db, value ? "INSERT INTO settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) "
						  "DO UPDATE SET value = excluded.value"
						: "DELETE FROM settings WHERE name = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "saving a setting");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
