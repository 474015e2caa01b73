/*
 * cmd_studies.c: `evidence studies` lists the studies, with what each
 * still lacks before it counts toward a grade. `--incomplete` keeps only
 * those: the curation queue after importing PubMed records, which arrive
 * without sample sizes (and, from the CSV export, without designs) and
 * stay unverified until someone checks them. The queue also holds the
 * studies whose risk of bias was never assessed and the links that give
 * an estimate without the number analysed (whose participants are then
 * taken from the whole study, which a subgroup or one outcome seldom is).
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "model_search.h"
#include "util.h"

enum { OPT_INCOMPLETE = 0x2000, OPT_RAW };

/* The command's state: its options, then the list being made. */
struct list {
	int incomplete;
	int raw;       /* --raw: csv/tsv cells as stored, formulas and all */
	struct ev_table *t, *links;
	json_t *arr;
	long n, nlinks;
};

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	(void)ctx;
	struct list *l = state;
	(void)arg;
	if (val == OPT_INCOMPLETE) {
		l->incomplete = 1;
		return 0;
	}
	if (val == OPT_RAW) {
		l->raw = 1;
		return 0;
	}
	return EV_USAGE;
}

static json_t *int_or_null(int64_t v) { return v ? json_integer(v) : json_null(); }
static json_t *str_or_null(const char *s) { return s ? ev_json_text(s) : json_null(); }

static int on_study(void *ud, const struct ev_study_row *s)
{
	struct list *l = ud;
	const char *needs[7];
	int nn = ev_study_needs(s, needs);
	l->n++;
	if (l->arr) {
		json_t *o = json_object(), *a = json_array();
		for (int i = 0; i < nn; i++)
			json_array_append_new(a, json_string(needs[i]));
		json_object_set_new(o, "kind", json_string("study"));
		json_object_set_new(o, "key", ev_json_text(s->key));
		json_object_set_new(o, "title", str_or_null(s->title));
		json_object_set_new(o, "authors", str_or_null(s->authors));
		json_object_set_new(o, "journal", str_or_null(s->journal));
		json_object_set_new(o, "year", int_or_null(s->year));
		json_object_set_new(o, "design", str_or_null(s->design));
		json_object_set_new(o, "sample_size", int_or_null(s->sample_size));
		json_object_set_new(o, "status", str_or_null(s->status));
		json_object_set_new(o, "pmid", int_or_null(s->pmid));
		json_object_set_new(o, "doi", str_or_null(s->doi));
		json_object_set_new(o, "risk_of_bias", ev_json_text(s->risk_of_bias ? s->risk_of_bias : "unknown"));
		json_object_set_new(o, "needs", a);
		json_array_append_new(l->arr, o);
		return 0;
	}
	struct ev_buf b = EV_BUF_INIT;
	for (int i = 0; i < nn; i++)
		ev_buf_addf(&b, "%s%s", i ? ", " : "", needs[i]);
	ev_table_add(l->t, s->key);
	if (s->year)
		ev_table_add_int(l->t, s->year);
	else
		ev_table_add(l->t, NULL);
	ev_table_add(l->t, s->design);
	if (s->sample_size)
		ev_table_add_int(l->t, s->sample_size);
	else
		ev_table_add(l->t, NULL);
	ev_table_add(l->t, s->status);
	ev_table_add(l->t, nn ? ev_buf_str(&b) : NULL);
	ev_table_add(l->t, s->title);
	ev_buf_free(&b);
	return 0;
}

static json_t *real_or_null(int has, double v) { return has ? json_real(v) : json_null(); }

/* A link with an estimate but no n: a row of the second table, or an
 * object of kind "link" after the studies in JSON. */
static int on_link(void *ud, const struct ev_link_todo *k)
{
	struct list *l = ud;
	l->nlinks++;
	if (l->arr) {
		json_t *o = json_object(), *a = json_array();
		json_array_append_new(a, json_string("n"));
		json_object_set_new(o, "kind", json_string("link"));
		json_object_set_new(o, "claim", ev_json_text(k->claim));
		json_object_set_new(o, "study", ev_json_text(k->study));
		json_object_set_new(o, "outcome", ev_json_text(k->outcome));
		json_object_set_new(o, "measure", str_or_null(k->measure));
		json_object_set_new(o, "estimate", json_real(k->estimate));
		json_object_set_new(o, "ci_low", real_or_null(k->has_ci, k->ci_low));
		json_object_set_new(o, "ci_high", real_or_null(k->has_ci, k->ci_high));
		json_object_set_new(o, "sample_size", int_or_null(k->sample_size));
		json_object_set_new(o, "needs", a);
		json_array_append_new(l->arr, o);
		return 0;
	}
	char e[32];
	ev_table_add(l->links, k->claim);
	ev_table_add(l->links, k->study);
	ev_table_add(l->links, k->outcome);
	if (k->has_ci) {
		char lo[32], hi[32];
		ev_table_addf(l->links, "%s %s (%s to %s)", k->measure ? k->measure : "",
			      ev_fmt_num(e, sizeof e, k->estimate, 4), ev_fmt_num(lo, sizeof lo, k->ci_low, 4),
			      ev_fmt_num(hi, sizeof hi, k->ci_high, 4));
	} else {
		ev_table_addf(l->links, "%s %s", k->measure ? k->measure : "", ev_fmt_num(e, sizeof e, k->estimate, 4));
	}
	if (k->sample_size)
		ev_table_add_int(l->links, k->sample_size);
	else
		ev_table_add(l->links, NULL);
	ev_table_add(l->links, "n");
	return 0;
}

