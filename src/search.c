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

int ev_search_query(const char *text, ev_token_count_fn count, void *ud, struct ev_buf *out)
{
	const char *p = text;
	int terms = 0;
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
		terms += term(out, s, (size_t)(e - s), prefix, count, ud);
	}
	return terms;
}
