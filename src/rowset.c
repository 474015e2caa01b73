/*
 * rowset.c: a set of row ids as a bitmap in chunks (rowset.h), out of the
 * importer, which needs it to tell a key given twice in one import from
 * an update (a million rows in 128 KiB, however sparse their ids).
 */
#include "rowset.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CHUNK_SHIFT 16
#define CHUNK_WORDS ((1u << CHUNK_SHIFT) / 64)

static uint64_t **rowset_slot(struct ev_rowset *s, int64_t chunk)
{
	size_t mask = s->cap - 1, i = (size_t)((uint64_t)chunk * 0x9E3779B97F4A7C15ull >> 20) & mask;
	while (s->keys[i] && s->keys[i] != chunk + 1)
		i = (i + 1) & mask;
	if (!s->keys[i]) {
		s->keys[i] = chunk + 1;
		s->bits[i] = ev_xcalloc(CHUNK_WORDS, sizeof(uint64_t));
		s->used++;
	}
	return &s->bits[i];
}

static void rowset_grow(struct ev_rowset *s)
{
	struct ev_rowset old = *s;
	s->cap = old.cap ? old.cap * 2 : 64;
	s->keys = ev_xcalloc(s->cap, sizeof *s->keys);
	s->bits = ev_xcalloc(s->cap, sizeof *s->bits);
	s->used = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t mask = s->cap - 1,
			       j = (size_t)((uint64_t)(old.keys[i] - 1) * 0x9E3779B97F4A7C15ull >> 20) & mask;
			while (s->keys[j])
				j = (j + 1) & mask;
			s->keys[j] = old.keys[i];
			s->bits[j] = old.bits[i];
			s->used++;
		}
	free(old.keys);
	free(old.bits);
}

int ev_rowset_add(struct ev_rowset *s, int64_t id)
{
	if ((s->used + 1) * 2 > s->cap)
		rowset_grow(s);
	uint64_t *bits = *rowset_slot(s, id >> CHUNK_SHIFT);
	uint64_t bit = (uint64_t)1 << (id & 63);
	size_t word = (size_t)(id & ((1 << CHUNK_SHIFT) - 1)) >> 6;
	int had = (bits[word] & bit) != 0;
	bits[word] |= bit;
	return had;
}

int ev_rowset_has(const struct ev_rowset *s, int64_t id)
{
	if (!s->cap)
		return 0;
	int64_t chunk = id >> CHUNK_SHIFT;
	size_t mask = s->cap - 1, i = (size_t)((uint64_t)chunk * 0x9E3779B97F4A7C15ull >> 20) & mask;
	while (s->keys[i] && s->keys[i] != chunk + 1)
		i = (i + 1) & mask;
	if (!s->keys[i])
		return 0;
	size_t word = (size_t)(id & ((1 << CHUNK_SHIFT) - 1)) >> 6;
	return (int)((s->bits[i][word] >> (id & 63)) & 1);
}

void ev_rowset_free(struct ev_rowset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->bits[i]);
	free(s->keys);
	free(s->bits);
	memset(s, 0, sizeof *s);
}
