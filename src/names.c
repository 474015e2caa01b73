/*
 * names.c: author lists. Our records keep authors the way PubMed and
 * Vancouver references write them ("Geleijnse JM, Vermeer C, ..., van der
 * Meer IM" or "Schurgers LJ, et al."), because that is what curators copy
 * from the sources. Every citation format (cite.c), every key made from a
 * first author (import) and every reference manager's list read back
 * (ev_names_store) goes through this one parse, so a name is split the
 * same way everywhere.
 *
 * Character classes of non-ASCII letters come from the C library
 * (iswupper/iswlower under the UTF-8 LC_CTYPE main sets), as in util.c.
 */
#include "names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "et al.", "et al", "et. al.", "and others", "others", "...": the list
 * goes on. */
static int is_et_al(const char *s, size_t n)
{
	char w[16];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == ' ')
			continue;
		if (k + 1 >= sizeof w)
			return 0;
		w[k++] = (char)tolower((unsigned char)s[i]);
	}
	w[k] = '\0';
	if (k == 0)
		return n >= 3; /* "..." */
	return strcmp(w, "etal") == 0 || strcmp(w, "andothers") == 0 || strcmp(w, "others") == 0;
}

/* Generational suffixes as Vancouver lists them after the initials. */
int ev_name_is_suffix(const char *s, size_t n)
{
	static const char *const suffixes[] = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd", "4th", NULL};
	if (n < 2 || n > 3) /* every entry is checked: reject most at once */
		return 0;
	for (int i = 0; suffixes[i]; i++)
		if (strlen(suffixes[i]) == n && memcmp(suffixes[i], s, n) == 0)
			return 1;
	return 0;
}

/* A token of initials: 1 to 6 capital letters, perhaps with periods
 * ("J.M.") and hyphens between letters ("J-P"). */
int ev_name_is_initials(const char *s, size_t n)
{
	int letters = 0, prev_hyphen = 1;
	size_t i = 0;
	while (i < n) {
		unsigned long cp;
		size_t len = ev_utf8_next(s + i, n - i, &cp);
		if (cp == '.') {
			i += len;
			continue;
		}
		if (cp == '-') {
			if (prev_hyphen)
				return 0;
			prev_hyphen = 1;
		} else if (ev_cp_is_upper(cp)) {
			letters++;
			prev_hyphen = 0;
		} else {
			return 0;
		}
		i += len;
	}
	return letters >= 1 && letters <= 6 && !prev_hyphen;
}

/* Whether a word of a family name is a particle: it starts (after any
 * apostrophe) with a lowercase letter, as "van", "der", "de", "'t". */
static int starts_lower(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == '\'' || s[i] == '`'))
		i++;
	if (i >= n)
		return 0;
	unsigned long cp;
	ev_utf8_next(s + i, n - i, &cp);
	return ev_cp_is_lower(cp);
}

/* While a list is parsed, the text of its names goes into one buffer (the
 * store) and each part is named by its offset + 1 (0: none); the parts
 * become pointers when the store has stopped growing. One allocation per
 * list instead of one per part: an export of a million studies parses a
 * million lists. */
struct parts {
	size_t family, particle, given, initials, suffix;
	int literal;
};

/* Appends s[0..n) and a terminator to the store; returns its name. */
static size_t put(struct ev_buf *sto, const char *s, size_t n)
{
	size_t at = sto->len;
	ev_buf_add(sto, s, n);
	ev_buf_addc(sto, '\0');
	return at + 1;
}

/* Vancouver initials from written initials: periods and spaces dropped,
 * hyphens kept ("J.-P." gives "J-P", "J. M." gives "JM"). */
static size_t put_clean_initials(struct ev_buf *sto, const char *s, size_t n)
{
	size_t at = sto->len;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '.' && s[i] != ' ')
			ev_buf_addc(sto, s[i]);
	ev_buf_addc(sto, '\0');
	return at + 1;
}

/* Appends given names made from initials: "JM" gives "J. M.", "J-P" gives
 * "J.-P.". */
