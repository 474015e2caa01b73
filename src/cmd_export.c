/*
 * cmd_export.c: `evidence export` writes the studies behind a topic, a
 * claim or an article (or named studies, or all of them) in the form the
 * next tool needs: CSV or TSV with every study column (the CSV re-imports
 * with `evidence import`), JSON with the formatted citation and the claims
 * each study bears on, a Markdown citation table for a draft, and the
 * bibliography formats of reference managers and document processors
 * (BibTeX, RIS, CSL-JSON) or formatted Vancouver and APA references.
 *
 * Studies come out sorted by key, so exports of the same data are
 * byte-identical and a re-export diffs cleanly. All reads happen in one
 * read transaction: a concurrent import never shows half its rows.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "cli.h"
#include "cmd_export_claimreview.h"
#include "model.h"
#include "model_export.h"
#include "util.h"
#include "view.h"

enum {
	OPT_TOPIC = 0x2000, OPT_CLAIM, OPT_ARTICLE, OPT_STUDY, OPT_ASCII,
	OPT_REVIEWER, OPT_REVIEWER_TYPE, OPT_REVIEWER_URL, OPT_REVIEW_DATE, OPT_REVIEW_URL, OPT_ALL, OPT_RAW,
};

struct keys {
	const char **v;
	int n, cap;
};

struct opts {
	struct keys topics, claims, articles, studies;
	int ascii;
	int all;                 /* --all: unverified studies in bibliographies too */
	int raw;                 /* --raw: csv/tsv without formula neutralising */
	struct ev_cr_options cr; /* claimreview: who reviewed, when, where */
	int cr_given, cr_type_given;
};

static void keys_add(struct keys *k, const char *s)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 4;
		k->v = ev_xrealloc(k->v, (size_t)k->cap * sizeof *k->v);
	}
	k->v[k->n++] = s;
}

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	struct opts *o = state;
	if (val >= OPT_REVIEWER && val <= OPT_REVIEW_URL)
		o->cr_given = 1;
	switch (val) {
	case OPT_REVIEWER:
		if (!*arg)
			return ev_usage_error(ctx, "--reviewer: a name is needed");
		o->cr.reviewer = arg;
		return 0;
	case OPT_REVIEWER_TYPE:
		if (strcmp(arg, "person") == 0)
			o->cr.reviewer_person = 1;
		else if (strcmp(arg, "organization") == 0 || strcmp(arg, "organisation") == 0)
			o->cr.reviewer_person = 0;
		else
			return ev_usage_error(ctx, "--reviewer-type: '%s' is not one of person, organization", arg);
		o->cr_type_given = 1;
		return 0;
	case OPT_REVIEWER_URL:
	case OPT_REVIEW_URL:
		if (!ev_claimreview_url_ok(arg))
			return ev_usage_error(ctx, "--%s: '%s' is not an http(s):// URL",
					      val == OPT_REVIEW_URL ? "review-url" : "reviewer-url", arg);
		*(val == OPT_REVIEW_URL ? &o->cr.url : &o->cr.reviewer_url) = arg;
		return 0;
	case OPT_REVIEW_DATE:
		if (!ev_claimreview_date_ok(arg))
			return ev_usage_error(ctx, "--review-date: '%s' is not a date (YYYY-MM-DD)", arg);
		o->cr.date = arg;
		return 0;
	case OPT_TOPIC:
		keys_add(&o->topics, arg);
		return 0;
	case OPT_CLAIM:
		keys_add(&o->claims, arg);
		return 0;
	case OPT_ARTICLE:
		keys_add(&o->articles, arg);
		return 0;
	case OPT_STUDY:
		keys_add(&o->studies, arg);
		return 0;
	case OPT_ASCII:
		o->ascii = 1;
		return 0;
	case OPT_ALL:
		o->all = 1;
		return 0;
	case OPT_RAW:
		o->raw = 1;
		return 0;
	default:
		return EV_USAGE;
	}
}

