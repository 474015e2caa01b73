/*
 * similar.c: first authors and title similarity for the near-duplicate
 * warning.
 *
 * Why words and not characters: the same paper entered twice differs in
 * case, punctuation, a typo, or a subtitle left off; different papers by
 * one group in one year share their topic words but differ in the words
 * that say what was studied. Word sets see the first kind as near-equal
 * and keep the second apart better than character n-grams, which reward
 * the shared topic vocabulary. The containment score catches a title
 * given with and without its subtitle, which Dice alone scores low.
 */
#include "similar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "util.h"

static int is_word_byte(unsigned char c)
{
	/* Bytes of UTF-8 sequences count as letters: titles with accents or
	 * Greek letters keep those words whole. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_function_word(const char *w)
{
	static const char *const stop[] = {"a",	"an", "the", "of",   "in",     "on", "and", "or",
					   "for",	"with", "to",  "by",   "from",   "at", "as",  "is",
					   "are",	"vs", "versus", "among", "into", "its", NULL};
	for (int i = 0; stop[i]; i++)
		if (strcmp(w, stop[i]) == 0)
			return 1;
	return 0;
}

/* The length of the word starting at c (0: c is no word byte). */
static size_t word_at(const char *c)
{
	size_t n = 0;
	while (is_word_byte((unsigned char)c[n]))
		n++;
	return n;
}

/* Whether the n bytes at c are a function word, in any case. */
static int is_function_word_at(const char *c, size_t n)
{
	char w[8];
	if (n >= sizeof w)
		return 0; /* longer than any of them */
	for (size_t i = 0; i < n; i++)
		w[i] = (char)(c[i] >= 'A' && c[i] <= 'Z' ? c[i] - 'A' + 'a' : c[i]);
	w[n] = '\0';
	return is_function_word(w);
}

/* Whether two different words are one edit apart: one letter changed,
 * added or dropped, or two neighbours swapped (the optimal string
 * alignment distance is 1). Linear, where the distance table is quadratic:
 * an import compares each title's words with those of every namesake. */
static int one_edit_apart(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tl = la;
		la = lb;
		lb = tl;
	}
	if (lb - la > 1)
		return 0;
	size_t i = 0;
	while (i < la && a[i] == b[i])
		i++;
	if (la < lb) /* b[i] added */
		return memcmp(a + i, b + i + 1, la - i) == 0;
	if (i == la)
		return 0; /* the same word */
	if (memcmp(a + i + 1, b + i + 1, la - i - 1) == 0)
		return 1; /* a[i] changed */
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && memcmp(a + i + 2, b + i + 2, la - i - 2) == 0;
}

/* The order of a title's words for the exact pass: by hash, then bytes
 * (a total order, so two titles' lists can be walked side by side). */
static const struct ev_title_words *sort_title;

static int word_order(const struct ev_title_words *a, size_t i, const struct ev_title_words *b, size_t j)
{
	if (a->hash[i] != b->hash[j])
		return a->hash[i] < b->hash[j] ? -1 : 1;
	return strcmp(a->w[i], b->w[j]);
}

/* Ties (a word repeated) go by position, so that the first stays first. */
static int by_word(const void *x, const void *y)
{
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	int c = word_order(sort_title, i, sort_title, j);
	return c ? c : (i > j) - (i < j);
}

struct ev_title_words *ev_title_words_new(const char *title)
{
	/* One block, sized by a first pass for the title's words other than
	 * function words (repeats, left out below, are rare): the header,
	 * the word pointers, hashes, letter sets, lengths and order, then
	 * the words. An import keeps one per study. */
	size_t most = 0, bytes = 0;
	if (!title)
		title = "";
	for (const char *c = title; *c;) {
		size_t len = word_at(c);
		if (!len) {
			c++;
			continue;
		}
		if (!is_function_word_at(c, len)) {
			most++;
			bytes += len;
		}
		c += len;
	}
	struct ev_title_words *t =
		ev_xmalloc(sizeof *t + most * (sizeof(char *) + 4 * sizeof(uint32_t)) + bytes + most);
	t->w = (const char **)(t + 1);
	t->hash = (uint32_t *)(t->w + most);
	t->letters = t->hash + most;
	t->len = t->letters + most;
	t->sorted = t->len + most;
	char *p = (char *)(t->sorted + most);
	/* The words, lowercased, every one whole, in title order. */
	size_t n = 0;
	for (const char *c = title; *c;) {
		while (*c && !is_word_byte((unsigned char)*c))
			c++;
		if (!*c)
			break;
		size_t len = word_at(c);
		if (is_function_word_at(c, len)) {
			c += len;
			continue;
		}
		char *w = p;
		uint32_t h = 2166136261u, l = 0;
		for (; *c && is_word_byte((unsigned char)*c); c++) {
			unsigned char b = (unsigned char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
			*p++ = (char)b;
			h = (h ^ b) * 16777619u;
			l |= 1u << (b & 31);
		}
		*p++ = '\0';
		t->w[n] = w;
		t->hash[n] = h;
		t->letters[n] = l;
		t->len[n] = (uint32_t)(p - w - 1);
		t->sorted[n] = (uint32_t)n;
		n++;
	}
	/* Each word once, where it first stands: sorted, a repeat follows
	 * its first. Most titles have none; with some, the others close up
	 * in title order and are sorted again. */
	t->n = (int)n;
	sort_title = t;
	qsort(t->sorted, n, sizeof *t->sorted, by_word);
	size_t k = 1;
	while (k < n && word_order(t, t->sorted[k - 1], t, t->sorted[k]) != 0)
		k++;
	if (k >= n)
		return t;
	unsigned char *repeat = ev_xcalloc(n, 1);
	for (; k < n; k++)
		repeat[t->sorted[k]] = word_order(t, t->sorted[k - 1], t, t->sorted[k]) == 0;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!repeat[i]) {
			t->w[kept] = t->w[i];
			t->hash[kept] = t->hash[i];
			t->letters[kept] = t->letters[i];
			t->len[kept] = t->len[i];
			t->sorted[kept] = (uint32_t)kept;
			kept++;
		}
	free(repeat);
	t->n = (int)kept;
	qsort(t->sorted, kept, sizeof *t->sorted, by_word);
	return t;
}

