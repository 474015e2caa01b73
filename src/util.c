/*
 * util.c: diagnostics, checked allocation, the byte buffer, UTF-8 checks
 * and suggestions. Nothing here knows about studies or SQLite.
 */
#define _XOPEN_SOURCE 700 /* wcwidth() */
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <unicase.h>
#include <uninorm.h>

int ev_quiet;
void (*ev_before_message)(void);
static const char *current_command;

void ev_set_command(const char *name) { current_command = name; }

static void vreport(const char *kind, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vreport(const char *kind, const char *fmt, va_list ap)
{
	/* One fputs per line keeps messages whole when several processes
	 * share a terminal or a log. Messages quote file names, arguments,
	 * column names and values, any of which may hold escape sequences:
	 * the whole line goes through ev_term_escape. */
	struct ev_buf b = EV_BUF_INIT, raw = EV_BUF_INIT;
	ev_buf_adds(&b, "evidence: ");
	if (current_command) {
		ev_term_escape(&b, current_command, strlen(current_command));
		ev_buf_adds(&b, ": ");
	}
	if (kind)
		ev_buf_adds(&b, kind);
	ev_buf_vaddf(&raw, fmt, ap);
	ev_term_escape(&b, ev_buf_str(&raw), raw.len);
	ev_buf_addc(&b, '\n');
	if (ev_before_message)
		ev_before_message();
	fputs(ev_buf_str(&b), stderr);
	ev_buf_free(&raw);
	ev_buf_free(&b);
}

int ev_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int ev_warn(const char *fmt, ...)
{
	va_list ap;
	if (ev_quiet)
		return 0;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
	return 0;
}

void ev_notice(const char *fmt, ...)
{
	va_list ap;
	if (ev_quiet)
		return;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

void ev_note(const char *fmt, ...)
{
	va_list ap;
	if (ev_quiet)
		return;
	struct ev_buf raw = EV_BUF_INIT, b = EV_BUF_INIT;
	va_start(ap, fmt);
	ev_buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	ev_term_escape(&b, ev_buf_str(&raw), raw.len);
	ev_buf_addc(&b, '\n');
	if (ev_before_message)
		ev_before_message();
	fputs(ev_buf_str(&b), stderr);
	ev_buf_free(&raw);
	ev_buf_free(&b);
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "evidence: out of memory (asked for %zu bytes)\n", n);
	exit(EV_FAIL);
}

void *ev_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *ev_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *ev_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *ev_xstrdup(const char *s) { return ev_xstrndup(s, strlen(s)); }

char *ev_xstrndup(const char *s, size_t n)
{
	char *p = ev_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ev_xasprintf(const char *fmt, ...)
{
	struct ev_buf b = EV_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return ev_buf_take(&b);
}

void ev_buf_grow(struct ev_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = ev_xrealloc(b->data, cap);
	b->cap = cap;
}

size_t ev_int_str(char *buf, int64_t v)
{
	char tmp[EV_INT_STR];
	size_t i = sizeof tmp;
	/* Through the unsigned magnitude, so INT64_MIN does not overflow. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	size_t n = sizeof tmp - i;
	memcpy(buf, tmp + i, n);
	buf[n] = '\0';
	return n;
}

void ev_buf_addi(struct ev_buf *b, int64_t v)
{
	char tmp[EV_INT_STR];
	size_t n = ev_int_str(tmp, v);
	ev_buf_add(b, tmp, n);
}

void ev_buf_vaddf(struct ev_buf *b, const char *fmt, va_list ap)
{
	/* Pages and plots are built from thousands of these calls, many of
	 * them plain markup: text without a conversion is copied as it is,
	 * and the rest is formatted once into the room already there,
	 * measured and formatted again only when it does not fit (formatting
	 * every call twice was a fifth of a large site's time). */
	if (!strchr(fmt, '%')) {
		ev_buf_adds(b, fmt);
		return;
	}
	va_list ap2;
	va_copy(ap2, ap);
	ev_buf_grow(b, 0);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		ev_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void ev_buf_addf(struct ev_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void ev_buf_reset(struct ev_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void ev_buf_free(struct ev_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *ev_buf_str(const struct ev_buf *b) { return b->data ? b->data : ""; }

char *ev_buf_take(struct ev_buf *b)
{
	char *p = b->data ? b->data : ev_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void ev_buf_add_shell_word(struct ev_buf *b, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%_+=:,./-";
	if (*s && strspn(s, safe) == strlen(s)) {
		ev_buf_adds(b, s);
		return;
	}
	ev_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ev_buf_adds(b, "'\\''");
		else
			ev_buf_addc(b, *s);
	}
	ev_buf_addc(b, '\'');
}

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length
 * and stores the code point, or returns 0 for an invalid sequence. */
/* *cp is always set (U+FFFD when the bytes are not a sequence), so no
 * caller can act on the code point of an earlier sequence: ev_term_escape
 * once did, and looped forever on a newline followed by a byte that is
 * not UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len;
	*cp = 0xFFFD;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t ev_utf8_decode(const char *s, size_t n, unsigned long *cp)
{
	return n ? utf8_decode((const unsigned char *)s, n, cp) : 0;
}

void ev_buf_add_utf8(struct ev_buf *b, unsigned long c)
{
	char t[4];
	if (c < 0x80) {
		ev_buf_addc(b, (char)c);
	} else if (c < 0x800) {
		t[0] = (char)(0xC0 | (c >> 6));
		t[1] = (char)(0x80 | (c & 0x3F));
		ev_buf_add(b, t, 2);
	} else if (c < 0x10000) {
		t[0] = (char)(0xE0 | (c >> 12));
		t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		t[2] = (char)(0x80 | (c & 0x3F));
		ev_buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xF0 | (c >> 18));
		t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		t[3] = (char)(0x80 | (c & 0x3F));
		ev_buf_add(b, t, 4);
	}
}

size_t ev_utf8_next(const char *s, size_t n, unsigned long *cp)
{
	size_t len = utf8_decode((const unsigned char *)s, n, cp);
	if (len)
		return len;
	*cp = 0xFFFD;
	return 1;
}

long ev_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		unsigned long cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len)
			return (long)i;
		i += len;
	}
	return -1;
}

void ev_xml_escape(struct ev_buf *b, const char *s)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c >= 0x80) {
			unsigned long cp;
			size_t len = utf8_decode(p + i, n - i, &cp);
			/* U+FFFE and U+FFFF are not XML characters either. */
			if (!len || cp == 0xFFFE || cp == 0xFFFF) {
				ev_buf_adds(b, fffd);
				i += len ? len : 1;
			} else {
				ev_buf_add(b, p + i, len);
				i += len;
			}
			continue;
		}
		switch (c) {
		case '&': ev_buf_adds(b, "&amp;"); break;
		case '<': ev_buf_adds(b, "&lt;"); break;
		case '>': ev_buf_adds(b, "&gt;"); break;
		case '"': ev_buf_adds(b, "&quot;"); break;
		case '\'': ev_buf_adds(b, "&#39;"); break;
		case '\t':
		case '\n': ev_buf_addc(b, (char)c); break;
		case '\r': break; /* CRLF reads as LF in XML anyway */
		default:
			if (c < 0x20 || c == 0x7F)
				ev_buf_adds(b, fffd);
			else
				ev_buf_addc(b, (char)c);
		}
		i++;
	}
}

void ev_term_escape(struct ev_buf *b, const char *s, size_t n)
{
	static const char repl[] = "\xef\xbf\xbd"; /* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Printable ASCII in runs: most text is nothing else. */
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f)
			run++;
		ev_buf_add(b, s + i, run - i);
		if (run == n)
			break;
		i = run;
		unsigned long cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (len && (cp == '\n' || cp == '\t')) {
			ev_buf_addc(b, (char)cp);
		} else if (!len || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			/* C0 (ESC starts every sequence), DEL, C1 (U+009B is
			 * CSI, U+009D OSC) and bytes that are not UTF-8, which a
			 * terminal in an 8-bit mode reads as C1 controls. */
			ev_buf_adds(b, repl);
			len = len ? len : 1;
		} else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff) {
			/* Bidirectional embeddings, overrides and isolates
			 * reorder what follows them on screen ("Trojan Source"):
			 * shown by name, they cannot disguise text. So is a
			 * byte-order mark, invisible where it does harm. */
			ev_buf_addf(b, "<U+%04lX>", cp);
		} else {
			ev_buf_add(b, s + i, len);
		}
		i += len;
	}
}

