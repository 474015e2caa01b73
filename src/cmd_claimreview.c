/*
 * cmd_claimreview.c: `evidence claimreview ARTICLE` writes the verdicts on
 * an article's claims as schema.org ClaimReview JSON-LD, one review per
 * claim, for fact-check search features and aggregators. The document is
 * built by the pure module claimreview.c, so that `export --format
 * claimreview` can produce the same bytes; this command loads what the
 * builder needs and says who reviewed and when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess.h"
#include "claimreview.h"
#include "cli.h"
#include "util.h"

enum { OPT_REVIEWER = 0x2100, OPT_REVIEWER_TYPE, OPT_REVIEWER_URL, OPT_DATE, OPT_URL };

struct opts {
	struct ev_ctx *ctx;
	struct ev_cr_options cr;
	int type_given;
};

static int is_url(const char *s) { return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0; }

static int on_opt(void *ud, int val, const char *arg)
{
	struct opts *o = ud;
	switch (val) {
	case OPT_REVIEWER:
		if (!*arg)
			return ev_usage_error(o->ctx, "--reviewer: a name is needed");
		o->cr.reviewer = arg;
		break;
	case OPT_REVIEWER_TYPE:
		if (strcmp(arg, "person") == 0)
			o->cr.reviewer_person = 1;
		else if (strcmp(arg, "organization") == 0 || strcmp(arg, "organisation") == 0)
			o->cr.reviewer_person = 0;
		else
			return ev_usage_error(o->ctx, "--reviewer-type: '%s' is not one of person, organization", arg);
		o->type_given = 1;
		break;
	case OPT_REVIEWER_URL:
		if (!is_url(arg))
			return ev_usage_error(o->ctx, "--reviewer-url: '%s' is not an http(s):// URL", arg);
		o->cr.reviewer_url = arg;
		break;
	case OPT_DATE:
		if (!ev_claimreview_date_ok(arg))
			return ev_usage_error(o->ctx, "--review-date: '%s' is not a date (YYYY-MM-DD)", arg);
		o->cr.date = arg;
		break;
	case OPT_URL:
		if (!is_url(arg))
			return ev_usage_error(o->ctx, "--review-url: '%s' is not an http(s):// URL", arg);
		o->cr.url = arg;
		break;
	default:
		break;
	}
	return 0;
}

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const struct option extra[] = {
		{"reviewer", required_argument, NULL, OPT_REVIEWER},
		{"reviewer-type", required_argument, NULL, OPT_REVIEWER_TYPE},
		{"reviewer-url", required_argument, NULL, OPT_REVIEWER_URL},
		{"review-date", required_argument, NULL, OPT_DATE},
		{"review-url", required_argument, NULL, OPT_URL},
		{NULL, 0, NULL, 0},
	};
	struct opts o;
	struct ev_record art = {0};
	struct ev_ids ids = {0};
	struct ev_assessment *as = NULL;
	struct ev_record *recs = NULL;
	const struct ev_record **refs = NULL;
	struct ev_cr_claim *cl = NULL;
	int first, rc = EV_FAIL, n = 0, nrecs = 0, caprecs = 0;
	int64_t article;
	char today[16];
	memset(&o, 0, sizeof o);
	o.ctx = ctx;
	if (ev_cli_parse(ctx, argc, argv, "", extra, on_opt, &o, &first))
		return EV_USAGE;
	if (first >= argc)
		return ev_usage_error(ctx, "which article?");
	const char *key = argv[first];
	if (first + 1 < argc) {
		int more;
		if (ev_cli_parse(ctx, argc - first, argv + first, "", extra, on_opt, &o, &more))
			return EV_USAGE;
		if (more < argc - first)
			return ev_usage_error(ctx, "unexpected argument '%s'", argv[first + more]);
	}
	/* Defaults: the login name (a person) and today's date in UTC. */
	if (!o.cr.reviewer) {
		const char *user = getenv("USER");
		if (!user || !*user)
			user = getenv("LOGNAME");
		if (user && *user) {
			o.cr.reviewer = user;
			if (!o.type_given)
				o.cr.reviewer_person = 1;
		}
	}
	if (!o.cr.date) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		o.cr.date = today;
	}
	if (ev_cli_open(ctx))
		return EV_FAIL;
	int found = ev_model_find(&ctx->db, EV_ARTICLE, key, &article);
	if (found <= 0)
		return found < 0 ? EV_FAIL : ev_model_not_found(&ctx->db, EV_ARTICLE, key);
	if (ev_model_read(&ctx->db, EV_ARTICLE, article, &art) || ev_model_claims_of_article(&ctx->db, article, &ids))
		goto done;
	as = ev_xcalloc((size_t)ids.n + 1, sizeof *as);
	cl = ev_xcalloc((size_t)ids.n + 1, sizeof *cl);
	for (n = 0; n < ids.n; n++) {
		if (ev_assess(&ctx->db, ids.v[n], &as[n])) {
			n++;
			goto done;
		}
	}
	/* The linked studies' records, each claim's in link order, each
	 * study once per claim. Records are collected first (the array may
	 * move), pointers handed out after. */
	int *start = ev_xcalloc((size_t)ids.n + 1, sizeof *start);
	for (int i = 0; i < n; i++) {
		start[i] = nrecs;
		const struct ev_links *l = &as[i].links;
		for (int k = 0; k < l->n; k++) {
			int seen = 0;
			for (int j = 0; j < k; j++)
				seen |= l->v[j].study_id == l->v[k].study_id;
			if (seen)
				continue;
			if (nrecs == caprecs) {
				caprecs = caprecs ? caprecs * 2 : 32;
				recs = ev_xrealloc(recs, (size_t)caprecs * sizeof *recs);
			}
			memset(&recs[nrecs], 0, sizeof recs[nrecs]);
			if (ev_model_read(&ctx->db, EV_STUDY, l->v[k].study_id, &recs[nrecs++])) {
				free(start);
				goto done;
			}
		}
	}
	start[n] = nrecs;
	refs = ev_xcalloc((size_t)nrecs + 1, sizeof *refs);
	for (int i = 0; i < nrecs; i++)
		refs[i] = &recs[i];
	for (int i = 0; i < n; i++) {
		cl[i].a = &as[i];
		cl[i].studies = refs + start[i];
		cl[i].nstudies = start[i + 1] - start[i];
	}
	free(start);
	if (!o.cr.url)
		ev_note("claimreview: no --review-url: Google's fact-check results need the url of the page "
			"publishing the reviews");
	json_t *doc = ev_claimreview_build(&art, cl, n, &o.cr);
	ev_out_json(&ctx->out, doc);
	json_decref(doc);
	rc = EV_OK;
