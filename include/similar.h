/*
 * similar.h: is a new study perhaps one already recorded under another
 * key? The test behind the near-duplicate warning of `add` and `edit`:
 * the same first author (family name) and year, and titles that are
 * nearly the same words. Pure: no SQL, no I/O.
 */
#ifndef EV_SIMILAR_H
#define EV_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Titles at least this similar (see ev_title_similarity) are reported. */
#define EV_TITLE_SIMILAR 0.8

/* Sets *family to the first author's family name from an author list in
 * the import format ("van der Schouw YT, Knapen MHJ, et al."), folded to
 * lowercase for comparison ("van der schouw"): the first name in the list
 * without its initials and suffix (words as names.h classes them), whole,
 * however long. Also reads "Family, Given" lists. Returns its length (0
 * when there is none). */
size_t ev_first_author(const char *authors, struct ev_buf *family);

/* How alike two titles are, from 0 (no word in common) to 1. Titles are
 * compared as sets of words: lowercased, split at anything that is not a
 * letter or digit, without a few function words (a, the, of, and, in
 * ...); two words of five letters or more that differ by one edit count
 * as the same (a typo). The score is the larger of
 *  - Dice's coefficient, 2|A n B| / (|A| + |B|), and
 *  - the share of the shorter title's words found in the longer, when the
 *    shorter has at least four words (a title entered with or without its
 *    subtitle). */
double ev_title_similarity(const char *a, const char *b);

/* A title split into its words once, for comparing it with many others
 * (an import compares each study with all its namesakes): the same score
 * as ev_title_similarity, without splitting both titles at every pair. */
struct ev_title_words {
	int n;             /* distinct words, function words left out; as many as the title has */
	const char **w;    /* lowercased, whole however long, in title order */
	uint32_t *len;     /* each word's length in bytes */
	uint32_t *hash;    /* each word's FNV-1a hash */
	uint32_t *letters; /* each word's bytes as a set of bits (byte & 31) */
	uint32_t *sorted;  /* the words' indexes by hash, then bytes */
};
struct ev_title_words *ev_title_words_new(const char *title); /* one block: free with the function below */
void ev_title_words_free(struct ev_title_words *t);
/* A score under `at_least` may be cut short: it is then some value under
 * `at_least`, not the exact score (0 gives the exact score always). */
double ev_title_words_similarity(const struct ev_title_words *a, const struct ev_title_words *b, double at_least);

#endif
