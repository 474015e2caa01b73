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
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "model.h"
#include "util.h"
#include "validate.h"

/* Past this many messages the rest are counted, not printed. */
#define MAX_REPORTED 1000

/* ---- which rows this import has touched ------------------------------ */

/* A set of row ids, as a bitmap in 64 Ki-row chunks found by hashing:
 * a million rows cost 128 KiB, and sparse ids cost nothing in between.
 * Used to catch a key given twice in one import, which the upsert alone
 * would silently take as an update. */
#define CHUNK_SHIFT 16
#define CHUNK_WORDS ((1u << CHUNK_SHIFT) / 64)

struct rowset {
	int64_t *keys;    /* chunk number + 1, 0 = empty slot */
	uint64_t **bits;
	size_t cap, used;
};

static uint64_t **rowset_slot(struct rowset *s, int64_t chunk)
{
	size_t mask = s->cap - 1, i = (size_t)((uint64_t)chunk * 0x9E3779B97F4A7C15ull >> 20) & mask;
	while (s->keys[i] && s->keys[i] != chunk + 1)
		i = (i + 1) & mask;
	if (!s->keys[i]) {
		s->keys[i] = chunk + 1;
		s->bits[i] = ev_xcalloc(CHUNK_WORDS, sizeof(uint64_t));
		s->used++;
	}
	return &s->bits[i];
}

static void rowset_grow(struct rowset *s)
{
	struct rowset old = *s;
	s->cap = old.cap ? old.cap * 2 : 64;
	s->keys = ev_xcalloc(s->cap, sizeof *s->keys);
	s->bits = ev_xcalloc(s->cap, sizeof *s->bits);
	s->used = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t mask = s->cap - 1,
			       j = (size_t)((uint64_t)(old.keys[i] - 1) * 0x9E3779B97F4A7C15ull >> 20) & mask;
			while (s->keys[j])
				j = (j + 1) & mask;
			s->keys[j] = old.keys[i];
			s->bits[j] = old.bits[i];
			s->used++;
		}
	free(old.keys);
	free(old.bits);
}

/* Adds id; returns 1 when it was already there. */
static int rowset_add(struct rowset *s, int64_t id)
{
	if ((s->used + 1) * 2 > s->cap)
		rowset_grow(s);
	uint64_t *bits = *rowset_slot(s, id >> CHUNK_SHIFT);
	uint64_t bit = (uint64_t)1 << (id & 63);
	size_t word = (size_t)(id & ((1 << CHUNK_SHIFT) - 1)) >> 6;
	int had = (bits[word] & bit) != 0;
	bits[word] |= bit;
	return had;
}

static void rowset_free(struct rowset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->bits[i]);
	free(s->keys);
	free(s->bits);
	memset(s, 0, sizeof *s);
}

/* ---- files and their headers ---------------------------------------- */

struct file {
	const char *name;      /* as given ("-" shown as "<stdin>") */
	FILE *fp;              /* open for the whole import */
	enum ev_kind kind;
	int ok;                /* header understood */
	int ncols;
	int map[EV_CSV_MAX_FIELDS]; /* CSV column -> field index (-1: none) */
	unsigned char present[EV_MAX_FIELDS];
	int order;             /* position on the command line (stable sort) */
};

struct import {
	struct ev_ctx *ctx;
	struct file *files;
	int nfiles;
	int dry_run;
	int forced_kind;       /* -1 unless --kind */
	long problems;
	/* the current file and record, for messages */
	struct file *cur;
	long line;
	struct ev_record rec;
	struct rowset seen[EV_KIND_COUNT];
	long counts[EV_KIND_COUNT][3];
	int kinds_seen[EV_KIND_COUNT];
	int stop;              /* a database error: give up */
};

static void problem_at(struct import *im, const char *file, long line, const char *column, const char *msg)
{
	im->problems++;
	if (im->problems > MAX_REPORTED)
		return;
	if (column)
		ev_error("%s:%ld: %s: %s", file, line, column, msg);
	else
		ev_error("%s:%ld: %s", file, line, msg);
}

/* ev_problem_fn for the current record. */
static void on_problem(void *ud, const char *column, const char *msg)
{
	struct import *im = ud;
	problem_at(im, im->cur->name, im->line, column, msg);
}

struct header_probe {
	struct import *im;
	struct file *f;
	int got;
	long line;
	int n;
	char **names;
};

