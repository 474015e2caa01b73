/*
 * test_csvpipe.c: rows prepared on the reading thread reach the taker in
 * file order with their notes, the reader's problems come after the rows
 * before them, and stopping from either side stops both; the threaded
 * read and the one-thread read make the same calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csvpipe.h"
#include "util.h"

/* The test input: a header and n rows "r<i>,<i>", then `tail`. Row i's
 * second field is its number, so prepare can tell rows apart. */
static char *make_csv(int n, const char *tail, size_t *len)
{
	struct ev_buf b = {0};
	ev_buf_adds(&b, "key,title\n");
	for (int i = 0; i < n; i++)
		ev_buf_addf(&b, "r%d,%d\n", i, i);
	ev_buf_adds(&b, tail);
	*len = b.len;
	return b.data;
}

/* The reading side: counts what it prepares and notes every 7th row. */
struct prep {
	int prepared;
	int stop_at; /* ask to stop at this row number (-1: never) */
};

static int prepare(void *ud, const struct ev_csv_record *rec, struct ev_pipe_row *row)
{
	struct prep *p = ud;
	p->prepared++;
	if (strcmp(rec->field[0], "key") == 0) {
		row->tag = -1;
		return 0;
	}
	int i = (int)strtol(rec->field[1], NULL, 10);
	row->tag = i;
	ev_record_reset(&row->rec, EV_STUDY);
	ev_record_set_text(&row->rec, 0, rec->field[0], rec->len[0]);
	if (i % 7 == 0) {
		char m[32];
		snprintf(m, sizeof m, "seven divides %d", i);
		ev_pipe_note(row, 1, "title", m);
		ev_pipe_note(row, 2, NULL, "and a second note");
	}
	return i == p->stop_at;
}

/* The taking side: a transcript of every call. */
struct take {
	struct ev_buf out;
	int taken;
	int stop_at; /* stop after taking this row number (-1: never) */
};

static int take(void *ud, struct ev_pipe_row *row)
{
	struct take *t = ud;
	t->taken++;
	ev_buf_addf(&t->out, "%ld:%d", row->line, row->tag);
	if (row->tag >= 0)
		ev_buf_addf(&t->out, ":%s", row->rec.v[0].s);
	for (int i = 0; i < row->nnotes; i++)
		ev_buf_addf(&t->out, " [%d %s %s]", row->notes[i].kind, row->notes[i].column ? row->notes[i].column : "-",
			    row->notes[i].msg);
	ev_buf_addc(&t->out, '\n');
	return row->tag >= 0 && row->tag == t->stop_at;
}

static void error(void *ud, long line, int field, const char *msg)
{
	struct take *t = ud;
	ev_buf_addf(&t->out, "E%ld:%d:%s\n", line, field, msg);
}

/* Reads `csv` with the pipe; returns the transcript (caller frees). */
static char *run(const char *csv, size_t len, int threaded, int prep_stop, int take_stop, int *rc, int *prepared,
		 int *taken)
{
	FILE *fp = fmemopen((void *)csv, len, "r");
	assert_non_null(fp);
	struct prep p = {0, prep_stop};
	struct take t = {{0}, 0, take_stop};
	*rc = ev_csv_read_piped(fp, ',', prepare, &p, take, error, &t, threaded);
	fclose(fp);
	*prepared = p.prepared;
	*taken = t.taken;
	return t.out.data ? t.out.data : ev_xstrdup("");
}

/* Many batches' worth of rows: the same transcript either way, in order,
 * each row's notes with it. */