static void ids_add(struct ev_ids *ids, int64_t id, int *cap)
{
	if (ids->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		ids->v = ev_xrealloc(ids->v, (size_t)*cap * sizeof *ids->v);
	}
	ids->v[ids->n++] = id;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int has_id(const struct ev_ids *ids, int64_t id)
{
	return ids->n && bsearch(&id, ids->v, (size_t)ids->n, sizeof id, cmp_id) != NULL;
}

/* Turns the filter keys into claim and study ids (sorted). Every unknown
 * key is reported, with a suggestion. 0, or EV_FAIL. */
static int resolve(struct ev_db *db, const struct opts *o, struct ev_ids *claims, struct ev_ids *studies,
		   struct ev_ids *ordered)
{
	int ccap = 0, scap = 0, ocap = 0, bad = 0;
	int64_t id;
	const struct {
		const struct keys *k;
		enum ev_kind kind;
	} groups[] = {
		{&o->topics, EV_KIND_COUNT},
		{&o->claims, EV_CLAIM},
		{&o->articles, EV_ARTICLE},
		{&o->studies, EV_STUDY},
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		for (int i = 0; i < groups[g].k->n; i++) {
			const char *key = groups[g].k->v[i];
			int found = ev_model_find(db, groups[g].kind, key, &id);
			if (found < 0)
				return EV_FAIL;
			if (!found) {
				ev_model_not_found(db, groups[g].kind, key);
				bad = 1;
				continue;
			}
			struct ev_ids sub = {0};
			switch (groups[g].kind) {
			case EV_CLAIM:
				ids_add(claims, id, &ccap);
				break;
			case EV_STUDY:
				ids_add(studies, id, &scap);
				break;
			case EV_ARTICLE:
			case EV_KIND_COUNT:
				if ((groups[g].kind == EV_ARTICLE ? ev_model_claims_of_article(db, id, &sub)
								  : ev_model_claims_of_topic(db, id, &sub)))
					return EV_FAIL;
				for (int j = 0; j < sub.n; j++)
					ids_add(claims, sub.v[j], &ccap);
				ev_ids_free(&sub);
				break;
			default:
				break;
			}
		}
	}
	/* The claims as selected, for Vancouver's citation order. */
	for (int i = 0; i < claims->n; i++)
		ids_add(ordered, claims->v[i], &ocap);
	if (claims->n)
		qsort(claims->v, (size_t)claims->n, sizeof *claims->v, cmp_id);
	if (studies->n)
		qsort(studies->v, (size_t)studies->n, sizeof *studies->v, cmp_id);
	return bad ? EV_FAIL : 0;
}

/* The links of a study that the export shows: all of them, unless the
 * export was selected by claims (topic, claim, article) and the study was
 * not named with --study; then only its links to those claims. */
static int shown_claims(struct ev_db *db, int64_t study, const struct ev_ids *claims,
			const struct ev_ids *studies, int by_claims, struct ev_study_claims *sc)
{
	if (ev_model_study_claims(db, study, sc))
		return -1;
	if (!by_claims || has_id(studies, study))
		return 0;
	int k = 0;
	for (int i = 0; i < sc->n; i++) {
		struct ev_study_claim c = sc->v[i];
		if (has_id(claims, c.claim_id)) {
			sc->v[k++] = c;
		} else {
			free(c.claim);
			free(c.direction);
			free(c.outcome);
		}
	}
	sc->n = k;
	return 0;
}

/* "claim (direction); ..." with each claim and direction once. */
static void claims_cell(struct ev_buf *b, const struct ev_study_claims *sc)
{
	for (int i = 0; i < sc->n; i++) {
		int dup = 0;
		for (int j = 0; j < i && !dup; j++)
			dup = strcmp(sc->v[j].claim, sc->v[i].claim) == 0 &&
			      strcmp(sc->v[j].direction, sc->v[i].direction) == 0;
		if (!dup)
			ev_buf_addf(b, "%s%s (%s)", b->len ? "; " : "", sc->v[i].claim, sc->v[i].direction);
	}
}

/* A formatted reference waiting to be sorted: APA alphabetically by its
 * rules, Vancouver by citation order (then key). */
struct ref {
	char *sort;   /* APA sort key; NULL for Vancouver */
	long rank;    /* Vancouver: first citation; LONG_MAX when not cited */
	long seq;     /* walk order (key order): the tie-break */
	char *text;
};

struct rank {
	int64_t study;
	long rank;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	return x->study < y->study ? -1 : x->study > y->study;
}

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->sort && y->sort) {
		int c = strcmp(x->sort, y->sort);
		if (c)
			return c;
	}
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Citation order for Vancouver: the claims in the order selected
 * (an article's in article order), each claim's studies in the order the
 * report lists them (by key); each study ranked at its first citation. */
static int citation_order(struct ev_db *db, const struct ev_ids *ordered, struct rank **out, int *nout)
{
	struct rank *r = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < ordered->n; i++) {
		struct ev_links links = {0};
		if (ev_model_links(db, ordered->v[i], &links)) {
			free(r);
			return -1;
		}
		for (int j = 0; j < links.n; j++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				r = ev_xrealloc(r, (size_t)cap * sizeof *r);
			}
			r[n].study = links.v[j].study_id;
			r[n].rank = n;
			n++;
		}
		ev_links_free(&links);
	}
	*out = NULL;
	*nout = 0;
	if (!n)
		return 0;
	/* Sorted by study, then one entry per study at its first citation. */
	qsort(r, (size_t)n, sizeof *r, cmp_rank);
	int k = 0;
	for (int i = 0; i < n; i++) {
		long best = r[i].rank;
		int j = i;
		while (j + 1 < n && r[j + 1].study == r[i].study) {
			j++;
			if (r[j].rank < best)
				best = r[j].rank;
		}
		r[k].study = r[i].study;
		r[k].rank = best;
		k++;
		i = j;
	}
	*out = r;
	*nout = k;
	return 0;
}

