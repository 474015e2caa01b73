/*
 * articletext.c: folding, figures, Markdown to prose, sentences, quotes and
 * coverage (see articletext.h).
 *
 * Markdown goes through cmark, the CommonMark reference parser: emphasis,
 * links, entities and escapes are its business, and a hand-made stripper
 * gets them wrong in the corners (nested emphasis, reference links,
 * `&nbsp;`). Sentence splitting and figure spotting are ours: they are
 * small, specific to what a fact-checker wants counted, and no Debian
 * library does them for English prose without pulling in ICU.
 */
#include "articletext.h"

#include <cmark.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate.h"

static int is_space_cp(unsigned long c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* Base letters of U+00C0..U+00FF and U+0100..U+017F ('\0': not a letter;
 * '*': spelled with two letters, see below). */
static const char latin1[] = "aaaaaa*ceeeeiiiidnooooo\0ouuuuyt*aaaaaa*ceeeeiiiidnooooo\0ouuuuyty";
static const char latin_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllllllln"
				  "nnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof latin1 == 65 && sizeof latin_ext_a == 129, "one letter per code point");

/* The folded spelling of code point c, appended to b; returns 1 when c
 * folds to whitespace (the caller collapses runs), 0 otherwise. */
static int fold_cp(struct ev_buf *b, unsigned long c)
{
	if (c < 0x80) {
		ev_buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		return 0;
	}
	if (c >= 0xC0 && c <= 0xFF) {
		char l = latin1[c - 0xC0];
		if (c == 0xC6 || c == 0xE6)
			ev_buf_adds(b, "ae");
		else if (c == 0xDF)
			ev_buf_adds(b, "ss");
		else if (c == 0xDE || c == 0xFE)
			ev_buf_adds(b, "th");
		else if (l)
			ev_buf_addc(b, l);
		else
			ev_buf_add_utf8(b, c); /* x and division signs */
		return 0;
	}
	if (c >= 0x100 && c <= 0x17F) {
		if (c == 0x132 || c == 0x133)
			ev_buf_adds(b, "ij");
		else if (c == 0x152 || c == 0x153)
			ev_buf_adds(b, "oe");
		else
			ev_buf_addc(b, latin_ext_a[c - 0x100]);
		return 0;
	}
	switch (c) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035: case 0x02BC:
	case 0x2039: case 0x203A: case 0xFF07:
		ev_buf_addc(b, '\'');
		return 0;
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036: case 0xAB: case 0xBB:
	case 0xFF02:
		ev_buf_addc(b, '"');
		return 0;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
	case 0xFE58: case 0xFE63: case 0xFF0D:
		ev_buf_addc(b, '-');
		return 0;
	case 0x2026:
		ev_buf_adds(b, "...");
		return 0;
	case 0xFB00:
		ev_buf_adds(b, "ff");
		return 0;
	case 0xFB01:
		ev_buf_adds(b, "fi");
		return 0;
	case 0xFB02:
		ev_buf_adds(b, "fl");
		return 0;
	case 0xFB03:
		ev_buf_adds(b, "ffi");
		return 0;
	case 0xFB04:
		ev_buf_adds(b, "ffl");
		return 0;
	case 0xB5: /* micro sign: the same letter as Greek mu */
		ev_buf_add_utf8(b, 0x3BC);
		return 0;
	default:
		break;
	}
	/* Greek and Cyrillic capitals: their small letters are 0x20 on
	 * (Greek's 0x3A2 is unassigned). */
	if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
		c += 0x20;
	else if (c >= 0x400 && c <= 0x40F)
		c += 0x50;
	ev_buf_add_utf8(b, c);
	return 0;
}

static int is_dropped_cp(unsigned long c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || (c >= 0x300 && c <= 0x36F);
}

char *ev_fold(const char *s, size_t n, size_t *map, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	struct ev_buf b = EV_BUF_INIT;
	int pending_space = 0;
	size_t i = 0;
	ev_buf_adds(&b, "");
	while (i < n) {
		unsigned long c;
		size_t len = ev_utf8_decode(s + i, n - i, &c);
		if (!len) {
			/* Invalid byte: kept, so that nothing silently matches
			 * across it. */
			if (pending_space && b.len)
				ev_buf_addc(&b, ' ');
			pending_space = 0;
			if (map)
				map[i] = b.len;
			ev_buf_addc(&b, (char)p[i]);
			i++;
			continue;
		}
		if (is_space_cp(c)) {
			pending_space = 1;
		} else if (!is_dropped_cp(c)) {
			if (pending_space && b.len)
				ev_buf_addc(&b, ' ');
			pending_space = 0;
		}
		/* Every byte of this character lands where its output starts. */
		for (size_t k = 0; k < len && map; k++)
			map[i + k] = b.len;
		if (!is_space_cp(c) && !is_dropped_cp(c))
			fold_cp(&b, c);
		i += len;
	}
	if (map) {
		map[n] = b.len;
		/* A trailing space was never written: clamp positions past it. */
		for (size_t k = 0; k <= n; k++)
			if (map[k] > b.len)
				map[k] = b.len;
	}
	if (outlen)
		*outlen = b.len;
	return ev_buf_take(&b);
}

int ev_word_char(int c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

void ev_words_split(const char *s, struct ev_words *t)
{
	int cap = 0;
	t->n = 0;
	t->w = NULL;
	t->buf = ev_fold(s ? s : "", s ? strlen(s) : 0, NULL, NULL);
	char *p = t->buf;
	while (*p) {
		while (*p && !ev_word_char((unsigned char)*p))
			*p++ = '\0';
		if (!*p)
			break;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 16;
			t->w = ev_xrealloc(t->w, (size_t)cap * sizeof *t->w);
		}
		t->w[t->n++] = p;
		while (*p && ev_word_char((unsigned char)*p))
			p++;
	}
}

