/*
 * similar.h: is a new study perhaps one already recorded under another
 * key? The test behind the near-duplicate warning of `add` and `edit`:
 * the same first author (family name) and year, and titles that are
 * nearly the same words. Pure: no SQL, no I/O, no allocation.
 */
#ifndef EV_SIMILAR_H
#define EV_SIMILAR_H

#include <stddef.h>

/* Titles at least this similar (see ev_title_similarity) are reported. */
#define EV_TITLE_SIMILAR 0.8

/* Writes the first author's family name from an author list in the
 * import format ("van der Schouw YT, Knapen MHJ, et al."), folded to
 * lowercase for comparison ("van der schouw"): the first name in the list
 * without its initials and suffix (words as names.h classes them). Also
 * reads "Family, Given" lists. Returns the
 * length written (0 when there is none; buf always terminated). */
size_t ev_first_author_family(const char *authors, char *buf, size_t size);

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

#endif
