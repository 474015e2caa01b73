/*
 * rowset.h: a set of row ids, cheap whether the ids are dense or sparse.
 * The importer keeps one per kind to catch a key given twice in one
 * import, which the upsert alone would silently take as an update.
 * Pure: no SQL, no I/O.
 */
#ifndef EV_ROWSET_H
#define EV_ROWSET_H

#include <stddef.h>
#include <stdint.h>

#include "hashtab.h"

/* A bitmap in 64 Ki-row chunks found by hashing: a million rows cost
 * 128 KiB, and sparse ids cost nothing in between. Zeroed ({0}) it is the
 * empty set; it owns its memory (ev_rowset_free). */
struct ev_rowset {
	struct ev_hashtab chunks;
};

/* Adds id (a rowid: 1 or more); returns 1 when it was already there, else
 * 0. Allocates as the set grows (and exits when memory runs out, as
 * ev_xmalloc does). */
int ev_rowset_add(struct ev_rowset *s, int64_t id);

/* Whether id was added (1) or not (0), without adding it. */
int ev_rowset_has(const struct ev_rowset *s, int64_t id);

/* Frees what the set holds and leaves it empty. */
void ev_rowset_free(struct ev_rowset *s);

#endif
