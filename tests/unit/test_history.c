/*
 * test_history.c: the history triggers and the change sets of db.c, on a
 * real database file: what one transaction records, and what it must not
 * (nothing for a change undone within it, nothing for a rollback, nothing
 * outside a transaction).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "model.h"
#include "model_history.h"

struct fixture {
	char dir[64];
	char path[96];
	struct ev_db db;
};

static void ignore(void *ud, const char *column, const char *message)
{
	(void)ud;
	fail_msg("unexpected problem: %s: %s", column, message);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/evidence-test-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if (ev_db_open(&f->db, f->path, EV_DB_CREATE))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[128];
	ev_db_close(&f->db);
	const char *const suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t one(struct ev_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *text(struct ev_db *db, const char *sql)
{
	static char buf[256];
	sqlite3_stmt *st = NULL;
	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* Writes claim c1 with these topics, as import would. */
static void put_claim(struct ev_db *db, const char *topics)
{
	struct ev_record r = {0};
	enum ev_change change;
	int64_t id;
	ev_record_reset(&r, EV_CLAIM);
	assert_int_equal(ev_validate_field(&r, 0, "c1", 2, ignore, NULL), 0);
	assert_int_equal(ev_validate_field(&r, 2, topics, strlen(topics), ignore, NULL), 0);
	assert_int_equal(ev_validate_field(&r, 3, "A claim", 7, ignore, NULL), 0);
	assert_int_equal(ev_model_upsert(db, &r, NULL, &change, &id, ignore, NULL), 0);
	ev_record_free(&r);
}

static void test_origin(void **state)
{
	char *argv[] = {"/usr/local/bin/evidence", "edit", "study", "k", "--notes", "it's", "", "a b", NULL};
	(void)state;
	ev_db_set_origin(8, argv);
	assert_string_equal(ev_db_origin_command(), "evidence edit study k --notes 'it'\\''s' '' 'a b'");
}

static void test_outside_transaction_refused(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;
	assert_int_not_equal(sqlite3_exec(f->db.h, "INSERT INTO articles(key, title) VALUES ('a', 'T')", NULL, NULL, &err),
			     SQLITE_OK);
	assert_non_null(strstr(err, "outside a transaction"));
	sqlite3_free(err);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM articles"), 0);
}

static void test_change_sets(void **state)
{
	struct fixture *f = *state;
	char *argv[] = {"evidence", "test", NULL};
	ev_db_set_origin(2, argv);
	/* A transaction that changes nothing records nothing. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	assert_int_equal(ev_db_change(&f->db), 0);
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM changes"), 0);
	/* A rolled-back one leaves no trace, and its id is free again. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "a;b");
	assert_int_equal(ev_db_change(&f->db), 1);
	ev_db_rollback(&f->db);
	assert_int_equal(ev_db_change(&f->db), 0);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM history"), 0);
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "a;b");
	assert_int_equal(ev_db_change(&f->db), 1);
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM changes"), 1);
	assert_string_equal(text(&f->db, "SELECT command FROM changes WHERE id = 1"), "evidence test");
	/* An addition is one row, an event: its values are the row's own
	 * while it is unchanged, and history_full gives them as a JSON
	 * object. */
	assert_string_equal(text(&f->db, "SELECT action || ' ' || field || ' ' || json_extract(new, '$.key') || ' ' || "
					  "json_extract(new, '$.topics') || ' ' || json_extract(new, '$.text') FROM "
					  "history_full WHERE change_id = 1"),
			    "add * c1 a;b A claim");
	assert_int_equal(one(&f->db, "SELECT count(*) FROM history WHERE change_id = 1 AND new IS NULL"), 1);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM history WHERE change_id = 1"), 1);
}

static void test_topics(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "a;b");
	assert_int_equal(ev_db_commit(&f->db), 0);
	/* The list is one field of the claim: one row, from the old to the new. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "a;b;c");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_string_equal(text(&f->db, "SELECT action || ' ' || field || ' ' || old || ' -> ' || new FROM history "
					  "WHERE change_id = 2"),
			    "edit topics a;b -> a;b;c");
	assert_int_equal(one(&f->db, "SELECT count(*) FROM history WHERE change_id = 2"), 1);
	/* Order is part of the value. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "c;b;a");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_string_equal(text(&f->db, "SELECT old || ' -> ' || new FROM history WHERE change_id = 3"),
			    "a;b;c -> c;b;a");
	/* Changed and changed back within one transaction: both changes, in order. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "d");
	put_claim(&f->db, "c;b;a");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_string_equal(text(&f->db, "SELECT group_concat(old || ' -> ' || new, ', ') FROM (SELECT old, new FROM "
					  "history WHERE change_id = 4 ORDER BY id)"),
			    "c;b;a -> d, d -> c;b;a");
	/* Unchanged: nothing. */
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "c;b;a");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_int_equal(one(&f->db, "SELECT count(*) FROM changes"), 4);
}

static void test_read(void **state)
{
	struct fixture *f = *state;
	struct ev_history h;
	struct ev_history_filter all = {NULL, -1, 0, 0, 0}, key = {"c1", EV_CLAIM, 1, 0, 0};
	char buf[64];
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "a");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_int_equal(ev_db_begin(&f->db), 0);
	put_claim(&f->db, "b");
	assert_int_equal(ev_db_commit(&f->db), 0);
	assert_int_equal(ev_history_read(&f->db, &all, &h), 0);
	/* Newest first; the added claim's topics in column order (third). */
	assert_int_equal(h.n, 4);
	assert_int_equal(h.v[0].change, 2);
	assert_string_equal(h.v[1].field, "key");
	assert_string_equal(h.v[2].field, "topics");
	assert_string_equal(h.v[3].field, "text");
	assert_int_equal(h.v[3].row_start, 1);
	assert_null(ev_hist_value_text(&h.v[1], &h.v[1].old, buf, sizeof buf));
	ev_history_free(&h);
	assert_int_equal(ev_history_read(&f->db, &key, &h), 0);
	assert_int_equal(h.n, 1);
	assert_string_equal(ev_hist_value_text(&h.v[0], &h.v[0].new, buf, sizeof buf), "b");
	ev_history_free(&h);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_origin),
		cmocka_unit_test_setup_teardown(test_outside_transaction_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
