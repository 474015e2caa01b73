/*
 * csvio.h: CSV in and out, on libcsv. Reading turns bytes into records
 * with the physical line each record starts on (libcsv counts no lines);
 * writing quotes fields as RFC 4180 says. The only module that includes
 * <csv.h>.
 */
#ifndef EV_CSVIO_H
#define EV_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* Limits that keep a hostile file from exhausting memory or time. */
#define EV_CSV_MAX_FIELDS 1000          /* columns per record */
#define EV_CSV_MAX_FIELD (1u << 20)     /* bytes per field (1 MiB) */
#define EV_CSV_MAX_RECORD (8u << 20)    /* bytes per record (8 MiB) */

/* One record. Fields are NUL-terminated copies, valid only during the
 * callback; len excludes the terminator. */
struct ev_csv_record {
	int nfields;
	char **field;
	size_t *len;
	long line; /* 1-based physical line where the record starts */
};

/* Called for each record, header included; return nonzero to stop. */
typedef int (*ev_csv_row_fn)(void *ud, const struct ev_csv_record *rec);
/* Called once for a problem that stops reading: the line, the 0-based
 * field index within the record (-1 when not about one field) and what is
 * wrong. */
typedef void (*ev_csv_error_fn)(void *ud, long line, int field, const char *msg);

struct ev_csv;

/* A reader for `delim`-separated text. Allocates; free with ev_csv_free.
 * With delim '\t' it reads TSV: no quotes, nothing trimmed, and the
 * escapes \t \n \r \\ in values undone. */
struct ev_csv *ev_csv_new(char delim, ev_csv_row_fn row, ev_csv_error_fn error, void *ud);
void ev_csv_free(struct ev_csv *c);
/* Feeds bytes. Returns 0 to go on, -1 once reading has stopped (a problem
 * was reported, or the row callback asked to stop). */
int ev_csv_feed(struct ev_csv *c, const void *data, size_t n);
/* Ends the input (an unterminated quote is a problem). 0 or -1. */
int ev_csv_finish(struct ev_csv *c);
/* Whether reading stopped because the row callback asked. */
int ev_csv_stopped_by_callback(const struct ev_csv *c);

/* Reads a whole stream through a reader: 0, or -1 when reading stopped
 * (problem reported through `error`, including I/O errors). */
int ev_csv_read_stream(FILE *fp, char delim, ev_csv_row_fn row, ev_csv_error_fn error, void *ud);

/* Writes one field, quoted only when RFC 4180 needs it (delimiter, quote,
 * CR/LF), when leading/trailing spaces would otherwise be trimmed on
 * reading, or when it starts like a byte-order mark (which a reader drops
 * or refuses at the start of a file). Returns 0 or -1 on a write error. */
int ev_csv_write_field(FILE *fp, const char *s, size_t n, char delim);
/* The same field appended to a buffer, for writers that build whole rows
 * (bulk exports write a row with one call instead of one per field). */
void ev_csv_append_field(struct ev_buf *b, const char *s, size_t n, char delim);

#endif
