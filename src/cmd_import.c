/*
 * cmd_import.c: `evidence import` loads CSV files of articles, studies,
 * claims and evidence links.
 *
 * The whole call is one transaction: every row of every file is validated
 * and written, every problem is reported with file:line and column, and
 * only when there were none is the transaction committed. So a bad file
 * never leaves half its rows behind, and a user fixes all problems in one
 * round instead of one per run. Files are streamed (constant memory) and
 * applied in dependency order (articles, studies, claims, evidence)
 * whatever order they were given in, so evidence may refer to claims and
 * studies from the same call.
 *
 * Reference manager libraries (RIS, BibTeX, CSL-JSON; refmgr.h) import
 * through the same transaction as well, matched by DOI, PMID or as a
 * near-duplicate (import_entry).
 *
 * PubMed's exports (the "Save as CSV" file and the MEDLINE format) import
 * as studies through the same transaction and messages: pubmed.c and
 * medline.c parse them, and each record either updates the bibliography
 * of the study with its PMID or DOI, or becomes a new unverified study
 * with a key made from its first author and year (docs/pubmed.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_import.h"
#include "csvio.h"
#include "csvpipe.h"
#include "keynext.h"
#include "medline.h"
#include "model.h"
#include "model_curate.h"
#include "model_history.h"
#include "model_pubmed.h"
#include "neardup.h"
#include "pubmed.h"
#include "progress.h"
#include "similar.h"
#include "refmgr.h"
#include "retraction.h"
#include "rowset.h"
#include "util.h"
#include "validate.h"

/* Past this many messages the rest are counted, not printed. */
#define MAX_REPORTED 1000

void ev_import_problem(struct import *im, const char *file, long line, const char *column, const char *msg)
{
	im->problems++;
	if (im->problems > MAX_REPORTED)
		return;
	/* Line 0: about the file as a whole (it cannot be opened), which
	 * "FILE:0:" would misplace. */
	if (line <= 0)
		ev_error("%s: %s", file, msg);
	else if (column)
		ev_error("%s:%ld: %s: %s", file, line, column, msg);
	else
		ev_error("%s:%ld: %s", file, line, msg);
}

static void compare_study(struct import *im, struct ev_record *r, unsigned char *present, const struct ev_record *old,
			  const char *where);

/* ---- PubMed records ---------------------------------------------------- */

/* ev_problem_fn for a PubMed record: names the field as the export does
 * ("PMID", "Citation", "TI") and, for MEDLINE, the line of its tag. */
static void on_ref_problem(void *ud, const char *column, const char *msg)
{
	struct import *im = ud;
	const struct ev_ref *ref = im->ref;
	for (int i = 0; i < EV_REF_COUNT; i++)
		if (strcmp(column, ev_ref_columns[i]) == 0 && ref->origin[i]) {
			ev_import_problem(im, im->cur->name, ref->line[i] ? ref->line[i] : ref->start, ref->origin[i], msg);
			return;
		}
	ev_import_problem(im, im->cur->name, ref->start, column, msg);
}

/* Imports one PubMed record: the study with its PMID or DOI gets the
 * record's bibliographic fields (and keeps everything curated); a record
 * that matches none becomes a new unverified study. Returns nonzero to
 * stop reading (a database error). */
