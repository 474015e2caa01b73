/*
 * population.h: a study population read out of free text ("older men and
 * postmenopausal women", "patients with coronary artery disease"), facet
 * by facet, for audit's comparison of what an article states with the
 * record (audit.h, docs/audit.md).
 */
#ifndef EV_POPULATION_H
#define EV_POPULATION_H

#include <stddef.h>

#include "util.h"

/* Populations, by the words that matter. */
enum ev_sex { EV_SEX_UNSTATED, EV_SEX_WOMEN, EV_SEX_MEN, EV_SEX_BOTH };
enum ev_meno { EV_MENO_UNSTATED, EV_MENO_PRE, EV_MENO_PERI, EV_MENO_POST };
struct ev_population {
	enum ev_sex sex;
	enum ev_meno meno;
	int has_age;            /* an age range is stated */
	int age_vague;          /* "older", "adults", "children": a loose range */
	double age_lo, age_hi;  /* years; age_hi is HUGE_VAL for "55+" */
	unsigned conditions;    /* EV_COND_* bits named as present */
	unsigned excluded;      /* named as absent: "without prior myocardial infarction" */
	int healthy;            /* "healthy", "healthy volunteers" */
};
/* Reads the sex, menopausal status, age, health state and conditions out
 * of a free-text population ("older men and postmenopausal women",
 * "patients with coronary artery disease, men and women"). */
void ev_population_parse(const char *s, struct ev_population *p);
/* Name of condition bit `bit` ("coronary artery disease"), or NULL. */
const char *ev_condition_name(int bit);
/* The facets in words again, as audit's details show them: "women",
 * "postmenopausal", "60+" / "under 18" / "40-60" (into buf), and the
 * conditions of `bits` joined by ", " (appended to b). */
const char *ev_sex_words(enum ev_sex s);
const char *ev_meno_words(enum ev_meno m);
const char *ev_age_words(const struct ev_population *p, char *buf, size_t size);
void ev_conditions_words(unsigned bits, struct ev_buf *b);
/* The conditions of `a` with no related condition in `b` (the same one,
 * or one that is a kind of the other: "myocardial infarction" and
 * "coronary artery disease"). */
unsigned ev_conditions_unmatched(unsigned a, unsigned b);

#endif