/* One export in progress: what the walk over the studies needs. */
struct walk {
	struct ev_db *db;
	struct ev_out *out;
	enum ev_format fmt;
	const struct ev_ids *claims, *studies;
	int by_claims;
	unsigned bibtex_flags;
	struct ev_buf b;    /* text formats: output not yet written */
	struct ev_buf cite; /* json, markdown: one formatted citation */
	json_t *arr;        /* json, csl-json */
	struct ev_table *t; /* markdown */
	int kept;           /* characters left as UTF-8 under --ascii */
	int unverified;     /* bibliographies: include unverified studies (--all) */
	long skipped;       /* unverified studies left out */
	struct ref *refs;   /* vancouver, apa: the references, sorted at the end */
	int nrefs, caprefs;
	struct rank *ranks; /* vancouver: each study's place in citation order, by id */
	int nranks;
	long count;
	int failed;         /* writing the output failed */
};

/* Text formats build their output in w->b and write it in large pieces:
 * one write per study was a measurable share of an export of a million.
 * `all` writes whatever is there. */
static void flush(struct walk *w, int all)
{
	if (w->b.len >= (all ? 1 : 1u << 16)) {
		if (fwrite(w->b.data, 1, w->b.len, w->out->fp) != w->b.len)
			w->failed = 1;
		ev_buf_reset(&w->b);
	}
}

