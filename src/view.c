/*
 * view.c: JSON and text shapes of claims, links and records.
 */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bias.h"
#include "linkeffect.h"
#include "numfmt.h"
#include "out.h"
#include "util.h"

/* JSON numbers for doubles; jansson cannot hold NaN or infinity, which
 * never reach here (validation refuses them). */
static json_t *num(double v) { return json_real(v); }

/* A number that may be undefined (NaN: a CI of tau2 with one study, a t
 * interval with k < 3): null then. */
static json_t *num_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* Text from the database, which may not be UTF-8 (see ev_json_text). */
static json_t *opt_text(const char *s) { return ev_json_text(s); }

/* The members a pooled estimate has wherever it is shown (a group, and a
 * body's "pooled"), in their documented order. */
static void pool_json_add(json_t *o, const struct ev_pool *p)
{
	json_object_set_new(o, "estimate", num(p->estimate));
	json_object_set_new(o, "ci_low", num(p->ci_low));
	json_object_set_new(o, "ci_high", num(p->ci_high));
	json_object_set_new(o, "pi_low", num(p->pi_low));
	json_object_set_new(o, "pi_high", num(p->pi_high));
	json_object_set_new(o, "tau2", num(p->tau2));
	json_object_set_new(o, "i2", num(p->i2));
}

json_t *ev_group_json(const struct ev_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "outcome", g->outcome[0] ? opt_text(g->outcome) : json_null());
	json_object_set_new(o, "measure", json_string(ev_measure_names[g->measure]));
	json_object_set_new(o, "k", json_integer(g->k));
	pool_json_add(o, &g->pool);
	json_object_set_new(o, "q", num(g->pool.q));
	json_object_set_new(o, "participants", json_integer(g->participants));
	/* Added with the estimators (docs/meta-analysis.md); the members
	 * above keep their names and values. NaN (not defined) is null. */
	const struct ev_pool *p = &g->pool;
	json_object_set_new(o, "method", json_string(ev_tau2_method_names[p->method]));
	json_object_set_new(o, "ci_method", json_string(ev_ci_method_names[p->ci]));
	json_object_set_new(o, "df", json_integer(p->df));
	json_object_set_new(o, "q_p", num_or_null(p->q_p));
	json_object_set_new(o, "tau", num_or_null(p->tau));
	json_object_set_new(o, "h2", num_or_null(p->h2));
	json_object_set_new(o, "i2_low", num_or_null(p->i2_lo));
	json_object_set_new(o, "i2_high", num_or_null(p->i2_hi));
	json_object_set_new(o, "tau2_low", num_or_null(p->tau2_lo));
	json_object_set_new(o, "tau2_high", num_or_null(p->tau2_hi));
	json_object_set_new(o, "se", num_or_null(p->se));
	json_object_set_new(o, "test", json_string(p->stat_df ? "t" : "z"));
	json_object_set_new(o, "statistic", num_or_null(p->stat));
	json_object_set_new(o, "statistic_df", p->stat_df ? json_integer(p->stat_df) : json_null());
	json_object_set_new(o, "p", num_or_null(p->stat_p));
	/* pi_low/pi_high: the normal (z) prediction interval; pi_t_*: the
	 * Cochrane Handbook's, with t(k-2). */
	json_object_set_new(o, "pi_t_low", num_or_null(p->pi_t_low));
	json_object_set_new(o, "pi_t_high", num_or_null(p->pi_t_high));
	return o;
}

static json_t *rating_json(const struct ev_rating *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "change", json_integer(r->change));
	json_object_set_new(o, "reason", opt_text(r->reason));
	return o;
}

json_t *ev_domains_json(const struct ev_body *b)
{
	json_t *o = json_object();
	for (int d = 0; d < EV_DOMAIN_COUNT; d++)
		json_object_set_new(o, ev_domain_keys[d], rating_json(&b->domain[d]));
	return o;
}

json_t *ev_upgrade_json(const struct ev_body *b) { return rating_json(&b->upgrade); }

