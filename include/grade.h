/*
 * grade.h: how strongly a claim is supported. The GRADE-inspired rule of
 * docs/grading.md, applied to a claim's evidence links. Pure: no SQL, no
 * I/O; every number that moved the grade is kept for `evidence explain`.
 */
#ifndef EV_GRADE_H
#define EV_GRADE_H

#include <stdint.h>

#include "domain.h"
#include "meta.h"

/* One evidence link as the rule sees it. Strings are borrowed. */
struct ev_link {
	int64_t study_id;       /* distinct studies count their participants once */
	const char *study;      /* study key */
	int year;               /* 0 when unknown */
	enum ev_design design;  /* EV_DESIGN_NONE when unknown */
	enum ev_direction direction;
	int64_t n;              /* analysed participants (link n, else study size); 0 unknown */
	enum ev_rob rob;
	enum ev_status status;
	int indirect;
	const char *outcome;    /* "" when not given */
	enum ev_measure measure;
	int has_estimate, has_ci;
	double estimate, ci_low, ci_high, p_value;
	int has_p;
	/* For display only; the rule ignores these. */
	const char *title;
	const char *notes;
	int64_t link_n;         /* n given on the link itself; 0 when it defaults */
	/* Raw data (schema/006), appended: counts or means with the totals.
	 * When a link has raw data but no published estimate, the reader
	 * fills estimate and CI from them (linkeffect.h) and sets computed. */
	int has_counts, has_means;
	double events_treat, total_treat, events_control, total_control;
	double mean_treat, sd_treat, mean_control, sd_control;
	int computed;           /* estimate and CI were computed from raw data */
};

/* A pooled group: links of one claim with the same outcome and measure and
 * a usable estimate and CI. Pooling needs k >= 2; single estimates are kept
 * as groups of one so grading can use them. */
struct ev_group {
	const char *outcome;    /* borrowed from the first link */
	enum ev_measure measure;
	int k;
	int64_t participants;   /* sum over the group's distinct studies */
	struct ev_pool pool;    /* pooled (k >= 2) or the single estimate (k == 1) */
	int first;              /* index of the group's first link */
	int indirect;           /* how many of its links are indirect */
};

/* Groups the countable links (see ev_link_counts) in links[0..n) that have
 * an estimate and CI, pools each group, and stores every group in out in
 * first-appearance order; out has room for n groups (each group has at
 * least one link, so there are never more). `mask`, when not NULL, keeps
 * only links with mask[i] set. Returns the number of groups. */
int ev_group_links(const struct ev_link *links, int n, const unsigned char *mask, struct ev_group *out);

/* The sum over distinct studies of each one's largest n, among the links
 * of links[0..n) selected by mask and weight (either NULL: all); a study
 * with several links counts once. *distinct, when not NULL, gets the
 * number of distinct studies. O(n log n). */
int64_t ev_links_participants(const struct ev_link *links, int n, const unsigned char *mask,
			      const unsigned char *weight, int *distinct);

/* True when a link counts toward the grade: its study is verified (not
 * unverified or retracted) and it has a design. */
int ev_link_counts(const struct ev_link *l);

/* One step of the rule, for explain and for the reasons list. */
struct ev_step {
	const char *name;  /* "start", "risk of bias", "inconsistency", ... */
	int applies;       /* 1 when it changed (or set) the grade */
	int delta;         /* levels added (+) or removed (-) */
	char text[320];    /* the numbers behind it, in words */
};

#define EV_MAX_STEPS 12
struct ev_grade {
	enum ev_verdict verdict;
	int certainty;          /* 1..4, or 0 when insufficient */
	int top_level;          /* design level of the top tier, 0 when none */
	int top_links;          /* supports/contradicts links in the top tier */
	int top_supports, top_contradicts;
	int64_t top_participants;
	int counted;            /* countable supports/contradicts links */
	int not_counted;        /* links skipped (unverified, retracted, no design) */
	int downgrades, upgrade;
	int ngroups;            /* the top tier's groups (every one is checked) */
	int has_primary;        /* 1 when the top tier has an estimate: */
	struct ev_group primary; /* the one that answers the claim (see grade.c) */
	int nsteps;
	struct ev_step steps[EV_MAX_STEPS];
};

/* Applies the rule to links[0..n) and fills g. Never fails. */
void ev_grade(const struct ev_link *links, int n, struct ev_grade *g);

#endif
