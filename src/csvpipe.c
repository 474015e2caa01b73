/*
 * csvpipe.c: CSV records prepared on a second thread, taken in order on
 * the calling one (see csvpipe.h).
 *
 * The threads share a ring of BATCHES batches. The reader fills one batch
 * at a time and hands it over whole, so the lock is taken once per
 * BATCH_ROWS rows, not once a row; the taker gives each batch back when it
 * has taken all its rows. A reader that finds the ring full waits, which
 * is what keeps memory flat. The taker stopping (a database error, say)
 * sets `stop`, which the reader checks before each record.
 */
#include "csvpipe.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "util.h"

/* 4 x 128 rows in flight: enough that neither side waits on the other
 * for more than a moment, little enough to stay well under a megabyte. */
enum { BATCH_ROWS = 128, BATCHES = 4 };

struct batch {
	struct ev_pipe_row rows[BATCH_ROWS];
	int n;
	int last; /* the reader has finished after these rows */
	int rc;   /* with last: what ev_csv_read_stream returned */
};

struct pipe {
	FILE *fp;
	char delim;
	ev_pipe_prepare_fn prepare;
	void *prep_ud;
	mtx_t mu;
	cnd_t ready; /* a batch was handed over */
	cnd_t room;  /* a batch was given back, or the taker stopped */
	struct batch *b;
	int count;   /* batches handed over and not yet given back (under mu) */
	int fill;    /* the batch the reader is filling (reader only) */
	atomic_int stop;
};

void ev_pipe_note(struct ev_pipe_row *row, int kind, const char *column, const char *msg)
{
	if (row->nnotes == row->capnotes) {
		row->capnotes = row->capnotes ? 2 * row->capnotes : 4;
		row->notes = ev_xrealloc(row->notes, (size_t)row->capnotes * sizeof *row->notes);
	}
	struct ev_pipe_note *n = &row->notes[row->nnotes++];
	n->kind = kind;
	n->column = column ? ev_xstrdup(column) : NULL;
	n->msg = ev_xstrdup(msg);
}

/* Empties a row for reuse, keeping the record's and the notes' storage. */
static void row_clear(struct ev_pipe_row *row, long line)
{
	for (int i = 0; i < row->nnotes; i++) {
		free(row->notes[i].column);
		free(row->notes[i].msg);
	}
	row->nnotes = 0;
	row->line = line;
	row->tag = 0;
	row->csv_error = 0;
	row->field = -1;
}

static void row_free(struct ev_pipe_row *row)
{
	row_clear(row, 0);
	free(row->notes);
	ev_record_free(&row->rec);
}

/* ---- the reading thread ------------------------------------------------ */

/* Hands the batch being filled over (marked last, with rc, at the end)
 * and waits until the next one is free. -1 when the taker has stopped. */
static int hand_over(struct pipe *p, int last, int rc)
{
	mtx_lock(&p->mu);
	if (atomic_load(&p->stop)) {
		mtx_unlock(&p->mu);
		return -1;
	}
	p->b[p->fill].last = last;
	p->b[p->fill].rc = rc;
	p->count++;
	cnd_signal(&p->ready);
	p->fill = (p->fill + 1) % BATCHES;
	while (p->count == BATCHES && !atomic_load(&p->stop))
		cnd_wait(&p->room, &p->mu);
	int stopped = atomic_load(&p->stop);
	mtx_unlock(&p->mu);
	if (stopped)
		return -1;
	p->b[p->fill].n = 0;
	return 0;
}

/* The next row to fill, in the current batch or, when that is full, the
 * next one. NULL when the taker has stopped. */
static struct ev_pipe_row *next_row(struct pipe *p, long line)
{
	if (p->b[p->fill].n == BATCH_ROWS && hand_over(p, 0, 0))
		return NULL;
	struct batch *b = &p->b[p->fill];
	struct ev_pipe_row *row = &b->rows[b->n++];
	row_clear(row, line);
	return row;
}

static int on_row(void *ud, const struct ev_csv_record *rec)
{
	struct pipe *p = ud;
	if (atomic_load_explicit(&p->stop, memory_order_relaxed))
		return 1;
	struct ev_pipe_row *row = next_row(p, rec->line);
	return row ? p->prepare(p->prep_ud, rec, row) : 1;
}

static void on_error(void *ud, long line, int field, const char *msg)
{
	struct pipe *p = ud;
	struct ev_pipe_row *row = next_row(p, line);
	if (!row)
		return;
	row->csv_error = 1;
	row->field = field;
	ev_pipe_note(row, 0, NULL, msg);
}

