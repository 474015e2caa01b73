/*
 * test_keynext.c: the next key candidate per key base (keynext.h): a new
 * base starts at 0, each base keeps its own counter through the table's
 * growth, and the bases are the table's own copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "keynext.h"

static void test_new_base(void **state)
{
	struct ev_keynext k = {0};
	(void)state;
	unsigned *a = ev_keynext_slot(&k, "knapen-2015");
	assert_int_equal(*a, 0);
	*a = 3;
	assert_int_equal(*ev_keynext_slot(&k, "knapen-2015"), 3);
	assert_int_equal(*ev_keynext_slot(&k, "knapen-2013"), 0);
	assert_int_equal(*ev_keynext_slot(&k, "knapen-2015"), 3);
	ev_keynext_free(&k);
	assert_int_equal(*ev_keynext_slot(&k, "knapen-2015"), 0); /* freed: empty, and usable again */
	ev_keynext_free(&k);
}

static void test_copies_base(void **state)
{
	struct ev_keynext k = {0};
	char base[32] = "shea-2009";
	(void)state;
	*ev_keynext_slot(&k, base) = 2;
	snprintf(base, sizeof base, "%s", "other");
	assert_int_equal(*ev_keynext_slot(&k, "shea-2009"), 2);
	assert_int_equal(*ev_keynext_slot(&k, "other"), 0);
	ev_keynext_free(&k);
}

/* Far more bases than the first table holds. */
static void test_growth(void **state)
{
	struct ev_keynext k = {0};
	char base[32];
	(void)state;
	for (unsigned i = 0; i < 3000; i++) {
		snprintf(base, sizeof base, "author-%u", i);
		*ev_keynext_slot(&k, base) = i + 1;
	}
	for (unsigned i = 0; i < 3000; i++) {
		snprintf(base, sizeof base, "author-%u", i);
		assert_int_equal(*ev_keynext_slot(&k, base), i + 1);
	}
	assert_int_equal(k.t.n, 3000);
	ev_keynext_free(&k);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_base),
		cmocka_unit_test(test_copies_base),
		cmocka_unit_test(test_growth),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
