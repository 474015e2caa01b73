/*
 * util.h: small things every module needs: diagnostics with the program
 * and command name, a growable byte buffer, checked allocation, UTF-8
 * checks and "did you mean" suggestions.
 */
#ifndef EV_UTIL_H
#define EV_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Exit statuses shared by every command (documented in the README). */
enum { EV_OK = 0, EV_FAIL = 1, EV_USAGE = 2, EV_FOUND = 3 };

/* Names the command being run, so messages read "evidence: CMD: ...".
 * The string is borrowed and must outlive the command. */
void ev_set_command(const char *name);

/* Prints "evidence: CMD: <message>" to stderr; returns -1 so callers
 * can write `return ev_error(...)`. Below the command line every failure
 * is -1, already reported (a non-negative return is a result: 0, or a
 * count or a found flag as the function says); exit codes are only
 * main's and the commands' (ev_cli_run turns a -1 from a command into
 * EV_FAIL). */
int ev_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like ev_error but says "warning:" and returns 0. Silenced by ev_quiet. */
int ev_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "evidence: CMD: <message>" as ev_error prints it, but informational:
 * silenced by ev_quiet. */
void ev_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Informational line on stderr (progress, summaries); silenced by -q. */
void ev_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int ev_quiet;
/* Called before any of the above writes to stderr, when set: the progress
 * line (progress.h) clears itself so messages never run into it. */
extern void (*ev_before_message)(void);

/* Allocation that cannot fail: on exhaustion the process reports and exits
 * with EV_FAIL, which leaves any open SQLite transaction uncommitted. */
void *ev_xmalloc(size_t n);
void *ev_xcalloc(size_t n, size_t size);
void *ev_xrealloc(void *p, size_t n);
char *ev_xstrdup(const char *s);
char *ev_xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string (caller frees). */
char *ev_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable, always NUL-terminated byte buffer. Zero-initialise (or
 * EV_BUF_INIT) before use; ev_buf_free releases it. */
struct ev_buf {
	char *data;
	size_t len;
	size_t cap;
};
#define EV_BUF_INIT {NULL, 0, 0}
/* Makes room for `extra` more bytes and the terminator (grows the
 * allocation geometrically). */
void ev_buf_grow(struct ev_buf *b, size_t extra);
/* The appends are inline: exports call them for every field of a million
 * records, where a call and a capacity check per byte showed in
 * profiles. */
