/*
 * pubmed.c: PubMed's records, read with care.
 *
 * PubMed's exports are made for people, not programs: the CSV export puts
 * volume, issue and pages inside one "Citation" string, authors are
 * "Family Initials" with family names of several words ("van der Meer
 * IM"), MEDLINE abbreviates page ranges ("1135-44"), and the study design
 * is only implied by publication types. Everything here turns those into
 * the plain fields of a study, without guessing: what cannot be told is
 * left empty for a curator (see docs/pubmed.md for every rule).
 */
#include "pubmed.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- small string helpers ------------------------------------------- */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Bounds of s[0..n) without surrounding white space. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/* A trimmed copy of s[0..n), or NULL when nothing is left. Allocates. */
static char *dup_trim(const char *s, size_t n)
{
	trim(&s, &n);
	return n ? ev_xstrndup(s, n) : NULL;
}

/* A period that ends a part of a citation: followed by a space or the end. */
static int is_stop(const char *p) { return p[0] == '.' && (p[1] == ' ' || p[1] == '\0'); }

/* The plausible publication year whose four digits start p, followed by
 * the end of the date's first word; 0 when there is none. */
static int year_at(const char *p)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		y = y * 10 + (p[i] - '0');
	}
	char e = p[4];
	return y >= 1800 && y <= 2100 && (e == ' ' || e == ';' || e == ':' || e == '.' || e == '\0') ? y : 0;
}

/* ---- page ranges ---------------------------------------------------- */

/* Splits "e123S" into letters, digits, letters. Returns 0 when the whole
 * text has that shape with at least one digit. */
static int page_parts(const char *s, size_t n, size_t *p, size_t *d)
{
	size_t i = 0;
	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	*p = i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	*d = i - *p;
	if (*d == 0)
		return -1;
	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	return i == n ? 0 : -1;
}

static void expand_range(struct ev_buf *b, const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	size_t p1, d1, p2, d2;
	if (dash && !memchr(dash + 1, '-', n - (size_t)(dash - s) - 1)) {
		const char *a = s, *z = dash + 1;
		size_t an = (size_t)(dash - s), zn = n - an - 1;
		if (page_parts(a, an, &p1, &d1) == 0 && page_parts(z, zn, &p2, &d2) == 0) {
			size_t s1 = an - p1 - d1, s2 = zn - p2 - d2;
			int same_p = p2 == 0 || (p2 == p1 && memcmp(a, z, p1) == 0);
			int same_s = s2 == 0 || (s2 == s1 && memcmp(a + p1 + d1, z + p2 + d2, s1) == 0);
			char full[64];
			size_t fl = d2 < d1 ? d1 : d2;
			if (same_p && same_s && fl < sizeof full) {
				/* "1135-44": the end's missing leading digits are the start's. */
				if (d2 < d1)
					memcpy(full, a + p1, d1 - d2);
				memcpy(full + fl - d2, z + p2, d2);
				full[fl] = '\0';
				/* Only a range that goes up is an abbreviation. */
				if (fl > d1 || memcmp(full, a + p1, d1) > 0) {
					ev_buf_add(b, a, an);
					ev_buf_addc(b, '-');
					ev_buf_add(b, a, p1);
					ev_buf_add(b, full, fl);
					ev_buf_add(b, a + p1 + d1, s1);
					return;
				}
			}
		}
	}
	ev_buf_add(b, s, n);
}

char *ev_pages_expand(const char *pages)
{
	struct ev_buf b = EV_BUF_INIT;
	const char *p = pages;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *part = p;
		size_t pn = n;
		/* Keep the spacing around each part as it was. */
		while (pn && *part == ' ') {
			ev_buf_addc(&b, ' ');
			part++;
			pn--;
		}
		size_t tail = 0;
		while (pn && part[pn - 1] == ' ') {
			pn--;
			tail++;
		}
		expand_range(&b, part, pn);
		for (size_t i = 0; i < tail; i++)
			ev_buf_addc(&b, ' ');
		if (!comma)
			break;
		ev_buf_addc(&b, ',');
		p = comma + 1;
	}
	return ev_buf_take(&b);
}

