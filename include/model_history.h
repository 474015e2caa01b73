/*
 * model_history.h: reading the change history (schema/002-history.sql),
 * for `evidence log` and for the curation commands' account of what they
 * changed. The history is written by triggers, never by this module.
 */
#ifndef EV_MODEL_HISTORY_H
#define EV_MODEL_HISTORY_H

#include <stdint.h>

#include "db.h"
#include "validate.h"

/* A value as stored: NULL, integer, real or text (owned). */
struct ev_hist_value {
	enum ev_vtype type;
	int64_t i;
	double d;
	char *s;
};

/* One field of one row changed by one command. Strings are owned by the
 * list. Rows come newest change set first; within a change set, row by row
 * in the order they were changed, fields in column order. */
struct ev_hist_row {
	int64_t change;
	const char *at, *who, *command; /* NULL for the open transaction's change set */
	enum ev_kind kind;
	const char *key;       /* for a link, the claim */
	const char *study;     /* links only */
	const char *outcome;   /* links only; "" when none */
	const char *action;    /* "add", "edit" or "remove" */
	const char *field;
	struct ev_hist_value old, new;
	int row_start;         /* index of the first field of its row */
	int64_t id;            /* order of recording */
	int order;             /* the field's column index, for sorting */
};

struct ev_history {
	struct ev_hist_row *v;
	int n, cap;
	char **owned;
	int nowned, capowned;
};

/* What to read: rows about `key` (NULL: all; a link matches its claim or
 * its study, and a renamed row its old key), of kind `kind` (-1: all),
 * from the `limit` latest matching change sets (0: all), or of change set
 * `change` alone (0: any). `brief` (with `change` only): each added or
 * removed row once, without values, and every edited field with its
 * values; what a summary of the change says. */
struct ev_history_filter {
	const char *key;
	int kind;
	int64_t limit;
	int64_t change;
	int brief;
};

/* Reads matching history into out. 0 or -1 (reported). Free with
 * ev_history_free even after a failure. */
int ev_history_read(struct ev_db *db, const struct ev_history_filter *f, struct ev_history *out);
void ev_history_free(struct ev_history *h);

/* A value as the import format writes it (yes/no for yes/no fields, reals
 * in their shortest exact form); NULL for no value. Returns buf or the
 * value's own text: buf only ever holds a number (at most 24 bytes). */
const char *ev_hist_value_text(const struct ev_hist_row *r, const struct ev_hist_value *v, char *buf,
			       size_t size);

/* Keys that have history, for did-you-mean. Allocated (free each and the
 * array); 0 or -1. */
int ev_history_keys(struct ev_db *db, char ***keys, size_t *n);

/* ---- undo ------------------------------------------------------------ */

/* The oldest change set among the `n` most recent ones, in *from. Returns
 * 1, 0 when fewer than n are recorded (*from is then the oldest there is,
 * or 0 when there is none), or -1 (reported). */
int ev_history_latest(struct ev_db *db, int64_t n, int64_t *from);

/* Calls fn for each change set with an id of at least `from` (or, when
 * `only` is not 0, for change set `only`), newest first: its id, time, who
 * and command line (borrowed for the call). 0 or -1 (reported). */
typedef int (*ev_change_fn)(void *ud, int64_t id, const char *at, const char *who, const char *command);
int ev_history_changes(struct ev_db *db, int64_t from, int64_t only, ev_change_fn fn, void *ud);

/* What one change set did, record by record: how many records of each
 * kind it added, edited and removed (an edited record counts once however
 * many of its fields changed) and how many fields those edits changed. */
struct ev_change_counts {
	int64_t added[EV_KIND_COUNT], edited[EV_KIND_COUNT], removed[EV_KIND_COUNT];
	int64_t edited_fields;
};

/* Calls fn for each change set, newest first, that touched a record of
 * `kind` (any when kind < 0), at most `limit` of them (all when 0): its
 * id, time, who, command line (borrowed for the call) and its counts, of
 * that kind only when one is given. It reads each change set's own rows
 * (the history_change index), never the field values, so the log of a
 * database with millions of recorded fields stays quick. 0 or -1
 * (reported). */
typedef int (*ev_summary_fn)(void *ud, int64_t id, const char *at, const char *who, const char *command,
			     const struct ev_change_counts *c);
