/*
 * test_out.c: the output layer's writers against the references they
 * replace. ev_out_json writes JSON itself (for speed) and must give
 * exactly the bytes jansson's json_dumps gives with the flags of the JSON
 * contract; the streamed form (ev_out_json_begin/item/end) must give
 * exactly what ev_out_json gives for the whole document; CSV and TSV rows
 * built in a buffer must equal the rows printed directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "out.h"
#include "util.h"

#define CONTRACT_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

/* A string of ASCII (control characters, quotes and backslashes
 * included), two- to four-byte UTF-8 characters, and now and then a NUL. */
static json_t *random_string(void)
{
	static const char *const wide[] = {"\xc3\xa9", "\xce\xb1", "\xe2\x80\x93", "\xe2\x89\xa4", "\xf0\x9f\x98\x80",
					   "\xc2\xa0", "\xe2\x80\xa8"};
	struct ev_buf b = EV_BUF_INIT;
	unsigned n = pick(24);
	for (unsigned i = 0; i < n; i++) {
		unsigned r = pick(10);
		if (r < 6)
			ev_buf_addc(&b, (char)(1 + pick(127)));
		else if (r < 9)
			ev_buf_adds(&b, wide[pick(sizeof wide / sizeof wide[0])]);
		else
			ev_buf_add(&b, "", 1);
	}
	json_t *s = json_stringn(ev_buf_str(&b), b.len);
	ev_buf_free(&b);
	return s;
}

/* Doubles people type and doubles computations give, at every scale. */
static double random_real(void)
{
	static const double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.43, 100.0, 1e15, 1e16, 1e17, 1e20, 1e21, 1e-4, 1e-5,
				       1e-7, 123456789012345678.0, 2.5e-300, 1.7976931348623157e308, 5e-324, 0.3333333333333333,
				       -17.37, 1.23456789012345e-10};
	if (pick(3) == 0)
		return fixed[pick(sizeof fixed / sizeof fixed[0])];
	double mant = (double)(next() % 1000000007) / 1000003.0;
	int exp = (int)pick(61) - 30;
	double v = mant;
	for (int i = 0; i < (exp < 0 ? -exp : exp); i++)
		v = exp < 0 ? v / 10 : v * 10;
	return pick(2) ? -v : v;
}

/* Recursive to a depth of 4 at most: deeper, only scalars are picked. */
// NOLINTNEXTLINE(misc-no-recursion)
static json_t *random_value(int depth)
{
	unsigned r = pick(depth > 3 ? 7 : 9);
	switch (r) {
	case 0:
		return json_null();
	case 1:
		return json_boolean(pick(2));
	case 2: {
		static const json_int_t ints[] = {0, -1, 1, 42, INT64_MAX, INT64_MIN, 1000000, -987654321};
		return json_integer(pick(2) ? ints[pick(8)] : (json_int_t)(next() >> pick(64)));
	}
	case 3:
	case 4:
		return json_real(random_real());
	case 5:
	case 6:
		return random_string();
	case 7: {
		json_t *a = json_array();
		for (unsigned i = pick(5); i > 0; i--)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (unsigned i = pick(6); i > 0; i--) {
			json_t *k = random_string();
			/* object keys cannot hold a NUL */
			char *key = ev_xstrndup(json_string_value(k), strlen(json_string_value(k)));
			json_object_set_new(o, key, random_value(depth + 1));
			free(key);
			json_decref(k);
		}
		return o;
	}
	}
}

/* What ev_out_json prints for doc. Allocates. */
static char *printed(const json_t *doc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct ev_out o = {.fmt = EV_FMT_JSON, .fp = fp};
	ev_out_json(&o, doc);
	fclose(fp);
	return buf;
}

static void assert_like_jansson(const json_t *doc)
{
	char *want = json_dumps(doc, CONTRACT_FLAGS), *got = printed(doc);
	assert_non_null(want);
	size_t n = strlen(want);
	/* ev_out_json ends the document with a newline */
	assert_int_equal(strlen(got), n + 1);
	assert_memory_equal(got, want, n);
	assert_int_equal(got[n], '\n');
	free(want);
	free(got);
}

static void test_json_like_jansson(void **state)
{
	(void)state;
	for (int i = 0; i < 3000; i++) {
		json_t *doc = pick(2) ? json_object() : json_array();
		for (unsigned k = pick(6); k > 0; k--) {
			if (json_is_array(doc))
				json_array_append_new(doc, random_value(1));
			else
				json_object_set_new(doc, k & 1 ? "a\"b" : "key", random_value(1));
		}
		assert_like_jansson(doc);
		json_decref(doc);
	}
}

