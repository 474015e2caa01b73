/*
 * model_curate.c: entity SQL for add, link, edit and rm.
 *
 * Removal deletes in dependency order (links, topics, claims, then the row
 * itself) so that foreign keys hold at every step and the history
 * triggers can still name the claim and study of each link they record.
 */
#include "model_curate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "similar.h"
#include "util.h"

int ev_model_links_between(struct ev_db *db, int64_t claim, int64_t study, struct ev_link_refs *out)
{
	static const char sql[] = "SELECT id, outcome FROM evidence WHERE claim_id = ?1 AND study_id = ?2 ORDER BY "
				  "outcome";
	int cap = 0, rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, claim);
	sqlite3_bind_int64(st, 2, study);
	while ((rc = ev_db_step(db, st, "listing links")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 4;
			out->id = ev_xrealloc(out->id, (size_t)cap * sizeof *out->id);
			out->outcome = ev_xrealloc(out->outcome, (size_t)cap * sizeof *out->outcome);
		}
		out->id[out->n] = sqlite3_column_int64(st, 0);
		out->outcome[out->n++] = ev_xstrdup(ev_col_text(st, 1) ? ev_col_text(st, 1) : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ev_link_refs_free(out);
		return -1;
	}
	return 0;
}

void ev_link_refs_free(struct ev_link_refs *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->outcome[i]);
	free(l->outcome);
	free(l->id);
	memset(l, 0, sizeof *l);
}

int ev_model_rename(struct ev_db *db, enum ev_kind kind, int64_t id, const char *key, ev_problem_fn problem,
		    void *ud)
{
	static const char *const sql[] = {
		"UPDATE articles SET key = ?2 WHERE id = ?1 AND key IS NOT ?2",
		"UPDATE studies SET key = ?2 WHERE id = ?1 AND key IS NOT ?2",
		"UPDATE claims SET key = ?2 WHERE id = ?1 AND key IS NOT ?2",
	};
	if (kind == EV_LINK || kind >= EV_KIND_COUNT)
		return -1;
	sqlite3_stmt *st = ev_db_stmt(db, sql[kind]);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "renaming");
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT) {
		char m[300]; /* a validated key: at most 100 bytes */
		snprintf(m, sizeof m, "'%s' is already the key of another %s", key, ev_kind_names[kind]);
		problem(ud, "key", m);
		return 1;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_model_move_link(struct ev_db *db, int64_t id, int64_t claim, int64_t study, const char *outcome,
		       ev_problem_fn problem, void *ud)
{
	static const char sql[] = "UPDATE evidence SET claim_id = ?2, study_id = ?3, outcome = ?4 WHERE id = ?1 AND "
				  "(claim_id IS NOT ?2 OR study_id IS NOT ?3 OR outcome IS NOT ?4)";
	static const char keys_sql[] = "SELECT (SELECT key FROM claims WHERE id = ?1), (SELECT key FROM studies "
				       "WHERE id = ?2)";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, claim);
	sqlite3_bind_int64(st, 3, study);
	sqlite3_bind_text(st, 4, outcome ? outcome : "", -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "moving a link");
	sqlite3_reset(st);
	if (rc != SQLITE_CONSTRAINT)
		return rc == SQLITE_DONE ? 0 : -1;
	if (!(st = ev_db_stmt(db, keys_sql)))
		return -1;
	sqlite3_bind_int64(st, 1, claim);
	sqlite3_bind_int64(st, 2, study);
	if (ev_db_step(db, st, "naming a link") != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	/* The outcome is free text: quoted whole. */
	char *m = outcome && *outcome ? ev_xasprintf("claim '%s' already has a link to study '%s' for outcome '%s'",
						     ev_col_text(st, 0), ev_col_text(st, 1), outcome)
				      : ev_xasprintf("claim '%s' already has a link to study '%s' without an outcome",
						     ev_col_text(st, 0), ev_col_text(st, 1));
	sqlite3_reset(st);
	problem(ud, "outcome", m);
	free(m);
	return 1;
}

static void add_name(struct ev_dependents *d, int *cap, char *name)
{
	if (d->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		d->names = ev_xrealloc(d->names, (size_t)*cap * sizeof *d->names);
	}
	d->names[d->n++] = name;
}

int ev_model_dependents(struct ev_db *db, enum ev_kind kind, int64_t id, struct ev_dependents *out)
{
	/* key, outcome, links behind the row, links of the same key (an
	 * outcome is named only to tell a key's several links apart) */
	static const char *const sql[] = {
		"SELECT c.key, '', (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id), 1 FROM claims c WHERE "
		"c.article_id = ?1 ORDER BY c.position, c.key",
		"SELECT c.key, e.outcome, 1, count(*) OVER (PARTITION BY c.id) FROM evidence e JOIN claims c ON c.id = "
		"e.claim_id WHERE e.study_id = ?1 ORDER BY c.key, e.outcome",
		"SELECT s.key, e.outcome, 1, count(*) OVER (PARTITION BY s.id) FROM evidence e JOIN studies s ON s.id = "
		"e.study_id WHERE e.claim_id = ?1 ORDER BY s.key, e.outcome",
	};
	int cap = 0, rc;
	memset(out, 0, sizeof *out);
	if (kind == EV_LINK)
		return 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql[kind]);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = ev_db_step(db, st, "listing what depends on it")) == SQLITE_ROW) {
		const char *key = ev_col_text(st, 0), *outcome = ev_col_text(st, 1);
		int several = sqlite3_column_int(st, 3) > 1;
		add_name(out, &cap,
			 several && outcome && *outcome ? ev_xasprintf("%s (%s)", key, outcome) : ev_xstrdup(key));
		out->links += sqlite3_column_int(st, 2);
		if (kind == EV_ARTICLE)
			out->claims++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ev_dependents_free(out);
		return -1;
	}
	return 0;
}

