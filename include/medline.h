/*
 * medline.h: a reader for PubMed's MEDLINE format (.nbib, .txt): records
 * of tagged lines ("PMID- 25694037", "TI  - Menaquinone-7 ..."), a tag of
 * up to four characters padded to four, then "- " and the value; a value
 * goes on over lines indented by six spaces; records are separated by
 * blank lines. Pure: bytes in, records out with the line of every field.
 * Streams (feed chunks), so memory is bounded by the largest record.
 */
#ifndef EV_MEDLINE_H
#define EV_MEDLINE_H

#include <stddef.h>

/* Limits that keep a hostile file from exhausting memory. */
#define EV_MEDLINE_MAX_LINE (1u << 20)   /* bytes per physical line */
#define EV_MEDLINE_MAX_RECORD (8u << 20) /* bytes per record */
#define EV_MEDLINE_MAX_FIELDS 20000      /* tagged fields per record */

struct ev_medline_field {
	char tag[5];       /* "PMID", "TI", "AU" ... (trailing spaces removed) */
	const char *value; /* continuation lines joined with one space; NUL-terminated */
	size_t len;
	long line;         /* the line of the tag */
};

/* One record; valid only during the callback. */
struct ev_medline_record {
	int nfields;
	const struct ev_medline_field *field;
	long line; /* the line of its first tag */
};

/* The first field with `tag`, or NULL; *from (may be NULL) continues a
 * search after the index it holds and is set to the found index. */
const struct ev_medline_field *ev_medline_get(const struct ev_medline_record *rec, const char *tag, int *from);

typedef int (*ev_medline_record_fn)(void *ud, const struct ev_medline_record *rec);
typedef void (*ev_medline_error_fn)(void *ud, long line, const char *msg);

struct ev_medline;
/* A reader. Allocates; free with ev_medline_free. */
struct ev_medline *ev_medline_new(ev_medline_record_fn record, ev_medline_error_fn error, void *ud);
void ev_medline_free(struct ev_medline *m);
/* Feeds bytes (a UTF-8 byte-order mark at the start is skipped; CRLF and
 * LF both end lines). Returns 0 to go on, or -1 once reading stopped: a
 * problem was reported, or the callback returned nonzero. */
int ev_medline_feed(struct ev_medline *m, const void *data, size_t n);
/* Ends the input, delivering the last record. 0 or -1. */
int ev_medline_finish(struct ev_medline *m);
/* Records delivered so far. */
long ev_medline_count(const struct ev_medline *m);

/* Whether `head` (the first n bytes of a file) looks like MEDLINE: after
 * an optional byte-order mark and blank lines, a line "PMID- ". 1 yes,
 * 0 no, -1 these bytes do not decide (as the sniffers of refmgr.h). */
int ev_medline_sniff(const void *head, size_t n);

#endif
