/*
 * test_claimreview.c: the ClaimReview rating scale, date checks and the
 * JSON-LD shape (claimreview.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "claimreview.h"

static void rating_is(enum ev_verdict v, int certainty, int value, const char *name)
{
	char buf[96];
	assert_int_equal(ev_claimreview_rating(v, certainty, buf, sizeof buf), value);
	assert_string_equal(buf, name);
}

static void test_scale(void **state)
{
	(void)state;
	rating_is(EV_SUPPORTED, 4, 5, "Supported, high certainty");
	rating_is(EV_SUPPORTED, 3, 4, "Supported, moderate certainty");
	rating_is(EV_SUPPORTED, 2, 4, "Supported, low certainty");
	rating_is(EV_SUPPORTED, 1, 3, "Supported, very low certainty");
	rating_is(EV_MIXED, 4, 3, "Mixed evidence, high certainty");
	rating_is(EV_MIXED, 3, 3, "Mixed evidence, moderate certainty");
	rating_is(EV_CONTRADICTED, 1, 3, "Contradicted, very low certainty");
	rating_is(EV_CONTRADICTED, 2, 2, "Contradicted, low certainty");
	rating_is(EV_CONTRADICTED, 3, 2, "Contradicted, moderate certainty");
	rating_is(EV_CONTRADICTED, 4, 1, "Contradicted, high certainty");
	rating_is(EV_INSUFFICIENT, 0, 0, "Insufficient evidence");
}

/* A review's url: http(s), something after the scheme, no spaces. */
static void test_urls(void **state)
{
	(void)state;
	assert_true(ev_claimreview_url_ok("https://example.org/checks/k2"));
	assert_true(ev_claimreview_url_ok("http://example.org"));
	assert_true(ev_claimreview_url_ok("https://example.org/caf\xc3\xa9"));
	assert_false(ev_claimreview_url_ok("https://"));
	assert_false(ev_claimreview_url_ok("ftp://example.org"));
	assert_false(ev_claimreview_url_ok("javascript:alert(1)"));
	assert_false(ev_claimreview_url_ok("https://example.org/a b"));
	assert_false(ev_claimreview_url_ok("https://example.org/\n"));
	assert_false(ev_claimreview_url_ok("HTTPS://example.org"));
	assert_false(ev_claimreview_url_ok(""));
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(ev_claimreview_date_ok("2025-11-01"));
	assert_true(ev_claimreview_date_ok("2024-02-29"));
	assert_true(ev_claimreview_date_ok("2000-02-29"));
	assert_false(ev_claimreview_date_ok("1900-02-29"));
	assert_false(ev_claimreview_date_ok("2023-02-29"));
	assert_false(ev_claimreview_date_ok("2025-04-31"));
	assert_false(ev_claimreview_date_ok("2025-13-01"));
	assert_false(ev_claimreview_date_ok("2025-1-01"));
	assert_false(ev_claimreview_date_ok("2025/11/01"));
	assert_false(ev_claimreview_date_ok("2025-11-01T00:00"));
	assert_false(ev_claimreview_date_ok(""));
	assert_false(ev_claimreview_date_ok(NULL));
}

static void set(struct ev_record *r, enum ev_kind k, const char *field, const char *value)
{
	ev_record_set_text(r, ev_field_index(k, field), value, strlen(value));
}

static const char *str(json_t *o, const char *path)
{
	/* A dotted path through objects; "[N]" picks an array element. */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *cur = o;
	for (char *p = strtok(buf, "."); p && cur; p = strtok(NULL, ".")) {
		if (*p == '[')
			cur = json_array_get(cur, (size_t)strtoul(p + 1, NULL, 10));
		else
			cur = json_object_get(cur, p);
	}
	return json_is_string(cur) ? json_string_value(cur) : NULL; /* (false for NULL) */
}