/* ---- citations ------------------------------------------------------ */

void ev_citation_free(struct ev_citation *c)
{
	free(c->journal);
	free(c->date);
	free(c->volume);
	free(c->issue);
	free(c->pages);
	free(c->doi);
	memset(c, 0, sizeof *c);
}

/* "doi: 10.xxx/yyy." anywhere in the text: up to the next white space,
 * without the period that ends the sentence. */
static char *find_doi(const char *text)
{
	const char *p = text;
	while ((p = strstr(p, "doi:")) != NULL) {
		if (p == text || p[-1] == ' ') {
			const char *v = p + 4, *e;
			while (*v == ' ')
				v++;
			e = v;
			while (*e && !is_space(*e))
				e++;
			while (e > v && (e[-1] == '.' || e[-1] == ';' || e[-1] == ','))
				e--;
			if (e > v)
				return ev_xstrndup(v, (size_t)(e - v));
		}
		p += 4;
	}
	return NULL;
}

int ev_citation_parse(const char *text, const char *journal, struct ev_citation *c)
{
	const char *d = NULL, *p;
	memset(c, 0, sizeof *c);
	c->doi = find_doi(text);

	/* The date follows the journal: look right after the journal the
	 * record names, else at the first ". YYYY" (abbreviations have no
	 * periods in NLM style, but titles of books may). */
	if (journal) {
		size_t jl = strlen(journal);
		while (jl && (journal[jl - 1] == '.' || journal[jl - 1] == ' '))
			jl--;
		if (jl && strncmp(text, journal, jl) == 0 && text[jl] == '.' && text[jl + 1] == ' ' &&
		    year_at(text + jl + 2))
			d = text + jl + 2;
	}
	for (p = text; !d && (p = strstr(p, ". ")) != NULL; p++)
		if (year_at(p + 2))
			d = p + 2;
	if (!d) {
		if (year_at(text))
			d = text; /* a citation without the journal */
		else
			return 0;
	}
	if (d > text)
		c->journal = dup_trim(text, (size_t)(d - text) - 2);
	c->year = year_at(d);

	/* The date runs to ';' (volume follows), ':' (an electronic location
	 * of an article ahead of print) or the end of the sentence. */
	for (p = d; *p && *p != ';' && *p != ':' && !is_stop(p); p++)
		;
	c->date = dup_trim(d, (size_t)(p - d));
	if (*p == ';') {
		const char *v = ++p;
		while (*p && *p != '(' && *p != ':' && !is_stop(p))
			p++;
		c->volume = dup_trim(v, (size_t)(p - v));
		if (*p == '(') {
			/* The issue, which may hold parentheses itself. */
			const char *i = ++p;
			int depth = 1;
			while (*p && depth) {
				if (*p == '(')
					depth++;
				else if (*p == ')')
					depth--;
				if (depth)
					p++;
			}
			c->issue = dup_trim(i, (size_t)(p - i));
			if (*p == ')')
				p++;
		}
	}
	if (*p == ':') {
		const char *g = ++p;
		while (*p && !is_stop(p))
			p++;
		char *raw = dup_trim(g, (size_t)(p - g));
		if (raw) {
			c->pages = ev_pages_expand(raw);
			free(raw);
		}
	}
	return 1;
}

/* ---- names and keys ------------------------------------------------- */

/* Transliterates UTF-8 text to ASCII, in the C.UTF-8 locale's tables
 * whatever the process's locale is (glibc's iconv //TRANSLIT: Müller ->
 * Muller, Strauß -> Strauss, Łukasz -> Lukasz). Characters it cannot
 * transliterate, and invalid bytes, become '?'. Appends to b. */