static int reader(void *arg)
{
	struct pipe *p = arg;
	int rc = ev_csv_read_stream(p->fp, p->delim, on_row, on_error, p);
	hand_over(p, 1, rc);
	return 0;
}

/* ---- one thread ------------------------------------------------------- */

struct inline_read {
	ev_pipe_prepare_fn prepare;
	void *prep_ud;
	ev_pipe_take_fn take;
	ev_csv_error_fn error;
	void *take_ud;
	struct ev_pipe_row row;
	int taken_stop; /* take asked to stop */
};

static int inline_row(void *ud, const struct ev_csv_record *rec)
{
	struct inline_read *in = ud;
	row_clear(&in->row, rec->line);
	int stop = in->prepare(in->prep_ud, rec, &in->row);
	if (in->take(in->take_ud, &in->row)) {
		in->taken_stop = 1;
		return 1;
	}
	return stop;
}

static void inline_error(void *ud, long line, int field, const char *msg)
{
	struct inline_read *in = ud;
	in->error(in->take_ud, line, field, msg);
}

static int read_inline(FILE *fp, char delim, ev_pipe_prepare_fn prepare, void *prep_ud, ev_pipe_take_fn take,
		       ev_csv_error_fn error, void *take_ud)
{
	struct inline_read in = {prepare, prep_ud, take, error, take_ud, {0}, 0};
	int rc = ev_csv_read_stream(fp, delim, inline_row, inline_error, &in);
	row_free(&in.row);
	return rc || in.taken_stop ? -1 : 0;
}

/* ---- the calling thread --------------------------------------------- */

int ev_csv_read_piped(FILE *fp, char delim, ev_pipe_prepare_fn prepare, void *prep_ud, ev_pipe_take_fn take,
		      ev_csv_error_fn error, void *take_ud, int threaded)
{
	if (!threaded)
		return read_inline(fp, delim, prepare, prep_ud, take, error, take_ud);
	struct pipe p;
	memset(&p, 0, sizeof p);
	p.fp = fp;
	p.delim = delim;
	p.prepare = prepare;
	p.prep_ud = prep_ud;
	atomic_init(&p.stop, 0);
	if (mtx_init(&p.mu, mtx_plain) != thrd_success)
		return read_inline(fp, delim, prepare, prep_ud, take, error, take_ud);
	if (cnd_init(&p.ready) != thrd_success) {
		mtx_destroy(&p.mu);
		return read_inline(fp, delim, prepare, prep_ud, take, error, take_ud);
	}
	if (cnd_init(&p.room) != thrd_success) {
		cnd_destroy(&p.ready);
		mtx_destroy(&p.mu);
		return read_inline(fp, delim, prepare, prep_ud, take, error, take_ud);
	}
	p.b = ev_xcalloc(BATCHES, sizeof *p.b);
	thrd_t t;
	int rc = 0, stopped = 0;
	if (thrd_create(&t, reader, &p) != thrd_success) {
		rc = read_inline(fp, delim, prepare, prep_ud, take, error, take_ud);
		goto done;
	}
	for (int head = 0, last = 0; !last && !stopped; head = (head + 1) % BATCHES) {
		mtx_lock(&p.mu);
		while (p.count == 0)
			cnd_wait(&p.ready, &p.mu);
		mtx_unlock(&p.mu);
		struct batch *b = &p.b[head];
		for (int i = 0; i < b->n && !stopped; i++) {
			struct ev_pipe_row *row = &b->rows[i];
			if (row->csv_error)
				error(take_ud, row->line, row->field, row->notes[0].msg);
			else if (take(take_ud, row))
				stopped = 1;
		}
		last = b->last;
		rc = b->rc;
		mtx_lock(&p.mu);
		p.count--;
		if (stopped)
			atomic_store(&p.stop, 1);
		cnd_signal(&p.room);
		mtx_unlock(&p.mu);
	}
	thrd_join(t, NULL);
	if (stopped)
		rc = -1;
done:
	for (int i = 0; i < BATCHES; i++)
		for (int j = 0; j < BATCH_ROWS; j++)
			row_free(&p.b[i].rows[j]);
	free(p.b);
	cnd_destroy(&p.room);
	cnd_destroy(&p.ready);
	mtx_destroy(&p.mu);
	return rc ? -1 : 0;
}