static int each(void *ud, int64_t id, const struct ev_record *r)
{
	struct walk *w = ud;
	struct ev_cite c;
	if (w->fmt == EV_FMT_BIBTEX || w->fmt == EV_FMT_RIS || w->fmt == EV_FMT_CSL_JSON ||
	    w->fmt == EV_FMT_VANCOUVER || w->fmt == EV_FMT_APA) {
		/* A placeholder is no reference: bibliographies leave
		 * unverified studies out unless asked (--all). */
		const char *status = ev_record_text(r, "status");
		if (!w->unverified && status && strcmp(status, "unverified") == 0) {
			w->skipped++;
			return 0;
		}
	}
	w->count++;
	switch (w->fmt) {
	case EV_FMT_CSV:
	case EV_FMT_TSV: {
		int nf;
		const struct ev_field *f = ev_fields(EV_STUDY, &nf);
		const char *cells[EV_MAX_FIELDS];
		char bufs[EV_MAX_FIELDS][40];
		for (int i = 0; i < nf; i++) {
			if (r->v[i].type == EV_V_INT && f[i].type != EV_F_YESNO) {
				ev_int_str(bufs[i], r->v[i].i);
				cells[i] = bufs[i];
			} else {
				cells[i] = ev_value_format(r, i, bufs[i], sizeof bufs[i]);
			}
		}
		ev_out_csv_append(w->out, &w->b, cells, NULL, nf);
		flush(w, 0);
		return w->failed;
	}
	case EV_FMT_JSON:
	case EV_FMT_MARKDOWN: {
		struct ev_study_claims sc = {0};
		if (shown_claims(w->db, id, w->claims, w->studies, w->by_claims, &sc)) {
			ev_study_claims_free(&sc);
			return -1;
		}
		ev_cite_from_record(&c, r);
		ev_buf_reset(&w->cite);
		ev_cite_vancouver(&w->cite, &c);
		if (w->fmt == EV_FMT_JSON) {
			json_t *obj = ev_record_json(r), *cl = json_array();
			json_object_set_new(obj, "citation", ev_json_text(ev_buf_str(&w->cite)));
			for (int i = 0; i < sc.n; i++)
				json_array_append_new(cl, json_pack("{s:o, s:o, s:o}", "claim", ev_json_text(sc.v[i].claim),
								    "direction", ev_json_text(sc.v[i].direction), "outcome",
								    ev_json_text(sc.v[i].outcome)));
			json_object_set_new(obj, "claims", cl);
			json_array_append_new(w->arr, obj);
		} else {
			struct ev_buf cell = EV_BUF_INIT;
			const struct ev_value *n = ev_record_get(r, "sample_size");
			claims_cell(&cell, &sc);
			ev_table_add(w->t, c.key);
			ev_table_add(w->t, ev_buf_str(&w->cite));
			ev_table_add(w->t, ev_record_text(r, "design"));
			if (n->type == EV_V_INT)
				ev_table_add_int(w->t, n->i);
			else
				ev_table_add(w->t, NULL);
			ev_table_add(w->t, ev_buf_str(&cell));
			ev_buf_free(&cell);
		}
		ev_study_claims_free(&sc);
		return 0;
	}
	case EV_FMT_BIBTEX:
		ev_cite_from_record(&c, r);
		w->kept += ev_cite_bibtex(&w->b, &c, w->bibtex_flags);
		break;
	case EV_FMT_RIS:
		ev_cite_from_record(&c, r);
		ev_cite_ris(&w->b, &c);
		break;
	case EV_FMT_CSL_JSON:
		ev_cite_from_record(&c, r);
		json_array_append_new(w->arr, ev_cite_csl(&c));
		return 0;
	case EV_FMT_VANCOUVER:
	case EV_FMT_APA: {
		struct ev_buf t = EV_BUF_INIT;
		ev_cite_from_record(&c, r);
		if (w->nrefs == w->caprefs) {
			w->caprefs = w->caprefs ? w->caprefs * 2 : 64;
			w->refs = ev_xrealloc(w->refs, (size_t)w->caprefs * sizeof *w->refs);
		}
		struct ref *f = &w->refs[w->nrefs];
		memset(f, 0, sizeof *f);
		f->seq = w->nrefs++;
		f->rank = LONG_MAX;
		if (w->fmt == EV_FMT_VANCOUVER) {
			struct rank key = {id, 0}, *hit = NULL;
			if (w->nranks)
				hit = bsearch(&key, w->ranks, (size_t)w->nranks, sizeof key, cmp_rank);
			if (hit)
				f->rank = hit->rank;
			ev_cite_vancouver(&t, &c);
		} else {
			ev_cite_apa(&t, &c);
			struct ev_buf k = EV_BUF_INIT;
			ev_cite_apa_sortkey(&k, &c);
			f->sort = ev_buf_take(&k);
		}
		f->text = ev_buf_take(&t);
		return 0;
	}
	default:
		return 0;
	}
	flush(w, 0);
	return w->failed;
}