static int import_ref(struct import *im, const struct ev_ref *ref)
{
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec;
	unsigned char present[EV_MAX_FIELDS];
	struct ev_study_match m;
	char where[64];
	int64_t id;
	enum ev_change change;
	im->ref = ref;
	im->line = ref->start;
	snprintf(where, sizeof where, "%s:%ld", im->cur->name, ref->start);
	if (!ref->value[EV_REF_PMID]) {
		/* Every PubMed record has one; without it the row is not what it
		 * claims to be (a record added by hand belongs in a studies file). */
		on_ref_problem(im, "pmid", "a value is required (every PubMed record has one)");
		return 0;
	}
	if (ev_ref_to_record(ref, r, present, on_ref_problem, im))
		return 0;
	const struct ev_value *pmid = ev_record_get(r, "pmid");
	int found = ev_model_study_by_ids(db, pmid->type == EV_V_INT ? pmid->i : 0, ev_record_text(r, "doi"), &m,
					  on_ref_problem, im);
	if (found < 0)
		return im->stop = 1;
	if (found == 2)
		return 0;
	int key = ev_field_index(EV_STUDY, "key");
	if (found) {
		ev_record_set_text(r, key, m.key, strlen(m.key));
		present[key] = 1;
		/* DOIs are case-insensitive: a different case is no change. */
		const char *doi = ev_record_text(r, "doi");
		if (doi && strcasecmp(doi, m.doi) == 0)
			present[ev_field_index(EV_STUDY, "doi")] = 0;
		/* Field by field against the curated record, as a library's
		 * records are: every change said, a longer author list kept
		 * (not against a record this import wrote: a second copy of
		 * one publication is refused below). */
		if (!ev_rowset_has(&im->seen[EV_STUDY], m.id)) {
			struct ev_record old = {0};
			if (ev_model_read(db, EV_STUDY, m.id, &old)) {
				ev_record_free(&old);
				return im->stop = 1;
			}
			compare_study(im, r, present, &old, where);
			ev_record_free(&old);
		}
		if (ref->retracted && strcmp(m.status, "retracted") != 0)
			ev_warn("%s: PubMed marks PMID %s as a retracted publication, but study '%s' is %s; "
				"check it and set its status",
				where, ref->value[EV_REF_PMID], m.key, m.status);
	} else {
		const struct ev_value *year = ev_record_get(r, "year");
		int collided; /* the base key was taken: not needed beyond the key */
		char *base = ev_key_base(ref->family, ref->family ? strlen(ref->family) : 0,
					 year->type == EV_V_INT ? (int)year->i : 0, ev_record_text(r, "title"));
		int rc = ev_model_free_key(db, base, &im->key, &collided, ev_keynext_slot(&im->keys, base));
		free(base);
		if (rc)
			return im->stop = 1;
		ev_record_set_text(r, key, im->key.data, im->key.len);
		present[key] = 1;
		ev_ref_new_study(ref, r, present);
		if (ev_validate_record(r, on_ref_problem, im))
			return 0;
		if (ev_record_text(r, "title")) {
			struct ev_buf twin = EV_BUF_INIT;
			rc = ev_model_same_title(db, ev_record_text(r, "title"), year->type == EV_V_INT ? year->i : 0, 0,
						 &twin);
			if (rc == 1)
				ev_warn("%s: study '%s' has the same title and year but no matching PMID or DOI; "
					"importing this record as '%s' (if they are one study, give '%s' the "
					"PMID and DOI and remove '%s')",
					where, ev_buf_str(&twin), ev_record_text(r, "key"), ev_buf_str(&twin),
					ev_record_text(r, "key"));
			ev_buf_free(&twin);
			if (rc < 0)
				return im->stop = 1;
		}
		if (ref->retracted)
			ev_warn("%s: PubMed marks PMID %s as a retracted publication; it is imported as study '%s' "
				"with status %s",
				where, ref->value[EV_REF_PMID] ? ref->value[EV_REF_PMID] : "(none)",
				ev_record_text(r, "key"), ev_record_text(r, "status"));
	}

	int rc = ev_model_upsert(db, r, present, &change, &id, on_ref_problem, im);
	if (rc < 0) {
		im->problems++;
		return im->stop = 1;
	}
	if (rc > 0)
		return 0;
	if (ev_rowset_add(&im->seen[EV_STUDY], id)) {
		/* The same publication twice (two exports of overlapping
		 * searches): harmless when identical, refused when the copies
		 * disagree, since which one is right cannot be told. */
		if (change == EV_UNCHANGED) {
			im->pm_duplicates++;
			return 0;
		}
		char msg[300];
		if (ref->value[EV_REF_PMID])
			snprintf(msg, sizeof msg,
				 "PMID %s appears more than once in this import, with different details (study '%s'); "
				 "keep one record",
				 ref->value[EV_REF_PMID], ev_record_text(r, "key"));
		else
			snprintf(msg, sizeof msg,
				 "study '%s' appears more than once in this import, with different details; keep one "
				 "record",
				 ev_record_text(r, "key"));
		ev_import_problem(im, im->cur->name, ref->start, NULL, msg);
		return 0;
	}
	im->counts[EV_STUDY][change]++;
	if (change == EV_ADDED)
		im->pm_added++;
	return 0;
}

static int pubmed_row(void *ud, const struct ev_csv_record *rec)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	im->line = rec->line;
	if (!rd->header_done) {
		rd->header_done = 1;
		return 0;
	}
	rd->rows++;
	if (ev_import_wrong_width(im, f, rec))
		return 0;
	const char *value[EV_PM_COUNT] = {0};
	for (int j = 0; j < rec->nfields; j++)
		if (f->map[j] >= 0)
			value[f->map[j]] = rec->field[j];
	struct ev_ref ref;
	ev_ref_from_csv(&ref, value, rec->line);
	int stop = import_ref(im, &ref);
	ev_ref_free(&ref);
	return stop;
}

static void pubmed_error(void *ud, long line, int field, const char *msg)
{
	struct reader *rd = ud;
	struct file *f = rd->im->cur;
	int c = field >= 0 && field < f->ncols ? f->map[field] : -1;
	ev_import_problem(rd->im, f->name, line, c >= 0 ? ev_pubmed_columns[c] : NULL, msg);
}

