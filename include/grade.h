/*
 * grade.h: how strongly a claim is supported. The GRADE rule of
 * docs/grading.md: a claim's links are grouped into bodies of evidence
 * (outcome, measure, randomized or observational), each body is pooled and
 * rated on GRADE's five domains from its numbers, and the claim takes the
 * verdict and certainty of its primary body. Pure: no SQL, no I/O; every
 * number that moved the grade is kept for `evidence explain`.
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
	/* A review's studies: ';'-separated keys of the studies it pools
	 * (NULL: not recorded), and what they are (EV_INCLUDED_NONE: not
	 * recorded). */
	const char *includes;
	enum ev_included included_design;
	const char *funding;    /* the study's funding, NULL when not recorded */
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
	/* The subgroup the result is about (schema/008), NULL for the whole
	 * study; n is then the link's own, 0 when not reported. */
	const char *subgroup;
	/* ev_outcome_key of outcome, which groups match by; the reader
	 * fills it once per link, NULL: computed where needed. */
	const char *outcome_key;
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

/* True for a design that pools other studies (meta-analysis, systematic
 * review): the studies it may include are in `includes`. */
int ev_design_is_review(enum ev_design d);

/* True when funding text names industry (docs/grading.md lists the words). */
int ev_funding_is_industry(const char *funding);

/* One step of the rule, for explain and for the reasons list. */
struct ev_step {
	const char *name;  /* "start", "risk of bias", "inconsistency", ... */
	int applies;       /* 1 when it changed (or set) the grade */
	int delta;         /* levels added (+) or removed (-) */
	char *text;        /* the numbers behind it, in words (owned: ev_grade_free) */
};

/* Design families: bodies are rated separately for each. */
enum ev_family { EV_RANDOMIZED, EV_OBSERVATIONAL, EV_OTHER_DESIGNS, EV_FAMILY_COUNT };
extern const char *const ev_family_names[]; /* "randomized", "observational", "other" */

/* GRADE's five domains, in the order they are shown. */
enum ev_domain { EV_RISK_OF_BIAS, EV_INCONSISTENCY, EV_INDIRECTNESS, EV_IMPRECISION, EV_PUBLICATION_BIAS,
		 EV_DOMAIN_COUNT };
extern const char *const ev_domain_keys[];  /* "risk_of_bias", ... (the JSON keys) */
extern const char *const ev_domain_names[]; /* "risk of bias", ... (the words) */

/* A domain's or the upgrade's change and the numbers behind it. The
 * reasons here and in ev_body are numbers, measures and fixed words only
 * (no key, outcome or other text of the user's, whose lists go in notes
 * and the steps), so their fixed size always holds them. */
struct ev_rating {
	int change;        /* 0, -1, -2 for a domain; 0, +1, +2 for the upgrade */
	char reason[480];
};

/* A body of evidence: the counted links of one outcome (case, spacing and
 * Unicode forms ignored: ev_outcome_key), one measure and one design
 * family. */
struct ev_body {
	const char *outcome;     /* as the first link writes it (borrowed); "" when none */
	enum ev_measure measure; /* EV_MEASURE_NONE: no link gives a measure */
	enum ev_family family;
	int start;               /* starting level: 4, 2 or 1 */
	int links;               /* counted links in the body */
	int used;                /* links rated: without those set aside (indirect, overlap) */
	int studies;             /* distinct studies rated */
	int64_t participants;    /* their participants, overlap not summed */
	int k;                   /* estimates pooled */
	int has_pool;
	struct ev_pool pool;     /* on the measure's scale; k == 1: as published */
	/* The comparator as the pooled links' control arms record it (raw
	 * data, schema/006), for a Summary of Findings (sof.h): events and
	 * participants summed over the links with counts (GRADEpro's "study
	 * population" risk), and the control mean weighted by arm size over
	 * the links with means. Totals are 0 when no pooled link has them. */
	double control_events, control_total;
	double control_mean, control_mean_total;
	int supports, contradicts, inconclusive; /* labels of the rated links */
	enum ev_verdict verdict;
	int certainty;           /* 1..4; 0 when the body decides nothing */
	int primary;             /* 1 for the claim's primary body */
	struct ev_rating domain[EV_DOMAIN_COUNT];
	struct ev_rating upgrade;
	char start_reason[480];  /* family, links, participants, assumptions */
	char verdict_reason[480];
	char *notes;             /* what was set aside and why; possible overlap: NULL when
				  * nothing, else owned (ev_grade_free), as long as its lists */
};

/* What the rule needs to know about the claim itself. */
struct ev_claim_facts {
	const char *outcome;     /* claims.outcome: the primary body's outcome; NULL or "" */
	enum ev_asserts asserts; /* EV_ASSERTS_NONE: inferred from the links */
};

#define EV_MAX_STEPS 16
struct ev_grade {
	enum ev_verdict verdict;
	int certainty;          /* 1..4, or 0 when insufficient */
	int top_level;          /* the primary body's starting level, 0 when none */
	int64_t top_participants; /* the primary body's participants */
	int counted;            /* countable links */
	int not_counted;        /* links skipped (unverified, retracted, no design) */
	enum ev_asserts asserts; /* as recorded or inferred; EV_ASSERTS_NONE when neither */
	int asserts_inferred;
	int nbodies;
	struct ev_body *bodies; /* (allocated; free with ev_grade_free) */
	int primary;            /* index into bodies, -1 when none */
	int64_t participants;   /* the claim's counted participants, reviews' trials once */
	int nsteps;
	struct ev_step steps[EV_MAX_STEPS];
};

/* Applies the rule to links[0..n) of a claim described by `c` (NULL: no
 * outcome, asserts inferred) and fills g. Never fails; free with
 * ev_grade_free. */
void ev_grade_claim(const struct ev_link *links, int n, const struct ev_claim_facts *c, struct ev_grade *g);
/* ev_grade_claim with c NULL. */
void ev_grade(const struct ev_link *links, int n, struct ev_grade *g);
void ev_grade_free(struct ev_grade *g);

/* The rule's defaults, documented in docs/grading.md. */
#define EV_OIS_RATIO 1806    /* participants: control risk 20%, RRR 25%, alpha 0.05, power 0.8 */
#define EV_OIS_CONTINUOUS 400 /* participants: GRADE's rule of thumb for MD and SMD */
#define EV_SMALL_STUDY 200   /* participants below which a study is small */

#endif
