/*
 * assess.h: everything known about one claim, ready to print: its record,
 * its evidence links, the grade with its reasons, and the pooled effects.
 * Reads through model.h and computes through grade.h and meta.h; shared by
 * query, report and explain so they always agree.
 */
#ifndef EV_ASSESS_H
#define EV_ASSESS_H

#include "grade.h"
#include "model.h"

struct ev_assessment {
	int64_t claim_id;
	struct ev_record claim;     /* the claim's fields (validate.h order) */
	struct ev_links links;      /* all its links, counted or not */
	struct ev_grade grade;
	int npooled;                /* pooled groups (k >= 2) over countable links */
	struct ev_group *pooled;    /* (allocated; every such group, however many) */
	int studies;                /* distinct studies linked (counted or not) */
	int64_t participants;       /* sum of distinct countable studies' n */
	struct ev_meta_opts opts;   /* how the pooled groups were pooled (meta.h) */
	/* When retracted studies are linked: how many links, their keys
	 * ("a, b") and the grade with them counted (retraction.h). */
	int retracted;
	struct ev_buf retracted_names;
	struct ev_grade with_retracted;
};

/* Loads and grades a claim. 0, or -1 (reported). Free with
 * ev_assessment_free even after a failure. */
int ev_assess(struct ev_db *db, int64_t claim_id, struct ev_assessment *a);
/* The same for a claim already read (as ev_model_read reads it, e.g. by
 * ev_model_each_topic_claim); the record is copied. */
int ev_assess_claim(struct ev_db *db, int64_t claim_id, const struct ev_record *claim, struct ev_assessment *a);
void ev_assessment_free(struct ev_assessment *a);
/* ev_assess and ev_assess_claim with the pooled groups pooled by o's
 * estimator and interval (NULL: the default, DerSimonian-Laird with z). */
int ev_assess_opts(struct ev_db *db, int64_t claim_id, const struct ev_meta_opts *o, struct ev_assessment *a);
int ev_assess_claim_opts(struct ev_db *db, int64_t claim_id, const struct ev_record *claim,
			 const struct ev_meta_opts *o, struct ev_assessment *a);

/* Reads the record of every study that as[0..n)'s links name, each once,
 * in order of first appearance, into *out (allocated; free with
 * ev_records_free). 0, or -1 (reported; *out is then empty). */
int ev_assess_studies(struct ev_db *db, const struct ev_assessment *as, int n, struct ev_record **out,
		      int *nout);
void ev_records_free(struct ev_record *r, int n);

#endif