static int medline_record(void *ud, const struct ev_medline_record *rec)
{
	struct reader *rd = ud;
	struct ev_ref ref;
	rd->rows++;
	ev_ref_from_medline(&ref, rec);
	int stop = import_ref(rd->im, &ref);
	ev_ref_free(&ref);
	return stop;
}

static void medline_error(void *ud, long line, const char *msg)
{
	struct reader *rd = ud;
	ev_import_problem(rd->im, rd->im->cur->name, line, NULL, msg);
}

/* Streams a MEDLINE file through the reader. */
static void read_medline(struct import *im, struct file *f, struct reader *rd)
{
	char buf[1 << 16];
	struct ev_medline *m = ev_medline_new(medline_record, medline_error, rd);
	long before = im->problems;
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, f->fp)) > 0)
		rc = ev_medline_feed(m, buf, n);
	if (rc == 0 && ferror(f->fp)) {
		char msg[160];
		snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
		ev_import_problem(im, f->name, 0, NULL, msg);
		rc = -1;
	}
	if (rc == 0)
		ev_medline_finish(m);
	if (rd->rows == 0 && !im->stop && im->problems == before)
		ev_import_problem(im, f->name, 1, NULL,
				  "there are no MEDLINE records in the file (an empty export?); nothing to import");
	ev_medline_free(m);
}

/* ---- reference manager libraries: RIS, BibTeX, CSL-JSON ---------------- */

/* The first study the near-duplicate rule (similar.h) finds, for a record
 * that has neither a known DOI nor a known PMID. */
struct twin {
	char key[128];
	int n;
};

static void on_similar(void *ud, const char *key, const char *authors, double similarity)
{
	struct twin *t = ud;
	(void)authors;
	(void)similarity;
	if (!t->n++)
		snprintf(t->key, sizeof t->key, "%s", key);
}

static void ignore_problem(void *ud, const char *column, const char *msg)
{
	(void)ud;
	(void)column;
	(void)msg;
}

static int names_count(const char *authors, int *et_al)
{
	struct ev_names nm;
	ev_names_parse(authors, &nm);
	int n = nm.n;
	*et_al = nm.et_al;
	ev_names_free(&nm);
	return n;
}

/* Compares the record with the matched study, field by field: says what
 * changes (every field, so a curated value is never overwritten
 * silently), and keeps a longer author list than the record's. */
static void compare_study(struct import *im, struct ev_record *r, unsigned char *present, const struct ev_record *old,
			  const char *where)
{
	char a[64], b[64];
	int auth = ev_field_index(EV_STUDY, "authors");
	for (int i = 0; i < EV_REF_COUNT; i++) {
		int idx = ev_field_index(EV_STUDY, ev_ref_columns[i]);
		if (!present[idx])
			continue;
		const char *was = ev_value_format(old, idx, a, sizeof a), *now = ev_value_format(r, idx, b, sizeof b);
		if (strcmp(was, now) == 0) {
			present[idx] = 0;
			continue;
		}
		if (idx == auth && *was) {
			int old_etal, new_etal;
			int no = names_count(was, &old_etal), nn = names_count(now, &new_etal);
			if (nn < no) {
				ev_warn("%s: study '%s' keeps its %d authors; the record lists %d%s (give the longer list "
					"with 'evidence edit' if it is right)",
					where, ev_record_text(old, "key"), no, nn, new_etal ? " and et al." : "");
				present[idx] = 0;
				continue;
			}
		}
		ev_note("%s: study '%s': %s: '%s' %s '%s'", where, ev_record_text(old, "key"), ev_ref_columns[i],
			*was ? was : "(none)", im->dry_run ? "would become" : "becomes", now);
	}
}

/* Imports one record of a library: the study with its DOI, else its PMID,
 * else a near-duplicate (same first author and year, nearly the same
 * title), else the same title and year, gets the record's bibliography,
 * field by field as
 * compare_study allows; any other record becomes a new unverified study,
 * keyed by its citation key when that is a free valid key. Returns
 * nonzero to stop reading. */
