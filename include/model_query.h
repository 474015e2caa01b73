/*
 * model_query.h: the reads behind `evidence query`, shaped for a topic of
 * a large database: its claims come from one statement, in order, each
 * read in full, instead of a list of ids and a statement per claim. Part
 * of the database layer (the SQL is in model_query.c).
 */
#ifndef EV_MODEL_QUERY_H
#define EV_MODEL_QUERY_H

#include <stdint.h>

#include "db.h"
#include "validate.h"

/* Calls fn(ud, id, r) for each claim tagged with the topic, in the order
 * of ev_model_claims_of_topic (article, position in it, key), with r
 * filled as ev_model_read fills a claim; r is valid until fn returns. fn
 * returns 0 to go on; anything else stops the walk and is returned.
 * Returns 0, or -1 (reported). */
typedef int (*ev_claim_fn)(void *ud, int64_t id, const struct ev_record *r);
int ev_model_each_topic_claim(struct ev_db *db, int64_t topic_id, ev_claim_fn fn, void *ud);

#endif