void ev_words_free(struct ev_words *t)
{
	free(t->buf);
	free(t->w);
	t->buf = NULL;
	t->w = NULL;
	t->n = 0;
}

int ev_word_in(const char *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* ---- figures ---------------------------------------------------------- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Length of the whitespace (ASCII, no-break or thin space) at s[i..n). */
static size_t space_at(const char *s, size_t n, size_t i)
{
	size_t j = i;
	for (;;) {
		unsigned long c;
		size_t len = j < n ? ev_utf8_decode(s + j, n - j, &c) : 0;
		if (!len || !is_space_cp(c))
			break;
		j += len;
	}
	return j - i;
}

/* Copies the ASCII word at s[i..n) lowercased into w (at most size - 1
 * letters); returns its length in s (0 when no letter is there). The word
 * is only compared with the short words of this file's lists, each
 * shorter than size - 1: a word cut short matches none of them, as the
 * whole word would not. */
static size_t word_at(const char *s, size_t n, size_t i, char *w, size_t size)
{
	size_t j = i, k = 0;
	while (j < n && is_alpha((unsigned char)s[j])) {
		if (k + 1 < size)
			w[k++] = (char)lower((unsigned char)s[j]);
		j++;
	}
	w[k] = '\0';
	return j - i;
}

/* A dash at s[i]: '-', en dash or em dash; returns its length or 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	return 0;
}

static int in_list(const char *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static const char *const number_words[] = {
	"zero",	   "one",      "two",	    "three",   "four",	   "five",    "six",	  "seven",
	"eight",   "nine",     "ten",	    "eleven",  "twelve",   "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen", "twenty",  "thirty",  "forty",	  "fifty",
	"sixty",   "seventy",  "eighty",    "ninety",  "hundred",  "thousand", "million",  "dozen", NULL,
};
static const double number_values[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30, 40, 50, 60, 70, 80, 90,
	100, 1000, 1e6, 12,
};

/* The value of the number word (or hyphenated compound like
 * "twenty-five") at s[i..n): stores it and returns the length, or 0. */
static size_t number_word_at(const char *s, size_t n, size_t i, double *v)
{
	char w[32];
	if (i > 0 && (is_alpha((unsigned char)s[i - 1]) || is_digit((unsigned char)s[i - 1])))
		return 0;
	size_t len = word_at(s, n, i, w, sizeof w);
	if (!len)
		return 0;
	int k = -1;
	for (int j = 0; number_words[j]; j++)
		if (strcmp(w, number_words[j]) == 0)
			k = j;
	if (k < 0)
		return 0;
	*v = number_values[k];
	/* twenty-five */
	if (number_values[k] >= 20 && number_values[k] < 100 && i + len < n && s[i + len] == '-') {
		char w2[32];
		size_t l2 = word_at(s, n, i + len + 1, w2, sizeof w2);
		for (int j = 1; j < 10 && l2; j++)
			if (strcmp(w2, number_words[j]) == 0) {
				*v += j;
				return len + 1 + l2;
			}
	}
	return len;
}

/* Parses digits at s[i..n) with thousands separators ("4,807") and a
 * decimal part ("1.5"). Stores the value; returns the length. */
static size_t digits_at(const char *s, size_t n, size_t i, double *v, int *grouped, int *decimal)
{
	size_t j = i;
	/* Every digit, however many: a number cut short is another number. */
	struct ev_buf buf = EV_BUF_INIT;
	*grouped = *decimal = 0;
	while (j < n && is_digit((unsigned char)s[j])) {
		ev_buf_addc(&buf, s[j]);
		j++;
		/* ",ddd" not followed by another digit continues the number. */
		if (j + 3 < n && s[j] == ',' && is_digit((unsigned char)s[j + 1]) && is_digit((unsigned char)s[j + 2]) &&
		    is_digit((unsigned char)s[j + 3]) && (j + 4 >= n || !is_digit((unsigned char)s[j + 4]))) {
			*grouped = 1;
			j++;
		}
	}
	if (j + 1 < n && s[j] == '.' && is_digit((unsigned char)s[j + 1])) {
		*decimal = 1;
		ev_buf_addc(&buf, '.');
		j++;
		while (j < n && is_digit((unsigned char)s[j])) {
			ev_buf_addc(&buf, s[j]);
			j++;
		}
	}
	*v = strtod(ev_buf_str(&buf), NULL);
	ev_buf_free(&buf);
	return j - i;
}

struct unitword {
	const char *word;
	enum ev_unit unit;
	int in_span; /* shown as part of the figure ("3 years", not "243 women") */
};
static const struct unitword unit_words[] = {
	{"years", EV_UNIT_YEARS, 1},	 {"year", EV_UNIT_YEARS, 1},	 {"yrs", EV_UNIT_YEARS, 1},
	{"yr", EV_UNIT_YEARS, 1},	 {"months", EV_UNIT_MONTHS, 1}, {"month", EV_UNIT_MONTHS, 1},
	{"mo", EV_UNIT_MONTHS, 1},	 {"weeks", EV_UNIT_WEEKS, 1},	 {"week", EV_UNIT_WEEKS, 1},
	{"wk", EV_UNIT_WEEKS, 1},	 {"days", EV_UNIT_DAYS, 1},	 {"day", EV_UNIT_DAYS, 1},
	{"percent", EV_UNIT_PERCENT, 1}, {"pct", EV_UNIT_PERCENT, 1},	 {"times", EV_UNIT_TIMES, 1},
	{"fold", EV_UNIT_TIMES, 1},	 {"hours", EV_UNIT_OTHER, 1},	 {"hour", EV_UNIT_OTHER, 1},
	{"minutes", EV_UNIT_OTHER, 1},	 {"mg", EV_UNIT_OTHER, 1},	 {"mcg", EV_UNIT_OTHER, 1},
	{"ug", EV_UNIT_OTHER, 1},	 {"g", EV_UNIT_OTHER, 1},	 {"kg", EV_UNIT_OTHER, 1},
	{"ml", EV_UNIT_OTHER, 1},	 {"iu", EV_UNIT_OTHER, 1},	 {"mmol", EV_UNIT_OTHER, 1},
	{"pmol", EV_UNIT_OTHER, 1},	 {"nmol", EV_UNIT_OTHER, 1},	 {"kcal", EV_UNIT_OTHER, 1},
	{"micrograms", EV_UNIT_OTHER, 1}, {"milligrams", EV_UNIT_OTHER, 1}, {"cups", EV_UNIT_OTHER, 1},
	{"servings", EV_UNIT_OTHER, 1},	 {"doses", EV_UNIT_OTHER, 1},	 {"people", EV_UNIT_NONE, 0},
	{"participants", EV_UNIT_NONE, 0}, {"patients", EV_UNIT_NONE, 0}, {"persons", EV_UNIT_NONE, 0},
	{"subjects", EV_UNIT_NONE, 0},	 {"volunteers", EV_UNIT_NONE, 0}, {"adults", EV_UNIT_NONE, 0},
	{"children", EV_UNIT_NONE, 0},	 {"men", EV_UNIT_NONE, 0},	 {"women", EV_UNIT_NONE, 0},
	{"individuals", EV_UNIT_NONE, 0}, {"studies", EV_UNIT_NONE, 0}, {"trials", EV_UNIT_NONE, 0},
	{"cases", EV_UNIT_NONE, 0},	 {"deaths", EV_UNIT_NONE, 0},	 {"mice", EV_UNIT_NONE, 0},
	{"rats", EV_UNIT_NONE, 0},	 {"countries", EV_UNIT_NONE, 0}, {NULL, EV_UNIT_NONE, 0},
};

static const struct unitword *unit_word(const char *w)
{
	for (int i = 0; unit_words[i].word; i++)
		if (strcmp(w, unit_words[i].word) == 0)
			return &unit_words[i];
	return NULL;
}

/* Words after which a number names something rather than counting it. */
static const char *const naming_words[] = {
	"type", "phase", "stage", "grade", "class", "vitamin", "tier", "version", "figure", "fig", "table",
	"chapter", "section", "step", "page", "pp", "no", "number", "item", "covid", "omega", "level", "part",
	"appendix", "ref", "reference", "footnote", NULL,
};

/* The lowercased word that ends right before s[i] (one space between). */
static void word_before(const char *s, size_t i, char *w, size_t size)
{
	w[0] = '\0';
	if (i < 2 || s[i - 1] != ' ')
		return;
	size_t e = i - 1, b = e;
	while (b > 0 && is_alpha((unsigned char)s[b - 1]))
		b--;
	size_t k = 0;
	for (size_t j = b; j < e && k + 1 < size; j++)
		w[k++] = (char)lower((unsigned char)s[j]);
	w[k] = '\0';
}

/* Reads a number (digits or number word) at s[i..n). */
static size_t number_at(const char *s, size_t n, size_t i, double *v, int *word)
{
	int g, d;
	*word = 0;
	if (i < n && is_digit((unsigned char)s[i]))
		return digits_at(s, n, i, v, &g, &d);
	size_t len = number_word_at(s, n, i, v);
	*word = len > 0;
	return len;
}

/* Scale words after a number: "1.2 million". */
static size_t scale_at(const char *s, size_t n, size_t i, double *v)
{
	char w[16];
	size_t sp = space_at(s, n, i);
	size_t len = word_at(s, n, i + sp, w, sizeof w);
	if (sp && len && (i + sp + len >= n || !is_alpha((unsigned char)s[i + sp + len]))) {
		if (strcmp(w, "thousand") == 0) {
			*v *= 1e3;
			return sp + len;
		}
		if (strcmp(w, "million") == 0) {
			*v *= 1e6;
			return sp + len;
		}
		if (strcmp(w, "billion") == 0) {
			*v *= 1e9;
			return sp + len;
		}
	}
	return 0;
}

/* The suffix after a number at s[j..n): %, +, x, -fold, a unit word
 * (attached, after a hyphen, or after a space). Sets the unit, whether it
 * extends the span, and returns the length consumed for the span. Sets
 * *reject for ordinals and decades ("3rd", "1990s"). */
static size_t suffix_at(const char *s, size_t n, size_t j, struct ev_figure *f, int *has_unit, int *reject)
{
	char w[24];
	size_t sp = space_at(s, n, j);
	*has_unit = 0;
	*reject = 0;
	if (j < n && s[j] == '%') {
		f->unit = EV_UNIT_PERCENT;
		*has_unit = 1;
		return 1;
	}
	if (sp && j + sp < n && s[j + sp] == '%') {
		f->unit = EV_UNIT_PERCENT;
		*has_unit = 1;
		return sp + 1;
	}
	if (j < n && s[j] == '+') {
		f->open = 1;
		*has_unit = 1;
		return 1;
	}
	/* "×" U+00D7 */
	if (j + 1 < n && (unsigned char)s[j] == 0xC3 && (unsigned char)s[j + 1] == 0x97) {
		f->unit = EV_UNIT_TIMES;
		*has_unit = 1;
		return 2;
	}
	/* µg (micro sign or Greek mu, then g) */
	if (j + 2 < n && (((unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xB5) ||
			  ((unsigned char)s[j] == 0xCE && (unsigned char)s[j + 1] == 0xBC)) &&
	    s[j + 2] == 'g') {
		f->unit = EV_UNIT_OTHER;
		*has_unit = 1;
		return 3;
	}
	if (sp && j + sp + 2 < n &&
	    (((unsigned char)s[j + sp] == 0xC2 && (unsigned char)s[j + sp + 1] == 0xB5) ||
	     ((unsigned char)s[j + sp] == 0xCE && (unsigned char)s[j + sp + 1] == 0xBC)) &&
	    s[j + sp + 2] == 'g') {
		f->unit = EV_UNIT_OTHER;
		*has_unit = 1;
		return sp + 3;
	}
	size_t len = word_at(s, n, j, w, sizeof w);
	if (len) {
		/* Letters attached to the digits. */
		if (strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 || strcmp(w, "rd") == 0 || strcmp(w, "th") == 0 ||
		    strcmp(w, "s") == 0) {
			*reject = 1;
			return 0;
		}
		if (strcmp(w, "x") == 0) {
			f->unit = EV_UNIT_TIMES;
			*has_unit = 1;
			return 1;
		}
		const struct unitword *u = unit_word(w);
		f->unit = u ? u->unit : EV_UNIT_OTHER;
		*has_unit = 1;
		return len;
	}
	size_t d = dash_at(s, n, j);
	if (d && (len = word_at(s, n, j + d, w, sizeof w)) > 0) {
		const struct unitword *u = unit_word(w);
		if (u && u->unit != EV_UNIT_NONE) {
			f->unit = u->unit;
			*has_unit = 1;
			return d + len;
		}
		return 0;
	}
	if (sp && (len = word_at(s, n, j + sp, w, sizeof w)) > 0) {
		if (strcmp(w, "per") == 0) {
			char w2[16];
			size_t sp2 = space_at(s, n, j + sp + len);
			size_t l2 = word_at(s, n, j + sp + len + sp2, w2, sizeof w2);
			if (sp2 && strcmp(w2, "cent") == 0) {
				f->unit = EV_UNIT_PERCENT;
				*has_unit = 1;
				return sp + len + sp2 + l2;
			}
			return 0;
		}
		const struct unitword *u = unit_word(w);
		if (u) {
			f->unit = u->unit;
			*has_unit = 1;
			return u->in_span ? sp + len : 0;
		}
	}
	return 0;
}

/* Multiplier words that are figures on their own. */
static const char *const times_words[] = {"twice", "twofold", "threefold", "fourfold", "fivefold", "tenfold", NULL};
static const double times_values[] = {2, 2, 3, 4, 5, 10};

/* Whether s[i] lies inside a date written with full stops, as Korean and
 * some European blogs date posts: "2025. 10. 23." or "2025.10.23" (a year
 * 1800-2100, a month 1-12, a day 1-31, spaces allowed after each stop).
 * The date's last full stop is not inside it: it may end a sentence. lo is
 * where the text may start. */
static int in_dotted_date(const char *s, size_t lo, size_t n, size_t i)
{
	for (size_t p = i > lo + 12 ? i - 12 : lo; p <= i && p < n; p++) {
		if (!is_digit((unsigned char)s[p]) || (p > lo && is_digit((unsigned char)s[p - 1])))
			continue;
		size_t q = p;
		int part[3] = {0, 0, 0}, ok = 1;
		for (int k = 0; k < 3 && ok; k++) {
			size_t d = 0;
			while (q < n && is_digit((unsigned char)s[q]) && d < 5) {
				part[k] = part[k] * 10 + (s[q] - '0');
				q++;
				d++;
			}
			if (k == 0)
				ok = d == 4 && part[0] >= 1800 && part[0] <= 2100;
			else
				ok = d >= 1 && d <= 2 && part[k] >= 1 && part[k] <= (k == 1 ? 12 : 31);
			if (ok && q < n && is_digit((unsigned char)s[q]))
				ok = 0; /* more digits than a year, month or day has */
			if (ok && k < 2) {
				if (q >= n || s[q] != '.') {
					ok = 0;
					break;
				}
				q++;
				while (q < n && s[q] == ' ')
					q++;
			}
		}
		if (ok && i >= p && i < q)
			return 1;
	}
	return 0;
}

int ev_figures(const char *s, size_t n, struct ev_figure *out, int max)
{
	int count = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int starts_digit = is_digit(c) && (i == 0 || !is_digit((unsigned char)s[i - 1]));
		double v = 0;
		size_t wl = 0;
		if (!starts_digit) {
			if (!is_alpha(c) || (i > 0 && is_alpha((unsigned char)s[i - 1]))) {
				i++;
				continue;
			}
			char w[16];
			size_t len = word_at(s, n, i, w, sizeof w);
			int tw = -1;
			for (int k = 0; times_words[k]; k++)
				if (strcmp(w, times_words[k]) == 0)
					tw = k;
			if (tw >= 0) {
				struct ev_figure f = {i, i + len, times_values[tw], times_values[tw], 0, EV_UNIT_TIMES};
				if (count < max)
					out[count] = f;
				count++;
				i += len;
				continue;
			}
			if ((wl = number_word_at(s, n, i, &v)) == 0) {
				i += len;
				continue;
			}
		}
		struct ev_figure f;
		memset(&f, 0, sizeof f);
		f.start = i;
		int word = !starts_digit, grouped = 0, decimal = 0, skip = 0;
		size_t j;
		if (starts_digit) {
			j = i + digits_at(s, n, i, &v, &grouped, &decimal);
			/* Part of a name: K2, MK-7, COVID-19, D3; a date or a
			 * compound like 2025-10-23; a citation mark [12]. */
			if (i > 0 && (is_alpha((unsigned char)s[i - 1]) || s[i - 1] == '^'))
				skip = 1;
			if (i > 1 && (s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == ':') &&
			    (is_alpha((unsigned char)s[i - 2]) || is_digit((unsigned char)s[i - 2])))
				skip = 1;
			if (i > 0 && s[i - 1] == '[' && j < n && (s[j] == ']' || s[j] == ','))
				skip = 1;
			if (j + 1 < n && s[j] == ':' && is_digit((unsigned char)s[j + 1]))
				skip = 1; /* a time of day or a ratio written 1:2 */
			if (in_dotted_date(s, 0, n, i))
				skip = 1; /* the month or day of "2025. 10. 23." */
			char pw[24];
			word_before(s, i, pw, sizeof pw);
			if (pw[0] && in_list(pw, naming_words))
				skip = 1;
		} else {
			j = i + wl;
		}
		j += scale_at(s, n, j, &v);
		f.lo = f.hi = v;
		/* A range: "65-74", "7–10 years", "seven to ten years". */
		size_t r = j, d = dash_at(s, n, j);
		int ranged = 0;
		if (!d) {
			size_t sp = space_at(s, n, j);
			char w[8];
			size_t len = word_at(s, n, j + sp, w, sizeof w);
			if (sp && len && (strcmp(w, "to") == 0 || strcmp(w, "or") == 0) &&
			    space_at(s, n, j + sp + len))
				d = sp + len + space_at(s, n, j + sp + len);
			else if (sp && (d = dash_at(s, n, j + sp)) != 0)
				d = sp + d + space_at(s, n, j + sp + d);
		} else {
			d += space_at(s, n, j + d);
		}
		if (d) {
			double v2;
			int w2;
			size_t l2 = number_at(s, n, j + d, &v2, &w2);
			if (l2) {
				size_t e2 = j + d + l2;
				e2 += scale_at(s, n, e2, &v2);
				if (v2 > v) {
					f.hi = v2;
					r = e2;
					ranged = 1;
				}
			}
		}
		if (ranged)
			j = r;
		int has_unit, reject;
		size_t sl = suffix_at(s, n, j, &f, &has_unit, &reject);
		if (reject)
			skip = 1;
		/* "one in three", "two out of three": a proportion. */
		if (!has_unit && !skip) {
			size_t sp = space_at(s, n, j);
			char w[8];
			size_t len = word_at(s, n, j + sp, w, sizeof w);
			size_t k = 0;
			if (sp && strcmp(w, "in") == 0)
				k = j + sp + len;
			else if (sp && strcmp(w, "out") == 0) {
				char w2[8];
				size_t sp2 = space_at(s, n, j + sp + len);
				size_t l2 = word_at(s, n, j + sp + len + sp2, w2, sizeof w2);
				if (strcmp(w2, "of") == 0)
					k = j + sp + len + sp2 + l2;
			}
			if (k && space_at(s, n, k)) {
				double den;
				int dw;
				size_t dl = number_at(s, n, k + space_at(s, n, k), &den, &dw);
				if (dl && den > 0) {
					f.unit = EV_UNIT_OTHER;
					f.lo = f.hi = f.lo / den;
					has_unit = 1;
					sl = k + space_at(s, n, k) + dl - j;
				}
			}
		}
		if (word) {
			/* A number word is a figure only with a unit or in a
			 * range of them; "one day" is an idiom. */
			char w[16];
			word_at(s, n, j + space_at(s, n, j), w, sizeof w);
			if (!has_unit || (f.lo == 1 && !ranged && (strcmp(w, "day") == 0 || strcmp(w, "time") == 0)))
				skip = 1;
		} else if (!has_unit && !grouped && !decimal && v >= 1800 && v <= 2100 && v == floor(v) &&
			   (!ranged || (f.hi >= 1800 && f.hi <= 2100))) {
			skip = 1; /* a year (or a span of years) */
		}
		f.end = j + sl;
		/* Do not swallow trailing blanks into the span. */
		while (f.end > f.start && (s[f.end - 1] == ' '))
			f.end--;
		if (!skip) {
			if (count < max)
				out[count] = f;
			count++;
		}
		i = f.end > i ? f.end : i + 1;
	}
	return count;
}

/* ---- reading the article --------------------------------------------- */

struct block {
	size_t start, end;
	long line;
};

struct reader {
	struct ev_buf text;
	struct block *blocks;
	int nblocks, cap;
};

static void add_block(struct reader *r, const char *s, size_t n, long line)
{
	/* Trim, and keep only blocks with something in them. */
	while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++, n--, line += s[-1] == '\n';
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	if (!n)
		return;
	if (r->nblocks == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->blocks = ev_xrealloc(r->blocks, (size_t)r->cap * sizeof *r->blocks);
	}
	if (r->text.len)
		ev_buf_adds(&r->text, "\n\n");
	struct block *b = &r->blocks[r->nblocks++];
	b->start = r->text.len;
	ev_buf_add(&r->text, s, n);
	b->end = r->text.len;
	b->line = line;
}

/* A paragraph that is a pipe table becomes one block per cell; the
 * delimiter row goes. Returns 1 when it was a table. */
static int add_table(struct reader *r, const char *s, size_t n, long line)
{
	if (!n || s[0] != '|')
		return 0;
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != '\n')
			e++;
		int delim = 1;
		for (size_t k = i; k < e; k++)
			if (!strchr("|-: \t", s[k]))
				delim = 0;
		if (!delim) {
			size_t c = i;
			while (c < e) {
				if (s[c] == '|') {
					c++;
					continue;
				}
				size_t ce = c;
				while (ce < e && s[ce] != '|')
					ce++;
				add_block(r, s + c, ce - c, line);
				c = ce;
			}
		}
		line++;
		i = e + 1;
	}
	return 1;
}

