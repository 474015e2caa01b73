/*
 * keynext.h: the next key candidate to try for each key base. The new
 * studies the importer makes from PubMed records and library entries are
 * keyed from a base (first author and year, and a title word; or a
 * library's citation key) that many records may share; remembering, per
 * base, the candidate after the last one given makes the n-th such record
 * try one key, not n (ev_model_free_key). Pure: no SQL, no I/O.
 */
#ifndef EV_KEYNEXT_H
#define EV_KEYNEXT_H

#include <stddef.h>

#include "hashtab.h"

/* The bases, which it owns (copies), each with its counter. Zeroed ({0})
 * it is empty; free with ev_keynext_free. */
struct ev_keynext {
	struct ev_hashtab t;
};

/* The counter of `base`, as ev_model_free_key's `from` takes it: 0 for a
 * base not seen before (a copy of it is kept). The pointer is borrowed
 * and good until the next call, which may move the table. */
unsigned *ev_keynext_slot(struct ev_keynext *k, const char *base);

/* Frees the bases and the table, leaving it empty. */
void ev_keynext_free(struct ev_keynext *k);

#endif
