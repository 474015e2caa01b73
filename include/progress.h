/*
 * progress.h: a progress line on stderr for long operations (import,
 * export): rows done, rows per second, and when the amount of work is
 * known a percentage, a bar and the time left.
 *
 * It appears only when stderr is a terminal, -q was not given and TERM is
 * not "dumb"; otherwise every call is a cheap no-op, so callers never test.
 * Redraws are limited to 10 a second, the line is cleared before any
 * message (ev_error, ev_warn, ev_note) and at the end, so it never mixes
 * with other output and leaves nothing behind. There is one line per
 * process, hence no handle:
 *
 *     ev_progress_begin("import", EV_PROGRESS_BYTES, total_bytes);
 *     ... ev_progress_file(fp) when a file starts; ev_progress_row() per row
 *     ev_progress_end();
 */
#ifndef EV_PROGRESS_H
#define EV_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

/* What `total` and the amount done count. */
enum ev_progress_unit {
	EV_PROGRESS_ROWS,  /* rows: the amount done is the row count */
	EV_PROGRESS_BYTES, /* bytes of input: done is where the current file is read */
};

/* Starts the line for `what` (a static string such as "import"). total is
 * the expected amount in `unit`s, or 0 when unknown (then no percentage).
 * A second begin without an end restarts the line. */
void ev_progress_begin(const char *what, enum ev_progress_unit unit, int64_t total);

/* For EV_PROGRESS_BYTES: fp is the file being read from now on. Its
 * position plus the sizes of the files given before it is the amount done
 * (so several files make one bar). */
void ev_progress_file(FILE *fp);

/* Counts one more row done and redraws when a tenth of a second has
 * passed since the last redraw. */
void ev_progress_row(void);

/* Clears the line and stops; safe to call when nothing was begun. */
void ev_progress_end(void);

/* Size in bytes of the regular file open as fp, or 0 (a pipe, a
 * terminal, an error). */
int64_t ev_file_size(FILE *fp);

/* Formats the line for the given state into buf (no escape codes): used
 * by the drawing code and by unit tests. width is the terminal's. */
void ev_progress_format(char *buf, size_t size, const char *what, int64_t rows, double seconds, int64_t done,
			int64_t total, int width);

#endif