static void read_markdown(struct reader *r, const char *data, size_t n)
{
	cmark_node *doc = cmark_parse_document(data, n, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	struct ev_buf para = EV_BUF_INIT;
	int in_block = 0, in_image = 0;
	long line = 1;
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		switch (type) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER) {
				ev_buf_reset(&para);
				line = cmark_node_get_start_line(node);
				in_block = 1;
			} else if (in_block) {
				if (!add_table(r, para.data ? para.data : "", para.len, line))
					add_block(r, ev_buf_str(&para), para.len, line);
				in_block = 0;
			}
			break;
		case CMARK_NODE_IMAGE:
			/* Alt text describes a picture, not the article's
			 * argument. */
			in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if (in_block && !in_image)
				ev_buf_adds(&para, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (in_block)
				ev_buf_addc(&para, '\n');
			break;
		default:
			break;
		}
	}
	ev_buf_free(&para);
	cmark_iter_free(it);
	cmark_node_free(doc);
}

static void read_plain(struct reader *r, const char *data, size_t n)
{
	size_t i = 0, ps = 0;
	long line = 1, pline = 0;
	int inpara = 0;
	for (;;) {
		size_t e = i;
		while (e < n && data[e] != '\n')
			e++;
		int blank = 1;
		for (size_t k = i; k < e; k++)
			if (data[k] != ' ' && data[k] != '\t')
				blank = 0;
		if (blank && inpara) {
			add_block(r, data + ps, i - ps, pline);
			inpara = 0;
		} else if (!blank && !inpara) {
			inpara = 1;
			ps = i;
			pline = line;
		}
		if (e >= n) {
			if (inpara)
				add_block(r, data + ps, e - ps, pline);
			break;
		}
		i = e + 1;
		line++;
	}
}