static int import_entry(struct import *im, struct ev_bibentry *e)
{
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec, old = {0};
	const struct ev_ref *ref = &e->ref;
	unsigned char present[EV_MAX_FIELDS];
	struct ev_study_match m;
	char where[300];
	int64_t id;
	enum ev_change change;
	int rc = 0;
	im->ref = ref;
	im->line = ref->start;
	ev_progress_row();
	snprintf(where, sizeof where, "%s:%ld", im->cur->name, ref->start);
	if (ev_ref_to_record(ref, r, present, on_ref_problem, im))
		return 0;
	const struct ev_value *pmid = ev_record_get(r, "pmid");
	const char *doi = ev_record_text(r, "doi");
	/* By DOI or PMID (either finds the study; when they name two
	 * different studies the record is refused, naming both). */
	int found = ev_model_study_by_ids(db, pmid->type == EV_V_INT ? pmid->i : 0, doi, &m, on_ref_problem, im);
	if (found < 0)
		return im->stop = 1;
	if (found == 2)
		return 0;
	int keyi = ev_field_index(EV_STUDY, "key");
	if (!found) {
		struct twin t = {{0}, 0};
		if (ev_model_similar_studies(db, r, 0, on_similar, &t))
			return im->stop = 1;
		if (t.n) {
			int64_t tid;
			if (ev_model_find(db, EV_STUDY, t.key, &tid) != 1)
				return im->stop = 1;
			memset(&m, 0, sizeof m);
			m.id = tid;
			snprintf(m.key, sizeof m.key, "%s", t.key);
			found = 1;
			ev_note("%s: no study has this DOI or PMID; matched to '%s' (same first author and year, nearly "
				"the same title)",
				where, t.key);
		}
	}
	if (!found && ev_record_text(r, "title")) {
		/* The same title and year (or both without a year): a record
		 * without authors, or one imported before, is that study. */
		struct ev_buf twin = EV_BUF_INIT;
		const struct ev_value *year = ev_record_get(r, "year");
		int rc2 = ev_model_same_title(db, ev_record_text(r, "title"), year->type == EV_V_INT ? year->i : 0, 0,
					      &twin);
		int64_t tid;
		if (rc2 == 1 && ev_model_find(db, EV_STUDY, ev_buf_str(&twin), &tid) == 1) {
			memset(&m, 0, sizeof m);
			m.id = tid;
			snprintf(m.key, sizeof m.key, "%s", ev_buf_str(&twin));
			found = 1;
		}
		ev_buf_free(&twin);
		if (rc2 < 0)
			return im->stop = 1;
	}
	if (found) {
		if (ev_model_read(db, EV_STUDY, m.id, &old)) {
			rc = im->stop = 1;
			goto done;
		}
		ev_record_set_text(r, keyi, m.key, strlen(m.key));
		present[keyi] = 1;
		/* DOIs are case-insensitive: a different case is no change.
		 * Read again: setting the key may have moved the record's
		 * texts, so the doi read above may point at freed memory. */
		const char *od = ev_record_text(&old, "doi");
		doi = ev_record_text(r, "doi");
		if (doi && od && strcasecmp(doi, od) == 0)
			present[ev_field_index(EV_STUDY, "doi")] = 0;
		compare_study(im, r, present, &old, where);
		const char *status = ev_record_text(&old, "status");
		if (ref->retracted && status && strcmp(status, "retracted") != 0)
			ev_warn("%s: the record says 'Retracted publication', but study '%s' is %s; check it and set its "
				"status",
				where, m.key, status);
	} else {
		const struct ev_value *year = ev_record_get(r, "year");
		int collided;
		char *base = NULL;
		if (e->key) {
			struct ev_record k = {0};
			ev_record_reset(&k, EV_STUDY);
			if (ev_validate_field(&k, keyi, e->key, strlen(e->key), ignore_problem, NULL) == 0)
				base = ev_xstrdup(e->key);
			ev_record_free(&k);
		}
		if (!base)
			base = ev_key_base(ref->family, ref->family ? strlen(ref->family) : 0,
					   year->type == EV_V_INT ? (int)year->i : 0, ev_record_text(r, "title"));
		int krc = ev_model_free_key(db, base, &im->key, &collided, ev_keynext_slot(&im->keys, base));
		free(base);
		if (krc) {
			rc = im->stop = 1;
			goto done;
		}
		ev_record_set_text(r, keyi, im->key.data, im->key.len);
		present[keyi] = 1;
		int st = ev_field_index(EV_STUDY, "status"), src = ev_field_index(EV_STUDY, "source");
		ev_record_set_text(r, st, "unverified", 10);
		present[st] = 1;
		const char *fname = strrchr(im->cur->name, '/');
		char *source = ev_xasprintf("%s library %s", ref->format, fname ? fname + 1 : im->cur->name);
		ev_record_set_text(r, src, source, strlen(source));
		present[src] = 1;
		free(source);
		if (ev_validate_record(r, on_ref_problem, im))
			goto done;
		if (ref->retracted)
			ev_warn("%s: the record says 'Retracted publication'; it is imported as study '%s' with status "
				"unverified (set its design, then its status)",
				where, ev_record_text(r, "key"));
	}
	int urc = ev_model_upsert(db, r, present, &change, &id, on_ref_problem, im);
	if (urc < 0) {
		im->problems++;
		rc = im->stop = 1;
		goto done;
	}
	if (urc > 0)
		goto done;
	if (ev_rowset_add(&im->seen[EV_STUDY], id)) {
		char msg[300];
		snprintf(msg, sizeof msg, "study '%s' appears more than once in this import; keep one record",
			 ev_record_text(r, "key"));
		ev_import_problem(im, im->cur->name, ref->start, NULL, msg);
		goto done;
	}
	im->counts[EV_STUDY][change]++;
	if (change == EV_ADDED)
		im->lib_added++;
done:
	ev_record_free(&old);
	return rc;
}

