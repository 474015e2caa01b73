/*
 * neardup.c: the index of studies by first author and year behind the
 * importer's near-duplicate warning (neardup.h), out of cmd_import.c
 * because it needs nothing of the import: chained hash buckets of groups,
 * each group's studies in the order they were added.
 */
#include "neardup.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ev_neardup_group {
	char *family;
	int64_t year;
	struct ev_namesake *v;
	size_t n, cap;
	size_t next; /* in its chain, 0: end (groups count from 1) */
};

static size_t neardup_hash(const struct ev_neardup *d, const char *family, int64_t year)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)year;
	for (const unsigned char *p = (const unsigned char *)family; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return (size_t)(h & (d->nbuckets - 1));
}

/* The group of `family` and `year`; 0 when there is none yet. */
static size_t neardup_find(const struct ev_neardup *d, const char *family, int64_t year)
{
	size_t i = d->nbuckets ? d->head[neardup_hash(d, family, year)] : 0;
	while (i && (d->g[i].year != year || strcmp(d->g[i].family, family) != 0))
		i = d->g[i].next;
	return i;
}

void ev_neardup_add(struct ev_neardup *d, const char *key, const char *family, struct ev_title_words *title,
		    int64_t year)
{
	size_t i = neardup_find(d, family, year);
	if (!i) {
		if (d->n + 1 >= d->cap) {
			d->cap = d->cap ? d->cap * 2 : 256;
			d->g = ev_xrealloc(d->g, d->cap * sizeof *d->g);
		}
		if (d->n + 1 > d->nbuckets) {
			/* Rehash at a load of one: chains stay short. */
			free(d->head);
			d->nbuckets = d->nbuckets ? d->nbuckets * 4 : 1024;
			d->head = ev_xcalloc(d->nbuckets, sizeof *d->head);
			for (size_t k = 1; k <= d->n; k++) {
				size_t b = neardup_hash(d, d->g[k].family, d->g[k].year);
				d->g[k].next = d->head[b];
				d->head[b] = k;
			}
		}
		size_t b = neardup_hash(d, family, year);
		i = ++d->n;
		d->g[i] = (struct ev_neardup_group){ev_xstrdup(family), year, NULL, 0, 0, d->head[b]};
		d->head[b] = i;
	}
	struct ev_neardup_group *g = &d->g[i];
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
	size_t i = neardup_find(d, family, year);
	*n = i ? d->g[i].n : 0;
	return i ? d->g[i].v : NULL;
}

void ev_neardup_free(struct ev_neardup *d)
{
	for (size_t i = 1; i <= d->n; i++) {
		for (size_t k = 0; k < d->g[i].n; k++) {
			free(d->g[i].v[k].key);
			ev_title_words_free(d->g[i].v[k].title);
		}
		free(d->g[i].v);
		free(d->g[i].family);
	}
	free(d->g);
	free(d->head);
	memset(d, 0, sizeof *d);
}