json_t *ev_body_json(const struct ev_body *b)
{
	json_t *o = json_object();
	json_object_set_new(o, "outcome", b->outcome[0] ? opt_text(b->outcome) : json_null());
	json_object_set_new(o, "measure", b->measure >= 0 ? json_string(ev_measure_names[b->measure]) : json_null());
	json_object_set_new(o, "design", json_string(ev_family_names[b->family]));
	json_object_set_new(o, "primary", json_boolean(b->primary));
	json_object_set_new(o, "start", json_integer(b->start));
	json_object_set_new(o, "links", json_integer(b->links));
	json_object_set_new(o, "rated", json_integer(b->used));
	json_object_set_new(o, "k", json_integer(b->k));
	json_object_set_new(o, "participants", json_integer(b->participants));
	if (b->has_pool) {
		json_t *p = json_object();
		pool_json_add(p, &b->pool);
		json_object_set_new(o, "pooled", p);
	} else {
		json_object_set_new(o, "pooled", json_null());
	}
	json_object_set_new(o, "certainty", b->certainty ? json_string(ev_certainty_name(b->certainty)) : json_null());
	json_object_set_new(o, "verdict", json_string(ev_verdict_names[b->verdict]));
	json_object_set_new(o, "verdict_reason", opt_text(b->verdict_reason));
	json_object_set_new(o, "domains", ev_domains_json(b));
	json_object_set_new(o, "upgrade", ev_upgrade_json(b));
	json_object_set_new(o, "notes", b->notes ? opt_text(b->notes) : json_null());
	return o;
}

void ev_grade_json_add(json_t *o, const struct ev_grade *g)
{
	json_t *bodies = json_array();
	for (int i = 0; i < g->nbodies; i++)
		json_array_append_new(bodies, ev_body_json(&g->bodies[i]));
	json_object_set_new(o, "asserts", g->asserts >= 0 ? json_string(ev_asserts_names[g->asserts]) : json_null());
	json_object_set_new(o, "asserts_inferred", json_boolean(g->asserts_inferred));
	json_object_set_new(o, "bodies", bodies);
	const struct ev_body *p = g->primary >= 0 ? &g->bodies[g->primary] : NULL;
	json_object_set_new(o, "domains", p ? ev_domains_json(p) : json_null());
	json_object_set_new(o, "upgrade", p ? ev_upgrade_json(p) : json_null());
}

/* The words of the enumerations as JSON strings, made once per document
 * and shared by its links (jansson counts references): a large topic has
 * thousands of links, and five allocations each were a measurable share
 * of a query. Free with words_free. */
struct words {
	json_t *design[EV_DESIGN_COUNT], *direction[EV_DIRECTION_COUNT], *measure[EV_MEASURE_COUNT],
		*rob[EV_ROB_COUNT], *status[EV_STATUS_COUNT];
};

static json_t *word(json_t **slot, const char *text)
{
	if (!*slot)
		*slot = json_string(text);
	return json_incref(*slot);
}

static void words_free(struct words *w)
{
	for (int i = 0; i < EV_DESIGN_COUNT; i++)
		json_decref(w->design[i]);
	for (int i = 0; i < EV_DIRECTION_COUNT; i++)
		json_decref(w->direction[i]);
	for (int i = 0; i < EV_MEASURE_COUNT; i++)
		json_decref(w->measure[i]);
	for (int i = 0; i < EV_ROB_COUNT; i++)
		json_decref(w->rob[i]);
	for (int i = 0; i < EV_STATUS_COUNT; i++)
		json_decref(w->status[i]);
}

/* Keys are literals (valid UTF-8), so jansson need not check them. */
#define SET(o, key, value) json_object_set_new_nocheck(o, key, value)

/* Filling a link's object. A new object gets each member in the order
 * below (the contract's). An object kept from the previous claim (struct
 * ev_json_pool) has the members already, and a value of the same kind is
 * changed in place: a topic of thousands of links then does not allocate
 * and free an object, its hash table and sixteen members for each link.
 * `bad` is set when a value could not be made (a string that is not
 * UTF-8, which jansson refuses): the member is left out, as a new object
 * would leave it out, and the object is not kept. */
struct fill {
	json_t *o;
	struct words *w;
	int bad;
};

static void put(struct fill *f, const char *key, json_t *v)
{
	if (!v) {
		json_object_del(f->o, key);
		f->bad = 1;
		return;
	}
	if (json_object_get(f->o, key) == v) {
		json_decref(v); /* the same shared word or constant */
		return;
	}
	SET(f->o, key, v);
}

/* The value of key when it can be changed in place: of this kind and
 * held by this object alone. */
static json_t *own(struct fill *f, const char *key, json_type type)
{
	json_t *cur = json_object_get(f->o, key);
	return cur && json_typeof(cur) == type && cur->refcount == 1 ? cur : NULL;
}