static int probe_row(void *ud, const struct ev_csv_record *rec)
{
	struct header_probe *p = ud;
	p->got = 1;
	p->line = rec->line;
	p->n = rec->nfields;
	p->names = ev_xcalloc((size_t)rec->nfields, sizeof *p->names);
	for (int i = 0; i < rec->nfields; i++)
		p->names[i] = ev_xstrndup(rec->field[i], rec->len[i]);
	return 1; /* the header is all we want here */
}

static void probe_error(void *ud, long line, int field, const char *msg)
{
	struct header_probe *p = ud;
	(void)field;
	problem_at(p->im, p->f->name, line, NULL, msg);
}

/* How well a header fits a kind: each known column counts for it, each
 * unknown column (which would be an error) counts more against it, and a
 * missing required column a little: so "key,title,authors,year" is taken
 * for a studies file missing 'design', not an articles file with two
 * unknown columns. Returns the score (higher is better) and the number of
 * missing required columns. */
static int fit(enum ev_kind kind, char **names, int n, int *missing)
{
	int nf, known = 0;
	const struct ev_field *f = ev_fields(kind, &nf);
	*missing = 0;
	for (int i = 0; i < nf; i++) {
		int found = 0;
		for (int j = 0; j < n && !found; j++)
			found = strcmp(names[j], f[i].name) == 0;
		if (found)
			known++;
		else if (f[i].flags & (EV_REQUIRED | EV_REQUIRED_VERIFIED))
			(*missing)++;
	}
	return known * 2 - (n - known) * 3 - *missing;
}

static int read_header(struct import *im, struct file *f)
{
	struct header_probe p = {im, f, 0, 0, 0, NULL};
	long before = im->problems;
	rewind(f->fp);
	ev_csv_read_stream(f->fp, ',', probe_row, probe_error, &p);
	/* probe_error counts problems through p.im, which cppcheck does not see. */
	// cppcheck-suppress knownConditionTrueFalse
	if (im->problems > before)
		goto done;
	if (!p.got) {
		problem_at(im, f->name, 1, NULL, "the file is empty; a header row naming the columns is required");
		goto done;
	}
	if (p.n > EV_MAX_FIELDS * 2) {
		char m[96];
		snprintf(m, sizeof m, "the header has %d columns; no format has more than %d", p.n, EV_MAX_FIELDS);
		problem_at(im, f->name, p.line, NULL, m);
		goto done;
	}

	/* The kind: forced, or the best-fitting format. */
	int best = -1, best_score = -1000000;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		int missing, score = fit((enum ev_kind)k, p.names, p.n, &missing);
		if (im->forced_kind >= 0 && k != im->forced_kind)
			continue;
		if (best < 0 || score > best_score) {
			best = k;
			best_score = score;
		}
	}
	f->kind = (enum ev_kind)best;
	if (im->forced_kind < 0 && best_score <= 0) {
		problem_at(im, f->name, p.line, NULL,
			   "cannot tell what this file holds: its header matches none of the articles, studies, "
			   "claims or evidence formats (see 'evidence import --help', or give --kind)");
		goto done;
	}

	int nf;
	const struct ev_field *fields = ev_fields(f->kind, &nf);
	const char *names[EV_MAX_FIELDS];
	for (int i = 0; i < nf; i++)
		names[i] = fields[i].name;
	int bad = 0;
	f->ncols = p.n;
	memset(f->present, 0, sizeof f->present);
	for (int j = 0; j < p.n; j++) {
		int idx = ev_field_index(f->kind, p.names[j]);
		f->map[j] = idx;
		if (idx < 0) {
			const char *near = ev_suggest(p.names[j], names, (size_t)nf);
			char m[400], shown[64];
			snprintf(shown, sizeof shown, "%.40s%s", p.names[j], strlen(p.names[j]) > 40 ? "..." : "");
			if (!*p.names[j])
				snprintf(m, sizeof m, "column %d has no name", j + 1);
			else if (near)
				snprintf(m, sizeof m, "unknown column '%s' for %s; did you mean '%s'?", shown,
					 ev_kind_plurals[f->kind], near);
			else
				snprintf(m, sizeof m, "unknown column '%s' for %s", shown, ev_kind_plurals[f->kind]);
			problem_at(im, f->name, p.line, NULL, m);
			bad = 1;
		} else if (f->present[idx]) {
			char m[160];
			snprintf(m, sizeof m, "column '%s' appears twice in the header", p.names[j]);
			problem_at(im, f->name, p.line, NULL, m);
			bad = 1;
		} else {
			f->present[idx] = 1;
		}
	}
	for (int i = 0; i < nf; i++)
		if (!f->present[i] && (fields[i].flags & (EV_REQUIRED | EV_REQUIRED_VERIFIED))) {
			char m[160];
			snprintf(m, sizeof m, "missing column '%s', which %s require", fields[i].name,
				 ev_kind_plurals[f->kind]);
			problem_at(im, f->name, p.line, NULL, m);
			bad = 1;
		}
	f->ok = !bad;
