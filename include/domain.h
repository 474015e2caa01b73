/*
 * domain.h: the vocabulary of the evidence store (designs, directions,
 * measures, verdicts ...) as enums, with their CSV/SQL spellings. The
 * spellings are part of the CSV and JSON contracts: extend, never rename.
 */
#ifndef EV_DOMAIN_H
#define EV_DOMAIN_H

#include <stddef.h>

enum ev_design {
	EV_DESIGN_NONE = -1, /* unverified records may lack a design */
	EV_DESIGN_META_ANALYSIS,
	EV_DESIGN_SYSTEMATIC_REVIEW,
	EV_DESIGN_RCT,
	EV_DESIGN_NON_RANDOMIZED_TRIAL,
	EV_DESIGN_COHORT,
	EV_DESIGN_CASE_CONTROL,
	EV_DESIGN_CROSS_SECTIONAL,
	EV_DESIGN_CASE_SERIES,
	EV_DESIGN_ANIMAL,
	EV_DESIGN_IN_VITRO,
	EV_DESIGN_REVIEW,
	EV_DESIGN_OTHER,
	EV_DESIGN_COUNT
};

enum ev_direction { EV_SUPPORTS, EV_CONTRADICTS, EV_INCONCLUSIVE, EV_DIRECTION_COUNT };

/* RD (risk difference) came last so the others keep their numbers. */
enum ev_measure { EV_MEASURE_NONE = -1, EV_RR, EV_OR, EV_HR, EV_MD, EV_SMD, EV_RD, EV_MEASURE_COUNT };

enum ev_rob { EV_ROB_LOW, EV_ROB_SOME, EV_ROB_HIGH, EV_ROB_UNKNOWN, EV_ROB_COUNT };

enum ev_status { EV_VERIFIED, EV_UNVERIFIED, EV_RETRACTED, EV_STATUS_COUNT };

enum ev_verdict { EV_SUPPORTED, EV_CONTRADICTED, EV_MIXED, EV_INSUFFICIENT, EV_VERDICT_COUNT };

/* What a claim asserts about the effect, relative to the measure's null
 * (claims.asserts); EV_ASSERTS_NONE when not recorded. */
enum ev_asserts { EV_ASSERTS_NONE = -1, EV_ASSERTS_LOWER, EV_ASSERTS_HIGHER, EV_ASSERTS_NO_EFFECT, EV_ASSERTS_COUNT };

/* What a review pools (studies.included_design); EV_INCLUDED_NONE when
 * not recorded. */
enum ev_included { EV_INCLUDED_NONE = -1, EV_INCLUDED_RCT, EV_INCLUDED_OBSERVATIONAL, EV_INCLUDED_MIXED,
		   EV_INCLUDED_COUNT };

/* NULL-terminated spelling tables, indexed by the enums above. */
extern const char *const ev_design_names[];
extern const char *const ev_direction_names[];
extern const char *const ev_measure_names[];
extern const char *const ev_rob_names[];
extern const char *const ev_status_names[];
extern const char *const ev_verdict_names[];
extern const char *const ev_asserts_names[];  /* "lower", "higher", "no-effect" */
extern const char *const ev_included_names[]; /* "rct", "observational", "mixed" */
/* Certainty 1..4 -> "very-low", "low", "moderate", "high"; 0 -> NULL. */
const char *ev_certainty_name(int certainty);

/* Returns the index of `s` in a NULL-terminated table, or -1. */
int ev_lookup(const char *const *table, const char *s);

/* Design level used by the grading rule: 4, 2 or 1 (0 for none). */
int ev_design_level(enum ev_design d);
/* True for RR, OR and HR, which are pooled on the log scale and whose
 * line of no effect is 1 (0 for MD, SMD and RD). */
int ev_measure_is_ratio(enum ev_measure m);

#endif
