/*
 * linkeffect.h: an evidence link's effect on the analysis scale, from its
 * raw data (counts or means, through effect.h) when it has them, else from
 * its published estimate and 95% CI (meta.h). Grading, pooling, the plots
 * and the checks of validate.c all go through here, so a link has one
 * effect wherever it is used. Pure: no SQL, no I/O, no allocation.
 */
#ifndef EV_LINKEFFECT_H
#define EV_LINKEFFECT_H

#include "grade.h"
#include "validate.h"

/* The link's effect: *y (log scale for ratio measures) and its sampling
 * variance *v. From the raw data when the link has them, else from the
 * estimate and CI (se = width / (2 * 1.959964) on the analysis scale).
 * Returns 0, or -1 when the link cannot be pooled; then *why (when not
 * NULL) says why in words ("no events in either arm: not pooled for RR"),
 * a static string. *why is NULL on success, or a note such as "0.5 added
 * to every cell (a zero cell)" when the raw data needed a correction. */
int ev_link_effect(const struct ev_link *l, double *y, double *v, const char **why);

/* The reason ev_link_effect gives for an effect or CI half-width of 1e150
 * or more in size on the analysis scale (an MD of 1e308, a CI as wide):
 * the sums of pooling would overflow to inf and NaN, so the link is left
 * out of pooling, and query, explain and meta say so. */
extern const char EV_LINK_TOO_LARGE[];

/* True when l counts towards its claim but ev_link_effect leaves it out
 * with EV_LINK_TOO_LARGE: data import accepted that the pooling cannot use. */
int ev_link_too_large(const struct ev_link *l);

/* The same from the raw data alone: -1 (with *why) when the link has
 * none or they cannot give its measure. */
int ev_link_raw_effect(const struct ev_link *l, double *y, double *v, const char **why);

/* True when raw data of that kind can give measure m: counts give RR, OR
 * and RD; means give MD and SMD. */
int ev_link_measure_counts(enum ev_measure m);
int ev_link_measure_means(enum ev_measure m);

/* An effect y with variance v on the analysis scale as the measure shows
 * it: the estimate and its 95% CI, y +- 1.959964 sqrt(v), exponentiated
 * for ratio measures. */
void ev_link_interval(enum ev_measure m, double y, double v, double *est, double *lo, double *hi);

/* Copies the raw-data columns of a link record (validate.h order) into
 * l's raw fields and sets has_counts / has_means for complete sets. */
void ev_link_raw_from_record(struct ev_link *l, const struct ev_record *r);

/* Called by the reader of links: a link with raw data and no published
 * estimate gets the estimate and CI its raw data give, with computed set,
 * so that every table, JSON document and plot shows it where a published
 * one would be. A link whose raw data cannot be pooled is left without. */
void ev_link_complete(struct ev_link *l);

/* The effects of a pooled group's members, as ev_group_links formed it
 * (countable links of g's outcome and measure with a usable effect, in
 * link order, mask as there): y[i], v[i] and, when idx is not NULL, the
 * link's index in idx[i]. y, v and idx have room for n. Returns the
 * number of members. */
int ev_group_members(const struct ev_link *links, int n, const unsigned char *mask, const struct ev_group *g,
		     double *y, double *v, int *idx);

/* Pools group g again with the estimator and interval of o (meta.h),
 * from its members' effects: g->pool is replaced, on the measure's scale.
 * A group of one keeps its published estimate and CI. With o NULL or the
 * default (DL, z) nothing changes: ev_group_links pooled it so already.
 * Returns 0, or -1 when the members cannot be pooled (g unchanged). */
int ev_group_pool(const struct ev_link *links, int n, const unsigned char *mask, struct ev_group *g,
		  const struct ev_meta_opts *o);

/* The pooled groups of links[0..n): each group of two or more links
 * (ev_group_links), pooled with o (ev_group_pool), into out, which has
 * room for n groups. What an assessment pools and its forest plot draws.
 * Returns their number. */
int ev_pooled_groups(const struct ev_link *links, int n, const struct ev_meta_opts *o, struct ev_group *out);

#endif
