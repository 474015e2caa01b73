/*
 * test_text.c: terminal text: display widths (wide characters, combining
 * marks, colour codes), word wrap, and tables fitted to a width (wrapped,
 * cut with an ellipsis, or one record per row), against exact output.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "out.h"
#include "util.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(ev_utf8_width("abc", 3), 3);
	/* CJK is two columns, a combining acute none, colour codes none. */
	assert_int_equal(ev_utf8_width("\xe7\xa0\x94\xe7\xa9\xb6", 6), 4);
	assert_int_equal(ev_utf8_width("e\xcc\x81", 3), 1);
	assert_int_equal(ev_utf8_width("\033[32mok\033[0m", 11), 2);
	/* Cutting never splits a character or drops its combining mark. */
	assert_int_equal(ev_utf8_prefix_for_width("\xe7\xa0\x94\xe7\xa9\xb6", 6, 3), 3);
	assert_int_equal(ev_utf8_prefix_for_width("ae\xcc\x81x", 5, 2), 4);
	assert_int_equal(ev_utf8_prefix_for_width("\033[32mok\033[0m", 11, 1), 6);
}

/* Wraps s to cols and joins the lines with '|'. */
static void wrap(const char *s, size_t cols, char *out, size_t size)
{
	size_t off = 0, n = strlen(s), o = 0;
	out[0] = '\0';
	while (off < n) {
		size_t next, len = ev_utf8_wrap(s + off, n - off, cols, &next);
		o += (size_t)snprintf(out + o, size - o, "%s%.*s", o ? "|" : "", (int)len, s + off);
		assert_true(next > 0);
		off += next;
	}
}

static void test_wrap(void **state)
{
	char buf[256];
	(void)state;
	wrap("Vitamin K2 moves calcium out of artery walls", 12, buf, sizeof buf);
	assert_string_equal(buf, "Vitamin K2|moves|calcium out|of artery|walls");
	/* A word longer than the line is cut at the line's end. */
	wrap("menaquinone-7 supplementation", 8, buf, sizeof buf);
	assert_string_equal(buf, "menaquin|one-7|suppleme|ntation");
	/* Runs of spaces do not start or end a line. */
	wrap("a    b", 3, buf, sizeof buf);
	assert_string_equal(buf, "a|b");
	/* Wide characters count two columns. */
	wrap("\xe7\xa0\x94\xe7\xa9\xb6 \xe7\xa0\x94\xe7\xa9\xb6", 5, buf, sizeof buf);
	assert_string_equal(buf, "\xe7\xa0\x94\xe7\xa9\xb6|\xe7\xa0\x94\xe7\xa9\xb6");
}

/* Prints a small claims table at `width` (0: not a terminal). Returns the
 * output (caller frees). */
static char *table(int width, unsigned text_style)
{
	static const char *const headers[] = {"claim", "verdict", "n", "text"};
	char *buf = NULL;
	size_t len = 0;
	struct ev_out o = {EV_FMT_TABLE, NULL, 0, width, 1, 0, 0};
	o.fp = open_memstream(&buf, &len);
	struct ev_table *t = ev_table_new(4, headers);
	ev_table_style(t, 2, EV_CELL_RIGHT);
	ev_table_style(t, 3, text_style);
	ev_table_add(t, "k2-activates-mgp");
	ev_table_add(t, "supported");
	ev_table_add_int(t, 609);
	ev_table_add(t, "Vitamin K2 activates matrix Gla protein (MGP), the body's own inhibitor.");
	ev_table_add(t, "short");
	ev_table_add(t, "mixed");
	ev_table_add_int(t, 12);
	ev_table_add(t, "Brief.");
	ev_table_print(&o, t);
	ev_table_free(t);
	fclose(o.fp);
	return buf;
}

static void test_table_not_a_terminal_keeps_everything(void **state)
{
	(void)state;
	char *s = table(0, EV_CELL_WRAP);
	assert_string_equal(s, "claim             verdict    n    text\n"
			       "k2-activates-mgp  supported  609  Vitamin K2 activates matrix Gla protein (MGP), the "
			       "body's own inhibitor.\n"
			       "short             mixed       12  Brief.\n");
	free(s);
}

static void test_table_wraps_prose(void **state)
{
	(void)state;
	char *s = table(60, EV_CELL_WRAP);
	assert_string_equal(s, "claim             verdict    n    text\n"
			       "k2-activates-mgp  supported  609  Vitamin K2 activates\n"
			       "                                  matrix Gla protein (MGP),\n"
			       "                                  the body's own inhibitor.\n"
			       "short             mixed       12  Brief.\n");
	free(s);
}

static void test_table_cuts_with_an_ellipsis(void **state)
{
	(void)state;
	char *s = table(60, EV_CELL_SHRINK);
	assert_string_equal(s, "claim             verdict    n    text\n"
			       "k2-activates-mgp  supported  609  Vitamin K2 activates matr\xe2\x80\xa6\n"
			       "short             mixed       12  Brief.\n");
	free(s);
}

/* Too wide at 40: the prose column goes under its row, indented. */
static void test_table_too_wide_puts_prose_under_rows(void **state)
{
	(void)state;
	char *s = table(40, EV_CELL_WRAP);
	assert_string_equal(s, "claim             verdict    n\n"
			       "k2-activates-mgp  supported  609\n"
			       "    Vitamin K2 activates matrix Gla\n"
			       "    protein (MGP), the body's own\n"
			       "    inhibitor.\n"
			       "short             mixed       12\n"
			       "    Brief.\n");
	free(s);
}

/* Too narrow even for the row without its prose: one record per row. */
static void test_table_too_narrow_prints_records(void **state)
{
	(void)state;
	char *s = table(28, EV_CELL_WRAP);
	assert_string_equal(s, "claim    k2-activates-mgp\n"
			       "verdict  supported\n"
			       "n        609\n"
			       "text     Vitamin K2 activates\n"
			       "         matrix Gla protein\n"
			       "         (MGP), the body's\n"
			       "         own inhibitor.\n"
			       "\n"
			       "claim    short\n"
			       "verdict  mixed\n"
			       "n        12\n"
			       "text     Brief.\n");
	free(s);
}

static void test_prose_wraps_with_a_hanging_indent(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	(void)state;
	struct ev_out o = {EV_FMT_TABLE, NULL, 0, 30, 1, 0, 0};
	o.fp = open_memstream(&buf, &len);
	ev_out_item(&o, "top tier: 2 cohort links (level 2), 20,864 participants");
	ev_out_line(&o, "short line");
	fclose(o.fp);
	assert_string_equal(buf, "  - top tier: 2 cohort links\n"
				 "    (level 2), 20,864\n"
				 "    participants\n"
				 "short line\n");
	free(buf);
}

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_table_not_a_terminal_keeps_everything),
		cmocka_unit_test(test_table_wraps_prose),
		cmocka_unit_test(test_table_cuts_with_an_ellipsis),
		cmocka_unit_test(test_table_too_wide_puts_prose_under_rows),
		cmocka_unit_test(test_table_too_narrow_prints_records),
		cmocka_unit_test(test_prose_wraps_with_a_hanging_indent),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
