/*
 * fuzz_validate.c: the field rules (validate.c) and the small parsers and
 * text helpers they use (util.c), with any bytes as values.
 *
 * Input: a byte choosing the kind (mod 4: articles, studies, claims,
 * evidence), then items "column=value" separated by 0x1f; items naming no
 * column of the kind are skipped. Each value is validated into a record,
 * then the record's cross-field rules run.
 *
 * Properties checked besides memory safety:
 * - every problem names the column it is about, and its message is one
 *   line of valid UTF-8 with no control characters (a hostile value cannot
 *   forge or garble the messages on the terminal);
 * - a value that validates, written back the way CSV export writes it
 *   (ev_value_format) and validated again, gives the same typed value:
 *   what evidence stores, evidence can re-import unchanged;
 * - ev_parse_int and ev_parse_real accept only what reads back the same,
 *   and ev_parse_real never returns NaN or infinity;
 * - the UTF-8 helpers stay within the text, and the edit distance is a
 *   distance (zero to itself, symmetric).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"
#include "validate.h"

struct seen {
	const char *column; /* the column being validated, NULL for the record */
	int problems;
};

static void on_problem(void *ud, const char *column, const char *msg)
{
	struct seen *s = ud;
	FUZZ_CHECK(column && *column, "a problem without a column: %s", msg);
	if (s->column)
		FUZZ_CHECK(strcmp(column, s->column) == 0, "a problem with '%s' reported for '%s'", s->column, column);
	FUZZ_CHECK(*msg, "an empty message for '%s'", column);
	size_t n = strlen(msg);
	FUZZ_CHECK(ev_utf8_invalid_at(msg, n) < 0, "the message for '%s' is not UTF-8: %s", column, msg);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)msg[i];
		FUZZ_CHECK(c >= 0x20 && c != 0x7f, "the message for '%s' holds control byte 0x%02x", column, c);
	}
	s->problems++;
}

static int same_value(const struct ev_value *a, const struct ev_value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case EV_V_INT:
		return a->i == b->i;
	case EV_V_REAL:
		return a->d == b->d && signbit(a->d) == signbit(b->d);
	case EV_V_TEXT:
		return strcmp(a->s, b->s) == 0;
	default:
		return 1;
	}
}

/* The parsers on their own: what they accept must read back the same. */
static void parsers(const char *v, size_t n)
{
	int64_t x;
	double d;
	const char *msg = NULL;
	if (ev_parse_int(v, n, &x, &msg) == 0) {
		char buf[32];
		int64_t y;
		snprintf(buf, sizeof buf, "%lld", (long long)x);
		FUZZ_CHECK(ev_parse_int(buf, strlen(buf), &y, &msg) == 0 && x == y, "%s does not read back", buf);
	} else {
		FUZZ_CHECK(msg && *msg, "ev_parse_int failed without a message");
	}
	msg = NULL;
	if (ev_parse_real(v, n, &d, &msg) == 0) {
		FUZZ_CHECK(isfinite(d), "ev_parse_real returned %g", d);
		FUZZ_CHECK(!signbit(d) || d != 0, "ev_parse_real returned -0");
	} else {
		FUZZ_CHECK(msg && *msg, "ev_parse_real failed without a message");
	}
	char *z = ev_xstrndup(v, n);
	double lo, hi;
	if (ev_parse_months(z, &lo, &hi) == 0)
		FUZZ_CHECK(lo > 0 && lo <= hi && isfinite(hi), "months %s parsed as %g-%g", z, lo, hi);
	free(z);

	/* UTF-8 helpers: a prefix fits its width and ends inside the text. */
	size_t w = ev_utf8_width(v, n);
	for (size_t cols = 0; cols <= w + 1 && cols < 64; cols += 1 + cols / 4) {
		size_t p = ev_utf8_prefix_for_width(v, n, cols);
		FUZZ_CHECK(p <= n && ev_utf8_width(v, p) <= cols, "prefix of %zu bytes for %zu columns", p, cols);
	}
	long bad = ev_utf8_invalid_at(v, n);
	FUZZ_CHECK(bad < (long)n, "invalid at %ld of %zu", bad, n);
	if (bad >= 0)
		FUZZ_CHECK(ev_utf8_invalid_at(v, (size_t)bad) < 0, "the text before the first invalid byte is invalid");
}

static void distances(const char *a, const char *b)
{
	unsigned ab = ev_edit_distance(a, b), ba = ev_edit_distance(b, a);
	FUZZ_CHECK(ab == ba, "distance '%s'-'%s' is %u one way, %u the other", a, b, ab, ba);
	FUZZ_CHECK(ev_edit_distance(a, a) == 0, "distance of '%s' to itself", a);
	const char *cands[] = {a, b};
	const char *s = ev_suggest(a, cands, 2);
	FUZZ_CHECK(s == a || s == b || s == NULL, "a suggestion that was not a candidate");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_record r = {0}, again = {0};
	struct seen seen = {NULL, 0};
	char prev[128] = "";
	if (size < 1)
		return 0;
	enum ev_kind kind = (enum ev_kind)(data[0] % EV_KIND_COUNT);
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	ev_record_reset(&r, kind);
	ev_record_reset(&again, kind);

	while (p < end) {
		const char *e = memchr(p, 0x1f, (size_t)(end - p));
		const char *item_end = e ? e : end;
		const char *eq = memchr(p, '=', (size_t)(item_end - p));
		if (eq) {
			char name[64];
			size_t nl = (size_t)(eq - p), vl = (size_t)(item_end - eq - 1);
			const char *v = eq + 1;
			parsers(v, vl);
			if (nl < sizeof name && !memchr(p, '\0', nl)) {
				memcpy(name, p, nl);
				name[nl] = '\0';
				int idx = ev_field_index(kind, name);
				if (idx >= 0) {
					seen.column = name;
					int before = seen.problems;
					int rc = ev_validate_field(&r, idx, v, vl, on_problem, &seen);
					FUZZ_CHECK((rc != 0) == (seen.problems > before), "'%s': returned %d after %d problems",
						   name, rc, seen.problems - before);
					if (rc == 0) {
						/* Written as CSV export writes it, read back the same. */
						char buf[64];
						char *text = ev_xstrdup(ev_value_format(&r, idx, buf, sizeof buf));
						int rc2 = ev_validate_field(&again, idx, text, strlen(text), on_problem, &seen);
						FUZZ_CHECK(rc2 == 0, "'%s': '%s' was accepted, its written form '%s' is not", name,
							   v, text);
						FUZZ_CHECK(same_value(&r.v[idx], &again.v[idx]),
							   "'%s': '%s' written as '%s' reads back differently", name, v, text);
						free(text);
					}
				}
			}
			char cur[128];
			snprintf(cur, sizeof cur, "%.*s", (int)(vl < 100 ? vl : 100), v);
			distances(cur, prev);
			memcpy(prev, cur, sizeof prev);
		}
		p = item_end + 1;
	}
	seen.column = NULL;
	int before = seen.problems;
	int found = ev_validate_record(&r, on_problem, &seen);
	FUZZ_CHECK(found == seen.problems - before, "ev_validate_record counted %d of %d problems", found,
		   seen.problems - before);
	ev_record_free(&r);
	ev_record_free(&again);
	return 0;
}