static void to_ascii(struct ev_buf *b, const char *s, size_t n)
{
	int ascii = 1;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	locale_t loc = ascii ? NULL : newlocale(LC_CTYPE_MASK, "C.UTF-8", NULL);
	iconv_t cd = loc ? iconv_open("ASCII//TRANSLIT", "UTF-8") : NULL;
	/* (iconv_t)-1 is how iconv_open says it failed. */
	if (!cd || cd == (iconv_t)-1) { // NOLINT(performance-no-int-to-ptr)
		/* Plain ASCII, or no transliteration to be had. */
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if ((unsigned char)c >= 0x80)
				c = '?';
			ev_buf_addc(b, c);
		}
		if (loc)
			freelocale(loc);
		return;
	}
	locale_t old = uselocale(loc);
	char *in = (char *)s;
	size_t left = n;
	while (left) {
		char out[256], *o = out;
		size_t room = sizeof out;
		size_t r = iconv(cd, &in, &left, &o, &room);
		ev_buf_add(b, out, (size_t)(o - out));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* An invalid or incomplete sequence: skip one byte. */
			ev_buf_addc(b, '?');
			in++;
			left--;
		}
	}
	iconv_close(cd);
	uselocale(old);
	freelocale(loc);
}

void ev_slug_add(struct ev_buf *b, const char *s, size_t n, size_t max)
{
	struct ev_buf a = EV_BUF_INIT;
	size_t start = b->len;
	int sep = 0;
	to_ascii(&a, s, n);
	for (size_t i = 0; i < a.len; i++) {
		char c = a.data[i];
		if (c == '\'' || c == '`')
			continue; /* O'Donnell -> odonnell */
		if (isalnum((unsigned char)c)) {
			if (sep && b->len > start)
				ev_buf_addc(b, '-');
			sep = 0;
			ev_buf_addc(b, (char)tolower((unsigned char)c));
		} else {
			sep = 1;
		}
	}
	ev_buf_free(&a);
	if (b->len - start > max) {
		/* Cut at the last '-' that keeps it within max. */
		size_t cut = start + max;
		while (cut > start && b->data[cut] != '-')
			cut--;
		b->len = cut > start ? cut : start + max;
		b->data[b->len] = '\0';
	}
}

static int is_suffix(const char *t, size_t n)
{
	static const char *const words[] = {"Jr", "Jr.", "Sr", "Sr.", "2nd", "3rd", "4th", "5th", NULL};
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], t, n) == 0)
			return 1;
	return 0;
}

/* Initials are capital letters only ("MHJ", "Ø"), at most eight. */
static int is_initials(const char *t, size_t n)
{
	struct ev_buf a = EV_BUF_INIT;
	int ok;
	to_ascii(&a, t, n);
	ok = a.len > 0 && a.len <= 8;
	/* Capitals, and a hyphen between two of them: "J-P" is Jean-Pierre's
	 * initials (MEDLINE writes them so), not part of the family name. */
	for (size_t i = 0; ok && i < a.len; i++)
		ok = (a.data[i] >= 'A' && a.data[i] <= 'Z') ||
		     (a.data[i] == '-' && i > 0 && i + 1 < a.len && a.data[i - 1] != '-');
	ev_buf_free(&a);
	return ok;
}

int ev_author_parse(const char *name, size_t n, struct ev_author *a)
{
	memset(a, 0, sizeof *a);
	trim(&name, &n);
	if (!n)
		return -1;
	size_t end = n;
	/* The last token, skipping a generational suffix. */
	for (int pass = 0; pass < 2; pass++) {
		size_t s = end;
		while (s > 0 && name[s - 1] != ' ')
			s--;
		if (s == 0)
			break; /* one word: a family or collective name */
		if (pass == 0 && is_suffix(name + s, end - s)) {
			end = s;
			while (end > 0 && name[end - 1] == ' ')
				end--;
			continue;
		}
		if (is_initials(name + s, end - s)) {
			size_t f = s;
			while (f > 0 && name[f - 1] == ' ')
				f--;
			if (f > 0) {
				a->family = name;
				a->family_len = f;
				a->initials = name + s;
				a->initials_len = end - s;
				return 0;
			}
		}
		break;
	}
	a->family = name;
	a->family_len = n;
	return 0;
}

/* Drops the period that ends a list, but not the one of "Jr." */
static void strip_final_period(const char *s, size_t *n)
{
	if (*n && s[*n - 1] == '.' && !(*n >= 3 && (memcmp(s + *n - 3, "Jr.", 3) == 0 || memcmp(s + *n - 3, "Sr.", 3) == 0)))
		(*n)--;
}

