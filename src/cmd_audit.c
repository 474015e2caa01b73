/*
 * cmd_audit.c: `evidence audit ARTICLE` fact-checks the article itself.
 * Articles do not only overstate evidence, they misquote it: a trial run
 * in the Netherlands becomes American, 180 patients become 243 women. For
 * each claim with stated study details the audit finds the study meant,
 * compares every detail with its record, names the studies the details
 * fit better (a likely conflation of two trials), and checks the stated
 * result against the graded verdict. With --text FILE it also checks that
 * each claim's quote occurs in the article's text and lists the sentences
 * with figures that no claim captures yet. The comparisons are the pure
 * module audit.c; the text handling is articletext.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "articletext.h"
#include "assess.h"
#include "audit.h"
#include "cli.h"
#include "model_audit.h"
#include "util.h"
#include "view.h"

enum { OPT_TEXT = 0x2000 };

struct opts {
	const char *text;
};

static int on_opt(struct ev_ctx *ctx, void *state, int val, const char *arg)
{
	(void)ctx;
	struct opts *o = state;
	if (val == OPT_TEXT)
		o->text = arg;
	return 0;
}

/* Articles are pages, not corpora: a larger file is a mistake. */
#define MAX_TEXT (64u << 20)

/* Reads a whole file ("-": standard input) into b. 0 or EV_FAIL
 * (reported). */
static int read_file(const char *path, struct ev_buf *b)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t got;
	if (!fp)
		return ev_error("--text: cannot open '%s': %s", path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		ev_buf_add(b, chunk, got);
		if (b->len > MAX_TEXT) {
			if (fp != stdin)
				fclose(fp);
			return ev_error("--text: '%s' is larger than 64 MiB; is it an article?", path);
		}
	}
	int bad = ferror(fp);
	if (fp != stdin)
		fclose(fp);
	if (bad)
		return ev_error("--text: cannot read '%s': %s", path, strerror(errno ? errno : EIO));
	return 0;
}

/* Plain text for .txt and .text files; Markdown (a superset of plain
 * prose) for everything else. */
static int is_markdown(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return 1;
	return !(strcmp(dot, ".txt") == 0 || strcmp(dot, ".text") == 0 || strcmp(dot, ".TXT") == 0);
}

/* Everything the audit needs, loaded once. */
struct loaded {
	struct ev_record article;
	struct ev_ids claims;
	struct ev_assessment *as;
	int nas;
	struct ev_ids study_ids;
	struct ev_record *study_recs;
	struct ev_audit_study *studies;
	int nstudies;
};

static void loaded_free(struct loaded *l)
{
	for (int i = 0; i < l->nas; i++)
		ev_assessment_free(&l->as[i]);
	free(l->as);
	for (int i = 0; i < l->nstudies; i++)
		ev_record_free(&l->study_recs[i]);
	free(l->study_recs);
	free(l->studies);
	ev_record_free(&l->article);
	ev_ids_free(&l->claims);
	ev_ids_free(&l->study_ids);
}

static int64_t rec_int(const struct ev_record *r, const char *name)
{
	const struct ev_value *v = ev_record_get(r, name);
	return v->type == EV_V_INT ? v->i : 0;
}

static int load(struct ev_db *db, int64_t article, struct loaded *l)
{
	if (ev_model_read(db, EV_ARTICLE, article, &l->article) || ev_model_claims_of_article(db, article, &l->claims))
		return -1;
	l->as = ev_xcalloc((size_t)l->claims.n + 1, sizeof *l->as);
	for (; l->nas < l->claims.n; l->nas++)
		if (ev_assess(db, l->claims.v[l->nas], &l->as[l->nas])) {
			l->nas++;
			return -1;
		}
	if (ev_model_all_studies(db, &l->study_ids))
		return -1;
	l->study_recs = ev_xcalloc((size_t)l->study_ids.n + 1, sizeof *l->study_recs);
	l->studies = ev_xcalloc((size_t)l->study_ids.n + 1, sizeof *l->studies);
	for (; l->nstudies < l->study_ids.n; l->nstudies++) {
		struct ev_record *r = &l->study_recs[l->nstudies];
		if (ev_model_read(db, EV_STUDY, l->study_ids.v[l->nstudies], r)) {
			l->nstudies++;
			return -1;
		}
		struct ev_audit_study *s = &l->studies[l->nstudies];
		const char *status = ev_record_text(r, "status");
		s->key = ev_record_text(r, "key");
		s->title = ev_record_text(r, "title");
		s->authors = ev_record_text(r, "authors");
		s->notes = ev_record_text(r, "notes");
		s->year = (int)rec_int(r, "year");
		s->status = status ? (enum ev_status)ev_lookup(ev_status_names, status) : EV_VERIFIED;
		s->country = ev_record_text(r, "country");
		s->population = ev_record_text(r, "population");
		s->duration = ev_record_text(r, "duration_months");
		s->n = rec_int(r, "sample_size");
	}
	return 0;
}