static int cmd_studies(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"key", "year", "design", "n", "status", "needs", "title"};
	/* sample_size: the study's, which the link's n falls back to */
	static const char *const link_headers[] = {"claim", "study", "outcome", "effect", "sample_size", "needs"};
	struct list *l = state; /* the options, then the list being made */
	int rc = EV_FAIL;
	(void)a;
	/* A title starting with "=" must not run in a spreadsheet. */
	ctx->out.formula_safe = !l->raw;
	if (ctx->out.fmt == EV_FMT_JSON) {
		l->arr = json_array();
	} else {
		l->t = ev_table_new(7, headers);
		ev_table_style(l->t, 1, EV_CELL_RIGHT);
		ev_table_style(l->t, 3, EV_CELL_RIGHT);
		ev_table_style(l->t, 6, EV_CELL_SHRINK);
		l->links = ev_table_new(6, link_headers);
		ev_table_style(l->links, 2, EV_CELL_SHRINK);
		ev_table_style(l->links, 4, EV_CELL_RIGHT);
	}
	if (ev_model_studies(&ctx->db, l->incomplete, on_study, l))
		goto done;
	if (l->incomplete && ev_model_links_without_n(&ctx->db, on_link, l))
		goto done;
	if (l->arr) {
		ev_out_json(&ctx->out, l->arr);
	} else if (l->n == 0 && (ctx->out.fmt == EV_FMT_TABLE || ctx->out.fmt == EV_FMT_MARKDOWN)) {
		ev_out_line(&ctx->out, l->incomplete ? "No study needs curation." : "No studies yet.");
	} else {
		if (l->incomplete)
			ev_out_heading(&ctx->out, 1, "%ld stud%s to curate", l->n, l->n == 1 ? "y" : "ies");
		ev_table_print(&ctx->out, l->t);
	}
	if (!l->arr && l->nlinks) {
		/* csv and tsv: the second table follows after a blank line */
		if (ctx->out.fmt == EV_FMT_CSV || ctx->out.fmt == EV_FMT_TSV)
			fputc('\n', ctx->out.fp);
		ev_out_heading(&ctx->out, 1, "%ld link%s to curate", l->nlinks, l->nlinks == 1 ? "" : "s");
		ev_table_print(&ctx->out, l->links);
	}
	rc = EV_OK;
done:
	ev_table_free(l->t);
	ev_table_free(l->links);
	json_decref(l->arr);
	return rc;
}

static const struct option studies_options[] = {
	{"incomplete", no_argument, NULL, OPT_INCOMPLETE},
	{"raw", no_argument, NULL, OPT_RAW},
	{NULL, 0, NULL, 0},
};

const struct ev_cmd ev_cmd_studies = {
	.name = "studies",
	.summary = "list the studies, or those still to curate (--incomplete)",
	.usage = "  evidence studies [--incomplete] [--raw] [--format FORMAT]",
	.help = "Lists every study in key order with its year, design, sample size (n),\n"
		"status and what it still needs before it counts toward a grade (a design,\n"
		"a sample_size, authors, a year, or verification: status unverified) or\n"
		"before its grade is complete (risk_of_bias, never assessed: unknown). With\n"
		"--incomplete, only the studies that need something: the queue of records\n"
		"imported from PubMed that wait for a curator; then, in a second table, the\n"
		"evidence links with an estimate but no n of their own, whose participants\n"
		"are taken from the whole study (in csv and tsv the second table follows\n"
		"after a blank line; in json they are objects of \"kind\": \"link\" after the\n"
		"studies, \"kind\": \"study\").\n"
		"\n"
		"Options:\n"
		"  --incomplete         only studies missing design, sample_size, authors,\n"
		"                       year or a risk-of-bias assessment, or still\n"
		"                       unverified; and links with an estimate but no n\n"
		"  --raw                csv, tsv: values exactly as stored; otherwise a value a\n"
		"                       spreadsheet would run as a formula (starting with = + - @,\n"
		"                       a tab or a carriage return, and not a number) gets a ' first\n"
		"\n"
		"Examples:\n"
		"  evidence studies --incomplete\n"
		"  evidence studies --format csv -o studies-list.csv\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = studies_options,
	.option = on_opt,
	.state_size = sizeof(struct list),
	.run = cmd_studies,
};