static void test_json_fixed(void **state)
{
	(void)state;
	json_t *doc = json_pack("{s:[], s:{}, s:[{}], s:f, s:f, s:f, s:s, s:n, s:b, s:I}", "a", "o", "ao", "r", 3.0,
				"e", 1e-5, "big", 1e21, "s", "tab\there \"q\" \\ \x01\x1f /", "n", "t", 1, "i",
				(json_int_t)-9223372036854775807LL);
	char *got = printed(doc);
	assert_string_equal(got, "{\n"
				 "  \"a\": [],\n"
				 "  \"o\": {},\n"
				 "  \"ao\": [\n"
				 "    {}\n"
				 "  ],\n"
				 "  \"r\": 3.0,\n"
				 "  \"e\": 1e-5,\n"
				 "  \"big\": 1e21,\n"
				 "  \"s\": \"tab\\there \\\"q\\\" \\\\ \\u0001\\u001F /\",\n"
				 "  \"n\": null,\n"
				 "  \"t\": true,\n"
				 "  \"i\": -9223372036854775807\n"
				 "}\n");
	assert_like_jansson(doc);
	free(got);
	json_decref(doc);
}

/* Numbers as people type them (a few decimals) and as computations give
 * them, around the bounds where "%.15g" changes form: each printed as
 * jansson prints it. */
static void test_json_reals(void **state)
{
	(void)state;
	static const double edges[] = {1e-4, 9.9999999999999991e-05, 0.00010000000000000002, 1e15, 999999999999999.0,
				       999999999999999.9, 1e15 - 0.5, 123456789012.345, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
				       0.5, 2.5, 1e-3, 0.0085, 100.0, 1e14 + 0.25, 4503599627370497.0, 0.30000000000000004};
	json_t *arr = json_array();
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		json_array_append_new(arr, json_real(edges[i]));
		json_array_append_new(arr, json_real(-edges[i]));
	}
	for (int i = 0; i < 100000; i++) {
		int decimals = (int)pick(7);
		double scale = 1;
		for (int d = 0; d < decimals; d++)
			scale *= 10;
		json_array_append_new(arr, json_real((double)((int64_t)(next() % 20000000000ull) - 10000000000) / scale));
		json_array_append_new(arr, json_real(random_real()));
	}
	assert_like_jansson(arr);
	json_decref(arr);
}

/* Streams head + items and returns what was written. Allocates. */
static char *streamed(const json_t *head, const char *key, json_t *const *items, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct ev_out o = {.fmt = EV_FMT_JSON, .fp = fp};
	struct ev_json_stream js;
	ev_out_json_begin(&o, &js, head, key);
	for (int i = 0; i < n; i++)
		ev_out_json_item(&js, items[i]);
	ev_out_json_end(&js);
	fclose(fp);
	return buf;
}

static void test_json_stream(void **state)
{
	(void)state;
	for (int round = 0; round < 500; round++) {
		json_t *head = json_object(), *items[8];
		int n = (int)pick(9);
		for (unsigned k = pick(3); k > 0; k--)
			json_object_set_new(head, k == 1 ? "topic" : "x\ny", random_value(2));
		json_t *whole = json_deep_copy(head), *arr = json_array();
		for (int i = 0; i < n; i++) {
			items[i] = random_value(pick(2) ? 0 : 3);
			json_array_append(arr, items[i]);
		}
		json_object_set_new(whole, "claims", arr);
		/* Items larger than the 64 KiB the stream holds back. */
		if (round == 0 && n) {
			json_t *big = json_array();
			for (int i = 0; i < 5000; i++)
				json_array_append_new(big, json_string("a string of some length"));
			json_array_append(arr, big);
			items[n++] = big;
		}
		char *got = streamed(head, "claims", items, n), *want = printed(whole);
		assert_string_equal(got, want);
		free(got);
		free(want);
		json_decref(whole);
		json_decref(head);
		for (int i = 0; i < n; i++)
			json_decref(items[i]);
	}
}

/* Rows built in a buffer are the rows printed, CSV and TSV. */
static void test_csv_append(void **state)
{
	(void)state;
	const char *cells[] = {"plain", "with, comma", "with \"quote\"", "line\nbreak", " lead", "trail\t", NULL,
			       "", "back\\slash", "cr\rhere", "tab\there"};
	int n = (int)(sizeof cells / sizeof cells[0]);
	for (int f = 0; f < 2; f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		struct ev_out o = {.fmt = f ? EV_FMT_TSV : EV_FMT_CSV, .fp = fp};
		struct ev_buf b = EV_BUF_INIT;
		ev_out_csv_row(&o, cells, n);
		fclose(fp);
		ev_out_csv_append(&o, &b, cells, NULL, n);
		assert_string_equal(ev_buf_str(&b), buf);
		assert_string_equal(buf, f ? "plain\twith, comma\twith \"quote\"\tline\\nbreak\t lead\ttrail\\t\t\t\t"
					     "back\\\\slash\tcr\\rhere\ttab\\there\n"
					   : "plain,\"with, comma\",\"with \"\"quote\"\"\",\"line\nbreak\",\" lead\","
					     "\"trail\t\",,,back\\slash,\"cr\rhere\",tab\there\n");
		ev_buf_free(&b);
		free(buf);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_fixed),
		cmocka_unit_test(test_json_like_jansson),
		cmocka_unit_test(test_json_reals),
		cmocka_unit_test(test_json_stream),
		cmocka_unit_test(test_csv_append),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