static void claim_input(const struct ev_assessment *a, struct ev_audit_claim *c)
{
	memset(c, 0, sizeof *c);
	c->key = ev_record_text(&a->claim, "key");
	c->text = ev_record_text(&a->claim, "text");
	c->study = ev_record_text(&a->claim, "stated_study");
	c->n = rec_int(&a->claim, "stated_n");
	c->population = ev_record_text(&a->claim, "stated_population");
	c->country = ev_record_text(&a->claim, "stated_country");
	c->duration = ev_record_text(&a->claim, "stated_duration_months");
	c->result = ev_record_text(&a->claim, "stated_result");
	c->verdict = a->grade.verdict;
	c->certainty = a->grade.certainty;
	c->links = a->links.v;
	c->nlinks = a->links.n;
}

/* The --text part: the article's prose, each claim's quote status, and
 * the figure sentences with what covers them. */
enum quote_status { Q_NONE, Q_FOUND, Q_MISSING };
static const char *const quote_names[] = {"none", "found", "missing"};

struct textcheck {
	int on;
	const char *path;
	int markdown;
	struct ev_text t;
	enum quote_status *quote; /* per claim */
	struct ev_cover_result *cover;
	int ncover, uncovered, missing;
};

static int check_text(const char *path, const struct loaded *l, struct textcheck *tc)
{
	struct ev_buf data = EV_BUF_INIT;
	char err[200]; /* a line number and a fixed phrase */
	tc->on = 1;
	tc->path = path;
	tc->markdown = is_markdown(path);
	if (read_file(path, &data)) {
		ev_buf_free(&data);
		return -1;
	}
	int rc = ev_text_parse(ev_buf_str(&data), data.len, tc->markdown, &tc->t, err, sizeof err);
	ev_buf_free(&data);
	if (rc)
		return ev_error("--text: %s:%s", path, err), -1;
	tc->quote = ev_xcalloc((size_t)l->nas + 1, sizeof *tc->quote);
	struct ev_cover_claim *cc = ev_xcalloc((size_t)l->nas + 1, sizeof *cc);
	for (int i = 0; i < l->nas; i++) {
		const struct ev_record *c = &l->as[i].claim;
		const char *q = ev_record_text(c, "quote");
		int found = q ? ev_text_find(&tc->t, q, NULL, NULL) : -1;
		tc->quote[i] = found < 0 ? Q_NONE : found ? Q_FOUND : Q_MISSING;
		tc->missing += tc->quote[i] == Q_MISSING;
		cc[i].quote = q;
		cc[i].text = ev_record_text(c, "text");
		cc[i].population = ev_record_text(c, "stated_population");
		cc[i].n = rec_int(c, "stated_n");
		cc[i].duration = ev_record_text(c, "stated_duration_months");
	}
	tc->ncover = ev_text_coverage(&tc->t, cc, l->nas, &tc->cover);
	for (int i = 0; i < tc->ncover; i++)
		tc->uncovered += tc->cover[i].how == EV_COVER_NONE;
	free(cc);
	return 0;
}

static void textcheck_free(struct textcheck *tc)
{
	ev_text_free(&tc->t);
	free(tc->quote);
	free(tc->cover);
}

static json_t *opt_str(const char *s) { return s && *s ? ev_json_text(s) : json_null(); }

