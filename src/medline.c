/*
 * medline.c: PubMed's MEDLINE format, line by line.
 *
 * The format is simple but loosely written by the tools that pass it on:
 * PubMed itself starts a file with a blank line and ends lines with LF or
 * (once saved on Windows) CRLF; reference managers add a byte-order mark,
 * drop the blank line between records, or indent continuations by fewer
 * than six spaces. So a continuation is any line that starts with a space,
 * and a second PMID starts a new record even without a blank line before
 * it. What cannot be read as either a tag or a continuation is reported
 * with its line rather than skipped: a silently dropped line could be half
 * a title.
 */
#include "medline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ev_medline {
	ev_medline_record_fn record;
	ev_medline_error_fn error;
	void *ud;
	int started;            /* the byte-order mark has been looked for */
	unsigned char head[3];
	size_t nhead;
	int stopped;
	long line;              /* lines completed so far */
	struct ev_buf partial;  /* the current line, until its '\n' */
	/* the current record: values in arena, one after another */
	struct ev_buf arena;
	struct ev_medline_field *fields;
	size_t *off;
	int nfields, cap;
	long rec_line;
	int has_pmid;
	long count;
};

static void fail(struct ev_medline *m, long line, const char *msg)
{
	if (m->stopped)
		return;
	m->stopped = 1;
	m->error(m->ud, line, msg);
}

const struct ev_medline_field *ev_medline_get(const struct ev_medline_record *rec, const char *tag, int *from)
{
	for (int i = from ? *from + 1 : 0; i < rec->nfields; i++)
		if (strcmp(rec->field[i].tag, tag) == 0) {
			if (from)
				*from = i;
			return &rec->field[i];
		}
	return NULL;
}

struct ev_medline *ev_medline_new(ev_medline_record_fn record, ev_medline_error_fn error, void *ud)
{
	struct ev_medline *m = ev_xcalloc(1, sizeof *m);
	m->record = record;
	m->error = error;
	m->ud = ud;
	return m;
}

void ev_medline_free(struct ev_medline *m)
{
	if (!m)
		return;
	ev_buf_free(&m->partial);
	ev_buf_free(&m->arena);
	free(m->fields);
	free(m->off);
	free(m);
}

long ev_medline_count(const struct ev_medline *m) { return m->count; }

