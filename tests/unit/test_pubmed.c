/*
 * test_pubmed.c: the PubMed record parsers: Citation strings in the forms
 * PubMed writes them, page ranges, author names, key material, keys,
 * publication types, and whole CSV rows and MEDLINE records turned into
 * references. Every journal, name and identifier is invented (DOIs under
 * 10.5555); the citation forms are those PubMed writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pubmed.h"

#define assert_str_or_null(expected, actual)                                                   \
	do {                                                                                   \
		const char *e_ = (expected), *a_ = (actual);                                   \
		if (!e_ && a_)                                                                 \
			fail_msg("%s: expected NULL, got '%s'", #actual, a_);                  \
		if (e_ && !a_)                                                                 \
			fail_msg("%s: expected '%s', got NULL", #actual, e_);                  \
		if (e_ && a_ && strcmp(e_, a_) != 0)                                           \
			fail_msg("%s: expected '%s', got '%s'", #actual, e_, a_);              \
	} while (0)

struct cit_case {
	const char *text, *journal;
	int found, year;
	const char *cjournal, *date, *volume, *issue, *pages, *doi;
};

static void check_citation(const struct cit_case *k)
{
	struct ev_citation c;
	int found = ev_citation_parse(k->text, k->journal, &c);
	if (found != k->found)
		fail_msg("'%s': found %d, expected %d", k->text, found, k->found);
	assert_int_equal(c.year, k->year);
	assert_str_or_null(k->cjournal, c.journal);
	assert_str_or_null(k->date, c.date);
	assert_str_or_null(k->volume, c.volume);
	assert_str_or_null(k->issue, c.issue);
	assert_str_or_null(k->pages, c.pages);
	assert_str_or_null(k->doi, c.doi);
	ev_citation_free(&c);
}

static void test_citation_forms(void **state)
{
	(void)state;
	static const struct cit_case cases[] = {
		/* the forms the issue names */
		{"Fict Behav Ther. 2022 Mar;53(2):334-347.", "Fict Behav Ther", 1, 2022, "Fict Behav Ther", "2022 Mar",
		 "53", "2", "334-347", NULL},
		{"Nutrifictia. 2020 Sep 23;12(10):2909. doi: 10.5555/nu12102909.", "Nutrifictia", 1, 2020,
		 "Nutrifictia", "2020 Sep 23", "12", "10", "2909", "10.5555/nu12102909"},
		{"Fict Front Nutr. 2023 May 12;10:1115069. doi: 10.5555/fnut.2023.1115069. eCollection 2023.",
		 "Fict Front Nutr", 1, 2023, "Fict Front Nutr", "2023 May 12", "10", NULL, "1115069", "10.5555/fnut.2023.1115069"},
		{"Naturfict. 1997 Mar 6;386(6620):78-81.", NULL, 1, 1997, "Naturfict", "1997 Mar 6", "386", "6620", "78-81",
		 NULL},
		/* the sample fixture's studies as PubMed would cite them (year only: no month is known) */
		{"Fict J Nutr. 2004;134(11):3100-5. doi: 10.5555/jn/134.11.3100.", "Fict J Nutr", 1, 2004, "Fict J Nutr",
		 "2004", "134", "11", "3100-3105", "10.5555/jn/134.11.3100"},
		{"Fict Am J Clin Nutr. 2009;89(6):1799-807.", "Fict Am J Clin Nutr", 1, 2009, "Fict Am J Clin Nutr",
		 "2009", "89", "6",
		 "1799-1807", NULL},
		{"Fict Thromb. 2015;113(5):1135-44. doi: 10.5555/TH14-08-0675.", "Fict Thromb", 1, 2015,
		 "Fict Thromb", "2015", "113", "5", "1135-1144", "10.5555/TH14-08-0675"},
		{"Fict Nutr J. 2012;11:93. doi: 10.5555/1475-2891-11-93.", NULL, 1, 2012, "Fict Nutr J", "2012", "11",
		 NULL, "93", "10.5555/1475-2891-11-93"},
		/* ahead of print, with an electronic location and without */
		{"J Fict Res. 2024 Jan 5:S0000-0000(24)00001-1. doi: 10.5555/jfr.2024.001. Online ahead of print.",
		 "J Fict Res", 1, 2024, "J Fict Res", "2024 Jan 5", NULL, NULL, "S0000-0000(24)00001-1",
		 "10.5555/jfr.2024.001"},
		{"Fict Med Rev. 2024 Feb 10. doi: 10.5555/fmr.2024.02. Online ahead of print.", "Fict Med Rev", 1, 2024,
		 "Fict Med Rev", "2024 Feb 10", NULL, NULL, NULL, "10.5555/fmr.2024.02"},
		{"J Fict Res. 2012 Mar 2. [Epub ahead of print]", NULL, 1, 2012, "J Fict Res", "2012 Mar 2", NULL, NULL,
		 NULL, NULL},
		/* supplements, parts, nested parentheses, no volume */
		{"Fict Nutr Suppl. 2014 Jul;100 Suppl 1:345S-52S.", NULL, 1, 2014, "Fict Nutr Suppl", "2014 Jul",
		 "100 Suppl 1", NULL, "345S-352S", NULL},
		{"J Fict Stud. 2011 Dec;12(Pt 2):101-9.", NULL, 1, 2011, "J Fict Stud", "2011 Dec", "12", "Pt 2",
		 "101-109", NULL},
		{"J Fict Stud. 2011;7(3 (Suppl)):e1-9.", NULL, 1, 2011, "J Fict Stud", "2011", "7", "3 (Suppl)", "e1-e9",
		 NULL},
		{"Cochrane Fict Rev. 2015 Jan 8;(1):CD000001. doi: 10.5555/14651858.CD000001.pub2.", NULL, 1, 2015,
		 "Cochrane Fict Rev", "2015 Jan 8", NULL, "1", "CD000001", "10.5555/14651858.CD000001.pub2"},
		{"J Fict Stud. 2019;12.", NULL, 1, 2019, "J Fict Stud", "2019", "12", NULL, NULL, NULL},
		{"J Fict Stud. 2009 Jun-Jul;45(6):100-10.", NULL, 1, 2009, "J Fict Stud", "2009 Jun-Jul", "45", "6",
		 "100-110", NULL},
		{"J Fict Stud. 2019 Nov/Dec;3(6):e12-5.", NULL, 1, 2019, "J Fict Stud", "2019 Nov/Dec", "3", "6",
		 "e12-e15", NULL},
		{"J Fict Stud. 2010;5:1135-44, 1150.", NULL, 1, 2010, "J Fict Stud", "2010", "5", NULL,
		 "1135-1144, 1150", NULL},
		/* a journal name with periods; the record's journal not matching */
		{"Sci. Fict. 2020;1:1.", NULL, 1, 2020, "Sci. Fict", "2020", "1", NULL, "1", NULL},
		{"J Fict Stud. 2020;1:7.", "Journal of Fictional Studies", 1, 2020, "J Fict Stud", "2020", "1", NULL, "7",
		 NULL},
		/* a journal that looks like it holds a year is skipped with its name */
		{"Fict 2000. 2001;3:4-6.", "Fict 2000", 1, 2001, "Fict 2000", "2001", "3", NULL, "4-6", NULL},
		/* no date at all: a book chapter */
		{"In: Fictional Handbook [Internet]. Testville (TS): Fict Press; 2024 Jan-.", NULL, 0, 0, NULL, NULL, NULL,
		 NULL, NULL, NULL},
		{"", NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
		{"doi: 10.5555/only.doi", NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, "10.5555/only.doi"},
		/* a year that is no year, then a real one */
		{"J Fict 3000. 1999;2:3.", NULL, 1, 1999, "J Fict 3000", "1999", "2", NULL, "3", NULL},
		/* an unbalanced issue does not run past the end */
		{"J Fict Stud. 2011;7(3:1-2", NULL, 1, 2011, "J Fict Stud", "2011", "7", "3:1-2", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_citation(&cases[i]);
}

static void test_pages(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"1135-44", "1135-1144"},   {"78-81", "78-81"},	      {"334-347", "334-347"},
		{"1799-807", "1799-1807"},  {"3100-5", "3100-3105"},  {"e12-5", "e12-e15"},
		{"123S-9S", "123S-129S"},   {"123S-9", "123S-129S"},  {"101-9", "101-109"},
		{"199-2", "199-2"},	    {"99-101", "99-101"},     {"2909", "2909"},
		{"CD000001", "CD000001"},   {"S0000-0000(24)00001-1", "S0000-0000(24)00001-1"},
		{"1135-44, 1150", "1135-1144, 1150"}, {"", ""},	      {"R12-R9", "R12-R19"},
		{"x12-y9", "x12-y9"},	    {"12-", "12-"},	      {"-5", "-5"},
		{"e1-9", "e1-e9"},	    {"9-10", "9-10"},	      {"09-10", "09-10"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = ev_pages_expand(cases[i][0]);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("'%s': expected '%s', got '%s'", cases[i][0], cases[i][1], got);
		free(got);
	}
}

