/*
 * cmd_import_refs.c: bibliographic records from outside, as `evidence
 * import` reads them: PubMed's exports (the "Save as CSV" file and the
 * MEDLINE format; pubmed.c, medline.c) and reference manager libraries
 * (RIS, BibTeX, CSL-JSON; refmgr.h). Each record, a struct ev_ref, either
 * updates the bibliography of the study it matches, field by field and
 * every change said, or becomes a new unverified study with a key of its
 * own (docs/pubmed.md). A PubMed record matches by PMID or DOI; a
 * library's also as a near-duplicate or by the same title and year, and
 * is keyed by its citation key when that is a free valid key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_import.h"
#include "csvio.h"
#include "keynext.h"
#include "medline.h"
#include "model.h"
#include "model_curate.h"
#include "model_pubmed.h"
#include "names.h"
#include "progress.h"
#include "pubmed.h"
#include "refmgr.h"
#include "rowset.h"
#include "util.h"
#include "validate.h"

/* ev_problem_fn for the record being imported (im->ref), PubMed's or a
 * library's: names the field as the file does ("PMID", "Citation", "TI",
 * "title") and, where the reader knows it, the line of its tag. */
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

/* The number of names in an author list; *et_al: whether it ends in "et al.". */
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
	char a[64], b[64]; /* ev_value_format writes numbers only here; text is returned, not copied */
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

/* ---- PubMed records ---------------------------------------------------- */

/* Imports one PubMed record: the study with its PMID or DOI gets the
 * record's bibliographic fields (and keeps everything curated); a record
 * that matches none becomes a new unverified study. The study found is
 * left in *m (import_ref frees it); messages start with `where`. Returns
 * nonzero to stop reading (a database error). */
static int import_ref_at(struct import *im, const struct ev_ref *ref, struct ev_study_match *m, const char *where)
{
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec;
	unsigned char present[EV_MAX_FIELDS];
	int64_t id;
	enum ev_change change;
	if (!ref->value[EV_REF_PMID]) {
		/* Every PubMed record has one; without it the row is not what it
		 * claims to be (a record added by hand belongs in a studies file). */
		on_ref_problem(im, "pmid", "a value is required (every PubMed record has one)");
		return 0;
	}
	if (ev_ref_to_record(ref, r, present, on_ref_problem, im))
		return 0;
	const struct ev_value *pmid = ev_record_get(r, "pmid");
	int found = ev_model_study_by_ids(db, pmid->type == EV_V_INT ? pmid->i : 0, ev_record_text(r, "doi"), m,
					  on_ref_problem, im);
	if (found < 0)
		return im->stop = 1;
	if (found == 2)
		return 0;
	int key = ev_field_index(EV_STUDY, "key");
	if (found) {
		ev_record_set_text(r, key, m->key, strlen(m->key));
		present[key] = 1;
		/* DOIs are case-insensitive: a different case is no change. */
		const char *doi = ev_record_text(r, "doi");
		if (doi && m->doi && strcasecmp(doi, m->doi) == 0)
			present[ev_field_index(EV_STUDY, "doi")] = 0;
		/* Field by field against the curated record, as a library's
		 * records are: every change said, a longer author list kept
		 * (not against a record this import wrote: a second copy of
		 * one publication is refused below). */
		if (!ev_rowset_has(&im->seen[EV_STUDY], m->id)) {
			struct ev_record old = {0};
			if (ev_model_read(db, EV_STUDY, m->id, &old)) {
				ev_record_free(&old);
				return im->stop = 1;
			}
			compare_study(im, r, present, &old, where);
			ev_record_free(&old);
		}
		if (ref->retracted && strcmp(m->status, "retracted") != 0)
			ev_warn("%s: PubMed marks PMID %s as a retracted publication, but study '%s' is %s; "
				"check it and set its status",
				where, ref->value[EV_REF_PMID], m->key, m->status);
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
		/* Owned: the PMID as the file writes it, which may have any
		 * number of leading zeros. */
		char *msg;
		if (ref->value[EV_REF_PMID])
			msg = ev_xasprintf("PMID %s appears more than once in this import, with different details (study "
					   "'%s'); keep one record",
					   ref->value[EV_REF_PMID], ev_record_text(r, "key"));
		else
			msg = ev_xasprintf("study '%s' appears more than once in this import, with different details; keep "
					   "one record",
					   ev_record_text(r, "key"));
		ev_import_problem(im, im->cur->name, ref->start, NULL, msg);
		free(msg);
		return 0;
	}
	im->counts[EV_STUDY][change]++;
	if (change == EV_ADDED)
		im->pm_added++;
	return 0;
}

