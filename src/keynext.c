/*
 * keynext.c: the next key candidate for each key base (keynext.h): a hash
 * table of the bases the importer's new studies are keyed from, out of
 * cmd_import.c because it needs nothing of the import.
 */
#include "keynext.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct base_next {
	char *base;
	unsigned next;
};

static int same_base(const void *entry, const void *key)
{
	return strcmp(((const struct base_next *)entry)->base, key) == 0;
}

unsigned *ev_keynext_slot(struct ev_keynext *k, const char *base)
{
	int added;
	struct base_next *e =
	    ev_hashtab_add(&k->t, sizeof *e, ev_hash_bytes(base, strlen(base)), same_base, base, &added);
	if (added)
		e->base = ev_xstrdup(base);
	return &e->next;
}

void ev_keynext_free(struct ev_keynext *k)
{
	for (size_t i = 0; i < k->t.n; i++)
		free(((struct base_next *)ev_hashtab_at(&k->t, sizeof(struct base_next), i))->base);
	ev_hashtab_free(&k->t);
}
