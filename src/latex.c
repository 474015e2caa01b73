/*
 * latex.c: text in BibTeX files, which is LaTeX: escaping what LaTeX
 * treats specially, LaTeX accents for --ascii, braces that keep a title's
 * acronyms and names from being lowercased by a style, and the way back
 * for BibTeX read by import (ev_bibtex_unescape). The BibTeX reader is
 * bibtex.c; the BibTeX entry is one of cite.c's formats.
 */
#include "latex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

int ev_bibtex_braces_pair(const char *s, size_t n)
{
	struct braces br = {s, n, NULL};
	int lone = 0;
	for (size_t i = 0; i < n && !lone; i++)
		lone = (s[i] == '{' || s[i] == '}') && is_lone(&br, i);
	free(br.lone);
	return !lone;
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
		 * for LaTeX; a character is taken whole, as ev_utf8_at() sees it. */
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
				run += ev_utf8_at(s + run, &cp);
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
			size_t len = ev_utf8_at(s + i, &cp);
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

int ev_bibtex_escape_folded(struct ev_buf *b, const char *f, size_t n, unsigned flags)
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
	const char *f = ev_spaces_folded(s, &tmp, &n);
	int kept = f ? ev_bibtex_escape_folded(b, f, n, flags) : 0;
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
			else if (ev_cp_is_letter(cp)) {
				if (ev_cp_is_upper(cp)) {
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
		size_t len = ev_utf8_at(s + a, &cp);
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
		ev_utf8_at(s + k, &cp);
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
		size_t len = ev_utf8_at(s + a, &cp);
		if (ev_cp_is_letter(cp))
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
		a += ev_utf8_at(s + a, &cp);
		k += ev_cp_is_letter(cp) != 0;
	}
	return k >= want;
}

/* A word of a title: its bounds, the core within them (no quotes or
 * punctuation around it), its first letter and whether it has a capital
 * or a non-ASCII letter. */
struct title_word {
	size_t st, en, ca, cb;
	unsigned long first;
	unsigned char capital;
};

int ev_bibtex_title(struct ev_buf *b, const char *title, unsigned flags)
{
	struct ev_buf tmp = EV_BUF_INIT;
	size_t n;
	const char *f = ev_spaces_folded(title, &tmp, &n);
	if (!f)
		return 0;
	/* Every word, however long the title: the array grows as needed (it
	 * held the first 512, and later words kept no case). */
	struct title_word *w = NULL;
	int nw = 0, cap = 0, kept = 0;
	struct braces br = {f, n, NULL};
	for (size_t i = 0; i < n;) {
		while (i < n && f[i] == ' ')
			i++;
		if (nw == cap) {
			cap = cap ? 2 * cap : 32;
			w = ev_xrealloc(w, (size_t)cap * sizeof *w);
		}
		struct title_word *x = &w[nw++];
		x->st = i;
		x->capital = 0;
		for (; i < n && f[i] != ' '; i++)
			x->capital |= (unsigned char)f[i] >= 0x80 || (f[i] >= 'A' && f[i] <= 'Z');
		x->en = i;
		word_core(f, x->st, x->en, &x->ca, &x->cb);
		x->first = first_letter(f, x->ca, x->cb);
	}
	/* Title case or sentence case? Count the longer words after the
	 * first: in a title written in sentence case most start lowercase,
	 * so a capital there marks a proper noun. */
	int up = 0, low = 0;
	for (int k = 1; k < nw; k++) {
		unsigned long cp = w[k].first;
		if (!cp || !has_letters(f, w[k].ca, w[k].cb, 4))
			continue;
		if (ev_cp_is_upper(cp))
			up++;
		else if (ev_cp_is_lower(cp))
			low++;
	}
	int sentence_case = up <= low;
	int sentence_start = 1;
	size_t done = 0;
	for (int k = 0; k < nw; k++) {
		const struct title_word *x = &w[k];
		int protect = 0;
		if (x->cb > x->ca) {
			unsigned long cp = x->first;
			/* keeps_case needs a capital (a plain word never keeps) */
			protect = (x->capital && keeps_case(f + x->ca, x->cb - x->ca)) ||
				  (sentence_case && !sentence_start && cp && ev_cp_is_upper(cp));
		}
		if (protect) {
			kept += escape_range(b, &br, done, x->ca, flags);
			ev_buf_addc(b, '{');
			kept += escape_range(b, &br, x->ca, x->cb, flags);
			ev_buf_addc(b, '}');
			done = x->cb;
		}
		char last = 0;
		if (x->en > x->st)
			last = f[x->en - 1];
		sentence_start = last == ':' || last == '?' || last == '!';
	}
	kept += escape_range(b, &br, done, n, flags);
	free(w);
	free(br.lone);
	ev_buf_free(&tmp);
	return kept;
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
