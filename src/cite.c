/*
 * cite.c: author lists, page ranges and the citation formats.
 *
 * Our records keep authors the way PubMed and Vancouver references write
 * them ("Geleijnse JM, Vermeer C, ..., van der Meer IM" or "Schurgers LJ,
 * et al."), because that is what curators copy from the sources. Every
 * format here starts from that one parse, so a name is split the same way
 * in BibTeX, RIS, CSL-JSON and the formatted references.
 *
 * Character classes of non-ASCII letters come from the C library
 * (iswupper/iswlower under the UTF-8 LC_CTYPE main sets), as in util.c.
 */
#include "cite.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "json.h"
#include "pubmed.h"

/* ---- small text helpers ---------------------------------------------- */

/* The UTF-8 character at s (NUL-terminated), as ev_utf8_next reads it. */
static size_t dec(const char *s, unsigned long *cp) { return ev_utf8_next(s, strnlen(s, 4), cp); }

static int is_upper(unsigned long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return iswupper((wint_t)cp) != 0;
}

static int is_lower(unsigned long cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return iswlower((wint_t)cp) != 0;
}

static int is_letter(unsigned long cp) { return is_upper(cp) || is_lower(cp) || (cp >= 0x80 && iswalpha((wint_t)cp)); }

/* Returns a copy of s with runs of whitespace (spaces, tabs, line breaks)
 * folded to one space and the ends trimmed: a citation is one line.
 * Returns NULL when s is NULL or blank. Allocates. */
static char *fold(const char *s)
{
	if (!s)
		return NULL;
	struct ev_buf b = EV_BUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && b.len)
			ev_buf_addc(&b, ' ');
		space = 0;
		ev_buf_addc(&b, *s);
	}
	if (!b.len) {
		ev_buf_free(&b);
		return NULL;
	}
	return ev_buf_take(&b);
}

/* s as fold() would return it, without copying in the usual case where
 * s has nothing to fold: then s itself. Otherwise the folded copy is
 * written to *tmp (which the caller frees). NULL when s is NULL or blank.
 * Sets *len (may be NULL) to the length of the result.
 * Citations of a million studies fold every field; copying each showed
 * in profiles. */
static const char *folded(const char *s, struct ev_buf *tmp, size_t *len)
{
	if (!s || !*s || *s == ' ')
		goto fold;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c > ' ')
			continue;
		if (c == '\0') {
			if (len)
				*len = (size_t)(p - s);
			return s;
		}
		if (c == ' ' ? p[1] == ' ' || p[1] == '\0' : c == '\t' || c == '\n' || c == '\r')
			break;
	}
fold:
	if (!s)
		return NULL;
	ev_buf_reset(tmp);
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && tmp->len)
			ev_buf_addc(tmp, ' ');
		space = 0;
		ev_buf_addc(tmp, *s);
	}
	if (len)
		*len = tmp->len;
	return tmp->len ? tmp->data : NULL;
}

