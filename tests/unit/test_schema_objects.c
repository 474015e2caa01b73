/*
 * test_schema_objects.c: ev_schema_objects, the list of what the
 * migrations make (built by schema/objects.c), serves twice: the schema
 * check of every writing command compares a database with it, and a new
 * database is made from it instead of by applying each migration. Here
 * the list is compared with what the migrations make now, entry by entry
 * (names, order, and the SQL that creates each object), and a database
 * made from the list with one made by the migrations: the same schema,
 * rows and settings.
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
#include "util.h"

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

static void test_list_is_what_the_migrations_make(void **state)
{
	char path[] = "/tmp/evidence-test-schema-XXXXXX";
	struct ev_db db;
	struct seen s = {0, 0};
	(void)state;
	ev_db_create_by_migrations(1);
	new_database(&db, path);
	ev_db_create_by_migrations(0);
	assert_int_equal(ev_db_schema_list(&db, compare, &s), 0);
	assert_int_equal(s.mismatched, 0);
	/* and the list has nothing more */
	assert_null(ev_schema_objects[s.n].what);
	ev_db_close(&db);
	ev_db_remove_files(path);
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

/* Adds the rows of sql's result on h to b, one line each. */
static void add_rows(struct ev_buf *b, sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);
			ev_buf_addf(b, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
		}
		ev_buf_addc(b, '\n');
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
}

/* The database at path as text: its settings, its schema in creation
 * order (without the pages objects happen to sit on) and every table's
 * rows, shadow and internal tables included. Allocated. */
static char *describe(const char *path)
{
	sqlite3 *h = NULL;
	struct ev_buf b = EV_BUF_INIT;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	add_rows(&b, h,
		 "SELECT 'application_id', application_id FROM pragma_application_id UNION ALL "
		 "SELECT 'user_version', user_version FROM pragma_user_version UNION ALL "
		 "SELECT 'page_size', page_size FROM pragma_page_size UNION ALL "
		 "SELECT 'auto_vacuum', auto_vacuum FROM pragma_auto_vacuum UNION ALL "
		 "SELECT 'encoding', encoding FROM pragma_encoding UNION ALL "
		 "SELECT 'journal_mode', journal_mode FROM pragma_journal_mode");
	add_rows(&b, h, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid");
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
					    &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		ev_buf_addf(&b, "rows of %s:\n", name);
		add_rows(&b, h, sql);
		sqlite3_free(sql);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return ev_buf_take(&b);
}

static void test_new_database_is_the_one_migrations_make(void **state)
{
	char listed_path[] = "/tmp/evidence-test-schema-XXXXXX";
	char migrated_path[] = "/tmp/evidence-test-schema-XXXXXX";
	struct ev_db listed_db, migrated_db;
	(void)state;
	new_database(&listed_db, listed_path);
	ev_db_close(&listed_db);
	ev_db_create_by_migrations(1);
	new_database(&migrated_db, migrated_path);
	ev_db_create_by_migrations(0);
	ev_db_close(&migrated_db);
	char *listed_text = describe(listed_path), *migrated_text = describe(migrated_path);
	assert_string_equal(listed_text, migrated_text);
	/* and the text is a real description: the history triggers are in it */
	assert_non_null(strstr(listed_text, "trigger|studies_history_edit|studies|CREATE TRIGGER"));
	char version[32];
	snprintf(version, sizeof version, "user_version|%d\n", ev_db_schema_latest());
	assert_non_null(strstr(listed_text, version));
	free(listed_text);
	free(migrated_text);
	ev_db_remove_files(listed_path);
	ev_db_remove_files(migrated_path);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_is_what_the_migrations_make),
		cmocka_unit_test(test_list_holds_objects_and_columns),
		cmocka_unit_test(test_new_database_is_the_one_migrations_make),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("schema_objects", tests, NULL, NULL);
}