static int library_entry(void *ud, struct ev_bibentry *e)
{
	struct reader *rd = ud;
	rd->rows++;
	return import_entry(rd->im, e);
}

static void library_error(void *ud, long line, const char *field, const char *msg)
{
	struct reader *rd = ud;
	ev_import_problem(rd->im, rd->im->cur->name, line, field, msg);
}

/* Reads a RIS, BibTeX or CSL-JSON file through its reader, whole (a
 * library of ten thousand references is a few megabytes). */
static void read_library(struct import *im, struct file *f, struct reader *rd)
{
	static const char *const names[] = {[SRC_RIS] = "RIS", [SRC_BIBTEX] = "BibTeX", [SRC_CSLJSON] = "CSL-JSON"};
	long before = im->problems, n;
	{
		struct ev_buf text = EV_BUF_INIT;
		char buf[1 << 16];
		size_t got;
		while ((got = fread(buf, 1, sizeof buf, f->fp)) > 0)
			ev_buf_add(&text, buf, got);
		if (ferror(f->fp)) {
			char msg[160];
			snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
			ev_import_problem(im, f->name, 0, NULL, msg);
			ev_buf_free(&text);
			return;
		}
		if (f->src == SRC_BIBTEX)
			n = ev_bibtex_read(ev_buf_str(&text), text.len, f->name, library_entry, library_error, rd);
		else if (f->src == SRC_RIS)
			n = ev_ris_read(ev_buf_str(&text), text.len, library_entry, library_error, rd);
		else
			n = ev_csljson_read(ev_buf_str(&text), text.len, library_entry, library_error, rd);
		ev_buf_free(&text);
	}
	// cppcheck-suppress knownConditionTrueFalse ; the readers report problems through library_error
	if (n == 0 && !im->stop && im->problems == before) {
		char msg[120];
		snprintf(msg, sizeof msg, "there are no %s records in the file (an empty export?); nothing to import",
			 names[f->src]);
		ev_import_problem(im, f->name, 1, NULL, msg);
	}
}

/* ---- Retraction Watch -------------------------------------------------- */

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

/* Applies one notice to the study with the original paper's DOI or PMID:
 * the notice goes into its notes (once: a notice already there is
 * skipped), and a retraction sets its status. A study whose record could
 * not be retracted (an unverified one without a design) keeps its status
 * with a warning; the notes say why. History records both changes. */
static int rw_row(void *ud, const struct ev_csv_record *rec)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec;
	struct ev_rw_notice no;
	struct ev_study_match m;
	unsigned char present[EV_MAX_FIELDS] = {0};
	const char *value[EV_RW_COUNT] = {0}, *column = NULL;
	char msg[300], where[300], mark[64];
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
	int found = ev_model_study_by_ids(db, no.pmid, *no.doi ? no.doi : NULL, &m, on_rw_problem, im);
	if (found < 0)
		return im->stop = 1;
	if (found != 1) {
		if (found == 0)
			im->rw_unmatched++;
		return 0;
	}
	if (ev_model_read(db, EV_STUDY, m.id, r))
		return im->stop = 1;
	snprintf(where, sizeof where, "%s:%ld", f->name, rec->line);
	ev_rw_mark(&no, mark, sizeof mark);
	const char *old_notes = ev_record_text(r, "notes");
	if (old_notes && strstr(old_notes, mark)) {
		im->counts[EV_STUDY][EV_UNCHANGED]++;
		return 0;
	}
	char *note = ev_rw_note(&no);
	char *notes = old_notes ? ev_xasprintf("%s\n%s", old_notes, note) : ev_xstrdup(note);
	int ni = ev_field_index(EV_STUDY, "notes"), si = ev_field_index(EV_STUDY, "status"),
	    ki = ev_field_index(EV_STUDY, "key");
	ev_record_set_text(r, ni, notes, strlen(notes));
	present[ni] = present[ki] = 1;
	const char *status = ev_record_text(r, "status");
	if (no.nature == EV_RW_RETRACTION && status && strcmp(status, "retracted") != 0) {
		char was[16];
		snprintf(was, sizeof was, "%s", status);
		ev_record_set_text(r, si, "retracted", 9);
		if (ev_validate_record(r, ignore_problem, NULL)) {
			ev_record_set_text(r, si, was, strlen(was));
			ev_warn("%s: study '%s' is retracted (%s), but as an unverified record without a design or "
				"authors and year it cannot take that status; the notice is in its notes: curate it, "
				"then set its status",
				where, m.key, note);
		} else {
			present[si] = 1;
			ev_note("%s: study '%s' %s retracted (%s)", where, m.key, im->dry_run ? "would be" : "is now",
				note);
		}
	} else if (no.nature == EV_RW_RETRACTION) {
		ev_note("%s: study '%s' was retracted already; the notice %s its notes (%s)", where, m.key,
			im->dry_run ? "would go into" : "goes into", note);
	} else {
		ev_note("%s: study '%s': %s %s its notes, not a retraction (%s)", where, m.key, no.nature_text,
			im->dry_run ? "would be recorded in" : "recorded in", note);
	}
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