static void check_author(const char *name, const char *family, const char *initials)
{
	struct ev_author a;
	assert_int_equal(ev_author_parse(name, strlen(name), &a), 0);
	char *f = strndup(a.family, a.family_len);
	char *i = a.initials ? strndup(a.initials, a.initials_len) : NULL;
	assert_str_or_null(family, f);
	assert_str_or_null(initials, i);
	free(f);
	free(i);
}

static void test_authors(void **state)
{
	(void)state;
	check_author("Knottingale MHJ", "Knottingale", "MHJ");
	check_author("van der Mistral IM", "van der Mistral", "IM");
	check_author("de Wintermoor NM", "de Wintermoor", "NM");
	check_author("Dawmoss-Hulver B", "Dawmoss-Hulver", "B");
	check_author("O'Dunnowby CJ", "O'Dunnowby", "CJ");
	check_author("  Vermillow C ", "Vermillow", "C");
	check_author("Testwell JR Jr", "Testwell", "JR");
	check_author("Testwell JR 3rd", "Testwell", "JR");
	check_author("Müller-Testmann Ö", "Müller-Testmann", "Ö");
	/* hyphenated initials (Jean-Pierre) are initials, not family name;
	 * a hyphen alone, doubled or at an end is not */
	check_author("Quillfeather J-P", "Quillfeather", "J-P");
	check_author("Quillfeather J-PM", "Quillfeather", "J-PM");
	check_author("Quillfeather J--P", "Quillfeather J--P", NULL);
	check_author("Quillfeather -J", "Quillfeather -J", NULL);
	check_author("Quillfeather J-", "Quillfeather J-", NULL);
	check_author("Fictional Study Group", "Fictional Study Group", NULL);
	check_author("Aristotle", "Aristotle", NULL);
	check_author("Jr", "Jr", NULL);
	struct ev_author a;
	assert_int_equal(ev_author_parse("  ", 2, &a), -1);
}

