/*
 * neardup.h: the studies a new study is compared with for the
 * near-duplicate warning (similar.h: the same first author and year, and
 * nearly the same title), kept in memory by the importer. Studies are
 * grouped by year and first author in a hash table, so each added study
 * is compared with its namesakes only, rather than the table scanned once
 * per row; a group's titles sit side by side and are split into words
 * once. At 100,000 generated studies (2,025 groups, 2.5 million pairs)
 * the import took 73.8 s with a string compare of the author and a split
 * of both titles per pair, 4.4 s now (1.7 s with -q, which skips the
 * comparisons). Pure: no SQL, no I/O.
 */
#ifndef EV_NEARDUP_H
#define EV_NEARDUP_H

#include <stddef.h>
#include <stdint.h>

#include "hashtab.h"
#include "similar.h"

/* One study of a group: its key and its title's words. */
struct ev_namesake {
	char *key;
	struct ev_title_words *title;
};

/* The index: a hash table of groups, each the studies of one first
 * author and year (neardup.c). Zeroed ({0}) it is empty; it owns its
 * groups, keys and titles (ev_neardup_free). */
struct ev_neardup {
	struct ev_hashtab groups;
};

/* Keeps a study for the comparisons to come: its key, its first author's
 * family name as ev_first_author writes it (whole), its title's words and
 * its year. Copies key and family; takes `title`. */
void ev_neardup_add(struct ev_neardup *d, const char *key, const char *family, struct ev_title_words *title,
		    int64_t year);

/* The same from a study's author list and title, as
 * ev_model_each_dated_study hands them (ud: the index); a study without a
 * first author or a title is left out. */
void ev_neardup_put(void *ud, const char *key, const char *authors, const char *title, int64_t year);

/* The studies kept with the first author `family` and `year`, oldest
 * first, in *n of them (none: NULL and 0). Borrowed: good until the next
 * ev_neardup_add. */
const struct ev_namesake *ev_neardup_namesakes(const struct ev_neardup *d, const char *family, int64_t year,
					       size_t *n);

/* Frees everything the index holds, leaving it empty. */
void ev_neardup_free(struct ev_neardup *d);

#endif
