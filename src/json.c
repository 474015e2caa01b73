/*
 * json.c: JSON text as evidence writes it, for the output layer (out.c)
 * and for the modules that write JSON without a tree (the history in
 * db.c).
 *
 * Documents are built with jansson and written here, in exactly the form
 * json_dumpf gives with JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(15) (tests/unit/test_out.c compares the two on
 * generated documents). jansson's own writer hands its output to a
 * callback a few bytes at a time, decodes every string character by
 * character and checks each array and object for cycles through a hash
 * table; for the answer of a large topic (a megabyte) that was a third of
 * the command's time.
 */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static void json_text(struct ev_buf *b, const char *s, size_t n)
{
	/* jansson's strings are valid UTF-8, so bytes can be scanned: every
	 * byte of a multi-byte character is 0x80 or above. */
	ev_buf_addc(b, '"');
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && s[run] != '"' && s[run] != '\\')
			run++;
		ev_buf_add(b, s + i, run - i);
		if (run == n)
			break;
		unsigned char c = (unsigned char)s[run];
		switch (c) {
		case '"':
			ev_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			ev_buf_add(b, "\\\\", 2);
			break;
		case '\b':
			ev_buf_add(b, "\\b", 2);
			break;
		case '\f':
			ev_buf_add(b, "\\f", 2);
			break;
		case '\n':
			ev_buf_add(b, "\\n", 2);
			break;
		case '\r':
			ev_buf_add(b, "\\r", 2);
			break;
		case '\t':
			ev_buf_add(b, "\\t", 2);
			break;
		default: {
			static const char hex[] = "0123456789ABCDEF";
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			ev_buf_add(b, u, 6);
		}
		}
		i = run + 1;
	}
	ev_buf_addc(b, '"');
}

void ev_json_put_string(struct ev_buf *b, const char *s, size_t n)
{
	struct ev_buf fixed = EV_BUF_INIT;
	if (ev_utf8_invalid_at(s, n) >= 0) {
		/* Text from a damaged database: as ev_json_textn does, bad bytes
		 * become U+FFFD so the document stays JSON. */
		json_t *j = ev_json_textn(s, n);
		ev_buf_add(&fixed, json_string_value(j), json_string_length(j));
		json_decref(j);
		s = ev_buf_str(&fixed);
		n = fixed.len;
	}
	json_text(b, s, n);
	ev_buf_free(&fixed);
}

void ev_json_put_key(struct ev_buf *b, const char *key) { json_text(b, key, strlen(key)); }

/* The decimal a value with at most 15 significant digits and a short
 * fraction is (0.85, -17.37, 3100.0), which is what "%.15g" prints for
 * it, without printf: estimates and intervals are such numbers, and
 * printf was a tenth of a query's time. m / 10^k is the candidate for
 * each k; it is the answer when it reads back as v exactly, for then it
 * is the one decimal of at most 15 digits that does (two such decimals
 * lie farther apart than a double's precision), so the rounding to 15
 * digits gives it too. Returns 0 when v is not such a number. */
static int short_decimal(struct ev_buf *b, double v)
{
	static const double p10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};
	double a = v < 0 ? -v : v;
	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	for (int k = 0; k < 15; k++) {
		double scaled = a * p10[k];
		if (scaled >= 1e15)
			return 0;
		int64_t m = (int64_t)(scaled + 0.5);
		if ((double)m / p10[k] != a)
			continue;
		char digits[EV_INT_STR];
		size_t n = ev_int_str(digits, m);
		if (v < 0)
			ev_buf_addc(b, '-');
		if ((int)n <= k) {
			/* 0.0085: zeros after the point */
			ev_buf_add(b, "0.", 2);
			for (int z = k - (int)n; z > 0; z--)
				ev_buf_addc(b, '0');
			ev_buf_add(b, digits, n);
		} else {
			ev_buf_add(b, digits, n - (size_t)k);
			ev_buf_addc(b, '.');
			if (k)
				ev_buf_add(b, digits + n - k, (size_t)k);
			else
				ev_buf_addc(b, '0'); /* jansson's ".0" */
		}
		return 1;
	}
	return 0;
}

