/*
 * test_validate.c: field and record rules, with the exact messages users
 * see (import and the curation commands share them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "validate.h"

static char last[1024];
static int problems;

static void on_problem(void *ud, const char *column, const char *msg)
{
	(void)ud;
	problems++;
	snprintf(last, sizeof last, "%s: %s", column, msg);
}

/* Validates `raw` for column `name` of `kind`; returns 0 or -1. */
static int field(struct ev_record *r, enum ev_kind kind, const char *name, const char *raw)
{
	int i = ev_field_index(kind, name);
	assert_true(i >= 0);
	last[0] = '\0';
	return ev_validate_field(r, i, raw, strlen(raw), on_problem, NULL);
}

#define BAD(kind, name, raw, msg)                                                                  \
	do {                                                                                       \
		ev_record_reset(&r, kind);                                                         \
		assert_int_equal(field(&r, kind, name, raw), -1);                                  \
		assert_string_equal(last, msg);                                                    \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	struct ev_record r = {0};
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(field(&r, EV_STUDY, "sample_size", "4807"), 0);
	assert_int_equal(ev_record_get(&r, "sample_size")->i, 4807);
	BAD(EV_STUDY, "sample_size", "-4", "sample_size: '-4' is not a positive integer");
	BAD(EV_STUDY, "sample_size", "0", "sample_size: '0' is not a positive integer");
	BAD(EV_STUDY, "sample_size", "1,000", "sample_size: '1,000' is not an integer (write digits only, without separators or spaces)");
	BAD(EV_STUDY, "sample_size", "1 000", "sample_size: '1 000' is not an integer (write digits only, without separators or spaces)");
	BAD(EV_STUDY, "sample_size", "1e3", "sample_size: '1e3' is not an integer (write whole numbers without decimals or exponents)");
	BAD(EV_STUDY, "sample_size", "99999999999999999999", "sample_size: '99999999999999999999' is too large");
	BAD(EV_STUDY, "sample_size", "NaN", "sample_size: 'NaN' is not an integer");
	BAD(EV_STUDY, "year", "1799", "year: '1799' is out of range (1800 to 2100)");
	BAD(EV_STUDY, "pmid", "PMC123", "pmid: 'PMC123' is not an integer");
	ev_record_free(&r);
}

static void test_reals(void **state)
{
	(void)state;
	struct ev_record r = {0};
	ev_record_reset(&r, EV_LINK);
	assert_int_equal(field(&r, EV_LINK, "p_value", "1e-5"), 0);
	assert_int_equal(field(&r, EV_LINK, "estimate", "-17.37"), 0);
	BAD(EV_LINK, "estimate", "inf", "estimate: 'inf' is not a number");
	BAD(EV_LINK, "estimate", "nan", "estimate: 'nan' is not a number");
	BAD(EV_LINK, "estimate", "0x10", "estimate: '0x10' is not a number");
	BAD(EV_LINK, "estimate", "1e999", "estimate: '1e999' is too large");
	BAD(EV_LINK, "estimate", "0,48", "estimate: '0,48' is not a number (use '.' as the decimal mark and no thousands separators)");
	BAD(EV_LINK, "p_value", "1.2", "p_value: '1.2' is out of range (0 to 1)");
	BAD(EV_LINK, "p_value", "<0.001", "p_value: '<0.001' is not a number");
	ev_record_free(&r);
}

static void test_keys_and_topics(void **state)
{
	(void)state;
	struct ev_record r = {0};
	ev_record_reset(&r, EV_CLAIM);
	assert_int_equal(field(&r, EV_CLAIM, "key", "k2-activates-mgp"), 0);
	assert_int_equal(field(&r, EV_CLAIM, "topics", "mechanism; arterial-calcification"), 0);
	assert_string_equal(ev_record_text(&r, "topics"), "mechanism;arterial-calcification");
	const char *bad[] = {"Knottingale-2015", "knottingale 2015", "../etc", "-x", "x-", "k\xc3\xa9y"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[256];
		snprintf(want, sizeof want,
			 "key: '%s' is not a valid key (use lowercase letters, digits and '-', starting with a "
			 "letter or digit)",
			 bad[i]);
		BAD(EV_CLAIM, "key", bad[i], want);
	}
	BAD(EV_CLAIM, "topics", "a;;b", "topics: 'a;;b': an empty item is not a valid key (use lowercase letters, digits and '-', separated by ';')");
	BAD(EV_CLAIM, "topics", "a;b;a", "topics: 'a;b;a' lists 'a' twice");
	ev_record_free(&r);
}