static inline void ev_buf_add(struct ev_buf *b, const void *p, size_t n)
{
	if (b->len + n >= b->cap)
		ev_buf_grow(b, n);
	/* data is not NULL: an empty buffer (cap 0) always grows above. */
	if (n)
		memcpy(b->data + b->len, p, n); // NOLINT(clang-analyzer-core.NonNullParamChecker)
	b->len += n;
	b->data[b->len] = '\0';
}
static inline void ev_buf_adds(struct ev_buf *b, const char *s) { ev_buf_add(b, s, strlen(s)); }
static inline void ev_buf_addc(struct ev_buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		ev_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
/* Appends an integer in decimal (what "%lld" prints, without printf). */
void ev_buf_addi(struct ev_buf *b, int64_t v);
/* Writes v in decimal to buf (at least EV_INT_STR bytes) with a
 * terminator; returns the length. */
#define EV_INT_STR 21
size_t ev_int_str(char *buf, int64_t v);
void ev_buf_addf(struct ev_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ev_buf_vaddf(struct ev_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void ev_buf_reset(struct ev_buf *b);
void ev_buf_free(struct ev_buf *b);
/* Returns the contents ("" when empty); borrowed from the buffer. */
const char *ev_buf_str(const struct ev_buf *b);
/* Hands the contents to the caller (who frees) and empties the buffer. */
char *ev_buf_take(struct ev_buf *b);

/* Appends s so that a POSIX shell reads it back as one word: bare when
 * no shell treats any of its characters specially, else in single quotes
 * (a quote inside written '\''). */
void ev_buf_add_shell_word(struct ev_buf *b, const char *s);

/* Appends s as XML/HTML text or attribute content: & < > " ' become
 * entities, control characters XML 1.0 forbids and invalid UTF-8 bytes
 * become U+FFFD, so any input yields well-formed markup. The one escaping
 * function for every piece of user text in SVG and HTML output. */
void ev_xml_escape(struct ev_buf *b, const char *s);

/* Appends s[0..n) as text safe to show on a terminal: the one escaping
 * function for every byte evidence prints there, its messages included.
 * C0 controls other than newline and tab (ESC starts every escape
 * sequence), DEL, C1 controls (U+0080 to U+009F) and bytes that are not
 * UTF-8 become U+FFFD; the bidirectional overrides, embeddings and
 * isolates (U+202A to U+202E, U+2066 to U+2069) and the invisible
 * byte-order mark (U+FEFF) show as "<U+202E>". */
void ev_term_escape(struct ev_buf *b, const char *s, size_t n);

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..n),
 * or -1 when the whole range is valid (overlongs and surrogates are
 * invalid, as RFC 3629 says). */
long ev_utf8_invalid_at(const char *s, size_t n);
/* The character at s, whose text has n more bytes (a NUL ends any
 * sequence, so NUL-terminated text may pass strnlen(s, 4)): returns its
 * length and stores its code point; a byte that does not start a valid
 * sequence is taken alone, as U+FFFD. */
size_t ev_utf8_next(const char *s, size_t n, unsigned long *cp);
/* The same, strict: 0 when the bytes at s (n of them) are not one valid
 * sequence (RFC 3629: no overlongs, surrogates or values past U+10FFFF),
 * for a caller that treats such bytes its own way. */
size_t ev_utf8_decode(const char *s, size_t n, unsigned long *cp);
/* Appends code point c (at most U+10FFFF) as UTF-8. */
void ev_buf_add_utf8(struct ev_buf *b, unsigned long c);
/* ev_utf8_next for NUL-terminated text. */
static inline size_t ev_utf8_at(const char *s, unsigned long *cp) { return ev_utf8_next(s, strnlen(s, 4), cp); }
/* Letter classes of a code point: ASCII by hand, the rest from the C
 * library (iswupper, iswlower, iswalpha under the UTF-8 LC_CTYPE main
 * sets). */
int ev_cp_is_upper(unsigned long cp);
int ev_cp_is_lower(unsigned long cp);
int ev_cp_is_letter(unsigned long cp);

/* s on one line: runs of whitespace (spaces, tabs, line breaks) as one
 * space, the ends trimmed. NULL when s is NULL or blank; else s itself
 * when it has nothing to fold (the usual case: citations of a million
 * studies fold every field, and copying each showed in profiles), or the
 * folded copy in *tmp (which the caller frees). *len (may be NULL) gets
 * the result's length. */
const char *ev_spaces_folded(const char *s, struct ev_buf *tmp, size_t *len);
/* The same as a new string (NULL when s is NULL or blank). */
char *ev_spaces_fold(const char *s);
/* Number of terminal columns s[0..n) takes (wide East Asian characters
 * count 2, combining marks and ANSI colour sequences 0); invalid bytes
 * count 1 each. */
size_t ev_utf8_width(const char *s, size_t n);
/* Length in bytes of the longest prefix of s[0..n) that fits in `cols`
 * terminal columns without splitting a character. */
size_t ev_utf8_prefix_for_width(const char *s, size_t n, size_t cols);
/* Word wrap: returns the length in bytes of the first line of s[0..n)
 * that fits in `cols` columns, broken after the last space that fits (a
 * longer word is cut at the column limit), without trailing spaces; sets
 * *next to where the following line starts (spaces skipped). */
size_t ev_utf8_wrap(const char *s, size_t n, size_t cols, size_t *next);

/* Appends the key two outcomes are matched by, then a NUL: the text
 * normalised (NFKC) and case-folded as Unicode defines them (libunistring),
 * without white space, so "CAC progression", "cac  progression " and
 * "ＣＡＣ progression" are one outcome. In text that is not UTF-8 (which
 * import refuses) each bad byte reads as U+FFFD, as libunistring decodes. */
void ev_outcome_key(struct ev_buf *b, const char *s);

/* Edit distance (Levenshtein with adjacent transpositions) between two
 * short strings, capped at 255. */
unsigned ev_edit_distance(const char *a, const char *b);
/* Picks the candidate closest to `word` when it is plausibly a typo
 * (distance at most a third of the word's length, at least 1, or a
 * prefix match); returns NULL otherwise. Borrowed from `cands`. */
const char *ev_suggest(const char *word, const char *const *cands, size_t n);

/* Formats a count with thousands separators ("4,807") into buf. */
const char *ev_fmt_count(char *buf, size_t size, int64_t n);
/* Formats a double with up to `sig` significant digits and no trailing
 * zeros ("0.48", "-17.37", "1e-05"); returns buf. */
const char *ev_fmt_num(char *buf, size_t size, double v, int sig);
/* Formats a double in the shortest of %.15g and %.17g that reads back as
 * exactly the same value (so stored numbers survive export, history and
 * JSON unchanged); returns buf. */
const char *ev_fmt_exact(char *buf, size_t size, double v);

#endif