static void put_int(struct fill *f, const char *key, int has, json_int_t x)
{
	json_t *cur = has ? own(f, key, JSON_INTEGER) : NULL;
	if (cur)
		json_integer_set(cur, x);
	else
		put(f, key, has ? json_integer(x) : json_null());
}

static void put_real(struct fill *f, const char *key, int has, double x)
{
	json_t *cur = has ? own(f, key, JSON_REAL) : NULL;
	if (!cur || json_real_set(cur, x) != 0)
		put(f, key, has ? num(x) : json_null());
}

static void put_text(struct fill *f, const char *key, const char *s)
{
	json_t *cur = s ? own(f, key, JSON_STRING) : NULL;
	/* json_string_set refuses text that is not UTF-8 (a damaged
	 * database); ev_json_text turns such bytes into U+FFFD. */
	if (!cur || json_string_set(cur, s) != 0)
		put(f, key, s ? ev_json_text(s) : json_null());
}

/* A link's raw data (schema/006), only on links that have them: the
 * counts or the means with the totals, "estimate_source" ("counts" or
 * "means" when the estimate and CI were computed from them, else
 * "published") and, for raw data that cannot be pooled, "not_pooled" with
 * the reason. Links without raw data keep exactly their old members. */
static void fill_raw(struct fill *f, const struct ev_link *l)
{
	static const char *const names[8] = {"events_treat", "total_treat", "events_control", "total_control",
					     "mean_treat",   "sd_treat",    "mean_control",   "sd_control"};
	const double vals[8] = {l->events_treat, l->total_treat, l->events_control, l->total_control,
				l->mean_treat,   l->sd_treat,    l->mean_control,   l->sd_control};
	static const char *const extra[] = {"estimate_source", "not_pooled"};
	if (!l->has_counts && !l->has_means) {
		/* A pooled object reused from a link that had them. */
		for (int i = 0; i < 8; i++)
			json_object_del(f->o, names[i]);
		for (int i = 0; i < 2; i++)
			json_object_del(f->o, extra[i]);
		/* A published estimate too large to pool says so, as raw data
		 * that cannot be pooled do. */
		double y, v;
		const char *why = NULL;
		if (l->measure != EV_MEASURE_NONE && ev_link_effect(l, &y, &v, &why) != 0 && why == EV_LINK_TOO_LARGE)
			put(f, "not_pooled", json_string(why));
		return;
	}
	for (int i = 0; i < 8; i++) {
		int counts = i < 4 && i != 1 && i != 3, means = i >= 4;
		if ((counts && !l->has_counts) || (means && !l->has_means))
			json_object_del(f->o, names[i]);
		else if (counts || i == 1 || i == 3)
			put(f, names[i], json_integer((json_int_t)vals[i]));
		else
			put(f, names[i], num(vals[i]));
	}
	put(f, "estimate_source", json_string(!l->computed ? "published" : l->has_counts ? "counts" : "means"));
	double y, v;
	const char *why = NULL;
	if (ev_link_effect(l, &y, &v, &why) != 0 && why)
		put(f, "not_pooled", json_string(why));
	else
		json_object_del(f->o, "not_pooled");
}

static void fill_link(struct fill *f, const struct ev_link *l)
{
	struct words *w = f->w;
	put_text(f, "study", l->study);
	put_int(f, "year", l->year != 0, l->year);
	put(f, "design", l->design >= 0 ? word(&w->design[l->design], ev_design_names[l->design]) : json_null());
	put_int(f, "n", l->n > 0, l->n);
	put(f, "direction", word(&w->direction[l->direction], ev_direction_names[l->direction]));
	put_text(f, "outcome", l->outcome && l->outcome[0] ? l->outcome : NULL);
	put(f, "measure", l->measure >= 0 ? word(&w->measure[l->measure], ev_measure_names[l->measure]) : json_null());
	put_real(f, "estimate", l->has_estimate, l->estimate);
	put_real(f, "ci_low", l->has_ci, l->ci_low);
	put_real(f, "ci_high", l->has_ci, l->ci_high);
	put_real(f, "p_value", l->has_p, l->p_value);
	put(f, "indirect", json_boolean(l->indirect));
	put(f, "risk_of_bias", word(&w->rob[l->rob], ev_rob_names[l->rob]));
	put_int(f, "level", 1, ev_design_level(l->design));
	put(f, "status", word(&w->status[l->status], ev_status_names[l->status]));
	put(f, "counted", json_boolean(ev_link_counts(l)));
	fill_raw(f, l);
	/* Only on a subgroup's link (schema/008): other links keep exactly
	 * their old members. */
	if (l->subgroup)
		put_text(f, "subgroup", l->subgroup);
	else
		json_object_del(f->o, "subgroup");
}

