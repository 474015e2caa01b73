/*
 * test_csvio.c: CSV records and the physical line each starts on, fed
 * whole or byte by byte, with the inputs people really produce.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csvio.h"
#include "util.h"

/* What a parse produced, as text: "L<line>:a|b|c" per record, and
 * "E<line>:<field>:<message>" for a problem. */
struct trace {
	struct ev_buf out;
};

static int on_row(void *ud, const struct ev_csv_record *rec)
{
	struct trace *t = ud;
	ev_buf_addf(&t->out, "L%ld:", rec->line);
	for (int i = 0; i < rec->nfields; i++)
		ev_buf_addf(&t->out, "%s%s", i ? "|" : "", rec->field[i]);
	ev_buf_addc(&t->out, '\n');
	return 0;
}

static void on_error(void *ud, long line, int field, const char *msg)
{
	struct trace *t = ud;
	ev_buf_addf(&t->out, "E%ld:%d:%s\n", line, field, msg);
}

/* Parses `in` fed in pieces of `step` bytes (0: all at once). */
static char *parse(const char *in, size_t n, size_t step)
{
	struct trace t = {EV_BUF_INIT};
	struct ev_csv *c = ev_csv_new(',', on_row, on_error, &t);
	size_t pos = 0;
	int rc = 0;
	while (pos < n && rc == 0) {
		size_t len = step && n - pos > step ? step : n - pos;
		rc = ev_csv_feed(c, in + pos, len);
		pos += len;
	}
	if (rc == 0)
		ev_csv_finish(c);
	ev_csv_free(c);
	return ev_buf_take(&t.out);
}

/* The same result whether the bytes arrive at once or one by one. */
static void check(const char *in, size_t n, const char *expected)
{
	char *whole = parse(in, n, 0), *bytes = parse(in, n, 1), *three = parse(in, n, 3);
	assert_string_equal(whole, expected);
	assert_string_equal(bytes, expected);
	assert_string_equal(three, expected);
	free(whole);
	free(bytes);
	free(three);
}
#define CHECK(in, expected) check(in, sizeof(in) - 1, expected)

static void test_plain(void **state)
{
	(void)state;
	CHECK("a,b\n1,2\n", "L1:a|b\nL2:1|2\n");
	CHECK("a,b\n1,2", "L1:a|b\nL2:1|2\n"); /* no final newline */
	CHECK("a,,c\n", "L1:a||c\n");
}

static void test_line_numbers_skip_blank_lines(void **state)
{
	(void)state;
	CHECK("a,b\n\n\n1,2\n\n3,4\n", "L1:a|b\nL4:1|2\nL6:3|4\n");
}

static void test_quoted_newlines_keep_the_start_line(void **state)
{
	(void)state;
	CHECK("k,notes\nx,\"line one\nline two\nline three\"\ny,z\n",
	      "L1:k|notes\nL2:x|line one\nline two\nline three\nL5:y|z\n");
}

static void test_crlf(void **state)
{
	(void)state;
	CHECK("a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n", "L1:a|b\nL2:1|x\r\ny\nL4:2|3\n");
}

static void test_bom(void **state)
{
	(void)state;
	CHECK("\xef\xbb\xbfkey,title\nk,t\n", "L1:key|title\nL2:k|t\n");
	CHECK("\xef\xbb", "L1:\xef\xbb\n"); /* too short to be a BOM: plain data */
}

static void test_utf16_refused(void **state)
{
	(void)state;
	static const char in[] = "\xff\xfek\0e\0y\0";
	char *out = parse(in, sizeof in - 1, 0);
	assert_non_null(strstr(out, "E1:-1:the file is UTF-16"));
	free(out);
}

static void test_quotes(void **state)
{
	(void)state;
	CHECK("a,b\n\"x, \"\"y\"\"\",2\n", "L1:a|b\nL2:x, \"y\"|2\n");
	/* A stray quote inside an unquoted field is an error, on its record's line. */
	char *out = parse("a,b\n1,2\nx a\"b,3\n", 15, 0);
	assert_non_null(strstr(out, "L2:1|2\nE3:0:malformed CSV"));
	free(out);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	char *out = parse("a,b\n1,\"open\nmore\n", 18, 0);
	assert_non_null(strstr(out, "E2:1:unterminated quoted field"));
	free(out);
}

static void test_spaces_trimmed_unless_quoted(void **state)
{
	(void)state;
	CHECK(" a , b \n\" x \",y\n", "L1:a|b\nL2: x |y\n");
}

static void test_too_many_columns(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	for (int i = 0; i < 100000; i++)
		ev_buf_adds(&b, i ? ",c" : "c");
	ev_buf_addc(&b, '\n');
	char *out = parse(b.data, b.len, 0);
	assert_non_null(strstr(out, "E1:-1:more than 1000 columns"));
	free(out);
	ev_buf_free(&b);
}

static void test_huge_field(void **state)
{
	(void)state;
	size_t n = 10u << 20;
	char *in = malloc(n + 16);
	/* Bytes with a length, not a string: no terminator needed. */
	memcpy(in, "a\n\"", 3); // NOLINT(bugprone-not-null-terminated-result)
	memset(in + 3, 'x', n);
	memcpy(in + 3 + n, "\"\n", 2); // NOLINT(bugprone-not-null-terminated-result)
	char *out = parse(in, n + 5, 65536);
	assert_non_null(strstr(out, "E2:0:field is longer than"));
	free(out);
	free(in);
}

static void test_tsv(void **state)
{
	(void)state;
	static const char in[] = "a\tb\n say \"hi\" \tx\\ty\\nz\\\\\n";
	struct trace t = {EV_BUF_INIT};
	struct ev_csv *c = ev_csv_new('\t', on_row, on_error, &t);
	assert_int_equal(ev_csv_feed(c, in, sizeof in - 1), 0);
	assert_int_equal(ev_csv_finish(c), 0);
	ev_csv_free(c);
	/* quotes are text, spaces are kept, escapes are undone */
	assert_string_equal(ev_buf_str(&t.out), "L1:a|b\nL2: say \"hi\" |x\ty\nz\\\n");
	ev_buf_free(&t.out);
}

static void test_write_field_quotes_only_when_needed(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	const char *vals[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " padded", ""};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		ev_csv_write_field(fp, vals[i], strlen(vals[i]), ',');
		fputc('|', fp);
	}
	fclose(fp);
	assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" padded\"||");
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_line_numbers_skip_blank_lines),
		cmocka_unit_test(test_quoted_newlines_keep_the_start_line),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_spaces_trimmed_unless_quoted),
		cmocka_unit_test(test_too_many_columns),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_write_field_quotes_only_when_needed),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("csvio", tests, NULL, NULL);
}
