/*
 * cmd_dump.c: `evidence dump DIR` writes the whole database as the four
 * CSV files `evidence import` reads (articles.csv, studies.csv,
 * claims.csv, evidence.csv), every column, in a canonical order: a team
 * keeps its curated database in version control as these files and
 * reviews each change as a diff. `evidence import` of those files into an empty
 * database recreates the same content, and dumping that gives the same
 * bytes.
 *
 * The order: articles and studies by key; claims by article, then their
 * position in the article (so importing recreates the article order);
 * evidence by claim, study and outcome. Values are written as import
 * reads them (reals in the shortest form that reads back to the same
 * number), with LF line endings.
 *
 * All four files are written to temporary files first, from one read
 * transaction, and renamed into place only when all of them are complete:
 * a failed dump leaves the previous files as they were. A table with no
 * rows gets no file (import refuses a file with a header and no rows, as a
 * likely mistake), and a file left from an earlier dump is removed, so
 * that the directory always mirrors the database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "model.h"
#include "model_export.h"
#include "util.h"
#include "validate.h"

struct dumpfile {
	char *path;   /* DIR/articles.csv */
	char *tmp;    /* DIR/.articles.csv.tmp-XXXXXX while writing, else NULL */
	int rows;
};

/* Writes the rows of one kind to a new temporary file next to its final
 * path. 0, or EV_FAIL (reported; the temporary file is removed). */
static int write_kind(struct ev_db *db, const char *dir, enum ev_kind kind, const struct ev_ids *ids,
		      struct dumpfile *df)
{
	int nf, rc = EV_FAIL;
	const struct ev_field *f = ev_fields(kind, &nf);
	struct ev_record r = {0};
	FILE *fp = NULL;
	df->tmp = ev_xasprintf("%s/.%s.csv.tmp-XXXXXX", dir, ev_kind_plurals[kind]);
	int fd = mkstemp(df->tmp);
	if (fd < 0) {
		ev_error("cannot write '%s': %s", df->path, strerror(errno));
		free(df->tmp);
		df->tmp = NULL;
		return EV_FAIL;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is not what the user expects */
	if (!(fp = fdopen(fd, "w"))) {
		ev_error("cannot write '%s': %s", df->path, strerror(errno));
		close(fd);
		goto done;
	}
	struct ev_out o = {.fmt = EV_FMT_CSV, .fp = fp, .header = 1};
	const char *cells[EV_MAX_FIELDS];
	char bufs[EV_MAX_FIELDS][40];
	for (int i = 0; i < nf; i++)
		cells[i] = f[i].name;
	ev_out_csv_row(&o, cells, nf);
	for (int k = 0; k < ids->n; k++) {
		if (ev_model_read(db, kind, ids->v[k], &r))
			goto done;
		for (int i = 0; i < nf; i++)
			cells[i] = ev_value_format(&r, i, bufs[i], sizeof bufs[i]);
		ev_out_csv_row(&o, cells, nf);
	}
	/* The data reaches the disk before the rename makes it the file. */
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0) {
		ev_error("cannot write '%s': %s", df->path, strerror(errno ? errno : EIO));
		goto done;
	}
	df->rows = ids->n;
	rc = 0;
done:
	if (fp && fclose(fp) != 0 && rc == 0)
		rc = ev_error("cannot write '%s': %s", df->path, strerror(errno));
	if (rc) {
		unlink(df->tmp);
		free(df->tmp);
		df->tmp = NULL;
	}
	ev_record_free(&r);
	return rc;
}

/* Creates dir when it does not exist. 0 or EV_FAIL. */
static int make_dir(const char *dir)
{
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return ev_error("'%s' exists and is not a directory", dir);
		return 0;
	}
	if (errno != ENOENT || mkdir(dir, 0777) != 0)
		return ev_error("cannot create the directory '%s': %s", dir, strerror(errno));
	return 0;
}

static int cmd_dump(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const row_words[][2] = {
		{"article", "articles"}, {"study", "studies"}, {"claim", "claims"}, {"link", "links"}};
	struct dumpfile files[EV_KIND_COUNT];
	int rc = EV_FAIL;
	const char *dir = a->v[0];
	(void)state;
	memset(files, 0, sizeof files);
	if (make_dir(dir))
		return EV_FAIL;
	/* ev_cli_open began the read transaction all four files come from. */
	struct ev_db *db = &ctx->db;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		struct ev_ids ids = {0};
		files[k].path = ev_xasprintf("%s/%s.csv", dir, ev_kind_plurals[k]);
		if (ev_cli_protected(ctx, files[k].path)) {
			ev_error("'%s' is the database or one of its files; the dump would destroy it", files[k].path);
			goto done;
		}
		if (ev_model_dump_ids(db, (enum ev_kind)k, &ids))
			goto done;
		int w = ids.n ? write_kind(db, dir, (enum ev_kind)k, &ids, &files[k]) : 0;
		ev_ids_free(&ids);
		if (w)
			goto done;
	}
	if (ev_db_commit(db))
		goto done;

	/* Everything is written: now replace the old files. */
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		struct dumpfile *df = &files[k];
		if (df->tmp) {
			if (rename(df->tmp, df->path) != 0) {
				ev_error("cannot write '%s': %s", df->path, strerror(errno));
				goto done;
			}
			free(df->tmp);
			df->tmp = NULL;
			ev_note("%s: %d %s", df->path, df->rows, row_words[k][df->rows != 1]);
		} else if (unlink(df->path) == 0) {
			ev_note("%s: removed (there are no %s now)", df->path, row_words[k][1]);
		} else if (errno != ENOENT) {
			ev_error("cannot remove '%s', left from an earlier dump: %s", df->path, strerror(errno));
			goto done;
		} else {
			ev_note("%s: not written (there are no %s)", df->path, row_words[k][1]);
		}
	}
	/* Make the renames durable too. */
	int dfd = open(dir, O_RDONLY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = EV_OK;
done:
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		if (files[k].tmp) {
			unlink(files[k].tmp);
			free(files[k].tmp);
		}
		free(files[k].path);
	}
	return rc;
}

const struct ev_cmd ev_cmd_dump = {
	.name = "dump",
	.summary = "write the whole database as canonical CSV files, for version control",
	.usage = "  evidence dump DIR",
	.help = "Writes DIR/articles.csv, DIR/studies.csv, DIR/claims.csv and DIR/evidence.csv\n"
		"(creating DIR if needed): every column of the import formats, rows in a stable\n"
		"order (articles and studies by key, claims in article order, evidence by claim,\n"
		"study and outcome), LF line endings. 'evidence import DIR/*.csv' into an empty\n"
		"database recreates the content, and dumping again gives identical files, so the\n"
		"files can live in git and changes are reviewed as diffs. The files are replaced\n"
		"only when all four are written. A table with no rows gets no file (an old one\n"
		"is removed), since import refuses a file without rows.\n"
		"\n"
		"Examples:\n"
		"  evidence dump data && git -C data diff\n"
		"  evidence dump ~/checks/k2-data --db ~/checks/k2.db\n",
	.access = EV_DB_READ,
	.formats = 0,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which directory? (e.g. 'evidence dump data')",
	.run = cmd_dump,
};
