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

#include <string.h>

#include "names.h"
#include "util.h"

#define MAX_WORDS 128
#define MAX_WORD 48

struct words {
	int n;
	char w[MAX_WORDS][MAX_WORD];
};

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

static void split(const char *s, struct words *out)
{
	out->n = 0;
	while (s && *s && out->n < MAX_WORDS) {
		while (*s && !is_word_byte((unsigned char)*s))
			s++;
		if (!*s)
			break;
		char *w = out->w[out->n];
		size_t len = 0;
		for (; *s && is_word_byte((unsigned char)*s); s++)
			if (len + 1 < MAX_WORD) /* overlong words are cut, never split */
				w[len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
		w[len] = '\0';
		if (is_function_word(w))
			continue;
		int dup = 0;
		for (int i = 0; i < out->n && !dup; i++)
			dup = strcmp(out->w[i], w) == 0;
		if (!dup)
			out->n++;
	}
}

double ev_title_similarity(const char *a, const char *b)
{
	/* static: two word lists are 12 KiB, too much for some thread stacks,
	 * and this is never called concurrently. */
	static struct words wa, wb;
	unsigned char used[MAX_WORDS], matched[MAX_WORDS];
	int m = 0;
	split(a, &wa);
	split(b, &wb);
	if (!wa.n || !wb.n)
		return 0;
	memset(used, 0, sizeof used);
	memset(matched, 0, sizeof matched);
	/* Exact matches first, so a typo match never takes a word that has
	 * its exact twin elsewhere. */
	for (int i = 0; i < wa.n; i++)
		for (int j = 0; j < wb.n; j++)
			if (!used[j] && strcmp(wa.w[i], wb.w[j]) == 0) {
				used[j] = matched[i] = 1;
				m++;
				break;
			}
	for (int i = 0; i < wa.n; i++) {
		if (matched[i] || strlen(wa.w[i]) < 5)
			continue;
		for (int j = 0; j < wb.n; j++)
			if (!used[j] && strlen(wb.w[j]) >= 5 && ev_edit_distance(wa.w[i], wb.w[j]) == 1) {
				used[j] = matched[i] = 1;
				m++;
				break;
			}
	}
	double dice = 2.0 * m / (wa.n + wb.n);
	int shorter = wa.n < wb.n ? wa.n : wb.n;
	double contained = shorter >= 4 ? (double)m / shorter : 0;
	return dice > contained ? dice : contained;
}

size_t ev_first_author_family(const char *authors, char *buf, size_t size)
{
	const char *tok[16];
	size_t len[16];
	int n = 0;
	size_t o = 0;
	if (!size)
		return 0;
	buf[0] = '\0';
	if (!authors)
		return 0;
	size_t end = strcspn(authors, ",;");
	for (size_t i = 0; i < end && n < 16;) {
		while (i < end && (authors[i] == ' ' || authors[i] == '\t' || authors[i] == '\n'))
			i++;
		if (i >= end)
			break;
		tok[n] = authors + i;
		while (i < end && authors[i] != ' ' && authors[i] != '\t' && authors[i] != '\n')
			i++;
		len[n] = (size_t)(authors + i - tok[n]);
		n++;
	}
	/* Initials and a generational suffix end a name, as the parse of
	 * names.c takes them ("King JT Jr" is King's). */
	while (n > 1 && (ev_name_is_initials(tok[n - 1], len[n - 1]) || ev_name_is_suffix(tok[n - 1], len[n - 1])))
		n--;
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < len[i] && o + 2 < size; k++) {
			char c = tok[i][k];
			buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		if (i + 1 < n && o + 2 < size)
			buf[o++] = ' ';
	}
	/* A list's closing period is no part of the name, and "et al." on
	 * its own is no name at all. */
	while (o && buf[o - 1] == '.')
		o--;
	buf[o] = '\0';
	if (strcmp(buf, "et al") == 0) {
		o = 0;
		buf[0] = '\0';
	}
	return o;
}
