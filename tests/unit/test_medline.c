/*
 * test_medline.c: the MEDLINE reader: tags, continuation lines, record
 * boundaries, line numbers, the variants other tools write (CRLF, a
 * byte-order mark, no blank line between records, short indents), input
 * fed in pieces of any size, and the problems it must report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "medline.h"

/* Every record read, flattened to "TAG@LINE=value|..." lines. */
struct seen {
	char out[4096];
	size_t len;
	long err_line;
	char err[256];
	int stop_after; /* return 1 after this many records (0: never) */
	int records;
};

static int on_record(void *ud, const struct ev_medline_record *rec)
{
	struct seen *s = ud;
	s->len += (size_t)snprintf(s->out + s->len, sizeof s->out - s->len, "@%ld:", rec->line);
	for (int i = 0; i < rec->nfields; i++) {
		const struct ev_medline_field *f = &rec->field[i];
		assert_int_equal(strlen(f->value), f->len);
		s->len += (size_t)snprintf(s->out + s->len, sizeof s->out - s->len, "%s%s@%ld=%s", i ? "|" : "",
					   f->tag, f->line, f->value);
	}
	s->len += (size_t)snprintf(s->out + s->len, sizeof s->out - s->len, "\n");
	s->records++;
	return s->stop_after && s->records >= s->stop_after;
}

static void on_error(void *ud, long line, const char *msg)
{
	struct seen *s = ud;
	s->err_line = line;
	snprintf(s->err, sizeof s->err, "%s", msg);
}

/* Reads text fed in pieces of `step` bytes (0: all at once). Returns the
 * reader's result. */
static int read_text(const char *text, size_t n, size_t step, struct seen *s)
{
	struct ev_medline *m = ev_medline_new(on_record, on_error, s);
	int rc = 0;
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; i < n && rc == 0; i += step)
		rc = ev_medline_feed(m, text + i, n - i < step ? n - i : step);
	if (rc == 0)
		rc = ev_medline_finish(m);
	ev_medline_free(m);
	return rc;
}

static const char two_records[] = "\n"
				  "PMID- 900000001\n"
				  "TI  - A fictional title that goes on\n"
				  "      over two lines.\n"
				  "AU  - Testwell A\n"
				  "AU  - Testman B\n"
				  "PT  - Journal Article\n"
				  "\n"
				  "\n"
				  "PMID- 900000002\n"
				  "TI  - Second.\n"
				  "AB  - \n"
				  "SO  - J Fict. 2020;1:1.\n";

static const char expected_two[] = "@2:PMID@2=900000001|TI@3=A fictional title that goes on over two lines.|AU@5=Testwell "
				   "A|AU@6=Testman B|PT@7=Journal Article\n"
				   "@10:PMID@10=900000002|TI@11=Second.|AB@12=|SO@13=J Fict. 2020;1:1.\n";

static void test_records(void **state)
{
	(void)state;
	/* Whole, and byte by byte, and in odd pieces: the same records. */
	size_t steps[] = {0, 1, 2, 7, 64};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct seen s = {0};
		assert_int_equal(read_text(two_records, strlen(two_records), steps[i], &s), 0);
		assert_string_equal(s.out, expected_two);
	}
}

static void test_variants(void **state)
{
	(void)state;
	/* CRLF with a byte-order mark and without a final newline. */
	const char crlf[] = "\xEF\xBB\xBFPMID- 900000001\r\nTI  - A fictional title\r\n      continued.\r\n\r\n"
			    "PMID- 900000002\r\nTI  - Second.";
	struct seen s = {0};
	assert_int_equal(read_text(crlf, strlen(crlf), 3, &s), 0);
	assert_string_equal(s.out, "@1:PMID@1=900000001|TI@2=A fictional title continued.\n"
				   "@5:PMID@5=900000002|TI@6=Second.\n");

	/* No blank line between records; a short indent; a tab indent;
	 * trailing spaces; an empty value without its space. */
	const char loose[] = "PMID- 1\nTI  - One\n   more  \n\tand more\nPMID- 2\nTI  -\nAU  - X Y  \n";
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text(loose, strlen(loose), 0, &s), 0);
	assert_string_equal(s.out, "@1:PMID@1=1|TI@2=One more and more\n@5:PMID@5=2|TI@6=|AU@7=X Y\n");

	/* A continuation of an empty value adds no leading space. */
	const char empty_then[] = "PMID- 1\nTI  -\n      Late title.\n";
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text(empty_then, strlen(empty_then), 0, &s), 0);
	assert_string_equal(s.out, "@1:PMID@1=1|TI@2=Late title.\n");

	/* Blank lines only, or nothing: no records. */
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text("\n \n\t\n", 5, 0, &s), 0);
	assert_int_equal(s.records, 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text("", 0, 0, &s), 0);
	assert_int_equal(s.records, 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text("\xEF\xBB", 2, 0, &s), -1); /* two bytes that are no tag */
	assert_int_equal(s.err_line, 1);
}

