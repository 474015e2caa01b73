/*
 * model.h: typed reads and writes of articles, studies, claims, topics and
 * evidence links. All entity SQL lives in model.c; callers deal in records
 * (validate.h) and links (grade.h), never in SQL.
 */
#ifndef EV_MODEL_H
#define EV_MODEL_H

#include <stdint.h>

#include "db.h"
#include "grade.h"
#include "validate.h"

/* What an upsert did. */
enum ev_change { EV_ADDED, EV_UPDATED, EV_UNCHANGED };

/* Writes a validated record, matched by key (links by claim, study and
 * outcome). `present` (NULL: all) marks the fields the input gave: an
 * absent field keeps its stored value on update and takes its default on
 * insert, so a file with fewer columns never erases data. Resolves references (a claim's article, a link's claim and
 * study) and reports a missing one, a DOI or PMID already used by another
 * study, through `problem` (column and message) and returns 1. Returns 0
 * on success with *change and *id set, or -1 after a database error was
 * reported. */
int ev_model_upsert(struct ev_db *db, struct ev_record *r, const unsigned char *present,
		    enum ev_change *change, int64_t *id, ev_problem_fn problem, void *ud);

/* ev_model_upsert for bulk loads: with likely_new set (the table was
 * empty when the load began) the key lookup is skipped and a repeated key
 * is found by the insert's own UNIQUE check. */
int ev_model_upsert_hint(struct ev_db *db, struct ev_record *r, const unsigned char *present, int likely_new,
			 enum ev_change *change, int64_t *id, ev_problem_fn problem, void *ud);
/* 1 when the table of `kind` has no rows, 0 when it has, -1 on error. */
int ev_model_is_empty(struct ev_db *db, enum ev_kind kind);

/* A bulk load into a table that held no rows when it began: its rows are
 * all additions, so history and the search queue record them in one
 * statement at the end (the per-row triggers are dropped, and stand aside
 * by ev_db_set_bulk as well), and the indexes nothing reads during the
 * load are built once, after it. Both come back from their definitions in
 * the schema, inside the same transaction. */
struct ev_bulk {
	enum ev_kind kind;
	char **sql; /* CREATE INDEX and CREATE TRIGGER statements to run at the end */
	int n, cap;
	int nbefore; /* how many of them run before the additions are recorded */
};
/* Starts a bulk load of `kind`. 0 or -1 (reported). */
int ev_model_bulk_begin(struct ev_db *db, enum ev_kind kind, struct ev_bulk *b);
/* Ends it: restores the triggers, rebuilds the deferred indexes, records every row of the table
 * as added in history and queues it for search. 0 or -1 (reported). */
int ev_model_bulk_end(struct ev_db *db, struct ev_bulk *b);
/* Ends it without recording (the transaction is being rolled back). */
void ev_model_bulk_abandon(struct ev_db *db, struct ev_bulk *b);

/* Makes study_includes hold the studies that review `review`'s includes
 * column names, in order. A key that names no study, or the review itself,
 * is reported through `problem` (column "includes") and gives 1. Returns
 * 0, 1, or -1 (database error, reported). ev_model_upsert calls it for a
 * study when `present` is NULL (add, edit); import calls it once all its
 * studies are written, so a review may come before what it includes. */
int ev_model_sync_includes(struct ev_db *db, int64_t review, ev_problem_fn problem, void *ud);

/* Removes topics no claim uses any more (after claims changed topics). */
int ev_model_prune_topics(struct ev_db *db);

/* Finds the id of an article, study or claim by key, or of a topic when
 * kind is EV_KIND_COUNT. Returns 1 found, 0 not found, -1 error. */
int ev_model_find(struct ev_db *db, enum ev_kind kind, const char *key, int64_t *id);

/* The existing key of `kind` nearest to `key` when it looks like a typo
 * (see ev_suggest); allocated (caller frees), or NULL (also for links).
 * Topics when kind is EV_KIND_COUNT. */
char *ev_model_nearest(struct ev_db *db, enum ev_kind kind, const char *key);
/* Reports "no KIND 'KEY'" with the nearest existing key as a suggestion;
 * kind EV_KIND_COUNT means topic. Returns -1. */
int ev_model_not_found(struct ev_db *db, enum ev_kind kind, const char *key);

/* Reads one row into r (fields in canonical order; a claim's article and
 * topics and a link's claim and study as keys). 0, or -1 (reported). */
int ev_model_read(struct ev_db *db, enum ev_kind kind, int64_t id, struct ev_record *r);

/* A list of row ids (allocated; free ids). */
struct ev_ids {
	int64_t *v;
	int n;
};
void ev_ids_free(struct ev_ids *ids);
/* Steps `st` (prepared and bound) to the end, collecting its first
 * column's integers into `out`; resets it. 0 or -1 (reported). */
int ev_model_collect_ids(struct ev_db *db, sqlite3_stmt *st, struct ev_ids *out);
/* Claims tagged with a topic, or of an article, in article order (then
 * key). 0 or -1 (reported). */
int ev_model_claims_of_topic(struct ev_db *db, int64_t topic_id, struct ev_ids *out);
int ev_model_claims_of_article(struct ev_db *db, int64_t article_id, struct ev_ids *out);
/* Evidence rows of a study (by claim key) or of a claim (by study key). */
int ev_model_links_of_study(struct ev_db *db, int64_t study_id, struct ev_ids *out);
int ev_model_links_of_claim(struct ev_db *db, int64_t claim_id, struct ev_ids *out);

/* A claim's evidence links with what grading and display need. The
 * strings are owned by the list; free with ev_links_free. */
struct ev_links {
	struct ev_link *v;
	int n;
	char *store; /* the links' strings, in one allocation */
};
int ev_model_links(struct ev_db *db, int64_t claim_id, struct ev_links *out);
void ev_links_free(struct ev_links *l);

/* Topic keys with the number of claims tagged, in key order. */
typedef int (*ev_topic_fn)(void *ud, const char *key, int64_t claims);
int ev_model_topics(struct ev_db *db, ev_topic_fn fn, void *ud);

/* A database default (the settings table of schema/006): copies the value
 * of setting `name` into buf. Returns 1 found, 0 not set, -1 error
 * (reported). */
int ev_model_setting(struct ev_db *db, const char *name, char *buf, size_t size);
/* Sets (value not NULL) or clears a database default; the table's CHECK
 * admits only known names and values. Returns 0 or -1 (reported). */
int ev_model_set_setting(struct ev_db *db, const char *name, const char *value);

#endif
