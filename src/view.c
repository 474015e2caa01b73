/*
 * view.c: JSON and text shapes of claims, links and records.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

#include "out.h"
#include "util.h"

/* JSON numbers for doubles; jansson cannot hold NaN or infinity, which
 * never reach here (validation refuses them). */
static json_t *num(double v) { return json_real(v); }

/* Text from the database, which may not be UTF-8 (see ev_json_text). */
static json_t *opt_text(const char *s) { return ev_json_text(s); }

json_t *ev_group_json(const struct ev_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "outcome", g->outcome[0] ? opt_text(g->outcome) : json_null());
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

json_t *ev_link_json(const struct ev_link *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "study", opt_text(l->study));
	json_object_set_new(o, "year", l->year ? json_integer(l->year) : json_null());
	json_object_set_new(o, "design", l->design >= 0 ? json_string(ev_design_names[l->design]) : json_null());
	json_object_set_new(o, "n", l->n > 0 ? json_integer(l->n) : json_null());
	json_object_set_new(o, "direction", json_string(ev_direction_names[l->direction]));
	json_object_set_new(o, "outcome", l->outcome && l->outcome[0] ? opt_text(l->outcome) : json_null());
	json_object_set_new(o, "measure", l->measure >= 0 ? json_string(ev_measure_names[l->measure]) : json_null());
	json_object_set_new(o, "estimate", l->has_estimate ? num(l->estimate) : json_null());
	json_object_set_new(o, "ci_low", l->has_ci ? num(l->ci_low) : json_null());
	json_object_set_new(o, "ci_high", l->has_ci ? num(l->ci_high) : json_null());
	json_object_set_new(o, "p_value", l->has_p ? num(l->p_value) : json_null());
	json_object_set_new(o, "indirect", json_boolean(l->indirect));
	json_object_set_new(o, "risk_of_bias", json_string(ev_rob_names[l->rob]));
	json_object_set_new(o, "level", json_integer(ev_design_level(l->design)));
	json_object_set_new(o, "status", json_string(ev_status_names[l->status]));
	json_object_set_new(o, "counted", json_boolean(ev_link_counts(l)));
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
	for (int i = 0; i < a->links.n; i++)
		json_array_append_new(ev, ev_link_json(&a->links.v[i]));
	json_object_set_new(o, "evidence", ev);
	return o;
}

const char *ev_link_effect(const struct ev_link *l, char *buf, size_t size)
{
	char e[32];
	if (!l->has_estimate) {
		buf[0] = '\0';
		return buf;
	}
	if (l->has_ci) {
		char lo[32], hi[32];
		snprintf(buf, size, "%s %s (%s to %s)", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4),
			 ev_fmt_num(lo, sizeof lo, l->ci_low, 4), ev_fmt_num(hi, sizeof hi, l->ci_high, 4));
	} else {
		snprintf(buf, size, "%s %s", ev_measure_names[l->measure], ev_fmt_num(e, sizeof e, l->estimate, 4));
	}
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
			j = opt_text(v->s);
			break;
		default:
			j = json_null();
		}
		json_object_set_new(o, f[i].name, j);
	}
	return o;
}