/* ---- author names ----------------------------------------------------- */

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
static int is_suffix(const char *s, size_t n)
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
static int is_initials(const char *s, size_t n)
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
		} else if (is_upper(cp)) {
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
	return is_lower(cp);
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
static void add_given_from_initials(struct ev_buf *b, const char *ini)
{
	size_t start = b->len;
	for (const char *p = ini; *p;) {
		unsigned long cp;
		size_t len = dec(p, &cp);
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
	add_given_from_initials(sto, sto->data + ini - 1);
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
		} else if (at_start && is_letter(cp)) {
			if (is_upper(cp)) {
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
	if (k >= 3 && is_suffix(s + st[k - 1], ln[k - 1]) && is_initials(s + st[k - 2], ln[k - 2])) {
		pt->suffix = put(sto, s + st[k - 1], ln[k - 1]);
		k--;
	}
	if (k >= 2 && is_initials(s + st[k - 1], ln[k - 1])) {
		int first = k - 1;
		/* "Smith J. M.": initials written apart, each with its period. */
		while (first - 1 >= 1 && s[st[first - 1] + ln[first - 1] - 1] == '.' &&
		       is_initials(s + st[first - 1], ln[first - 1]))
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
	const char *s = folded(authors, &tmp, &slen);
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
		if (n > 0 && is_suffix(a, len) && !pt[n - 1].literal && !pt[n - 1].suffix) {
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
static const char *suffix_dotted(const char *sfx)
{
	if (strcmp(sfx, "Jr") == 0)
		return "Jr.";
	if (strcmp(sfx, "Sr") == 0)
		return "Sr.";
	return sfx;
}

/* Family name with its particle: "van der Meer". */
static void add_full_family(struct ev_buf *b, const struct ev_name *nm)
{
	if (nm->particle) {
		ev_buf_adds(b, nm->particle);
		ev_buf_addc(b, ' ');
	}
	ev_buf_adds(b, nm->family);
}

/* ---- pages ------------------------------------------------------------ */

/* Length of the run of digits at the end of s[0..n). */
static size_t trailing_digits(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && isdigit((unsigned char)s[n - 1 - k]))
		k++;
	return k;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int ev_pages_parse(const char *pages, struct ev_pages *p)
{
	struct ev_buf tmp = EV_BUF_INIT;
	memset(p, 0, sizeof *p);
	size_t n;
	const char *s = folded(pages, &tmp, &n);
	if (!s)
		return -1;
	int rc = -1;
	if (n >= sizeof p->first)
		goto done;
	/* One separator: '-', "--" or an en dash, with a token on each side
	 * and no spaces or commas anywhere. */
	const char *sep = NULL;
	size_t seplen = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == ',' || s[i] == ';')
			goto done;
		size_t l = strncmp(s + i, "--", 2) == 0		      ? 2
			   : strncmp(s + i, "\xe2\x80\x93", 3) == 0 ? 3
			   : s[i] == '-'			      ? 1
								      : 0;
		if (!l)
			continue;
		if (sep)
			goto done;
		sep = s + i;
		seplen = l;
		i += l - 1;
	}
	if (!sep) {
		memcpy(p->first, s, n + 1);
		rc = 0;
		goto done;
	}
	size_t fl = (size_t)(sep - s);
	const char *last = sep + seplen;
	size_t ll = strlen(last);
	if (fl == 0 || ll == 0)
		goto done;
	memcpy(p->first, s, fl);
	p->first[fl] = '\0';
	memcpy(p->last, last, ll + 1);
	/* "1135-44" is 1135 to 1144; "S12-8" is S12 to S18. Expand only
	 * when the result does not go backwards. */
	size_t fd = trailing_digits(p->first, fl);
	if (all_digits(p->last) && ll < fd) {
		char full[sizeof p->first + sizeof p->last];
		snprintf(full, sizeof full, "%.*s%s", (int)(fl - ll), p->first, p->last);
		if (strtoull(full + (fl - fd), NULL, 10) >= strtoull(p->first + (fl - fd), NULL, 10))
			memcpy(p->last, full, fl + 1); /* fl < sizeof p->last */
	}
	p->range = 1;
	rc = 1;
done:
	ev_buf_free(&tmp);
	return rc;
}

/* Vancouver's abbreviated range: the leading digits the last page shares
 * with the first are dropped ("3100-3105" gives "3100-5"). */
static void add_pages_vancouver(struct ev_buf *b, const char *raw)
{
	struct ev_pages p;
	int rc = ev_pages_parse(raw, &p);
	if (rc < 0) {
		char *f = fold(raw);
		ev_buf_adds(b, f ? f : "");
		free(f);
		return;
	}
	ev_buf_adds(b, p.first);
	if (rc == 0)
		return;
	size_t fl = strlen(p.first), ll = strlen(p.last), k = 0;
	if (fl == ll)
		while (k + 1 < ll && p.first[k] == p.last[k])
			k++;
	/* At least one character stays: "3100-3105" gives "3100-5", "78-81"
	 * stays, "S12-S18" gives "S12-8". */
	ev_buf_addc(b, '-');
	ev_buf_adds(b, p.last + k);
}

/* ---- BibTeX ----------------------------------------------------------- */

/* LaTeX for characters outside ASCII, for --ascii. Accented letters are
 * in braces ({\'e}) so BibTeX treats each as one letter. */
static const struct {
	unsigned long cp;
	const char *tex;
} latex_chars[] = {
	{0x00A0, "~"},		      {0x00A9, "{\\textcopyright}"}, {0x00AE, "{\\textregistered}"},
	{0x00B0, "{\\textdegree}"},   {0x00B1, "{\\textpm}"},	     {0x00B2, "\\textsuperscript{2}"},
	{0x00B3, "\\textsuperscript{3}"}, {0x00B5, "{\\textmu}"},
	{0x00B7, "{\\textperiodcentered}"}, {0x00B9, "\\textsuperscript{1}"},
	{0x00C0, "{\\`A}"},	      {0x00C1, "{\\'A}"},	     {0x00C2, "{\\^A}"},
	{0x00C3, "{\\~A}"},	      {0x00C4, "{\\\"A}"},	     {0x00C5, "{\\AA}"},
	{0x00C6, "{\\AE}"},	      {0x00C7, "{\\c C}"},	     {0x00C8, "{\\`E}"},
	{0x00C9, "{\\'E}"},	      {0x00CA, "{\\^E}"},	     {0x00CB, "{\\\"E}"},
	{0x00CC, "{\\`I}"},	      {0x00CD, "{\\'I}"},	     {0x00CE, "{\\^I}"},
	{0x00CF, "{\\\"I}"},	      {0x00D0, "{\\DH}"},	     {0x00D1, "{\\~N}"},
	{0x00D2, "{\\`O}"},	      {0x00D3, "{\\'O}"},	     {0x00D4, "{\\^O}"},
	{0x00D5, "{\\~O}"},	      {0x00D6, "{\\\"O}"},	     {0x00D7, "{\\texttimes}"},
	{0x00D8, "{\\O}"},	      {0x00D9, "{\\`U}"},	     {0x00DA, "{\\'U}"},
	{0x00DB, "{\\^U}"},	      {0x00DC, "{\\\"U}"},	     {0x00DD, "{\\'Y}"},
	{0x00DE, "{\\TH}"},	      {0x00DF, "{\\ss}"},	     {0x00E0, "{\\`a}"},
	{0x00E1, "{\\'a}"},	      {0x00E2, "{\\^a}"},	     {0x00E3, "{\\~a}"},
	{0x00E4, "{\\\"a}"},	      {0x00E5, "{\\aa}"},	     {0x00E6, "{\\ae}"},
	{0x00E7, "{\\c c}"},	      {0x00E8, "{\\`e}"},	     {0x00E9, "{\\'e}"},
	{0x00EA, "{\\^e}"},	      {0x00EB, "{\\\"e}"},	     {0x00EC, "{\\`\\i}"},
	{0x00ED, "{\\'\\i}"},	      {0x00EE, "{\\^\\i}"},	     {0x00EF, "{\\\"\\i}"},
	{0x00F0, "{\\dh}"},	      {0x00F1, "{\\~n}"},	     {0x00F2, "{\\`o}"},
	{0x00F3, "{\\'o}"},	      {0x00F4, "{\\^o}"},	     {0x00F5, "{\\~o}"},
	{0x00F6, "{\\\"o}"},	      {0x00F7, "{\\textdiv}"},	     {0x00F8, "{\\o}"},
	{0x00F9, "{\\`u}"},	      {0x00FA, "{\\'u}"},	     {0x00FB, "{\\^u}"},
	{0x00FC, "{\\\"u}"},	      {0x00FD, "{\\'y}"},	     {0x00FE, "{\\th}"},
	{0x00FF, "{\\\"y}"},	      {0x0100, "{\\=A}"},	     {0x0101, "{\\=a}"},
	{0x0102, "{\\u A}"},	      {0x0103, "{\\u a}"},	     {0x0104, "{\\k A}"},
	{0x0105, "{\\k a}"},	      {0x0106, "{\\'C}"},	     {0x0107, "{\\'c}"},
	{0x010C, "{\\v C}"},	      {0x010D, "{\\v c}"},	     {0x010E, "{\\v D}"},
	{0x010F, "{\\v d}"},	      {0x0110, "{\\DJ}"},	     {0x0111, "{\\dj}"},
	{0x0112, "{\\=E}"},	      {0x0113, "{\\=e}"},	     {0x0116, "{\\.E}"},
	{0x0117, "{\\.e}"},	      {0x0118, "{\\k E}"},	     {0x0119, "{\\k e}"},
	{0x011A, "{\\v E}"},	      {0x011B, "{\\v e}"},	     {0x011E, "{\\u G}"},
	{0x011F, "{\\u g}"},	      {0x0122, "{\\c G}"},	     {0x0123, "{\\c g}"},
	{0x012A, "{\\=I}"},	      {0x012B, "{\\=\\i}"},	     {0x0130, "{\\.I}"},
	{0x0131, "{\\i}"},	      {0x0136, "{\\c K}"},	     {0x0137, "{\\c k}"},
	{0x0139, "{\\'L}"},	      {0x013A, "{\\'l}"},	     {0x013B, "{\\c L}"},
	{0x013C, "{\\c l}"},	      {0x013D, "{\\v L}"},	     {0x013E, "{\\v l}"},
	{0x0141, "{\\L}"},	      {0x0142, "{\\l}"},	     {0x0143, "{\\'N}"},
	{0x0144, "{\\'n}"},	      {0x0145, "{\\c N}"},	     {0x0146, "{\\c n}"},
	{0x0147, "{\\v N}"},	      {0x0148, "{\\v n}"},	     {0x014C, "{\\=O}"},
	{0x014D, "{\\=o}"},	      {0x0150, "{\\H O}"},	     {0x0151, "{\\H o}"},
	{0x0152, "{\\OE}"},	      {0x0153, "{\\oe}"},	     {0x0154, "{\\'R}"},
	{0x0155, "{\\'r}"},	      {0x0158, "{\\v R}"},	     {0x0159, "{\\v r}"},
	{0x015A, "{\\'S}"},	      {0x015B, "{\\'s}"},	     {0x015E, "{\\c S}"},
	{0x015F, "{\\c s}"},	      {0x0160, "{\\v S}"},	     {0x0161, "{\\v s}"},
	{0x0162, "{\\c T}"},	      {0x0163, "{\\c t}"},	     {0x0164, "{\\v T}"},
	{0x0165, "{\\v t}"},	      {0x016A, "{\\=U}"},	     {0x016B, "{\\=u}"},
	{0x016E, "{\\r U}"},	      {0x016F, "{\\r u}"},	     {0x0170, "{\\H U}"},
	{0x0171, "{\\H u}"},	      {0x0172, "{\\k U}"},	     {0x0173, "{\\k u}"},
	{0x0178, "{\\\"Y}"},	      {0x0179, "{\\'Z}"},	     {0x017A, "{\\'z}"},
	{0x017B, "{\\.Z}"},	      {0x017C, "{\\.z}"},	     {0x017D, "{\\v Z}"},
	{0x017E, "{\\v z}"},	      {0x0394, "{$\\Delta$}"},	     {0x03B1, "{$\\alpha$}"},
	{0x03B2, "{$\\beta$}"},	      {0x03B3, "{$\\gamma$}"},	     {0x03B4, "{$\\delta$}"},
	{0x03B5, "{$\\epsilon$}"},    {0x03BA, "{$\\kappa$}"},	     {0x03BB, "{$\\lambda$}"},
	{0x03BC, "{$\\mu$}"},	      {0x03C0, "{$\\pi$}"},	     {0x03C3, "{$\\sigma$}"},
	{0x03C4, "{$\\tau$}"},	      {0x03C9, "{$\\omega$}"},	     {0x2013, "--"},
	{0x2014, "---"},	      {0x2018, "`"},		     {0x2019, "'"},
	{0x201C, "``"},		      {0x201D, "''"},		     {0x2026, "{\\ldots}"},
	{0x2070, "\\textsuperscript{0}"}, {0x2074, "\\textsuperscript{4}"}, {0x2075, "\\textsuperscript{5}"},
	{0x2076, "\\textsuperscript{6}"}, {0x2077, "\\textsuperscript{7}"}, {0x2078, "\\textsuperscript{8}"},
	{0x2079, "\\textsuperscript{9}"}, {0x207A, "\\textsuperscript{+}"}, {0x207B, "\\textsuperscript{--}"},
	{0x2080, "\\textsubscript{0}"}, {0x2081, "\\textsubscript{1}"},	{0x2082, "\\textsubscript{2}"},
	{0x2083, "\\textsubscript{3}"}, {0x2084, "\\textsubscript{4}"},	{0x2085, "\\textsubscript{5}"},
	{0x2086, "\\textsubscript{6}"}, {0x2087, "\\textsubscript{7}"},	{0x2088, "\\textsubscript{8}"},
	{0x2089, "\\textsubscript{9}"},
	{0x2212, "{$-$}"},	      {0x2264, "{$\\leq$}"},	     {0x2265, "{$\\geq$}"},
};

static const char *latex_for(unsigned long cp)
{
	size_t lo = 0, hi = sizeof latex_chars / sizeof latex_chars[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (latex_chars[mid].cp == cp)
			return latex_chars[mid].tex;
		if (latex_chars[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The braces of a string and which of them have no partner. Partnered
 * braces can be written \{ \}, which BibTeX counts like any brace; a lone
 * one must not be, or the entry would not parse. The marks are made the
 * first time a brace is met (most strings have none), for the whole
 * string: a brace's partner may lie outside the range being escaped. */
struct braces {
	const char *s;
	size_t n;
	unsigned char *lone; /* allocated on first use; free it */
};

static int is_lone(struct braces *br, size_t at)
{
	if (!br->lone) {
		size_t depth = 0;
		size_t *open = ev_xcalloc(br->n + 1, sizeof *open);
		br->lone = ev_xcalloc(br->n + 1, 1);
		for (size_t i = 0; i < br->n; i++) {
			if (br->s[i] == '{')
				open[depth++] = i;
			else if (br->s[i] == '}') {
				if (depth)
					depth--;
				else
					br->lone[i] = 1;
			}
		}
		while (depth)
			br->lone[open[--depth]] = 1;
		free(open);
	}
	return br->lone[at];
}

/* What each ASCII character BibTeX or LaTeX treats specially becomes
 * (braces aside: they depend on their partners). */
static const char *const bib_special[128] = {
	['&'] = "\\&",
	['%'] = "\\%",
	['$'] = "\\$",
	['#'] = "\\#",
	['_'] = "\\_",
	['~'] = "\\textasciitilde{}",
	['^'] = "\\textasciicircum{}",
	['\\'] = "\\textbackslash{}",
	/* In LaTeX's default OT1 encoding these three print as other glyphs
	 * (an em dash, inverted marks). */
	['<'] = "\\textless{}",
	['>'] = "\\textgreater{}",
	['|'] = "{$|$}",
	['{'] = "{",
	['}'] = "}",
};

/* Escapes [from..to) of a folded, NUL-terminated string (br->s). Runs of
 * ordinary characters are copied whole. */
static int escape_range(struct ev_buf *b, struct braces *br, size_t from, size_t to, unsigned flags)
{
	const char *s = br->s;
	int kept = 0;
	size_t i = from;
	while (i < to) {
		size_t run = i;
		/* Bytes past ASCII are copied as they are unless --ascii asks
		 * for LaTeX; a character is taken whole, as dec() sees it. */
		while (run < to) {
			unsigned char c = (unsigned char)s[run];
			if (c < 0x80) {
				if (bib_special[c])
					break;
				run++;
			} else if (flags & EV_BIBTEX_ASCII) {
				break;
			} else {
				unsigned long cp;
				run += dec(s + run, &cp);
			}
		}
		if (run > i) {
			ev_buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '{') {
			ev_buf_adds(b, is_lone(br, i) ? "\\textbraceleft{}" : "\\{");
			i++;
		} else if (c == '}') {
			ev_buf_adds(b, is_lone(br, i) ? "\\textbraceright{}" : "\\}");
			i++;
		} else if (c < 0x80) {
			ev_buf_adds(b, bib_special[c]);
			i++;
		} else {
			unsigned long cp;
			size_t len = dec(s + i, &cp);
			const char *tex = latex_for(cp);
			if (tex) {
				ev_buf_adds(b, tex);
			} else {
				ev_buf_add(b, s + i, len);
				kept++;
			}
			i += len;
		}
	}
	return kept;
}

/* Escapes the whole of a folded string f of n bytes. */
static int escape_all(struct ev_buf *b, const char *f, size_t n, unsigned flags)
{
	struct braces br = {f, n, NULL};
	int kept = escape_range(b, &br, 0, n, flags);
	free(br.lone);
	return kept;
}

int ev_bibtex_escape(struct ev_buf *b, const char *s, unsigned flags)
{
	struct ev_buf tmp = EV_BUF_INIT;
	size_t n;
	const char *f = folded(s, &tmp, &n);
	int kept = f ? escape_all(b, f, n, flags) : 0;
	ev_buf_free(&tmp);
	return kept;
}

/* Whether a word must keep its case whatever the style does: a part
 * (between hyphens or slashes) with a capital after its first letter
 * (MGP, VitaK, mRNA, McKee), with digits and capitals (K2, UBIAD1), or a
 * single capital letter (vitamin D, K-containing), except a lone "A". */
static int keeps_case(const char *w, size_t n)
{
	/* Most words are plain lowercase ASCII, which never keep their case:
	 * every rule below needs a capital. */
	size_t plain = 0;
	while (plain < n && !((unsigned char)w[plain] >= 0x80 || (w[plain] >= 'A' && w[plain] <= 'Z')))
		plain++;
	if (plain == n)
		return 0;
	int keep = 0, parts = 0, single_a = 0;
	for (size_t i = 0; i < n && !keep;) {
		int letters = 0, upper_after = 0, digits = 0, upper = 0, first_upper = 0, chars = 0;
		unsigned long first_cp = 0;
		while (i < n && w[i] != '-' && w[i] != '/') {
			unsigned long cp;
			size_t len = ev_utf8_next(w + i, n - i, &cp);
			chars++;
			if (cp >= '0' && cp <= '9')
				digits++;
			else if (is_letter(cp)) {
				if (is_upper(cp)) {
					upper++;
					if (letters > 0)
						upper_after = 1;
					else
						first_upper = 1;
				}
				if (!letters)
					first_cp = cp;
				letters++;
			}
			i += len;
		}
		parts++;
		if (upper_after || (digits && upper))
			keep = 1;
		else if (chars == 1 && letters == 1 && first_upper) {
			if (first_cp == 'A')
				single_a = 1;
			else
				keep = 1;
		}
		if (i < n)
			i++;
	}
	if (!keep && single_a && parts > 1)
		keep = 1;
	return keep;
}

static int is_open_punct(unsigned long cp) { return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018; }

static int is_close_punct(unsigned long cp)
{
	return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == '.' || cp == ',' || cp == ';' || cp == ':' ||
	       cp == '?' || cp == '!' || cp == 0x201D || cp == 0x2019;
}

/* The core of a word: without the punctuation around it. */
static void word_core(const char *s, size_t a, size_t b, size_t *ca, size_t *cb)
{
	while (a < b) {
		unsigned long cp;
		size_t len = dec(s + a, &cp);
		if (!is_open_punct(cp))
			break;
		a += len;
	}
	while (b > a) {
		/* step back one UTF-8 character */
		size_t k = b - 1;
		while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		unsigned long cp;
		dec(s + k, &cp);
		if (!is_close_punct(cp))
			break;
		b = k;
	}
	*ca = a;
	*cb = b;
}

/* First letter of s[a..b), or 0. */
static unsigned long first_letter(const char *s, size_t a, size_t b)
{
	while (a < b) {
		unsigned long cp;
		size_t len = dec(s + a, &cp);
		if (is_letter(cp))
			return cp;
		if (!(cp == '\'' || cp == '`'))
			return 0;
		a += len;
	}
	return 0;
}

/* Whether s[a..b) holds at least `want` letters (counting stops there). */
static int has_letters(const char *s, size_t a, size_t b, size_t want)
{
	size_t k = 0;
	while (a < b && k < want) {
		unsigned long cp;
		a += dec(s + a, &cp);
		k += is_letter(cp) != 0;
	}
	return k >= want;
}

int ev_bibtex_title(struct ev_buf *b, const char *title, unsigned flags)
{
	struct ev_buf tmp = EV_BUF_INIT;
	size_t n;
	const char *f = folded(title, &tmp, &n);
	if (!f)
		return 0;
	/* Each word's bounds, the core within them, and its first letter. */
	size_t st[512], en[512], ca[512], cb[512];
	unsigned long first[512];
	unsigned char capital[512]; /* has a capital or a non-ASCII letter */
	int nw = 0, kept = 0;
	struct braces br = {f, n, NULL};
	for (size_t i = 0; i < n && nw < 512;) {
		while (i < n && f[i] == ' ')
			i++;
		st[nw] = i;
		unsigned char cap = 0;
		for (; i < n && f[i] != ' '; i++)
			cap |= (unsigned char)f[i] >= 0x80 || (f[i] >= 'A' && f[i] <= 'Z');
		capital[nw] = cap;
		en[nw] = i;
		word_core(f, st[nw], en[nw], &ca[nw], &cb[nw]);
		first[nw] = first_letter(f, ca[nw], cb[nw]);
		nw++;
	}
	/* Title case or sentence case? Count the longer words after the
	 * first: in a title written in sentence case most start lowercase,
	 * so a capital there marks a proper noun. */
	int up = 0, low = 0;
	for (int w = 1; w < nw; w++) {
		/* The loop above set first[0 .. nw - 1]; cppcheck misses that. */
		// cppcheck-suppress uninitvar
		unsigned long cp = first[w];
		if (!cp || !has_letters(f, ca[w], cb[w], 4))
			continue;
		if (is_upper(cp))
			up++;
		else if (is_lower(cp))
			low++;
	}
	int sentence_case = up <= low;
	int sentence_start = 1;
	size_t done = 0;
	for (int w = 0; w < nw; w++) {
		int protect = 0;
		if (cb[w] > ca[w]) {
			unsigned long cp = first[w];
			/* keeps_case needs a capital (a plain word never keeps) */
			protect = (capital[w] && keeps_case(f + ca[w], cb[w] - ca[w])) ||
				  (sentence_case && !sentence_start && cp && is_upper(cp));
		}
		if (protect) {
			kept += escape_range(b, &br, done, ca[w], flags);
			ev_buf_addc(b, '{');
			kept += escape_range(b, &br, ca[w], cb[w], flags);
			ev_buf_addc(b, '}');
			done = cb[w];
		}
		char last = 0;
		if (en[w] > st[w])
			last = f[en[w] - 1];
		sentence_start = last == ':' || last == '?' || last == '!';
	}
	kept += escape_range(b, &br, done, n, flags);
	free(br.lone);
	ev_buf_free(&tmp);
	return kept;
}

/* Whether a name part contains the word "and", which BibTeX would take
 * as a separator between names. */
static int has_and_word(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') && (s[i] | 0x20) == 'a' && (s[i + 1] | 0x20) == 'n' &&
		    (s[i + 2] | 0x20) == 'd' && (i + 3 == n || s[i + 3] == ' '))
			return 1;
	return 0;
}

/* ev_bibtex_escape of a string known to be folded already (the parts of
 * a parsed author list, fields folded by the caller): no second scan. */
static int escape_folded(struct ev_buf *b, const char *f, unsigned flags) { return escape_all(b, f, strlen(f), flags); }

static int bib_part(struct ev_buf *b, const char *s, unsigned flags)
{
	int brace = has_and_word(s), kept;
	if (brace)
		ev_buf_addc(b, '{');
	kept = escape_folded(b, s, flags);
	if (brace)
		ev_buf_addc(b, '}');
	return kept;
}

/* ",\n  name    = {": the field name padded to seven columns, as
 * "%-7s" would, without printf. */
static void bib_field_start(struct ev_buf *b, int *nfields, const char *name)
{
	size_t n = strlen(name);
	ev_buf_add(b, *nfields ? ",\n  " : "\n  ", *nfields ? 4 : 3);
	ev_buf_add(b, name, n);
	if (n < 7)
		ev_buf_add(b, "       ", 7 - n);
	ev_buf_add(b, " = {", 4);
	(*nfields)++;
}

const char *ev_cite_status_note(enum ev_status status)
{
	switch (status) {
	case EV_RETRACTED:
		return "Retracted publication";
	case EV_UNVERIFIED:
		return "Unverified record: not yet checked against a primary bibliographic source";
	default:
		return NULL;
	}
}

int ev_cite_bibtex(struct ev_buf *b, const struct ev_cite *c, unsigned flags)
{
	struct ev_names nm;
	struct ev_pages pg;
	struct ev_buf tmp = EV_BUF_INIT, fam = EV_BUF_INIT;
	int nf = 0, kept = 0;
	ev_names_parse(c->authors, &nm);
	ev_buf_add(b, "@article{", 9);
	ev_buf_adds(b, c->key ? c->key : "");
	ev_buf_addc(b, ',');
	if (nm.n) {
		bib_field_start(b, &nf, "author");
		for (int i = 0; i < nm.n; i++) {
			const struct ev_name *a = &nm.v[i];
			if (i)
				ev_buf_add(b, " and ", 5);
			if (a->literal) {
				/* Braces keep an organisation's name whole. */
				ev_buf_addc(b, '{');
				kept += escape_folded(b, a->family, flags);
				ev_buf_addc(b, '}');
				continue;
			}
			const char *family = a->family;
			if (a->particle) {
				ev_buf_reset(&fam);
				add_full_family(&fam, a);
				family = fam.data;
			}
			kept += bib_part(b, family, flags);
			if (a->suffix) {
				ev_buf_add(b, ", ", 2);
				kept += bib_part(b, suffix_dotted(a->suffix), flags);
			}
			if (a->given) {
				ev_buf_add(b, ", ", 2);
				kept += bib_part(b, a->given, flags);
			}
		}
		if (nm.et_al)
			ev_buf_adds(b, " and others");
		ev_buf_addc(b, '}');
	}
	bib_field_start(b, &nf, "title");
	kept += ev_bibtex_title(b, c->title, flags);
	ev_buf_addc(b, '}');
	const char *j = folded(c->journal, &tmp, NULL);
	if (j) {
		bib_field_start(b, &nf, "journal");
		kept += escape_folded(b, j, flags);
		ev_buf_addc(b, '}');
	}
	if (c->year) {
		bib_field_start(b, &nf, "year");
		ev_buf_addi(b, c->year);
		ev_buf_addc(b, '}');
	}
	const char *simple[][2] = {{"volume", c->volume}, {"number", c->issue}};
	for (int i = 0; i < 2; i++) {
		const char *v = folded(simple[i][1], &tmp, NULL);
		if (!v)
			continue;
		bib_field_start(b, &nf, simple[i][0]);
		kept += escape_folded(b, v, flags);
		ev_buf_addc(b, '}');
	}
	const char *raw = folded(c->pages, &tmp, NULL);
	if (raw) {
		bib_field_start(b, &nf, "pages");
		if (ev_pages_parse(raw, &pg) == 1) {
			kept += escape_folded(b, pg.first, flags);
			ev_buf_add(b, "--", 2);
			kept += escape_folded(b, pg.last, flags);
		} else {
			kept += escape_folded(b, raw, flags);
		}
		ev_buf_addc(b, '}');
	}
	size_t n;
	const char *doi = folded(c->doi, &tmp, &n);
	if (doi) {
		/* A verbatim field for biblatex and the url package: written as
		 * it is, unless a brace would unbalance the entry. */
		bib_field_start(b, &nf, "doi");
		struct braces br = {doi, n, NULL};
		int any = 0;
		for (size_t i = 0; i < n && !any; i++)
			any = (doi[i] == '{' || doi[i] == '}') && is_lone(&br, i);
		if (any)
			escape_all(b, doi, n, 0);
		else
			ev_buf_add(b, doi, n);
		ev_buf_addc(b, '}');
		free(br.lone);
	}
	if (c->pmid > 0) {
		bib_field_start(b, &nf, "pmid");
		ev_buf_addi(b, c->pmid);
		ev_buf_addc(b, '}');
	}
	/* biblatex's useprefix: "van der Meer" is cited, and sorted, with
	 * its particle, as our records and Vancouver write it. Without it
	 * pandoc and biber demote the particle ("Meer, I. M. van der"). */
	int particle = 0;
	for (int i = 0; i < nm.n && !particle; i++)
		particle = nm.v[i].particle != NULL;
	if (particle) {
		bib_field_start(b, &nf, "options");
		ev_buf_adds(b, "useprefix=true}");
	}
	const char *note = ev_cite_status_note(c->status);
	if (note) {
		bib_field_start(b, &nf, "note");
		ev_buf_adds(b, note);
		ev_buf_addc(b, '}');
	}
	ev_buf_add(b, "\n}\n\n", 4);
	ev_names_free(&nm);
	ev_buf_free(&fam);
	ev_buf_free(&tmp);
	return kept;
}

/* ---- RIS -------------------------------------------------------------- */

static void ris_line(struct ev_buf *b, const char *tag, const char *value)
{
	char *v = fold(value);
	if (!v && strcmp(tag, "ER") != 0)
		return;
	ev_buf_addf(b, "%s  - %s\r\n", tag, v ? v : "");
	free(v);
}

static char *et_al_note(void) { return ev_xstrdup("Author list incomplete (et al.)"); }

void ev_cite_ris(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	char num[32];
	ev_names_parse(c->authors, &nm);
	ris_line(b, "TY", "JOUR");
	/* The key, so that a library imported back keeps it (import reads
	 * ID as the citation key; Zotero and EndNote ignore it). */
	ris_line(b, "ID", c->key);
	for (int i = 0; i < nm.n; i++) {
		const struct ev_name *a = &nm.v[i];
		struct ev_buf au = EV_BUF_INIT;
		if (a->literal) {
			ev_buf_adds(&au, a->family);
		} else {
			add_full_family(&au, a);
			if (a->given || a->suffix)
				ev_buf_addf(&au, ", %s", a->given ? a->given : "");
			if (a->suffix)
				ev_buf_addf(&au, ", %s", suffix_dotted(a->suffix));
		}
		ris_line(b, "AU", ev_buf_str(&au));
		ev_buf_free(&au);
	}
	ris_line(b, "TI", c->title);
	ris_line(b, "T2", c->journal);
	ris_line(b, "JO", c->journal);
	if (c->year) {
		snprintf(num, sizeof num, "%d", c->year);
		ris_line(b, "PY", num);
	}
	ris_line(b, "VL", c->volume);
	ris_line(b, "IS", c->issue);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc >= 0) {
		ris_line(b, "SP", pg.first);
		if (prc == 1)
			ris_line(b, "EP", pg.last);
	} else {
		ris_line(b, "SP", c->pages);
	}
	ris_line(b, "DO", c->doi);
	if (c->pmid > 0) {
		snprintf(num, sizeof num, "%lld", (long long)c->pmid);
		ris_line(b, "AN", num);
		ris_line(b, "DB", "PubMed");
	}
	/* Links every reference manager reads as the URL (the first) and
	 * as further links: the DOI's, then the PubMed record's, which is
	 * how Zotero, with no RIS tag for a PMID, still gets to it. */
	char *doi = fold(c->doi);
	if (doi) {
		char *u = ev_xasprintf("https://doi.org/%s", doi);
		ris_line(b, "UR", u);
		free(u);
		free(doi);
	}
	if (c->pmid > 0) {
		char *u = ev_xasprintf("https://pubmed.ncbi.nlm.nih.gov/%lld/", (long long)c->pmid);
		ris_line(b, "UR", u);
		free(u);
	}
	const char *note = ev_cite_status_note(c->status);
	if (note)
		ris_line(b, "N1", note);
	if (nm.et_al) {
		char *n = et_al_note();
		ris_line(b, "N1", n);
		free(n);
	}
	ris_line(b, "ER", NULL);
	ev_names_free(&nm);
}

/* ---- CSL-JSON --------------------------------------------------------- */

/* Text goes in through ev_json_text: jansson refuses a string that is not
 * UTF-8 (json_string returns NULL, and the member silently vanishes), which
 * only a database written by another program can hold; such bytes show as
 * U+FFFD, as in every other JSON evidence writes. */

static void set_text(json_t *o, const char *key, const char *value)
{
	char *v = fold(value);
	if (v)
		json_object_set_new(o, key, ev_json_text(v));
	free(v);
}

json_t *ev_cite_csl(const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	json_t *o = json_object();
	ev_names_parse(c->authors, &nm);
	json_object_set_new(o, "id", ev_json_text(c->key));
	json_object_set_new(o, "type", json_string("article-journal"));
	if (nm.n) {
		json_t *arr = json_array();
		for (int i = 0; i < nm.n; i++) {
			const struct ev_name *a = &nm.v[i];
			json_t *n = json_object();
			if (a->literal) {
				json_object_set_new(n, "literal", ev_json_text(a->family));
			} else {
				json_object_set_new(n, "family", ev_json_text(a->family));
				if (a->given)
					json_object_set_new(n, "given", ev_json_text(a->given));
				/* A particle written before the family name and kept
				 * with it in citations ("van der Meer") is CSL's
				 * non-dropping particle; the style decides how it
				 * sorts. */
				if (a->particle)
					json_object_set_new(n, "non-dropping-particle", ev_json_text(a->particle));
				if (a->suffix)
					json_object_set_new(n, "suffix", ev_json_text(suffix_dotted(a->suffix)));
			}
			json_array_append_new(arr, n);
		}
		/* The marker pandoc itself makes of BibTeX's "and others":
		 * citeproc prints it as "et al.". */
		if (nm.et_al)
			json_array_append_new(arr, json_pack("{s:s}", "literal", "others"));
		json_object_set_new(o, "author", arr);
	}
	set_text(o, "title", c->title);
	set_text(o, "container-title", c->journal);
	set_text(o, "volume", c->volume);
	set_text(o, "issue", c->issue);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc == 1) {
		char page[140];
		snprintf(page, sizeof page, "%s-%s", pg.first, pg.last);
		json_object_set_new(o, "page", ev_json_text(page));
	} else {
		set_text(o, "page", prc == 0 ? pg.first : c->pages);
	}
	if (c->year)
		json_object_set_new(o, "issued", json_pack("{s:[[i]]}", "date-parts", c->year));
	set_text(o, "DOI", c->doi);
	if (c->pmid > 0) {
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)c->pmid);
		json_object_set_new(o, "PMID", json_string(num));
	}
	const char *status = ev_cite_status_note(c->status);
	if (status || nm.et_al) {
		struct ev_buf note = EV_BUF_INIT;
		if (status)
			ev_buf_adds(&note, status);
		if (nm.et_al) {
			char *n = et_al_note();
			ev_buf_addf(&note, "%s%s", note.len ? "; " : "", n);
			free(n);
		}
		json_object_set_new(o, "note", json_string(ev_buf_str(&note)));
		ev_buf_free(&note);
	}
	ev_names_free(&nm);
	return o;
}

/* ---- formatted references --------------------------------------------- */

static int ends_with_any(const struct ev_buf *b, const char *chars)
{
	return b->len && strchr(chars, b->data[b->len - 1]) != NULL;
}

/* Appends s, then a period unless s already ends a sentence. */
static void add_sentence(struct ev_buf *b, const char *s)
{
	ev_buf_adds(b, s);
	if (!ends_with_any(b, ".?!"))
		ev_buf_addc(b, '.');
}

static void add_status(struct ev_buf *b, enum ev_status status)
{
	if (status == EV_RETRACTED)
		ev_buf_adds(b, " [Retracted publication]");
	else if (status == EV_UNVERIFIED)
		ev_buf_adds(b, " [Unverified record]");
}

void ev_cite_vancouver(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_cite_spans sp;
	ev_cite_vancouver_spans(b, c, &sp);
}

void ev_cite_vancouver_spans(struct ev_buf *b, const struct ev_cite *c, struct ev_cite_spans *sp)
{
	memset(sp, 0, sizeof *sp);
	struct ev_names nm;
	char *title = fold(c->title), *journal = fold(c->journal), *vol = fold(c->volume), *iss = fold(c->issue);
	size_t start = b->len;
	ev_names_parse(c->authors, &nm);
	/* ICMJE: the first six authors, then "et al." */
	int more = nm.n > 6;
	int shown = more ? 6 : nm.n;
	for (int i = 0; i < shown; i++) {
		const struct ev_name *a = &nm.v[i];
		if (i)
			ev_buf_adds(b, ", ");
		if (a->literal) {
			ev_buf_adds(b, a->family);
			continue;
		}
		add_full_family(b, a);
		if (a->initials)
			ev_buf_addf(b, " %s", a->initials);
		if (a->suffix)
			ev_buf_addf(b, " %s", a->suffix);
	}
	if (shown && (more || nm.et_al))
		ev_buf_adds(b, ", et al");
	else if (!shown && nm.et_al)
		ev_buf_adds(b, "et al");
	if (b->len > start) {
		if (!ends_with_any(b, "."))
			ev_buf_addc(b, '.');
		ev_buf_addc(b, ' ');
	}
	add_sentence(b, title ? title : "");
	if (journal) {
		ev_buf_addc(b, ' ');
		add_sentence(b, journal);
	}
	size_t before = b->len;
	ev_buf_addc(b, ' ');
	size_t mark = b->len;
	if (c->year)
		ev_buf_addf(b, "%d", c->year);
	if (vol || iss) {
		if (c->year)
			ev_buf_addc(b, ';');
		if (vol)
			ev_buf_adds(b, vol);
		if (iss)
			ev_buf_addf(b, "(%s)", iss);
	}
	if (c->pages && *c->pages) {
		char *pf = fold(c->pages);
		if (pf) {
			if (b->len > mark)
				ev_buf_addc(b, ':');
			add_pages_vancouver(b, c->pages);
			free(pf);
		}
	}
	if (b->len > mark)
		ev_buf_addc(b, '.');
	else {
		b->len = before;
		b->data[b->len] = '\0';
	}
	char *doi = fold(c->doi);
	if (doi) {
		ev_buf_adds(b, " doi:");
		sp->doi_at = b->len;
		ev_buf_adds(b, doi);
		sp->doi_end = b->len;
	}
	size_t status = b->len;
	add_status(b, c->status);
	if (b->len > status) {
		sp->status_at = status + 1;
		sp->status_end = b->len;
	}
	free(doi);
	free(title);
	free(journal);
	free(vol);
	free(iss);
	ev_names_free(&nm);
}

/* APA's initials: "I. M.", "J.-P." */
static void add_apa_initials(struct ev_buf *b, const char *ini) { add_given_from_initials(b, ini); }

static void add_apa_name(struct ev_buf *b, const struct ev_name *a)
{
	if (a->literal) {
		ev_buf_adds(b, a->family);
		return;
	}
	add_full_family(b, a);
	if (a->initials) {
		ev_buf_adds(b, ", ");
		add_apa_initials(b, a->initials);
	}
	if (a->suffix)
		ev_buf_addf(b, ", %s", suffix_dotted(a->suffix));
}

/* APA capitalises the first word of a subtitle: "...: The Rotterdam
 * Study". Only a plain lowercase word is changed (not "mRNA"). */
static void add_apa_title(struct ev_buf *b, const char *t)
{
	size_t n = strlen(t);
	for (size_t i = 0; i < n; i++) {
		ev_buf_addc(b, t[i]);
		if (t[i] == ':' && i + 2 < n && t[i + 1] == ' ' && islower((unsigned char)t[i + 2])) {
			size_t j = i + 2;
			int plain = 1;
			while (j < n && t[j] != ' ' && t[j] != ',' && t[j] != ':' && t[j] != '.') {
				if (isupper((unsigned char)t[j]) || isdigit((unsigned char)t[j]))
					plain = 0;
				j++;
			}
			if (plain) {
				ev_buf_addc(b, ' ');
				ev_buf_addc(b, (char)toupper((unsigned char)t[i + 2]));
				i += 2;
			}
		}
	}
}

void ev_cite_apa(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	char *title = fold(c->title), *journal = fold(c->journal), *vol = fold(c->volume), *iss = fold(c->issue);
	ev_names_parse(c->authors, &nm);
	struct ev_buf t = EV_BUF_INIT;
	add_apa_title(&t, title ? title : "");
	if (!ends_with_any(&t, ".?!"))
		ev_buf_addc(&t, '.');

	if (nm.n) {
		if (nm.et_al) {
			/* The full list is unknown: APA has no form for this, and
			 * inventing names is worse; say "et al." */
			for (int i = 0; i < nm.n; i++) {
				add_apa_name(b, &nm.v[i]);
				ev_buf_adds(b, ", ");
			}
			ev_buf_adds(b, "et al.");
		} else if (nm.n <= 20) {
			for (int i = 0; i < nm.n; i++) {
				if (i)
					ev_buf_adds(b, i + 1 == nm.n ? ", & " : ", ");
				add_apa_name(b, &nm.v[i]);
			}
		} else {
			for (int i = 0; i < 19; i++) {
				add_apa_name(b, &nm.v[i]);
				ev_buf_adds(b, ", ");
			}
			ev_buf_adds(b, ". . . ");
			add_apa_name(b, &nm.v[nm.n - 1]);
		}
		if (!ends_with_any(b, "."))
			ev_buf_addc(b, '.');
		ev_buf_addc(b, ' ');
	} else {
		/* No author: the title moves to the author's place. */
		ev_buf_adds(b, ev_buf_str(&t));
		ev_buf_addc(b, ' ');
	}
	if (c->year)
		ev_buf_addf(b, "(%d).", c->year);
	else
		ev_buf_adds(b, "(n.d.).");
	if (nm.n) {
		ev_buf_addc(b, ' ');
		ev_buf_adds(b, ev_buf_str(&t));
	}
	struct ev_buf src = EV_BUF_INIT;
	if (journal)
		ev_buf_adds(&src, journal);
	if (vol)
		ev_buf_addf(&src, "%s%s", src.len ? ", " : "", vol);
	if (iss)
		ev_buf_addf(&src, "%s(%s)", vol ? "" : src.len ? ", " : "", iss);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc == 1)
		ev_buf_addf(&src, "%s%s\xe2\x80\x93%s", src.len ? ", " : "", pg.first, pg.last);
	else if (prc == 0)
		/* A single number is taken as an article number (eLocator),
		 * which is what e-only journals print; see docs/export.md. */
		ev_buf_addf(&src, "%sArticle %s", src.len ? ", " : "", pg.first);
	else if (c->pages) {
		char *pf = fold(c->pages);
		if (pf)
			ev_buf_addf(&src, "%s%s", src.len ? ", " : "", pf);
		free(pf);
	}
	if (src.len) {
		ev_buf_addc(b, ' ');
		add_sentence(b, ev_buf_str(&src));
	}
	char *doi = fold(c->doi);
	if (doi)
		ev_buf_addf(b, " https://doi.org/%s", doi);
	add_status(b, c->status);
	free(doi);
	ev_buf_free(&src);
	ev_buf_free(&t);
	free(title);
	free(journal);
	free(vol);
	free(iss);
	ev_names_free(&nm);
}

/* ---- records ---------------------------------------------------------- */

void ev_cite_from_record(struct ev_cite *c, const struct ev_record *r)
{
	/* Where each field sits in a study record, looked up by name once:
	 * the order is fixed (validate.c), and a lookup per field of each of
	 * a million exported studies showed in profiles. */
	enum { KEY, TITLE, AUTHORS, JOURNAL, YEAR, VOLUME, ISSUE, PAGES, DOI, PMID, STATUS, NFIELDS };
	static const char *const names[NFIELDS] = {"key",   "title", "authors", "journal", "year",  "volume",
						   "issue", "pages", "doi",	"pmid",	   "status"};
	static int at[NFIELDS], ready;
	if (!ready) {
		for (int i = 0; i < NFIELDS; i++)
			at[i] = (int)(ev_record_get(r, names[i]) - r->v);
		ready = 1;
	}
	const struct ev_value *v = r->v;
#define TEXT(i) (v[at[i]].type == EV_V_TEXT ? v[at[i]].s : NULL)
	const char *status = TEXT(STATUS);
	memset(c, 0, sizeof *c);
	c->key = TEXT(KEY);
	c->title = TEXT(TITLE);
	c->authors = TEXT(AUTHORS);
	c->journal = TEXT(JOURNAL);
	c->year = v[at[YEAR]].type == EV_V_INT ? (int)v[at[YEAR]].i : 0;
	c->volume = TEXT(VOLUME);
	c->issue = TEXT(ISSUE);
	c->pages = TEXT(PAGES);
	c->doi = TEXT(DOI);
	c->pmid = v[at[PMID]].type == EV_V_INT ? v[at[PMID]].i : 0;
#undef TEXT
	int s = status ? ev_lookup(ev_status_names, status) : -1;
	c->status = s >= 0 ? (enum ev_status)s : EV_VERIFIED;
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
		size_t len = dec(p, &cp);
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
		if (!is_upper(cp))
			return 0;
		/* An initial stands alone: "Jo" is a name, not initials. */
		unsigned long next = 0;
		if (p[len])
			dec(p + len, &next);
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

/* The code point whose LaTeX form (latex_chars) starts s, with the form's
 * length in *used; 0 when none does. Only forms that start with a brace
 * or a backslash: "--" and quotes are left as they are, since an
 * apostrophe in a name is more likely than TeX's closing quote. */
static unsigned long latex_back(const char *s, size_t *used)
{
	for (size_t i = 0; i < sizeof latex_chars / sizeof latex_chars[0]; i++) {
		const char *t = latex_chars[i].tex;
		size_t n = strlen(t);
		if ((t[0] == '{' || t[0] == '\\') && strncmp(s, t, n) == 0) {
			*used = n;
			return latex_chars[i].cp;
		}
	}
	return 0;
}

void ev_bibtex_unescape(struct ev_buf *b, const char *s)
{
	static const struct {
		const char *tex;
		char c;
	} named[] = {
		{"\\textasciitilde{}", '~'}, {"\\textasciicircum{}", '^'}, {"\\textbackslash{}", '\\'},
		{"\\textless{}", '<'},	     {"\\textgreater{}", '>'},	  {"{$|$}", '|'},
		{"\\textbraceleft{}", '{'},  {"\\textbraceright{}", '}'},
	};
	while (*s) {
		if (*s == '\\' || *s == '{') {
			size_t used = 0;
			unsigned long cp;
			int done = 0;
			for (size_t i = 0; i < sizeof named / sizeof named[0] && !done; i++)
				if (strncmp(s, named[i].tex, strlen(named[i].tex)) == 0) {
					ev_buf_addc(b, named[i].c);
					s += strlen(named[i].tex);
					done = 1;
				}
			if (done)
				continue;
			if ((cp = latex_back(s, &used))) {
				ev_buf_add_utf8(b, cp);
				s += used;
				continue;
			}
			/* Accents written without the braces our export uses:
			 * \'e, \'{e}, {\'{e}} ... are tried in that form. */
			const char *p = *s == '{' ? s + 1 : s;
			if (p[0] == '\\' && p[1] && strchr("'`^\"~=.", p[1])) {
				const char *q = p + 2;
				int br = *q == '{';
				if (br)
					q++;
				if (isalpha((unsigned char)*q) && (!br || q[1] == '}')) {
					char form[8] = {'{', '\\', p[1], *q, '}', 0};
					size_t u2;
					if ((cp = latex_back(form, &u2))) {
						q += br ? 2 : 1;
						if (*s == '{' && *q == '}')
							q++;
						ev_buf_add_utf8(b, cp);
						s = q;
						continue;
					}
				}
			}
		}
		if (*s == '\\' && s[1] && strchr("&%$#_{}", s[1])) {
			ev_buf_addc(b, s[1]);
			s += 2;
		} else if (*s == '{' || *s == '}') {
			s++; /* case protection */
		} else {
			ev_buf_addc(b, *s++);
		}
	}
}

/* Letters and digits of s, folded to ASCII lowercase (ev_slug_add without
 * its hyphens): APA alphabetises letter by letter. */
static void sort_letters(struct ev_buf *b, const char *s)
{
	struct ev_buf t = EV_BUF_INIT;
	ev_slug_add(&t, s, strlen(s), 4096);
	for (size_t i = 0; i < t.len; i++)
		if (t.data[i] != '-')
			ev_buf_addc(b, t.data[i]);
	ev_buf_free(&t);
}

void ev_cite_apa_sortkey(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	ev_names_parse(c->authors, &nm);
	const char *t = c->title ? c->title : "";
	/* A work without an author is alphabetised by its title, without a
	 * leading article. */
	static const char *const articles[] = {"A ", "An ", "The ", NULL};
	for (int i = 0; articles[i]; i++)
		if (strncmp(t, articles[i], strlen(articles[i])) == 0) {
			t += strlen(articles[i]);
			break;
		}
	/* \2 between a name's surname and initials, \3 between authors, \1
	 * after the last: "nothing precedes something" (Smith, J. before
	 * Smith, J., & Jones, before Smithson). */
	if (!nm.n)
		sort_letters(b, t);
	for (int i = 0; i < nm.n; i++) {
		struct ev_buf full = EV_BUF_INIT;
		add_full_family(&full, &nm.v[i]);
		if (i)
			ev_buf_addc(b, '\3');
		sort_letters(b, ev_buf_str(&full));
		ev_buf_addc(b, '\2');
		if (nm.v[i].initials)
			sort_letters(b, nm.v[i].initials);
		ev_buf_free(&full);
	}
	ev_buf_addc(b, '\1');
	/* Then the year, works without a date first; then the title. */
	ev_buf_addf(b, "%04d", c->year > 0 ? c->year : 0);
	ev_buf_addc(b, '\1');
	sort_letters(b, t);
	ev_names_free(&nm);
}