static const struct option export_options[] = {
	{"topic", required_argument, NULL, OPT_TOPIC},
	{"claim", required_argument, NULL, OPT_CLAIM},
	{"article", required_argument, NULL, OPT_ARTICLE},
	{"study", required_argument, NULL, OPT_STUDY},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"all", no_argument, NULL, OPT_ALL},
	{"raw", no_argument, NULL, OPT_RAW},
	{"reviewer", required_argument, NULL, OPT_REVIEWER},
	{"reviewer-type", required_argument, NULL, OPT_REVIEWER_TYPE},
	{"reviewer-url", required_argument, NULL, OPT_REVIEWER_URL},
	{"review-date", required_argument, NULL, OPT_REVIEW_DATE},
	{"review-url", required_argument, NULL, OPT_REVIEW_URL},
	{NULL, 0, NULL, 0},
};

static void release(void *state)
{
	struct opts *o = state;
	free(o->topics.v);
	free(o->claims.v);
	free(o->articles.v);
	free(o->studies.v);
}

/* The usage checks, before the database is opened. An operand is
 * refused here rather than by the entry's count, to say what the filters
 * are. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	const struct opts *o = state;
	enum ev_format fmt = ctx->out.fmt;
	if (a->n)
		return ev_usage_error(ctx, "unexpected argument '%s' (filters are options: --topic, --claim, --article, "
					   "--study)",
				      a->v[0]);
	if (o->ascii && fmt != EV_FMT_BIBTEX)
		return ev_usage_error(ctx, "--ascii applies only to --format bibtex");
	if (o->cr_given && fmt != EV_FMT_CLAIMREVIEW)
		return ev_usage_error(ctx, "--reviewer, --review-date and the like apply only to --format claimreview");
	/* Reviews are of an article's claims, not of studies. */
	if (fmt == EV_FMT_CLAIMREVIEW && (o->articles.n != 1 || o->topics.n || o->claims.n || o->studies.n))
		return ev_usage_error(ctx, "--format claimreview needs exactly one --article and no other filter");
	return 0;
}

/* --format claimreview, once the database is open. */
static int claimreview(struct ev_ctx *ctx, struct opts *o)
{
	char today[16], now[32];
	int rc = EV_FAIL;
	/* The fact-check markup requires a review's url and author
	 * (schema.org ClaimReview as Google reads it): without them the
	 * output would be refused downstream, so it is refused here,
	 * unless the database has them (evidence init --reviewer). */
	struct ev_cr_settings *set = ev_xcalloc(1, sizeof *set); /* the database's ClaimReview settings */
	if (ev_cr_from_settings(&ctx->db, &o->cr, o->cr_type_given, set))
		goto done;
	if (!o->cr.reviewer || !o->cr.url) {
		int both = !o->cr.reviewer && !o->cr.url;
		const char *what = both ? "--reviewer NAME and --review-url URL"
				   : o->cr.url ? "--reviewer NAME" : "--review-url URL";
		rc = ev_usage_error(ctx, "--format claimreview needs %s: ClaimReview requires the review's author "
					 "and url (or store them for this database: evidence init %s)",
				    what, both ? "--reviewer NAME --review-url URL" : what);
		goto done;
	}
	if (ev_cli_now(now, sizeof now))
		goto done;
	ev_cr_defaults(&o->cr, o->cr_type_given, now, today, sizeof today);
	rc = ev_export_claimreview(ctx, o->articles.v[0], &o->cr);
done:
	free(set);
	return rc;
}

