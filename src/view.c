/*
 * view.c: JSON and text shapes of claims, links and records.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* JSON numbers for doubles; jansson cannot hold NaN or infinity, which
 * never reach here (validation refuses them). */
static json_t *num(double v) { return json_real(v); }

static json_t *opt_text(const char *s) { return s ? json_string(s) : json_null(); }

json_t *ev_group_json(const struct ev_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "outcome", g->outcome[0] ? json_string(g->outcome) : json_null());
	json_object_set_new(o, "measure", json_string(ev_measure_names[g->measure]));
	json_object_set_new(o, "k", json_integer(g->k));
	json_object_set_new(o, "estimate", num(g->pool.estimate));
	json_object_set_new(o, "ci_low", num(g->pool.ci_low));
	json_object_set_new(o, "ci_high", num(g->pool.ci_high));
	json_object_set_new(o, "pi_low", num(g->pool.pi_low));
	json_object_set_new(o, "pi_high", num(g->pool.pi_high));
	json_object_set_new(o, "tau2", num(g->pool.tau2));
	json_object_set_new(o, "i2", num(g->pool.i2));
	json_object_set_new(o, "q", num(g->pool.q));
	json_object_set_new(o, "participants", json_integer(g->participants));
	return o;
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

static json_t *link_json(const struct ev_link *l, struct words *w)
{
	json_t *o = json_object();
	SET(o, "study", json_string(l->study));
	SET(o, "year", l->year ? json_integer(l->year) : json_null());
	SET(o, "design", l->design >= 0 ? word(&w->design[l->design], ev_design_names[l->design]) : json_null());
	SET(o, "n", l->n > 0 ? json_integer(l->n) : json_null());
	SET(o, "direction", word(&w->direction[l->direction], ev_direction_names[l->direction]));
	SET(o, "outcome", l->outcome && l->outcome[0] ? json_string(l->outcome) : json_null());
	SET(o, "measure", l->measure >= 0 ? word(&w->measure[l->measure], ev_measure_names[l->measure]) : json_null());
	SET(o, "estimate", l->has_estimate ? num(l->estimate) : json_null());
	SET(o, "ci_low", l->has_ci ? num(l->ci_low) : json_null());
	SET(o, "ci_high", l->has_ci ? num(l->ci_high) : json_null());
	SET(o, "p_value", l->has_p ? num(l->p_value) : json_null());
	SET(o, "indirect", json_boolean(l->indirect));
	SET(o, "risk_of_bias", word(&w->rob[l->rob], ev_rob_names[l->rob]));
	SET(o, "level", json_integer(ev_design_level(l->design)));
	SET(o, "status", word(&w->status[l->status], ev_status_names[l->status]));
	SET(o, "counted", json_boolean(ev_link_counts(l)));
	return o;
}

json_t *ev_link_json(const struct ev_link *l)
{
	struct words w;
	memset(&w, 0, sizeof w);
	json_t *o = link_json(l, &w);
	words_free(&w);
	return o;
}

json_t *ev_assessment_json(const struct ev_assessment *a)
{
	const struct ev_grade *g = &a->grade;
	json_t *o = json_object(), *reasons = json_array(), *pooled = json_array(), *ev = json_array(),
	       *topics = json_array();
	const char *tl = ev_record_text(&a->claim, "topics");
	for (const char *p = tl; p && *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(topics, json_stringn(p, len));
		p += len + (e != NULL);
	}
	json_object_set_new(o, "key", json_string(ev_record_text(&a->claim, "key")));
	json_object_set_new(o, "text", json_string(ev_record_text(&a->claim, "text")));
	json_object_set_new(o, "article", opt_text(ev_record_text(&a->claim, "article")));
	json_object_set_new(o, "topics", topics);
	json_object_set_new(o, "verdict", json_string(ev_verdict_names[g->verdict]));
	json_object_set_new(o, "certainty", g->certainty ? json_string(ev_certainty_name(g->certainty)) : json_null());
	json_object_set_new(o, "studies", json_integer(a->studies));
	json_object_set_new(o, "participants", json_integer(a->participants));
	for (int i = 0; i < g->nsteps; i++)
		if (g->steps[i].applies)
			json_array_append_new(reasons, json_string(g->steps[i].text));
	json_object_set_new(o, "reasons", reasons);
	for (int i = 0; i < a->npooled; i++)
		json_array_append_new(pooled, ev_group_json(&a->pooled[i]));
	json_object_set_new(o, "pooled", pooled);
	struct words w;
	memset(&w, 0, sizeof w);
	for (int i = 0; i < a->links.n; i++)
		json_array_append_new(ev, link_json(&a->links.v[i], &w));
	words_free(&w);
	json_object_set_new(o, "evidence", ev);
	return o;
}

const char *ev_link_effect(const struct ev_link *l, char *buf, size_t size)
{
	char e[32], lo[32], hi[32];
	if (!l->has_estimate) {
		buf[0] = '\0';
		return buf;
	}
	if (l->has_ci)
		snprintf(buf, size, "%s %s (%s to %s)", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4),
			 ev_fmt_num(lo, sizeof lo, l->ci_low, 4), ev_fmt_num(hi, sizeof hi, l->ci_high, 4));
	else
		snprintf(buf, size, "%s %s", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4));
	return buf;
}

const char *ev_group_summary(const struct ev_group *g, char *buf, size_t size)
{
	char e[32], lo[32], hi[32], i2[32];
	snprintf(buf, size, "%s%sk=%d %s %s (%s to %s), I2 %s%%", g->outcome[0] ? g->outcome : "",
		 g->outcome[0] ? ": " : "", g->k, ev_measure_names[g->measure], ev_fmt_num(e, sizeof e, g->pool.estimate, 4),
		 ev_fmt_num(lo, sizeof lo, g->pool.ci_low, 4), ev_fmt_num(hi, sizeof hi, g->pool.ci_high, 4),
		 ev_fmt_num(i2, sizeof i2, g->pool.i2, 3));
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
			j = json_string(v->s);
			break;
		default:
			j = json_null();
		}
		json_object_set_new(o, f[i].name, j);
	}
	return o;
}
