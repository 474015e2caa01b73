/*
 * test_views.c: the SQL views of schema/002-views.sql restate parts of the
 * grading rule for sqlite3 and Datasette users; here the design levels are
 * checked against the C rule they restate (the CLI tests compare the other
 * views with the program's answers on the bundled data).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db.h"
#include "domain.h"

static void test_design_levels_match_the_rule(void **state)
{
	char path[] = "/tmp/evidence-test-views-XXXXXX";
	struct ev_db db;
	(void)state;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* ev_db_open creates it */
	assert_int_equal(ev_db_open(&db, path, EV_DB_CREATE), 0);
	int n = 0;
	for (int d = 0; d < EV_DESIGN_COUNT; d++) {
		sqlite3_stmt *st = ev_db_stmt(&db, "SELECT level FROM design_levels WHERE design = ?1");
		assert_non_null(st);
		ev_bind_text(st, 1, ev_design_names[d]);
		assert_int_equal(ev_db_step(&db, st, "reading"), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), ev_design_level((enum ev_design)d));
		n++;
	}
	/* and no design the program does not know */
	sqlite3_stmt *st = ev_db_stmt(&db, "SELECT count(*) FROM design_levels");
	assert_int_equal(ev_db_step(&db, st, "counting"), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), n);
	sqlite3_reset(st);
	ev_db_close(&db);
	char side[64];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_levels_match_the_rule),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("views", tests, NULL, NULL);
}