void ev_initials_add_given(struct ev_buf *b, const char *ini)
{
	size_t start = b->len;
	for (const char *p = ini; *p;) {
		unsigned long cp;
		size_t len = ev_utf8_at(p, &cp);
		if (cp == '-') {
			ev_buf_addc(b, '-');
		} else {
			if (b->len > start && b->data[b->len - 1] == '.')
				ev_buf_addc(b, ' ');
			ev_buf_add(b, p, len);
			ev_buf_addc(b, '.');
		}
		p += len;
	}
}

/* The given names made from the initials named `ini` in the store. */
static size_t put_given_from_initials(struct ev_buf *sto, size_t ini)
{
	/* Room first, so the initials do not move while they are read: each
	 * character gives at most itself, a period and a space. */
	size_t n = strlen(sto->data + ini - 1);
	ev_buf_grow(sto, 3 * n + 1);
	size_t at = sto->len;
	ev_initials_add_given(sto, sto->data + ini - 1);
	ev_buf_addc(sto, '\0');
	return at + 1;
}

/* Initials from written given names g[0..n): the first letter of each
 * name, a hyphen kept between the parts of a hyphenated name ("Jean-Paul"
 * gives "J-P", "John A." gives "JA"). 0 when there are none. */
static size_t put_initials_from_given(struct ev_buf *sto, const char *g, size_t n)
{
	size_t at = sto->len;
	int at_start = 1, hyphen = 0;
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		size_t len = ev_utf8_next(g + i, n - i, &cp);
		if (cp == ' ' || cp == '.') {
			at_start = 1;
		} else if (cp == '-') {
			at_start = 1;
			hyphen = 1;
		} else if (at_start && ev_cp_is_letter(cp)) {
			if (ev_cp_is_upper(cp)) {
				if (hyphen && sto->len > at)
					ev_buf_addc(sto, '-');
				ev_buf_add(sto, g + i, len);
			}
			at_start = 0;
			hyphen = 0;
		} else {
			at_start = 0;
		}
		i += len;
	}
	if (sto->len == at)
		return 0;
	ev_buf_addc(sto, '\0');
	return at + 1;
}

/* Splits family-name words [0, n) of s into particle and family name. */
static void split_family(struct parts *pt, struct ev_buf *sto, const char *s, const size_t *st, const size_t *ln,
			 int n)
{
	int p = 0;
	while (p < n - 1 && starts_lower(s + st[p], ln[p]))
		p++;
	if (p > 0)
		pt->particle = put(sto, s + st[0], st[p - 1] + ln[p - 1] - st[0]);
	pt->family = put(sto, s + st[p], st[n - 1] + ln[n - 1] - st[p]);
}

#define MAX_WORDS 64

static int words(const char *s, size_t n, size_t *st, size_t *ln)
{
	int k = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t a = i;
		while (i < n && s[i] != ' ')
			i++;
		if (k == MAX_WORDS)
			return -1;
		st[k] = a;
		ln[k] = i - a;
		k++;
	}
	return k;
}

/* "van der Meer IM", "King JT Jr", "World Health Organization". */
static void parse_vancouver(struct parts *pt, struct ev_buf *sto, const char *s, size_t n)
{
	size_t st[MAX_WORDS], ln[MAX_WORDS];
	int k = words(s, n, st, ln);
	if (k >= 3 && ev_name_is_suffix(s + st[k - 1], ln[k - 1]) && ev_name_is_initials(s + st[k - 2], ln[k - 2])) {
		pt->suffix = put(sto, s + st[k - 1], ln[k - 1]);
		k--;
	}
	if (k >= 2 && ev_name_is_initials(s + st[k - 1], ln[k - 1])) {
		int first = k - 1;
		/* "Smith J. M.": initials written apart, each with its period. */
		while (first - 1 >= 1 && s[st[first - 1] + ln[first - 1] - 1] == '.' &&
		       ev_name_is_initials(s + st[first - 1], ln[first - 1]))
			first--;
		pt->initials = put_clean_initials(sto, s + st[first], st[k - 1] + ln[k - 1] - st[first]);
		pt->given = put_given_from_initials(sto, pt->initials);
		split_family(pt, sto, s, st, ln, first);
		return;
	}
	pt->suffix = 0;
	pt->literal = 1;
	pt->family = put(sto, s, n);
}

