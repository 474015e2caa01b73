/*
 * test_html.c: the HTML report's pure parts: dates, DOI links, and a page
 * built from a hand-made claim full of hostile text, which must come out
 * escaped everywhere (the golden page in tests/data/plot/small pins the
 * whole layout through tests/cli/html.bats).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "html.h"

static void test_date(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(ev_html_date("2025-10-23", buf, sizeof buf), "23 October 2025");
	assert_string_equal(ev_html_date("2024-02-29", buf, sizeof buf), "29 February 2024");
	assert_null(ev_html_date("2025-13-01", buf, sizeof buf));
	assert_null(ev_html_date("2025-1-1", buf, sizeof buf));
	assert_null(ev_html_date("2025-10-23x", buf, sizeof buf));
	assert_null(ev_html_date(NULL, buf, sizeof buf));
}

static void doi(const char *in, const char *want)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_html_doi_url(&b, in);
	assert_string_equal(ev_buf_str(&b), want);
	ev_buf_free(&b);
}

static void test_doi_url(void **state)
{
	(void)state;
	doi("10.5555/134.11.3100", "https://doi.org/10.5555/134.11.3100");
	doi("10.5555/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E",
	    "https://doi.org/10.5555/(SICI)1097-0258(19980430)17:8%3C857::AID-SIM777%3E3.0.CO;2-E");
	doi("10.5555/a\"b' c#d?e&f", "https://doi.org/10.5555/a%22b%27%20c%23d%3Fe%26f");
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void set(struct ev_record *r, const char *name, const char *value)
{
	ev_record_set_text(r, ev_field_index(r->kind, name), value, strlen(value));
}

static void test_hostile_page(void **state)
{
	(void)state;
	static const char evil[] = "<script>alert(1)</script>\"' onmouseover=alert(2) x='";
	struct ev_record art = {0}, study = {0};
	struct ev_assessment a;
	memset(&a, 0, sizeof a);
	ev_record_reset(&art, EV_ARTICLE);
	set(&art, "key", "art");
	set(&art, "title", evil);
	set(&art, "author", evil);
	set(&art, "url", "javascript:alert(3)");
	set(&art, "published", "2025-10-23");
	ev_record_reset(&a.claim, EV_CLAIM);
	set(&a.claim, "key", "c1");
	set(&a.claim, "text", evil);
	set(&a.claim, "quote", evil);
	set(&a.claim, "notes", evil);
	set(&a.claim, "stated_study", evil);
	ev_record_reset(&study, EV_STUDY);
	set(&study, "key", "s-2001");
	set(&study, "title", evil);
	set(&study, "authors", evil);
	set(&study, "journal", evil);
	set(&study, "doi", "10.5555/<x>\"&");
	set(&study, "status", "verified");

	struct ev_link l[2];
	memset(l, 0, sizeof l);
	for (int i = 0; i < 2; i++) {
		l[i].study_id = 1;
		l[i].study = "s-2001";
		l[i].year = 2001;
		l[i].design = EV_DESIGN_RCT;
		l[i].direction = EV_SUPPORTS;
		l[i].status = EV_VERIFIED;
		l[i].outcome = evil;
		l[i].notes = evil;
	}
	l[0].measure = EV_OR;
	l[0].has_estimate = l[0].has_ci = 1;
	l[0].estimate = 1.5;
	l[0].ci_low = 1.1;
	l[0].ci_high = 2.0;
	l[1].measure = EV_MEASURE_NONE;
	a.links.v = l;
	a.links.n = 2;
	ev_grade(l, 2, &a.grade);

	struct ev_html_doc d = {&art, NULL, &a, 1, &study, 1, "2026-01-01T09:05:00Z", "my.db", "9.9.9", NULL, 0};
	struct ev_buf b = EV_BUF_INIT;
	ev_html_report(&b, &d);
	/* The one script is the head's JSON-LD: its text has no '<', '>' or
	 * '&' (each is a \u escape in a JSON string), parses, and holds the
	 * claim's text as it was. The rest of the page is checked without it. */
	static const char open[] = "<script type=\"application/ld+json\">";
	char *page = ev_buf_take(&b), *js = strstr(page, open), *end = js ? strstr(js, "</script>\n") : NULL;
	assert_non_null(end);
	if (!end) /* (for the static analyser, which does not know cmocka stops here) */
		return;
	assert_int_equal(count(page, "<script"), 1);
	assert_true(strstr(page, "</head>") > end);
	*end = '\0';
	js += strlen(open);
	assert_null(strpbrk(js, "<>&"));
	json_error_t err;
	json_t *ld = json_loads(js, 0, &err);
	assert_non_null(ld);
	json_t *review = json_array_get(json_object_get(ld, "@graph"), 0);
	assert_string_equal(json_string_value(json_object_get(review, "@type")), "ClaimReview");
	assert_string_equal(json_string_value(json_object_get(review, "claimReviewed")), evil);
	assert_string_equal(json_string_value(json_object_get(review, "datePublished")), "2026-01-01");
	json_decref(ld);
	js[-strlen(open)] = '\0';
	ev_buf_adds(&b, page);
	ev_buf_adds(&b, end + strlen("</script>\n"));
	free(page);
	const char *s = ev_buf_str(&b);
	assert_true(strncmp(s, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	assert_non_null(strstr(s, "<meta charset=\"utf-8\"/>"));
	assert_non_null(strstr(s, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"));
	assert_non_null(strstr(s, "prefers-color-scheme:dark"));
	assert_non_null(strstr(s, "@media print"));
	/* No hostile text survives unescaped, in text or attributes. */
	assert_int_equal(count(s, "<script"), 0);
	assert_int_equal(count(s, "onmouseover=alert(2) x='"), 0);
	assert_int_equal(count(s, "\"' onmouseover"), 0);
	assert_true(count(s, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=alert(2) x=&#39;") >= 9);
	/* A stored URL that is not http(s) is text, never a link. */
	assert_null(strstr(s, "href=\"javascript:"));
	assert_non_null(strstr(s, "javascript:alert(3)"));
	assert_non_null(strstr(s, "href=\"https://doi.org/10.5555/%3Cx%3E%22%26\""));
	assert_non_null(strstr(s, "<time datetime=\"2025-10-23\">23 October 2025</time>"));
	/* One claim section with one badge; the study is reference 1. */
	assert_int_equal(count(s, "<section class=\"claim\" id=\"claim-c1\""), 1);
	assert_int_equal(count(s, "class=\"badge "), 1);
	assert_non_null(strstr(s, "<li id=\"ref-s-2001\">"));
	assert_non_null(strstr(s, "<a href=\"#ref-s-2001\">s-2001</a> <sup>[1]</sup>"));
	assert_int_equal(count(s, "<svg xmlns"), 1);
	assert_non_null(strstr(s, "<th scope=\"col\" role=\"columnheader\">Study</th>"));
	assert_non_null(strstr(s, "<th scope=\"row\" role=\"rowheader\">"));
	/* Cells name their column, escaped like everything else: the
	 * studies table's two and the Summary of Findings' one. */
	assert_int_equal(count(s, "data-label=\"Outcome\">&lt;script&gt;"), 3);
	assert_int_equal(count(s, "<tr role=\"row\"><td role=\"cell\" data-label=\"Outcome\">&lt;script&gt;"), 1);
	assert_non_null(strstr(s, "<footer class=\"about\"><p class=\"generated\">Generated <time "
				  "datetime=\"2026-01-01T09:05:00Z\">1 January 2026, 09:05 UTC</time> from <code>my.db</code> "
				  "by evidence 9.9.9.</p>"));
	ev_buf_free(&b);
	ev_grade_free(&a.grade);
	ev_record_free(&art);
	ev_record_free(&study);
	ev_record_free(&a.claim);
}

/* A topic page: its key in words as the title, the key beside it; no
 * footer line when the doc says nothing about its making; no JSON-LD
 * without claims. */
static void test_topic_page(void **state)
{
	(void)state;
	struct ev_html_doc d = {NULL, "arterial-calcification-2", NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, 0};
	struct ev_buf b = EV_BUF_INIT;
	ev_html_report(&b, &d);
	const char *s = ev_buf_str(&b);
	assert_non_null(strstr(s, "<title>Evidence on a topic: Arterial calcification 2</title>"));
	assert_non_null(strstr(s, "<h1>Arterial calcification 2</h1>\n<p class=\"byline\">Topic "
				  "<code>arterial-calcification-2</code></p>"));
	assert_null(strstr(s, "class=\"generated\""));
	assert_null(strstr(s, "<script"));
	ev_buf_free(&b);
	/* Only what is known is said. */
	d.database = "x.db";
	ev_html_report(&b, &d);
	assert_non_null(strstr(ev_buf_str(&b), "<p class=\"generated\">Generated from <code>x.db</code>.</p>"));
	ev_buf_free(&b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_doi_url),
		cmocka_unit_test(test_hostile_page),
		cmocka_unit_test(test_topic_page),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
