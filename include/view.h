/*
 * view.h: the shapes data takes on the way out: the JSON objects of the
 * public contract (a claim's assessment, a record) and the short text
 * forms tables use for effects. Pure: builds values, prints nothing.
 */
#ifndef EV_VIEW_H
#define EV_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "assess.h"
#include "validate.h"

/* The claim as `query --format json` promises it: key, text, article,
 * verdict, certainty, studies, participants, reasons, pooled, evidence
 * (plus extra fields; never fewer). Returns a new reference. */
json_t *ev_assessment_json(const struct ev_assessment *a);

/* The same, for a walk over many claims that writes each one out and lets
 * it go before the next: the evidence links' objects are kept in `pool`
 * and refilled for the next claim instead of built anew (objects still
 * held elsewhere are left alone). Returns a new reference. */
struct ev_json_pool;
struct ev_json_pool *ev_json_pool_new(void); /* allocates */
void ev_json_pool_free(struct ev_json_pool *pool);
json_t *ev_assessment_json_pooled(const struct ev_assessment *a, struct ev_json_pool *pool);

/* Egger's regression test (bias.h) on the claim's primary pooled group
 * (the grading's, else its largest): the group (NULL when none is
 * pooled), the test (0, or -1 when the group has fewer than 3 effects),
 * and as JSON: {outcome, measure, intercept, se, statistic, df, p, k,
 * limit}, or null when k < 3. */
struct ev_egger;
const struct ev_group *ev_assessment_egger_group(const struct ev_assessment *a);
int ev_assessment_egger(const struct ev_assessment *a, const struct ev_group *g, struct ev_egger *e);
json_t *ev_egger_json(const struct ev_assessment *a);

/* One evidence link and one pooled group, as inside a claim's JSON. */
json_t *ev_link_json(const struct ev_link *l);
json_t *ev_group_json(const struct ev_group *g);

/* The grade's additions of docs/grading.md: a body of evidence, its five
 * domains ({"risk_of_bias": {"change": -1, "reason": "..."}, ...}) and its
 * upgrade; ev_grade_json_add sets "asserts", "asserts_inferred", "bodies",
 * and the primary body's "domains" and "upgrade" (null without one) on o. */
json_t *ev_body_json(const struct ev_body *b);
json_t *ev_domains_json(const struct ev_body *b);
json_t *ev_upgrade_json(const struct ev_body *b);
void ev_grade_json_add(json_t *o, const struct ev_grade *g);

/* A record's fields by column name: integers and reals as JSON numbers,
 * yes/no as booleans, absent values as null. Returns a new reference. */
json_t *ev_record_json(const struct ev_record *r);

/* "OR 0.48 (0.32 to 0.71)", or "" when the link has no estimate. The text
 * is a measure, numbers and fixed words (no value of the user's): 128
 * bytes hold it. */
const char *ev_link_effect_text(const struct ev_link *l, char *buf, size_t size);

/* Warns on stderr (unless -q) of each counted link of a that is left out
 * of pooling because its effect is too large for it (ev_link_too_large),
 * naming the claim, the link and its effect: import accepted the numbers,
 * so query, explain and meta must not pool around them unseen. */
void ev_warn_not_pooled(const struct ev_assessment *a);
/* Appends "outcome: k=3 RR 0.49 (0.34 to 0.70), I2 92%" for a pooled
 * group: the outcome is the user's text, as long as it is. */
void ev_group_summary(const struct ev_group *g, struct ev_buf *b);
/* The rest of a pooled result, in words: "Q 152.2 (df 12, p < 0.0001),
 * tau2 0.3088, tau 0.5557, H2 12.69, I2 92.1% (95% CI 82.2% to 97.1%);
 * overall effect z = -3.995, p < 0.0001; prediction interval 0.1559 to
 * 1.537 (z), 0.1345 to 1.78 (t, df 11)". decimals: the prediction
 * intervals are on the estimate's scale, so `meta` writes them with its
 * estimates' decimals (numfmt.h); -1 keeps four significant digits, as
 * report and explain have always printed them. Numbers and fixed words
 * only: 1 KiB holds them. */
const char *ev_group_details(const struct ev_group *g, int decimals, char *buf, size_t size);
/* ev_group_summary, followed by how it was pooled ("(REML random
 * effects)") when the pooling options were chosen (not the default). */
void ev_group_line(const struct ev_group *g, int chosen, struct ev_buf *b);
/* How a pooled result is made, in words: "DerSimonian-Laird random
 * effects" for the default (NULL), "REML random effects, HKSJ interval",
 * "fixed effect", ... (static). */
const char *ev_meta_label(const struct ev_meta_opts *o);

#endif
