/*
 * rowset.c: a set of row ids as a bitmap in chunks (rowset.h), out of the
 * importer, which needs it to tell a key given twice in one import from
 * an update (a million rows in 128 KiB, however sparse their ids).
 */
#include "rowset.h"

#include <stdlib.h>

#include "util.h"

#define CHUNK_SHIFT 16
#define CHUNK_WORDS ((1u << CHUNK_SHIFT) / 64)

struct chunk {
	int64_t number; /* id >> CHUNK_SHIFT */
	uint64_t *bits;
};

static int same_chunk(const void *entry, const void *key)
{
	return ((const struct chunk *)entry)->number == *(const int64_t *)key;
}

/* Chunk numbers are dense: Fibonacci hashing spreads them over the
 * slots (the table takes the low bits). */
static uint64_t chunk_hash(int64_t number) { return (uint64_t)number * 0x9E3779B97F4A7C15ull >> 20; }

static size_t word_of(int64_t id) { return (size_t)(id & ((1 << CHUNK_SHIFT) - 1)) >> 6; }

int ev_rowset_add(struct ev_rowset *s, int64_t id)
{
	int64_t number = id >> CHUNK_SHIFT;
	int added;
	struct chunk *c = ev_hashtab_add(&s->chunks, sizeof *c, chunk_hash(number), same_chunk, &number, &added);
	if (added) {
		c->number = number;
		c->bits = ev_xcalloc(CHUNK_WORDS, sizeof *c->bits);
	}
	uint64_t bit = (uint64_t)1 << (id & 63), *word = &c->bits[word_of(id)];
	int had = (*word & bit) != 0;
	*word |= bit;
	return had;
}

int ev_rowset_has(const struct ev_rowset *s, int64_t id)
{
	int64_t number = id >> CHUNK_SHIFT;
	const struct chunk *c = ev_hashtab_find(&s->chunks, sizeof *c, chunk_hash(number), same_chunk, &number);
	return c ? (int)((c->bits[word_of(id)] >> (id & 63)) & 1) : 0;
}

void ev_rowset_free(struct ev_rowset *s)
{
	for (size_t i = 0; i < s->chunks.n; i++)
		free(((struct chunk *)ev_hashtab_at(&s->chunks, sizeof(struct chunk), i))->bits);
	ev_hashtab_free(&s->chunks);
}
