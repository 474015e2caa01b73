/*
 * test_svg.c: the forest plot's pure parts: tick choice on log and linear
 * axes, tick labels, the text width model, XML escaping, and what a plot
 * contains for small hand-made claims (the whole picture is pinned by the
 * golden SVGs in tests/data/plot/ through tests/cli/plot.bats).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "linkeffect.h"
#include "svg.h"
#include "util.h"

/* Checks ax's ticks against want[0..n) (relative 1e-9). */
static void ticks_are(const struct ev_axis *ax, const double *want, int n)
{
	if (ax->nticks != n) {
		char got[512] = "";
		for (int i = 0; i < ax->nticks; i++)
			snprintf(got + strlen(got), sizeof got - strlen(got), " %g", ax->ticks[i]);
		fail_msg("expected %d ticks, got %d:%s", n, ax->nticks, got);
	}
	for (int i = 0; i < n; i++)
		if (fabs(ax->ticks[i] - want[i]) > 1e-9 * fmax(1, fabs(want[i])))
			fail_msg("tick %d: expected %g, got %.17g", i, want[i], ax->ticks[i]);
	assert_true(ax->lo == ax->ticks[0] && ax->hi == ax->ticks[n - 1]);
}

/* No two tick labels of an axis 300 px long collide (6 px apart at least). */
static void labels_apart(const struct ev_axis *ax)
{
	char a[32], b[32];
	double t0 = ax->log ? log(ax->lo) : ax->lo, t1 = ax->log ? log(ax->hi) : ax->hi;
	for (int i = 1; i < ax->nticks; i++) {
		double x0 = ((ax->log ? log(ax->ticks[i - 1]) : ax->ticks[i - 1]) - t0) / (t1 - t0) * 300;
		double x1 = ((ax->log ? log(ax->ticks[i]) : ax->ticks[i]) - t0) / (t1 - t0) * 300;
		double w0 = ev_svg_text_width(ev_svg_tick_label(ax->ticks[i - 1], a, sizeof a), 12, 0);
		double w1 = ev_svg_text_width(ev_svg_tick_label(ax->ticks[i], b, sizeof b), 12, 0);
		if (x1 - x0 < (w0 + w1) / 2 + 6)
			fail_msg("labels %s and %s collide", a, b);
	}
}

static void test_log_axis(void **state)
{
	(void)state;
	struct ev_axis ax;
	/* dat.hackshaw1998's range of CIs: the classic 1-2-5 series. */
	ev_svg_axis(1, 0.25, 8.78, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.2, 0.5, 1, 2, 5, 10}, 6);
	labels_apart(&ax);
	/* larkhaven-2004's OR 0.48 (0.32 to 0.71) with the line of no effect. */
	ev_svg_axis(1, 0.32, 1, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.2, 0.5, 1}, 3);
	/* A narrow range: 1-2-5 would give only 0.5 and 1, so even steps. */
	ev_svg_axis(1, 0.85, 1, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.85, 0.9, 0.95, 1}, 4);
	labels_apart(&ax);
	ev_svg_axis(1, 0.65, 1, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.6, 0.7, 0.8, 0.9, 1}, 5);
	labels_apart(&ax);
	/* Data filling under half of a 1-2-5 axis gets even steps instead. */
	ev_svg_axis(1, 0.9, 1.6, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.8, 1, 1.2, 1.4, 1.6}, 5);
	/* Wide ranges: powers of ten, then every other power. */
	ev_svg_axis(1, 0.01, 100, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0.01, 0.1, 1, 10, 100}, 5);
	labels_apart(&ax);
	ev_svg_axis(1, 1e-4, 1e4, 300, 12, &ax);
	ticks_are(&ax, (const double[]){1e-4, 1e-2, 1, 100, 1e4}, 5);
	labels_apart(&ax);
	assert_true(ax.log);
}

static void test_linear_axis(void **state)
{
	(void)state;
	struct ev_axis ax;
	/* valvek-2022's 17 (-86 to 53) AU. */
	ev_svg_axis(0, -86, 53, 300, 12, &ax);
	ticks_are(&ax, (const double[]){-100, -50, 0, 50, 100}, 5);
	labels_apart(&ax);
	/* lirren-2023's -17.37 (-34.18 to -0.56) with 0. */
	ev_svg_axis(0, -34.18, 0, 300, 12, &ax);
	ticks_are(&ax, (const double[]){-40, -30, -20, -10, 0}, 5);
	ev_svg_axis(0, -0.02, 0.51, 300, 12, &ax);
	ticks_are(&ax, (const double[]){-0.2, 0, 0.2, 0.4, 0.6}, 5);
	ev_svg_axis(0, 0, 2.3, 300, 12, &ax);
	ticks_are(&ax, (const double[]){0, 0.5, 1, 1.5, 2, 2.5}, 6);
	labels_apart(&ax);
	/* Large numbers make wide labels: fewer ticks so they fit. */
	ev_svg_axis(0, -123456, 654321, 300, 12, &ax);
	assert_true(ax.nticks >= 2 && ax.nticks <= 6);
	assert_true(ax.lo <= -123456 && ax.hi >= 654321);
	labels_apart(&ax);
	assert_false(ax.log);
	/* A degenerate range still gives a usable axis. */
	ev_svg_axis(0, 3, 3, 300, 12, &ax);
	assert_true(ax.nticks >= 2 && ax.lo <= 3 && ax.hi >= 4);
}