static int cmd_export(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const md_headers[] = {"key", "citation", "design", "n", "claims"};
	struct opts *o = state;
	struct ev_ids claims = {0}, studies = {0}, ordered = {0};
	struct walk w;
	int rc = EV_FAIL;
	enum ev_format fmt = ctx->out.fmt;
	(void)a;
	if (fmt == EV_FMT_CLAIMREVIEW)
		return claimreview(ctx, o);
	memset(&w, 0, sizeof w);
	struct ev_db *db = &ctx->db;
	if (resolve(db, o, &claims, &studies, &ordered))
		goto done;
	int by_claims = o->topics.n + o->claims.n + o->articles.n > 0;
	int all = !by_claims && !o->studies.n;

	w.db = db;
	w.out = &ctx->out;
	w.fmt = fmt;
	w.claims = &claims;
	w.studies = &studies;
	w.by_claims = by_claims;
	w.bibtex_flags = o->ascii ? EV_BIBTEX_ASCII : 0;
	w.unverified = o->all;
	/* Spreadsheets run a cell that starts with "=" (OWASP's CSV
	 * injection); dump, which must round-trip byte for byte, does not
	 * do this. */
	ctx->out.formula_safe = !o->raw;
	if (fmt == EV_FMT_VANCOUVER && citation_order(db, &ordered, &w.ranks, &w.nranks))
		goto done;
	if ((fmt == EV_FMT_CSV || fmt == EV_FMT_TSV) && ctx->out.header) {
		int nf;
		const struct ev_field *f = ev_fields(EV_STUDY, &nf);
		const char *names[EV_MAX_FIELDS];
		for (int i = 0; i < nf; i++)
			names[i] = f[i].name;
		ev_out_csv_append(&ctx->out, &w.b, names, NULL, nf);
	}
	if (fmt == EV_FMT_JSON || fmt == EV_FMT_CSL_JSON)
		w.arr = json_array();
	if (fmt == EV_FMT_MARKDOWN) {
		w.t = ev_table_new(5, md_headers);
		ev_table_style(w.t, 3, EV_CELL_RIGHT);
	}
	/* The citation formats read only the citation's fields. */
	int citation = fmt == EV_FMT_BIBTEX || fmt == EV_FMT_RIS || fmt == EV_FMT_CSL_JSON ||
		       fmt == EV_FMT_VANCOUVER || fmt == EV_FMT_APA;
	if (ev_model_each_study(db, &claims, &studies, all, citation, each, &w)) {
		if (w.failed)
			ev_error("cannot write the output: %s", strerror(errno ? errno : EIO));
		goto done;
	}
	if (w.nrefs) {
		qsort(w.refs, (size_t)w.nrefs, sizeof *w.refs, cmp_ref);
		for (int i = 0; i < w.nrefs; i++) {
			/* Vancouver references are numbered. */
			if (fmt == EV_FMT_VANCOUVER)
				ev_buf_addf(&w.b, "%d. ", i + 1);
			ev_buf_adds(&w.b, w.refs[i].text);
			ev_buf_addc(&w.b, '\n');
			flush(&w, 0);
		}
	}
	if (w.skipped)
		ev_note("%ld unverified stud%s left out (add --all to include %s)", w.skipped,
			w.skipped == 1 ? "y" : "ies", w.skipped == 1 ? "it" : "them");
	if (!w.count && !w.skipped)
		ev_warn(all ? "the database has no studies" : "no studies are linked to the selected claims");
	flush(&w, 1);
	if (w.arr)
		ev_out_json(&ctx->out, w.arr);
	if (w.t)
		ev_table_print(&ctx->out, w.t);
	if (w.kept)
		ev_warn("%d character%s without a LaTeX form %s kept as UTF-8", w.kept, w.kept == 1 ? "" : "s",
			w.kept == 1 ? "was" : "were");
	/* Ends the read snapshot ev_cli_open took. */
	if (ev_db_commit(db))
		goto done;
	/* A failed write is reported by main, which checks the stream. */
	rc = EV_OK;
done:
	for (int i = 0; i < w.nrefs; i++) {
		free(w.refs[i].sort);
		free(w.refs[i].text);
	}
	free(w.refs);
	free(w.ranks);
	ev_ids_free(&ordered);
	json_decref(w.arr);
	ev_table_free(w.t);
	ev_buf_free(&w.b);
	ev_buf_free(&w.cite);
	ev_ids_free(&claims);
	ev_ids_free(&studies);
	return rc;
}