static json_t *link_json(const struct ev_link *l, struct words *w)
{
	struct fill f = {json_object(), w, 0};
	fill_link(&f, l);
	return f.o;
}

struct ev_json_pool {
	struct words w;
	json_t **links; /* NULL where none is kept */
	int n;
};

struct ev_json_pool *ev_json_pool_new(void) { return ev_xcalloc(1, sizeof(struct ev_json_pool)); }

void ev_json_pool_free(struct ev_json_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		json_decref(p->links[i]);
	free(p->links);
	words_free(&p->w);
	free(p);
}

/* The object of link i: the pool's, refilled, when nobody else holds it
 * any more; else a new one, which the pool keeps for next time. Returns
 * a new reference. */
static json_t *pooled_link(struct ev_json_pool *p, int i, const struct ev_link *l)
{
	if (i >= p->n) {
		p->links = ev_xrealloc(p->links, (size_t)(i + 1) * sizeof(json_t *));
		while (p->n <= i)
			p->links[p->n++] = NULL;
	}
	json_t *kept = p->links[i];
	struct fill f = {kept && kept->refcount == 1 ? kept : json_object(), &p->w, 0};
	fill_link(&f, l);
	if (f.o != kept) {
		json_decref(kept);
		p->links[i] = json_incref(f.o);
	} else {
		json_incref(f.o);
	}
	if (f.bad) {
		json_decref(p->links[i]);
		p->links[i] = NULL;
	}
	return f.o;
}

json_t *ev_link_json(const struct ev_link *l)
{
	struct words w;
	memset(&w, 0, sizeof w);
	json_t *o = link_json(l, &w);
	words_free(&w);
	return o;
}

static json_t *assessment_json(const struct ev_assessment *a, struct ev_json_pool *pool)
{
	const struct ev_grade *g = &a->grade;
	json_t *o = json_object(), *reasons = json_array(), *pooled = json_array(), *ev = json_array(),
	       *topics = json_array();
	const char *tl = ev_record_text(&a->claim, "topics");
	for (const char *p = tl; p && *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(topics, ev_json_textn(p, len));
		p += len + (e != NULL);
	}
	json_object_set_new(o, "key", opt_text(ev_record_text(&a->claim, "key")));
	json_object_set_new(o, "text", opt_text(ev_record_text(&a->claim, "text")));
	json_object_set_new(o, "article", opt_text(ev_record_text(&a->claim, "article")));
	json_object_set_new(o, "topics", topics);
	json_object_set_new(o, "verdict", json_string(ev_verdict_names[g->verdict]));
	json_object_set_new(o, "certainty", g->certainty ? json_string(ev_certainty_name(g->certainty)) : json_null());
	json_object_set_new(o, "studies", json_integer(a->studies));
	json_object_set_new(o, "participants", json_integer(a->participants));
	for (int i = 0; i < g->nsteps; i++)
		if (g->steps[i].applies)
			json_array_append_new(reasons, opt_text(g->steps[i].text));
	json_object_set_new(o, "reasons", reasons);
	for (int i = 0; i < a->npooled; i++)
		json_array_append_new(pooled, ev_group_json(&a->pooled[i]));
	json_object_set_new(o, "pooled", pooled);
	ev_grade_json_add(o, g);
	if (pool) {
		for (int i = 0; i < a->links.n; i++)
			json_array_append_new(ev, pooled_link(pool, i, &a->links.v[i]));
	} else {
		struct words w;
		memset(&w, 0, sizeof w);
		for (int i = 0; i < a->links.n; i++)
			json_array_append_new(ev, link_json(&a->links.v[i], &w));
		words_free(&w);
	}
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "egger", ev_egger_json(a));
	return o;
}

const struct ev_group *ev_assessment_egger_group(const struct ev_assessment *a)
{
	const struct ev_group *best = NULL;
	/* The primary body's outcome and measure, when the grade has one. */
	const struct ev_body *p = a->grade.primary >= 0 ? &a->grade.bodies[a->grade.primary] : NULL;
	for (int i = 0; i < a->npooled; i++) {
		const struct ev_group *g = &a->pooled[i];
		if (p && g->measure == p->measure && strcmp(g->outcome, p->outcome) == 0)
			return g;
		if (!best || g->k > best->k)
			best = g;
	}
	return best;
}