/* Abbreviations whose full stop does not end a sentence. */
static const char *const abbreviations[] = {
	"dr", "mr", "mrs", "ms", "prof", "st", "vs", "fig", "figs", "no", "nos", "approx", "ca", "cf", "al",
	"jr", "sr", "inc", "ltd", "co", "corp", "vol", "pp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.s.a", "a.m", "p.m", "ph.d", "m.d",
	"d.c", "resp", "incl", "est", NULL,
};

/* Whether the full stop at s[i] ends an abbreviation. */
static int abbreviation_before(const char *s, size_t start, size_t i)
{
	size_t b = i;
	while (b > start && (is_alpha((unsigned char)s[b - 1]) || s[b - 1] == '.'))
		b--;
	char w[16];
	size_t k = 0;
	for (size_t j = b; j < i && k + 1 < sizeof w; j++)
		w[k++] = (char)lower((unsigned char)s[j]);
	w[k] = '\0';
	return k && in_list(w, abbreviations);
}

static void add_sentence(struct ev_text *t, int *cap, const struct block *b, size_t s, size_t e)
{
	while (s < e && (t->text[s] == ' ' || t->text[s] == '\n' || t->text[s] == '\t'))
		s++;
	while (e > s && (t->text[e - 1] == ' ' || t->text[e - 1] == '\n' || t->text[e - 1] == '\t'))
		e--;
	if (s == e)
		return;
	if (t->nsent == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		t->sent = ev_xrealloc(t->sent, (size_t)*cap * sizeof *t->sent);
	}
	long line = b->line;
	for (size_t k = b->start; k < s; k++)
		line += t->text[k] == '\n';
	t->sent[t->nsent].start = s;
	t->sent[t->nsent].end = e;
	t->sent[t->nsent].line = line;
	t->nsent++;
}

