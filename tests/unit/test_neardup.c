/*
 * test_neardup.c: the index of studies by first author and year behind
 * import's near-duplicate warning (neardup.h): a study is found under its
 * first author's family name and its year only, namesakes come oldest
 * first, and studies without an author or a title are left out.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "neardup.h"

static void test_empty(void **state)
{
	struct ev_neardup d = {0};
	size_t n = 99;
	(void)state;
	assert_null(ev_neardup_namesakes(&d, "doe", 2020, &n));
	assert_int_equal(n, 0);
	ev_neardup_free(&d);
}

static void test_groups(void **state)
{
	struct ev_neardup d = {0};
	size_t n;
	(void)state;
	ev_neardup_put(&d, "doe-2020", "Doe J, Roe R", "A cohort study of many things", 2020);
	ev_neardup_put(&d, "doe-2020-b", "Doe JA", "Another cohort study", 2020);
	ev_neardup_put(&d, "doe-2021", "Doe J", "A cohort study of many things", 2021);
	ev_neardup_put(&d, "roe-2020", "Roe R, Doe J", "A cohort study of many things", 2020);
	ev_neardup_put(&d, "no-title", "Doe J", NULL, 2020);
	ev_neardup_put(&d, "no-author", "et al.", "A cohort study of many things", 2020);
	const struct ev_namesake *v = ev_neardup_namesakes(&d, "doe", 2020, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].key, "doe-2020");
	assert_string_equal(v[1].key, "doe-2020-b");
	struct ev_title_words *w = ev_title_words_new("A cohort study of many things");
	assert_true(ev_title_words_similarity(v[0].title, w, 0) == 1.0);
	ev_title_words_free(w);
	v = ev_neardup_namesakes(&d, "doe", 2021, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].key, "doe-2021");
	v = ev_neardup_namesakes(&d, "roe", 2020, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].key, "roe-2020");
	assert_null(ev_neardup_namesakes(&d, "doe", 2019, &n));
	ev_neardup_free(&d);
	assert_null(ev_neardup_namesakes(&d, "doe", 2020, &n)); /* freed: empty */
}

/* Many groups: the buckets are rehashed, and every study stays in its group. */
static void test_growth(void **state)
{
	struct ev_neardup d = {0};
	char family[32], key[32];
	size_t n;
	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(family, sizeof family, "author%d", i % 2500);
		snprintf(key, sizeof key, "k%d", i);
		ev_neardup_add(&d, key, family, ev_title_words_new("a title"), 2000 + i % 2);
	}
	for (int i = 0; i < 2500; i++) {
		snprintf(family, sizeof family, "author%d", i);
		snprintf(key, sizeof key, "k%d", i);
		const struct ev_namesake *v = ev_neardup_namesakes(&d, family, 2000 + i % 2, &n);
		assert_int_equal(n, 2);
		assert_string_equal(v[0].key, key);
		assert_null(ev_neardup_namesakes(&d, family, 2000 + (i + 1) % 2, &n));
	}
	ev_neardup_free(&d);
}

int main(int argc, char **argv)
{
	/* As main.c: letters outside ASCII are classed under a UTF-8 locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_growth),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
