/*
 * test_plans.c: every statement `query` and `export` run is answered
 * through an index, and so is import's check for a title already there.
 * The commands' own read paths run against a small database with the plan
 * hook of db.h on, and each plan SQLite chose is checked with EXPLAIN
 * QUERY PLAN: no step may read a whole table, or a query over a million
 * studies would read them all. Without sqlite_stat1 (evidence never runs
 * ANALYZE) SQLite plans the same way whatever the size of the tables, so a
 * small database shows the plans of a large one.
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

#include "assess.h"
#include "db.h"
#include "model.h"
#include "model_export.h"
#include "model_pubmed.h"
#include "model_query.h"
#include "util.h"

/* The plans seen: every line, and the whole-table scans among them. */
struct plans {
	struct ev_buf all;
	struct ev_buf scans;
	int statements;
	const char *last;
};

static void on_plan(void *ud, const char *sql, int depth, const char *detail)
{
	struct plans *p = ud;
	if (sql != p->last)
		p->statements++;
	p->last = sql;
	ev_buf_addf(&p->all, "%*s%s\n", 2 * depth, "", detail);
	if (ev_plan_scans_table(detail))
		ev_buf_addf(&p->scans, "%s\n  in: %s\n", detail, sql);
}

struct fixture {
	char dir[64];
	char path[128];
	struct ev_db db;
	struct plans plans;
};

/* Two articles, three studies, three claims on two topics, links. */
static int setup(void **state)
{
	struct fixture *f = ev_xcalloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/ev-plans-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/plans.db", f->dir);
	ev_quiet = 1;
	assert_int_equal(ev_db_open(&f->db, f->path, EV_DB_CREATE), 0);
	/* in a transaction, as every writing command does */
	assert_int_equal(ev_db_begin(&f->db), 0);
	assert_int_equal(
		ev_db_exec(&f->db,
			   "INSERT INTO articles(key, title) VALUES ('a1', 'A'), ('a2', 'B');"
			   "INSERT INTO studies(key, title, authors, year, design, sample_size) VALUES "
			   "('s1', 'One', 'Smith J', 2001, 'rct', 100), ('s2', 'Two', 'Jones K', 2002, 'cohort', 200), "
			   "('s3', 'Three', 'Lee M', 2003, 'rct', 300);"
			   "INSERT INTO claims(key, article_id, position, text) VALUES ('c1', 1, 1, 'x'), "
			   "('c2', 1, 2, 'y'), ('c3', 2, 1, 'z');"
			   "INSERT INTO topics(key) VALUES ('t1'), ('t2');"
			   "INSERT INTO claim_topics VALUES (1, 1, 1), (2, 1, 1), (2, 2, 2), (3, 2, 1);"
			   "INSERT INTO evidence(claim_id, study_id, direction, outcome, measure, estimate, ci_low, "
			   "ci_high) VALUES (1, 1, 'supports', 'o', 'RR', 0.8, 0.6, 0.9), (1, 2, 'supports', 'o', 'RR', "
			   "0.9, 0.7, 1.1), (2, 3, 'contradicts', '', NULL, NULL, NULL, NULL), (3, 1, 'inconclusive', "
			   "'', NULL, NULL, NULL, NULL);",
			   "loading the fixture"),
		0);
	assert_int_equal(ev_db_commit(&f->db), 0);
	ev_db_set_plan_hook(&f->db, on_plan, &f->plans);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[160];
	ev_db_close(&f->db);
	unlink(f->path);
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	rmdir(f->dir);
	ev_buf_free(&f->plans.all);
	ev_buf_free(&f->plans.scans);
	free(f);
	return 0;
}

/* Fails, naming them, when any statement planned so far reads a whole
 * table. */
static void assert_no_scans(struct fixture *f)
{
	if (f->plans.scans.len)
		fail_msg("whole-table scans:\n%s", ev_buf_str(&f->plans.scans));
	assert_true(f->plans.statements > 0);
}

static int assess_each(void *ud, int64_t id, const struct ev_record *r)
{
	struct fixture *f = ud;
	struct ev_assessment a;
	int rc = ev_assess_claim(&f->db, id, r, &a);
	ev_assessment_free(&a);
	return rc;
}

/* `evidence query TOPIC`: the topic, its claims, each claim's links. */
static void test_query(void **state)
{
	struct fixture *f = *state;
	int64_t topic;
	assert_int_equal(ev_model_find(&f->db, EV_KIND_COUNT, "t1", &topic), 1);
	assert_int_equal(ev_model_each_topic_claim(&f->db, topic, assess_each, f), 0);
	assert_int_equal(f->plans.statements, 3);
	assert_no_scans(f);
}

/* report and explain: a claim read by id, the claims of an article, and
 * the other lookups by key and id. */
