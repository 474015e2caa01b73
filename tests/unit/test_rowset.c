/*
 * test_rowset.c: the set of row ids with which import catches a key given
 * twice in one call (rowset.h): ids next to each other, in different
 * chunks and far apart stay apart, through the table's growth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rowset.h"

static void test_empty(void **state)
{
	struct ev_rowset s = {0};
	(void)state;
	assert_int_equal(ev_rowset_has(&s, 1), 0);
	ev_rowset_free(&s);
}

static void test_add_twice(void **state)
{
	struct ev_rowset s = {0};
	(void)state;
	assert_int_equal(ev_rowset_add(&s, 42), 0);
	assert_int_equal(ev_rowset_add(&s, 42), 1);
	assert_int_equal(ev_rowset_has(&s, 42), 1);
	assert_int_equal(ev_rowset_has(&s, 41), 0);
	assert_int_equal(ev_rowset_has(&s, 43), 0);
	ev_rowset_free(&s);
	assert_int_equal(ev_rowset_has(&s, 42), 0); /* freed: empty, and usable again */
	assert_int_equal(ev_rowset_add(&s, 42), 0);
	ev_rowset_free(&s);
}

/* Either side of a 64-bit word and of a 64 Ki-row chunk, and ids as far
 * apart as a table's rowids can be. */
static void test_edges(void **state)
{
	static const int64_t ids[] = {1, 63, 64, 65, 65535, 65536, 65537, 131072, (int64_t)1 << 40, INT64_MAX};
	struct ev_rowset s = {0};
	(void)state;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		assert_int_equal(ev_rowset_has(&s, ids[i]), 0);
		assert_int_equal(ev_rowset_add(&s, ids[i]), 0);
	}
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		assert_int_equal(ev_rowset_has(&s, ids[i]), 1);
		assert_int_equal(ev_rowset_add(&s, ids[i]), 1);
	}
	assert_int_equal(ev_rowset_has(&s, 62), 0);
	assert_int_equal(ev_rowset_has(&s, 66), 0);
	assert_int_equal(ev_rowset_has(&s, 65534), 0);
	assert_int_equal(ev_rowset_has(&s, ((int64_t)1 << 40) + 1), 0);
	ev_rowset_free(&s);
}

/* Thousands of chunks: the table grows many times and keeps every id. */
static void test_growth(void **state)
{
	struct ev_rowset s = {0};
	(void)state;
	for (int64_t i = 1; i <= 5000; i++)
		assert_int_equal(ev_rowset_add(&s, i * 100003), 0);
	for (int64_t i = 1; i <= 5000; i++) {
		assert_int_equal(ev_rowset_has(&s, i * 100003), 1);
		assert_int_equal(ev_rowset_has(&s, i * 100003 + 1), 0);
	}
	ev_rowset_free(&s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_twice),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_growth),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
