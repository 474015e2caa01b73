/*
 * csvpipe.h: a CSV file read, and each of its records prepared (checked,
 * turned into an ev_record), on a second thread, while the calling thread
 * takes the prepared rows one by one in file order. Import uses it so that
 * parsing and validation run on one core while SQLite writes on the other.
 *
 * The rows travel in batches through a ring of a few batches: the reader
 * waits when the ring is full, so memory stays the same for any file size.
 * Whatever the reading thread finds to say about a row (problems,
 * warnings) is kept with the row as notes and said by the calling thread
 * when it takes the row, so messages come out in the order and with the
 * words a one-thread read would give.
 */
#ifndef EV_CSVPIPE_H
#define EV_CSVPIPE_H

#include <stdio.h>

#include "csvio.h"
#include "validate.h"

/* Something the reading thread found about a row, to be said later. */
struct ev_pipe_note {
	int kind;     /* the caller's own code (a problem, a warning...) */
	char *column; /* NULL when about the whole row */
	char *msg;
};

/* One record as the reading thread left it. */
struct ev_pipe_row {
	long line;        /* where the record starts */
	int tag;          /* the prepare function's verdict, passed on as is */
	int csv_error;    /* not a record: the reader stopped on a problem
	                     (notes[0]: column unused, msg the problem) */
	int field;        /* for csv_error: the field index, or -1 */
	struct ev_record rec;
	struct ev_pipe_note *notes;
	int nnotes, capnotes;
};

/* On the reading thread, for every record (the header too): fills
 * row->tag, row->rec and notes. It must touch nothing the calling thread
 * uses meanwhile. Nonzero stops reading. */
typedef int (*ev_pipe_prepare_fn)(void *ud, const struct ev_csv_record *rec, struct ev_pipe_row *row);
/* On the calling thread, each prepared row in file order. Nonzero stops. */
typedef int (*ev_pipe_take_fn)(void *ud, struct ev_pipe_row *row);

/* Keeps a note with the row (copies column and msg). */
void ev_pipe_note(struct ev_pipe_row *row, int kind, const char *column, const char *msg);

/* Reads `fp` as ev_csv_read_stream does, preparing each record with
 * `prepare` (its ud: prep_ud) and taking it with `take` (take_ud). A
 * problem that stops the reader reaches `error` on the calling thread,
 * after the rows before it. With threaded 0, or when no thread can be
 * started, everything runs on the calling thread, row by row (the same
 * calls in the same order). Returns 0, or -1 when reading stopped: a
 * problem, or `take` or `prepare` asked. */
int ev_csv_read_piped(FILE *fp, char delim, ev_pipe_prepare_fn prepare, void *prep_ud, ev_pipe_take_fn take,
		      ev_csv_error_fn error, void *take_ud, int threaded);

#endif
