/*
 * cmd_import_rows.c: the rows of our own CSV formats (articles, studies,
 * claims, evidence) in `evidence import`. They are read and checked on a
 * second thread (csvpipe.h) and written on this one, in order: each row
 * upserted, a key given twice in one import refused, an update's changes
 * said (every one in a dry run, an emptied or shortened value otherwise),
 * a new study compared with its near-duplicates, a link's estimate
 * checked against its claim's direction, and a review's includes
 * resolved once all the import's studies are in.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_import.h"
#include "csvio.h"
#include "csvpipe.h"
#include "domain.h"
#include "model.h"
#include "model_curate.h"
#include "model_history.h"
#include "neardup.h"
#include "progress.h"
#include "rowset.h"
#include "similar.h"
#include "util.h"
#include "validate.h"

/* A row with more or fewer fields than the header is a problem: 1 with
 * the message in m, else 0. */
static int width_problem(const struct file *f, const struct ev_csv_record *rec, char *m, size_t size)
{
	if (rec->nfields == f->ncols)
		return 0;
	snprintf(m, size, "the row has %d field%s but the header has %d%s", rec->nfields, rec->nfields == 1 ? "" : "s",
		 f->ncols, rec->nfields > f->ncols ? " (an unquoted comma?)" : "");
	return 1;
}

int ev_import_wrong_width(struct import *im, const struct file *f, const struct ev_csv_record *rec)
{
	char m[160]; /* two numbers and fixed words */
	if (!width_problem(f, rec, m, sizeof m))
		return 0;
	ev_import_problem(im, f->name, rec->line, NULL, m);
	return 1;
}

static int check_direction(struct import *im, const struct ev_record *r, long line);
static int report_edits(struct import *im, enum ev_kind kind, const struct ev_record *r, const char *where);

/* Our CSV rows are read and checked on a second thread (csvpipe.h):
 * prepare_row there, take_row here. What prepare_row finds is kept as
 * notes on the row and said by take_row, so messages keep their order. */
enum { ROW_HEADER = 1, ROW_BAD, ROW_READY };
enum { NOTE_PROBLEM, NOTE_WARNING };

/* What the reading thread may use: the file (read-only while its rows are
 * read) and whether the header has gone by. */
struct preparer {
	const struct file *f;
	int header_done;
};

static void note_problem(void *ud, const char *column, const char *msg)
{
	ev_pipe_note(ud, NOTE_PROBLEM, column, msg);
}

static int prepare_row(void *ud, const struct ev_csv_record *rec, struct ev_pipe_row *row)
{
	struct preparer *pr = ud;
	const struct file *f = pr->f;
	struct ev_record *r = &row->rec;
	if (!pr->header_done) {
		pr->header_done = 1;
		row->tag = ROW_HEADER;
		return 0;
	}
	row->tag = ROW_BAD;
	char m[400]; /* width_problem's numbers, or ev_validate_ci_centre's */
	if (width_problem(f, rec, m, sizeof m)) {
		ev_pipe_note(row, NOTE_PROBLEM, NULL, m);
		return 0;
	}
	ev_record_reset(r, f->kind);
	int bad = 0;
	for (int j = 0; j < rec->nfields; j++)
		if (ev_validate_field(r, f->map[j], rec->field[j], rec->len[j], note_problem, row))
			bad = 1;
	if (bad || ev_validate_record(r, note_problem, row))
		return 0;
	if (ev_validate_ci_centre(r, m, sizeof m))
		ev_pipe_note(row, NOTE_WARNING, "estimate", m);
	row->tag = ROW_READY;
	return 0;
}

/* `add` warns when a new study has the first author and year of another
 * and a title nearly the same (similar.h); import does too. The studies
 * are read into the index of neardup.h once, at the first study added.
 * Warns, with the file and line, when the study just added (r) looks
 * like one recorded before or earlier in this import. 0 or -1. */
