/*
 * test_search.c: user text -> FTS5 query. Every word is quoted, so FTS5
 * operators and punctuation are searched as text; phrases and prefixes
 * are the only syntax kept. The token counter here is a stand-in for the
 * index's tokenizer (ASCII letters and digits, and any non-ASCII byte).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "search.h"

static int count(void *ud, const char *s, size_t n)
{
	int tokens = 0, in = 0;
	(void)ud;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
		if (word && !in)
			tokens++;
		in = word;
	}
	return tokens;
}

static void check(const char *text, int terms, const char *query)
{
	struct ev_buf b = EV_BUF_INIT;
	int got = ev_search_query(text, count, NULL, &b);
	if (got != terms || strcmp(ev_buf_str(&b), query) != 0)
		fail_msg("'%s': expected %d terms '%s', got %d '%s'", text, terms, query, got, ev_buf_str(&b));
	ev_buf_free(&b);
}

static void test_words(void **state)
{
	(void)state;
	check("arterial stiffness", 2, "\"arterial\" \"stiffness\"");
	check("  MK-7\t", 1, "\"MK-7\"");
	check("Müller", 1, "\"Müller\"");
	check("", 0, "");
	check("   ", 0, "");
}

static void test_phrases_and_prefixes(void **state)
{
	(void)state;
	check("\"coronary artery\" calcif*", 2, "\"coronary artery\" \"calcif\"*");
	check("\"vitamin k\"*", 1, "\"vitamin k\"*");
	check("calcif**", 1, "\"calcif\"*");
	check("\"unclosed phrase", 1, "\"unclosed phrase\"");
	check("a\"b c\"d", 3, "\"a\" \"b c\" \"d\"");
	check("vita*min", 1, "\"vita*min\"");
}

static void test_operators_are_text(void **state)
{
	(void)state;
	check("NEAR(", 1, "\"NEAR(\"");
	check("a OR b NOT c", 5, "\"a\" \"OR\" \"b\" \"NOT\" \"c\"");
	check("title:knapen", 1, "\"title:knapen\"");
	check("^start (group)", 2, "\"^start\" \"(group)\"");
	check("\"); DROP TABLE studies;--", 1, "\"); DROP TABLE studies;--\"");
}

static void test_punctuation_only(void **state)
{
	(void)state;
	check("!!! --- ;", 0, "");
	check("*", 0, "");
	check("\"\"", 0, "");
	check("\" , \"*", 0, "");
	check("-- knapen --", 1, "\"knapen\"");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_phrases_and_prefixes),
		cmocka_unit_test(test_operators_are_text),
		cmocka_unit_test(test_punctuation_only),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
