/*
 * cmd_export_claimreview.c: `evidence export --format claimreview --article A`:
 * loads what the pure builder (claimreview.c) needs, every claim of the
 * article graded and the records of the studies each claim cites, and
 * writes the schema.org ClaimReview JSON-LD. Kept out of cmd_export.c,
 * whose other formats are per-study rather than per-claim.
 */
#include "cmd_export_claimreview.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "assess.h"
#include "model.h"
#include "util.h"

void ev_cr_defaults(struct ev_cr_options *o, int type_given, const char *now, char *today, size_t size)
{
	/* The reviewer is required (the command refuses without one); the
	 * date defaults to the day of `now`. */
	(void)type_given;
	if (!o->date) {
		snprintf(today, size, "%.10s", now);
		o->date = today;
	}
}

int ev_cr_from_settings(struct ev_db *db, struct ev_cr_options *o, int type_given, struct ev_cr_settings *s)
{
	int rc;
	if (!o->url) {
		if ((rc = ev_model_setting(db, "review_url", s->review_url, sizeof s->review_url)) < 0)
			return -1;
		if (rc > 0)
			o->url = s->review_url;
	}
	if (o->reviewer)
		return 0;
	if ((rc = ev_model_setting(db, "reviewer", s->reviewer, sizeof s->reviewer)) <= 0)
		return rc;
	o->reviewer = s->reviewer;
	if (!type_given) {
		if ((rc = ev_model_setting(db, "reviewer_type", s->reviewer_type, sizeof s->reviewer_type)) < 0)
			return -1;
		o->reviewer_person = rc > 0 && strcmp(s->reviewer_type, "person") == 0;
	}
	if (!o->reviewer_url) {
		if ((rc = ev_model_setting(db, "reviewer_url", s->reviewer_url, sizeof s->reviewer_url)) < 0)
			return -1;
		if (rc > 0)
			o->reviewer_url = s->reviewer_url;
	}
	return 0;
}

int ev_export_claimreview(struct ev_ctx *ctx, const char *key, const struct ev_cr_options *opt)
{
	struct ev_record art = {0}, *recs = NULL;
	struct ev_ids ids = {0};
	struct ev_assessment *as = NULL;
	int rc = EV_FAIL, n = 0, nrecs = 0;
	int64_t article;

	int found = ev_model_find(&ctx->db, EV_ARTICLE, key, &article);
	if (found <= 0)
		return found < 0 ? EV_FAIL : ev_model_not_found(&ctx->db, EV_ARTICLE, key);
	if (ev_model_read(&ctx->db, EV_ARTICLE, article, &art) || ev_model_claims_of_article(&ctx->db, article, &ids))
		goto done;
	as = ev_xcalloc((size_t)ids.n + 1, sizeof *as);
	for (n = 0; n < ids.n; n++)
		if (ev_assess(&ctx->db, ids.v[n], &as[n])) {
			n++;
			goto done;
		}
	/* Each claim cites its own studies (each once, in link order): the
	 * records are read once for the whole article. */
	if (ev_assess_studies(&ctx->db, as, n, &recs, &nrecs))
		goto done;
	json_t *doc = ev_claimreview_of(&art, as, n, recs, nrecs, opt);
	ev_out_json(&ctx->out, doc);
	json_decref(doc);
	rc = EV_OK;
done:
	for (int i = 0; i < n; i++)
		ev_assessment_free(&as[i]);
	ev_records_free(recs, nrecs);
	free(as);
	ev_record_free(&art);
	ev_ids_free(&ids);
	return rc;
}