static void rw_error(void *ud, long line, int field, const char *msg)
{
	struct reader *rd = ud;
	struct file *f = rd->im->cur;
	int c = field >= 0 && field < f->ncols ? f->map[field] : -1;
	ev_import_problem(rd->im, f->name, line, c >= 0 ? ev_rw_columns[c] : NULL, msg);
}

static int process_file(struct import *im, struct file *f)
{
	struct reader rd = {im, 0, 0};
	im->cur = f;
	ev_progress_file(f->fp);
	if (fseek(f->fp, 0, SEEK_SET) != 0) {
		ev_import_problem(im, f->name, 0, NULL, strerror(errno));
		return -1;
	}
	im->kinds_seen[f->kind] = 1;
	if (f->src == SRC_MEDLINE) {
		read_medline(im, f, &rd);
		return 0;
	}
	if (ev_import_is_library(f->src)) {
		read_library(im, f, &rd);
		return 0;
	}
	int broken;
	if (f->src == SRC_CSV) {
		broken = ev_import_read_csv(&rd, f) != 0;
	} else {
		broken = ev_csv_read_stream(f->fp, f->delim, f->src == SRC_PUBMED ? pubmed_row : rw_row,
					    f->src == SRC_PUBMED ? pubmed_error : rw_error, &rd) != 0;
	}
	if (rd.rows == 0 && !broken && !im->stop && rd.header_done)
		ev_import_problem(im, f->name, im->line, NULL,
				  "there are no rows below the header (an empty export?); nothing to import");
	return 0;
}

/* ---- the command ----------------------------------------------------- */

enum { OPT_DRY_RUN = 0x2000, OPT_KIND };

static int on_opt(void *ud, int val, const char *arg)
{
	struct import *im = ud;
	switch (val) {
	case 'n':
	case OPT_DRY_RUN:
		im->dry_run = 1;
		return 0;
	case OPT_KIND: {
		if (strcmp(arg, "pubmed") == 0 || strcmp(arg, "medline") == 0) {
			im->forced_src = arg[0] == 'p' ? SRC_PUBMED : SRC_MEDLINE;
			return 0;
		}
		if (strcmp(arg, "retraction-watch") == 0) {
			im->forced_src = SRC_RETRACTION;
			return 0;
		}
		if (strcmp(arg, "ris") == 0 || strcmp(arg, "bibtex") == 0 || strcmp(arg, "csl-json") == 0) {
			im->forced_src = arg[0] == 'r' ? SRC_RIS : arg[0] == 'b' ? SRC_BIBTEX : SRC_CSLJSON;
			return 0;
		}
		int k = ev_kind_word(arg);
		if (k < 0) {
			static const char *const kinds[] = {"articles", "studies", "claims", "evidence", "pubmed", "medline", "ris", "bibtex", "csl-json", "retraction-watch"};
			const char *near = ev_suggest(arg, kinds, sizeof kinds / sizeof kinds[0]);
			return ev_usage_error(im->ctx,
					      "--kind: '%s' is not one of articles, studies, claims, evidence, pubmed, medline, ris, "
					      "bibtex, csl-json, retraction-watch%s%s%s",
					      arg, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		}
		im->forced_kind = k;
		return 0;
	}
	default:
		return EV_USAGE;
	}
}

static int by_kind(const void *a, const void *b)
{
	const struct file *x = a, *y = b;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return x->order - y->order;
}

static const struct option import_opts[] = {
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"kind", required_argument, NULL, OPT_KIND},
	{NULL, 0, NULL, 0},
};

static int init_import(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct import *im = state;
	(void)kind;
	(void)options;
	im->ctx = ctx;
	im->forced_kind = -1;
	im->forced_src = SRC_AUTO;
	return 0;
}

static void release_import(void *state)
{
	struct import *im = state;
	for (int i = 0; i < im->nfiles; i++)
		if (im->files[i].fp)
			fclose(im->files[i].fp);
	free(im->files);
	for (int k = 0; k < EV_KIND_COUNT; k++)
		ev_rowset_free(&im->seen[k]);
	ev_record_free(&im->rec);
	ev_neardup_free(&im->near);
	ev_keynext_free(&im->keys);
	ev_buf_free(&im->key);
	ev_buf_free(&im->asserts_claim);
	free(im->inc);
}

