/*
 * hashtab.c: fixed-size entries in one array, found by open addressing
 * with linear probing (hashtab.h).
 */
#include "hashtab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

uint64_t ev_hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037u; /* the offset basis */
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211u;
	return h;
}

void *ev_hashtab_at(const struct ev_hashtab *t, size_t size, size_t i) { return t->entries + i * size; }

/* The slot holding the entry that hash and key name, or the empty slot
 * where it would go. t->cap is not 0. */
static size_t probe(const struct ev_hashtab *t, size_t size, uint64_t hash, ev_hashtab_eq_fn eq, const void *key)
{
	size_t mask = t->cap - 1, i = (size_t)hash & mask;
	for (; t->slot[i]; i = (i + 1) & mask) {
		size_t e = t->slot[i] - 1;
		if (t->hash[e] == hash && eq(t->entries + e * size, key))
			break;
	}
	return i;
}

void *ev_hashtab_find(const struct ev_hashtab *t, size_t size, uint64_t hash, ev_hashtab_eq_fn eq,
		      const void *key)
{
	if (!t->cap)
		return NULL;
	size_t i = probe(t, size, hash, eq, key);
	return t->slot[i] ? t->entries + (t->slot[i] - 1) * size : NULL;
}

/* Doubles the slots and puts every entry back from its stored hash. */
static void grow_slots(struct ev_hashtab *t)
{
	free(t->slot);
	t->cap = t->cap ? t->cap * 2 : 64;
	t->slot = ev_xcalloc(t->cap, sizeof *t->slot);
	size_t mask = t->cap - 1;
	for (size_t e = 0; e < t->n; e++) {
		size_t i = (size_t)t->hash[e] & mask;
		while (t->slot[i])
			i = (i + 1) & mask;
		t->slot[i] = e + 1;
	}
}

void *ev_hashtab_add(struct ev_hashtab *t, size_t size, uint64_t hash, ev_hashtab_eq_fn eq, const void *key,
		     int *added)
{
	if (2 * (t->n + 1) > t->cap)
		grow_slots(t);
	size_t i = probe(t, size, hash, eq, key);
	*added = !t->slot[i];
	if (!*added)
		return t->entries + (t->slot[i] - 1) * size;
	if (t->n == t->room) {
		t->room = t->room ? t->room * 2 : 32;
		/* Entries are a few words each: memory runs out (ev_xrealloc
		 * exits) long before room * size could wrap. */
		t->entries = ev_xrealloc(t->entries, t->room * size);
		t->hash = ev_xrealloc(t->hash, t->room * sizeof *t->hash);
	}
	unsigned char *e = t->entries + t->n * size;
	memset(e, 0, size);
	t->hash[t->n] = hash;
	t->slot[i] = ++t->n;
	return e;
}

void ev_hashtab_free(struct ev_hashtab *t)
{
	free(t->entries);
	free(t->hash);
	free(t->slot);
	memset(t, 0, sizeof *t);
}