static int warn_near_duplicates(struct import *im, const char *file, long line, const struct ev_record *r)
{
	const struct ev_value *year = ev_record_get(r, "year");
	const char *key = ev_record_text(r, "key"), *authors = ev_record_text(r, "authors");
	const char *title = ev_record_text(r, "title");
	if (ev_quiet || year->type != EV_V_INT || !authors || !title)
		return 0;
	/* The family name whole: two that differ past any cut are two authors. */
	struct ev_buf family = EV_BUF_INIT;
	if (!ev_first_author(authors, &family)) {
		ev_buf_free(&family);
		return 0;
	}
	int just_loaded = !im->near_loaded;
	if (just_loaded) {
		im->near_loaded = 1;
		/* The study just added is in the table already: read with the
		 * rest, it is skipped below by its key. Any later study is new
		 * to the table, so no earlier one has its key. */
		if (ev_model_each_dated_study(&im->ctx->db, ev_neardup_put, &im->near)) {
			ev_buf_free(&family);
			return -1;
		}
	}
	int64_t y = year->i;
	struct ev_title_words *words = ev_title_words_new(title);
	size_t nv;
	const struct ev_namesake *v = ev_neardup_namesakes(&im->near, ev_buf_str(&family), y, &nv);
	/* Newest first, as the warnings have always come. */
	for (size_t i = nv; i-- > 0;) {
		const struct ev_namesake *o = &v[i];
		if (just_loaded && strcmp(o->key, key) == 0)
			continue;
		double sim = ev_title_words_similarity(words, o->title, EV_TITLE_SIMILAR);
		if (sim >= EV_TITLE_SIMILAR) {
			/* The author as the file writes them, initials and all,
			 * and whole (the name was cut at 100 bytes). */
			int n = (int)strcspn(authors, ",;");
			ev_warn("%s:%ld: study '%s' may be a duplicate of '%s' (same first author %.*s, same year %lld, "
				"titles %d%% alike); if it is, remove one with 'evidence rm study KEY'",
				file, line, key, o->key, n, authors, (long long)y, (int)(sim * 100 + 1e-9));
		}
	}
	if (just_loaded)
		ev_title_words_free(words);
	else
		ev_neardup_add(&im->near, key, ev_buf_str(&family), words, y);
	ev_buf_free(&family);
	return 0;
}

/* ev_problem_fn for the current record. */
static void on_problem(void *ud, const char *column, const char *msg)
{
	struct import *im = ud;
	ev_import_problem(im, im->cur->name, im->line, column, msg);
}

static int take_row(void *ud, struct ev_pipe_row *row)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	struct ev_record *r = &row->rec;
	im->line = row->line;
	if (row->tag == ROW_HEADER) {
		rd->header_done = 1;
		return 0;
	}
	rd->rows++;
	ev_progress_row();
	for (int i = 0; i < row->nnotes; i++) {
		const struct ev_pipe_note *n = &row->notes[i];
		if (n->kind == NOTE_PROBLEM)
			ev_import_problem(im, f->name, row->line, n->column, n->msg);
		else
			ev_warn("%s:%ld: %s: %s", f->name, row->line, n->column, n->msg);
	}
	if (row->tag != ROW_READY)
		return 0;

	enum ev_change change;
	int64_t id;
	int rc = ev_model_upsert_hint(&im->ctx->db, r, f->present, im->was_empty[f->kind], &change, &id, on_problem, im);
	if (rc < 0) {
		im->problems++;
		im->stop = 1;
		return 1;
	}
	if (rc > 0)
		return 0;
	if (ev_rowset_add(&im->seen[f->kind], id)) {
		/* Owned: a link's outcome is free text of any length. */
		char *m;
		if (f->kind == EV_LINK)
			m = ev_xasprintf("the link %s -> %s%s%s appears more than once in this import",
					 ev_record_text(r, "claim"), ev_record_text(r, "study"),
					 ev_record_text(r, "outcome") ? " for outcome " : "",
					 ev_record_text(r, "outcome") ? ev_record_text(r, "outcome") : "");
		else
			m = ev_xasprintf("'%s' appears more than once in this import", ev_record_text(r, "key"));
		ev_import_problem(im, f->name, row->line, f->kind == EV_LINK ? NULL : "key", m);
		free(m);
		return 0;
	}
	im->counts[f->kind][change]++;
	if (change == EV_UPDATED) {
		/* The file's name whole, however long its path. */
		char *where = ev_xasprintf("%s:%ld", f->name, row->line);
		int bad = report_edits(im, f->kind, r, where);
		free(where);
		if (bad) {
			im->problems++;
			im->stop = 1;
			return 1;
		}
	}
	if (f->kind == EV_STUDY && change == EV_ADDED &&
	    warn_near_duplicates(im, f->name, row->line, r)) {
		im->problems++;
		im->stop = 1;
		return 1;
	}
	if (rd->includes_given && change != EV_UNCHANGED) {
		if (im->ninc == im->capinc) {
			im->capinc = im->capinc ? im->capinc * 2 : 16;
			im->inc = ev_xrealloc(im->inc, (size_t)im->capinc * sizeof *im->inc);
		}
		im->inc[im->ninc].id = id;
		im->inc[im->ninc].file = f->name;
		im->inc[im->ninc++].line = row->line;
	}
	if (f->kind == EV_LINK)
		check_direction(im, r, row->line);
	return 0;
}

