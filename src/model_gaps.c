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

/* Every claim, in article order (the whole table: it is all asked for). */
static const char all_claims_sql[] = "SELECT c.id FROM claims c LEFT JOIN articles a ON a.id = c.article_id "
				     "ORDER BY a.key, c.position, c.key";
/* Every study still at the default risk of bias (likewise). */
static const char all_studies_sql[] =
	"SELECT key, design, status FROM studies WHERE risk_of_bias = 'unknown' ORDER BY key";
/* One study, when it is still at the default. */
static const char study_sql[] = "SELECT key, design, status FROM studies WHERE id = ?1 AND risk_of_bias = 'unknown'";
static const char key_sql[] = "SELECT key FROM claims WHERE id = ?1";
static const char tagged_sql[] = "SELECT 1 FROM claim_topics WHERE claim_id = ?1 AND topic_id = ?2";

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

/* The selected claims' ids, in article order: through the indexes of a
 * topic's or an article's claims when one is named, so a narrow list of a
 * large database reads only its own rows. */
static int select_claims(struct ev_db *db, int64_t article, int64_t topic, struct ev_ids *ids)
{
	if (!article && !topic) {
		sqlite3_stmt *st = ev_db_stmt(db, all_claims_sql);
		return st ? ev_model_collect_ids(db, st, ids) : -1;
	}
	if (!article)
		return ev_model_claims_of_topic(db, topic, ids);
	if (ev_model_claims_of_article(db, article, ids))
		return -1;
	if (!topic)
		return 0;
	sqlite3_stmt *st = ev_db_stmt(db, tagged_sql);
	if (!st)
		return -1;
	int kept = 0;
	for (int i = 0; i < ids->n; i++) {
		sqlite3_bind_int64(st, 1, ids->v[i]);
		sqlite3_bind_int64(st, 2, topic);
		int rc = ev_db_step(db, st, "listing claims");
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return -1;
		if (rc == SQLITE_ROW)
			ids->v[kept++] = ids->v[i];
	}
	ids->n = kept;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* A study row of studies_sql or study_sql, as a gap. */
static int study_gap(sqlite3_stmt *st, struct ev_buf *detail, ev_gap_fn fn, void *ud)
{
	ev_buf_reset(detail);
	ev_buf_addf(detail, "%s, %s", sqlite3_column_type(st, 1) == SQLITE_NULL ? "no design" : ev_col_text(st, 1),
		    ev_col_text(st, 2));
	struct ev_gap g = {EV_GAP_NO_ROB, EV_STUDY, ev_col_text(st, 0), NULL, NULL, ev_buf_str(detail)};
	return fn(ud, &g);
}

struct study_ref {
	char *key, *design, *status;
};

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct study_ref *)a)->key, ((const struct study_ref *)b)->key);
}

int ev_model_gaps(struct ev_db *db, int64_t article, int64_t topic, ev_gap_fn fn, void *ud)
{
	struct ev_ids ids = {NULL, 0};
	struct ev_buf detail = EV_BUF_INIT;
	int64_t *cited = NULL;
	struct study_ref *refs = NULL;
	int ncited = 0, capcited = 0, nrefs = 0, rc = SQLITE_DONE, ret = -1, stop = 0;
	int filtered = article || topic;
	sqlite3_stmt *st;
	if (select_claims(db, article, topic, &ids))
		goto done;

	for (int i = 0; i < ids.n && !stop; i++) {
		struct ev_links l = {0};
		char *key = NULL;
		if (!(st = ev_db_stmt(db, key_sql)))
			goto done;
		sqlite3_bind_int64(st, 1, ids.v[i]);
		if (ev_db_step(db, st, "reading a claim") == SQLITE_ROW)
			key = ev_xstrdup(ev_col_text(st, 0));
		sqlite3_reset(st);
		if (!key || ev_model_links(db, ids.v[i], &l)) {
			free(key);
			ev_links_free(&l);
			goto done;
		}
		int what = claim_gap(&l, &detail);
		if (what >= 0) {
			struct ev_gap g = {(enum ev_gap_what)what, EV_CLAIM, key, NULL, NULL, ev_buf_str(&detail)};
			stop = fn(ud, &g);
		}
		for (int j = 0; j < l.n && !stop; j++) {
			const struct ev_link *k = &l.v[j];
			if (filtered) {
				if (ncited == capcited) {
					capcited = capcited ? capcited * 2 : 32;
					cited = ev_xrealloc(cited, (size_t)capcited * sizeof *cited);
				}
				cited[ncited++] = k->study_id;
			}
			/* An estimate without an n cannot be weighed by size. */
			if (k->has_estimate && k->n)
				continue;
			ev_buf_reset(&detail);
			if (k->has_estimate)
				ev_buf_adds(&detail, "neither the link nor the study gives n");
			else
				ev_buf_addf(&detail, "%s%s", k->direction == EV_INCONCLUSIVE ? "inconclusive" : "direction only",
					    k->n ? "" : ", no participant count");
			struct ev_gap g = {k->has_estimate ? EV_GAP_NO_N : EV_GAP_NO_ESTIMATE, EV_LINK, key,
					   k->study, k->outcome, ev_buf_str(&detail)};
			stop = fn(ud, &g);
		}
		ev_links_free(&l);
		free(key);
	}
	if (stop) {
		ret = 0;
		goto done;
	}

	if (!filtered) {
		if (!(st = ev_db_stmt(db, all_studies_sql)))
			goto done;
		while (!stop && (rc = ev_db_step(db, st, "listing studies")) == SQLITE_ROW)
			stop = study_gap(st, &detail, fn, ud);
		sqlite3_reset(st);
		if (!stop && rc != SQLITE_DONE)
			goto done;
		ret = 0;
		goto done;
	}
	/* The studies the selected claims cite, each once, in key order. */
	if (ncited)
		qsort(cited, (size_t)ncited, sizeof *cited, by_id);
	refs = ev_xcalloc((size_t)ncited + 1, sizeof *refs);
	if (!(st = ev_db_stmt(db, study_sql)))
		goto done;
	for (int i = 0; i < ncited; i++) {
		if (i && cited[i] == cited[i - 1])
			continue;
		sqlite3_bind_int64(st, 1, cited[i]);
		rc = ev_db_step(db, st, "reading a study");
		if (rc == SQLITE_ROW) {
			refs[nrefs].key = ev_xstrdup(ev_col_text(st, 0));
			refs[nrefs].design = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : ev_xstrdup(ev_col_text(st, 1));
			refs[nrefs++].status = ev_xstrdup(ev_col_text(st, 2));
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto done;
	}
	if (nrefs)
		qsort(refs, (size_t)nrefs, sizeof *refs, by_key);
	for (int i = 0; i < nrefs && !stop; i++) {
		ev_buf_reset(&detail);
		ev_buf_addf(&detail, "%s, %s", refs[i].design ? refs[i].design : "no design", refs[i].status);
		struct ev_gap g = {EV_GAP_NO_ROB, EV_STUDY, refs[i].key, NULL, NULL, ev_buf_str(&detail)};
		stop = fn(ud, &g);
	}
	ret = 0;
done:
	for (int i = 0; i < nrefs; i++) {
		free(refs[i].key);
		free(refs[i].design);
		free(refs[i].status);
	}
	free(refs);
	free(cited);
	ev_ids_free(&ids);
	ev_buf_free(&detail);
	return ret;
}
