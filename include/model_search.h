/*
 * model_search.h: finding things. Full-text search over studies and
 * claims (the FTS5 index of schema/002-search.sql), and the list of
 * studies with what each still lacks for grading.
 */
#ifndef EV_MODEL_SEARCH_H
#define EV_MODEL_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "validate.h"

/* Brings the search index up to date with the rows that writes queued in
 * search_pending (schema/005-faster-writes.sql) and the ranges of rows
 * bulk loads queued in search_pending_range (013), in set-based statements
 * of up to 1,024 queued rows (FTS5 writes a segment at the end of every
 * statement that changes it, so a statement for many rows beats one per
 * row by far), and empties the queue; unless `defer` > 0 and the queue
 * holds that many rows or more: then indexing is left to the next search,
 * so that a bulk import does not pay for it. 0 or -1. */
int ev_model_search_index(struct ev_db *db, int64_t defer);
#define EV_SEARCH_DEFER 10000
/* ev_model_search_index(db, EV_SEARCH_DEFER): the commit hook of writing
 * commands (ev_db_set_commit_hook). */
int ev_model_search_sync(struct ev_db *db);
/* Before a search: indexes whatever writes left queued (a large import
 * defers it), taking the write lock briefly even in a reading command.
 * Returns 0 when the index is up to date, -1 on error (reported),
 * and when the rows cannot be indexed because the database cannot be
 * written, their number (warned about: the search will not find them). */
int64_t ev_model_search_catch_up(struct ev_db *db);

/* Counts the tokens the search index's tokenizer finds in s[0..n) (an
 * ev_token_count_fn; ud is the struct ev_db). Returns -1 after reporting
 * when the tokenizer is unavailable. */
int ev_model_search_tokens(void *db, const char *s, size_t n);

/* Marks around the matched words in snippets; callers replace them with
 * what their format shows. Control characters, which no stored text can
 * contain (validation refuses them). */
#define EV_MARK_OPEN '\x02'
#define EV_MARK_CLOSE '\x03'

/* One hit. Strings are borrowed for the callback's duration. */
struct ev_hit {
	enum ev_kind kind;   /* EV_STUDY or EV_CLAIM */
	const char *key;
	const char *field;   /* the column the snippet is from: title, authors, text, quote, notes, key */
	const char *snippet; /* with EV_MARK_OPEN/CLOSE around matches */
	const char *heading; /* the study's title or the claim's text, in full */
	double score;        /* bm25, made positive: higher is better */
};

typedef int (*ev_hit_fn)(void *ud, const struct ev_hit *hit);

/* Runs an FTS5 query (from ev_search_query) over `kind` (EV_STUDY,
 * EV_CLAIM, or EV_KIND_COUNT for both), best first, at most `limit`
 * hits; *total gets the number of hits without the limit. Returns 0 or
 * -1 (reported). */
int ev_model_search(struct ev_db *db, const char *query, enum ev_kind kind, int64_t limit, ev_hit_fn fn,
		    void *ud, int64_t *total);

/* A study as `evidence studies` lists it. Strings are borrowed. */
struct ev_study_row {
	const char *key, *title, *authors, *journal, *design, *status, *doi;
	const char *risk_of_bias; /* NULL read as unknown */
	int64_t year, sample_size, pmid; /* 0 when not recorded */
};

/* What a study lacks before it can count toward a grade (design,
 * sample_size, authors or year missing, or status unverified) or before
 * its grade is complete (risk_of_bias never assessed: unknown, unless the
 * study is retracted). Writes the names into needs (NULL-terminated, at
 * most 7) and returns how many. */
int ev_study_needs(const struct ev_study_row *s, const char *needs[7]);

/* Lists studies in key order: all of them, or (incomplete) those with
 * something in ev_study_needs. fn returns nonzero to stop. 0 or -1. */
int ev_model_studies(struct ev_db *db, int incomplete, int (*fn)(void *ud, const struct ev_study_row *s),
		     void *ud);

/* An evidence link that `evidence studies --incomplete` lists: one with an
 * estimate but no n of its own, so that its participants are taken from
 * the study's sample_size (0 when that is missing too), which a subgroup
 * or a single outcome seldom has. Strings are borrowed. */
struct ev_link_todo {
	const char *claim, *study, *outcome, *measure; /* outcome "" when none */
	double estimate, ci_low, ci_high;
	int has_ci;
	int64_t sample_size;
};

/* Lists those links by study, claim and outcome. fn returns nonzero to
 * stop. 0 or -1. */
int ev_model_links_without_n(struct ev_db *db, int (*fn)(void *ud, const struct ev_link_todo *l), void *ud);

#endif
