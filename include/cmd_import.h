/*
 * cmd_import.h: what the files of `evidence import` share, and nothing
 * else includes. cmd_import.c is the command (options, the files opened
 * and ordered, the transaction, the counts); the parts it runs are
 * cmd_import_header.c (what each file holds, from its first bytes or its
 * header row), cmd_import_rows.c (the rows of our own CSV formats),
 * cmd_import_refs.c (PubMed's exports and reference manager libraries)
 * and cmd_import_retraction.c (the Retraction Watch data set). They all
 * work on one struct import, the command's state, and report through
 * ev_import_problem, so every message has the same shape and every
 * problem is counted toward "nothing was imported".
 */
#ifndef EV_CMD_IMPORT_H
#define EV_CMD_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "csvio.h"
#include "keynext.h"
#include "neardup.h"
#include "rowset.h"
#include "util.h"
#include "validate.h"

/* What a file holds: one of our CSV formats (struct file says which
 * kind), PubMed's CSV or MEDLINE export, a reference manager's library, or
 * the Retraction Watch data set. SRC_AUTO: --kind did not say. */
enum source { SRC_AUTO = -1, SRC_CSV, SRC_PUBMED, SRC_MEDLINE, SRC_RIS, SRC_BIBTEX, SRC_CSLJSON, SRC_RETRACTION };

/* Whether s is a reference manager's library (RIS, BibTeX, CSL-JSON). */
static inline int ev_import_is_library(enum source s)
{
	return s == SRC_RIS || s == SRC_BIBTEX || s == SRC_CSLJSON;
}

/* A file named on the command line, as its header was understood. */
struct file {
	const char *name;      /* as given ("-" shown as "<stdin>") */
	FILE *fp;              /* open for the whole import */
	enum source src;
	enum ev_kind kind;     /* EV_STUDY for PubMed's formats */
	int ok;                /* header understood */
	int ncols;
	int map[EV_CSV_MAX_FIELDS]; /* CSV column -> field index, or PubMed column (-1: none) */
	unsigned char present[EV_MAX_FIELDS];
	int order;             /* position on the command line (stable sort) */
	char delim;            /* ',' or, for a tab-separated file, '\t' */
};

struct ev_ref;

/* The command's state (the entry's state_size): the options, the files
 * check() opens, and everything the import gathers; release_import frees it. */
struct import {
	struct ev_ctx *ctx;
	struct file *files;
	int nfiles;
	int dry_run;
	int forced_kind;       /* -1 unless --kind */
	enum source forced_src; /* SRC_AUTO unless --kind */
	long problems;
	/* the current file and record, for messages */
	struct file *cur;
	long line;
	struct ev_record rec;
	struct ev_rowset seen[EV_KIND_COUNT]; /* the rows written, to catch a key given twice */
	long counts[EV_KIND_COUNT][3];
	int kinds_seen[EV_KIND_COUNT];
	int stop;              /* a database error: give up */
	int was_empty[EV_KIND_COUNT]; /* the table had no rows when the import began */
	const struct ev_ref *ref; /* the PubMed or library record being imported */
	/* reviews whose includes are resolved once every study is written */
	struct pending_includes {
		int64_t id;
		const char *file;
		long line;
	} *inc;
	int ninc, capinc;
	/* the claim of the last link checked against its estimate */
	struct ev_buf asserts_claim;
	int asserts_of_claim;
	long pm_added, pm_duplicates;
	long lib_added;        /* new studies from RIS, BibTeX, CSL-JSON */
	long rw_unmatched;     /* Retraction Watch notices about no study here */
	struct ev_buf key;     /* scratch for keys */
	struct ev_neardup near; /* studies by first author and year */
	int near_loaded;       /* near holds the database's studies */
	struct ev_keynext keys;   /* the next key candidate of each key base */
};

/* Counts a problem and reports it as "FILE:LINE: COLUMN: MSG" (line 0 or
 * less: about the file as a whole; column NULL: about the whole line).
 * Past a thousand problems the rest are counted, not printed. Any problem
 * means nothing is imported (cmd_import.c). */
void ev_import_problem(struct import *im, const char *file, long line, const char *column, const char *msg);
/* What the header mapped CSV field `field` of f to (f->map), or -1 for a
 * field outside the header or a column not read: for naming the column of
 * a problem the CSV reader reports. */
int ev_import_mapped(const struct file *f, int field);

/* An ev_problem_fn that says nothing, for a check whose failure is an
 * answer, not a problem (is this a valid key? can this record be
 * retracted?). */
void ev_import_ignore_problem(void *ud, const char *column, const char *msg);

/* A file being read: its reader's callbacks get this. */
struct reader {
	struct import *im;
	int header_done;       /* the header row has gone by */
	long rows;             /* records read (none at all is a problem) */
	int includes_given;    /* a file of studies with the column includes */
};

/* cmd_import_header.c: reads f's header, before the database is opened.
 * Tells what f holds (our CSV of one kind, PubMed's CSV or MEDLINE, a
 * library, Retraction Watch), as --kind forces it (im->forced_kind,
 * im->forced_src) or from its first bytes and header row, and fills
 * f->src, kind, delim, ncols, map and present; sets f->ok when the header
 * is understood, else reports each problem with it (ev_import_problem).
 * Leaves f->fp anywhere (process_file rewinds it). Returns 0. */
int ev_import_read_header(struct import *im, struct file *f);

/* cmd_import_rows.c: imports f, one of our CSV formats (articles,
 * studies, claims or evidence), read and checked on a second thread and
 * written on this one: each row validated and written, every problem
 * reported with its line and column; sets im->stop on a database error.
 * Returns 0, or -1 when reading stopped before the end (a problem that
 * stops the reader, reported, or a database error). */
int ev_import_read_csv(struct reader *rd, struct file *f);

/* A CSV row with more or fewer fields than f's header is a problem:
 * reports it and returns 1; else 0. For the readers that take rows on the
 * calling thread (PubMed's CSV, Retraction Watch). */
int ev_import_wrong_width(struct import *im, const struct file *f, const struct ev_csv_record *rec);

/* Resolves the includes of the reviews this import wrote (im->inc), once
 * every study of the import is there; a problem is reported at the
 * review's file and line. 0, or -1 after a database error (reported). */
int ev_import_resolve_includes(struct import *im);

/* cmd_import_refs.c: imports f, PubMed's CSV export, MEDLINE or a
 * reference manager's library (f->src): each record updates the study it
 * matches or becomes a new unverified study, every problem reported at
 * its line and field; im->stop is set on a database error. The CSV
 * reader returns 0, or -1 when reading stopped before the end (reported).
 * MEDLINE and libraries are read to their end, and a file without a
 * single record in it is a problem. */
int ev_import_read_pubmed(struct reader *rd, struct file *f);
void ev_import_read_medline(struct reader *rd, struct file *f);
void ev_import_read_library(struct reader *rd, struct file *f);

/* cmd_import_retraction.c: imports f, the Retraction Watch data set's
 * CSV: each notice goes into the notes of the study it names (by DOI or
 * PMID), and a retraction sets its status. Returns 0, or -1 when reading
 * stopped before the end (reported; im->stop set on a database error). */
int ev_import_read_retraction(struct reader *rd, struct file *f);

#endif