static void test_tick_labels(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(ev_svg_tick_label(0.1 * 3, buf, sizeof buf), "0.3");
	assert_string_equal(ev_svg_tick_label(-0.0, buf, sizeof buf), "0");
	assert_string_equal(ev_svg_tick_label(1e-17, buf, sizeof buf), "0");
	assert_string_equal(ev_svg_tick_label(17 * 0.05, buf, sizeof buf), "0.85");
	assert_string_equal(ev_svg_tick_label(-2.5, buf, sizeof buf), "-2.5");
	assert_string_equal(ev_svg_tick_label(100, buf, sizeof buf), "100");
}

static void test_text_width(void **state)
{
	(void)state;
	assert_true(fabs(ev_svg_text_width("1", 12, 0) - 7.644) < 1e-9);
	assert_true(fabs(ev_svg_text_width("11", 10, 0) - 12.74) < 1e-9);
	assert_true(ev_svg_text_width("Study", 12, 1) > ev_svg_text_width("Study", 12, 0));
	/* tau and superscript two come from the table; other characters are
	 * one em, emoji 1.3 em, and a bad byte counts as a character. */
	assert_true(fabs(ev_svg_text_width("\xcf\x84\xc2\xb2", 12, 0) - (603 + 401) * 0.012) < 1e-9);
	assert_true(fabs(ev_svg_text_width("\xc3\xa9", 12, 0) - 12) < 1e-9);
	assert_true(fabs(ev_svg_text_width("\xe6\x97\xa5", 10, 0) - 10) < 1e-9);
	assert_true(fabs(ev_svg_text_width("\xf0\x9f\x98\x80", 10, 0) - 13) < 1e-9);
	assert_true(fabs(ev_svg_text_width("\xff", 10, 0) - 10) < 1e-9);
	assert_true(ev_svg_text_width("", 12, 0) == 0);
}

static void escaped(const char *in, const char *want)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_xml_escape(&b, in);
	assert_string_equal(ev_buf_str(&b), want);
	ev_buf_free(&b);
}