/* import_ref_at with the record's place ("FILE:LINE", the file's name
 * whole however long its path) and the study it matches, both freed here. */
static int import_ref(struct import *im, const struct ev_ref *ref)
{
	struct ev_study_match m = {0};
	im->ref = ref;
	im->line = ref->start;
	char *where = ev_xasprintf("%s:%ld", im->cur->name, ref->start);
	int stop = import_ref_at(im, ref, &m, where);
	ev_study_match_free(&m);
	free(where);
	return stop;
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
	int c = ev_import_mapped(f, field);
	ev_import_problem(rd->im, f->name, line, c >= 0 ? ev_pubmed_columns[c] : NULL, msg);
}

int ev_import_read_pubmed(struct reader *rd, struct file *f)
{
	return ev_csv_read_stream(f->fp, f->delim, pubmed_row, pubmed_error, rd);
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

void ev_import_read_medline(struct reader *rd, struct file *f)
{
	struct import *im = rd->im;
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
	char key[128]; /* a key: at most 100 bytes */
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

/* Imports one record of a library: the study with its DOI, else its PMID,
 * else a near-duplicate (same first author and year, nearly the same
 * title), else the same title and year, gets the record's bibliography,
 * field by field as
 * compare_study allows; any other record becomes a new unverified study,
 * keyed by its citation key when that is a free valid key. The study
 * found is left in *m (import_entry frees it); messages start with
 * `where`. Returns nonzero to stop reading. */
static int import_entry_at(struct import *im, struct ev_bibentry *e, struct ev_study_match *m, const char *where)
{
	struct ev_db *db = &im->ctx->db;
	struct ev_record *r = &im->rec, old = {0};
	const struct ev_ref *ref = &e->ref;
	unsigned char present[EV_MAX_FIELDS];
	int64_t id;
	enum ev_change change;
	int rc = 0;
	if (ev_ref_to_record(ref, r, present, on_ref_problem, im))
		return 0;
	const struct ev_value *pmid = ev_record_get(r, "pmid");
	const char *doi = ev_record_text(r, "doi");
	/* By DOI or PMID (either finds the study; when they name two
	 * different studies the record is refused, naming both). */
	int found = ev_model_study_by_ids(db, pmid->type == EV_V_INT ? pmid->i : 0, doi, m, on_ref_problem, im);
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
			ev_study_match_free(m);
			m->id = tid;
			snprintf(m->key, sizeof m->key, "%s", t.key);
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
			ev_study_match_free(m);
			m->id = tid;
			snprintf(m->key, sizeof m->key, "%s", ev_buf_str(&twin));
			found = 1;
		}
		ev_buf_free(&twin);
		if (rc2 < 0)
			return im->stop = 1;
	}
	if (found) {
		if (ev_model_read(db, EV_STUDY, m->id, &old)) {
			rc = im->stop = 1;
			goto done;
		}
		ev_record_set_text(r, keyi, m->key, strlen(m->key));
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
				where, m->key, status);
	} else {
		const struct ev_value *year = ev_record_get(r, "year");
		int collided;
		char *base = NULL;
		if (e->key) {
			struct ev_record k = {0};
			ev_record_reset(&k, EV_STUDY);
			if (ev_validate_field(&k, keyi, e->key, strlen(e->key), ev_import_ignore_problem, NULL) == 0)
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
		char msg[300]; /* a key: at most 100 bytes */
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

/* import_entry_at with the record's place ("FILE:LINE", the file's name
 * whole however long its path) and the study it matches, both freed here. */
static int import_entry(struct import *im, struct ev_bibentry *e)
{
	struct ev_study_match m = {0};
	im->ref = &e->ref;
	im->line = e->ref.start;
	ev_progress_row();
	char *where = ev_xasprintf("%s:%ld", im->cur->name, e->ref.start);
	int stop = import_entry_at(im, e, &m, where);
	ev_study_match_free(&m);
	free(where);
	return stop;
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

/* A library is read whole (ten thousand references are a few megabytes). */
void ev_import_read_library(struct reader *rd, struct file *f)
{
	struct import *im = rd->im;
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