/* Width of one code point; relies on the C library's tables (main sets a
 * UTF-8 LC_CTYPE) rather than carrying a copy of Unicode's. */
static size_t cp_width(unsigned long cp)
{
	if (cp < 0x80)
		return cp < 0x20 || cp == 0x7F ? 0 : 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : (size_t)w;
}

/* Length of an ANSI escape sequence (ESC [ ... final byte) at p[0..n),
 * or 0 when there is none: colour codes take no columns on a terminal,
 * so widths skip them and cuts never split them. */
static size_t ansi_len(const unsigned char *p, size_t n)
{
	if (n < 2 || p[0] != 0x1B || p[1] != '[')
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] >= 0x40 && p[i] <= 0x7E)
			return i + 1;
	return 0;
}

/* Walks s[0, n) while the columns stay within cols: returns the bytes
 * walked and sets *width to their columns. Escape sequences take none;
 * a byte that is not UTF-8 takes one, as the terminal shows it. */
static size_t utf8_walk(const char *s, size_t n, size_t cols, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < n) {
		unsigned long cp;
		size_t esc = ansi_len(p + i, n - i);
		if (esc) {
			i += esc;
			continue;
		}
		size_t len = utf8_decode(p + i, n - i, &cp);
		size_t cw = len ? cp_width(cp) : 1;
		if (!len)
			len = 1;
		if (w + cw > cols)
			break;
		/* Zero-width combining marks pass this test, so they stay
		 * with the character before them. */
		w += cw;
		i += len;
	}
	*width = w;
	return i;
}

size_t ev_utf8_width(const char *s, size_t n)
{
	size_t w;
	utf8_walk(s, n, SIZE_MAX, &w);
	return w;
}