/* Before the database is opened: standard input named once at most, then
 * every file opened and its header read (a problem there is counted, and
 * reported before anything about the database), and the files put in
 * dependency order. 0, or EV_USAGE or EV_FAIL (reported). */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct import *im = state;
	int stdin_used = 0;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i], "-") == 0 && stdin_used++)
			return ev_usage_error(ctx, "standard input ('-') can be read only once");

	im->nfiles = a->n;
	im->files = ev_xcalloc((size_t)im->nfiles, sizeof *im->files);
	for (int i = 0; i < im->nfiles; i++) {
		struct file *f = &im->files[i];
		const char *path = a->v[i];
		f->order = i;
		if (strcmp(path, "-") == 0) {
			/* Spool standard input so it can be read twice (header
			 * first, to order the files) in constant memory. */
			f->name = "<stdin>";
			f->fp = tmpfile();
			if (f->fp) {
				char buf[1 << 16];
				size_t n;
				while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
					if (fwrite(buf, 1, n, f->fp) != n)
						break;
				if (ferror(stdin) || ferror(f->fp))
					return ev_error("cannot read standard input: %s", strerror(errno));
			}
		} else {
			f->name = path;
			f->fp = fopen(path, "rb");
		}
		if (!f->fp) {
			ev_import_problem(im, f->name, 0, NULL, strerror(errno));
			continue;
		}
		ev_import_read_header(im, f);
	}

	/* Rows of files whose header was understood are checked even when
	 * another file's header was not, so one run reports everything. */
	qsort(im->files, (size_t)im->nfiles, sizeof *im->files, by_kind);
	return 0;
}

/* The import itself, in its own transaction rather than main's (the entry
 * declares none): a dry run ends it by discarding the database, a new one
 * with it, and the counts are said only once the commit succeeded. */
static int cmd_import(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct import *im = state;
	(void)a;
	if (ev_db_begin(&ctx->db))
		return EV_FAIL;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		int e = ev_model_is_empty(&ctx->db, (enum ev_kind)k);
		if (e < 0)
			return EV_FAIL;
		im->was_empty[k] = e;
	}
	int64_t bytes = 0;
	for (int i = 0; i < im->nfiles; i++)
		bytes += im->files[i].ok ? ev_file_size(im->files[i].fp) : 0;
	ev_progress_begin("import", EV_PROGRESS_BYTES, bytes);
	/* Files come grouped by kind. A kind whose table was empty loads in
	 * bulk when all its files are our CSV (PubMed records are checked
	 * against the titles already loaded, which needs the title index). */
	for (int i = 0; i < im->nfiles && !im->stop;) {
		enum ev_kind kind = im->files[i].kind;
		int j = i, bulk = im->was_empty[kind];
		for (; j < im->nfiles && im->files[j].kind == kind; j++)
			bulk = bulk && im->files[j].src == SRC_CSV;
		struct ev_bulk b;
		if (bulk && ev_model_bulk_begin(&ctx->db, kind, &b)) {
			im->stop = 1;
			break;
		}
		for (; i < j && !im->stop; i++)
			if (im->files[i].ok)
				process_file(im, &im->files[i]);
		if (kind == EV_STUDY && !im->stop && ev_import_resolve_includes(im))
			im->stop = 1;
		if (bulk && (im->problems || im->stop))
			ev_model_bulk_abandon(&ctx->db, &b);
		else if (bulk && ev_model_bulk_end(&ctx->db, &b))
			im->stop = 1;
		i = j;
	}
	ev_progress_end();
	if (!im->problems && !im->stop && im->kinds_seen[EV_CLAIM] && ev_model_prune_topics(&ctx->db))
		im->stop = 1;

	if (im->problems || im->stop) {
		if (ctx->db_open)
			ev_db_rollback(&ctx->db);
		if (im->problems > MAX_REPORTED)
			ev_error("... and %ld more problems", im->problems - MAX_REPORTED);
		ev_error("nothing was imported: %ld problem%s", im->problems, im->problems == 1 ? "" : "s");
		return EV_FAIL;
	}
	if (im->dry_run) {
		/* A dry run leaves no trace, not even a new empty database. */
		ev_db_discard(&ctx->db);
		ctx->db_open = 0;
	} else if (ev_db_commit(&ctx->db))
		return EV_FAIL;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		if (!im->kinds_seen[k])
			continue;
		if (im->dry_run)
			ev_note("%s: %ld to add, %ld to update, %ld unchanged (dry run: nothing written)",
				ev_kind_plurals[k], im->counts[k][EV_ADDED], im->counts[k][EV_UPDATED],
				im->counts[k][EV_UNCHANGED]);
		else
			ev_note("%s: %ld added, %ld updated, %ld unchanged", ev_kind_plurals[k],
				im->counts[k][EV_ADDED], im->counts[k][EV_UPDATED], im->counts[k][EV_UNCHANGED]);
	}
	if (im->pm_duplicates)
		ev_note("%ld duplicate PubMed record%s skipped (the same publication twice, identical)", im->pm_duplicates,
			im->pm_duplicates == 1 ? "" : "s");
	if (im->pm_added && !im->dry_run)
		ev_note("%ld new stud%s from PubMed will not count toward any grade until curated (sample size, "
			"design, verification); list them with 'evidence studies --incomplete'",
			im->pm_added, im->pm_added == 1 ? "y" : "ies");
	if (im->rw_unmatched)
		ev_note("%ld Retraction Watch record%s name%s no study in the database", im->rw_unmatched,
			im->rw_unmatched == 1 ? "" : "s", im->rw_unmatched == 1 ? "s" : "");
	if (im->lib_added && !im->dry_run)
		ev_note("%ld new stud%s from reference manager libraries will not count toward any grade until "
			"curated (sample size, design, verification); list them with 'evidence studies --incomplete'",
			im->lib_added, im->lib_added == 1 ? "y" : "ies");
	return EV_OK;
}

