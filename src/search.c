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

#include "hashtab.h"

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

/* The terms already in the query, as spans of it, in a hash table: a
 * repeated term changes nothing an AND of terms matches, but FTS5's time
 * grows with the square of the repeats (1,000 times "v*" took over two
 * minutes), so each term goes in once. Spans, not pointers: the query
 * moves as it grows. */
struct span {
	size_t off, len;
};

/* A span looked for: the query it is in, and where. */
struct span_key {
	const char *q;
	struct span at;
};

static int same_term(const void *entry, const void *key)
{
	const struct span *e = entry;
	const struct span_key *k = key;
	return e->len == k->at.len && memcmp(k->q + e->off, k->q + k->at.off, e->len) == 0;
}

/* Whether the span q[off, off+len) is a term seen before; records it
 * when not. */
static int seen_before(struct ev_hashtab *t, const char *q, size_t off, size_t len)
{
	struct span_key k = {q, {off, len}};
	int added;
	struct span *e = ev_hashtab_add(t, sizeof *e, ev_hash_bytes(q + off, len), same_term, &k, &added);
	if (added)
		*e = k.at;
	return !added;
}

int ev_search_query(const char *text, ev_token_count_fn count, void *ud, struct ev_buf *out)
{
	const char *p = text;
	int terms = 0;
	struct ev_hashtab seen = {0};
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
	ev_hashtab_free(&seen);
	return terms;
}