static char *sentence_text(const struct textcheck *tc, const struct ev_cover_result *c)
{
	const struct ev_sentence *s = &tc->t.sent[c->sentence];
	char *t = ev_xstrndup(tc->t.text + s->start, s->end - s->start);
	/* A sentence is one line in every format. */
	for (char *p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return t;
}

static void print_json(struct ev_out *o, const struct loaded *l, struct ev_audit_result *res,
		       const struct textcheck *tc, int problems)
{
	json_t *doc = json_object(), *summary = json_object(), *claims = json_array();
	int audited = 0, mismatches = 0, conflations = 0, notfound = 0;
	for (int i = 0; i < l->nas; i++) {
		audited += res[i].audited;
		conflations += res[i].ncands > 0;
		for (int k = 0; k < res[i].nitems; k++) {
			mismatches += res[i].items[k].status == EV_CHECK_MISMATCH;
			notfound += res[i].items[k].status == EV_CHECK_NOT_FOUND;
		}
	}
	json_object_set_new(doc, "article", ev_record_json(&l->article));
	json_object_set_new(summary, "claims", json_integer(l->nas));
	json_object_set_new(summary, "audited", json_integer(audited));
	json_object_set_new(summary, "problems", json_integer(problems));
	json_object_set_new(summary, "mismatches", json_integer(mismatches));
	json_object_set_new(summary, "studies_not_found", json_integer(notfound));
	json_object_set_new(summary, "likely_conflations", json_integer(conflations));
	if (tc->on) {
		json_object_set_new(summary, "quotes_missing", json_integer(tc->missing));
		json_object_set_new(summary, "uncovered_sentences", json_integer(tc->uncovered));
	}
	json_object_set_new(doc, "summary", summary);
	for (int i = 0; i < l->nas; i++) {
		const struct ev_assessment *a = &l->as[i];
		const struct ev_audit_result *r = &res[i];
		json_t *c = json_object(), *stated = json_object(), *checks = json_array(), *cands = json_array();
		json_object_set_new(c, "position", json_integer(i + 1));
		json_object_set_new(c, "key", ev_json_text(ev_record_text(&a->claim, "key")));
		json_object_set_new(c, "text", ev_json_text(ev_record_text(&a->claim, "text")));
		json_object_set_new(c, "verdict", json_string(ev_verdict_names[a->grade.verdict]));
		json_object_set_new(c, "certainty",
				    a->grade.certainty ? json_string(ev_certainty_name(a->grade.certainty)) : json_null());
		json_object_set_new(c, "audited", json_boolean(r->audited));
		json_object_set_new(stated, "study", opt_str(ev_record_text(&a->claim, "stated_study")));
		json_object_set_new(stated, "n",
				    rec_int(&a->claim, "stated_n") ? json_integer(rec_int(&a->claim, "stated_n")) : json_null());
		json_object_set_new(stated, "population", opt_str(ev_record_text(&a->claim, "stated_population")));
		json_object_set_new(stated, "country", opt_str(ev_record_text(&a->claim, "stated_country")));
		json_object_set_new(stated, "duration_months", opt_str(ev_record_text(&a->claim, "stated_duration_months")));
		json_object_set_new(stated, "result", opt_str(ev_record_text(&a->claim, "stated_result")));
		json_object_set_new(c, "stated", stated);
		if (r->study >= 0) {
			json_t *st = json_object(), *also = json_array();
			json_object_set_new(st, "key", ev_json_text(l->studies[r->study].key));
			json_object_set_new(st, "status", json_string(ev_status_names[l->studies[r->study].status]));
			json_object_set_new(st, "resolved_by", json_string(r->how == EV_RESOLVED_NAME ? "name" : "link"));
			for (int k = 1; k < r->nnamed; k++)
				json_array_append_new(also, ev_json_text(l->studies[r->named[k]].key));
			json_object_set_new(st, "also_named", also);
			json_object_set_new(c, "study", st);
		} else {
			json_object_set_new(c, "study", json_null());
		}
		for (int k = 0; k < r->nitems; k++) {
			const struct ev_audit_item *it = &r->items[k];
			json_t *j = json_object();
			json_object_set_new(j, "field", json_string(it->field));
			json_object_set_new(j, "status", json_string(ev_check_names[it->status]));
			json_object_set_new(j, "article", ev_json_text(it->article));
			json_object_set_new(j, "record", ev_json_text(it->record));
			json_object_set_new(j, "detail", ev_json_text(it->detail));
			json_object_set_new(j, "problem", json_boolean(it->status == EV_CHECK_MISMATCH ||
								       it->status == EV_CHECK_NOT_FOUND));
			json_array_append_new(checks, j);
		}
		json_object_set_new(c, "checks", checks);
		for (int k = 0; k < r->ncands; k++) {
			json_t *j = json_object();
			json_object_set_new(j, "rank", json_integer(k + 1));
			json_object_set_new(j, "study", ev_json_text(l->studies[r->cands[k].study].key));
			json_object_set_new(j, "status", json_string(ev_status_names[l->studies[r->cands[k].study].status]));
			json_object_set_new(j, "score", json_real(r->cands[k].score));
			json_object_set_new(j, "matched", json_integer(r->cands[k].matched));
			json_object_set_new(j, "of", json_integer(r->ndetails));
			json_object_set_new(j, "details", ev_json_text(r->cands[k].summary));
			json_array_append_new(cands, j);
		}
		json_object_set_new(c, "closer_matches", cands);
		/* The list stops at five, as the text's does ("and N more"). */
		json_object_set_new(c, "more_closer_matches", json_integer(r->more_cands));
		if (tc->on) {
			json_t *q = json_object();
			json_object_set_new(q, "text", opt_str(ev_record_text(&a->claim, "quote")));
			json_object_set_new(q, "status", json_string(quote_names[tc->quote[i]]));
			json_object_set_new(c, "quote", q);
		}
		json_object_set_new(c, "problems",
				    json_integer(r->problems + (tc->on && tc->quote[i] == Q_MISSING)));
		json_array_append_new(claims, c);
	}
	json_object_set_new(doc, "claims", claims);
	if (tc->on) {
		json_t *text = json_object(), *sents = json_array();
		json_object_set_new(text, "file", ev_json_text(tc->path));
		json_object_set_new(text, "format", json_string(tc->markdown ? "markdown" : "plain"));
		json_object_set_new(text, "sentences", json_integer(tc->t.nsent));
		json_object_set_new(text, "figure_sentences", json_integer(tc->ncover));
		json_object_set_new(text, "uncovered", json_integer(tc->uncovered));
		for (int i = 0; i < tc->ncover; i++) {
			const struct ev_cover_result *cv = &tc->cover[i];
			json_t *j = json_object(), *figs = json_array();
			char *st = sentence_text(tc, cv);
			size_t base = tc->t.sent[cv->sentence].start;
			json_object_set_new(j, "line", json_integer(tc->t.sent[cv->sentence].line));
			json_object_set_new(j, "text", ev_json_text(st));
			for (int f = 0; f < cv->nfigures; f++)
				json_array_append_new(figs, json_stringn(tc->t.text + base + cv->fig[f].start,
									 cv->fig[f].end - cv->fig[f].start));
			json_object_set_new(j, "figures", figs);
			/* The figures listed stop at 16, as the text's do. */
			json_object_set_new(j, "more_figures", json_integer(cv->nfound - cv->nfigures));
			json_object_set_new(j, "covered_by",
					    cv->claim >= 0 ? ev_json_text(ev_record_text(&l->as[cv->claim].claim, "key"))
							   : json_null());
			json_object_set_new(j, "how", cv->how == EV_COVER_QUOTE     ? json_string("quote")
						      : cv->how == EV_COVER_DETAILS ? json_string("details")
										    : json_null());
			json_array_append_new(sents, j);
			free(st);
		}
		json_object_set_new(text, "figure_sentence_list", sents);
		json_object_set_new(doc, "text", text);
	}
	ev_out_json(o, doc);
	json_decref(doc);
}

/* csv and tsv: one flat table of every check, closer match, quote and
 * uncovered sentence, so a spreadsheet can filter on status. */
static void print_flat(struct ev_out *o, const struct loaded *l, struct ev_audit_result *res,
		       const struct textcheck *tc)
{
	static const char *const headers[] = {"position", "claim", "field", "status", "article", "record", "detail"};
	struct ev_table *t = ev_table_new(7, headers);
	for (int i = 0; i < l->nas; i++) {
		const char *key = ev_record_text(&l->as[i].claim, "key");
		const struct ev_audit_result *r = &res[i];
		for (int k = 0; k < r->nitems; k++) {
			const struct ev_audit_item *it = &r->items[k];
			ev_table_add_int(t, i + 1);
			ev_table_add(t, key);
			ev_table_add(t, it->field);
			ev_table_add(t, ev_check_names[it->status]);
			ev_table_add(t, it->article);
			ev_table_add(t, it->record);
			ev_table_add(t, it->detail);
		}
		for (int k = 0; k < r->ncands; k++) {
			ev_table_add_int(t, i + 1);
			ev_table_add(t, key);
			ev_table_add(t, "closer-match");
			ev_table_add(t, "likely-conflation");
			ev_table_add(t, "");
			ev_table_add(t, l->studies[r->cands[k].study].key);
			char sc[32];
			ev_fmt_num(sc, sizeof sc, r->cands[k].score, 3);
			ev_table_addf(t, "%s (%s of %d details)", r->cands[k].summary, sc, r->ndetails);
		}
		if (tc->on && tc->quote[i] != Q_NONE) {
			ev_table_add_int(t, i + 1);
			ev_table_add(t, key);
			ev_table_add(t, "quote");
			ev_table_add(t, quote_names[tc->quote[i]]);
			ev_table_add(t, ev_record_text(&l->as[i].claim, "quote"));
			ev_table_add(t, "");
			ev_table_add(t, tc->quote[i] == Q_MISSING ? "not in the article's text" : "");
		}
	}
	for (int i = 0; tc->on && i < tc->ncover; i++) {
		const struct ev_cover_result *cv = &tc->cover[i];
		if (cv->how != EV_COVER_NONE)
			continue;
		char *st = sentence_text(tc, cv);
		struct ev_buf figs = EV_BUF_INIT;
		ev_figures_text(&tc->t, cv, &figs);
		ev_table_add(t, "");
		ev_table_add(t, "");
		ev_table_add(t, "sentence");
		ev_table_add(t, "uncovered");
		ev_table_add(t, st);
		ev_table_add(t, "");
		ev_table_addf(t, "line %ld; figures: %s", tc->t.sent[cv->sentence].line, ev_buf_str(&figs));
		ev_buf_free(&figs);
		free(st);
	}
	ev_table_print(o, t);
	ev_table_free(t);
}

/* One line on a claim's audit: "No problems: ..." or what was found;
 * counts and fixed phrases only, so the callers' 256 bytes hold it. */
static const char *verdict_line(const struct ev_audit_result *r, char *buf, size_t size)
{
	int mism = 0, unchecked = 0, notfound = 0;
	for (int k = 0; k < r->nitems; k++) {
		mism += r->items[k].status == EV_CHECK_MISMATCH;
		notfound += r->items[k].status == EV_CHECK_NOT_FOUND;
		unchecked += r->items[k].status == EV_CHECK_UNCHECKED && strcmp(r->items[k].field, "study") != 0;
	}
	if (!r->problems) {
		snprintf(buf, size, "No problems: %s", unchecked ? "what the record gives matches (some details cannot be checked)"
							       : "every stated detail matches the record");
		return buf;
	}
	struct ev_buf b = EV_BUF_INIT;
	ev_buf_addf(&b, "%d problem%s:", r->problems, r->problems == 1 ? "" : "s");
	if (notfound)
		ev_buf_adds(&b, " the study named is not in the database;");
	if (mism)
		ev_buf_addf(&b, " %d mismatch%s;", mism, mism == 1 ? "" : "es");
	if (r->ncands)
		ev_buf_adds(&b, " a likely conflation;");
	b.data[b.len - 1] = '\0';
	snprintf(buf, size, "%s", b.data);
	ev_buf_free(&b);
	return buf;
}

static void print_text(struct ev_out *o, const struct loaded *l, struct ev_audit_result *res,
		       const struct textcheck *tc, int problems)
{
	static const char *const headers[] = {"field", "status", "article", "record", "detail"};
	char buf[256];
	int audited = 0;
	for (int i = 0; i < l->nas; i++)
		audited += res[i].audited;
	const char *author = ev_record_text(&l->article, "author"), *date = ev_record_text(&l->article, "published");
	ev_out_heading(o, 1, "Audit: %s", ev_record_text(&l->article, "title"));
	if (author || date)
		ev_out_line(o, "%s%s%s", author ? author : "", author && date ? ", " : "", date ? date : "");
	ev_out_line(o, "%d claim%s, %d with stated study details; %d problem%s found", l->nas, l->nas == 1 ? "" : "s",
		    audited, problems, problems == 1 ? "" : "s");
	ev_out_break(o);
	for (int i = 0; i < l->nas; i++) {
		const struct ev_audit_result *r = &res[i];
		const struct ev_record *c = &l->as[i].claim;
		if (!r->audited)
			continue;
		if (r->study >= 0)
			ev_out_heading(o, 2, "%d. %s: %s -> %s", i + 1, ev_record_text(c, "key"),
				       ev_record_text(c, "stated_study") ? ev_record_text(c, "stated_study") : "(no study named)",
				       l->studies[r->study].key);
		else
			ev_out_heading(o, 2, "%d. %s: %s", i + 1, ev_record_text(c, "key"),
				       ev_record_text(c, "stated_study") ? ev_record_text(c, "stated_study") : "(no study named)");
		ev_out_line(o, "%s", ev_record_text(c, "text"));
		ev_out_break(o);
		ev_out_line(o, "%s", verdict_line(r, buf, sizeof buf));
		ev_out_break(o);
		struct ev_table *t = ev_table_new(5, headers);
		ev_table_style(t, 1, EV_CELL_GRADE);
		ev_table_style(t, 2, EV_CELL_SHRINK);
		ev_table_style(t, 3, EV_CELL_SHRINK);
		ev_table_style(t, 4, EV_CELL_SHRINK);
		for (int k = 0; k < r->nitems; k++) {
			const struct ev_audit_item *it = &r->items[k];
			ev_table_add(t, it->field);
			ev_table_add(t, ev_check_names[it->status]);
			ev_table_add(t, it->article);
			ev_table_add(t, it->record);
			ev_table_add(t, it->detail);
		}
		ev_table_print(o, t);
		ev_table_free(t);
		if (r->ncands) {
			ev_out_line(o, "Likely conflation: the stated details fit %s better than %s:",
				    r->ncands == 1 ? "another study" : "other studies",
				    r->study >= 0 ? l->studies[r->study].key : "any study named");
			for (int k = 0; k < r->ncands; k++) {
				char sc[32];
				ev_fmt_num(sc, sizeof sc, r->cands[k].score, 3);
				ev_out_line(o, "%s%d. %s: %s (%s of %d details)", o->fmt == EV_FMT_MARKDOWN ? "" : "  ",
					    k + 1, l->studies[r->cands[k].study].key, r->cands[k].summary, sc, r->ndetails);
			}
			/* The list stops at the five best; say that there are more. */
			if (r->more_cands)
				ev_out_line(o, "%sand %d more", o->fmt == EV_FMT_MARKDOWN ? "" : "  ", r->more_cands);
			ev_out_break(o);
		}
	}
	if (!tc->on)
		return;
	static const char *const qheaders[] = {"position", "claim", "status", "quote"};
	ev_out_heading(o, 2, "Quotes in %s: %d missing", tc->path, tc->missing);
	struct ev_table *q = ev_table_new(4, qheaders);
	ev_table_style(q, 0, EV_CELL_RIGHT);
	ev_table_style(q, 3, EV_CELL_SHRINK);
	for (int i = 0; i < l->nas; i++) {
		ev_table_add_int(q, i + 1);
		ev_table_add(q, ev_record_text(&l->as[i].claim, "key"));
		ev_table_add(q, quote_names[tc->quote[i]]);
		ev_table_add(q, ev_record_text(&l->as[i].claim, "quote"));
	}
	ev_table_print(o, q);
	ev_table_free(q);
	static const char *const sheaders[] = {"line", "figures", "sentence"};
	ev_out_heading(o, 2, "Sentences with figures that no claim covers: %d of %d", tc->uncovered, tc->ncover);
	if (!tc->uncovered)
		return;
	struct ev_table *s = ev_table_new(3, sheaders);
	ev_table_style(s, 0, EV_CELL_RIGHT);
	ev_table_style(s, 2, EV_CELL_SHRINK);
	for (int i = 0; i < tc->ncover; i++) {
		const struct ev_cover_result *cv = &tc->cover[i];
		if (cv->how != EV_COVER_NONE)
			continue;
		struct ev_buf figs = EV_BUF_INIT;
		char *st = sentence_text(tc, cv);
		ev_figures_text(&tc->t, cv, &figs);
		ev_table_add_int(s, tc->t.sent[cv->sentence].line);
		ev_table_add(s, ev_buf_str(&figs));
		ev_table_add(s, st);
		ev_buf_free(&figs);
		free(st);
	}
	ev_table_print(o, s);
	ev_table_free(s);
}

static const struct option audit_options[] = {{"text", required_argument, NULL, OPT_TEXT}, {NULL, 0, NULL, 0}};

static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct opts *o = state;
	/* Options may also follow the article: `audit ARTICLE --text FILE`.
	 * ev_cli_parse has taken those already (getopt moves the operands
	 * to the end), but not what comes after a "--", nor anything after
	 * the article when POSIXLY_CORRECT stops getopt at the first operand:
	 * the words after the article are parsed once more, and an operand
	 * still left is one too many. */
	if (a->n > 1) {
		int more;
		if (ev_cli_parse(ctx, a->n, a->v, "", audit_options, on_opt, o, &more))
			return EV_USAGE;
		if (more < a->n)
			return ev_usage_error(ctx, "unexpected argument '%s'", a->v[more]);
	}
	if (o->text && ev_cli_reads(ctx, "--text", o->text))
		return EV_FAIL;
	return 0;
}