void ev_title_words_free(struct ev_title_words *t)
{
	free(t);
}

/* At most two bits set: one letter changed, added or dropped changes at
 * most two of a word's letter bits, so words further apart are no typo of
 * each other and need no closer look. */
static int at_most_two_bits(uint32_t x)
{
	x &= x - 1;
	x &= x - 1;
	return x == 0;
}

/* Dice's coefficient or the shorter title's share, the larger, for m
 * words matched; it grows with m. */
static double score(int m, int na, int nb)
{
	double dice = 2.0 * m / (na + nb);
	int shorter = na < nb ? na : nb;
	double contained = shorter >= 4 ? (double)m / shorter : 0;
	return dice > contained ? dice : contained;
}

double ev_title_words_similarity(const struct ev_title_words *a, const struct ev_title_words *b, double at_least)
{
	int m = 0;
	if (!a->n || !b->n)
		return 0;
	/* Which words of b are taken, and which of a have their match: on
	 * the stack for titles of usual length. */
	unsigned char mark[256], *used = mark;
	size_t marks = (size_t)a->n + (size_t)b->n;
	if (marks > sizeof mark)
		used = ev_xcalloc(marks, 1);
	else
		memset(mark, 0, marks);
	unsigned char *matched = used + b->n;
	double result = -1;
	/* Exact matches first, so a typo match never takes a word that has
	 * its exact twin elsewhere. Each title's words are distinct, so the
	 * exact twins are the words both have: one pass over the two lists
	 * in word_order. */
	for (int i = 0, j = 0; i < a->n && j < b->n;) {
		int c = word_order(a, a->sorted[i], b, b->sorted[j]);
		if (c == 0) {
			matched[a->sorted[i++]] = used[b->sorted[j++]] = 1;
			m++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	/* Then typos, in title order: each word of a takes the first free
	 * word of b one edit away. Each unmatched word of five letters or
	 * more may add one; once the words left cannot lift the score to
	 * `at_least`, the rest is not looked at. */
	int left = 0;
	for (int i = 0; i < a->n; i++)
		left += !matched[i] && a->len[i] >= 5;
	for (int i = 0; i < a->n && left; i++) {
		if (matched[i] || a->len[i] < 5)
			continue;
		if (score(m + left, a->n, b->n) < at_least) {
			result = score(m + left, a->n, b->n);
			break;
		}
		left--;
		for (int j = 0; j < b->n; j++)
			if (!used[j] && b->len[j] >= 5 && at_most_two_bits(a->letters[i] ^ b->letters[j]) &&
			    one_edit_apart(a->w[i], a->len[i], b->w[j], b->len[j])) {
				used[j] = matched[i] = 1;
				m++;
				break;
			}
	}
	if (used != mark)
		free(used);
	return result >= 0 ? result : score(m, a->n, b->n);
}

double ev_title_similarity(const char *a, const char *b)
{
	struct ev_title_words *wa = ev_title_words_new(a), *wb = ev_title_words_new(b);
	double s = ev_title_words_similarity(wa, wb, 0);
	ev_title_words_free(wa);
	ev_title_words_free(wb);
	return s;
}

size_t ev_first_author(const char *authors, struct ev_buf *family)
{
	ev_buf_reset(family);
	if (!authors)
		return 0;
	/* The first author's words, as many as there are. */
	struct word {
		const char *s;
		size_t len;
	} *tok = NULL;
	int n = 0, cap = 0;
	size_t end = strcspn(authors, ",;");
	for (size_t i = 0; i < end;) {
		while (i < end && (authors[i] == ' ' || authors[i] == '\t' || authors[i] == '\n'))
			i++;
		if (i >= end)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			tok = ev_xrealloc(tok, (size_t)cap * sizeof *tok);
		}
		tok[n].s = authors + i;
		while (i < end && authors[i] != ' ' && authors[i] != '\t' && authors[i] != '\n')
			i++;
		tok[n].len = (size_t)(authors + i - tok[n].s);
		n++;
	}
	/* Initials and a generational suffix end a name, as the parse of
	 * names.c takes them ("King JT Jr" is King's). */
	while (n > 1 && (ev_name_is_initials(tok[n - 1].s, tok[n - 1].len) ||
			 ev_name_is_suffix(tok[n - 1].s, tok[n - 1].len)))
		n--;
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < tok[i].len; k++) {
			char c = tok[i].s[k];
			ev_buf_addc(family, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		}
		if (i + 1 < n)
			ev_buf_addc(family, ' ');
	}
	free(tok);
	/* A list's closing period is no part of the name, and "et al." on
	 * its own is no name at all. */
	while (family->len && family->data[family->len - 1] == '.')
		family->data[--family->len] = '\0';
	if (strcmp(ev_buf_str(family), "et al") == 0)
		ev_buf_reset(family);
	return family->len;
}
