/*
 * articletext.h: an article's own text, for checking it against the
 * claims recorded from it. Markdown (through cmark) or plain text becomes
 * prose blocks; blocks become sentences; sentences yield the figures they
 * state ("52%", "4,807", "7-10 years", "seven to ten years"). Text is
 * compared after folding (case, whitespace, typographic quotes and dashes,
 * accents), so a quote typed with straight quotes finds the article's
 * curly ones. Pure: no SQL, no I/O.
 */
#ifndef EV_ARTICLETEXT_H
#define EV_ARTICLETEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Folds UTF-8 text for comparison: lowercase (Latin, Greek, Cyrillic),
 * accents removed, typographic quotes to ' and ", dashes and minus signs
 * to -, the ellipsis to "...", ligatures spelled out, every run of
 * whitespace (no-break and thin spaces included) to one space, soft
 * hyphens and zero-width characters dropped, no leading or trailing space.
 * Invalid UTF-8 bytes are kept as they are. When map is not NULL it
 * receives n + 1 entries: map[i] is the folded offset where input byte i
 * lands. Returns a newly allocated string (caller frees); *outlen (may be
 * NULL) gets its length. */
char *ev_fold(const char *s, size_t n, size_t *map, size_t *outlen);

/* The folded words of a text (ev_fold), split at every character that is
 * not an ASCII letter or digit; non-ASCII letters stay inside words. */
struct ev_words {
	char *buf;      /* owned: the folded text, cut into words */
	const char **w; /* owned: n words pointing into buf */
	int n;
};
/* Splits s (NULL: no words); free with ev_words_free. */
void ev_words_split(const char *s, struct ev_words *t);
void ev_words_free(struct ev_words *t);
/* True for a byte of folded text that belongs to a word: a lowercase ASCII
 * letter, a digit, or a byte of a non-ASCII character. */
int ev_word_char(int c);
/* True when w is one of the NULL-terminated list. */
int ev_word_in(const char *w, const char *const *list);

/* A figure stated in a sentence. */
enum ev_unit {
	EV_UNIT_NONE,    /* a bare number: a count ("243", "4,807") */
	EV_UNIT_PERCENT, /* "52%", "52 percent" */
	EV_UNIT_TIMES,   /* "1.5x", "twice", "3-fold", "2 times" */
	EV_UNIT_YEARS,
	EV_UNIT_MONTHS,
	EV_UNIT_WEEKS,
	EV_UNIT_DAYS,
	EV_UNIT_OTHER,   /* a unit we do not convert: "mg", "µg", "people" */
};
struct ev_figure {
	size_t start, end;  /* byte span in the scanned text, unit included */
	double lo, hi;      /* the value, or a range; lo == hi for one value */
	int open;           /* "55+", "over 55": hi is unbounded */
	enum ev_unit unit;
};
/* Finds the figures in s[0..n) and stores at most `max` in out, in text
 * order. Digits that are part of a name (K2, MK-7, type 2, COVID-19),
 * ordinals (3rd), citation marks ([12]) and bare years (2004) are not
 * figures; number words count when a unit or a range follows them
 * ("seven to ten years", "three trials"). Returns the number found (may
 * exceed max: the rest are not stored). */
int ev_figures(const char *s, size_t n, struct ev_figure *out, int max);

/* An article's text split into prose blocks and sentences. Offsets are
 * into `text`, which holds the blocks separated by blank lines. */
struct ev_sentence {
	size_t start, end;  /* byte span in text (trimmed) */
	long line;          /* source line the sentence starts on (1-based) */
};
struct ev_text {
	char *text;         /* owned: the prose, Markdown syntax removed */
	size_t len;
	struct ev_sentence *sent;
	int nsent;
	char *folded;       /* ev_fold(text) */
	size_t *map;        /* text offset -> folded offset (len + 1 entries) */
	size_t flen;
};

/* Reads an article: Markdown (CommonMark: emphasis, links, headings, lists,
 * block quotes and entities become their text; code, HTML and images are
 * left out; YAML front matter is skipped; pipe-table rows become one block
 * per cell) when `markdown`, else plain text (paragraphs separated by
 * blank lines). The data must be UTF-8 without NUL bytes: otherwise
 * returns -1 with "LINE: problem" in err. Returns 0; free with
 * ev_text_free (also after a failure). */
int ev_text_parse(const char *data, size_t n, int markdown, struct ev_text *t, char *err, size_t errsize);
void ev_text_free(struct ev_text *t);

/* Whether `quote` occurs in the text once both are folded. "..." (or "…")
 * in the quote stands for omitted words: its pieces must occur in order.
 * On success stores the folded span of the first occurrence (may be NULL)
 * and returns 1; returns 0 when the quote is not there, -1 when it is
 * empty after folding. */
int ev_text_find(const struct ev_text *t, const char *quote, size_t *fstart, size_t *fend);

/* Sentence coverage: which claim, if any, accounts for each sentence with
 * figures. A sentence is covered by a claim when it overlaps an
 * occurrence of the claim's quote ("quote"); failing that, when every
 * figure in it is among the numbers the article's claims record, as the
 * same kind of quantity ("details": counts, percentages, multiples and
 * durations in a claim's text, quote or stated population, its stated n
 * as a count and its stated duration; years count as 12 months, so "7-10
 * years" is the stated 84-120). */
struct ev_cover_claim {
	const char *quote;      /* may be NULL or "" */
	const char *text;
	const char *population; /* stated_population, may be NULL */
	int64_t n;              /* stated_n, 0 when not stated */
	const char *duration;   /* stated_duration_months, may be NULL */
};
enum ev_cover { EV_COVER_NONE, EV_COVER_QUOTE, EV_COVER_DETAILS };
struct ev_cover_result {
	int sentence;        /* index into t->sent */
	int nfigures;        /* figures kept in fig: the first 16 */
	int nfound;          /* figures the sentence has (may be more) */
	struct ev_figure fig[16];
	enum ev_cover how;
	int claim;           /* covering claim index, or -1 */
};
/* Fills out[] (allocated, caller frees) with one entry per sentence that
 * states at least one figure, in text order; returns the count. */
int ev_text_coverage(const struct ev_text *t, const struct ev_cover_claim *claims, int nclaims,
		     struct ev_cover_result **out);

/* Appends the figures of a coverage entry as they appear in the text
 * ("52%, 4,807, 7-10 years"), ending with " and N more" when the sentence
 * has more than the 16 kept. */
void ev_figures_text(const struct ev_text *t, const struct ev_cover_result *c, struct ev_buf *b);

#endif
