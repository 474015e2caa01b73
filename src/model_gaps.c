/*
 * model_gaps.c: the curation to-do list (model_gaps.h).
 *
 * A claim's links are read and judged as grading reads them
 * (ev_model_links, ev_link_counts), so "counted" here means what it means
 * to the verdict; the studies never assessed are one query.
 */
#include "model_gaps.h"

#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "model.h"
#include "util.h"

const char *const ev_gap_names[] = {
	"no evidence", "only unverified evidence", "no counted evidence", "only indirect evidence",
	"no estimate", "no participant count", "risk of bias not assessed", NULL,
};

/* The selected claims' ids and keys, in article order. */
static const char claims_sql[] =
	"SELECT c.id, c.key FROM claims c LEFT JOIN articles a ON a.id = c.article_id WHERE (?1 = 0 OR "
	"c.article_id = ?1) AND (?2 = 0 OR EXISTS (SELECT 1 FROM claim_topics ct WHERE ct.claim_id = c.id AND "
	"ct.topic_id = ?2)) ORDER BY a.key, c.position, c.key";
/* Studies whose risk of bias is still the default, among those the
 * selected claims cite (all studies when nothing is selected). */
static const char studies_sql[] =
	"SELECT s.key, s.design, s.status FROM studies s WHERE s.risk_of_bias = 'unknown' AND ((?1 = 0 AND ?2 = 0) "
	"OR EXISTS (SELECT 1 FROM evidence e JOIN claims c ON c.id = e.claim_id WHERE e.study_id = s.id AND (?1 = "
	"0 OR c.article_id = ?1) AND (?2 = 0 OR EXISTS (SELECT 1 FROM claim_topics ct WHERE ct.claim_id = c.id AND "
	"ct.topic_id = ?2)))) ORDER BY s.key";

struct claim_ref {
	int64_t id;
	char *key;
};

static const char *plural(int n, const char *one, const char *many) { return n == 1 ? one : many; }

/* The claim's own gap, if any, with what it has instead. */
static int claim_gap(const struct ev_links *l, struct ev_buf *detail)
{
	int counted = 0, direct = 0, unverified = 0;
	for (int i = 0; i < l->n; i++) {
		const struct ev_link *k = &l->v[i];
		if (ev_link_counts(k)) {
			counted++;
			direct += !k->indirect;
		} else if (k->status == EV_UNVERIFIED) {
			unverified++;
		}
	}
	ev_buf_reset(detail);
	if (l->n == 0) {
		ev_buf_adds(detail, "no links");
		return EV_GAP_NO_EVIDENCE;
	}
	if (counted == 0) {
		ev_buf_addf(detail, "%d %s, none counted", l->n, plural(l->n, "link", "links"));
		if (unverified)
			ev_buf_addf(detail, " (%d to unverified %s)", unverified, plural(unverified, "study", "studies"));
		return unverified ? EV_GAP_UNVERIFIED : EV_GAP_NOT_COUNTED;
	}
	if (direct == 0) {
		ev_buf_addf(detail, "%d counted %s, all indirect", counted, plural(counted, "link", "links"));
		return EV_GAP_INDIRECT;
	}
	return -1;
}

int ev_model_gaps(struct ev_db *db, int64_t article, int64_t topic, ev_gap_fn fn, void *ud)
{
	struct claim_ref *claims = NULL;
	struct ev_buf detail = EV_BUF_INIT;
	int n = 0, cap = 0, rc, ret = -1, stop = 0;
	sqlite3_stmt *st = ev_db_stmt(db, claims_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, article);
	sqlite3_bind_int64(st, 2, topic);
	while ((rc = ev_db_step(db, st, "listing claims")) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			claims = ev_xrealloc(claims, (size_t)cap * sizeof *claims);
		}
		claims[n].id = sqlite3_column_int64(st, 0);
		claims[n++].key = ev_xstrdup(ev_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto done;

	for (int i = 0; i < n && !stop; i++) {
		struct ev_links l = {0};
		if (ev_model_links(db, claims[i].id, &l)) {
			ev_links_free(&l);
			goto done;
		}
		int what = claim_gap(&l, &detail);
		if (what >= 0) {
			struct ev_gap g = {(enum ev_gap_what)what, EV_CLAIM, claims[i].key, NULL, NULL, ev_buf_str(&detail)};
			stop = fn(ud, &g);
		}
		for (int j = 0; j < l.n && !stop; j++) {
			const struct ev_link *k = &l.v[j];
			/* An estimate without an n cannot be weighed by size. */
			if (k->has_estimate && k->n)
				continue;
			ev_buf_reset(&detail);
			if (k->has_estimate)
				ev_buf_adds(&detail, "neither the link nor the study gives n");
			else
				ev_buf_addf(&detail, "%s%s", k->direction == EV_INCONCLUSIVE ? "inconclusive" : "direction only",
					    k->n ? "" : ", no participant count");
			struct ev_gap g = {k->has_estimate ? EV_GAP_NO_N : EV_GAP_NO_ESTIMATE, EV_LINK, claims[i].key,
					   k->study, k->outcome, ev_buf_str(&detail)};
			stop = fn(ud, &g);
		}
		ev_links_free(&l);
	}

	st = ev_db_stmt(db, studies_sql);
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, article);
	sqlite3_bind_int64(st, 2, topic);
	while (!stop && (rc = ev_db_step(db, st, "listing studies")) == SQLITE_ROW) {
		ev_buf_reset(&detail);
		ev_buf_addf(&detail, "%s, %s", sqlite3_column_type(st, 1) == SQLITE_NULL ? "no design" : ev_col_text(st, 1),
			    ev_col_text(st, 2));
		struct ev_gap g = {EV_GAP_NO_ROB, EV_STUDY, ev_col_text(st, 0), NULL, NULL, ev_buf_str(&detail)};
		stop = fn(ud, &g);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		goto done;
	ret = 0;
done:
	for (int i = 0; i < n; i++)
		free(claims[i].key);
	free(claims);
	ev_buf_free(&detail);
	return ret;
}