/* Hands the current record to the callback and starts an empty one. */
static void flush(struct ev_medline *m)
{
	if (m->nfields > 0 && !m->stopped) {
		for (int i = 0; i < m->nfields; i++) {
			m->fields[i].value = m->arena.data + m->off[i];
			m->fields[i].len = strlen(m->fields[i].value);
		}
		struct ev_medline_record rec = {m->nfields, m->fields, m->rec_line};
		m->count++;
		if (m->record(m->ud, &rec))
			m->stopped = 1;
	}
	m->nfields = 0;
	m->has_pmid = 0;
	ev_buf_reset(&m->arena);
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* The value's text without the spaces around it. */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int record_room(struct ev_medline *m, size_t more)
{
	if (m->arena.len + more > EV_MEDLINE_MAX_RECORD) {
		char msg[96];
		snprintf(msg, sizeof msg, "the record is longer than %u bytes", EV_MEDLINE_MAX_RECORD);
		fail(m, m->line + 1, msg);
		return -1;
	}
	return 0;
}

/* Reads a tag line: one to four capitals or digits, padded with spaces to
 * four characters, then '-' and a space (or the end of the line). Returns
 * the tag's length, or 0 when the line is no tag. */
static size_t tag_length(const char *s, size_t n)
{
	size_t t = 0;
	if (n < 5 || s[4] != '-' || (n > 5 && s[5] != ' '))
		return 0;
	while (t < 4 && ((s[t] >= 'A' && s[t] <= 'Z') || (s[t] >= '0' && s[t] <= '9')))
		t++;
	if (t == 0)
		return 0;
	for (size_t i = t; i < 4; i++)
		if (s[i] != ' ')
			return 0;
	return t;
}

static void add_field(struct ev_medline *m, const char *tag, size_t taglen, const char *v, size_t n, long line)
{
	if (m->nfields == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->fields = ev_xrealloc(m->fields, (size_t)m->cap * sizeof *m->fields);
		m->off = ev_xrealloc(m->off, (size_t)m->cap * sizeof *m->off);
	}
	struct ev_medline_field *f = &m->fields[m->nfields];
	memcpy(f->tag, tag, taglen);
	f->tag[taglen] = '\0';
	f->line = line;
	f->value = NULL;
	f->len = 0;
	m->off[m->nfields++] = m->arena.len;
	ev_buf_add(&m->arena, v, n);
	ev_buf_addc(&m->arena, '\0');
}

static void line_done(struct ev_medline *m, const char *s, size_t n)
{
	long line = ++m->line;
	if (n && s[n - 1] == '\r')
		n--;
	if (memchr(s, '\0', n)) {
		fail(m, line, "the line contains a NUL byte (is the file UTF-16 or binary?)");
		return;
	}
	if (is_blank(s, n)) {
		flush(m);
		return;
	}
	if (s[0] == ' ' || s[0] == '\t') {
		/* A continuation of the last field: joined with one space. */
		if (m->nfields == 0) {
			fail(m, line, "a continuation line (it starts with spaces) comes before any tag; "
				      "MEDLINE lines start with a tag such as 'PMID- ' or 'TI  - '");
			return;
		}
		trim(&s, &n);
		if (record_room(m, n + 1))
			return;
		m->arena.len--; /* drop the field's terminator */
		if (m->arena.len > m->off[m->nfields - 1])
			ev_buf_addc(&m->arena, ' ');
		ev_buf_add(&m->arena, s, n);
		ev_buf_addc(&m->arena, '\0');
		return;
	}
	size_t t = tag_length(s, n);
	if (!t) {
		char msg[200], shown[48];
		size_t k = 0;
		for (size_t i = 0; i < n && k < 40; i++) {
			char c = s[i];
			if ((unsigned char)c < 0x20)
				c = '?';
			shown[k++] = c;
		}
		shown[k] = '\0';
		snprintf(msg, sizeof msg,
			 "'%s%s' is not a MEDLINE line: expected a tag such as 'TI  - ' (four characters, then "
			 "'- ') or a continuation indented by spaces",
			 shown, n > 40 ? "..." : "");
		fail(m, line, msg);
		return;
	}
	/* A second PMID begins the next record even without a blank line. */
	if (t == 4 && memcmp(s, "PMID", 4) == 0) {
		if (m->has_pmid)
			flush(m);
		m->has_pmid = 1;
	}
	if (m->stopped)
		return;
	if (m->nfields >= EV_MEDLINE_MAX_FIELDS) {
		char msg[96];
		snprintf(msg, sizeof msg, "the record has more than %d tagged lines", EV_MEDLINE_MAX_FIELDS);
		fail(m, line, msg);
		return;
	}
	const char *v = n > 6 ? s + 6 : s + n;
	size_t vn = n > 6 ? n - 6 : 0;
	trim(&v, &vn);
	if (record_room(m, vn + 1))
		return;
	if (m->nfields == 0)
		m->rec_line = line;
	add_field(m, s, t, v, vn, line);
}

static int feed_lines(struct ev_medline *m, const char *s, size_t n)
{
	while (n > 0 && !m->stopped) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		if (m->partial.len + k > EV_MEDLINE_MAX_LINE) {
			char msg[96];
			snprintf(msg, sizeof msg, "the line is longer than %u bytes", EV_MEDLINE_MAX_LINE);
			fail(m, m->line + 1, msg);
			break;
		}
		if (!nl) {
			ev_buf_add(&m->partial, s, k);
			break;
		}
		if (m->partial.len) {
			ev_buf_add(&m->partial, s, k);
			line_done(m, m->partial.data, m->partial.len);
			ev_buf_reset(&m->partial);
		} else {
			line_done(m, s, k);
		}
		s += k + 1;
		n -= k + 1;
	}
	return m->stopped ? -1 : 0;
}

/* Looks at the first bytes: UTF-8's byte-order mark is skipped, UTF-16's
 * are refused. */
static int start(struct ev_medline *m)
{
	const unsigned char *h = m->head;
	m->started = 1;
	if (m->nhead >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
		fail(m, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
		return -1;
	}
	if (m->nhead == 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF)
		return 0;
	return feed_lines(m, (const char *)h, m->nhead);
}

int ev_medline_feed(struct ev_medline *m, const void *data, size_t n)
{
	const unsigned char *s = data;
	if (m->stopped)
		return -1;
	if (!m->started) {
		while (m->nhead < 3 && n > 0) {
			m->head[m->nhead++] = *s++;
			n--;
		}
		if (m->nhead < 3)
			return 0;
		if (start(m))
			return -1;
	}
	return n ? feed_lines(m, (const char *)s, n) : 0;
}

int ev_medline_finish(struct ev_medline *m)
{
	if (!m->stopped && !m->started && start(m))
		return -1;
	if (!m->stopped && m->partial.len) {
		line_done(m, m->partial.data, m->partial.len);
		ev_buf_reset(&m->partial);
	}
	if (!m->stopped)
		flush(m);
	return m->stopped ? -1 : 0;
}

int ev_medline_sniff(const void *head, size_t n)
{
	const char *s = head;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	while (n && (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n < 5) /* the tag may go on past these bytes */
		return memcmp(s, "PMID-", n) == 0 ? -1 : 0;
	return memcmp(s, "PMID-", 5) == 0;
}