static void test_rows_in_order_with_their_notes(void **state)
{
	(void)state;
	size_t len;
	char *csv = make_csv(5000, "", &len);
	int rc1, rc2, p1, p2, t1, t2;
	char *one = run(csv, len, 0, -1, -1, &rc1, &p1, &t1);
	char *two = run(csv, len, 1, -1, -1, &rc2, &p2, &t2);
	assert_int_equal(rc1, 0);
	assert_int_equal(rc2, 0);
	assert_int_equal(t1, 5001);
	assert_int_equal(t2, 5001);
	assert_string_equal(one, two);
	/* Spot checks of the transcript itself. */
	assert_non_null(strstr(two, "1:-1\n2:0:r0 [1 title seven divides 0] [2 - and a second note]\n3:1:r1\n"));
	assert_non_null(strstr(two, "\n4899:4897:r4897\n4900:4898:r4898\n"));
	assert_non_null(strstr(two, "\n5000:4998:r4998 [1 title seven divides 4998] [2 - and a second note]\n5001:4999:r4999\n"));
	assert_true(strlen(two) > (size_t)5000 * 8);
	free(one);
	free(two);
	free(csv);
}

/* The reader's problem (an unterminated quote) reaches the taker after
 * every row before it, and the read says it stopped. */
static void test_reader_problem_comes_after_the_rows_before_it(void **state)
{
	(void)state;
	size_t len;
	char *csv = make_csv(1000, "r1000,\"never closed\n", &len);
	int rc1, rc2, p1, p2, t1, t2;
	char *one = run(csv, len, 0, -1, -1, &rc1, &p1, &t1);
	char *two = run(csv, len, 1, -1, -1, &rc2, &p2, &t2);
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
	assert_string_equal(one, two);
	const char *e = strstr(two, "\nE1002:");
	assert_non_null(e);
	assert_non_null(strstr(two, "1001:999:r999\nE1002:"));
	assert_int_equal(strchr(e + 1, '\n')[1], '\0'); /* nothing after it */
	free(one);
	free(two);
	free(csv);
}

/* The taker stopping: nothing more is taken, the reader stops soon after
 * (at most the ring's rows ahead), and the read says it stopped. */
static void test_taker_stops_the_reader(void **state)
{
	(void)state;
	size_t len;
	char *csv = make_csv(100000, "", &len);
	int rc1, rc2, p1, p2, t1, t2;
	char *one = run(csv, len, 0, -1, 300, &rc1, &p1, &t1);
	char *two = run(csv, len, 1, -1, 300, &rc2, &p2, &t2);
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
	assert_int_equal(t1, 302); /* the header and rows 0 to 300 */
	assert_int_equal(t2, 302);
	assert_string_equal(one, two);
	assert_int_equal(p1, 302);
	assert_true(p2 >= 302 && p2 <= 302 + 5 * 128);
	free(one);
	free(two);
	free(csv);
}

/* prepare asking to stop: that row is still taken, none after it. */
static void test_preparer_stops_after_its_row(void **state)
{
	(void)state;
	size_t len;
	char *csv = make_csv(2000, "", &len);
	int rc1, rc2, p1, p2, t1, t2;
	char *one = run(csv, len, 0, 700, -1, &rc1, &p1, &t1);
	char *two = run(csv, len, 1, 700, -1, &rc2, &p2, &t2);
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
	assert_int_equal(t1, 702);
	assert_int_equal(t2, 702);
	assert_int_equal(p2, 702);
	assert_string_equal(one, two);
	assert_non_null(strstr(two, "\n702:700:r700 [1 title seven divides 700] [2 - and a second note]\n"));
	free(one);
	free(two);
	free(csv);
}

/* A header alone, and nothing at all. */
static void test_header_alone_and_empty_input(void **state)
{
	(void)state;
	int rc, p, t;
	char *out = run("key,title\n", 10, 1, -1, -1, &rc, &p, &t);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "1:-1\n");
	free(out);
	out = run("", 0, 1, -1, -1, &rc, &p, &t);
	assert_int_equal(t, 0);
	assert_string_equal(out, "");
	free(out);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_in_order_with_their_notes),
		cmocka_unit_test(test_reader_problem_comes_after_the_rows_before_it),
		cmocka_unit_test(test_taker_stops_the_reader),
		cmocka_unit_test(test_preparer_stops_after_its_row),
		cmocka_unit_test(test_header_alone_and_empty_input),
	};
	/* test_csvpipe PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("csvpipe", tests, NULL, NULL);
}