/* "van der Meer, Irene M.[, Jr.]" */
static void parse_family_given(struct parts *pt, struct ev_buf *sto, const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	size_t fl = (size_t)(comma - s);
	size_t st[MAX_WORDS], ln[MAX_WORDS];
	while (fl && s[fl - 1] == ' ')
		fl--;
	int k = words(s, fl, st, ln);
	if (k <= 0) {
		pt->literal = 1;
		pt->family = put(sto, s, n);
		return;
	}
	split_family(pt, sto, s, st, ln, k);
	const char *g = comma + 1, *end = s + n;
	const char *comma2 = memchr(g, ',', (size_t)(end - g));
	const char *ge = comma2 ? comma2 : end;
	while (g < ge && *g == ' ')
		g++;
	while (ge > g && ge[-1] == ' ')
		ge--;
	if (ge > g) {
		pt->given = put(sto, g, (size_t)(ge - g));
		pt->initials = put_initials_from_given(sto, g, (size_t)(ge - g));
	}
	if (comma2) {
		const char *x = comma2 + 1;
		while (x < end && *x == ' ')
			x++;
		if (x < end)
			pt->suffix = put(sto, x, (size_t)(end - x));
	}
}

static char *part(char *store, size_t name) { return name ? store + name - 1 : NULL; }

void ev_names_parse(const char *authors, struct ev_names *out)
{
	struct ev_buf tmp = EV_BUF_INIT, sto = EV_BUF_INIT;
	struct parts *pt = NULL;
	int cap = 0, n = 0;
	memset(out, 0, sizeof *out);
	size_t slen;
	const char *s = ev_spaces_folded(authors, &tmp, &slen);
	if (!s)
		goto done;
	/* Room for the usual list at once: family names, given names (up to
	 * three bytes per initial) and initials. */
	ev_buf_grow(&sto, 4 * slen + 64);
	int semi = strchr(s, ';') != NULL;
	char sep = semi ? ';' : ',';
	for (const char *p = s; *p;) {
		const char *e = strchr(p, sep);
		const char *end = e ? e : p + strlen(p);
		const char *a = p;
		while (a < end && *a == ' ')
			a++;
		size_t len = (size_t)(end - a);
		while (len && a[len - 1] == ' ')
			len--;
		/* "..., and Lee M" or "..., & Lee M" */
		if (len > 4 && strncmp(a, "and ", 4) == 0) {
			a += 4;
			len -= 4;
		} else if (len > 2 && strncmp(a, "& ", 2) == 0) {
			a += 2;
			len -= 2;
		}
		p = e ? e + 1 : end;
		if (len == 0)
			continue;
		if (is_et_al(a, len)) {
			out->et_al = 1;
			continue;
		}
		/* "King JT, Jr": a suffix split off by a comma. */
		if (n > 0 && ev_name_is_suffix(a, len) && !pt[n - 1].literal && !pt[n - 1].suffix) {
			pt[n - 1].suffix = put(&sto, a, len);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			pt = ev_xrealloc(pt, (size_t)cap * sizeof *pt);
		}
		memset(&pt[n], 0, sizeof pt[n]);
		if (semi && memchr(a, ',', len))
			parse_family_given(&pt[n], &sto, a, len);
		else
			parse_vancouver(&pt[n], &sto, a, len);
		n++;
	}
	if (n) {
		out->store = ev_buf_take(&sto);
		out->v = ev_xcalloc((size_t)n, sizeof *out->v);
		out->n = n;
		for (int i = 0; i < n; i++) {
			struct ev_name *nm = &out->v[i];
			nm->family = part(out->store, pt[i].family);
			nm->particle = part(out->store, pt[i].particle);
			nm->given = part(out->store, pt[i].given);
			nm->initials = part(out->store, pt[i].initials);
			nm->suffix = part(out->store, pt[i].suffix);
			nm->literal = pt[i].literal;
		}
	}
done:
	free(pt);
	ev_buf_free(&sto);
	ev_buf_free(&tmp);
}