static void test_problems(void **state)
{
	(void)state;
	struct seen s = {0};
	const char cont_first[] = "\n      orphan continuation\nPMID- 1\n";
	assert_int_equal(read_text(cont_first, strlen(cont_first), 0, &s), -1);
	assert_int_equal(s.err_line, 2);
	assert_non_null(strstr(s.err, "continuation line"));
	assert_int_equal(s.records, 0);

	memset(&s, 0, sizeof s);
	const char junk[] = "PMID- 1\nTI  - ok\nthis is not medline\n";
	assert_int_equal(read_text(junk, strlen(junk), 5, &s), -1);
	assert_int_equal(s.err_line, 3);
	assert_string_equal(s.err, "'this is not medline' is not a MEDLINE line: expected a tag such as 'TI  - ' "
				   "(four characters, then '- ') or a continuation indented by spaces");
	assert_int_equal(s.records, 0); /* a record with a bad line is never delivered */

	memset(&s, 0, sizeof s);
	const char csv[] = "PMID,Title,Authors\n1,x,y\n";
	assert_int_equal(read_text(csv, strlen(csv), 0, &s), -1);
	assert_int_equal(s.err_line, 1);

	memset(&s, 0, sizeof s);
	const char lower[] = "pmid- 1\n";
	assert_int_equal(read_text(lower, strlen(lower), 0, &s), -1);

	memset(&s, 0, sizeof s);
	const char nul[] = "PMID- 1\nTI  - a\0b\n";
	assert_int_equal(read_text(nul, sizeof nul - 1, 0, &s), -1);
	assert_int_equal(s.err_line, 2);
	assert_non_null(strstr(s.err, "NUL byte"));

	memset(&s, 0, sizeof s);
	const char utf16[] = "\xFF\xFEP\0M\0";
	assert_int_equal(read_text(utf16, sizeof utf16 - 1, 0, &s), -1);
	assert_non_null(strstr(s.err, "UTF-16"));

	/* A line longer than the limit stops reading without holding it all. */
	size_t n = EV_MEDLINE_MAX_LINE + 100;
	char *big = malloc(n);
	/* Bytes with a length, not a string: no terminator needed. */
	memcpy(big, "PMID- 1\nTI  - ", 14); // NOLINT(bugprone-not-null-terminated-result)
	memset(big + 14, 'x', n - 14);
	memset(&s, 0, sizeof s);
	assert_int_equal(read_text(big, n, 4096, &s), -1);
	assert_int_equal(s.err_line, 2);
	assert_non_null(strstr(s.err, "longer than"));
	free(big);
}

static void test_stop_and_get(void **state)
{
	(void)state;
	struct seen s = {0};
	s.stop_after = 1;
	assert_int_equal(read_text(two_records, strlen(two_records), 0, &s), -1);
	assert_int_equal(s.records, 1);

	struct ev_medline_field f[] = {{"PMID", "1", 1, 1}, {"AU", "A", 1, 2}, {"TI", "T", 1, 3}, {"AU", "B", 1, 4}};
	struct ev_medline_record rec = {4, f, 1};
	int at = -1;
	assert_ptr_equal(ev_medline_get(&rec, "TI", NULL), &f[2]);
	assert_null(ev_medline_get(&rec, "VI", NULL));
	assert_ptr_equal(ev_medline_get(&rec, "AU", &at), &f[1]);
	assert_ptr_equal(ev_medline_get(&rec, "AU", &at), &f[3]);
	assert_null(ev_medline_get(&rec, "AU", &at));
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(ev_medline_sniff("PMID- 1\n", 8), 1);
	assert_int_equal(ev_medline_sniff("\n\r\nPMID- 1", 10), 1);
	assert_int_equal(ev_medline_sniff("\xEF\xBB\xBF\nPMID- 1", 11), 1);
	assert_int_equal(ev_medline_sniff("PMID,Title", 10), 0);
	assert_int_equal(ev_medline_sniff("TY  - JOUR", 10), 0);
	/* bytes that do not decide: the importer reads on */
	assert_int_equal(ev_medline_sniff("", 0), -1);
	assert_int_equal(ev_medline_sniff("\n\n  ", 4), -1);
	assert_int_equal(ev_medline_sniff("\nPMI", 4), -1);
	assert_int_equal(ev_medline_sniff("\nPMX", 4), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),	 cmocka_unit_test(test_variants),
		cmocka_unit_test(test_problems), cmocka_unit_test(test_stop_and_get),
		cmocka_unit_test(test_sniff),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("medline", tests, NULL, NULL);
}
