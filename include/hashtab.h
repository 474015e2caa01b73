/*
 * hashtab.h: a hash table of fixed-size entries, found by open addressing.
 * The importer's key counters (keynext.c), its set of rows written
 * (rowset.c), its index of studies by first author and year (neardup.c)
 * and the search query's terms seen (search.c) each keep one; the
 * hashing, probing and growing are here once. Pure: no SQL, no I/O.
 */
#ifndef EV_HASHTAB_H
#define EV_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

/* The entries are kept in one array in the order added (entry 0, 1, ...),
 * each `size` bytes, as the caller's functions pass it. The slots hold
 * entry numbers and are at most half full, so a probe ends soon. Zeroed
 * ({0}) it is empty; it owns its memory (ev_hashtab_free). */
struct ev_hashtab {
	unsigned char *entries;
	uint64_t *hash; /* each entry's hash, by entry number, to grow without the keys */
	size_t n, room; /* entries, and how many the array has room for */
	size_t *slot;   /* entry number + 1; 0 is an empty slot */
	size_t cap;     /* slots: a power of two, or 0 */
};

/* Whether `entry` is the one `key` names (the caller's own comparison). */
typedef int (*ev_hashtab_eq_fn)(const void *entry, const void *key);

/* The entry whose hash is `hash` and which eq(entry, key) accepts, or
 * NULL. Borrowed: good until the next ev_hashtab_add. */
void *ev_hashtab_find(const struct ev_hashtab *t, size_t size, uint64_t hash, ev_hashtab_eq_fn eq,
		      const void *key);

/* The same, but when there is none adds an entry of `size` zero bytes
 * under `hash`, for the caller to fill in, and sets *added (else clears
 * it). Borrowed as above; may move every entry. Exits when memory runs
 * out, as ev_xmalloc does. */
void *ev_hashtab_add(struct ev_hashtab *t, size_t size, uint64_t hash, ev_hashtab_eq_fn eq, const void *key,
		     int *added);

/* Entry number i (0 <= i < n), for walking the entries to free theirs. */
void *ev_hashtab_at(const struct ev_hashtab *t, size_t size, size_t i);

/* FNV-1a, 64 bits, over n bytes: the hash of text keys. */
uint64_t ev_hash_bytes(const void *p, size_t n);

/* Frees the table (not what the entries point to) and leaves it empty. */
void ev_hashtab_free(struct ev_hashtab *t);

#endif
