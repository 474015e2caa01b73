/*
 * test_schema_objects.c: the schema check of every writing command
 * compares a database with ev_schema_objects, the list the build makes
 * (schema/objects.c). Here that list is compared with what the migrations
 * make in a new database now, entry by entry: names, order and the SQL
 * that init uses to restore an object another program removed.
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

struct seen {
	int n;
	int mismatched; /* first entry that differs, 1-based; 0 none */
};

static int same(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

static void compare(void *ud, const char *what, const char *sql)
{
	struct seen *s = ud;
	const struct ev_schema_object *o = &ev_schema_objects[s->n];
	/* past the list's end o->what is NULL, so that counts as a mismatch */
	if (!s->mismatched && (!o->what || !same(o->what, what) || !same(o->sql, sql))) {
		s->mismatched = s->n + 1;
		print_message("differs at %d: built %s, now %s\n", s->n + 1, o->what ? o->what : "(end)", what);
	}
	if (o->what)
		s->n++;
}

/* A new database made by ev_db_open, in a temporary file. */
static void new_database(struct ev_db *db, char *path)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* ev_db_open creates it */
	assert_int_equal(ev_db_open(db, path, EV_DB_CREATE), 0);
}

static void remove_database(struct ev_db *db, const char *path)
{
	char side[64];
	ev_db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static void test_list_is_what_the_migrations_make(void **state)
{
	char path[] = "/tmp/evidence-test-schema-XXXXXX";
	struct ev_db db;
	struct seen s = {0, 0};
	(void)state;
	new_database(&db, path);
	assert_int_equal(ev_db_schema_list(&db, compare, &s), 0);
	assert_int_equal(s.mismatched, 0);
	/* and the list has nothing more */
	assert_null(ev_schema_objects[s.n].what);
	remove_database(&db, path);
}

static int listed(const char *what, const char *sql_start)
{
	for (const struct ev_schema_object *o = ev_schema_objects; o->what; o++)
		if (strcmp(o->what, what) == 0)
			return sql_start ? o->sql && strncmp(o->sql, sql_start, strlen(sql_start)) == 0 : !o->sql;
	return 0;
}

/* Written out by hand: the kinds of entry, and SQL that survived the
 * generator's C escaping (tabs, newlines, quotes). */
static void test_list_holds_objects_and_columns(void **state)
{
	(void)state;
	assert_true(listed("table 'studies'", "CREATE TABLE studies (\n\tid "));
	assert_true(listed("trigger 'articles_history_edit'", "CREATE TRIGGER articles_history_edit"));
	assert_true(listed("view 'design_levels'", "CREATE VIEW design_levels"));
	assert_true(listed("column 'studies.doi'", NULL));
	assert_false(listed("column 'studies.nonesuch'", NULL));
	/* objects first, then columns */
	int columns = 0;
	for (const struct ev_schema_object *o = ev_schema_objects; o->what; o++) {
		if (strncmp(o->what, "column '", 8) == 0)
			columns = 1;
		else
			assert_false(columns);
	}
	assert_true(columns);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_is_what_the_migrations_make),
		cmocka_unit_test(test_list_holds_objects_and_columns),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("schema_objects", tests, NULL, NULL);
}
