/*
 * test_util.c: the byte buffer every writer builds its output in (its
 * appends are inline and grow the buffer geometrically) and the integer
 * formatting that replaces printf("%lld") on the export paths, the
 * escaping of everything shown on a terminal, and the key outcomes are
 * matched by.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ctype.h>
#include <unicase.h>

#include "util.h"

static void test_int_str(void **state)
{
	(void)state;
	const int64_t v[] = {0, 1, -1, 9, 10, 99, 100, 2024, -2024, 1000000007, INT64_MAX, INT64_MIN, INT64_MIN + 1};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char want[32], got[EV_INT_STR];
		snprintf(want, sizeof want, "%lld", (long long)v[i]);
		assert_int_equal(ev_int_str(got, v[i]), strlen(want));
		assert_string_equal(got, want);
		struct ev_buf b = EV_BUF_INIT;
		ev_buf_adds(&b, "n=");
		ev_buf_addi(&b, v[i]);
		assert_int_equal(b.len, 2 + strlen(want));
		assert_string_equal(ev_buf_str(&b) + 2, want);
		ev_buf_free(&b);
	}
}

/* Appends of every size keep the contents and the terminator, across
 * many growths; an empty buffer reads as "". */
static void test_buf_appends(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	char *want = ev_xmalloc(200000);
	size_t n = 0;
	assert_string_equal(ev_buf_str(&b), "");
	ev_buf_add(&b, "", 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	for (int i = 0; n < 190000; i++) {
		if (i % 3 == 0) {
			ev_buf_addc(&b, (char)('a' + i % 26));
			want[n++] = (char)('a' + i % 26);
		} else {
			char chunk[300];
			size_t k = (size_t)(i * 37 % 300);
			memset(chunk, 'A' + i % 26, k);
			ev_buf_add(&b, chunk, k);
			memcpy(want + n, chunk, k);
			n += k;
		}
		assert_int_equal(b.len, n);
		assert_true(b.cap > b.len);
		assert_int_equal(b.data[b.len], '\0');
	}
	assert_memory_equal(b.data, want, n);
	ev_buf_reset(&b);
	assert_string_equal(ev_buf_str(&b), "");
	ev_buf_free(&b);
	free(want);
}

static void test_fmt_count(void **state)
{
	(void)state;
	char buf[40];
	assert_string_equal(ev_fmt_count(buf, sizeof buf, 0), "0");
	assert_string_equal(ev_fmt_count(buf, sizeof buf, 999), "999");
	assert_string_equal(ev_fmt_count(buf, sizeof buf, 4807), "4,807");
	assert_string_equal(ev_fmt_count(buf, sizeof buf, -1234567), "-1,234,567");
	assert_string_equal(ev_fmt_count(buf, sizeof buf, 100000), "100,000");
	assert_string_equal(ev_fmt_count(buf, sizeof buf, INT64_MIN), "-9,223,372,036,854,775,808");
	assert_string_equal(ev_fmt_count(buf, 4, 4807), "4,8");
}

/* ev_term_escape: what each kind of byte becomes on a terminal. */
static void test_term_escape(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain text, tab\tand\nnewline", "plain text, tab\tand\nnewline"},
		{"\x1b[2Jclear", "\xef\xbf\xbd[2Jclear"},
		{"\x1b]0;title\x07", "\xef\xbf\xbd]0;title\xef\xbf\xbd"},
		{"cr\rdel\x7f", "cr\xef\xbf\xbd" "del\xef\xbf\xbd"},
		{"c1 \xc2\x9b" "31m \xc2\x9d", "c1 \xef\xbf\xbd" "31m \xef\xbf\xbd"},
		{"\xc2\xa0nbsp \xc3\xa9t\xc3\xa9", "\xc2\xa0nbsp \xc3\xa9t\xc3\xa9"},
		{"lone \x9b and \xff", "lone \xef\xbf\xbd and \xef\xbf\xbd"},
		/* bidirectional overrides on purpose: what the escaping must show */
		{"rlo \xe2\x80\xae" "x \xe2\x81\xa6" "y \xe2\x81\xa9", "rlo <U+202E>x <U+2066>y <U+2069>"}, // NOLINT(misc-misleading-bidirectional)
		{"\xef\xbb\xbf" "bom", "<U+FEFF>bom"},
		{"cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd"},
		{"wide \xe6\xbc\xa2 \xf0\x9f\x98\x80", "wide \xe6\xbc\xa2 \xf0\x9f\x98\x80"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ev_buf b = EV_BUF_INIT;
		ev_term_escape(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(ev_buf_str(&b), cases[i].out);
		ev_buf_free(&b);
	}
	/* A NUL inside the range is a control like any other. */
	struct ev_buf b = EV_BUF_INIT;
	ev_term_escape(&b, "a\0b", 3);
	assert_string_equal(ev_buf_str(&b), "a\xef\xbf\xbd" "b");
	ev_buf_free(&b);
}

static const char *outcome_key(struct ev_buf *b, const char *s)
{
	ev_buf_reset(b);
	ev_outcome_key(b, s);
	return ev_buf_str(b);
}

static void test_outcome_key(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	assert_string_equal(outcome_key(&b, "CAC progression"), "cacprogression");
	assert_string_equal(outcome_key(&b, " cac  progression\t"), "cacprogression");
	/* Fullwidth letters (NFKC) and German sharp s (case folding). */
	assert_string_equal(outcome_key(&b, "\xef\xbc\xa3\xef\xbc\xa1\xef\xbc\xa3 progression"), "cacprogression");
	assert_string_equal(outcome_key(&b, "Stra\xc3\x9f" "e"), "strasse");
	/* Not UTF-8: libunistring reads each bad byte as U+FFFD. */
	assert_string_equal(outcome_key(&b, "A\xff B"), "a\xef\xbf\xbd" "b");
	assert_string_equal(outcome_key(&b, ""), "");
	assert_string_equal(outcome_key(&b, NULL), "");
	/* ASCII takes a path of its own: every ASCII character, alone and
	 * between letters, keys as libunistring folds it. */
	for (int c = 1; c < 0x80; c++) {
		char in[4] = {'Q', (char)c, 'z', '\0'};
		size_t len = 0;
		uint8_t *f = u8_casefold((const uint8_t *)in, 3, NULL, UNINORM_NFKC, NULL, &len);
		assert_non_null(f);
		char want[8];
		size_t n = 0;
		for (size_t i = 0; i < len; i++)
			if (!isspace(f[i]))
				want[n++] = (char)f[i];
		want[n] = '\0';
		free(f);
		assert_string_equal(outcome_key(&b, in), want);
	}
	ev_buf_free(&b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_str),
		cmocka_unit_test(test_buf_appends),
		cmocka_unit_test(test_fmt_count),
		cmocka_unit_test(test_term_escape),
		cmocka_unit_test(test_outcome_key),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
