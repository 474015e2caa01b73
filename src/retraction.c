/*
 * retraction.c: Retraction Watch notices (its CSV rows) as changes to
 * studies, and the grade a claim would have with its retracted studies.
 *
 * The data set records retractions, corrections, expressions of concern
 * and reinstatements alike (RetractionNature). Only a retraction changes a
 * study's status; the others are recorded in its notes, because a
 * corrected paper still stands and a concern is not a finding.
 */
#include "retraction.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const ev_rw_columns[] = {
	"Record ID",	     "Title",	       "Subject",	      "Institution",
	"Journal",	     "Publisher",      "Country",	      "Author",
	"URLS",		     "ArticleType",    "RetractionDate",     "RetractionDOI",
	"RetractionPubMedID", "OriginalPaperDate", "OriginalPaperDOI", "OriginalPaperPubMedID",
	"RetractionNature",  "Reason",	       "Paywalled",	      "Notes",
	NULL,
};

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

int ev_rw_column(const char *name)
{
	size_t n = strlen(name);
	trim(&name, &n);
	for (int i = 0; ev_rw_columns[i]; i++)
		if (strlen(ev_rw_columns[i]) == n && strncasecmp(ev_rw_columns[i], name, n) == 0)
			return i;
	return -1;
}

int ev_rw_looks(char **names, int n)
{
	int seen[EV_RW_COUNT] = {0};
	for (int i = 0; i < n; i++) {
		int c = ev_rw_column(names[i]);
		if (c >= 0)
			seen[c] = 1;
	}
	return seen[EV_RW_RECORD_ID] && seen[EV_RW_NATURE] && (seen[EV_RW_ORIGINAL_DOI] || seen[EV_RW_ORIGINAL_PMID]);
}

/* Reads an unsigned number of at most `max` digits at *p, moving past
 * it; -1 when there is none. */
static long number(const char **p, const char *end, int max)
{
	long v = 0;
	int k = 0;
	while (*p < end && **p >= '0' && **p <= '9' && k < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

/* "5/12/2020 0:00" (the data set's form), "5/12/2020" or "2020-05-12" to
 * YYYY-MM-DD. 0, or -1. */
static int parse_date(const char *s, size_t n, char out[11])
{
	const char *p = s, *end = s + n;
	long a = number(&p, end, 4), b, c, y, m, d;
	if (a < 0 || p >= end || (*p != '/' && *p != '-'))
		return -1;
	char sep = *p++;
	b = number(&p, end, 2);
	if (b < 0 || p >= end || *p++ != sep)
		return -1;
	c = number(&p, end, 4);
	if (c < 0 || (p < end && *p != ' '))
		return -1;
	if (sep == '/')
		m = a, d = b, y = c;
	else
		y = a, m = b, d = c;
	if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
	return 0;
}

static enum ev_rw_nature nature_of(const char *s, size_t n)
{
	static const struct {
		const char *word;
		enum ev_rw_nature nature;
	} words[] = {{"Retraction", EV_RW_RETRACTION},
		     {"Correction", EV_RW_CORRECTION},
		     {"Expression of concern", EV_RW_CONCERN},
		     {"Expression of Concern", EV_RW_CONCERN},
		     {"Reinstatement", EV_RW_REINSTATEMENT}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].word) == n && strncasecmp(words[i].word, s, n) == 0)
			return words[i].nature;
	return EV_RW_OTHER;
}

/* How much of a value a message quotes: its first 40 bytes, cut back to
 * a character boundary; the caller adds "..." when that is not all of it.
 * The messages are otherwise fixed words, so the caller's msg holds them. */