static int cmd_audit(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	const struct opts *o = state;
	struct loaded l;
	struct textcheck tc;
	struct ev_audit_result *res = NULL;
	int rc = EV_FAIL, problems = 0;
	const char *key = a->v[0];
	memset(&l, 0, sizeof l);
	memset(&tc, 0, sizeof tc);
	if (load(&ctx->db, a->id, &l))
		goto done;
	if (o->text && check_text(o->text, &l, &tc))
		goto done;

	res = ev_xcalloc((size_t)l.nas + 1, sizeof *res);
	for (int i = 0; i < l.nas; i++) {
		struct ev_audit_claim c;
		claim_input(&l.as[i], &c);
		ev_audit_claim(&c, l.studies, l.nstudies, &res[i]);
		problems += res[i].problems;
	}
	if (tc.on)
		problems += tc.missing + tc.uncovered;

	switch (ctx->out.fmt) {
	case EV_FMT_JSON:
		print_json(&ctx->out, &l, res, &tc, problems);
		break;
	case EV_FMT_CSV:
	case EV_FMT_TSV:
		print_flat(&ctx->out, &l, res, &tc);
		break;
	default:
		print_text(&ctx->out, &l, res, &tc, problems);
		break;
	}
	if (problems)
		ev_note("audit: %d problem%s found in '%s'", problems, problems == 1 ? "" : "s", key);
	rc = problems ? EV_FOUND : EV_OK;
done:
	for (int i = 0; res && i < l.nas; i++)
		ev_audit_result_free(&res[i]);
	free(res);
	textcheck_free(&tc);
	loaded_free(&l);
	return rc;
}