int ev_history_summaries(struct ev_db *db, int kind, int64_t limit, ev_summary_fn fn, void *ud);

/* The time of the latest recorded change set, "YYYY-MM-DDTHH:MM:SSZ"
 * (UTC), into buf: 1, 0 when none is recorded, -1 (reported). */
int ev_history_last_at(struct ev_db *db, char *buf, size_t size);

/* Calls cb for every key and kind the history has rows for (a link's
 * rows carry its claim's key; kind is enum ev_kind, -1 for a word it does
 * not know) with the latest change set that recorded one, in key order
 * (SQLite's binary order, strcmp's), then kind. One pass over the
 * history, for a caller that needs the latest change of every record
 * (the site: one query per page was a tenth of its time). A non-zero
 * return from cb stops the walk and is returned; else 0, or -1
 * (reported). */
int ev_history_each_last_change(struct ev_db *db, int (*cb)(void *ud, const char *key, int kind, int64_t change),
				 void *ud);

/* Calls cb for every change set: its id and time ("YYYY-MM-DDTHH:MM:SSZ"),
 * in id order. Returns as ev_history_each_last_change does. */
int ev_history_each_change(struct ev_db *db, int (*cb)(void *ud, int64_t id, const char *at), void *ud);

/* Whether change set `id` is recorded: 1, 0, or -1 (reported). */
int ev_history_has_change(struct ev_db *db, int64_t id);

/* How many change sets have an id of at least `from`: >= 0, or -1. */
int64_t ev_history_count_from(struct ev_db *db, int64_t from);

/* Calls fn(ud, field, old, new) for each field that the open
 * transaction's change set has edited on one row (kind and key; for a
 * link, the claim's key with study and outcome, "" when none), in the
 * order recorded, values as text (NULL for null; borrowed until fn
 * returns). What an import changed, read back from the history its
 * triggers wrote: nothing is read for rows it left alone. Returns 0, or -1
 * (reported). */
typedef void (*ev_edit_fn)(void *ud, const char *field, const char *old, const char *new_value);
int ev_history_row_edits(struct ev_db *db, enum ev_kind kind, const char *key, const char *study,
			 const char *outcome, ev_edit_fn fn, void *ud);

/* Puts the curated data back as it was before change set `from`: reverts
 * every change set from `from` on, newest first, and within one the rows
 * in the reverse of the order they were changed. An added row is
 * removed, a removed one added again with the values it had, an edited
 * one given its old values (a renamed one its old key, a moved link its
 * old claim, study and outcome). Works in the caller's open transaction,
 * whose triggers record the reversal as a change set of its own (so an
 * undo can be undone). A row that is not where the history says it should
 * be, or a value the database refuses, is reported as a failure; the
 * caller rolls back. 0 or -1 (reported). */
int ev_history_revert(struct ev_db *db, int64_t from);

/* Reverts change set `change` alone, as ev_history_revert does, when no
 * later change set touched any of its rows; else reports the first later
 * change set that did (its id and command line, and the row). 0 or -1
 * (reported). */
int ev_history_revert_one(struct ev_db *db, int64_t change);

/* ---- the past -------------------------------------------------------- */

/* The first change set recorded at or after `date` (YYYY-MM-DD, or a time
 * as history records it), in *from; when none is, the id after the
 * latest (so that nothing is "since"). 0 or -1 (reported). */
int ev_history_first_since(struct ev_db *db, const char *date, int64_t *from);

/* The database as it was before change set `from`: a temporary copy of
 * db with every change set from `from` on reverted (ev_history_revert),
 * opened in *past inside a transaction that is never committed. *path is
 * the copy's file (allocated). Close with ev_history_past_close, even
 * after a failure. 0, or nonzero (reported). */
int ev_history_past_open(struct ev_db *db, int64_t from, struct ev_db *past, char **path);
void ev_history_past_close(struct ev_db *past, char *path);

/* Calls fn for each change set from `from` on that touched claim `claim`,
 * its links, or one of the studies `studies` (a JSON array of keys), in
 * order. 0 or -1 (reported). */
int ev_history_touching(struct ev_db *db, int64_t from, const char *claim, const char *studies, ev_change_fn fn,
			void *ud);

#endif
