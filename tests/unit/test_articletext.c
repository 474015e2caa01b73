/*
 * test_articletext.c: folding, figure spotting, Markdown and plain text to
 * sentences, quote search and sentence coverage (articletext.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "articletext.h"

static void fold_is(const char *in, const char *want)
{
	char *got = ev_fold(in, strlen(in), NULL, NULL);
	assert_string_equal(got, want);
	free(got);
}

static void test_fold(void **state)
{
	(void)state;
	fold_is("Hello   World", "hello world");
	fold_is("  leading and trailing \n", "leading and trailing");
	fold_is("\xe2\x80\x9cquoted\xe2\x80\x9d and \xe2\x80\x98single\xe2\x80\x99", "\"quoted\" and 'single'");
	fold_is("\xc2\xabguillemets\xc2\xbb", "\"guillemets\"");
	fold_is("7\xe2\x80\x93" "10 years \xe2\x80\x94 or \xe2\x88\x92" "3", "7-10 years - or -3");
	fold_is("no\xc2\xa0" "break\xe2\x80\xaf" "thin\xe2\x80\x89space", "no break thin space");
	fold_is("na\xc3\xafve caf\xc3\xa9 \xc3\x86r\xc3\xb8 Stra\xc3\x9f" "e", "naive cafe aero strasse");
	fold_is("cafe\xcc\x81", "cafe"); /* a combining accent */
	fold_is("wait\xe2\x80\xa6", "wait...");
	fold_is("co\xc2\xad" "operate zero\xe2\x80\x8bwidth", "cooperate zerowidth");
	fold_is("\xef\xac\x81nal \xef\xac\x82ow", "final flow");
	fold_is("10 \xc2\xb5g = 10 \xce\xbcg", "10 \xce\xbcg = 10 \xce\xbcg");
	fold_is("\xce\x91\xce\x92\xce\x93 \xd0\x90\xd0\x91", "\xce\xb1\xce\xb2\xce\xb3 \xd0\xb0\xd0\xb1");
	fold_is("\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz");
	fold_is("bad \xff byte", "bad \xff byte");

	/* The map sends input offsets to folded ones. */
	const char *s = "A  \xe2\x80\x9c" "b\xe2\x80\x9d";
	size_t n = strlen(s), map[16], len;
	char *f = ev_fold(s, n, map, &len);
	assert_string_equal(f, "a \"b\"");
	assert_int_equal(len, 5);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[3], 2);  /* the opening quote */
	assert_int_equal(map[6], 3);  /* b */
	assert_int_equal(map[7], 4);  /* the closing quote */
	assert_int_equal(map[n], 5);
	free(f);
}

/* The figures of s as "text=value[-hi][+]/unit" joined by "; ". */
static char *figs(const char *s)
{
	static char out[1024];
	struct ev_figure f[32];
	int k = ev_figures(s, strlen(s), f, 32);
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < k && i < 32 && len < sizeof out; i++) {
		char hi[32] = "";
		if (f[i].hi != f[i].lo)
			snprintf(hi, sizeof hi, "-%g", f[i].hi);
		int w = snprintf(out + len, sizeof out - len, "%s%.*s=%g%s%s/%d", i ? "; " : "",
				 (int)(f[i].end - f[i].start), s + f[i].start, f[i].lo, hi, f[i].open ? "+" : "",
				 (int)f[i].unit);
		len += w > 0 ? (size_t)w : 0;
	}
	return out;
}