/* Closing marks that may follow a sentence's final punctuation. */
static size_t closer_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] && strchr("\"')]*_", s[i]))
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x9D))
		return 3;
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xBB)
		return 2;
	return 0;
}

static void split_sentences(struct ev_text *t, const struct block *b, int *cap)
{
	const char *s = t->text;
	size_t start = b->start, n = b->end;
	size_t i = start;
	while (i < n) {
		size_t stop = 0;
		if (s[i] == '.' || s[i] == '!' || s[i] == '?')
			stop = 1;
		else if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
			 (unsigned char)s[i + 2] == 0xA6)
			stop = 3;
		if (!stop) {
			i++;
			continue;
		}
		size_t j = i + stop, c;
		while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
			j++;
		while ((c = closer_at(s, n, j)) != 0)
			j += c;
		size_t sp = space_at(s, n, j);
		if (j < n && !sp) {
			i = j > i ? j : i + 1;
			continue;
		}
		size_t k = j + sp;
		unsigned char next = k < n ? (unsigned char)s[k] : 0;
		int boundary = k >= n || (next >= 'A' && next <= 'Z') || is_digit(next) || next >= 0x80 ||
			       (next && strchr("\"'([*_#", next));
		if (boundary && s[i] == '.' && stop == 1 && abbreviation_before(s, start, i))
			boundary = 0;
		if (boundary && s[i] == '.' && stop == 1 && in_dotted_date(s, start, n, i))
			boundary = 0;
		if (boundary) {
			add_sentence(t, cap, b, start, j);
			start = k;
		}
		i = k > i ? k : i + 1;
	}
	add_sentence(t, cap, b, start, n);
}