size_t ev_utf8_prefix_for_width(const char *s, size_t n, size_t cols)
{
	size_t w;
	return utf8_walk(s, n, cols, &w);
}

size_t ev_utf8_wrap(const char *s, size_t n, size_t cols, size_t *next)
{
	size_t fit = ev_utf8_prefix_for_width(s, n, cols ? cols : 1);
	size_t cut = fit, skip;
	if (fit < n && s[fit] != ' ') {
		/* Break after the last space that fits; a word longer than the
		 * line is cut where the line ends. */
		size_t sp = fit;
		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		if (sp > 0)
			cut = sp;
	}
	if (fit == 0 && n > 0) /* a character wider than the line: take it anyway */
		cut = ev_utf8_prefix_for_width(s, n, 2);
	skip = cut;
	while (skip < n && s[skip] == ' ')
		skip++;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	*next = skip;
	return cut;
}

unsigned ev_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 254 || lb > 254)
		return 255;
	/* Optimal string alignment distance: Levenshtein plus adjacent
	 * transpositions, the commonest typo ("titel" for "title"). */
	unsigned pp[256], prev[256], cur[256];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < cur[j])
				cur[j] = pp[j - 2] + 1;
		}
		memcpy(pp, prev, (lb + 1) * sizeof prev[0]);
		memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
	}
	return prev[lb] > 255 ? 255 : prev[lb];
}

const char *ev_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	unsigned best_d = 256;
	size_t wl = strlen(word);
	unsigned limit = (unsigned)(wl / 3 > 1 ? wl / 3 : 1);
	for (size_t i = 0; i < n; i++) {
		unsigned d = ev_edit_distance(word, cands[i]);
		/* A typed prefix of a long key is a near miss too. */
		if (wl >= 3 && strncmp(cands[i], word, wl) == 0 && d > limit)
			d = limit;
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best && best_d <= limit ? best : NULL;
}

const char *ev_fmt_count(char *buf, size_t size, int64_t n)
{
	char digits[EV_INT_STR];
	/* the magnitude through uint64_t, so INT64_MIN does not overflow */
	uint64_t mag = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	int len = 0;
	do {
		digits[len++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	for (int i = 0; i < len / 2; i++) {
		char t = digits[i];
		digits[i] = digits[len - 1 - i];
		digits[len - 1 - i] = t;
	}
	size_t o = 0;
	if (n < 0 && o + 1 < size)
		buf[o++] = '-';
	for (int i = 0; i < len && o + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 1 < size)
			buf[o++] = ',';
		if (o + 1 < size)
			buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *ev_fmt_exact(char *buf, size_t size, double v)
{
	/* %.15g is enough for anything typed by hand; 17 digits only when
	 * that would not read back exactly. */
	snprintf(buf, size, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, size, "%.17g", v);
	return buf;
}

const char *ev_fmt_num(char *buf, size_t size, double v, int sig)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
		return buf;
	}
	if (v == 0)
		v = fabs(v); /* -0 prints as "0" */
	snprintf(buf, size, "%.*g", sig, v);
	return buf;
}

void ev_outcome_key(struct ev_buf *b, const char *s)
{
	size_t n = 0, len = 0;
	int ascii = 1;
	for (; s && s[n]; n++)
		ascii &= (unsigned char)s[n] < 0x80;
	/* ASCII text is its own NFKC form, and folding its case is A-Z to
	 * a-z, which the raw-byte path below does: libunistring is only
	 * needed past ASCII. A topic query keys every link's outcome, and
	 * u8_casefold was a tenth of its time. */
	uint8_t *folded = n && !ascii ? u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFKC, NULL, &len) : NULL;
	const char *p = folded ? (const char *)folded : s;
	size_t m = folded ? len : n;
	for (size_t i = 0; i < m; i++) {
		char c = p[i];
		if (isspace((unsigned char)c))
			continue;
		/* Folded text is lower case already; ASCII, or text
		 * libunistring did not fold, gets ASCII's. */
		if (!folded)
			c = (char)tolower((unsigned char)c);
		ev_buf_addc(b, c);
	}
	ev_buf_addc(b, '\0');
	free(folded);
}

/* ---- letters and spaces ------------------------------------------------- */

int ev_cp_is_upper(unsigned long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return iswupper((wint_t)cp) != 0;
}

int ev_cp_is_lower(unsigned long cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return iswlower((wint_t)cp) != 0;
}

int ev_cp_is_letter(unsigned long cp) { return ev_cp_is_upper(cp) || ev_cp_is_lower(cp) || (cp >= 0x80 && iswalpha((wint_t)cp)); }

const char *ev_spaces_folded(const char *s, struct ev_buf *tmp, size_t *len)
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

char *ev_spaces_fold(const char *s)
{
	struct ev_buf tmp = EV_BUF_INIT;
	size_t n;
	const char *f = ev_spaces_folded(s, &tmp, &n);
	char *copy = !f ? NULL : f == tmp.data ? ev_buf_take(&tmp) : ev_xstrndup(f, n);
	ev_buf_free(&tmp);
	return copy;
}
