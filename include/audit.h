/*
 * audit.h: checking what an article says about a study against the
 * study's record. For a claim with stated details (study name, n,
 * population, country, duration, result) it finds the study meant, compares
 * every detail with tolerances, ranks the other studies whose records the
 * details resemble more (a likely conflation), and compares the stated
 * result with the graded verdict. The rules are in docs/audit.md. Pure: no
 * SQL, no I/O.
 */
#ifndef EV_AUDIT_H
#define EV_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "util.h"
#include "grade.h"
#include "population.h"

/* ---- single comparisons (exposed for the unit tests and the docs) ---- */

/* Outcome of one comparison. */
enum ev_check {
	EV_CHECK_MATCH,     /* the article agrees with the record */
	EV_CHECK_MISMATCH,  /* it does not (beyond the tolerance) */
	EV_CHECK_UNCHECKED, /* the record does not say, so it cannot be checked */
	EV_CHECK_NOT_FOUND, /* the study named is not in the database */
	EV_CHECK_COUNT
};
/* "match", "mismatch", "unchecked", "not-found". */
extern const char *const ev_check_names[];

/* Each comparison below puts its detail in words into *detail, replacing
 * what it held ("" when there is nothing to say); the detail quotes the
 * texts compared, whole. */

/* Sample sizes: a match when within 5% of the record's n. The detail says
 * how far off ("+63 (+35%)"). */
#define EV_AUDIT_N_TOLERANCE 0.05
enum ev_check ev_audit_n(int64_t stated, int64_t record, struct ev_buf *detail);

/* Durations in months ("36" or a range "84-120"): a match when the
 * stated value or range overlaps the record's, the record's widened by
 * max(3 months, 10% of its upper end). A value that does not parse is a
 * mismatch with a detail saying so. */
#define EV_AUDIT_MONTHS_TOLERANCE 3.0
#define EV_AUDIT_MONTHS_RELATIVE 0.10
enum ev_check ev_audit_duration(const char *stated, const char *record, struct ev_buf *detail);

/* Countries, by name or alias ("U.S.", "US", "USA", "United States",
 * "America"; "Holland", "NL", "Dutch" ...). Several countries may be listed
 * (", ", ";", "/", "and", "&"): every country the article names must be
 * among the record's. Unknown names are compared as folded text. */
enum ev_check ev_audit_country(const char *stated, const char *record, struct ev_buf *detail);
/* The canonical English name of a country or alias ("Netherlands" for
 * "Holland"), or NULL when not known. Borrowed. */
const char *ev_country_name(const char *s, size_t n);

/* Compares two populations facet by facet (sex, menopausal status, age,
 * health and disease). Mismatch when any facet conflicts (a condition
 * the record names and the article leaves out conflicts too: a selected
 * patient group described as a general one); match when none conflicts
 * and at least one facet is confirmed; unchecked when nothing the article
 * states is in the record. *partial (may be NULL) is set when some facets
 * agree and others conflict; *agreed (may be NULL) is set to the agreeing
 * facets in words ("postmenopausal women"). */
enum ev_check ev_audit_population(const char *stated, const char *record, struct ev_buf *detail, int *partial,
				  struct ev_buf *agreed);

/* The stated-result vocabulary (docs/audit.md lists the synonyms). */
enum ev_result { EV_RESULT_SUPPORTS, EV_RESULT_CONTRADICTS, EV_RESULT_NO_EFFECT, EV_RESULT_MIXED, EV_RESULT_COUNT };
/* "supports", "contradicts", "no-effect", "mixed". */
extern const char *const ev_result_names[];
/* The result a stated_result text means, or -1 when it is not in the
 * vocabulary. */
int ev_result_parse(const char *s);
/* Whether a claim's text denies an effect ("did not", "no", "never",
 * "n't"), which turns a reported null result into support for it. */
int ev_claim_is_negative(const char *text);
/* How the article presents the evidence relative to the claim: supports
 * (backs it), contradicts (goes against it) or mixed, given the stated
 * result and the claim text. */
enum ev_direction ev_result_stance(enum ev_result r, const char *claim_text);

/* How strongly `name` (an article's way of naming a study: "VitaK-CAC
 * trial", "Rotterdam Study", "Knapen 2015") names a study: 3 in its key or
 * by first author and year, 2 in its title, 1 in its notes, 0 not at all.
 * Generic words (study, trial, the, cohort, randomized ...) are ignored and
 * spelling variants meet ("VitaK-CAC" = "vitakcac"). */
struct ev_audit_study;
int ev_audit_name_strength(const char *name, const struct ev_audit_study *s);

/* ---- a claim's audit ------------------------------------------------- */

/* A study as the audit sees it. Strings are borrowed and may be NULL. */
struct ev_audit_study {
	const char *key, *title, *authors, *notes;
	int year;                 /* 0 when unknown */
	enum ev_status status;
	const char *country, *population, *duration;
	int64_t n;                /* sample size, 0 when unknown */
};

/* A claim with what the article states about its study. */
struct ev_audit_claim {
	const char *key, *text;
	const char *study, *population, *country, *duration, *result; /* stated_*; NULL when not stated */
	int64_t n;                /* stated_n, 0 when not stated */
	enum ev_verdict verdict;  /* the grade (assess.h) */
	int certainty;
	const struct ev_link *links; /* the claim's evidence links */
	int nlinks;
};

/* One line of a claim's audit. */
struct ev_audit_item {
	const char *field;        /* "study", "n", "population", "country", "duration", "result", "verdict" */
	enum ev_check status;
	char *article, *record, *detail; /* owned; never NULL */
};

/* Another study whose record the stated details resemble. */
struct ev_audit_candidate {
	int study;                /* index into the studies */
	double score;             /* details matched; a partly matching population counts 0.5 */
	int matched;              /* details fully matched */
	char *summary;            /* owned: "n 244, postmenopausal women, 36 months" */
};

enum ev_resolved { EV_RESOLVED_NONE, EV_RESOLVED_NAME, EV_RESOLVED_LINK };
#define EV_AUDIT_MAX_ITEMS 8

struct ev_audit_result {
	int audited;              /* the claim states at least one detail */
	int study;                /* index of the study compared, or -1 */
	enum ev_resolved how;
	int *named;               /* owned: every study the name matches, best first */
	int nnamed;
	double score;             /* the compared study's detail score */
	int ndetails;             /* details stated (n, population, country, duration) */
	struct ev_audit_item items[EV_AUDIT_MAX_ITEMS];
	int nitems;
	struct ev_audit_candidate *cands; /* owned, best first: the five best at most */
	int ncands;
	int more_cands;           /* candidates beyond those five, which are not kept */
	int problems;             /* mismatches, a missing study, closer matches */
};

/* Audits one claim against the studies in s[0..ns). Which study is meant:
 * with stated_study, the studies the name matches at the strongest
 * strength found (key > title > notes), ordered verified first, then
 * linked to the claim, then strength, then key: the first is compared and
 * the rest are listed; without a name, the claim's linked study whose
 * record fits the details best. Candidates: other studies matching at
 * least two details and more details than the study compared. Fills r
 * (free with ev_audit_result_free). */
void ev_audit_claim(const struct ev_audit_claim *c, const struct ev_audit_study *s, int ns,
		    struct ev_audit_result *r);
void ev_audit_result_free(struct ev_audit_result *r);

#endif