static void test_escape(void **state)
{
	(void)state;
	escaped("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	escaped("\"' onmouseover=alert(1) x='", "&quot;&#39; onmouseover=alert(1) x=&#39;");
	escaped("a & b &amp; c", "a &amp; b &amp;amp; c");
	escaped("]]> <!-- x -->", "]]&gt; &lt;!-- x --&gt;");
	/* Characters XML cannot hold become U+FFFD; tab and newline stay,
	 * a carriage return goes. */
	escaped("a\x01" "b\x7f" "c", "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
	escaped("a\tb\r\nc", "a\tb\nc");
	escaped("bad \xff\xfe byte", "bad \xef\xbf\xbd\xef\xbf\xbd byte");
	escaped("cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd");
	escaped("\xef\xbf\xbf", "\xef\xbf\xbd");
	escaped("\xcf\x84\xc2\xb2 caf\xc3\xa9", "\xcf\x84\xc2\xb2 caf\xc3\xa9");
	escaped(NULL, "");
}

static struct ev_link link_of(const char *study, int year, enum ev_measure m, double est, double lo, double hi)
{
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.study_id = year;
	l.study = study;
	l.year = year;
	l.design = EV_DESIGN_RCT;
	l.direction = EV_SUPPORTS;
	l.n = 100;
	l.rob = EV_ROB_LOW;
	l.status = EV_VERIFIED;
	l.outcome = "mortality";
	l.measure = m;
	l.has_estimate = !isnan(est);
	l.has_ci = !isnan(lo);
	l.estimate = est;
	l.ci_low = lo;
	l.ci_high = hi;
	return l;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void test_forest_nothing(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	struct ev_link l[2] = {link_of("a-2001", 2001, EV_MEASURE_NONE, NAN, NAN, NAN),
			       link_of("b-2002", 2002, EV_RR, 0.5, NAN, NAN)};
	assert_int_equal(ev_svg_forest(&b, l, 2, NULL), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(ev_svg_forest(&b, l, 0, NULL), 0);
	assert_int_equal(b.len, 0);
	ev_buf_free(&b);
}

static void test_forest_pooled(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	struct ev_link l[5] = {
		link_of("c-2010", 2010, EV_RR, 0.95, 0.70, 1.29), link_of("a-2001", 2001, EV_RR, 0.70, 0.50, 0.98),
		link_of("b-2005", 2005, EV_RR, 0.80, 0.60, 1.07), link_of("d-2012", 2012, EV_RR, 1.2, 0.05, 28.8),
		link_of("e-2015", 2015, EV_MEASURE_NONE, NAN, NAN, NAN),
	};
	l[3].direction = EV_CONTRADICTS;
	struct ev_group g[5];
	int ng = ev_pooled_groups(l, 5, NULL, g);
	struct ev_plot_opts o = {"title & <more>", NULL, "left <", NULL, NULL, g, ng};
	assert_int_equal(ev_svg_forest(&b, l, 5, &o), 4);
	const char *s = ev_buf_str(&b);
	assert_true(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_int_equal(count(s, "<svg"), 1);
	assert_int_equal(count(s, "</svg>"), 1);
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "<title>title &amp; &lt;more&gt;</title>"));
	assert_non_null(strstr(s, "\xe2\x86\x90 left &lt;</text>"));
	assert_non_null(strstr(s, "higher in exposed/treated \xe2\x86\x92</text>"));
	assert_non_null(strstr(s, ">Pooled, random effects (k = 4)</text>"));
	assert_non_null(strstr(s, ">Risk ratio (RR), log scale</text>"));
	/* Rows by year: a-2001 before b-2005 before c-2010. */
	assert_true(strstr(s, ">a-2001<") < strstr(s, ">b-2005<"));
	assert_true(strstr(s, ">b-2005<") < strstr(s, ">c-2010<"));
	/* The wide CI runs off both ends: two arrowheads, and the key says
	 * so; the link without an estimate is listed, not hidden. */
	assert_non_null(strstr(s, "Arrows: the interval runs past the axis."));
	assert_non_null(strstr(s, ">e-2015</text>"));
	assert_non_null(strstr(s, "Not plotted: no estimate with a 95% CI (1 link)"));
	assert_non_null(strstr(s, "mortality: no effect estimate"));
	assert_non_null(strstr(s, ">1.20 [0.05, 28.80]<"));
	assert_non_null(strstr(s, "class=\"evfp-con\" fill=\"#a44200\">contradicts<"));
	/* One diamond (a 4-point polygon) and the dark scheme's stylesheet. */
	assert_int_equal(count(s, "class=\"evfp-pool\""), 1);
	assert_non_null(strstr(s, "@media screen and (prefers-color-scheme: dark)"));
	ev_buf_free(&b);
}

/* Links the grading does not count are drawn hollow and dashed, and
 * neither pooled nor weighted. */
static void test_forest_not_counted(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	struct ev_link l[3] = {link_of("a-2001", 2001, EV_OR, 0.7, 0.5, 0.98),
			       link_of("b-2005", 2005, EV_OR, 0.8, 0.6, 1.07),
			       link_of("u-2020", 2020, EV_OR, 0.5, 0.3, 0.83)};
	l[2].status = EV_UNVERIFIED;
	struct ev_group g[3];
	struct ev_plot_opts o = {NULL, NULL, NULL, NULL, NULL, g, ev_pooled_groups(l, 3, NULL, g)};
	assert_int_equal(ev_svg_forest(&b, l, 3, &o), 3);
	const char *s = ev_buf_str(&b);
	assert_non_null(strstr(s, ">Pooled, random effects (k = 2)</text>"));
	assert_int_equal(count(s, "class=\"evfp-hollow\""), 1);
	assert_non_null(strstr(s, "stroke-dasharray=\"4 3\""));
	assert_non_null(strstr(s, ">unverified</text>"));
	assert_non_null(strstr(s, "Hollow squares on dashed lines"));
	ev_buf_free(&b);
}

/* Mean differences of different outcomes are in different units: each
 * gets its own axis. Ratios of one measure share one. */
static void test_forest_panels(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	struct ev_link l[4] = {link_of("a-2001", 2001, EV_MD, -4.5, -7.2, -1.8),
			       link_of("b-2005", 2005, EV_MD, 1.2, 0.1, 2.3), link_of("c-2010", 2010, EV_HR, 0.85, 0.75, 0.96),
			       link_of("d-2012", 2012, EV_HR, 0.9, 0.8, 1.01)};
	l[1].outcome = "weight (kg)";
	l[3].outcome = "incident disease";
	struct ev_group g[4];
	struct ev_plot_opts o = {NULL, NULL, NULL, NULL, NULL, g, ev_pooled_groups(l, 4, NULL, g)};
	assert_int_equal(ev_svg_forest(&b, l, 4, &o), 4);
	const char *s = ev_buf_str(&b);
	assert_int_equal(count(s, ">Mean difference (MD), linear scale</text>"), 2);
	assert_int_equal(count(s, ">Hazard ratio (HR), log scale</text>"), 1);
	assert_non_null(strstr(s, ">weight (kg)</text>"));
	/* No pooling across outcomes: every group has one study. */
	assert_null(strstr(s, "Pooled, random effects"));
	assert_non_null(strstr(s, "No outcome has two or more estimates to pool"));
	ev_buf_free(&b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_axis),	 cmocka_unit_test(test_linear_axis),
		cmocka_unit_test(test_tick_labels),	 cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_escape),		 cmocka_unit_test(test_forest_nothing),
		cmocka_unit_test(test_forest_pooled),	 cmocka_unit_test(test_forest_not_counted),
		cmocka_unit_test(test_forest_panels),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("svg", tests, NULL, NULL);
}
