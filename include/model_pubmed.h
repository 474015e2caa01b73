/*
 * model_pubmed.h: the entity SQL behind importing PubMed records: finding
 * the study a record already is (by PMID or DOI), making a new study's key
 * unique, and spotting a likely duplicate that has neither identifier.
 * Writes still go through ev_model_upsert (model.h).
 */
#ifndef EV_MODEL_PUBMED_H
#define EV_MODEL_PUBMED_H

#include <stdint.h>

#include "db.h"
#include "util.h"
#include "validate.h"

/* A study found by identifier. Owns doi: ev_study_match_free. */
struct ev_study_match {
	int64_t id;
	char key[128];    /* keys are at most 100 bytes */
	char status[16];  /* verified, unverified, retracted */
	char *doi;        /* as recorded, whole (a DOI's suffix has no limit); NULL when none */
};

/* Frees what *m holds and zeroes it; a zeroed match (or one that
 * ev_model_study_by_ids left unfilled) is fine. */
void ev_study_match_free(struct ev_study_match *m);

/* Finds the study recorded with `pmid` (0: none given) or `doi` (NULL:
 * none given; compared without regard to case, as DOIs are). Returns 1
 * with *m filled (free it with ev_study_match_free, whatever the result), 0 when neither is recorded, 2 when the two identifiers
 * point at different studies, or the DOI's study has another PMID (a
 * problem reported through `problem` on column "pmid" or "doi"), or -1
 * after a database error was reported. */
int ev_model_study_by_ids(struct ev_db *db, int64_t pmid, const char *doi, struct ev_study_match *m,
			  ev_problem_fn problem, void *ud);

/* Writes into *key the first of base, base-b, base-c ... (ev_key_candidate)
 * that no study has, starting at candidate *from (0: base itself), and
 * sets *collided when a candidate was taken; *from becomes the one after
 * the key given. A caller adding many studies with one base keeps *from
 * per base, so the n-th does not try the n-1 before it again. Returns 0
 * or -1 (reported). */
int ev_model_free_key(struct ev_db *db, const char *base, struct ev_buf *key, int *collided, unsigned *from);

/* Looks for a study other than `self` with the same year and the same
 * title, ignoring (ASCII) case and a final period: the likely duplicate
 * of a record that matched by neither PMID nor DOI. Returns 1 with the
 * key of the first recorded such study in *key, 0 when there is none, -1
 * (reported). */
int ev_model_same_title(struct ev_db *db, const char *title, int64_t year, int64_t self, struct ev_buf *key);

#endif