static void test_enums_suggest(void **state)
{
	(void)state;
	struct ev_record r = {0};
	BAD(EV_LINK, "measure", "rr", "measure: 'rr' is not one of RR, OR, HR, MD, SMD or RD; did you mean 'RR'?");
	BAD(EV_LINK, "direction", "support", "direction: 'support' is not one of supports, contradicts or inconclusive; did you mean 'supports'?");
	BAD(EV_LINK, "indirect", "true", "indirect: 'true' is not one of yes or no");
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(field(&r, EV_STUDY, "risk_of_bias", ""), 0);
	assert_string_equal(ev_record_text(&r, "risk_of_bias"), "unknown"); /* the default */
	ev_record_free(&r);
}

static void test_dates_dois_urls_months(void **state)
{
	(void)state;
	struct ev_record r = {0};
	ev_record_reset(&r, EV_ARTICLE);
	assert_int_equal(field(&r, EV_ARTICLE, "published", "2024-02-29"), 0);
	BAD(EV_ARTICLE, "published", "2023-02-29", "published: '2023-02-29' is not a date (YYYY-MM-DD, a real calendar day)");
	BAD(EV_ARTICLE, "published", "2023-02-30", "published: '2023-02-30' is not a date (YYYY-MM-DD, a real calendar day)");
	BAD(EV_ARTICLE, "published", "23/10/2025", "published: '23/10/2025' is not a date (YYYY-MM-DD, a real calendar day)");
	BAD(EV_ARTICLE, "url", "javascript:alert(1)", "url: 'javascript:alert(1)' is not an http:// or https:// URL");
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(field(&r, EV_STUDY, "doi", "10.5555/134.11.3100"), 0);
	BAD(EV_STUDY, "doi", "https://doi.org/10.12/x", "doi: 'https://doi.org/10.12/x' is not a DOI (10.NNNN/...)");
	BAD(EV_STUDY, "doi", "11.1093/x", "doi: '11.1093/x' is not a DOI (10.NNNN/...)");
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(field(&r, EV_STUDY, "duration_months", "84-120"), 0);
	assert_int_equal(field(&r, EV_STUDY, "duration_months", "1.5"), 0);
	BAD(EV_STUDY, "duration_months", "120-84", "duration_months: '120-84' is not a number of months or a range LO-HI (e.g. 36 or 84-120)");
	BAD(EV_STUDY, "duration_months", "3 years", "duration_months: '3 years' is not a number of months or a range LO-HI (e.g. 36 or 84-120)");
	ev_record_free(&r);
}

static void test_text_rules(void **state)
{
	(void)state;
	struct ev_record r = {0};
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(field(&r, EV_STUDY, "notes", "line 1\r\nline 2"), 0);
	assert_string_equal(ev_record_text(&r, "notes"), "line 1\nline 2"); /* CRLF normalised */
	assert_int_equal(field(&r, EV_STUDY, "title", "'); DROP TABLE studies;--"), 0); /* just text */
	BAD(EV_STUDY, "title", "Caf\xe9", "title: is not valid UTF-8 (byte 0xe9 at offset 3; save the file as UTF-8)");
	BAD(EV_STUDY, "title", "bell\a", "title: contains the control character 0x07");
	BAD(EV_STUDY, "key", "a\nb", "key: 'a\\x0ab' must be on one line, without tabs");
	ev_record_reset(&r, EV_STUDY);
	assert_int_equal(ev_validate_field(&r, ev_field_index(EV_STUDY, "title"), "a\0b", 3, on_problem, NULL), -1);
	assert_string_equal(last, "title: contains a NUL byte (is the file UTF-16 or binary?)");
	ev_record_free(&r);
}