void ev_names_free(struct ev_names *names)
{
	free(names->v);
	free(names->store);
	memset(names, 0, sizeof *names);
}

/* The suffix with its period where APA, BibTeX and CSL want one: "Jr."
 * and "Sr."; others as written. Borrowed. */
const char *ev_name_suffix_dotted(const char *sfx)
{
	if (strcmp(sfx, "Jr") == 0)
		return "Jr.";
	if (strcmp(sfx, "Sr") == 0)
		return "Sr.";
	return sfx;
}

/* Family name with its particle: "van der Meer". */
void ev_name_add_family(struct ev_buf *b, const struct ev_name *nm)
{
	if (nm->particle) {
		ev_buf_adds(b, nm->particle);
		ev_buf_addc(b, ' ');
	}
	ev_buf_adds(b, nm->family);
}

/* ---- back from reference managers ------------------------------------- */

/* Whether written given names are initials only ("J. M.", "J.M.",
 * "J.-P.", "Å."), and if so their Vancouver form ("JM", "J-P") in out. */
static int initials_only(const char *g, struct ev_buf *out)
{
	ev_buf_reset(out);
	int letters = 0;
	for (const char *p = g; *p;) {
		unsigned long cp;
		size_t len = ev_utf8_at(p, &cp);
		if (cp == '.' || cp == ' ') {
			p += len;
			continue;
		}
		if (cp == '-') {
			if (!out->len || out->data[out->len - 1] == '-')
				return 0;
			ev_buf_addc(out, '-');
			p += len;
			continue;
		}
		if (!ev_cp_is_upper(cp))
			return 0;
		/* An initial stands alone: "Jo" is a name, not initials. */
		unsigned long next = 0;
		if (p[len])
			ev_utf8_at(p + len, &next);
		if (next && next != '.' && next != ' ' && next != '-')
			return 0;
		ev_buf_add(out, p, len);
		letters++;
		p += len;
	}
	if (out->len && out->data[out->len - 1] == '-')
		return 0;
	return letters >= 1 && letters <= 6;
}

char *ev_names_store(const struct ev_name_parts *v, int n, int et_al)
{
	struct ev_buf b = EV_BUF_INIT, ini = EV_BUF_INIT;
	int vancouver = 1;
	if (n == 0)
		return NULL;
	for (int i = 0; i < n && vancouver; i++) {
		const char *fam = v[i].family ? v[i].family : "";
		/* A comma in a name, or a given name that is more than
		 * initials, needs the "Family, Given;" form. */
		if (strchr(fam, ',') || strchr(fam, ';') ||
		    (!v[i].literal && v[i].given && *v[i].given && !initials_only(v[i].given, &ini)))
			vancouver = 0;
	}
	for (int i = 0; i < n; i++) {
		const struct ev_name_parts *a = &v[i];
		const char *fam = a->family ? a->family : "";
		if (i)
			ev_buf_adds(&b, vancouver ? ", " : "; ");
		if (a->literal || !a->given || !*a->given) {
			ev_buf_adds(&b, fam);
			continue;
		}
		ev_buf_adds(&b, fam);
		/* "Jr." is stored as Vancouver writes it, without the period. */
		size_t sl = a->suffix ? strlen(a->suffix) : 0;
		if (sl && a->suffix[sl - 1] == '.')
			sl--;
		if (vancouver) {
			initials_only(a->given, &ini);
			ev_buf_addc(&b, ' ');
			ev_buf_add(&b, ini.data, ini.len);
			if (sl) {
				ev_buf_addc(&b, ' ');
				ev_buf_add(&b, a->suffix, sl);
			}
		} else {
			ev_buf_addf(&b, ", %s", a->given);
			if (sl) {
				ev_buf_add(&b, ", ", 2);
				ev_buf_add(&b, a->suffix, sl);
			}
		}
	}
	if (et_al)
		ev_buf_adds(&b, vancouver ? ", et al." : "; et al.");
	ev_buf_free(&ini);
	return ev_buf_take(&b);
}