struct names {
	int n;
	char got[8][40];
};

static int collect(void *ud, const char *name, size_t n)
{
	struct names *x = ud;
	snprintf(x->got[x->n++], 40, "%.*s", (int)n, name);
	return x->n == 8;
}

static void test_author_lists(void **state)
{
	(void)state;
	struct names x = {0};
	assert_int_equal(ev_authors_each("Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Vermillow C.", collect, &x),
			 4);
	assert_string_equal(x.got[0], "Knottingale MHJ");
	assert_string_equal(x.got[3], "Vermillow C");
	memset(&x, 0, sizeof x);
	assert_int_equal(ev_authors_each("Testwell JR Jr., Fictional Study Group", collect, &x), 2);
	assert_string_equal(x.got[0], "Testwell JR Jr.");
	assert_string_equal(x.got[1], "Fictional Study Group");
	memset(&x, 0, sizeof x);
	assert_int_equal(ev_authors_each("Testwell A, Testman B Jr.", collect, &x), 2);
	assert_string_equal(x.got[1], "Testman B Jr.");
	memset(&x, 0, sizeof x);
	assert_int_equal(ev_authors_each(" , ,", collect, &x), 0);
	assert_int_equal(ev_authors_each("", collect, &x), 0);
}

static void check_slug(const char *in, size_t max, const char *out)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_slug_add(&b, in, strlen(in), max);
	if (strcmp(ev_buf_str(&b), out) != 0)
		fail_msg("'%s': expected '%s', got '%s'", in, out, ev_buf_str(&b));
	ev_buf_free(&b);
}

static void test_slugs(void **state)
{
	(void)state;
	check_slug("Müller", 40, "muller");
	check_slug("van der Mistral", 40, "van-der-mistral");
	check_slug("O'Dunnowby", 40, "odunnowby");
	check_slug("O\xe2\x80\x99" "Dunnowby", 40, "odunnowby"); /* a typographic apostrophe */
	check_slug("Ørsted", 40, "orsted");
	check_slug("Strauß", 40, "strauss");
	check_slug("Łukasz Dvořák", 40, "lukasz-dvorak");
	check_slug("  --Dawmoss-Hulver-- ", 40, "dawmoss-hulver");
	check_slug("Fictional Study Group for Testing", 20, "fictional-study");
	check_slug("Abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij");
	check_slug("\xff\xfe", 40, "");            /* invalid UTF-8 is no letter */
	check_slug("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", 40, ""); /* Cyrillic has no ASCII form here */
}

