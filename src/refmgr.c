/*
 * refmgr.c: what the RIS, BibTeX and CSL-JSON readers share: filling an
 * entry's fields from the forms reference managers write them in (dates,
 * DOI links, PubMed links, notes, name lists, first and last pages).
 */
#include "refmgr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "util.h"

void ev_bibentry_init(struct ev_bibentry *e, const char *format, long line)
{
	memset(e, 0, sizeof *e);
	e->ref.start = line;
	e->ref.format = format;
	e->ref.design = EV_DESIGN_NONE;
	for (int i = 0; i < EV_REF_COUNT; i++)
		e->ref.line[i] = line;
}

void ev_bibentry_free(struct ev_bibentry *e)
{
	ev_ref_free(&e->ref);
	free(e->key);
	e->key = NULL;
}

void ev_bibentry_set(struct ev_bibentry *e, enum ev_ref_field f, const char *s, size_t n, const char *origin,
		     long line)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return;
	free(e->ref.value[f]);
	e->ref.value[f] = ev_xstrndup(s, n);
	e->ref.origin[f] = origin;
	e->ref.line[f] = line;
}

void ev_bibentry_set_year(struct ev_bibentry *e, const char *s, const char *origin, long line)
{
	for (const char *p = s; *p; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		    isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]) &&
		    (p == s || !isdigit((unsigned char)p[-1]))) {
			ev_bibentry_set(e, EV_REF_YEAR, p, 4, origin, line);
			return;
		}
	/* No year in it: kept as it is, so that import names the value. */
	ev_bibentry_set(e, EV_REF_YEAR, s, strlen(s), origin, line);
}

/* The DOI in a DOI link or "doi:" form, or NULL. */
static const char *doi_in(const char *s)
{
	static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
					       "http://dx.doi.org/", "doi:", "DOI:", "doi: ", NULL};
	while (isspace((unsigned char)*s))
		s++;
	for (int i = 0; prefixes[i]; i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0) {
			s += strlen(prefixes[i]);
			while (*s == ' ')
				s++;
			return s;
		}
	return strncmp(s, "10.", 3) == 0 ? s : NULL;
}

void ev_bibentry_set_doi(struct ev_bibentry *e, const char *s, const char *origin, long line)
{
	const char *d = doi_in(s);
	ev_bibentry_set(e, EV_REF_DOI, d ? d : s, strlen(d ? d : s), origin, line);
}

void ev_bibentry_url(struct ev_bibentry *e, const char *url, const char *origin, long line)
{
	static const char *const pubmed[] = {"https://pubmed.ncbi.nlm.nih.gov/", "http://pubmed.ncbi.nlm.nih.gov/",
					     "https://www.ncbi.nlm.nih.gov/pubmed/", "http://www.ncbi.nlm.nih.gov/pubmed/",
					     NULL};
	while (isspace((unsigned char)*url))
		url++;
	for (int i = 0; pubmed[i]; i++)
		if (strncmp(url, pubmed[i], strlen(pubmed[i])) == 0) {
			const char *p = url + strlen(pubmed[i]);
			size_t n = strspn(p, "0123456789");
			if (n && !e->ref.value[EV_REF_PMID])
				ev_bibentry_set(e, EV_REF_PMID, p, n, origin, line);
			return;
		}
	const char *d = doi_in(url);
	if (d && d != url && !e->ref.value[EV_REF_DOI])
		ev_bibentry_set(e, EV_REF_DOI, d, strlen(d), origin, line);
}

int ev_bibentry_note(struct ev_bibentry *e, const char *note, const char *origin, long line)
{
	int et_al = 0;
	/* Notes may hold several statements ("A; B") or lines (Zotero's
	 * Extra: "PMID: 123\nPMCID: PMC45"). */
	for (const char *p = note; *p;) {
		size_t n = strcspn(p, ";\n");
		const char *s = p;
		size_t k = n;
		while (k && isspace((unsigned char)*s)) {
			s++;
			k--;
		}
		while (k && isspace((unsigned char)s[k - 1]))
			k--;
		if (k == 21 && memcmp(s, "Retracted publication", 21) == 0)
			e->ref.retracted = 1;
		else if (k == 31 && memcmp(s, "Author list incomplete (et al.)", 31) == 0)
			et_al = 1;
		else if (k > 5 && memcmp(s, "PMID:", 5) == 0 && !e->ref.value[EV_REF_PMID])
			ev_bibentry_set(e, EV_REF_PMID, s + 5, k - 5, origin, line);
		p += n;
		if (*p)
			p++;
	}
	return et_al;
}

void ev_bibentry_authors(struct ev_bibentry *e, const struct ev_name_parts *v, int n, int et_al,
			 const char *origin, long line)
{
	char *list = ev_names_store(v, n, et_al);
	if (!list)
		return;
	ev_bibentry_set(e, EV_REF_AUTHORS, list, strlen(list), origin, line);
	free(list);
	free(e->ref.family);
	e->ref.family = NULL;
	/* The key of a new study is made from it with its particle
	 * ("van-der-meer-2004"), as PubMed imports make it. */
	if (n && v[0].family)
		e->ref.family = ev_xstrdup(v[0].family);
}

void ev_bibentry_pages(struct ev_bibentry *e, const char *first, const char *last, const char *origin, long line)
{
	if (!first || !*first)
		return;
	if (!last || !*last || strcmp(first, last) == 0) {
		ev_bibentry_set(e, EV_REF_PAGES, first, strlen(first), origin, line);
		return;
	}
	char *p = ev_xasprintf("%s-%s", first, last);
	ev_bibentry_set(e, EV_REF_PAGES, p, strlen(p), origin, line);
	free(p);
}
