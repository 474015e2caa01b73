/*
 * model_pubmed.c: looking up studies by PubMed's identifiers.
 *
 * PMID and DOI are both unique in the schema, so each names at most one
 * study; the import trusts them over keys and titles, which people edit.
 * When the two disagree (the PMID is one study, the DOI another) nothing
 * is guessed: the record is refused with both keys named, because merging
 * or overwriting either study could lose curated facts.
 */
#include "model_pubmed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "pubmed.h"

static void fill(struct ev_study_match *m, sqlite3_stmt *st)
{
	const char *key = ev_col_text(st, 1), *status = ev_col_text(st, 3), *doi = ev_col_text(st, 4);
	m->id = sqlite3_column_int64(st, 0);
	snprintf(m->key, sizeof m->key, "%s", key ? key : "");
	snprintf(m->status, sizeof m->status, "%s", status ? status : "");
	m->doi = doi ? ev_xstrdup(doi) : NULL;
}

void ev_study_match_free(struct ev_study_match *m)
{
	free(m->doi);
	memset(m, 0, sizeof *m);
}

int ev_model_study_by_ids(struct ev_db *db, int64_t pmid, const char *doi, struct ev_study_match *m,
			  ev_problem_fn problem, void *ud)
{
	static const char by_pmid[] = "SELECT id, key, doi, status, doi FROM studies WHERE pmid = ?1";
	static const char by_doi[] = "SELECT id, key, pmid, status, doi FROM studies WHERE doi = ?1";
	struct ev_study_match a = {0}, b = {0};
	int64_t doi_pmid = 0;
	int rc, result = -1;
	sqlite3_stmt *st;
	memset(m, 0, sizeof *m);
	if (pmid > 0) {
		if (!(st = ev_db_stmt(db, by_pmid)))
			return -1;
		sqlite3_bind_int64(st, 1, pmid);
		rc = ev_db_step(db, st, "looking up a PMID");
		if (rc == SQLITE_ROW)
			fill(&a, st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto fail;
	}
	if (doi && *doi) {
		if (!(st = ev_db_stmt(db, by_doi)))
			goto fail;
		sqlite3_bind_text(st, 1, doi, -1, SQLITE_STATIC);
		rc = ev_db_step(db, st, "looking up a DOI");
		if (rc == SQLITE_ROW) {
			fill(&b, st);
			doi_pmid = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto fail;
	}
	/* The messages quote the DOI whole: its suffix has no length limit. */
	if (a.id && b.id && a.id != b.id) {
		char *msg = ev_xasprintf("'%s' is recorded for study '%s', but PMID %lld is study '%s'; correct or merge "
					 "those two studies first",
					 doi, b.key, (long long)pmid, a.key);
		problem(ud, "doi", msg);
		free(msg);
		result = 2;
	} else if (!a.id && b.id && pmid > 0 && doi_pmid > 0 && doi_pmid != pmid) {
		char *msg = ev_xasprintf("'%s' is recorded for study '%s' with PMID %lld, not %lld; is one of them a "
					 "different publication with the same DOI?",
					 doi, b.key, (long long)doi_pmid, (long long)pmid);
		problem(ud, "doi", msg);
		free(msg);
		result = 2;
	} else if (a.id || b.id) {
		/* The match taken is handed over; the other is freed below. */
		if (a.id) {
			*m = a;
			a = (struct ev_study_match){0};
		} else {
			*m = b;
			b = (struct ev_study_match){0};
		}
		result = 1;
	} else {
		result = 0;
	}
fail:
	ev_study_match_free(&a);
	ev_study_match_free(&b);
	return result;
}

int ev_model_free_key(struct ev_db *db, const char *base, struct ev_buf *key, int *collided, unsigned *from)
{
	*collided = *from > 0;
	for (unsigned n = *from;; n++) {
		int64_t id;
		ev_key_candidate(key, base, n);
		int rc = ev_model_find(db, EV_STUDY, ev_buf_str(key), &id);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			*from = n + 1;
			return 0;
		}
		*collided = 1;
	}
}

int ev_model_same_title(struct ev_db *db, const char *title, int64_t year, int64_t self, struct ev_buf *key)
{
	/* The first term is the expression of the index studies_title
	 * (schema/011, 012: the title's first 48 characters), so this is a lookup,
	 * not a scan, for every record of a large import; the whole title is
	 * compared on the few rows it finds. Ordered by id, the order of the
	 * index's entries for one prefix and year, so the first row ends it:
	 * ordered by key, every study with that title was read and sorted
	 * each time, and 20,000 records of one title took minutes. */
	static const char sql[] = "SELECT key FROM studies WHERE lower(substr(rtrim(title, '.'), 1, 48)) = "
				  "lower(substr(rtrim(?1, '.'), 1, 48)) AND year IS ?2 "
				  "AND lower(rtrim(title, '.')) = lower(rtrim(?1, '.')) AND id IS NOT ?3 ORDER BY id LIMIT 1";
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
	if (year)
		sqlite3_bind_int64(st, 2, year);
	sqlite3_bind_int64(st, 3, self);
	int rc = ev_db_step(db, st, "looking for a duplicate title");
	if (rc == SQLITE_ROW) {
		ev_buf_reset(key);
		ev_buf_adds(key, ev_col_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