int ev_text_parse(const char *data, size_t n, int markdown, struct ev_text *t, char *err, size_t errsize)
{
	memset(t, 0, sizeof *t);
	const char *nul = memchr(data, '\0', n);
	long bad = ev_utf8_invalid_at(data, n);
	if (nul || bad >= 0) {
		size_t at = nul && (bad < 0 || (size_t)(nul - data) < (size_t)bad) ? (size_t)(nul - data) : (size_t)bad;
		long line = 1;
		for (size_t k = 0; k < at; k++)
			line += data[k] == '\n';
		snprintf(err, errsize, "%ld: %s", line,
			 nul && (size_t)(nul - data) == at ? "contains a NUL byte" : "is not valid UTF-8");
		return -1;
	}
	/* A byte order mark is no part of the text; CRLF becomes LF; YAML
	 * front matter is blanked (its lines kept, so line numbers hold). */
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, n -= 3;
	struct ev_buf src = EV_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (!(data[i] == '\r' && i + 1 < n && data[i + 1] == '\n'))
			ev_buf_addc(&src, data[i]);
	ev_buf_adds(&src, "");
	if (markdown && src.len >= 4 && memcmp(src.data, "---\n", 4) == 0) {
		size_t i = 4;
		while (i < src.len) {
			size_t e = i;
			while (e < src.len && src.data[e] != '\n')
				e++;
			if ((e - i == 3 && (memcmp(src.data + i, "---", 3) == 0 || memcmp(src.data + i, "...", 3) == 0))) {
				for (size_t k = 0; k < e; k++)
					if (src.data[k] != '\n')
						src.data[k] = ' ';
				break;
			}
			i = e + 1;
		}
	}
	struct reader r;
	memset(&r, 0, sizeof r);
	if (markdown)
		read_markdown(&r, src.data, src.len);
	else
		read_plain(&r, src.data, src.len);
	ev_buf_free(&src);
	ev_buf_adds(&r.text, "");
	t->len = r.text.len;
	t->text = ev_buf_take(&r.text);
	int cap = 0;
	for (int b = 0; b < r.nblocks; b++)
		split_sentences(t, &r.blocks[b], &cap);
	free(r.blocks);
	t->map = ev_xmalloc((t->len + 1) * sizeof *t->map);
	t->folded = ev_fold(t->text, t->len, t->map, &t->flen);
	return 0;
}