int ev_assessment_egger(const struct ev_assessment *a, const struct ev_group *g, struct ev_egger *e)
{
	int n = a->links.n, rc = -1;
	if (!g || g->k < 3)
		return -1;
	double *y = ev_xcalloc((size_t)n + 1, 2 * sizeof *y), *v = y + n + 1;
	int k = ev_group_members(a->links.v, n, NULL, g, y, v, NULL);
	if (k >= 3)
		rc = ev_meta_egger(y, v, k, e);
	free(y);
	return rc;
}

json_t *ev_egger_json(const struct ev_assessment *a)
{
	struct ev_egger e;
	const struct ev_group *g = ev_assessment_egger_group(a);
	if (ev_assessment_egger(a, g, &e) != 0)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "outcome", g->outcome[0] ? opt_text(g->outcome) : json_null());
	json_object_set_new(o, "measure", json_string(ev_measure_names[g->measure]));
	json_object_set_new(o, "intercept", num_or_null(e.intercept));
	json_object_set_new(o, "se", num_or_null(e.se));
	json_object_set_new(o, "statistic", num_or_null(e.stat));
	json_object_set_new(o, "df", json_integer(e.df));
	json_object_set_new(o, "p", num_or_null(e.p));
	json_object_set_new(o, "k", json_integer(e.k));
	json_object_set_new(o, "limit", num_or_null(e.limit));
	return o;
}

json_t *ev_assessment_json(const struct ev_assessment *a) { return assessment_json(a, NULL); }

json_t *ev_assessment_json_pooled(const struct ev_assessment *a, struct ev_json_pool *pool)
{
	return assessment_json(a, pool);
}

void ev_warn_not_pooled(const struct ev_assessment *a)
{
	for (int i = 0; i < a->links.n; i++) {
		const struct ev_link *l = &a->links.v[i];
		char eff[256]; /* ev_link_effect_text: numbers and fixed words */
		if (!ev_link_too_large(l))
			continue;
		ev_warn("claim '%s': link '%s' (%s%s%s): %s", ev_record_text(&a->claim, "key"), l->study,
			l->outcome && l->outcome[0] ? l->outcome : "", l->outcome && l->outcome[0] ? ": " : "",
			ev_link_effect_text(l, eff, sizeof eff), EV_LINK_TOO_LARGE);
	}
}

const char *ev_link_effect_text(const struct ev_link *l, char *buf, size_t size)
{
	char e[32];
	if (!l->has_estimate) {
		double y, v;
		const char *why = NULL;
		/* Raw data that give no effect say why, in place of one. */
		if ((l->has_counts || l->has_means) && l->measure != EV_MEASURE_NONE &&
		    ev_link_effect(l, &y, &v, &why) != 0 && why)
			snprintf(buf, size, "%s: %s", ev_measure_names[l->measure], why);
		else
			buf[0] = '\0';
		return buf;
	}
	if (l->has_ci) {
		char lo[32], hi[32];
		snprintf(buf, size, "%s %s (%s to %s)%s", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4),
			 ev_fmt_num(lo, sizeof lo, l->ci_low, 4), ev_fmt_num(hi, sizeof hi, l->ci_high, 4),
			 !l->computed ? "" : l->has_counts ? " [from counts]" : " [from means]");
	} else {
		snprintf(buf, size, "%s %s", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4));
	}
	return buf;
}

void ev_group_summary(const struct ev_group *g, struct ev_buf *b)
{
	char e[32], lo[32], hi[32], i2[32];
	ev_buf_addf(b, "%s%sk=%d %s %s (%s to %s), I2 %s%%", g->outcome[0] ? g->outcome : "", g->outcome[0] ? ": " : "",
		    g->k, ev_measure_names[g->measure], ev_fmt_num(e, sizeof e, g->pool.estimate, 4),
		    ev_fmt_num(lo, sizeof lo, g->pool.ci_low, 4), ev_fmt_num(hi, sizeof hi, g->pool.ci_high, 4),
		    ev_fmt_num(i2, sizeof i2, g->pool.i2, 3));
}

const char *ev_meta_label(const struct ev_meta_opts *o)
{
	static const char *const random[] = {"DerSimonian-Laird random effects", "REML random effects",
					     "Paule-Mandel random effects", "fixed effect"};
	static const char *const hksj[] = {"DerSimonian-Laird random effects, HKSJ interval",
					   "REML random effects, HKSJ interval",
					   "Paule-Mandel random effects, HKSJ interval", "fixed effect, HKSJ interval"};
	const struct ev_meta_opts d = EV_META_OPTS_DEFAULT;
	if (!o)
		o = &d;
	return o->ci == EV_CI_HKSJ ? hksj[o->method] : random[o->method];
}