static void check_key(const char *family, int year, const char *title, const char *out)
{
	char *k = ev_key_base(family, family ? strlen(family) : 0, year, title);
	if (strcmp(k, out) != 0)
		fail_msg("expected '%s', got '%s'", out, k);
	free(k);
}

static void test_keys(void **state)
{
	(void)state;
	check_key("Knottingale", 2015, NULL, "knottingale-2015");
	check_key("van der Mistral", 2004, NULL, "van-der-mistral-2004");
	check_key("Müller", 2020, NULL, "muller-2020");
	check_key(NULL, 0, "The effect of vitamin K on nothing", "vitamin-nd");
	check_key(NULL, 2020, NULL, "study-2020");
	check_key("", 2020, "[Not Available]", "study-2020");

	struct ev_buf b = EV_BUF_INIT;
	static const struct {
		unsigned n;
		const char *key;
	} c[] = {{0, "k-2015"},	    {1, "k-2015-b"},   {2, "k-2015-c"},	 {24, "k-2015-y"},
		 {25, "k-2015-z"},  {26, "k-2015-aa"}, {27, "k-2015-ab"}, {51, "k-2015-az"},
		 {52, "k-2015-ba"}, {701, "k-2015-zz"}, {702, "k-2015-aaa"}};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		ev_key_candidate(&b, "k-2015", c[i].n);
		assert_string_equal(ev_buf_str(&b), c[i].key);
	}
	ev_buf_free(&b);
}

static void test_pubtypes(void **state)
{
	(void)state;
	const char *rct[] = {"Journal Article", "Randomized Controlled Trial", "Research Support, Non-U.S. Gov't"};
	const char *ma[] = {"Review", "Systematic Review", "Meta-Analysis"};
	const char *sr[] = {"Journal Article", "Review", "Systematic Review"};
	const char *both[] = {"Clinical Trial", "Randomized Controlled Trial"};
	const char *cct[] = {"Controlled Clinical Trial"};
	const char *ph3[] = {"Clinical Trial, Phase III", "Multicenter Study"};
	const char *obs[] = {"Journal Article", "Observational Study"};
	const char *cmp[] = {"Comparative Study"};
	const char *cases[] = {"Case Reports", "Review"};
	const char *vet[] = {"Randomized Controlled Trial, Veterinary", "Randomized Controlled Trial"};
	const char *rev[] = {"Journal Article", "Review"};
	assert_int_equal(ev_pubtype_design(rct, 3), EV_DESIGN_RCT);
	assert_int_equal(ev_pubtype_design(ma, 3), EV_DESIGN_META_ANALYSIS);
	assert_int_equal(ev_pubtype_design(sr, 3), EV_DESIGN_SYSTEMATIC_REVIEW);
	assert_int_equal(ev_pubtype_design(both, 2), EV_DESIGN_RCT);
	assert_int_equal(ev_pubtype_design(cct, 1), EV_DESIGN_NON_RANDOMIZED_TRIAL);
	assert_int_equal(ev_pubtype_design(ph3, 2), EV_DESIGN_NON_RANDOMIZED_TRIAL);
	assert_int_equal(ev_pubtype_design(obs, 2), EV_DESIGN_NONE);
	assert_int_equal(ev_pubtype_design(cmp, 1), EV_DESIGN_NONE);
	assert_int_equal(ev_pubtype_design(cases, 2), EV_DESIGN_CASE_SERIES);
	assert_int_equal(ev_pubtype_design(vet, 2), EV_DESIGN_ANIMAL);
	assert_int_equal(ev_pubtype_design(rev, 2), EV_DESIGN_REVIEW);
	assert_int_equal(ev_pubtype_design(NULL, 0), EV_DESIGN_NONE);
	assert_true(ev_pubtype_is_generic("Journal Article"));
	assert_true(ev_pubtype_is_generic("Research Support, N.I.H., Extramural"));
	assert_false(ev_pubtype_is_generic("Observational Study"));
}