done:
	for (int i = 0; i < p.n; i++)
		free(p.names[i]);
	free(p.names);
	return 0;
}

/* ---- rows ------------------------------------------------------------- */

struct reader {
	struct import *im;
	int header_done;
	long rows;
};

static int process_row(void *ud, const struct ev_csv_record *rec)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	struct ev_record *r = &im->rec;
	im->line = rec->line;
	if (!rd->header_done) {
		rd->header_done = 1;
		return 0;
	}
	rd->rows++;
	if (rec->nfields != f->ncols) {
		char m[160];
		snprintf(m, sizeof m, "the row has %d field%s but the header has %d%s", rec->nfields,
			 rec->nfields == 1 ? "" : "s", f->ncols,
			 rec->nfields > f->ncols ? " (an unquoted comma?)" : "");
		problem_at(im, f->name, rec->line, NULL, m);
		return 0;
	}
	ev_record_reset(r, f->kind);
	int bad = 0;
	for (int j = 0; j < rec->nfields; j++)
		if (ev_validate_field(r, f->map[j], rec->field[j], rec->len[j], on_problem, im))
			bad = 1;
	if (bad)
		return 0;
	if (ev_validate_record(r, on_problem, im))
		return 0;

	enum ev_change change;
	int64_t id;
	int rc = ev_model_upsert(&im->ctx->db, r, f->present, &change, &id, on_problem, im);
	if (rc < 0) {
		im->problems++;
		im->stop = 1;
		return 1;
	}
	if (rc > 0)
		return 0;
	if (rowset_add(&im->seen[f->kind], id)) {
		char m[300];
		if (f->kind == EV_LINK)
			snprintf(m, sizeof m, "the link %s -> %s%s%s appears more than once in this import",
				 ev_record_text(r, "claim"), ev_record_text(r, "study"),
				 ev_record_text(r, "outcome") ? " for outcome " : "",
				 ev_record_text(r, "outcome") ? ev_record_text(r, "outcome") : "");
		else
			snprintf(m, sizeof m, "'%s' appears more than once in this import", ev_record_text(r, "key"));
		problem_at(im, f->name, rec->line, f->kind == EV_LINK ? NULL : "key", m);
		return 0;
	}
	im->counts[f->kind][change]++;
	return 0;
}

static void process_error(void *ud, long line, int field, const char *msg)
{
	struct reader *rd = ud;
	struct import *im = rd->im;
	struct file *f = im->cur;
	int idx = field >= 0 && field < f->ncols ? f->map[field] : -1;
	int nf;
	const struct ev_field *fields = ev_fields(f->kind, &nf);
	problem_at(im, f->name, line, idx >= 0 ? fields[idx].name : NULL, msg);
}