const struct ev_cmd ev_cmd_import = {
	.name = "import",
	.summary = "load articles, studies, claims and evidence (CSV, PubMed, RIS, BibTeX, CSL-JSON, Retraction Watch)",
	.usage = "  evidence import [--dry-run] [--kind KIND] FILE...",
	.help = "Loads CSV files (FILE may be '-' for standard input; a file whose header is\n"
		"tab-separated is read as TSV, as 'export --format tsv' writes it). The kind of\n"
		"each file is recognised from its header, or given with --kind (articles, studies, claims,\n"
		"evidence). Files may come in any order: they are applied articles, studies,\n"
		"claims, then evidence, in one transaction. Rows are matched by key (links by\n"
		"claim, study and outcome): new rows are added, changed ones updated, columns\n"
		"missing from a file are left as they were. Every problem is reported as\n"
		"FILE:LINE: COLUMN: what is wrong, and any problem means nothing is written.\n"
		"--dry-run shows each field an update would change, old and new; a real import\n"
		"warns where it empties a field or replaces text with shorter text.\n"
		"\n"
		"PubMed's exports are studies too (recognised, or --kind pubmed / medline): the\n"
		"\"Save as CSV\" file and the MEDLINE format (.nbib, .txt). A record whose PMID or\n"
		"DOI is in the database updates that study's title, authors, journal, year,\n"
		"volume, issue, pages, DOI and PMID, and nothing it does not have or that was\n"
		"curated (every changed field said on stderr, a longer author list kept); any\n"
		"other record becomes a new unverified study keyed by first author\n"
		"and year (knapen-2015, then knapen-2015-b ...). See 'evidence studies\n"
		"--incomplete' for what needs curating, and docs/pubmed.md.\n"
		"\n"
		"Reference manager libraries are studies too (recognised, or --kind ris, bibtex,\n"
		"csl-json): RIS, BibTeX or BibLaTeX, and CSL-JSON, as Zotero, EndNote, JabRef,\n"
		"Mendeley and 'evidence export' write them. A record matches a study by DOI, then\n"
		"PMID, then as a near-duplicate (same first author and year, nearly the same\n"
		"title); a match gets the record's bibliography, every changed field said on\n"
		"stderr, and keeps a longer author list than the record's. Other records become\n"
		"unverified studies keyed by their citation key when it is a valid free key, else\n"
		"by first author and year. See docs/export.md.\n"
		"\n"
		"The Retraction Watch data set's CSV (recognised, or --kind retraction-watch)\n"
		"marks the study with each notice's OriginalPaperDOI or OriginalPaperPubMedID:\n"
		"a retraction sets its status to retracted, and every notice (corrections and\n"
		"expressions of concern too, which do not retract) goes into its notes with its\n"
		"date and reasons, once. Notices about studies not in the database are counted.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run        check everything and report what would change; write nothing\n"
		"  --kind KIND          treat every FILE as KIND instead of guessing: articles,\n"
		"                       studies, claims, evidence, pubmed (CSV), medline, ris,\n"
		"                       bibtex, csl-json or retraction-watch\n"
		"\n"
		"Examples:\n"
		"  evidence import studies/*.csv\n"
		"  evidence import --dry-run --kind studies new-trials.csv\n"
		"  evidence import pubmed-vitaminK-set.csv pubmed-vitaminK-set.nbib\n"
		"  evidence import --dry-run zotero-library.ris\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.options = import_opts,
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct import),
	.init = init_import,
	.release = release_import,
	.min_operands = 1,
	.max_operands = -1,
	.missing = "no files to import",
	.check = check,
	.run = cmd_import,
};