/* A real as jansson writes it: "%.15g", with ".0" added when that reads
 * as an integer, and the exponent without '+' or leading zeros. */
static void json_real_text(struct ev_buf *b, double v)
{
	char buf[64];
	if (short_decimal(b, v))
		return;
	int n = snprintf(buf, sizeof buf, "%.15g", v);
	if (n < 0 || (size_t)n >= sizeof buf - 3)
		return;
	char *e = strchr(buf, 'e');
	if (!e && !strchr(buf, '.')) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	if (e) {
		char *d = e + 1, *from;
		if (*d == '-')
			d++;
		from = *d == '+' ? d + 1 : d;
		while (*from == '0' && from[1])
			from++;
		memmove(d, from, strlen(from) + 1);
		n = (int)strlen(buf);
	}
	ev_buf_add(b, buf, (size_t)n);
}

void ev_json_newline(struct ev_buf *b, int depth)
{
	static const char spaces[] = "                                ";
	ev_buf_addc(b, '\n');
	for (size_t n = (size_t)depth * 2; n;) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		ev_buf_add(b, spaces, k);
		n -= k;
	}
}

/* Appends v written at nesting depth `depth` (its first line is not
 * indented: the caller has placed it). Recursive over the document's
 * nesting: the documents evidence builds are a few levels deep. */
// NOLINTNEXTLINE(misc-no-recursion)
void ev_json_put_value(struct ev_buf *b, const json_t *v, int depth)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *m;
		int first = 1;
		ev_buf_addc(b, '{');
		json_object_foreach((json_t *)v, key, m) {
			/* A loop (jansson's macro), which cppcheck does not expand. */
			// cppcheck-suppress knownConditionTrueFalse
			if (!first)
				ev_buf_addc(b, ',');
			ev_json_newline(b, depth + 1);
			json_text(b, key, strlen(key));
			ev_buf_add(b, ": ", 2);
			ev_json_put_value(b, m, depth + 1);
			first = 0;
		}
		if (!first)
			ev_json_newline(b, depth);
		ev_buf_addc(b, '}');
		break;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		ev_buf_addc(b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				ev_buf_addc(b, ',');
			ev_json_newline(b, depth + 1);
			ev_json_put_value(b, json_array_get(v, i), depth + 1);
		}
		if (n)
			ev_json_newline(b, depth);
		ev_buf_addc(b, ']');
		break;
	}
	case JSON_STRING:
		json_text(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		ev_buf_addi(b, (int64_t)json_integer_value(v));
		break;
	case JSON_REAL:
		json_real_text(b, json_real_value(v));
		break;
	case JSON_TRUE:
		ev_buf_add(b, "true", 4);
		break;
	case JSON_FALSE:
		ev_buf_add(b, "false", 5);
		break;
	case JSON_NULL:
		ev_buf_add(b, "null", 4);
		break;
	}
}

json_t *ev_json_textn(const char *s, size_t n)
{
	if (!s)
		return json_null();
	long bad = ev_utf8_invalid_at(s, n);
	if (bad < 0)
		return json_stringn(s, n);
	struct ev_buf b = EV_BUF_INIT;
	while (n) {
		bad = ev_utf8_invalid_at(s, n);
		size_t good = bad < 0 ? n : (size_t)bad;
		ev_buf_add(&b, s, good);
		if (bad < 0)
			break;
		ev_buf_adds(&b, "\xef\xbf\xbd"); /* U+FFFD replacement character */
		s += good + 1;
		n -= good + 1;
	}
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	ev_buf_free(&b);
	return j;
}

json_t *ev_json_text(const char *s) { return s ? ev_json_textn(s, strlen(s)) : json_null(); }