static void test_csv_row(void **state)
{
	(void)state;
	const char *v[EV_PM_COUNT] = {
		"90000104",
		("Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a "
		 "randomised placebo-controlled trial."),
		"Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C.",
		"Fict Thromb. 2015;113(5):1135-44. doi: 10.5555/TH14-08-0675.",
		"Knottingale MHJ",
		"Fict Thromb",
		"2015",
		"",
		NULL,
		"",
		"10.5555/TH14-08-0675",
	};
	struct ev_ref r;
	ev_ref_from_csv(&r, v, 7);
	assert_string_equal(r.value[EV_REF_PMID], "90000104");
	assert_string_equal(r.value[EV_REF_TITLE], "Menaquinone-7 supplements and arterial stiffness in healthy "
						   "postmenopausal women: a randomised placebo-controlled trial");
	assert_string_equal(r.value[EV_REF_AUTHORS], "Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C");
	assert_string_equal(r.value[EV_REF_JOURNAL], "Fict Thromb");
	assert_string_equal(r.value[EV_REF_YEAR], "2015");
	assert_string_equal(r.value[EV_REF_VOLUME], "113");
	assert_string_equal(r.value[EV_REF_ISSUE], "5");
	assert_string_equal(r.value[EV_REF_PAGES], "1135-1144");
	assert_string_equal(r.value[EV_REF_DOI], "10.5555/TH14-08-0675");
	assert_string_equal(r.origin[EV_REF_PAGES], "Citation");
	assert_int_equal(r.line[EV_REF_TITLE], 7);
	assert_string_equal(r.family, "Knottingale");
	assert_int_equal(r.design, EV_DESIGN_NONE);
	ev_ref_free(&r);

	/* Empty columns: the year and DOI from the citation, the first
	 * author from the list. */
	const char *w[EV_PM_COUNT] = {"900000001", "A fictional trial of testing.", "van der Testen AB, Testwell C.",
				      "J Fict Res. 2021 Jan;3(1):10-9. doi: 10.5555/jfr.2021.1.", "", "", "", NULL,
				      NULL, NULL, ""};
	ev_ref_from_csv(&r, w, 2);
	assert_string_equal(r.value[EV_REF_YEAR], "2021");
	assert_string_equal(r.value[EV_REF_JOURNAL], "J Fict Res");
	assert_string_equal(r.value[EV_REF_DOI], "10.5555/jfr.2021.1");
	assert_string_equal(r.value[EV_REF_PAGES], "10-19");
	assert_string_equal(r.family, "van der Testen");
	assert_string_equal(r.value[EV_REF_ISSUE], "1");
	ev_ref_free(&r);
}

static int one_record(void *ud, const struct ev_medline_record *rec)
{
	ev_ref_from_medline(ud, rec);
	return 0;
}

static void no_error(void *ud, long line, const char *msg)
{
	(void)ud;
	fail_msg("line %ld: %s", line, msg);
}

static void read_ref(const char *text, struct ev_ref *r)
{
	struct ev_medline *m = ev_medline_new(one_record, no_error, r);
	assert_int_equal(ev_medline_feed(m, text, strlen(text)), 0);
	assert_int_equal(ev_medline_finish(m), 0);
	assert_int_equal(ev_medline_count(m), 1);
	ev_medline_free(m);
}