void ev_dependents_free(struct ev_dependents *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->names[i]);
	free(d->names);
	memset(d, 0, sizeof *d);
}

static int remove_claim(struct ev_db *db, int64_t id)
{
	return ev_db_exec_id(db, "DELETE FROM evidence WHERE claim_id = ?1", id, "removing links") ||
	       ev_db_exec_id(db, "DELETE FROM claim_topics WHERE claim_id = ?1", id, "removing topics") ||
	       ev_db_exec_id(db, "DELETE FROM claims WHERE id = ?1", id, "removing a claim");
}

int ev_model_remove(struct ev_db *db, enum ev_kind kind, int64_t id)
{
	switch (kind) {
	case EV_LINK:
		return ev_db_exec_id(db, "DELETE FROM evidence WHERE id = ?1", id, "removing a link");
	case EV_STUDY:
		return ev_db_exec_id(db, "DELETE FROM evidence WHERE study_id = ?1", id, "removing links") ||
			       ev_db_exec_id(db, "DELETE FROM studies WHERE id = ?1", id, "removing a study")
			       ? -1
			       : 0;
	case EV_CLAIM:
		return remove_claim(db, id) || ev_model_prune_topics(db) ? -1 : 0;
	case EV_ARTICLE: {
		struct ev_ids claims = {0};
		if (ev_model_claims_of_article(db, id, &claims))
			return -1;
		for (int i = 0; i < claims.n; i++)
			if (remove_claim(db, claims.v[i])) {
				ev_ids_free(&claims);
				return -1;
			}
		ev_ids_free(&claims);
		return ev_db_exec_id(db, "DELETE FROM articles WHERE id = ?1", id, "removing an article") ||
			       ev_model_prune_topics(db)
			       ? -1
			       : 0;
	}
	default:
		return -1;
	}
}

int ev_model_similar_studies(struct ev_db *db, const struct ev_record *r, int64_t self, ev_similar_fn fn,
			     void *ud)
{
	static const char sql[] = "SELECT key, authors, title FROM studies WHERE year = ?1 AND id IS NOT ?2 "
				  "AND authors IS NOT NULL ORDER BY key";
	const struct ev_value *year = ev_record_get(r, "year");
	const char *authors = ev_record_text(r, "authors"), *title = ev_record_text(r, "title");
	/* Whole names: two that differ past any cut are two authors. */
	struct ev_buf family = EV_BUF_INIT, other = EV_BUF_INIT;
	if (year->type != EV_V_INT || !authors || !title || !ev_first_author(authors, &family)) {
		ev_buf_free(&family);
		return 0;
	}
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st) {
		ev_buf_free(&family);
		return -1;
	}
	sqlite3_bind_int64(st, 1, year->i);
	sqlite3_bind_int64(st, 2, self);
	int rc;
	while ((rc = ev_db_step(db, st, "looking for similar studies")) == SQLITE_ROW) {
		ev_first_author(ev_col_text(st, 1), &other);
		if (strcmp(ev_buf_str(&family), ev_buf_str(&other)) != 0)
			continue;
		double sim = ev_title_similarity(title, ev_col_text(st, 2));
		if (sim >= EV_TITLE_SIMILAR)
			fn(ud, ev_col_text(st, 0), ev_col_text(st, 1), sim);
	}
	sqlite3_reset(st);
	ev_buf_free(&family);
	ev_buf_free(&other);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_model_each_dated_study(struct ev_db *db, ev_study_fn fn, void *ud)
{
	static const char sql[] = "SELECT key, authors, title, year FROM studies WHERE year IS NOT NULL AND authors "
				  "IS NOT NULL";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	int rc;
	while ((rc = ev_db_step(db, st, "looking for similar studies")) == SQLITE_ROW)
		fn(ud, ev_col_text(st, 0), ev_col_text(st, 1), ev_col_text(st, 2), sqlite3_column_int64(st, 3));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
