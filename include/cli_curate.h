/*
 * cli_curate.h: what the curation commands (add, link, edit, rm) share. One
 * command-line flag per column of the import format, made from the field
 * tables of validate.c (`sample_size` is --sample-size), so a new column
 * is a new flag with nothing to write by hand; problems reported under
 * the flag's name with the messages import uses; and the account of what
 * a command changed, read back from the history it recorded.
 */
#ifndef EV_CLI_CURATE_H
#define EV_CLI_CURATE_H

#include <getopt.h>

#include "cli.h"

#include "db.h"
#include "util.h"
#include "validate.h"

/* The getopt value of field i's flag. */
#define EV_FLAG_FIELD 0x4000

struct ev_flags {
	enum ev_kind kind;
	int nfields;
	struct option *opts;         /* field flags, then the extras; NULL-terminated */
	char *name[EV_MAX_FIELDS];   /* "sample-size", or NULL for a field without a flag */
	char *label[EV_MAX_FIELDS];  /* how messages name the field: "--sample-size" */
	const char *raw[EV_MAX_FIELDS]; /* the value given (borrowed), or NULL */
	size_t len[EV_MAX_FIELDS];
	int given;                   /* how many field values were given */
	char *foreign[EV_MAX_FIELDS * EV_KIND_COUNT]; /* other kinds' flag names */
	int nforeign;
	int problems;                /* counted by ev_flags_problem */
};

/* Sets up the flags of `kind`'s fields, except those whose bit is set in
 * `skip` (fields given as operands), followed by `extra` (NULL-terminated,
 * may be NULL). Allocates; free with ev_flags_free. */
void ev_flags_init(struct ev_flags *fl, enum ev_kind kind, unsigned skip, const struct option *extra);
void ev_flags_free(struct ev_flags *fl);

/* The getopt values of flags that are fields of other kinds (--stated-n
 * given to `add study`): recognised only to say so. */
#define EV_FLAG_FOREIGN EV_OPT_UNLISTED

/* Stores an option's value when `val` is a field flag: returns 1; or 0
 * when val is not a field flag; or -1 for a flag given twice and -2 for
 * another kind's field, both usage errors that ev_flags_why words. */
int ev_flags_take(struct ev_flags *fl, int val, const char *arg);
/* The message for ev_flags_take's -1 or -2 (a static buffer). */
const char *ev_flags_why(const struct ev_flags *fl, int val, int taken);
/* Gives field `index` a value that came another way (an operand, or half
 * of --ci), named `label` in messages. s[0..n) is borrowed. */
void ev_flags_set(struct ev_flags *fl, int index, const char *s, size_t n, const char *label);
/* Takes `--ci LO,HI` as the link's ci_low and ci_high, named --ci in
 * messages. A value that is not two parts separated by one comma is
 * reported (counted in problems). Returns 0 or -1. */
int ev_flags_ci(struct ev_flags *fl, const char *arg);

/* The flag's name for field `column` ("--sample-size"). Borrowed. */
const char *ev_flags_label(const struct ev_flags *fl, const char *column);

/* ev_problem_fn (ud: the struct ev_flags): reports "LABEL: message" and
 * counts it. */
void ev_flags_problem(void *ud, const char *column, const char *message);

/* Validates every given value into r (ev_validate_field) and then the
 * whole record (ev_validate_record), reporting each problem under its
 * flag. Returns the number of problems. */
int ev_flags_apply(struct ev_flags *fl, struct ev_record *r);

/* How a row is named in messages: "study 'knapen-2015'", or for a link
 * "link k2-activates-mgp -> knapen-2015 (outcome)". Appends to b. */
void ev_curate_name(struct ev_buf *b, enum ev_kind kind, const char *key, const char *study,
		    const char *outcome);

/* Describes what the open transaction's change set did, one line per
 * row ("added study 'x'", "updated study 'x':" with a line per field,
 * "removed ..."), or "would add" ... when `dry_run`. Appends to b; returns
 * the number of rows changed, or -1 (reported). Call before committing. */
int ev_curate_describe(struct ev_db *db, int dry_run, struct ev_buf *b);
/* The end of a curating command's work: describes the open transaction's
 * change into ctx->said (ev_curate_describe), which ev_cli_run prints once
 * it has committed, and asks for the change to be discarded for a dry run
 * or when nothing changed. Returns the number of rows changed, or -1
 * (reported). */
int ev_curate_finish(struct ev_ctx *ctx, int dry_run);

/* Finds the link of claim `claim` to study `study` for `outcome` ("" for
 * the link without one); with outcome NULL, the one link between them,
 * when there is exactly one. A missing claim or study, a missing link and
 * an ambiguous one are reported (naming the outcomes there are, and how to
 * choose with `evidence VERB link ...`). Returns 1 found (with *id), 0
 * reported, -1 error. */
int ev_curate_find_link(struct ev_db *db, const char *claim, const char *study, const char *outcome,
			const char *verb, int64_t *id);

/* Warns about each other study that may be the same work as the study
 * record r (same first author and year, similar title). 0 or -1. */
int ev_curate_warn_similar(struct ev_db *db, const struct ev_record *r, int64_t self);

#endif
