/*
 * keynext.c: the next key candidate for each key base (keynext.h): an
 * open-addressed hash table of the bases the importer's new studies are
 * keyed from, out of cmd_import.c because it needs nothing of the import.
 */
#include "keynext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static size_t keynext_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return (size_t)h;
}

unsigned *ev_keynext_slot(struct ev_keynext *k, const char *base)
{
	if (2 * (k->n + 1) > k->cap) {
		struct ev_keynext old = *k;
		k->cap = old.cap ? old.cap * 2 : 256;
		k->base = ev_xcalloc(k->cap, sizeof *k->base);
		k->next = ev_xcalloc(k->cap, sizeof *k->next);
		for (size_t i = 0; i < old.cap; i++) {
			if (!old.base[i])
				continue;
			size_t j = keynext_hash(old.base[i]) & (k->cap - 1);
			while (k->base[j])
				j = (j + 1) & (k->cap - 1);
			k->base[j] = old.base[i];
			k->next[j] = old.next[i];
		}
		free(old.base);
		free(old.next);
	}
	size_t j = keynext_hash(base) & (k->cap - 1);
	while (k->base[j] && strcmp(k->base[j], base) != 0)
		j = (j + 1) & (k->cap - 1);
	if (!k->base[j]) {
		k->base[j] = ev_xstrdup(base);
		k->n++;
	}
	return &k->next[j];
}

void ev_keynext_free(struct ev_keynext *k)
{
	for (size_t i = 0; i < k->cap; i++)
		free(k->base[i]);
	free(k->base);
	free(k->next);
	memset(k, 0, sizeof *k);
}