/* What an update changed, field by field, for report_edits. */
struct edits {
	struct import *im;
	enum ev_kind kind;
	const char *where;
	struct ev_buf row; /* "study 'x'", "link c -> s (outcome)" */
};

static void on_edit(void *ud, const char *field, const char *was, const char *now)
{
	struct edits *e = ud;
	int idx = ev_field_index(e->kind, field);
	int text = idx >= 0 && ev_fields(e->kind, &(int){0})[idx].type == EV_F_TEXT;
	if (e->im->dry_run)
		ev_note("%s: %s: %s: %s%s%s would become %s%s%s", e->where, ev_buf_str(&e->row), field,
			was ? "'" : "", was ? was : "(none)", was ? "'" : "", now ? "'" : "", now ? now : "(none)",
			now ? "'" : "");
	else if (was && !now)
		ev_warn("%s: %s: %s: '%s' cleared (the file's cell is empty)", e->where, ev_buf_str(&e->row), field,
			was);
	else if (was && now && text && strlen(now) < strlen(was))
		ev_warn("%s: %s: %s: '%s' replaced by the shorter '%s'", e->where, ev_buf_str(&e->row), field, was, now);
}

/* After a row was updated: a dry run shows each field that would change
 * (old and new), a real import says where a curated value was emptied or
 * replaced by a shorter one, so that nothing is lost without a word. The
 * changes are read back from the history the update just wrote, so an
 * import that changes nothing reads nothing. 0, or -1 (reported). */
static int report_edits(struct import *im, enum ev_kind kind, const struct ev_record *r, const char *where)
{
	struct edits e = {im, kind, where, EV_BUF_INIT};
	const char *key = ev_record_text(r, kind == EV_LINK ? "claim" : "key");
	const char *study = kind == EV_LINK ? ev_record_text(r, "study") : NULL;
	const char *outcome = kind == EV_LINK ? ev_record_text(r, "outcome") : NULL;
	if (kind == EV_LINK)
		ev_buf_addf(&e.row, "link %s -> %s%s%s%s", key, study, outcome ? " (" : "", outcome ? outcome : "",
			    outcome ? ")" : "");
	else
		ev_buf_addf(&e.row, "%s '%s'", ev_kind_names[kind], key);
	int rc = ev_history_row_edits(&im->ctx->db, kind, key, study, outcome, on_edit, &e);
	ev_buf_free(&e.row);
	return rc;
}

/* A link whose estimate points against its direction label, given what
 * its claim asserts, is worth a second look (docs/grading.md): warned,
 * not refused. The claim is read once for a run of its links. */
