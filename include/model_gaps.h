/*
 * model_gaps.h: what the curated data still lacks before it answers its
 * claims well: the rows of `evidence gaps`, and of any list of curation
 * work (a study never assessed for risk of bias is one row here and in
 * `studies --incomplete` alike). Part of the one database layer.
 */
#ifndef EV_MODEL_GAPS_H
#define EV_MODEL_GAPS_H

#include <stdint.h>

#include "db.h"
#include "validate.h"

enum ev_gap_what {
	EV_GAP_NO_EVIDENCE,   /* a claim without any link */
	EV_GAP_UNVERIFIED,    /* a claim whose links none count, some to unverified studies */
	EV_GAP_NOT_COUNTED,   /* a claim whose links none count (retracted studies, no design) */
	EV_GAP_INDIRECT,      /* a claim whose counted links are all indirect */
	EV_GAP_NO_ESTIMATE,   /* a link without an estimate */
	EV_GAP_NO_N,          /* a link with an estimate but no participant count (link n or study size) */
	EV_GAP_NO_ROB,        /* a study never assessed for risk of bias */
	EV_GAP_COUNT
};
/* "no evidence", "only unverified evidence", ... */
extern const char *const ev_gap_names[];

/* One gap. Strings are borrowed for the call. */
struct ev_gap {
	enum ev_gap_what what;
	enum ev_kind kind;      /* EV_CLAIM, EV_LINK or EV_STUDY */
	const char *key;        /* the claim or the study; a link's claim */
	const char *study;      /* a link's study, else NULL */
	const char *outcome;    /* a link's outcome ("" when none), else NULL */
	const char *detail;     /* what is there instead, for a person */
};
typedef int (*ev_gap_fn)(void *ud, const struct ev_gap *g);

/* Calls fn for each gap among the claims of article `article` and/or of
 * topic `topic` (0: any), their links and the studies those cite (with
 * neither, every claim and every study): claims in article order, each
 * claim's gap then its links', then the studies in key order. fn returns
 * nonzero to stop. 0 or -1 (reported). */
int ev_model_gaps(struct ev_db *db, int64_t article, int64_t topic, ev_gap_fn fn, void *ud);

#endif