const struct ev_cmd ev_cmd_audit = {
	.name = "audit",
	.summary = "fact-check an article's stated study details, quotes and figures",
	.usage = "  evidence audit ARTICLE [--text FILE] [--format FORMAT]",
	.help = "For each claim of ARTICLE that states study details (stated_study, _n,\n"
		"_population, _country, _duration_months, _result), finds the study meant and\n"
		"compares every detail with its record: n within 5%, countries by name or alias\n"
		"(U.S. = USA), populations by sex, menopausal status, age and condition,\n"
		"durations within max(3 months, 10%). Names the studies whose records the\n"
		"details fit better (a likely conflation), and compares the stated result with\n"
		"the graded verdict. Rules and tolerances: docs/audit.md.\n"
		"\n"
		"Options:\n"
		"  --text FILE          also check the article's text (Markdown; plain text for\n"
		"                       .txt): every claim's quote must occur in it (case,\n"
		"                       spacing, curly quotes and dashes ignored), and sentences\n"
		"                       with figures that no claim covers are listed. FILE may\n"
		"                       be - for standard input.\n"
		"\n"
		"Exit status: 0 nothing found, 3 problems found (mismatches, studies not in\n"
		"the database, likely conflations, results the verdict disagrees with, missing\n"
		"quotes, uncovered figure sentences), 1 error, 2 usage.\n"
		"\n"
		"Examples:\n"
		"  evidence audit k2-arterial-flexibility\n"
		"  evidence audit k2-arterial-flexibility --text article.md --format json\n",
	.access = EV_DB_READ,
	.formats = EV_FMTS_ALL,
	.options = audit_options,
	.option = on_opt,
	.state_size = sizeof(struct opts),
	/* Not 1: the operands after the article are parsed again (check). */
	.min_operands = 1,
	.max_operands = -1,
	.missing = "which article? (see 'evidence report' for article keys)",
	.resolve = EV_RESOLVE_ARTICLE,
	.check = check,
	.run = cmd_audit,
};
