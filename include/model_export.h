/*
 * model_export.h: the reads behind `evidence export` and `evidence dump`:
 * which studies a filter selects, the claims a study bears on, and every
 * row of a table in the canonical order of a dump. Part of the database
 * layer (the SQL is in model_export.c); callers deal in ids and records.
 */
#ifndef EV_MODEL_EXPORT_H
#define EV_MODEL_EXPORT_H

#include <stdint.h>

#include "db.h"
#include "model.h"
#include "validate.h"

/* Calls fn(ud, id, r) for the studies linked to any of `claims` plus the
 * studies in `studies`, or for every study when `all` is set; each once,
 * in key order, streamed from one statement. r holds the study's fields
 * (validate.h order); with `citation`, only those ev_cite_from_record
 * reads (the others are NULL), which is all a citation format needs. Its
 * text is borrowed until fn returns. fn returns 0 to go on; anything else
 * stops the walk and is returned. Returns 0, or -1 (reported). */
typedef int (*ev_study_fn)(void *ud, int64_t id, const struct ev_record *r);
int ev_model_each_study(struct ev_db *db, const struct ev_ids *claims, const struct ev_ids *studies, int all,
			int citation, ev_study_fn fn, void *ud);

/* One evidence link of a study, as an export lists it. */
struct ev_study_claim {
	int64_t claim_id;
	char *claim;      /* claim key (owned) */
	char *direction;  /* owned */
	char *outcome;    /* owned; NULL when the link names no outcome */
};

struct ev_study_claims {
	struct ev_study_claim *v;
	int n;
};

/* The links of a study, by claim key then outcome. 0 or -1 (reported).
 * Free with ev_study_claims_free even after a failure. */
int ev_model_study_claims(struct ev_db *db, int64_t study_id, struct ev_study_claims *out);
void ev_study_claims_free(struct ev_study_claims *sc);

/* Every row of a kind in dump order: articles and studies by key; claims
 * by article key (claims without an article last), then their position in
 * the article, so that importing the file recreates the article order;
 * evidence by claim key, study key and outcome. Fills out (free with
 * ev_ids_free). 0 or -1 (reported). */
int ev_model_dump_ids(struct ev_db *db, enum ev_kind kind, struct ev_ids *out);

#endif