static void test_medline_ref(void **state)
{
	(void)state;
	struct ev_ref r;
	read_ref("\nPMID- 900000002\n"
		 "OWN - NLM\n"
		 "TI  - A fictional randomized trial of testing in the land of\n"
		 "      make-believe.\n"
		 "PG  - 1135-44\n"
		 "LID - 10.5555/fict.2019.7 [doi]\n"
		 "AB  - Not stored.\n"
		 "FAU - Müller-Testmann, Örjan\n"
		 "AU  - Müller-Testmann Ö\n"
		 "FAU - van der Testen, Anna B\n"
		 "AU  - van der Testen AB\n"
		 "CN  - Fictional Study Group\n"
		 "PT  - Journal Article\n"
		 "PT  - Randomized Controlled Trial\n"
		 "PT  - Multicenter Study\n"
		 "DP  - 2019 Winter\n"
		 "TA  - J Fict Res\n"
		 "JT  - Journal of fictional research\n"
		 "VI  - 7\n"
		 "IP  - 2 Pt 1\n"
		 "SO  - J Fict Res. 2019 Winter;7(2 Pt 1):1135-44. doi: 10.5555/fict.2019.7.\n",
		 &r);
	assert_string_equal(r.value[EV_REF_PMID], "900000002");
	assert_string_equal(r.value[EV_REF_TITLE],
			    "A fictional randomized trial of testing in the land of make-believe");
	assert_int_equal(r.line[EV_REF_TITLE], 4);
	assert_string_equal(r.origin[EV_REF_TITLE], "TI");
	assert_string_equal(r.value[EV_REF_AUTHORS], "Müller-Testmann Ö, van der Testen AB, Fictional Study Group");
	assert_string_equal(r.family, "Müller-Testmann");
	assert_string_equal(r.value[EV_REF_JOURNAL], "J Fict Res");
	assert_string_equal(r.value[EV_REF_YEAR], "2019");
	assert_string_equal(r.value[EV_REF_VOLUME], "7");
	assert_string_equal(r.value[EV_REF_ISSUE], "2 Pt 1");
	assert_string_equal(r.value[EV_REF_PAGES], "1135-1144");
	assert_string_equal(r.value[EV_REF_DOI], "10.5555/fict.2019.7");
	assert_string_equal(r.origin[EV_REF_DOI], "LID");
	assert_int_equal(r.design, EV_DESIGN_RCT);
	assert_string_equal(r.hint, "Randomized Controlled Trial; Multicenter Study");
	assert_false(r.retracted);
	ev_ref_free(&r);

	/* FAU only, the DOI in AID, volume and pages only in SO, retracted. */
	read_ref("PMID- 900000003\n"
		 "TI  - A retracted fictional observation.\n"
		 "FAU - O'Testy, Jean-Pierre Q\n"
		 "FAU - Åberg, Östen\n"
		 "AID - S0000-0000(19)00001-1 [pii]\n"
		 "AID - 10.5555/fict.2019.8 [doi]\n"
		 "PT  - Journal Article\n"
		 "PT  - Observational Study\n"
		 "PT  - Retracted Publication\n"
		 "DP  - 2019\n"
		 "SO  - Fict Obs. 2019;4:e12-5.\n",
		 &r);
	assert_string_equal(r.value[EV_REF_AUTHORS], "O'Testy JPQ, Åberg Ö");
	assert_string_equal(r.family, "O'Testy");
	assert_string_equal(r.value[EV_REF_DOI], "10.5555/fict.2019.8");
	assert_string_equal(r.value[EV_REF_VOLUME], "4");
	assert_string_equal(r.value[EV_REF_PAGES], "e12-e15");
	assert_string_equal(r.value[EV_REF_JOURNAL], "Fict Obs");
	assert_null(r.value[EV_REF_ISSUE]);
	assert_int_equal(r.design, EV_DESIGN_NONE);
	assert_true(r.retracted);
	assert_string_equal(r.hint, "Observational Study; Retracted Publication");
	ev_ref_free(&r);
}

static void problem_count(void *ud, const char *column, const char *message)
{
	char *buf = ud;
	snprintf(buf, 200, "%s: %s", column, message);
}

static void test_to_record(void **state)
{
	(void)state;
	const char *v[EV_PM_COUNT] = {"12x", "A fictional title.", "", "", "", "", "2015", "", "", "", ""};
	struct ev_ref ref;
	struct ev_record r = {0};
	unsigned char present[EV_MAX_FIELDS];
	char msg[200] = "";
	ev_ref_from_csv(&ref, v, 3);
	assert_int_equal(ev_ref_to_record(&ref, &r, present, problem_count, msg), 1);
	assert_string_equal(msg, "pmid: '12x' is not an integer");
	assert_true(present[ev_field_index(EV_STUDY, "title")]);
	assert_true(present[ev_field_index(EV_STUDY, "year")]);
	assert_false(present[ev_field_index(EV_STUDY, "authors")]);
	assert_false(present[ev_field_index(EV_STUDY, "design")]);
	assert_int_equal(ev_record_get(&r, "year")->i, 2015);
	ev_ref_new_study(&ref, &r, present);
	assert_string_equal(ev_record_text(&r, "status"), "unverified");
	assert_string_equal(ev_record_text(&r, "source"), "PubMed CSV export, PMID 12x");
	assert_null(ev_record_text(&r, "notes"));
	ev_ref_free(&ref);
	ev_record_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_citation_forms), cmocka_unit_test(test_pages),
		cmocka_unit_test(test_authors),	       cmocka_unit_test(test_author_lists),
		cmocka_unit_test(test_slugs),	       cmocka_unit_test(test_keys),
		cmocka_unit_test(test_pubtypes),       cmocka_unit_test(test_csv_row),
		cmocka_unit_test(test_medline_ref),    cmocka_unit_test(test_to_record),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("pubmed", tests, NULL, NULL);
}