static int check_direction(struct import *im, const struct ev_record *r, long line)
{
	const char *claim = ev_record_text(r, "claim"), *measure = ev_record_text(r, "measure");
	const struct ev_value *est = ev_record_get(r, "estimate"), *lo = ev_record_get(r, "ci_low"),
			      *hi = ev_record_get(r, "ci_high");
	if (!claim || !measure || est->type != EV_V_REAL)
		return 0;
	if (!im->asserts_claim.len || strcmp(ev_buf_str(&im->asserts_claim), claim) != 0) {
		int64_t id;
		struct ev_record c = {0};
		im->asserts_of_claim = EV_ASSERTS_NONE;
		if (ev_model_find(&im->ctx->db, EV_CLAIM, claim, &id) == 1 && ev_model_read(&im->ctx->db, EV_CLAIM, id, &c) == 0) {
			const char *as = ev_record_text(&c, "asserts");
			if (as)
				im->asserts_of_claim = ev_lookup(ev_asserts_names, as);
		}
		ev_record_free(&c);
		ev_buf_reset(&im->asserts_claim);
		ev_buf_adds(&im->asserts_claim, claim);
	}
	int as = im->asserts_of_claim;
	if (as == EV_ASSERTS_NONE)
		return 0;
	enum ev_measure m = (enum ev_measure)ev_lookup(ev_measure_names, measure);
	double nul = ev_measure_is_ratio(m) ? 1 : 0, e = est->d;
	int has_ci = lo->type == EV_V_REAL && hi->type == EV_V_REAL;
	int below = has_ci ? hi->d < nul : e < nul, above = has_ci ? lo->d > nul : e > nul;
	int includes_null = has_ci && lo->d <= nul && hi->d >= nul;
	const char *dir = ev_record_text(r, "direction");
	int supports = dir && strcmp(dir, "supports") == 0, contradicts = dir && strcmp(dir, "contradicts") == 0;
	const char *why = NULL;
	if (as == EV_ASSERTS_NO_EFFECT) {
		if (supports && has_ci && !includes_null)
			why = "excludes the null";
	} else {
		int lower = as == EV_ASSERTS_LOWER, up = has_ci ? above : e > nul, down = has_ci ? below : e < nul;
		int against = supports ? (lower ? up : down) : contradicts && (lower ? below : above);
		if (against)
			why = lower == supports ? "lies above the null" : "lies below the null";
	}
	if (why) {
		char a[32]; /* a number (ev_fmt_num) */
		ev_warn("%s:%ld: estimate: %s %s %s, but the link %s a claim that asserts '%s' (check its direction)",
			im->cur->name, line, measure, ev_fmt_num(a, sizeof a, e, 4), why, dir, ev_asserts_names[as]);
	}
	return 0;
}

/* Where a review's includes are resolved, for the problems found. */
struct inc_problem {
	struct import *im;
	const struct pending_includes *at;
};

static void on_include_problem(void *ud, const char *column, const char *msg)
{
	struct inc_problem *p = ud;
	ev_import_problem(p->im, p->at->file, p->at->line, column, msg);
}

int ev_import_resolve_includes(struct import *im)
{
	for (int i = 0; i < im->ninc; i++) {
		struct inc_problem p = {im, &im->inc[i]};
		if (ev_model_sync_includes(&im->ctx->db, im->inc[i].id, on_include_problem, &p) < 0)
			return -1;
	}
	im->ninc = 0;
	return 0;
}

/* A problem that stops the reader, under the name of its column's field. */
static void process_error(void *ud, long line, int field, const char *msg)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	int idx = ev_import_mapped(f, field);
	int nf;
	const struct ev_field *fields = ev_fields(f->kind, &nf);
	ev_import_problem(im, f->name, line, idx >= 0 ? fields[idx].name : NULL, msg);
}

int ev_import_read_csv(struct reader *rd, struct file *f)
{
	struct preparer pr = {f, 0};
	/* Found once here, not by name for each of a million rows. */
	int inc = f->kind == EV_STUDY ? ev_field_index(EV_STUDY, "includes") : -1;
	rd->includes_given = inc >= 0 && f->present[inc];
	return ev_csv_read_piped(f->fp, f->delim, prepare_row, &pr, take_row, process_error, rd, 1);
}