static void test_build(void **state)
{
	(void)state;
	struct ev_record art = {0}, study = {0};
	struct ev_assessment a[2];
	memset(a, 0, sizeof a);
	ev_record_reset(&art, EV_ARTICLE);
	set(&art, EV_ARTICLE, "key", "zest");
	set(&art, EV_ARTICLE, "title", "Can Zestberry Ease Knee Pain?");
	set(&art, EV_ARTICLE, "author", "Test Writer");
	set(&art, EV_ARTICLE, "url", "https://example.org/zest");
	set(&art, EV_ARTICLE, "published", "2024-05-01");
	ev_record_reset(&study, EV_STUDY);
	set(&study, EV_STUDY, "key", "brightwater-2019");
	set(&study, EV_STUDY, "title", "The BRIGHTWATER trial");
	set(&study, EV_STUDY, "doi", "10.5555/fictional.1");
	ev_record_set_int(&study, ev_field_index(EV_STUDY, "pmid"), 90000302);
	ev_record_set_int(&study, ev_field_index(EV_STUDY, "year"), 2019);
	for (int i = 0; i < 2; i++) {
		ev_record_reset(&a[i].claim, EV_CLAIM);
		set(&a[i].claim, EV_CLAIM, "key", i ? "zest-memory" : "zest-knees");
		set(&a[i].claim, EV_CLAIM, "text", i ? "Zestberry sharpens memory." : "Zestberry eases knee pain.");
	}
	a[0].grade.verdict = EV_SUPPORTED;
	a[0].grade.certainty = 3;
	a[0].grade.nsteps = 2;
	a[0].grade.steps[0].applies = 1;
	a[0].grade.steps[0].text = ev_xstrdup("top tier: 1 rct link");
	a[0].grade.steps[1].applies = 1;
	a[0].grade.steps[1].text = ev_xstrdup("verdict supported");
	a[1].grade.verdict = EV_INSUFFICIENT;
	a[1].grade.nsteps = 1;
	a[1].grade.steps[0].applies = 1;
	a[1].grade.steps[0].text = ev_xstrdup("no countable link");
	const struct ev_record *studies[] = {&study};
	struct ev_cr_claim claims[] = {{&a[0], studies, 1}, {&a[1], NULL, 0}};
	struct ev_cr_options opt = {"Example Desk", 0, "https://example.org", "2025-11-01", "https://example.org/checks/zest"};

	json_t *doc = ev_claimreview_build(&art, claims, 2, &opt);
	assert_string_equal(str(doc, "@context"), "https://schema.org");
	json_t *g = json_object_get(doc, "@graph");
	assert_int_equal(json_array_size(g), 2);
	json_t *r = json_array_get(g, 0);
	assert_string_equal(str(r, "@type"), "ClaimReview");
	assert_string_equal(str(r, "url"), "https://example.org/checks/zest#claim-zest-knees");
	assert_string_equal(str(r, "claimReviewed"), "Zestberry eases knee pain.");
	assert_string_equal(str(r, "itemReviewed.@type"), "Claim");
	assert_string_equal(str(r, "itemReviewed.author.name"), "Test Writer");
	assert_string_equal(str(r, "itemReviewed.datePublished"), "2024-05-01");
	assert_string_equal(str(r, "itemReviewed.appearance.@type"), "Article");
	assert_string_equal(str(r, "itemReviewed.appearance.url"), "https://example.org/zest");
	assert_string_equal(str(r, "itemReviewed.appearance.headline"), "Can Zestberry Ease Knee Pain?");
	assert_string_equal(str(r, "author.@type"), "Organization");
	assert_string_equal(str(r, "author.name"), "Example Desk");
	assert_string_equal(str(r, "author.url"), "https://example.org");
	assert_string_equal(str(r, "datePublished"), "2025-11-01");
	json_t *rating = json_object_get(r, "reviewRating");
	assert_int_equal(json_integer_value(json_object_get(rating, "ratingValue")), 4);
	assert_int_equal(json_integer_value(json_object_get(rating, "bestRating")), 5);
	assert_int_equal(json_integer_value(json_object_get(rating, "worstRating")), 1);
	assert_string_equal(str(rating, "alternateName"), "Supported, moderate certainty");
	assert_string_equal(str(rating, "ratingExplanation"), "top tier: 1 rct link; verdict supported");
	assert_string_equal(str(r, "citation.[0].@type"), "ScholarlyArticle");
	assert_string_equal(str(r, "citation.[0].url"), "https://doi.org/10.5555/fictional.1");
	assert_string_equal(str(r, "citation.[0].sameAs"), "https://pubmed.ncbi.nlm.nih.gov/90000302/");
	assert_string_equal(str(r, "citation.[0].datePublished"), "2019");
	assert_string_equal(str(r, "citation.[0].identifier.[0].propertyID"), "DOI");
	assert_string_equal(str(r, "citation.[0].identifier.[1].value"), "90000302");

	/* Insufficient evidence: words, no number. */
	r = json_array_get(g, 1);
	rating = json_object_get(r, "reviewRating");
	assert_string_equal(str(rating, "alternateName"), "Insufficient evidence");
	assert_null(json_object_get(rating, "ratingValue"));
	assert_null(json_object_get(rating, "bestRating"));
	assert_null(json_object_get(r, "citation"));
	json_decref(doc);

	/* No reviewer and no page: no author, no url. */
	struct ev_cr_options bare = {NULL, 0, NULL, "2025-11-01", NULL};
	doc = ev_claimreview_build(&art, claims, 1, &bare);
	r = json_array_get(json_object_get(doc, "@graph"), 0);
	assert_null(json_object_get(r, "author"));
	assert_null(json_object_get(r, "url"));
	json_decref(doc);

	for (int i = 0; i < 2; i++) {
		ev_record_free(&a[i].claim);
		ev_grade_free(&a[i].grade);
	}
	ev_record_free(&art);
	ev_record_free(&study);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_build),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
