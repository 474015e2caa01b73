/*
 * search.h: what a user types into `evidence search`, turned into an FTS5
 * query that means only what it says. Every word becomes a quoted FTS5
 * string, so FTS5's operators (AND, OR, NOT, NEAR, column filters,
 * parentheses, '^') are searched for as words rather than obeyed, and no
 * input can be a syntax error. Pure: the tokenizer that decides whether a
 * word has anything searchable is passed in (model_search.h has SQLite's).
 */
#ifndef EV_SEARCH_H
#define EV_SEARCH_H

#include <stddef.h>

#include "util.h"

/* Returns the number of tokens the index's tokenizer finds in s[0..n). */
typedef int (*ev_token_count_fn)(void *ud, const char *s, size_t n);

/* Builds the FTS5 query for `text` into out (reset first):
 *   word      -> "word"       (all words must match, in any order)
 *   "a b c"   -> "a b c"      (the words next to each other, in order)
 *   word*     -> "word"*      (a prefix: word, words, wordy ...)
 *   "a b"*    -> "a b"*       (a phrase whose last word is a prefix)
 * An unclosed quote runs to the end of the text. Words with nothing the
 * tokenizer keeps (punctuation) are dropped. Returns the number of terms,
 * 0 when nothing searchable is left (out is then empty). */
int ev_search_query(const char *text, ev_token_count_fn count, void *ud, struct ev_buf *out);

#endif
