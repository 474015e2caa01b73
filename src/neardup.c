/*
 * neardup.c: the index of studies by first author and year behind the
 * importer's near-duplicate warning (neardup.h), out of cmd_import.c
 * because it needs nothing of the import: a hash table of groups
 * (hashtab.h), each group's studies in the order they were added.
 */
#include "neardup.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct group {
	char *family;
	int64_t year;
	struct ev_namesake *v;
	size_t n, cap;
};

/* What a group is looked up by. */
struct group_key {
	const char *family;
	int64_t year;
};

static int same_group(const void *entry, const void *key)
{
	const struct group *g = entry;
	const struct group_key *k = key;
	return g->year == k->year && strcmp(g->family, k->family) == 0;
}

static uint64_t group_hash(const struct group_key *k)
{
	return (ev_hash_bytes(k->family, strlen(k->family)) ^ (uint64_t)k->year) * 1099511628211u;
}

void ev_neardup_add(struct ev_neardup *d, const char *key, const char *family, struct ev_title_words *title,
		    int64_t year)
{
	struct group_key k = {family, year};
	int added;
	struct group *g = ev_hashtab_add(&d->groups, sizeof *g, group_hash(&k), same_group, &k, &added);
	if (added) {
		g->family = ev_xstrdup(family);
		g->year = year;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4;
		g->v = ev_xrealloc(g->v, g->cap * sizeof *g->v);
	}
	g->v[g->n++] = (struct ev_namesake){ev_xstrdup(key), title};
}

void ev_neardup_put(void *ud, const char *key, const char *authors, const char *title, int64_t year)
{
	/* The family name whole, as the importer looks it up. */
	struct ev_buf family = EV_BUF_INIT;
	if (ev_first_author(authors, &family) && title)
		ev_neardup_add(ud, key, ev_buf_str(&family), ev_title_words_new(title), year);
	ev_buf_free(&family);
}

const struct ev_namesake *ev_neardup_namesakes(const struct ev_neardup *d, const char *family, int64_t year,
					       size_t *n)
{
	struct group_key k = {family, year};
	const struct group *g = ev_hashtab_find(&d->groups, sizeof *g, group_hash(&k), same_group, &k);
	*n = g ? g->n : 0;
	return g ? g->v : NULL;
}

void ev_neardup_free(struct ev_neardup *d)
{
	for (size_t i = 0; i < d->groups.n; i++) {
		struct group *g = ev_hashtab_at(&d->groups, sizeof *g, i);
		for (size_t k = 0; k < g->n; k++) {
			free(g->v[k].key);
			ev_title_words_free(g->v[k].title);
		}
		free(g->v);
		free(g->family);
	}
	ev_hashtab_free(&d->groups);
}