void ev_group_line(const struct ev_group *g, int chosen, struct ev_buf *b)
{
	ev_group_summary(g, b);
	if (chosen) {
		struct ev_meta_opts o = {g->pool.method, g->pool.ci};
		ev_buf_addf(b, " (%s)", ev_meta_label(&o));
	}
}

/* An I2 limit to three significant digits, but one below 100 never
 * printed as "100" (99.98 stays 99.98: a CI up to 100% would say the
 * variation is all heterogeneity). */
static const char *i2_limit(char *buf, size_t size, double v)
{
	for (int sig = 3; sig < 8; sig++)
		if (strcmp(ev_fmt_num(buf, size, v, sig), "100") != 0 || v >= 100)
			break;
	return buf;
}

/* "lo to hi" for an interval on the estimate's scale (ev_group_details). */
static const char *pi_text(char *buf, size_t size, double lo, double hi, int decimals)
{
	char a[32], b[32];
	if (decimals >= 0)
		return ev_format_interval(buf, size, lo, hi, decimals);
	snprintf(buf, size, "%s to %s", ev_fmt_num(a, sizeof a, lo, 4), ev_fmt_num(b, sizeof b, hi, 4));
	return buf;
}

const char *ev_group_details(const struct ev_group *g, int decimals, char *buf, size_t size)
{
	/* Numbers and fixed words only (view.h): the callers' 1 KiB holds
	 * them. */
	const struct ev_pool *p = &g->pool;
	char q[32], qp[32], t2[32], t[32], h2[32], i2[32], st[32], sp[32], a[80];
	struct ev_buf out = EV_BUF_INIT;
	ev_buf_addf(&out, "Q %s (df %d, p %s), tau2 %s, tau %s, H2 %s, I2 %s%%", ev_fmt_num(q, sizeof q, p->q, 4), p->df,
		    ev_format_p(qp, sizeof qp, p->q_p), ev_fmt_num(t2, sizeof t2, p->tau2, 4), ev_fmt_num(t, sizeof t, p->tau, 4),
		    ev_fmt_num(h2, sizeof h2, p->h2, 4), ev_fmt_num(i2, sizeof i2, p->i2, 3));
	if (isfinite(p->i2_lo) && isfinite(p->i2_hi)) {
		char il[32], ih[32];
		ev_buf_addf(&out, " (95%% CI %s%% to %s%%)", i2_limit(il, sizeof il, p->i2_lo),
			    i2_limit(ih, sizeof ih, p->i2_hi));
	}
	if (p->stat_df)
		ev_buf_addf(&out, "; overall effect t(%d) = %s, p %s", p->stat_df, ev_fmt_num(st, sizeof st, p->stat, 4),
			    ev_format_p(sp, sizeof sp, p->stat_p));
	else
		ev_buf_addf(&out, "; overall effect z = %s, p %s", ev_fmt_num(st, sizeof st, p->stat, 4),
			    ev_format_p(sp, sizeof sp, p->stat_p));
	ev_buf_addf(&out, "; prediction interval %s (z)", pi_text(a, sizeof a, p->pi_low, p->pi_high, decimals));
	if (isfinite(p->pi_t_low) && isfinite(p->pi_t_high)) {
		char b[80];
		ev_buf_addf(&out, ", %s (t, df %d)", pi_text(b, sizeof b, p->pi_t_low, p->pi_t_high, decimals), g->k - 2);
	}
	snprintf(buf, size, "%s", ev_buf_str(&out));
	ev_buf_free(&out);
	return buf;
}

json_t *ev_record_json(const struct ev_record *r)
{
	int n;
	const struct ev_field *f = ev_fields(r->kind, &n);
	json_t *o = json_object();
	for (int i = 0; i < n; i++) {
		const struct ev_value *v = &r->v[i];
		json_t *j;
		switch (v->type) {
		case EV_V_INT:
			j = f[i].type == EV_F_YESNO ? json_boolean(v->i) : json_integer(v->i);
			break;
		case EV_V_REAL:
			j = json_real(v->d);
			break;
		case EV_V_TEXT:
			j = opt_text(v->s);
			break;
		default:
			j = json_null();
		}
		json_object_set_new(o, f[i].name, j);
	}
	return o;
}