static void test_figures(void **state)
{
	(void)state;
	/* Units: 0 none, 1 percent, 2 times, 3 years, 4 months, 5 weeks, 6 days, 7 other. */
	assert_string_equal(figs("a 52% lower risk"), "52%=52/1");
	assert_string_equal(figs("52 percent, or 52 per cent"), "52 percent=52/1; 52 per cent=52/1");
	assert_string_equal(figs("4,807 participants"), "4,807=4807/0");
	assert_string_equal(figs("243 postmenopausal women for 3 years"), "243=243/0; 3 years=3/3");
	assert_string_equal(figs("a 1.5x higher risk, 2.5 times more"), "1.5x=1.5/2; 2.5 times=2.5/2");
	assert_string_equal(figs("followed for seven to ten years"), "seven to ten years=7-10/3");
	assert_string_equal(figs("followed for 7\xe2\x80\x93" "10 years"), "7\xe2\x80\x93" "10 years=7-10/3");
	assert_string_equal(figs("aged 65-74"), "65-74=65-74/0");
	assert_string_equal(figs("participants aged 55+"), "55+=55+/0");
	assert_string_equal(figs("a 3-year trial of twenty-five women"), "3-year=3/3; twenty-five=25/0");
	assert_string_equal(figs("twice as likely, a threefold rise"), "twice=2/2; threefold=3/2");
	assert_string_equal(figs("one in three adults"), "one in three=0.333333/7");
	assert_string_equal(figs("180 \xc2\xb5g/day and 10mg"), "180 \xc2\xb5g=180/7; 10mg=10/7");
	assert_string_equal(figs("1.2 million people"), "1.2 million=1.2e+06/0");
	assert_string_equal(figs("over 12 weeks and 30 days"), "12 weeks=12/5; 30 days=30/6");
	assert_string_equal(figs("P=0.04"), "0.04=0.04/0");
	/* Not figures: names, years, ordinals, citations, idioms. */
	assert_string_equal(figs("vitamin K2, MK-7, D3 and COVID-19"), "");
	assert_string_equal(figs("type 2 diabetes in phase 3"), "");
	assert_string_equal(figs("in 2004, and in the 1990s"), "");
	assert_string_equal(figs("from 1990-93 to 2000"), "");
	assert_string_equal(figs("published 2025-10-23"), "");
	assert_string_equal(figs("the 3rd trial [12] and ^4"), "");
	assert_string_equal(figs("one of the best; one day she said"), "");
	assert_string_equal(figs("at 10:30"), "");
	/* A year-like number with a unit or separators is a figure. */
	assert_string_equal(figs("2,004 people, 2000 participants"), "2,004=2004/0; 2000=2000/0");
}

static struct ev_text parse(const char *s, int markdown)
{
	struct ev_text t;
	char err[100];
	assert_int_equal(ev_text_parse(s, strlen(s), markdown, &t, err, sizeof err), 0);
	return t;
}

static const char *sent(const struct ev_text *t, int i)
{
	static char buf[1024];
	assert_true(i < t->nsent);
	snprintf(buf, sizeof buf, "%ld:%.*s", t->sent[i].line, (int)(t->sent[i].end - t->sent[i].start),
		 t->text + t->sent[i].start);
	return buf;
}

static void test_sentences(void **state)
{
	(void)state;
	struct ev_text t = parse("Dr. Smith found 52% fewer cases, e.g. in the U.S. trial. It ran 3 years! Was it 4,807?\n"
				 "Yes. The dose was 1.5 mg vs. placebo. Rich in vitamin K. Greens are not.\n",
				 0);
	assert_int_equal(t.nsent, 7);
	assert_string_equal(sent(&t, 0), "1:Dr. Smith found 52% fewer cases, e.g. in the U.S. trial.");
	assert_string_equal(sent(&t, 1), "1:It ran 3 years!");
	assert_string_equal(sent(&t, 2), "1:Was it 4,807?");
	assert_string_equal(sent(&t, 3), "2:Yes.");
	assert_string_equal(sent(&t, 4), "2:The dose was 1.5 mg vs. placebo.");
	assert_string_equal(sent(&t, 5), "2:Rich in vitamin K.");
	assert_string_equal(sent(&t, 6), "2:Greens are not.");
	ev_text_free(&t);

	/* Quotes and brackets after the full stop stay with the sentence. */
	t = parse("He said \"it works.\" Then (briefly.) It stopped.", 0);
	assert_int_equal(t.nsent, 3);
	assert_string_equal(sent(&t, 0), "1:He said \"it works.\"");
	assert_string_equal(sent(&t, 1), "1:Then (briefly.)");
	ev_text_free(&t);

	/* Plain text: paragraphs by blank lines, no Markdown handling. */
	t = parse("Title line\n\nA *starred* word\nwraps here.\n\n\nLast.", 0);
	assert_int_equal(t.nsent, 3);
	assert_string_equal(sent(&t, 0), "1:Title line");
	assert_string_equal(sent(&t, 1), "3:A *starred* word\nwraps here.");
	assert_string_equal(sent(&t, 2), "7:Last.");
	ev_text_free(&t);
}

