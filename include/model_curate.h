/*
 * model_curate.h: the entity SQL the curation commands need beyond the
 * upsert of model.h: finding a link by claim, study and outcome, renaming
 * a row's identity, what depends on a row and removing it, and studies
 * that may duplicate a new one. Part of the one database layer.
 */
#ifndef EV_MODEL_CURATE_H
#define EV_MODEL_CURATE_H

#include <stdint.h>

#include "db.h"
#include "validate.h"

/* The links of a claim to a study: row ids and outcomes ("" when none),
 * in outcome order. Allocated; free with ev_link_refs_free. */
struct ev_link_refs {
	int n;
	int64_t *id;
	char **outcome;
};
int ev_model_links_between(struct ev_db *db, int64_t claim, int64_t study, struct ev_link_refs *out);
void ev_link_refs_free(struct ev_link_refs *l);

/* Gives an article, study or claim a new key. Returns 0, 1 when the key
 * is taken (reported through problem as column "key"), or -1 (reported). */
int ev_model_rename(struct ev_db *db, enum ev_kind kind, int64_t id, const char *key, ev_problem_fn problem,
		    void *ud);
/* Moves a link to another claim, study or outcome (NULL or "" for none).
 * Returns 0, 1 when that link exists already (reported through problem as
 * column "outcome"), or -1. */
int ev_model_move_link(struct ev_db *db, int64_t id, int64_t claim, int64_t study, const char *outcome,
		       ev_problem_fn problem, void *ud);

/* What refers to a row and so stops its removal: the links citing a
 * study, the links of a claim, the claims of an article (and their
 * links). `names` lists them as a person reads them: for a study's links
 * the claims, for a claim's links the studies ("key" or "key (outcome)"),
 * for an article its claims. Allocated; free with ev_dependents_free. */
struct ev_dependents {
	int links;   /* links that would go */
	int claims;  /* claims that would go (an article's) */
	int n;
	char **names;
};
int ev_model_dependents(struct ev_db *db, enum ev_kind kind, int64_t id, struct ev_dependents *out);
void ev_dependents_free(struct ev_dependents *d);

/* Removes a row and everything that depends on it (its links; an
 * article's claims and their links; a claim's topics, and topics no
 * claim uses any more). Check ev_model_dependents first: this removes
 * them all. 0 or -1 (reported). */
int ev_model_remove(struct ev_db *db, enum ev_kind kind, int64_t id);

/* Calls fn for each other study (not row `self`) with the same year and
 * first author's family name as the study record r and a title at least
 * EV_TITLE_SIMILAR alike (similar.h); `similarity` is that score. Does
 * nothing when r lacks a year, authors or title. 0 or -1 (reported). */
typedef void (*ev_similar_fn)(void *ud, const char *key, const char *authors, double similarity);
int ev_model_similar_studies(struct ev_db *db, const struct ev_record *r, int64_t self, ev_similar_fn fn,
			     void *ud);

/* Calls fn for every study with a year and authors (key, authors, title,
 * year), in one scan: import's near-duplicate check keeps them in memory
 * rather than scanning the table once per study it adds. 0 or -1. */
typedef void (*ev_study_fn)(void *ud, const char *key, const char *authors, const char *title, int64_t year);
int ev_model_each_dated_study(struct ev_db *db, ev_study_fn fn, void *ud);

#endif
