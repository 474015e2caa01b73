/*
 * domain.c: spellings of the store's enums. The schema's CHECK
 * constraints list the same words; keep the two in step.
 */
#include "domain.h"

#include <string.h>

const char *const ev_design_names[] = {
	"meta-analysis", "systematic-review", "rct", "non-randomized-trial", "cohort",
	"case-control", "cross-sectional", "case-series", "animal", "in-vitro",
	"review", "other", NULL,
};
const char *const ev_direction_names[] = {"supports", "contradicts", "inconclusive", NULL};
const char *const ev_measure_names[] = {"RR", "OR", "HR", "MD", "SMD", "RD", NULL};
const char *const ev_rob_names[] = {"low", "some", "high", "unknown", NULL};
const char *const ev_status_names[] = {"verified", "unverified", "retracted", NULL};
const char *const ev_verdict_names[] = {"supported", "contradicted", "mixed", "insufficient", NULL};
const char *const ev_asserts_names[] = {"lower", "higher", "no-effect", NULL};
const char *const ev_included_names[] = {"rct", "observational", "mixed", NULL};

const char *ev_certainty_name(int certainty)
{
	static const char *const names[] = {NULL, "very-low", "low", "moderate", "high"};
	return certainty >= 1 && certainty <= 4 ? names[certainty] : NULL;
}

int ev_lookup(const char *const *table, const char *s)
{
	for (int i = 0; table[i]; i++)
		if (strcmp(table[i], s) == 0)
			return i;
	return -1;
}

int ev_design_level(enum ev_design d)
{
	switch (d) {
	case EV_DESIGN_RCT:
	case EV_DESIGN_META_ANALYSIS:
	case EV_DESIGN_SYSTEMATIC_REVIEW:
		return 4;
	case EV_DESIGN_NON_RANDOMIZED_TRIAL:
	case EV_DESIGN_COHORT:
	case EV_DESIGN_CASE_CONTROL:
	case EV_DESIGN_CROSS_SECTIONAL:
		return 2;
	case EV_DESIGN_CASE_SERIES:
	case EV_DESIGN_ANIMAL:
	case EV_DESIGN_IN_VITRO:
	case EV_DESIGN_REVIEW:
	case EV_DESIGN_OTHER:
		return 1;
	default:
		return 0;
	}
}

int ev_measure_is_ratio(enum ev_measure m) { return m == EV_RR || m == EV_OR || m == EV_HR; }
