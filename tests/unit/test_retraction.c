/*
 * test_retraction.c: Retraction Watch rows as notices (dates, natures,
 * "unavailable" DOIs, PMID 0, the reason list), the note they leave, and
 * the grade a claim would have with its retracted studies counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "retraction.h"

static void test_header(void **state)
{
	(void)state;
	char *full[] = {"Record ID", "Title", "RetractionDate", "OriginalPaperDOI", "OriginalPaperPubMedID",
			"RetractionNature", "Reason", "Some New Column"};
	assert_true(ev_rw_looks(full, 8));
	char *ours[] = {"key", "title", "doi"};
	assert_false(ev_rw_looks(ours, 3));
	assert_int_equal(ev_rw_column(" OriginalPaperPubMedID "), EV_RW_ORIGINAL_PMID);
	assert_int_equal(ev_rw_column("pmid"), -1);
}

static void test_notice(void **state)
{
	(void)state;
	const char *v[EV_RW_COUNT] = {0};
	struct ev_rw_notice n;
	const char *col = NULL;
	char msg[200];
	v[EV_RW_RECORD_ID] = "5001";
	v[EV_RW_RETRACTION_DATE] = "3/14/2023 0:00";
	v[EV_RW_ORIGINAL_DOI] = "unavailable";
	v[EV_RW_ORIGINAL_PMID] = "90000103";
	v[EV_RW_NATURE] = "Retraction";
	v[EV_RW_REASON] = "+Falsification/Fabrication of Data;+Investigation by Journal/Publisher;";
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), 0);
	assert_int_equal(n.nature, EV_RW_RETRACTION);
	assert_string_equal(n.date, "2023-03-14");
	assert_null(n.doi);
	assert_int_equal(n.pmid, 90000103);
	char *note = ev_rw_note(&n);
	assert_string_equal(note, "Retraction Watch 5001: Retraction 2023-03-14: Falsification/Fabrication of Data; "
				  "Investigation by Journal/Publisher");
	free(note);
	ev_rw_notice_free(&n);

	v[EV_RW_NATURE] = "Expression of concern";
	v[EV_RW_ORIGINAL_DOI] = "10.5555/x.1";
	v[EV_RW_ORIGINAL_PMID] = "0";
	v[EV_RW_RETRACTION_DATE] = "2021-06-02";
	v[EV_RW_REASON] = NULL;
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), 0);
	assert_int_equal(n.nature, EV_RW_CONCERN);
	assert_string_equal(n.doi, "10.5555/x.1");
	assert_int_equal(n.pmid, 0);
	note = ev_rw_note(&n);
	assert_string_equal(note, "Retraction Watch 5001: Expression of concern 2021-06-02");
	free(note);
	ev_rw_notice_free(&n);

	v[EV_RW_RETRACTION_DATE] = "2/30/2021";
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), 0); /* day checked to 31 only */
	ev_rw_notice_free(&n);
	v[EV_RW_RETRACTION_DATE] = "March 2021";
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), -1);
	assert_string_equal(col, "RetractionDate");
	v[EV_RW_RETRACTION_DATE] = NULL;
	v[EV_RW_ORIGINAL_DOI] = "Unavailable";
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), -1);
	assert_string_equal(col, "OriginalPaperDOI");
	assert_string_equal(msg, "neither OriginalPaperDOI nor OriginalPaperPubMedID names the paper");
	ev_rw_notice_free(&n); /* holds nothing after -1; freeing is still fine */
}

/* Issue 17, point 5: a nature of free text and a DOI are kept whole,
 * however long (the nature was cut at 63 bytes in the note, and a DOI of
 * 256 bytes or more was taken for none). Invented values. */
static void test_notice_whole(void **state)
{
	(void)state;
	const char *v[EV_RW_COUNT] = {0};
	struct ev_rw_notice n;
	const char *col = NULL;
	char msg[200], nature[301], doi[601];
	memset(nature, 'q', sizeof nature - 1);
	nature[sizeof nature - 1] = '\0';
	memcpy(doi, "10.5555/", 8);
	memset(doi + 8, 'w', sizeof doi - 9);
	doi[sizeof doi - 1] = '\0';
	v[EV_RW_RECORD_ID] = "5101";
	v[EV_RW_NATURE] = nature;
	v[EV_RW_ORIGINAL_DOI] = doi;
	assert_int_equal(ev_rw_notice(v, &n, &col, msg, sizeof msg), 0);
	assert_int_equal(n.nature, EV_RW_OTHER);
	assert_string_equal(n.nature_text, nature);
	assert_string_equal(n.doi, doi);
	char *note = ev_rw_note(&n), *want = ev_xasprintf("Retraction Watch 5101: %s", nature);
	assert_string_equal(note, want);
	free(want);
	free(note);
	ev_rw_notice_free(&n);
}

static void test_grade_with_retracted(void **state)
{
	(void)state;
	struct ev_link l[3];
	memset(l, 0, sizeof l);
	for (int i = 0; i < 3; i++) {
		l[i].design = EV_DESIGN_RCT;
		l[i].n = 500;
		l[i].outcome = "";
		l[i].status = EV_VERIFIED;
		l[i].direction = EV_SUPPORTS;
	}
	l[0].study = "a";
	l[1].study = "b";
	l[2].study = "b";
	struct ev_grade with;
	struct ev_buf names = EV_BUF_INIT;
	assert_int_equal(ev_grade_with_retracted(l, 3, NULL, &with, &names), 0);
	assert_string_equal(ev_buf_str(&names), "");
	l[1].status = l[2].status = EV_RETRACTED;
	l[1].direction = l[2].direction = EV_CONTRADICTS;
	struct ev_grade without;
	ev_grade(l, 3, &without);
	assert_int_equal(ev_grade_with_retracted(l, 3, NULL, &with, &names), 2);
	assert_string_equal(ev_buf_str(&names), "b");
	assert_int_equal(without.verdict, EV_SUPPORTED);
	assert_int_equal(with.verdict, EV_MIXED);
	/* the links themselves are left as they were */
	assert_int_equal(l[1].status, EV_RETRACTED);
	ev_grade_free(&with);
	ev_grade_free(&without);
	ev_buf_free(&names);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_notice_whole),
		cmocka_unit_test(test_grade_with_retracted),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("retraction", tests, NULL, NULL);
}
