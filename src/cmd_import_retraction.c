/*
 * cmd_import_retraction.c: the Retraction Watch data set's CSV in
 * `evidence import` (retraction.c reads its notices; its header is mapped
 * in cmd_import_header.c). Each notice is applied to the study with the
 * original paper's DOI or PMID: it goes into the study's notes, once, and
 * a retraction sets the study's status; notices about studies not in the
 * database are only counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_import.h"
#include "csvio.h"
#include "model.h"
#include "model_pubmed.h"
#include "progress.h"
#include "retraction.h"
#include "util.h"
#include "validate.h"

/* ev_problem_fn for a notice: our column names as the data set's. */
static void on_rw_problem(void *ud, const char *column, const char *msg)
{
	struct import *im = ud;
	if (strcmp(column, "doi") == 0)
		column = ev_rw_columns[EV_RW_ORIGINAL_DOI];
	else if (strcmp(column, "pmid") == 0)
		column = ev_rw_columns[EV_RW_ORIGINAL_PMID];
	ev_import_problem(im, im->cur->name, im->line, column, msg);
}

/* Applies notice `no` of line `line` to study m: the notice goes into its
 * notes (once: a notice already there is skipped), and a retraction sets
 * its status. A study whose record could not be retracted (an unverified
 * one without a design) keeps its status with a warning; the notes say
 * why. History records both changes. Returns nonzero to stop reading. */
static int rw_apply(struct import *im, long line, const struct ev_rw_notice *no, const struct ev_study_match *m)
{
	struct file *f = im->cur;
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec;
	unsigned char present[EV_MAX_FIELDS] = {0};
	char mark[64]; /* "Retraction Watch ID:": a record id is under 32 bytes (ev_rw_notice) */
	if (ev_model_read(db, EV_STUDY, m->id, r))
		return im->stop = 1;
	ev_rw_mark(no, mark, sizeof mark);
	const char *old_notes = ev_record_text(r, "notes");
	if (old_notes && strstr(old_notes, mark)) {
		im->counts[EV_STUDY][EV_UNCHANGED]++;
		return 0;
	}
	/* The file's name whole, however long its path. */
	char *where = ev_xasprintf("%s:%ld", f->name, line);
	char *note = ev_rw_note(no);
	char *notes = old_notes ? ev_xasprintf("%s\n%s", old_notes, note) : ev_xstrdup(note);
	int ni = ev_field_index(EV_STUDY, "notes"), si = ev_field_index(EV_STUDY, "status"),
	    ki = ev_field_index(EV_STUDY, "key");
	ev_record_set_text(r, ni, notes, strlen(notes));
	present[ni] = present[ki] = 1;
	const char *status = ev_record_text(r, "status");
	if (no->nature == EV_RW_RETRACTION && status && strcmp(status, "retracted") != 0) {
		char was[16]; /* a status word: verified, unverified (validated) */
		snprintf(was, sizeof was, "%s", status);
		ev_record_set_text(r, si, "retracted", 9);
		if (ev_validate_record(r, ev_import_ignore_problem, NULL)) {
			ev_record_set_text(r, si, was, strlen(was));
			ev_warn("%s: study '%s' is retracted (%s), but as an unverified record without a design or "
				"authors and year it cannot take that status; the notice is in its notes: curate it, "
				"then set its status",
				where, m->key, note);
		} else {
			present[si] = 1;
			ev_note("%s: study '%s' %s retracted (%s)", where, m->key, im->dry_run ? "would be" : "is now",
				note);
		}
	} else if (no->nature == EV_RW_RETRACTION) {
		ev_note("%s: study '%s' was retracted already; the notice %s its notes (%s)", where, m->key,
			im->dry_run ? "would go into" : "goes into", note);
	} else {
		ev_note("%s: study '%s': %s %s its notes, not a retraction (%s)", where, m->key, no->nature_text,
			im->dry_run ? "would be recorded in" : "recorded in", note);
	}
	free(where);
	free(note);
	free(notes);
	enum ev_change change;
	int64_t id;
	int rc = ev_model_upsert(db, r, present, &change, &id, on_rw_problem, im);
	if (rc < 0) {
		im->problems++;
		return im->stop = 1;
	}
	if (rc == 0)
		im->counts[EV_STUDY][change]++;
	return 0;
}

/* Reads one row of the data set as a notice and applies it (rw_apply) to
 * the study with the original paper's DOI or PMID; notices about studies
 * not in the database are only counted. */
static int rw_row(void *ud, const struct ev_csv_record *rec)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	struct ev_rw_notice no;
	struct ev_study_match m;
	const char *value[EV_RW_COUNT] = {0}, *column = NULL;
	char msg[300]; /* ev_rw_notice's: fixed words and a value quoted at 40 bytes with "..." */
	im->line = rec->line;
	if (!rd->header_done) {
		rd->header_done = 1;
		return 0;
	}
	rd->rows++;
	ev_progress_row();
	if (ev_import_wrong_width(im, f, rec))
		return 0;
	for (int j = 0; j < rec->nfields; j++)
		if (f->map[j] >= 0)
			value[f->map[j]] = rec->field[j];
	if (ev_rw_notice(value, &no, &column, msg, sizeof msg)) {
		ev_import_problem(im, f->name, rec->line, column, msg);
		return 0;
	}
	int stop = 0, found = ev_model_study_by_ids(&im->ctx->db, no.pmid, no.doi, &m, on_rw_problem, im);
	if (found < 0)
		stop = im->stop = 1;
	else if (found == 0)
		im->rw_unmatched++;
	else if (found == 1)
		stop = rw_apply(im, rec->line, &no, &m);
	ev_study_match_free(&m);
	ev_rw_notice_free(&no);
	return stop;
}

static void rw_error(void *ud, long line, int field, const char *msg)
{
	struct reader *rd = ud;
	struct file *f = rd->im->cur;
	int c = ev_import_mapped(f, field);
	ev_import_problem(rd->im, f->name, line, c >= 0 ? ev_rw_columns[c] : NULL, msg);
}

int ev_import_read_retraction(struct reader *rd, struct file *f)
{
	return ev_csv_read_stream(f->fp, f->delim, rw_row, rw_error, rd);
}