int ev_authors_each(const char *list, int (*fn)(void *ud, const char *name, size_t n), void *ud)
{
	const char *p = list;
	int count = 0;
	while (*p) {
		const char *comma = strchr(p, ',');
		const char *s = p;
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		trim(&s, &n);
		if (!comma)
			strip_final_period(s, &n);
		if (n) {
			count++;
			if (fn && fn(ud, s, n))
				break;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return count;
}

char *ev_key_base(const char *family, size_t family_len, int year, const char *title)
{
	static const char *const skip[] = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "with",
					   "is", "are", "does", "do", "what", "how", "why", "effect", "effects",
					   "not", "available", NULL};
	struct ev_buf b = EV_BUF_INIT;
	if (family)
		ev_slug_add(&b, family, family_len, 40);
	if (!b.len && title) {
		/* No author: the first significant word of the title. */
		struct ev_buf words = EV_BUF_INIT;
		ev_slug_add(&words, title, strlen(title), 1000);
		for (char *w = words.data; w && *w && !b.len;) {
			char *e = strchr(w, '-');
			size_t n = e ? (size_t)(e - w) : strlen(w);
			int common = 0;
			for (int i = 0; skip[i] && !common; i++)
				common = strlen(skip[i]) == n && memcmp(skip[i], w, n) == 0;
			if (!common && !isdigit((unsigned char)w[0]))
				ev_buf_add(&b, w, n > 30 ? 30 : n);
			w = e ? e + 1 : w + n;
		}
		ev_buf_free(&words);
	}
	if (!b.len)
		ev_buf_adds(&b, "study");
	if (year > 0)
		ev_buf_addf(&b, "-%d", year);
	else
		ev_buf_adds(&b, "-nd");
	return ev_buf_take(&b);
}

void ev_key_candidate(struct ev_buf *b, const char *base, unsigned n)
{
	char letters[16];
	int k = 0;
	ev_buf_reset(b);
	ev_buf_adds(b, base);
	if (n == 0)
		return;
	/* Bijective base 26 of n + 1: 2 -> b, 26 -> z, 27 -> aa. The base
	 * itself plays "a". */
	unsigned long v = (unsigned long)n + 1;
	while (v > 0 && k < (int)sizeof letters) {
		v--;
		letters[k++] = (char)('a' + v % 26);
		v /= 26;
	}
	ev_buf_addc(b, '-');
	while (k > 0)
		ev_buf_addc(b, letters[--k]);
}

/* ---- publication types ---------------------------------------------- */

/* In order of precedence: the first type a record has decides. What the
 * publication says it *is* goes first (a meta-analysis of trials is a
 * meta-analysis; a systematic review is also indexed "Review"), and
 * veterinary types before the human ones, since their subjects are
 * animals whatever the design. */
static const struct {
	const char *type;
	enum ev_design design;
} pubtypes[] = {
	{"Meta-Analysis", EV_DESIGN_META_ANALYSIS},
	{"Network Meta-Analysis", EV_DESIGN_META_ANALYSIS},
	{"Systematic Review", EV_DESIGN_SYSTEMATIC_REVIEW},
	{"Randomized Controlled Trial, Veterinary", EV_DESIGN_ANIMAL},
	{"Clinical Trial, Veterinary", EV_DESIGN_ANIMAL},
	{"Observational Study, Veterinary", EV_DESIGN_ANIMAL},
	{"Randomized Controlled Trial", EV_DESIGN_RCT},
	{"Controlled Clinical Trial", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Clinical Trial, Phase I", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Clinical Trial, Phase II", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Clinical Trial, Phase III", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Clinical Trial, Phase IV", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Clinical Trial", EV_DESIGN_NON_RANDOMIZED_TRIAL},
	{"Case Reports", EV_DESIGN_CASE_SERIES},
	{"Review", EV_DESIGN_REVIEW},
	{"Scoping Review", EV_DESIGN_REVIEW},
};

enum ev_design ev_pubtype_design(const char *const *types, int n)
{
	for (size_t k = 0; k < sizeof pubtypes / sizeof pubtypes[0]; k++)
		for (int i = 0; i < n; i++)
			if (strcmp(types[i], pubtypes[k].type) == 0)
				return pubtypes[k].design;
	return EV_DESIGN_NONE;
}

int ev_pubtype_is_generic(const char *type)
{
	return strcmp(type, "Journal Article") == 0 || strcmp(type, "English Abstract") == 0 ||
	       strncmp(type, "Research Support", 16) == 0;
}

/* ---- references ----------------------------------------------------- */

const char *const ev_ref_columns[] = {"title", "authors", "journal", "year", "volume",
				      "issue", "pages",   "doi",     "pmid", NULL};

const char *const ev_pubmed_columns[] = {"PMID",	     "Title", "Authors",  "Citation",
					 "First Author",     "Journal/Book", "Publication Year",
					 "Create Date",	     "PMCID", "NIHMS ID", "DOI", NULL};

int ev_pubmed_column(const char *name)
{
	const char *s = name;
	size_t n = strlen(name);
	trim(&s, &n);
	for (int i = 0; ev_pubmed_columns[i]; i++)
		if (strlen(ev_pubmed_columns[i]) == n && memcmp(ev_pubmed_columns[i], s, n) == 0)
			return i;
	return -1;
}

void ev_ref_free(struct ev_ref *ref)
{
	for (int i = 0; i < EV_REF_COUNT; i++)
		free(ref->value[i]);
	free(ref->family);
	free(ref->hint);
	free(ref->pt_problem);
	memset(ref, 0, sizeof *ref);
}

static void set(struct ev_ref *ref, enum ev_ref_field f, char *v, const char *origin, long line)
{
	free(ref->value[f]);
	ref->value[f] = v;
	ref->origin[f] = origin;
	ref->line[f] = line;
}

/* A title without PubMed's closing period; "[Not Available]" is none. */
static char *clean_title(const char *s, size_t n)
{
	trim(&s, &n);
	if (n && s[n - 1] == '.' && !(n >= 2 && s[n - 2] == '.'))
		n--;
	trim(&s, &n);
	if (!n || (n == 15 && memcmp(s, "[Not Available]", 15) == 0))
		return NULL;
	return ev_xstrndup(s, n);
}

/* An author list without its closing period. */
static char *clean_authors(const char *s, size_t n)
{
	trim(&s, &n);
	strip_final_period(s, &n);
	return dup_trim(s, n);
}

struct first_name {
	const char *s;
	size_t n;
};

static int take_first(void *ud, const char *name, size_t n)
{
	struct first_name *f = ud;
	f->s = name;
	f->n = n;
	return 1;
}

/* Sets ref->family from one "Family Initials" name. */
static void family_from(struct ev_ref *ref, const char *name, size_t n)
{
	struct ev_author a;
	free(ref->family);
	ref->family = NULL;
	if (ev_author_parse(name, n, &a) == 0)
		ref->family = ev_xstrndup(a.family, a.family_len);
}

static char *year_text(int year) { return year > 0 ? ev_xasprintf("%d", year) : NULL; }

void ev_ref_from_csv(struct ev_ref *ref, const char *const value[EV_PM_COUNT], long line)
{
	struct ev_citation c;
	memset(ref, 0, sizeof *ref);
	ref->start = line;
	ref->design = EV_DESIGN_NONE;
	ref->format = "CSV";
#define COL(i) (value[i] ? value[i] : "")
	set(ref, EV_REF_PMID, dup_trim(COL(EV_PM_PMID), strlen(COL(EV_PM_PMID))), "PMID", line);
	set(ref, EV_REF_TITLE, clean_title(COL(EV_PM_TITLE), strlen(COL(EV_PM_TITLE))), "Title", line);
	set(ref, EV_REF_AUTHORS, clean_authors(COL(EV_PM_AUTHORS), strlen(COL(EV_PM_AUTHORS))), "Authors", line);
	set(ref, EV_REF_JOURNAL, dup_trim(COL(EV_PM_JOURNAL), strlen(COL(EV_PM_JOURNAL))), "Journal/Book", line);
	set(ref, EV_REF_YEAR, dup_trim(COL(EV_PM_YEAR), strlen(COL(EV_PM_YEAR))), "Publication Year", line);
	set(ref, EV_REF_DOI, dup_trim(COL(EV_PM_DOI), strlen(COL(EV_PM_DOI))), "DOI", line);

	ev_citation_parse(COL(EV_PM_CITATION), ref->value[EV_REF_JOURNAL], &c);
	set(ref, EV_REF_VOLUME, c.volume, "Citation", line);
	set(ref, EV_REF_ISSUE, c.issue, "Citation", line);
	set(ref, EV_REF_PAGES, c.pages, "Citation", line);
	c.volume = c.issue = c.pages = NULL;
	if (!ref->value[EV_REF_JOURNAL] && c.journal) {
		set(ref, EV_REF_JOURNAL, c.journal, "Citation", line);
		c.journal = NULL;
	}
	if (!ref->value[EV_REF_YEAR] && c.year)
		set(ref, EV_REF_YEAR, year_text(c.year), "Citation", line);
	if (!ref->value[EV_REF_DOI] && c.doi) {
		set(ref, EV_REF_DOI, c.doi, "Citation", line);
		c.doi = NULL;
	}
	ev_citation_free(&c);

	/* The first author: its own column, else the head of the list. */
	const char *fa = COL(EV_PM_FIRST_AUTHOR);
	struct first_name f = {NULL, 0};
	size_t fn = strlen(fa);
	trim(&fa, &fn);
	if (fn)
		family_from(ref, fa, fn);
	else if (ref->value[EV_REF_AUTHORS] && ev_authors_each(ref->value[EV_REF_AUTHORS], take_first, &f))
		family_from(ref, f.s, f.n);
#undef COL
}

/* "Knapen, Marjo H J" -> "Knapen MHJ": the AU form from a full name. */
static void au_from_fau(struct ev_buf *b, const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	if (!comma) {
		ev_buf_add(b, s, n);
		return;
	}
	const char *f = s;
	size_t fn = (size_t)(comma - s);
	trim(&f, &fn);
	ev_buf_add(b, f, fn);
	int first = 1;
	for (const char *p = comma + 1; p < s + n; p++) {
		int starts = (p == comma + 1 || p[-1] == ' ' || p[-1] == '-') && *p != ' ' && *p != '-';
		if (!starts)
			continue;
		if (first)
			ev_buf_addc(b, ' ');
		first = 0;
		/* The whole first character, even when it is not ASCII. */
		size_t len = 1;
		while (p + len < s + n && ((unsigned char)p[len] & 0xC0) == 0x80)
			len++;
		if (len == 1)
			ev_buf_addc(b, (char)toupper((unsigned char)*p));
		else
			ev_buf_add(b, p, len);
	}
}

/* Keeps the first problem a note's text has. */
static void hint_problem(void *ud, const char *column, const char *msg)
{
	struct ev_ref *ref = ud;
	(void)column;
	if (!ref->pt_problem)
		ref->pt_problem = ev_xstrdup(msg);
}

/* Whether a publication type is text as import takes it (valid UTF-8, no
 * control characters), by the rule of the notes it goes into: else it is
 * kept as the record's problem (ev_ref_to_record reports it) and left out,
 * since a study whose notes import would refuse could not be dumped and
 * imported again. A damaged file is refused like any other. */
static int type_is_text(struct ev_ref *ref, const char *type)
{
	struct ev_record r = {0};
	ev_record_reset(&r, EV_STUDY);
	int ok = ev_validate_field(&r, ev_field_index(EV_STUDY, "notes"), type, strlen(type), hint_problem, ref) == 0;
	ev_record_free(&r);
	return ok;
}

void ev_ref_from_medline(struct ev_ref *ref, const struct ev_medline_record *rec)
{
	const struct ev_medline_field *f;
	struct ev_buf authors = EV_BUF_INIT, hint = EV_BUF_INIT;
	int nau = 0, naut = 0;
	static const char *const tags[EV_REF_COUNT] = {"TI", "AU", "TA", "DP", "VI", "IP", "PG", "LID", "PMID"};
	memset(ref, 0, sizeof *ref);
	ref->start = rec->line;
	ref->design = EV_DESIGN_NONE;
	ref->format = "MEDLINE";
	/* Where a missing field would have been, for messages about it. */
	for (int i = 0; i < EV_REF_COUNT; i++) {
		ref->origin[i] = tags[i];
		ref->line[i] = rec->line;
	}

	if ((f = ev_medline_get(rec, "PMID", NULL)))
		set(ref, EV_REF_PMID, dup_trim(f->value, f->len), "PMID", f->line);
	if ((f = ev_medline_get(rec, "TI", NULL)) || (f = ev_medline_get(rec, "BTI", NULL)))
		set(ref, EV_REF_TITLE, clean_title(f->value, f->len), f->tag[0] == 'B' ? "BTI" : "TI", f->line);
	if ((f = ev_medline_get(rec, "TA", NULL)) || (f = ev_medline_get(rec, "JT", NULL)))
		set(ref, EV_REF_JOURNAL, dup_trim(f->value, f->len), f->tag[0] == 'T' ? "TA" : "JT", f->line);
	if ((f = ev_medline_get(rec, "DP", NULL))) {
		/* "2015 May", "2004 Winter", rarely "Winter 2004": the first year. */
		for (const char *y = f->value; *y; y++)
			if ((y == f->value || y[-1] == ' ') && year_at(y)) {
				set(ref, EV_REF_YEAR, ev_xstrndup(y, 4), "DP", f->line);
				break;
			}
	}
	if ((f = ev_medline_get(rec, "VI", NULL)))
		set(ref, EV_REF_VOLUME, dup_trim(f->value, f->len), "VI", f->line);
	if ((f = ev_medline_get(rec, "IP", NULL)))
		set(ref, EV_REF_ISSUE, dup_trim(f->value, f->len), "IP", f->line);
	if ((f = ev_medline_get(rec, "PG", NULL))) {
		char *raw = dup_trim(f->value, f->len);
		set(ref, EV_REF_PAGES, raw ? ev_pages_expand(raw) : NULL, "PG", f->line);
		free(raw);
	}
	/* The DOI: the location ID or article ID marked [doi]. */
	for (int pass = 0; pass < 2 && !ref->value[EV_REF_DOI]; pass++) {
		const char *tag = pass ? "AID" : "LID";
		int at = -1;
		while ((f = ev_medline_get(rec, tag, &at))) {
			if (f->len > 6 && strcmp(f->value + f->len - 6, " [doi]") == 0) {
				set(ref, EV_REF_DOI, dup_trim(f->value, f->len - 6), pass ? "AID" : "LID", f->line);
				break;
			}
		}
	}

	/* Authors in the record's order: AU (else FAU made short) and
	 * collective names (CN). The first decides the key. */
	for (int i = 0; i < rec->nfields; i++)
		naut += strcmp(rec->field[i].tag, "AU") == 0;
	long first_line = 0;
	for (int i = 0; i < rec->nfields; i++) {
		const struct ev_medline_field *x = &rec->field[i];
		int au = strcmp(x->tag, "AU") == 0, fau = strcmp(x->tag, "FAU") == 0, cn = strcmp(x->tag, "CN") == 0;
		if (!(au || fau || cn) || !x->len)
			continue;
		if (!ref->family) {
			const char *s = x->value;
			size_t n = x->len;
			if (fau && memchr(s, ',', n))
				n = (size_t)((const char *)memchr(s, ',', n) - s);
			if (cn || fau) {
				trim(&s, &n);
				ref->family = ev_xstrndup(s, n);
			} else {
				family_from(ref, s, n);
			}
		}
		if ((au && naut) || (fau && !naut) || cn) {
			if (nau++)
				ev_buf_adds(&authors, ", ");
			else
				first_line = x->line;
			if (fau)
				au_from_fau(&authors, x->value, x->len);
			else
				ev_buf_add(&authors, x->value, x->len);
		}
	}
	if (nau)
		set(ref, EV_REF_AUTHORS, ev_buf_take(&authors), naut ? "AU" : "FAU", first_line);
	ev_buf_free(&authors);

	/* Publication types: the design, retraction, and a hint for curators. */
	const char *types[64] = {NULL}; /* types[0 .. nt) is read */
	int nt = 0, at = -1;
	while ((f = ev_medline_get(rec, "PT", &at)) && nt < 64) {
		types[nt++] = f->value;
		if (strcmp(f->value, "Retracted Publication") == 0)
			ref->retracted = 1;
		if (!ev_pubtype_is_generic(f->value) && type_is_text(ref, f->value))
			ev_buf_addf(&hint, "%s%s", hint.len ? "; " : "", f->value);
	}
	ref->design = ev_pubtype_design(types, nt);
	if (hint.len)
		ref->hint = ev_buf_take(&hint);
	ev_buf_free(&hint);

	/* What the tags lack, the SO citation may have. */
	if ((f = ev_medline_get(rec, "SO", NULL))) {
		struct ev_citation c;
		long line = f->line;
		ev_citation_parse(f->value, ref->value[EV_REF_JOURNAL], &c);
		if (!ref->value[EV_REF_VOLUME] && c.volume)
			set(ref, EV_REF_VOLUME, c.volume, "SO", line), c.volume = NULL;
		if (!ref->value[EV_REF_ISSUE] && c.issue)
			set(ref, EV_REF_ISSUE, c.issue, "SO", line), c.issue = NULL;
		if (!ref->value[EV_REF_PAGES] && c.pages)
			set(ref, EV_REF_PAGES, c.pages, "SO", line), c.pages = NULL;
		if (!ref->value[EV_REF_DOI] && c.doi)
			set(ref, EV_REF_DOI, c.doi, "SO", line), c.doi = NULL;
		if (!ref->value[EV_REF_YEAR] && c.year)
			set(ref, EV_REF_YEAR, year_text(c.year), "SO", line);
		if (!ref->value[EV_REF_JOURNAL] && c.journal)
			set(ref, EV_REF_JOURNAL, c.journal, "SO", line), c.journal = NULL;
		ev_citation_free(&c);
	}
}

int ev_ref_to_record(const struct ev_ref *ref, struct ev_record *r, unsigned char *present,
		     ev_problem_fn problem, void *ud)
{
	int problems = 0;
	ev_record_reset(r, EV_STUDY);
	memset(present, 0, EV_MAX_FIELDS);
	for (int i = 0; i < EV_REF_COUNT; i++) {
		const char *v = ref->value[i];
		if (!v)
			continue;
		int idx = ev_field_index(EV_STUDY, ev_ref_columns[i]);
		if (ev_validate_field(r, idx, v, strlen(v), problem, ud))
			problems++;
		else
			present[idx] = 1;
	}
	if (ref->pt_problem) {
		problem(ud, "PT", ref->pt_problem);
		problems++;
	}
	return problems;
}

static void put(struct ev_record *r, unsigned char *present, const char *column, const char *value)
{
	int idx = ev_field_index(EV_STUDY, column);
	ev_record_set_text(r, idx, value, strlen(value));
	present[idx] = 1;
}

void ev_ref_new_study(const struct ev_ref *ref, struct ev_record *r, unsigned char *present)
{
	int can_retract = ref->retracted && ref->design != EV_DESIGN_NONE && ref->value[EV_REF_AUTHORS] &&
			  ref->value[EV_REF_YEAR];
	put(r, present, "status", can_retract ? "retracted" : "unverified");
	if (ref->design != EV_DESIGN_NONE)
		put(r, present, "design", ev_design_names[ref->design]);
	char *source = ref->value[EV_REF_PMID]
			       ? ev_xasprintf("PubMed %s export, PMID %s", ref->format, ref->value[EV_REF_PMID])
			       : ev_xasprintf("PubMed %s export", ref->format);
	put(r, present, "source", source);
	free(source);
	if (ref->hint) {
		char *notes = ev_xasprintf("PubMed publication types: %s", ref->hint);
		put(r, present, "notes", notes);
		free(notes);
	}
}