static void test_assess_and_lookups(void **state)
{
	struct fixture *f = *state;
	struct ev_assessment a;
	struct ev_record r = {0};
	struct ev_ids ids = {0};
	int64_t id;
	assert_int_equal(ev_assess(&f->db, 2, &a), 0);
	assert_int_equal(a.links.n, 1);
	ev_assessment_free(&a);
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		assert_int_equal(ev_model_read(&f->db, (enum ev_kind)k, 1, &r), 0);
		if (k != EV_LINK)
			assert_int_equal(ev_model_find(&f->db, (enum ev_kind)k, ev_record_text(&r, "key"), &id), 1);
	}
	ev_record_free(&r);
	assert_int_equal(ev_model_claims_of_article(&f->db, 1, &ids), 0);
	assert_int_equal(ids.n, 2);
	ev_ids_free(&ids);
	assert_int_equal(ev_model_claims_of_topic(&f->db, 2, &ids), 0);
	assert_int_equal(ids.n, 2);
	ev_ids_free(&ids);
	assert_int_equal(ev_model_links_of_claim(&f->db, 1, &ids), 0);
	ev_ids_free(&ids);
	assert_int_equal(ev_model_links_of_study(&f->db, 1, &ids), 0);
	ev_ids_free(&ids);
	assert_no_scans(f);
}

/* import's check that a record is not a study already there under another
 * key: by title (case and a final full stop aside) and year, through the
 * index on the title's first 48 characters, the whole title compared on
 * what it finds; the first study by id, without a sort. */
static void test_same_title(void **state)
{
	struct fixture *f = *state;
	const char *head = "A title whose first forty-eight characters agree";
	assert_int_equal(strlen(head), 48);
	char *sql = ev_xasprintf("INSERT INTO studies(key, title, authors, year, design) VALUES "
				 "('long-b', '%s, then differ', 'Smith J', 2005, 'rct'), "
				 "('long-a', '%s in full', 'Smith J', 2005, 'rct')",
				 head, head);
	assert_int_equal(ev_db_begin(&f->db), 0);
	assert_int_equal(ev_db_exec(&f->db, sql, "adding studies"), 0);
	assert_int_equal(ev_db_commit(&f->db), 0);
	free(sql);
	struct ev_buf key = EV_BUF_INIT;
	assert_int_equal(ev_model_same_title(&f->db, "ONE.", 2001, 0, &key), 1);
	assert_string_equal(ev_buf_str(&key), "s1");
	assert_int_equal(ev_model_same_title(&f->db, "One", 2002, 0, &key), 0);
	assert_int_equal(ev_model_same_title(&f->db, "One", 2001, 1, &key), 0); /* itself */
	char *title = ev_xasprintf("%s IN FULL.", head);
	assert_int_equal(ev_model_same_title(&f->db, title, 2005, 0, &key), 1);
	assert_string_equal(ev_buf_str(&key), "long-a");
	free(title);
	title = ev_xasprintf("%s, and differ", head);
	assert_int_equal(ev_model_same_title(&f->db, title, 2005, 0, &key), 0);
	free(title);
	ev_buf_free(&key);
	const char *plan = ev_buf_str(&f->plans.all);
	assert_non_null(strstr(plan, "SEARCH studies USING INDEX studies_title (<expr>=? AND year=?)"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_no_scans(f);
}

static int count_each(void *ud, int64_t id, const struct ev_record *r)
{
	(void)id;
	(void)r;
	(*(int *)ud)++;
	return 0;
}

/* `evidence export --topic/--claim/--study`: the selected studies are
 * found by id, never by a pass over every study. */
static void test_export_filtered(void **state)
{
	struct fixture *f = *state;
	int64_t c[] = {1}, s[] = {3};
	struct ev_ids claims = {c, 1}, studies = {s, 1};
	struct ev_study_claims sc;
	int n = 0;
	for (int citation = 0; citation < 2; citation++)
		assert_int_equal(ev_model_each_study(&f->db, &claims, &studies, 0, citation, count_each, &n), 0);
	assert_int_equal(n, 6); /* s1, s2 (claim c1) and s3, twice */
	assert_int_equal(ev_model_study_claims(&f->db, 1, &sc), 0);
	ev_study_claims_free(&sc);
	assert_no_scans(f);
}

/* `evidence export` of everything reads each study once, in key order from
 * the key index: a scan, but no sort of the whole table. */
static void test_export_all(void **state)
{
	struct fixture *f = *state;
	int n = 0;
	assert_int_equal(ev_model_each_study(&f->db, NULL, NULL, 1, 0, count_each, &n), 0);
	assert_int_equal(n, 3);
	const char *plan = ev_buf_str(&f->plans.all);
	assert_non_null(strstr(plan, "SCAN studies USING INDEX sqlite_autoindex_studies_1"));
	assert_null(strstr(plan, "TEMP B-TREE"));
}

static void test_scan_lines(void **state)
{
	(void)state;
	assert_true(ev_plan_scans_table("SCAN studies"));
	assert_true(ev_plan_scans_table("SCAN s USING INDEX sqlite_autoindex_studies_1"));
	assert_true(ev_plan_scans_table("SCAN e USING COVERING INDEX evidence_study"));
	assert_false(ev_plan_scans_table("SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"));
	assert_false(ev_plan_scans_table("SCAN (subquery-1)"));
	assert_false(ev_plan_scans_table("SCAN CONSTANT ROW"));
	assert_false(ev_plan_scans_table("SCAN j VIRTUAL TABLE INDEX 1:"));
	assert_false(ev_plan_scans_table("USE TEMP B-TREE FOR ORDER BY"));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assess_and_lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_title, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_all, setup, teardown),
		cmocka_unit_test(test_scan_lines),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