void ev_text_free(struct ev_text *t)
{
	free(t->text);
	free(t->sent);
	free(t->folded);
	free(t->map);
	memset(t, 0, sizeof *t);
}

/* Finds the folded quote's pieces (split at "...") in order in the folded
 * text from `from`. Returns 1 with the span, 0 when absent, -1 when the
 * quote has nothing to look for. */
static int find_from(const struct ev_text *t, const char *fq, size_t from, size_t *fs, size_t *fe)
{
	const char *p = fq, *hay = t->folded + from;
	int pieces = 0;
	size_t first = 0, last = 0;
	while (*p) {
		const char *dots = strstr(p, "...");
		size_t len = dots ? (size_t)(dots - p) : strlen(p);
		/* Trim the piece: the ellipsis often has spaces around it. */
		const char *ps = p;
		size_t pl = len;
		while (pl && *ps == ' ')
			ps++, pl--;
		while (pl && ps[pl - 1] == ' ')
			pl--;
		if (pl) {
			char *piece = ev_xstrndup(ps, pl);
			const char *hit = strstr(hay, piece);
			free(piece);
			if (!hit)
				return 0;
			if (!pieces)
				first = (size_t)(hit - t->folded);
			last = (size_t)(hit - t->folded) + pl;
			hay = hit + pl;
			pieces++;
		}
		p += len;
		while (*p == '.')
			p++;
	}
	if (!pieces)
		return -1;
	*fs = first;
	*fe = last;
	return 1;
}

int ev_text_find(const struct ev_text *t, const char *quote, size_t *fstart, size_t *fend)
{
	size_t fs = 0, fe = 0;
	if (!quote)
		return -1;
	char *fq = ev_fold(quote, strlen(quote), NULL, NULL);
	int rc = find_from(t, fq, 0, &fs, &fe);
	free(fq);
	if (rc == 1) {
		if (fstart)
			*fstart = fs;
		if (fend)
			*fend = fe;
	}
	return rc;
}

/* ---- coverage --------------------------------------------------------- */

/* The numbers the claims record, each with the kind of quantity it is:
 * a count only accounts for a count, "3 years" only for a duration. */
enum qty { Q_COUNT, Q_PERCENT, Q_TIMES, Q_MONTHS, Q_WEEKS, Q_DAYS, Q_OTHER };

static enum qty qty_of(enum ev_unit u)
{
	switch (u) {
	case EV_UNIT_NONE:
		return Q_COUNT;
	case EV_UNIT_PERCENT:
		return Q_PERCENT;
	case EV_UNIT_TIMES:
		return Q_TIMES;
	case EV_UNIT_YEARS:
	case EV_UNIT_MONTHS:
		return Q_MONTHS;
	case EV_UNIT_WEEKS:
		return Q_WEEKS;
	case EV_UNIT_DAYS:
		return Q_DAYS;
	default:
		return Q_OTHER;
	}
}

/* Years are counted in months, so "7-10 years" meets "84-120". */
static double qty_value(enum ev_unit u, double v) { return u == EV_UNIT_YEARS ? v * 12 : v; }

