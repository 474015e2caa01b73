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
 * near-duplicate.
 *
 * PubMed's exports (the "Save as CSV" file and the MEDLINE format) import
 * as studies through the same transaction and messages: pubmed.c and
 * medline.c parse them, and each record either updates the bibliography
 * of the study with its PMID or DOI, or becomes a new unverified study
 * with a key made from its first author and year (docs/pubmed.md).
 *
 * This file is the command: its options, the files opened and their
 * headers read before the database is (check), the files put in order,
 * the bulk load of an empty table, the transaction and the counts at the
 * end. Each kind of file is read in a file of its own, all sharing
 * cmd_import.h: cmd_import_header.c tells what a file holds,
 * cmd_import_rows.c imports our CSV formats, cmd_import_refs.c PubMed's
 * exports and the libraries, cmd_import_retraction.c the Retraction Watch
 * data set.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_import.h"
#include "model.h"
#include "progress.h"
#include "util.h"
#include "validate.h"

/* Past this many messages the rest are counted, not printed. */
#define MAX_REPORTED 1000

int ev_import_mapped(const struct file *f, int field)
{
	return field >= 0 && field < f->ncols ? f->map[field] : -1;
}

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

void ev_import_ignore_problem(void *ud, const char *column, const char *msg)
{
	(void)ud;
	(void)column;
	(void)msg;
}

/* Reads f, whose header was understood, through the reader of what it
 * holds; a CSV file with a header and no rows is a problem. Returns 0, or
 * -1 when f cannot be rewound (reported). */
static int process_file(struct import *im, struct file *f)
{
	struct reader rd = {im, 0, 0, 0};
	im->cur = f;
	ev_progress_file(f->fp);
	if (fseek(f->fp, 0, SEEK_SET) != 0) {
		ev_import_problem(im, f->name, 0, NULL, strerror(errno));
		return -1;
	}
	im->kinds_seen[f->kind] = 1;
	if (f->src == SRC_MEDLINE) {
		ev_import_read_medline(&rd, f);
		return 0;
	}
	if (ev_import_is_library(f->src)) {
		ev_import_read_library(&rd, f);
		return 0;
	}
	int broken;
	if (f->src == SRC_CSV)
		broken = ev_import_read_csv(&rd, f) != 0;
	else if (f->src == SRC_PUBMED)
		broken = ev_import_read_pubmed(&rd, f) != 0;
	else
		broken = ev_import_read_retraction(&rd, f) != 0;
	if (rd.rows == 0 && !broken && !im->stop && rd.header_done)
		ev_import_problem(im, f->name, im->line, NULL,
				  "there are no rows below the header (an empty export?); nothing to import");
	return 0;
}

enum { OPT_DRY_RUN = 0x2000, OPT_KIND };

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
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
			return ev_usage_error(ctx,
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
	.access = EV_DB_LOAD,
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
