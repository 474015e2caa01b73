/*
 * assess.c: one claim, read, graded and pooled.
 */
#include "assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkeffect.h"
#include "retraction.h"
#include "util.h"

/* Reads the claim's links and grades them (a->claim is read). */
static int grade(struct ev_db *db, int64_t claim_id, struct ev_assessment *a)
{
	if (ev_model_links(db, claim_id, &a->links))
		return -1;
	const struct ev_link *l = a->links.v;
	int n = a->links.n;
	const char *as = ev_record_text(&a->claim, "asserts");
	struct ev_claim_facts facts = {ev_record_text(&a->claim, "outcome"),
				       as ? (enum ev_asserts)ev_lookup(ev_asserts_names, as) : EV_ASSERTS_NONE};
	ev_grade_claim(l, n, &facts, &a->grade);
	a->retracted = ev_grade_with_retracted(l, n, &facts, &a->with_retracted, &a->retracted_names);

	a->pooled = ev_xcalloc((size_t)n + 1, sizeof *a->pooled);
	a->npooled = ev_pooled_groups(l, n, &a->opts, a->pooled);

	/* Studies: every one linked, once. Participants: over countable
	 * links, each study once with its largest n, and the studies a
	 * counted review includes only through the review (grade.c). */
	ev_links_participants(l, n, NULL, NULL, &a->studies);
	a->participants = a->grade.participants;
	return 0;
}

int ev_assess(struct ev_db *db, int64_t claim_id, struct ev_assessment *a)
{
	return ev_assess_opts(db, claim_id, NULL, a);
}

int ev_assess_opts(struct ev_db *db, int64_t claim_id, const struct ev_meta_opts *o, struct ev_assessment *a)
{
	memset(a, 0, sizeof *a);
	a->claim_id = claim_id;
	a->opts = o ? *o : EV_META_OPTS_DEFAULT;
	if (ev_model_read(db, EV_CLAIM, claim_id, &a->claim))
		return -1;
	return grade(db, claim_id, a);
}

int ev_assess_claim(struct ev_db *db, int64_t claim_id, const struct ev_record *claim, struct ev_assessment *a)
{
	return ev_assess_claim_opts(db, claim_id, claim, NULL, a);
}

int ev_assess_claim_opts(struct ev_db *db, int64_t claim_id, const struct ev_record *claim,
			 const struct ev_meta_opts *o, struct ev_assessment *a)
{
	int n;
	memset(a, 0, sizeof *a);
	a->claim_id = claim_id;
	a->opts = o ? *o : EV_META_OPTS_DEFAULT;
	ev_fields(EV_CLAIM, &n);
	ev_record_reset(&a->claim, EV_CLAIM);
	for (int i = 0; i < n; i++) {
		const struct ev_value *v = &claim->v[i];
		if (v->type == EV_V_TEXT)
			ev_record_set_text(&a->claim, i, v->s, strlen(v->s));
		else if (v->type == EV_V_INT)
			ev_record_set_int(&a->claim, i, v->i);
		else if (v->type == EV_V_REAL)
			ev_record_set_real(&a->claim, i, v->d);
	}
	return grade(db, claim_id, a);
}

void ev_assessment_free(struct ev_assessment *a)
{
	ev_record_free(&a->claim);
	ev_links_free(&a->links);
	ev_grade_free(&a->grade);
	if (a->retracted)
		ev_grade_free(&a->with_retracted);
	a->retracted = 0;
	ev_buf_free(&a->retracted_names);
	free(a->pooled);
	a->pooled = NULL;
	a->npooled = 0;
}


/* A study id and where it is first named, to list each study once in
 * order of first mention without comparing every link with every other. */
struct mention {
	int64_t id;
	int pos;
};

static int cmp_mention_id(const void *pa, const void *pb)
{
	const struct mention *a = pa, *b = pb;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int cmp_mention_pos(const void *pa, const void *pb)
{
	const struct mention *a = pa, *b = pb;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

int ev_assess_studies(struct ev_db *db, const struct ev_assessment *as, int n, struct ev_record **out,
		      int *nout)
{
	int total = 0, k = 0;
	for (int c = 0; c < n; c++)
		total += as[c].links.n;
	struct mention *m = ev_xcalloc((size_t)total + 1, sizeof *m);
	for (int c = 0, pos = 0; c < n; c++)
		for (int i = 0; i < as[c].links.n; i++, pos++) {
			m[pos].id = as[c].links.v[i].study_id;
			m[pos].pos = pos;
		}
	/* Keep each id's first mention, then put them back in order. */
	qsort(m, (size_t)total, sizeof *m, cmp_mention_id);
	for (int i = 0; i < total; i++)
		if (i == 0 || m[i].id != m[i - 1].id)
			m[k++] = m[i];
	qsort(m, (size_t)k, sizeof *m, cmp_mention_pos);
	struct ev_record *r = ev_xcalloc((size_t)k + 1, sizeof *r);
	for (int i = 0; i < k; i++)
		if (ev_model_read(db, EV_STUDY, m[i].id, &r[i])) {
			ev_records_free(r, i + 1);
			free(m);
			*out = NULL;
			*nout = 0;
			return -1;
		}
	free(m);
	*out = r;
	*nout = k;
	return 0;
}

void ev_records_free(struct ev_record *r, int n)
{
	for (int i = 0; i < n; i++)
		ev_record_free(&r[i]);
	free(r);
}