const struct ev_cmd ev_cmd_export = {
	.name = "export",
	.summary = "write studies as CSV, JSON, BibTeX, RIS, CSL-JSON or references; verdicts as ClaimReview",
	.usage = "  evidence export [--format FORMAT] [--topic TOPIC] [--claim CLAIM] [--article ARTICLE]\n"
		 "                  [--study STUDY] [--all] [--ascii] [--raw] [-o FILE]\n"
		 "  evidence export --format claimreview --article ARTICLE --reviewer NAME\n"
		 "                  --review-url URL [--reviewer-type organization|person] [--reviewer-url URL]\n"
		 "                  [--review-date DATE] [-o FILE]",
	.help = "Writes the studies behind the selected claims, sorted by key. Without a filter,\n"
		"every study. Filters may be repeated and combined; the export holds every study\n"
		"any of them selects. An unknown key is an error (exit 1) that names the nearest\n"
		"existing key.\n"
		"\n"
		"Formats: csv and tsv (every study column, in import order; the CSV re-imports with\n"
		"'evidence import'), json (every column plus 'citation' and 'claims'), markdown (a\n"
		"citation table: key, citation, design, n, claims), bibtex, ris, csl-json, and\n"
		"formatted references vancouver (numbered in citation order: claims as selected,\n"
		"an article's in its order) and apa (alphabetical by APA's rules), one per line.\n"
		"See docs/export.md.\n"
		"\n"
		"Options:\n"
		"  --topic TOPIC        studies linked to the claims tagged TOPIC\n"
		"  --claim CLAIM        studies linked to CLAIM\n"
		"  --article ARTICLE    studies linked to the claims of ARTICLE\n"
		"  --study STUDY        this study\n"
		"  --ascii              bibtex: write accented letters as LaTeX accents ({\\'e})\n"
		"  --all                bibliographies (bibtex, ris, csl-json, vancouver, apa): include\n"
		"                       unverified studies, which are left out otherwise\n"
		"  --raw                csv, tsv: values exactly as stored; otherwise a value a\n"
		"                       spreadsheet would run as a formula (starting with = + - @,\n"
		"                       a tab or a carriage return, and not a number) gets a ' first\n"
		"\n"
		"claimreview writes schema.org ClaimReview JSON-LD, one review per claim of the one\n"
		"--article: the claim, the rating (1 contradicted with high certainty ... 5 supported\n"
		"with high certainty; insufficient evidence has words but no number), the grading\n"
		"reasons and the linked studies by DOI and PubMed id (see docs/audit.md). Options:\n"
		"  --reviewer NAME       who reviewed (required: the review's author)\n"
		"  --reviewer-type TYPE  organization (default with --reviewer) or person\n"
		"  --reviewer-url URL    the reviewer's web site\n"
		"  --review-date DATE    datePublished, YYYY-MM-DD (default today in UTC, or the\n"
		"                        day of SOURCE_DATE_EPOCH when it is set)\n"
		"  --review-url URL      the page publishing the reviews (required); each review's\n"
		"                        url is URL#claim-KEY, the claim's anchor in 'evidence report'\n"
		"Without a reviewer or a review url the export is refused (exit 2): the markup\n"
		"requires both. 'evidence init --reviewer NAME --review-url URL' stores them\n"
		"for the database (with --reviewer-type and --reviewer-url); these options win.\n"
		"\n"
		"json and markdown list the claims each study bears on; when the export is\n"
		"selected by topic, claim or article, only those claims (a study named with\n"
		"--study shows all of its claims).\n"
		"\n"
		"Examples:\n"
		"  evidence export --article k2-arterial-flexibility --format bibtex -o refs.bib\n"
		"  evidence export --topic arterial-calcification --format markdown\n"
		"  evidence export --format claimreview --article k2-arterial-flexibility \\\n"
		"      --reviewer 'Example Health Desk' --review-url https://example.org/checks/k2\n",
	.access = EV_DB_READ,
	.formats = EV_FMT_BIT(EV_FMT_CSV) | EV_FMT_BIT(EV_FMT_TSV) | EV_FMT_BIT(EV_FMT_JSON) |
		   EV_FMT_BIT(EV_FMT_MARKDOWN) | EV_FMT_BIT(EV_FMT_BIBTEX) | EV_FMT_BIT(EV_FMT_RIS) |
		   EV_FMT_BIT(EV_FMT_CSL_JSON) | EV_FMT_BIT(EV_FMT_VANCOUVER) | EV_FMT_BIT(EV_FMT_APA) |
		   EV_FMT_BIT(EV_FMT_CLAIMREVIEW),
	.default_format = EV_FMT_CSV,
	.options = export_options,
	.option = on_opt,
	.state_size = sizeof(struct opts),
	.release = release,
	.max_operands = -1, /* check refuses an operand, naming the filters */
	.check = check,
	.run = cmd_export,
};