done:
	for (int i = 0; i < n; i++)
		ev_assessment_free(&as[i]);
	for (int i = 0; i < nrecs; i++)
		ev_record_free(&recs[i]);
	free(recs);
	free(refs);
	free(as);
	free(cl);
	ev_record_free(&art);
	ev_ids_free(&ids);
	return rc;
}

const struct ev_cmd ev_cmd_claimreview = {
	.name = "claimreview",
	.summary = "write an article's verdicts as schema.org ClaimReview JSON-LD",
	.usage = "  evidence claimreview ARTICLE [--reviewer NAME] [--reviewer-type TYPE]\n"
		 "                       [--reviewer-url URL] [--review-date DATE] [--review-url URL]",
	.help = "Writes one schema.org ClaimReview per claim of ARTICLE, as JSON-LD: the\n"
		"claim, the article it appears in, the rating (1 contradicted with high\n"
		"certainty ... 5 supported with high certainty; insufficient evidence has\n"
		"words but no number), the grading reasons, and the linked studies by DOI and\n"
		"PubMed id. The scale: docs/audit.md.\n"
		"\n"
		"Options:\n"
		"  --reviewer NAME       who reviewed (default $USER, as a person)\n"
		"  --reviewer-type TYPE  organization (default with --reviewer) or person\n"
		"  --reviewer-url URL    the reviewer's web site\n"
		"  --review-date DATE    datePublished, YYYY-MM-DD (default today, UTC)\n"
		"  --review-url URL      the page that publishes the reviews; each review's url\n"
		"                        is URL#CLAIM-KEY (Google's fact-check results need it)\n"
		"\n"
		"Examples:\n"
		"  evidence claimreview k2-arterial-flexibility --reviewer 'Example Health Desk'\n"
		"  evidence claimreview k2-arterial-flexibility --review-date 2025-11-01 \\\n"
		"      --review-url https://example.org/checks/k2 -o claimreview.jsonld\n",
	.access = EV_DB_READ,
	.formats = EV_FMT_BIT(EV_FMT_JSON),
	.run = run,
};