static void test_markdown(void **state)
{
	(void)state;
	struct ev_text t = parse("---\n"
				 "title: A 2 line header\n"
				 "---\n"
				 "# Heading with 3 words\n"
				 "\n"
				 "Some *emphasis*, a [link text](https://example.org/9) and `code 7` &amp; more.\n"
				 "Second line of the paragraph.\n"
				 "\n"
				 "- item one\n"
				 "- item **two**\n"
				 "\n"
				 "> quoted 5 times\n"
				 "\n"
				 "![alt 8 photos](x.png)\n"
				 "\n"
				 "```\n"
				 "x = 42\n"
				 "```\n"
				 "\n"
				 "| a | b |\n"
				 "|---|---|\n"
				 "| 250 ml | two cells |\n",
				 1);
	const char *want[] = {
		"4:Heading with 3 words",
		"6:Some emphasis, a link text and code 7 & more.",
		"7:Second line of the paragraph.",
		"9:item one",
		"10:item two",
		"12:quoted 5 times",
		"20:a",
		"20:b",
		"22:250 ml",
		"22:two cells",
	};
	assert_int_equal(t.nsent, (int)(sizeof want / sizeof want[0]));
	for (int i = 0; i < t.nsent; i++)
		assert_string_equal(sent(&t, i), want[i]);
	assert_null(strstr(t.text, "42"));
	assert_null(strstr(t.text, "photos"));
	assert_null(strstr(t.text, "header"));
	ev_text_free(&t);

	/* CRLF and a byte order mark. */
	t = parse("\xef\xbb\xbfOne.\r\nTwo.\r\n\r\nThree.", 1);
	assert_int_equal(t.nsent, 3);
	assert_string_equal(sent(&t, 2), "4:Three.");
	ev_text_free(&t);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ev_text t;
	char err[100];
	assert_int_equal(ev_text_parse("ok\nbad \xc3\x28 here", 13, 1, &t, err, sizeof err), -1);
	assert_string_equal(err, "2: is not valid UTF-8");
	ev_text_free(&t);
	assert_int_equal(ev_text_parse("a\n\nb\0c", 6, 0, &t, err, sizeof err), -1);
	assert_string_equal(err, "3: contains a NUL byte");
	ev_text_free(&t);
	/* Empty text: no sentences, no error. */
	assert_int_equal(ev_text_parse("", 0, 1, &t, err, sizeof err), 0);
	assert_int_equal(t.nsent, 0);
	ev_text_free(&t);
}

static void test_quotes(void **state)
{
	(void)state;
	struct ev_text t = parse("Retailers say **Sales** of the juice \xe2\x80\x9c" "doubled\xe2\x80\x9d \xe2\x80\x94 in just "
				 "2\xc2\xa0years.\n\nThe trial\xe2\x80\x99s   authors\nagreed.",
				 1);
	size_t fs, fe;
	assert_int_equal(ev_text_find(&t, "sales of the juice \"doubled\" - in just 2 years", &fs, &fe), 1);
	assert_int_equal(fe - fs, strlen("sales of the juice \"doubled\" - in just 2 years"));
	assert_int_equal(ev_text_find(&t, "THE TRIAL'S AUTHORS AGREED", NULL, NULL), 1);
	/* An ellipsis stands for omitted words; the pieces keep their order. */
	assert_int_equal(ev_text_find(&t, "retailers say ... in just 2 years", NULL, NULL), 1);
	assert_int_equal(ev_text_find(&t, "retailers say \xe2\x80\xa6 in just 2 years", NULL, NULL), 1);
	assert_int_equal(ev_text_find(&t, "in just 2 years ... retailers say", NULL, NULL), 0);
	assert_int_equal(ev_text_find(&t, "sales tripled", NULL, NULL), 0);
	assert_int_equal(ev_text_find(&t, "  ", NULL, NULL), -1);
	assert_int_equal(ev_text_find(&t, "...", NULL, NULL), -1);
	assert_int_equal(ev_text_find(&t, NULL, NULL, NULL), -1);
	ev_text_free(&t);
}