static void fill(struct ev_record *r, enum ev_kind kind, const char *const *pairs)
{
	ev_record_reset(r, kind);
	for (int i = 0; pairs[i]; i += 2)
		assert_int_equal(field(r, kind, pairs[i], pairs[i + 1]), 0);
}

static void test_record_rules(void **state)
{
	(void)state;
	struct ev_record r = {0};
	const char *missing[] = {"key", "x", "title", "T", "status", "verified", NULL};
	fill(&r, EV_STUDY, missing);
	problems = 0;
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 3); /* authors, year, design */
	assert_string_equal(last, "design: a value is required (unless status is unverified)");
	const char *unverified[] = {"key", "x", "title", "T", "status", "unverified", NULL};
	fill(&r, EV_STUDY, unverified);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 0);

	const char *inverted[] = {"claim", "c", "study", "s", "direction", "supports", "measure", "OR",
				  "estimate", "2", "ci_low", "3", "ci_high", "1", NULL};
	fill(&r, EV_LINK, inverted);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 1);
	assert_string_equal(last, "ci_low: '3' is above ci_high '1' (the interval is inverted)");
	const char *outside[] = {"claim", "c", "study", "s", "direction", "supports", "measure", "MD",
				 "estimate", "5", "ci_low", "-1", "ci_high", "1", NULL};
	fill(&r, EV_LINK, outside);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 1);
	assert_string_equal(last, "estimate: '5' lies outside its confidence interval -1 to 1");
	const char *ratio[] = {"claim", "c", "study", "s", "direction", "supports", "measure", "RR",
			       "estimate", "0", "ci_low", "-0.5", "ci_high", "1", NULL};
	fill(&r, EV_LINK, ratio);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 2);
	assert_string_equal(last, "ci_low: '-0.5' is not above 0, which a ratio (RR) must be");
	const char *half[] = {"claim", "c", "study", "s", "direction", "supports", "measure", "RR",
			      "estimate", "0.5", "ci_low", "0.2", NULL};
	fill(&r, EV_LINK, half);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 1);
	assert_string_equal(last, "ci_high: give both ends of the confidence interval, or neither");
	const char *nomeasure[] = {"claim", "c", "study", "s", "direction", "supports", "estimate", "0.5", NULL};
	fill(&r, EV_LINK, nomeasure);
	assert_int_equal(ev_validate_record(&r, on_problem, NULL), 1);
	assert_string_equal(last, "measure: a measure (RR, OR, HR, MD or SMD) is required when an estimate is given");
	ev_record_free(&r);
}

static void test_value_format_round_trips(void **state)
{
	(void)state;
	struct ev_record r = {0};
	char buf[64];
	ev_record_reset(&r, EV_LINK);
	assert_int_equal(field(&r, EV_LINK, "estimate", "0.48"), 0);
	assert_string_equal(ev_value_format(&r, ev_field_index(EV_LINK, "estimate"), buf, sizeof buf), "0.48");
	assert_int_equal(field(&r, EV_LINK, "p_value", "0.0001"), 0);
	assert_string_equal(ev_value_format(&r, ev_field_index(EV_LINK, "p_value"), buf, sizeof buf), "0.0001");
	assert_int_equal(field(&r, EV_LINK, "indirect", "yes"), 0);
	assert_string_equal(ev_value_format(&r, ev_field_index(EV_LINK, "indirect"), buf, sizeof buf), "yes");
	assert_int_equal(field(&r, EV_LINK, "ci_high", "0.1"), 0);
	assert_string_equal(ev_value_format(&r, ev_field_index(EV_LINK, "ci_high"), buf, sizeof buf), "0.1");
	ev_record_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),	   cmocka_unit_test(test_reals),
		cmocka_unit_test(test_keys_and_topics),	   cmocka_unit_test(test_enums_suggest),
		cmocka_unit_test(test_dates_dois_urls_months), cmocka_unit_test(test_text_rules),
		cmocka_unit_test(test_record_rules),	   cmocka_unit_test(test_value_format_round_trips),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
