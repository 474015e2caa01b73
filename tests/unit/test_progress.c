/*
 * test_progress.c: the progress line's text for known and unknown totals,
 * fitted to the width; nothing drawn when stderr is not a terminal; file
 * sizes for the percentage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "progress.h"

static void test_unknown_total(void **state)
{
	char buf[256];
	(void)state;
	ev_progress_format(buf, sizeof buf, "import", 1, 0.0, 0, 0, 80);
	assert_string_equal(buf, "import: 1 row");
	/* The rate appears once half a second has passed. */
	ev_progress_format(buf, sizeof buf, "export", 123456, 2.0, 0, 0, 80);
	assert_string_equal(buf, "export: 123,456 rows  61,728 rows/s");
}

static void test_known_total(void **state)
{
	char buf[256];
	(void)state;
	ev_progress_format(buf, sizeof buf, "import", 1, 0.0, 100, 1000, 80);
	assert_string_equal(buf, "import  10% [####....................................] 1 row");
	/* 25% after 4 s: 12 s left; the bar shrinks to keep the line short of
	 * the width. */
	ev_progress_format(buf, sizeof buf, "import", 50000, 4.0, 250, 1000, 80);
	assert_string_equal(buf, "import  25% [######.....................] 50,000 rows  12,500 rows/s  0:12 left");
	assert_int_equal(strlen(buf), 79);
	/* Too narrow for a bar: the numbers alone. */
	ev_progress_format(buf, sizeof buf, "import", 50000, 4.0, 250, 1000, 40);
	assert_string_equal(buf, "import  25% 50,000 rows  12,500 rows/s  0:12 left");
	/* Never past 100%, no time left at the end, and no rate under a
	 * row a second. */
	ev_progress_format(buf, sizeof buf, "import", 7, 9.0, 2000, 1000, 60);
	assert_string_equal(buf, "import 100% [######################################] 7 rows");
}

static void test_long_operations_show_hours(void **state)
{
	char buf[256];
	(void)state;
	ev_progress_format(buf, sizeof buf, "export", 10, 3600.0, 1, 3, 50);
	assert_string_equal(buf, "export  33% [####.........] 10 rows  2:00:00 left");
}

static void test_silent_when_stderr_is_not_a_terminal(void **state)
{
	(void)state;
	/* stderr goes to a file: the line must not be drawn at all. */
	FILE *capture = tmpfile();
	assert_non_null(capture);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	dup2(fileno(capture), STDERR_FILENO);
	ev_progress_begin("import", EV_PROGRESS_ROWS, 10);
	for (int i = 0; i < 100; i++)
		ev_progress_row();
	ev_progress_end();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	assert_int_equal(ev_file_size(capture), 0);
	fclose(capture);
}

static void test_file_size(void **state)
{
	int fds[2];
	(void)state;
	FILE *fp = tmpfile();
	fputs("key,title\n", fp);
	fflush(fp);
	assert_int_equal(ev_file_size(fp), 10);
	fclose(fp);
	/* A pipe has no size to show a percentage of. */
	assert_int_equal(pipe(fds), 0);
	fp = fdopen(fds[0], "r");
	assert_int_equal(ev_file_size(fp), 0);
	fclose(fp);
	close(fds[1]);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_total),
		cmocka_unit_test(test_known_total),
		cmocka_unit_test(test_long_operations_show_hours),
		cmocka_unit_test(test_silent_when_stderr_is_not_a_terminal),
		cmocka_unit_test(test_file_size),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
