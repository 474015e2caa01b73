/*
 * test_site.c: the site's pure parts: which keys and manifest lines may
 * name a file (the guard against a key or a manifest that would reach
 * outside the site's folder), and an evidence map and index built from
 * hand-made claims with hostile text, which must come out escaped with
 * their verdicts in words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain.h"
#include "site.h"

static void test_keys(void **state)
{
	(void)state;
	assert_true(ev_site_key_ok("k2-activates-mgp"));
	assert_true(ev_site_key_ok("a"));
	assert_true(ev_site_key_ok("2009"));
	assert_false(ev_site_key_ok(""));
	assert_false(ev_site_key_ok(NULL));
	assert_false(ev_site_key_ok("-a"));
	assert_false(ev_site_key_ok(".."));
	assert_false(ev_site_key_ok("a/b"));
	assert_false(ev_site_key_ok("A"));
	assert_false(ev_site_key_ok("a b"));
	char longest[102];
	memset(longest, 'a', 101);
	longest[101] = '\0';
	assert_false(ev_site_key_ok(longest));
	longest[100] = '\0';
	assert_true(ev_site_key_ok(longest));
}

static void test_paths(void **state)
{
	(void)state;
	assert_true(ev_site_path_ok("index.html"));
	assert_true(ev_site_path_ok("map.html"));
	assert_true(ev_site_path_ok("style.css"));
	assert_false(ev_site_path_ok("claims/style.css"));
	assert_true(ev_site_path_ok("claims/k2-activates-mgp.html"));
	assert_true(ev_site_path_ok("studies/a.html"));
	assert_false(ev_site_path_ok("studies/.html"));
	assert_false(ev_site_path_ok("studies/../../evidence.db"));
	assert_false(ev_site_path_ok("studies/../index.html"));
	assert_false(ev_site_path_ok("../index.html"));
	assert_false(ev_site_path_ok("/etc/passwd"));
	assert_false(ev_site_path_ok("notes.txt"));
	assert_false(ev_site_path_ok("claims/a/b.html"));
	assert_false(ev_site_path_ok("others/a.html"));
	assert_false(ev_site_path_ok("claims/a.htm"));
	assert_false(ev_site_path_ok(".evidence-site"));
}

static void test_map_and_index(void **state)
{
	(void)state;
	const struct ev_site_claim claims[] = {
		{"hostile", "<script>x</script> & \"q\"", EV_CONTRADICTED, 1, "art", 2},
		{"plain", "A claim.", EV_SUPPORTED, 3, NULL, 1},
		{"none", "Nothing counts.", EV_INSUFFICIENT, 0, "art", 0},
	};
	const int all[] = {0, 1, 2}, one[] = {1};
	const struct ev_site_group topics[] = {{"t-one", NULL, all, 3}, {"t-two", NULL, one, 1}};
	const struct ev_site_group articles[] = {{"art", "<b>Title</b>", all, 3}};
	struct ev_site s = {claims, 3, articles, 1, topics, 2, NULL, 0, "2026-01-01T00:00:00Z", "x.db", "9.9.9"};
	struct ev_buf b = EV_BUF_INIT;
	ev_site_map(&b, &s);
	const char *page = ev_buf_str(&b);
	assert_non_null(strstr(page, "<a class=\"chip v-contradicted c1\" href=\"claims/hostile.html\" "
				     "title=\"&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;\">"
				     "\xe2\x9c\x97 contradicted: hostile</a>"));
	assert_non_null(strstr(page, "<td data-label=\"Moderate\"><a class=\"chip v-supported c3\""));
	assert_non_null(strstr(page, "<td data-label=\"Not graded\"><a class=\"chip v-insufficient c0\""));
	assert_null(strstr(page, "<script>"));
	assert_non_null(strstr(page, "from <code>x.db</code> by evidence 9.9.9"));
	ev_buf_reset(&b);
	ev_site_index(&b, &s);
	page = ev_buf_str(&b);
	assert_non_null(strstr(page, "<li id=\"article-art\"><a href=\"articles/art.html\">&lt;b&gt;Title&lt;/b&gt;</a>"));
	assert_non_null(strstr(page, "<li id=\"topic-t-two\"><a href=\"topics/t-two.html\">t-two</a><p class=\"note\">1 "
				     "claim: 1 supported, 0 mixed, 0 contradicted, 0 insufficient.</p>"));
	assert_non_null(strstr(page, "<p class=\"empty\">No studies.</p>"));
	/* a topic's page: the tally, then each claim with its chip, text,
	 * certainty, studies and article, linked one folder up */
	ev_buf_reset(&b);
	ev_site_topic(&b, &s, &topics[0]);
	page = ev_buf_str(&b);
	assert_non_null(strstr(page, "<title>Evidence on a topic: T one</title>\n<link rel=\"stylesheet\" "
				     "href=\"../style.css\"/>"));
	assert_non_null(strstr(page, "<h1>T one</h1>\n<p class=\"byline\">Topic <code>t-one</code></p>\n"
				     "<p class=\"note\">3 claims: 1 supported, 0 mixed, 1 contradicted, 1 insufficient.</p>"));
	assert_non_null(strstr(page, "<li id=\"claim-hostile\"><a class=\"chip v-contradicted c1\" "
				     "href=\"../claims/hostile.html\""));
	assert_non_null(strstr(page, "<br/>&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;<p class=\"note\">very "
				     "low certainty \xc2\xb7 2 studies \xc2\xb7 article <a href=\"../articles/art.html\"><code>art</code>"
				     "</a></p></li>"));
	assert_non_null(strstr(page, "<br/>A claim.<p class=\"note\">moderate certainty \xc2\xb7 1 study</p></li>"));
	assert_non_null(strstr(page, "<br/>Nothing counts.<p class=\"note\">not graded \xc2\xb7 0 studies \xc2\xb7"));
	assert_null(strstr(page, "<script>"));
	ev_buf_reset(&b);
	ev_site_topic(&b, &s, &(struct ev_site_group){"empty-topic", NULL, NULL, 0});
	assert_non_null(strstr(ev_buf_str(&b), "<p class=\"empty\">No claims.</p>"));
	ev_buf_free(&b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_map_and_index),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}