static int process_file(struct import *im, struct file *f)
{
	struct reader rd = {im, 0, 0};
	im->cur = f;
	if (fseek(f->fp, 0, SEEK_SET) != 0) {
		problem_at(im, f->name, 0, NULL, strerror(errno));
		return -1;
	}
	int broken = ev_csv_read_stream(f->fp, ',', process_row, process_error, &rd) != 0;
	if (rd.rows == 0 && !broken && !im->stop && rd.header_done)
		problem_at(im, f->name, im->line, NULL,
			   "there are no rows below the header (an empty export?); nothing to import");
	im->kinds_seen[f->kind] = 1;
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
		int k = ev_lookup(ev_kind_plurals, arg);
		if (k < 0)
			k = ev_lookup(ev_kind_names, arg);
		if (k < 0 && strcmp(arg, "links") == 0)
			k = EV_LINK;
		if (k < 0)
			return ev_usage_error(im->ctx, "--kind: '%s' is not one of articles, studies, claims, evidence",
					      arg);
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

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"kind", required_argument, NULL, OPT_KIND},
		{NULL, 0, NULL, 0},
	};
	struct import im;
	int first, rc = EV_FAIL, stdin_used = 0;
	memset(&im, 0, sizeof im);
	im.ctx = ctx;
	im.forced_kind = -1;
	if (ev_cli_parse(ctx, argc, argv, "n", opts, on_opt, &im, &first))
		return EV_USAGE;
	if (first >= argc)
		return ev_usage_error(ctx, "no files to import");
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && stdin_used++)
			return ev_usage_error(ctx, "standard input ('-') can be read only once");

	im.nfiles = argc - first;
	im.files = ev_xcalloc((size_t)im.nfiles, sizeof *im.files);
	for (int i = 0; i < im.nfiles; i++) {
		struct file *f = &im.files[i];
		const char *path = argv[first + i];
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
				if (ferror(stdin) || ferror(f->fp)) {
					ev_error("cannot read standard input: %s", strerror(errno));
					goto done;
				}
			}
		} else {
			f->name = path;
			f->fp = fopen(path, "rb");
		}
		if (!f->fp) {
			problem_at(&im, f->name, 0, NULL, strerror(errno));
			continue;
		}
		read_header(&im, f);
	}

	/* Rows of files whose header was understood are checked even when
	 * another file's header was not, so one run reports everything. */
	qsort(im.files, (size_t)im.nfiles, sizeof *im.files, by_kind);
	if (ev_cli_open(ctx))
		goto done;
	if (ev_db_begin(&ctx->db))
		goto done;
	for (int i = 0; i < im.nfiles && !im.stop; i++)
		if (im.files[i].ok)
			process_file(&im, &im.files[i]);
	if (!im.problems && !im.stop && im.kinds_seen[EV_CLAIM] && ev_model_prune_topics(&ctx->db))
		im.stop = 1;

	if (im.problems || im.stop) {
		if (ctx->db_open)
			ev_db_rollback(&ctx->db);
		if (im.problems > MAX_REPORTED)
			ev_error("... and %ld more problems", im.problems - MAX_REPORTED);
		ev_error("nothing was imported: %ld problem%s", im.problems, im.problems == 1 ? "" : "s");
		goto done;
	}
	if (im.dry_run) {
		/* A dry run leaves no trace, not even a new empty database. */
		ev_db_discard(&ctx->db);
		ctx->db_open = 0;
	} else if (ev_db_commit(&ctx->db))
		goto done;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		if (!im.kinds_seen[k])
			continue;
		if (im.dry_run)
			ev_note("%s: %ld to add, %ld to update, %ld unchanged (dry run: nothing written)",
				ev_kind_plurals[k], im.counts[k][EV_ADDED], im.counts[k][EV_UPDATED],
				im.counts[k][EV_UNCHANGED]);
		else
			ev_note("%s: %ld added, %ld updated, %ld unchanged", ev_kind_plurals[k],
				im.counts[k][EV_ADDED], im.counts[k][EV_UPDATED], im.counts[k][EV_UNCHANGED]);
	}
	rc = EV_OK;
done:
	for (int i = 0; i < im.nfiles; i++)
		if (im.files[i].fp)
			fclose(im.files[i].fp);
	free(im.files);
	for (int k = 0; k < EV_KIND_COUNT; k++)
		rowset_free(&im.seen[k]);
	ev_record_free(&im.rec);
	return rc;
}

const struct ev_cmd ev_cmd_import = {
	.name = "import",
	.summary = "load articles, studies, claims and evidence from CSV files",
	.usage = "  evidence import [--dry-run] [--kind KIND] FILE...",
	.help = "Loads CSV files (FILE may be '-' for standard input). The kind of each file is\n"
		"recognised from its header, or given with --kind (articles, studies, claims,\n"
		"evidence). Files may come in any order: they are applied articles, studies,\n"
		"claims, then evidence, in one transaction. Rows are matched by key (links by\n"
		"claim, study and outcome): new rows are added, changed ones updated, columns\n"
		"missing from a file are left as they were. Every problem is reported as\n"
		"FILE:LINE: COLUMN: what is wrong, and any problem means nothing is written.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run        check everything and report what would change; write nothing\n"
		"  --kind KIND          treat every FILE as KIND instead of guessing from its header\n"
		"\n"
		"Examples:\n"
		"  evidence import studies/*.csv\n"
		"  evidence import --dry-run --kind studies new-trials.csv\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.run = run,
};