struct numbers {
	double *v;
	enum qty *q;
	int *claim; /* which claim recorded each number */
	int n, cap;
};

static void add_number(struct numbers *ns, enum qty q, double v, int claim)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 32;
		ns->v = ev_xrealloc(ns->v, (size_t)ns->cap * sizeof *ns->v);
		ns->q = ev_xrealloc(ns->q, (size_t)ns->cap * sizeof *ns->q);
		ns->claim = ev_xrealloc(ns->claim, (size_t)ns->cap * sizeof *ns->claim);
	}
	ns->v[ns->n] = v;
	ns->q[ns->n] = q;
	ns->claim[ns->n] = claim;
	ns->n++;
}

static void add_text_numbers(struct numbers *ns, const char *s, int claim)
{
	struct ev_figure f[64];
	if (!s || !*s)
		return;
	int k = ev_figures(s, strlen(s), f, 64);
	for (int i = 0; i < k && i < 64; i++) {
		add_number(ns, qty_of(f[i].unit), qty_value(f[i].unit, f[i].lo), claim);
		if (f[i].hi != f[i].lo)
			add_number(ns, qty_of(f[i].unit), qty_value(f[i].unit, f[i].hi), claim);
	}
}

/* The claim that recorded v as a quantity of kind q, or -1. */
static int number_claim(const struct numbers *ns, enum qty q, double v)
{
	for (int i = 0; i < ns->n; i++)
		if (ns->q[i] == q && fabs(ns->v[i] - v) < 1e-9 * (fabs(v) + 1))
			return ns->claim[i];
	return -1;
}

int ev_text_coverage(const struct ev_text *t, const struct ev_cover_claim *claims, int nclaims,
		     struct ev_cover_result **out)
{
	struct numbers ns = {0};
	/* Every occurrence of every quote, as folded spans. */
	size_t (*spans)[2] = NULL;
	int *span_claim = NULL, nspans = 0, capspans = 0;
	for (int c = 0; c < nclaims; c++) {
		const struct ev_cover_claim *cl = &claims[c];
		add_text_numbers(&ns, cl->text, c);
		add_text_numbers(&ns, cl->quote, c);
		add_text_numbers(&ns, cl->population, c);
		if (cl->n > 0)
			add_number(&ns, Q_COUNT, (double)cl->n, c);
		double lo, hi;
		if (cl->duration && ev_parse_months(cl->duration, &lo, &hi) == 0) {
			add_number(&ns, Q_MONTHS, lo, c);
			add_number(&ns, Q_MONTHS, hi, c);
		}
		if (!cl->quote || !*cl->quote)
			continue;
		char *fq = ev_fold(cl->quote, strlen(cl->quote), NULL, NULL);
		size_t from = 0, fs, fe;
		while (from < t->flen && find_from(t, fq, from, &fs, &fe) == 1) {
			if (nspans == capspans) {
				capspans = capspans ? capspans * 2 : 16;
				spans = ev_xrealloc(spans, (size_t)capspans * sizeof *spans);
				span_claim = ev_xrealloc(span_claim, (size_t)capspans * sizeof *span_claim);
			}
			spans[nspans][0] = fs;
			spans[nspans][1] = fe;
			span_claim[nspans++] = c;
			from = fs + 1;
		}
		free(fq);
	}
	struct ev_cover_result *res = ev_xcalloc((size_t)t->nsent + 1, sizeof *res);
	int nres = 0;
	for (int s = 0; s < t->nsent; s++) {
		const struct ev_sentence *se = &t->sent[s];
		struct ev_cover_result *r = &res[nres];
		memset(r, 0, sizeof *r);
		int k = ev_figures(t->text + se->start, se->end - se->start, r->fig, 16);
		if (!k)
			continue;
		r->sentence = s;
		r->nfigures = k > 16 ? 16 : k;
		r->nfound = k;
		r->claim = -1;
		size_t fs = t->map[se->start], fe = t->map[se->end];
		for (int q = 0; q < nspans && r->how == EV_COVER_NONE; q++)
			if (spans[q][0] < fe && spans[q][1] > fs) {
				r->how = EV_COVER_QUOTE;
				r->claim = span_claim[q];
			}
		if (r->how == EV_COVER_NONE && k <= 16) {
			int all = 1, first = -1;
			for (int i = 0; i < r->nfigures && all; i++) {
				const struct ev_figure *fg = &r->fig[i];
				enum qty q = qty_of(fg->unit);
				int a = number_claim(&ns, q, qty_value(fg->unit, fg->lo));
				int b = fg->hi != fg->lo && !fg->open ? number_claim(&ns, q, qty_value(fg->unit, fg->hi)) : a;
				all = a >= 0 && b >= 0;
				if (first < 0)
					first = a;
			}
			if (all) {
				r->how = EV_COVER_DETAILS;
				r->claim = first;
			}
		}
		nres++;
	}
	free(spans);
	free(span_claim);
	free(ns.v);
	free(ns.q);
	free(ns.claim);
	*out = res;
	return nres;
}

void ev_figures_text(const struct ev_text *t, const struct ev_cover_result *c, struct ev_buf *b)
{
	size_t base = t->sent[c->sentence].start;
	for (int i = 0; i < c->nfigures; i++) {
		if (i)
			ev_buf_adds(b, ", ");
		ev_buf_add(b, t->text + base + c->fig[i].start, c->fig[i].end - c->fig[i].start);
	}
	if (c->nfound > c->nfigures)
		ev_buf_addf(b, " and %d more", c->nfound - c->nfigures);
}
