/*
 * search.c: user text -> a safe FTS5 query.
 *
 * FTS5's query language is powerful and unforgiving: "MK-7" is a column
 * filter and a NOT to it, "NEAR(" a syntax error, a stray quote another.
 * Users type words, not queries, so each word is passed as an FTS5 string
 * (double quotes, any '"' inside doubled), which FTS5 only tokenizes: it
 * is matched as the phrase of its tokens, "MK-7" as "mk 7". The only
 * syntax kept is what people expect from every search box: "quoted
 * phrases" and a trailing * for a prefix. The query is then bound as a
 * parameter, never pasted into SQL.
 */
#include "search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Appends one term; returns 1 when it had something to search for. */
static int term(struct ev_buf *out, const char *s, size_t n, int prefix, ev_token_count_fn count, void *ud)
{
	if (n == 0 || count(ud, s, n) <= 0)
		return 0;
	if (out->len)
		ev_buf_addc(out, ' ');
	ev_buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			ev_buf_addc(out, '"');
		ev_buf_addc(out, s[i]);
	}
	ev_buf_addc(out, '"');
	if (prefix)
		ev_buf_addc(out, '*');
	return 1;
}

/* The terms already in the query, as spans of it, in an open-addressing
 * table: a repeated term changes nothing an AND of terms matches, but
 * FTS5's time grows with the square of the repeats (1,000 times "v*" took
 * over two minutes), so each term goes in once. */
struct seen {
	size_t *off, *len; /* len 0: empty slot */
	size_t n, cap;
};

static uint64_t span_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* Whether the span q[off, off+len) is a term seen before; records it
 * when not. */
static int seen_before(struct seen *t, const char *q, size_t off, size_t len)
{
	if (2 * (t->n + 1) > t->cap) {
		struct seen old = *t;
		t->cap = old.cap ? old.cap * 2 : 64;
		t->off = ev_xcalloc(t->cap, sizeof *t->off);
		t->len = ev_xcalloc(t->cap, sizeof *t->len);
		for (size_t i = 0; i < old.cap; i++) {
			if (!old.len[i])
				continue;
			size_t j = span_hash(q + old.off[i], old.len[i]) & (t->cap - 1);
			while (t->len[j])
				j = (j + 1) & (t->cap - 1);
			t->off[j] = old.off[i];
			t->len[j] = old.len[i];
		}
		free(old.off);
		free(old.len);
	}
	size_t j = span_hash(q + off, len) & (t->cap - 1);
	for (; t->len[j]; j = (j + 1) & (t->cap - 1))
		if (t->len[j] == len && memcmp(q + t->off[j], q + off, len) == 0)
			return 1;
	t->off[j] = off;
	t->len[j] = len;
	t->n++;
	return 0;
}

int ev_search_query(const char *text, ev_token_count_fn count, void *ud, struct ev_buf *out)
{
	const char *p = text;
	int terms = 0;
	struct seen seen = {NULL, NULL, 0, 0};
	ev_buf_reset(out);
	while (*p) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		const char *s, *e;
		int prefix = 0;
		if (*p == '"') {
			s = ++p;
			e = strchr(s, '"');
			if (!e)
				e = s + strlen(s);
			p = *e ? e + 1 : e;
			if (*p == '*') {
				prefix = 1;
				while (*p == '*')
					p++;
			}
		} else {
			s = p;
			while (*p && !is_blank(*p) && *p != '"')
				p++;
			e = p;
			/* A trailing '*' asks for a prefix; one inside a word is
			 * punctuation the tokenizer drops. */
			while (e > s && e[-1] == '*') {
				e--;
				prefix = 1;
			}
		}
		size_t before = out->len;
		if (!term(out, s, (size_t)(e - s), prefix, count, ud))
			continue;
		size_t start = before ? before + 1 : 0; /* after the separating space */
		if (seen_before(&seen, out->data, start, out->len - start)) {
			out->len = before;
			out->data[before] = '\0';
		} else {
			terms++;
		}
	}
	free(seen.off);
	free(seen.len);
	return terms;
}