static int shown(const char *s, size_t n)
{
	size_t k = n > 40 ? 40 : n;
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

int ev_rw_notice(const char *const value[EV_RW_COUNT], struct ev_rw_notice *no, const char **column, char *msg,
		 size_t size)
{
	memset(no, 0, sizeof *no);
	const char *s;
	size_t n;
#define GET(c) (s = value[c] ? value[c] : "", n = strlen(s), trim(&s, &n), n)
	if (!GET(EV_RW_RECORD_ID) || n >= sizeof no->record_id) {
		*column = ev_rw_columns[EV_RW_RECORD_ID];
		snprintf(msg, size, n ? "is longer than a record id" : "a value is required");
		return -1;
	}
	memcpy(no->record_id, s, n);
	if (!GET(EV_RW_NATURE)) {
		*column = ev_rw_columns[EV_RW_NATURE];
		snprintf(msg, size, "a value is required (Retraction, Correction, Expression of concern ...)");
		return -1;
	}
	no->nature = nature_of(s, n);
	no->nature_text = ev_xstrndup(s, n);
	if (GET(EV_RW_RETRACTION_DATE) && parse_date(s, n, no->date)) {
		*column = ev_rw_columns[EV_RW_RETRACTION_DATE];
		int k = shown(s, n);
		snprintf(msg, size, "'%.*s%s' is not a date (M/D/YYYY, as the data set writes it, or YYYY-MM-DD)", k, s,
			 (size_t)k < n ? "..." : "");
		goto fail;
	}
	/* "unavailable", "Unavailable": none */
	if (GET(EV_RW_ORIGINAL_DOI) && strncmp(s, "10.", 3) == 0)
		no->doi = ev_xstrndup(s, n);
	if (GET(EV_RW_ORIGINAL_PMID)) {
		char *end;
		char buf[32]; /* enough to tell a PubMed id (at most 20 digits below) */
		snprintf(buf, sizeof buf, "%.*s", (int)(n < 31 ? n : 31), s);
		long long v = strtoll(buf, &end, 10);
		if (*end || v < 0 || n > 20) {
			*column = ev_rw_columns[EV_RW_ORIGINAL_PMID];
			int k = shown(s, n);
			snprintf(msg, size, "'%.*s%s' is not a PubMed id", k, s, (size_t)k < n ? "..." : "");
			goto fail;
		}
		no->pmid = v;
	}
	if (!no->doi && !no->pmid) {
		*column = ev_rw_columns[EV_RW_ORIGINAL_DOI];
		snprintf(msg, size, "neither OriginalPaperDOI nor OriginalPaperPubMedID names the paper");
		goto fail;
	}
	if (GET(EV_RW_REASON))
		no->reason = s;
#undef GET
	return 0;
fail:
	ev_rw_notice_free(no);
	return -1;
}

void ev_rw_notice_free(struct ev_rw_notice *n)
{
	free(n->nature_text);
	free(n->doi);
	memset(n, 0, sizeof *n);
}

void ev_rw_mark(const struct ev_rw_notice *n, char *buf, size_t size)
{
	snprintf(buf, size, "Retraction Watch %s:", n->record_id);
}

char *ev_rw_note(const struct ev_rw_notice *n)
{
	struct ev_buf b = EV_BUF_INIT;
	char mark[64]; /* a record id: under 32 bytes (ev_rw_notice) */
	ev_rw_mark(n, mark, sizeof mark);
	ev_buf_addf(&b, "%s %s", mark, n->nature_text);
	if (*n->date)
		ev_buf_addf(&b, " %s", n->date);
	if (n->reason) {
		/* "+Error in Data;+Duplication of Image;" reads as a list. */
		int first = 1;
		const char *p = n->reason;
		size_t len = strlen(p);
		trim(&p, &len);
		const char *end = p + len;
		while (p < end) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			const char *e = semi ? semi : end;
			const char *a = p;
			size_t k = (size_t)(e - a);
			while (k && (*a == '+' || *a == ' ')) {
				a++;
				k--;
			}
			trim(&a, &k);
			if (k) {
				ev_buf_adds(&b, first ? ": " : "; ");
				ev_buf_add(&b, a, k);
				first = 0;
			}
			p = semi ? semi + 1 : end;
		}
	}
	return ev_buf_take(&b);
}

int ev_grade_with_retracted(const struct ev_link *links, int n, const struct ev_claim_facts *c, struct ev_grade *with,
			    struct ev_buf *names)
{
	int count = 0;
	struct ev_link *copy = NULL;
	for (int i = 0; i < n; i++)
		if (links[i].status == EV_RETRACTED)
			count++;
	if (!count)
		return 0;
	copy = ev_xcalloc((size_t)n, sizeof *copy);
	memcpy(copy, links, (size_t)n * sizeof *copy);
	for (int i = 0; i < n; i++) {
		if (copy[i].status != EV_RETRACTED)
			continue;
		copy[i].status = EV_VERIFIED;
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = links[j].status == EV_RETRACTED && strcmp(links[j].study, links[i].study) == 0;
		if (!seen)
			ev_buf_addf(names, "%s%s", names->len ? ", " : "", links[i].study);
	}
	ev_grade_claim(copy, n, c, with);
	free(copy);
	return count;
}

void ev_retracted_line(const char *names, const struct ev_grade *with, struct ev_buf *out)
{
	ev_buf_addf(out, "retracted: %s; with %s counted the grade was %s", names, strchr(names, ',') ? "them" : "it",
		    ev_verdict_names[with->verdict]);
	if (with->certainty)
		ev_buf_addf(out, ", %s certainty", ev_certainty_name(with->certainty));
}