static void test_coverage(void **state)
{
	(void)state;
	struct ev_text t = parse("The Larkhaven Study followed 4,807 people aged 55+ for seven to ten years. "
				 "Those eating the most K2 had a 52% lower risk. "
				 "Sales rose 40% last year. "
				 "No figures here. "
				 "It took 3 years.",
				 1);
	struct ev_cover_claim claims[] = {
		{.quote = "52% lower risk", .text = "52% lower risk of calcification"},
		{.text = "57% lower risk of dying", .population = "participants aged 55+", .n = 4807, .duration = "84-120"},
	};
	struct ev_cover_result *cv;
	int n = ev_text_coverage(&t, claims, 2, &cv);
	assert_int_equal(n, 4);
	/* 4,807 is a stated n, 55 in the stated population, 7-10 years the
	 * stated 84-120 months. */
	assert_int_equal(cv[0].sentence, 0);
	assert_int_equal(cv[0].how, EV_COVER_DETAILS);
	assert_int_equal(cv[0].claim, 1);
	assert_int_equal(cv[1].how, EV_COVER_QUOTE);
	assert_int_equal(cv[1].claim, 0);
	assert_int_equal(cv[2].how, EV_COVER_NONE);
	assert_int_equal(cv[2].claim, -1);
	/* "3 years" is 36 months, which no claim states (the 3 of "57%" is
	 * not a duration). */
	assert_int_equal(cv[3].how, EV_COVER_NONE);
	struct ev_buf b = EV_BUF_INIT;
	ev_figures_text(&t, &cv[0], &b);
	assert_string_equal(ev_buf_str(&b), "4,807, 55+, seven to ten years");
	ev_buf_reset(&b);
	ev_figures_text(&t, &cv[2], &b);
	assert_string_equal(ev_buf_str(&b), "40%");
	ev_buf_free(&b);
	free(cv);
	ev_text_free(&t);
}

/* Issue 17, point 5: a sentence with more figures than are kept says how
 * many more it has (the list ended at the 16th, without a word), and a
 * long list of long figures is written whole (it was cut at 400 bytes). */
static void test_coverage_many_figures(void **state)
{
	(void)state;
	struct ev_buf doc = EV_BUF_INIT, want = EV_BUF_INIT, got = EV_BUF_INIT;
	ev_buf_adds(&doc, "The cohorts were followed for");
	for (int i = 0; i < 20; i++) {
		ev_buf_addf(&doc, "%s %d,%03d,%03d,%03d,%03d,%03d years", i ? "," : "", 10 + i, i, i, i, i, i);
		if (i < 16)
			ev_buf_addf(&want, "%s%d,%03d,%03d,%03d,%03d,%03d years", i ? ", " : "", 10 + i, i, i, i, i, i);
	}
	ev_buf_adds(&doc, ".\n");
	ev_buf_adds(&want, " and 4 more");
	struct ev_text t;
	char err[64];
	assert_int_equal(ev_text_parse(doc.data, doc.len, 0, &t, err, sizeof err), 0);
	struct ev_cover_result *cv;
	assert_int_equal(ev_text_coverage(&t, NULL, 0, &cv), 1);
	assert_int_equal(cv[0].nfigures, 16);
	assert_int_equal(cv[0].nfound, 20);
	ev_figures_text(&t, &cv[0], &got);
	assert_true(got.len > 400);
	assert_string_equal(ev_buf_str(&got), ev_buf_str(&want));
	free(cv);
	ev_text_free(&t);
	ev_buf_free(&doc);
	ev_buf_free(&want);
	ev_buf_free(&got);
}

/* Every digit of a number counts, however many (a number was read from
 * its first 63 characters: 1 followed by 70 zeros was 1e62). */
static void test_figures_long_number(void **state)
{
	(void)state;
	struct ev_buf s = EV_BUF_INIT;
	ev_buf_adds(&s, "about 1");
	for (int i = 0; i < 70; i++)
		ev_buf_addc(&s, '0');
	ev_buf_adds(&s, " people and 0.");
	for (int i = 0; i < 70; i++)
		ev_buf_addc(&s, '0');
	ev_buf_adds(&s, "5% of them");
	struct ev_figure f[4];
	assert_int_equal(ev_figures(s.data, s.len, f, 4), 2);
	assert_true(f[0].lo == 1e70);
	assert_true(f[1].lo > 4.9e-71 && f[1].lo < 5.1e-71);
	ev_buf_free(&s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),	  cmocka_unit_test(test_figures), cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_markdown),  cmocka_unit_test(test_bad_input), cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_coverage),  cmocka_unit_test(test_coverage_many_figures),
		cmocka_unit_test(test_figures_long_number),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
