/*
 * csljson.c: a reader for CSL-JSON, the data format of citeproc (pandoc,
 * Zotero, Mendeley): an array of items with "id", "type", "author"
 * ({"family", "given", "non-dropping-particle", "dropping-particle",
 * "suffix"} or {"literal"}), "title", "container-title", "issued"
 * ({"date-parts": [[2004]]} or {"raw": "2004"}), "volume", "issue",
 * "page", "DOI", "PMID", "URL", "note".
 *
 * jansson parses (it is linked already and reports the line of a syntax
 * error). It keeps no positions for values, so the line each item starts
 * on is found by a scan of the text that jansson has just accepted:
 * strings skipped, depth counted, the line of each '{' at depth one.
 */
#include "refmgr.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "util.h"

int ev_csljson_sniff(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && isspace((unsigned char)head[i]))
		i++;
	if (i >= n)
		return -1;
	/* An array of items, or one item alone (citeproc-js and some export
	 * tools write a single item as a bare object; the reader takes both).
	 * No other format evidence reads starts with '[' or '{'. */
	char open = head[i];
	if (open != '[' && open != '{')
		return 0;
	i++;
	while (i < n && isspace((unsigned char)head[i]))
		i++;
	if (i >= n)
		return -1;
	return open == '[' ? head[i] == '{' || head[i] == ']' : head[i] == '"' || head[i] == '}';
}

/* The line each top-level array element starts on (allocated, *n set). */
static long *item_lines(const char *s, size_t len, size_t *count)
{
	size_t cap = 16, n = 0;
	long *lines = ev_xcalloc(cap, sizeof *lines), line = 1;
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n')
			line++;
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (depth == 1) {
				if (n == cap)
					lines = ev_xrealloc(lines, (cap *= 2) * sizeof *lines);
				lines[n++] = line;
			}
			depth++;
		} else if (c == ']' || c == '}')
			depth--;
	}
	*count = n;
	return lines;
}

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A string or a number as text (CSL allows both for volume, issue, page,
 * PMID); allocated, or NULL. */
static char *text(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_string(v))
		return ev_xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return ev_xasprintf("%lld", (long long)json_integer_value(v));
	return NULL;
}

static void set_from(struct ev_bibentry *e, enum ev_ref_field f, json_t *item, const char *k, long line)
{
	char *v = text(item, k);
	if (v)
		ev_bibentry_set(e, f, v, strlen(v), k, line);
	free(v);
}

static void csl_authors(struct ev_bibentry *e, json_t *arr, int et_al, long line)
{
	size_t n = json_array_size(arr);
	struct ev_name_parts *v = ev_xcalloc(n + 1, sizeof *v);
	char **owned = ev_xcalloc(n + 1, sizeof *owned);
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(arr, i);
		if (!json_is_object(a))
			continue;
		const char *lit = str(a, "literal"), *fam = str(a, "family");
		/* An "others" marker: the list goes on (as pandoc reads
		 * BibTeX's "and others"). */
		if ((lit && strcmp(lit, "others") == 0) || (fam && !str(a, "given") && strcmp(fam, "others") == 0)) {
			et_al = 1;
			continue;
		}
		if (lit || !fam) {
			v[k].family = lit ? lit : "";
			v[k].literal = 1;
			if (!*v[k].family)
				continue;
			k++;
			continue;
		}
		struct ev_buf b = EV_BUF_INIT;
		const char *dp = str(a, "dropping-particle"), *ndp = str(a, "non-dropping-particle");
		if (dp && *dp)
			ev_buf_addf(&b, "%s ", dp);
		if (ndp && *ndp)
			ev_buf_addf(&b, "%s ", ndp);
		ev_buf_adds(&b, fam);
		owned[k] = ev_buf_take(&b);
		v[k].family = owned[k];
		v[k].given = str(a, "given");
		v[k].suffix = str(a, "suffix");
		k++;
	}
	ev_bibentry_authors(e, v, k, et_al, "author", line);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(v);
}

static void map_item(json_t *item, struct ev_bibentry *e, long line)
{
	const char *id = NULL;
	json_t *idv = json_object_get(item, "id");
	char num[32];
	if (json_is_string(idv))
		id = json_string_value(idv);
	else if (json_is_integer(idv)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(idv));
		id = num;
	}
	if (id && *id) {
		e->key = ev_xstrdup(id);
		e->key_line = line;
	}
	set_from(e, EV_REF_TITLE, item, "title", line);
	if (json_object_get(item, "container-title"))
		set_from(e, EV_REF_JOURNAL, item, "container-title", line);
	else
		set_from(e, EV_REF_JOURNAL, item, "container-title-short", line);
	set_from(e, EV_REF_VOLUME, item, "volume", line);
	set_from(e, EV_REF_ISSUE, item, "issue", line);
	set_from(e, EV_REF_PAGES, item, "page", line);
	set_from(e, EV_REF_PMID, item, "PMID", line);
	const char *doi = str(item, "DOI");
	if (doi)
		ev_bibentry_set_doi(e, doi, "DOI", line);
	json_t *issued = json_object_get(item, "issued");
	json_t *dp = json_array_get(json_object_get(issued, "date-parts"), 0);
	json_t *y = json_array_get(dp, 0);
	if (json_is_integer(y)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(y));
		ev_bibentry_set(e, EV_REF_YEAR, num, strlen(num), "issued", line);
	} else if (json_is_string(y)) {
		ev_bibentry_set_year(e, json_string_value(y), "issued", line);
	} else if (str(issued, "raw")) {
		ev_bibentry_set_year(e, str(issued, "raw"), "issued", line);
	}
	const char *url = str(item, "URL");
	if (url)
		ev_bibentry_url(e, url, "URL", line);
	int et_al = 0;
	const char *note = str(item, "note");
	if (note)
		et_al = ev_bibentry_note(e, note, "note", line);
	json_t *authors = json_object_get(item, "author");
	if (json_is_array(authors))
		csl_authors(e, authors, et_al, line);
}

long ev_csljson_read(const char *s, size_t len, ev_bib_entry_fn fn, ev_bib_error_fn err, void *ud)
{
	json_error_t je;
	size_t skip = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_t *root = json_loadb(s + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		err(ud, je.line > 0 ? je.line : 1, NULL, je.text);
		return -1;
	}
	long entries = 0;
	size_t nlines = 0;
	long *lines = item_lines(s + skip, len - skip, &nlines);
	if (json_is_object(root)) {
		json_t *arr = json_array();
		json_array_append(arr, root);
		json_decref(root);
		root = arr;
		nlines = 1;
		lines[0] = 1;
	}
	if (!json_is_array(root)) {
		err(ud, 1, NULL, "CSL-JSON is an array of items ([{\"id\": ..., \"type\": ...}, ...])");
		json_decref(root);
		free(lines);
		return -1;
	}
	int stop = 0;
	for (size_t i = 0; i < json_array_size(root) && !stop; i++) {
		json_t *item = json_array_get(root, i);
		long line = i < nlines ? lines[i] : 1;
		if (!json_is_object(item)) {
			err(ud, line, NULL, "an item of a CSL-JSON array must be an object");
			stop = -1;
			break;
		}
		struct ev_bibentry e;
		ev_bibentry_init(&e, "CSL-JSON", line);
		map_item(item, &e, line);
		entries++;
		if (fn(ud, &e))
			stop = 1;
		ev_bibentry_free(&e);
	}
	json_decref(root);
	free(lines);
	return stop < 0 ? -1 : entries;
}
