/*
 * test_audit.c: the comparisons of an article's stated details with a
 * study's record (audit.c): sample sizes, durations, countries,
 * populations, result words, study names, and whole claims shaped like
 * the QuinK-CAC and Larkhaven cases of the sample fixture (tests/data/sample).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "audit.h"

/* Each test frees it at its end. */
static struct ev_buf detail = EV_BUF_INIT;

#define N(stated, record, st, det)                                       \
	do {                                                             \
		assert_int_equal(ev_audit_n(stated, record, &detail), st); \
		assert_string_equal(ev_buf_str(&detail), det);           \
	} while (0)

static void test_n(void **state)
{
	(void)state;
	N(243, 180, EV_CHECK_MISMATCH, "+63 (+35%)");
	N(4807, 4807, EV_CHECK_MATCH, "");
	N(243, 244, EV_CHECK_MATCH, "-1 (-0.4%), within 5%");
	N(105, 100, EV_CHECK_MATCH, "+5 (+5%), within 5%");
	N(106, 100, EV_CHECK_MISMATCH, "+6 (+6%)");
	N(95, 100, EV_CHECK_MATCH, "-5 (-5%), within 5%");
	N(94, 100, EV_CHECK_MISMATCH, "-6 (-6%)");
	N(20000, 16057, EV_CHECK_MISMATCH, "+3,943 (+25%)");
	N(50, 0, EV_CHECK_UNCHECKED, "the record gives no sample size");
	ev_buf_free(&detail);
}

#define DUR(stated, record, st, det)                                            \
	do {                                                                    \
		assert_int_equal(ev_audit_duration(stated, record, &detail), st); \
		assert_string_equal(ev_buf_str(&detail), det);                  \
	} while (0)

static void test_duration(void **state)
{
	(void)state;
	DUR("36", "24", EV_CHECK_MISMATCH, "+12 months (+50%)");
	DUR("36", "36", EV_CHECK_MATCH, "");
	/* Tolerance: max(3 months, 10% of the record). */
	DUR("38", "36", EV_CHECK_MATCH, "+2 months (+5.6%), within tolerance");
	DUR("39", "36", EV_CHECK_MATCH, "+3 months (+8.3%), within tolerance");
	DUR("40", "36", EV_CHECK_MISMATCH, "+4 months (+11%)");
	DUR("108", "97", EV_CHECK_MISMATCH, "+11 months (+11%)");
	DUR("106", "97", EV_CHECK_MATCH, "+9 months (+9.3%), within tolerance");
	DUR("5", "6", EV_CHECK_MATCH, "-1 month (-17%), within tolerance");
	/* Ranges. */
	DUR("84-120", "84-120", EV_CHECK_MATCH, "");
	DUR("96", "84-120", EV_CHECK_MATCH, "within the record's range");
	DUR("11-13", "12", EV_CHECK_MATCH, "the stated range includes the record's");
	DUR("60-100", "84-120", EV_CHECK_MATCH, "the ranges overlap");
	DUR("36", "84-120", EV_CHECK_MISMATCH, "48 months shorter");
	DUR("130", "84-120", EV_CHECK_MATCH, "10 months apart, within tolerance");
	DUR("140", "84-120", EV_CHECK_MISMATCH, "20 months longer");
	/* What cannot be compared. */
	DUR("36", "", EV_CHECK_UNCHECKED, "the record gives no duration");
	DUR("36", NULL, EV_CHECK_UNCHECKED, "the record gives no duration");
	DUR("three years", "36", EV_CHECK_MISMATCH, "'three years' is not a number of months or a range LO-HI");
	ev_buf_free(&detail);
}

#define COUNTRY(stated, record, st, det)                                       \
	do {                                                                   \
		assert_int_equal(ev_audit_country(stated, record, &detail), st); \
		assert_string_equal(ev_buf_str(&detail), det);                 \
	} while (0)

static void test_country(void **state)
{
	(void)state;
	COUNTRY("U.S.", "USA", EV_CHECK_MATCH, "");
	COUNTRY("US", "USA", EV_CHECK_MATCH, "");
	COUNTRY("United States", "USA", EV_CHECK_MATCH, "");
	COUNTRY("America", "United States of America", EV_CHECK_MATCH, "");
	COUNTRY("u. s. a.", "USA", EV_CHECK_MATCH, "");
	COUNTRY("Holland", "Netherlands", EV_CHECK_MATCH, "");
	COUNTRY("NL", "the Netherlands", EV_CHECK_MATCH, "");
	COUNTRY("Dutch", "Netherlands", EV_CHECK_MATCH, "");
	COUNTRY("UK", "United Kingdom", EV_CHECK_MATCH, "");
	COUNTRY("England", "UK", EV_CHECK_MATCH, "");
	COUNTRY("U.S.", "Netherlands", EV_CHECK_MISMATCH, "United States vs Netherlands");
	COUNTRY("Denmark", "Netherlands", EV_CHECK_MISMATCH, "Denmark vs Netherlands");
	/* Several countries: the article's must all be in the record. */
	COUNTRY("Netherlands", "Netherlands; Belgium", EV_CHECK_MATCH, "the record also lists Belgium");
	COUNTRY("Holland and Belgium", "Belgium, Netherlands", EV_CHECK_MATCH, "");
	COUNTRY("Netherlands and Belgium", "Netherlands", EV_CHECK_MISMATCH, "Netherlands and Belgium vs Netherlands");
	/* Names not in the table are compared as folded text. */
	COUNTRY("Atlantis", "ATLANTIS", EV_CHECK_MATCH, "");
	COUNTRY("Atlantis", "Lemuria", EV_CHECK_MISMATCH, "Atlantis vs Lemuria");
	COUNTRY("USA", "", EV_CHECK_UNCHECKED, "the record gives no country");
	assert_string_equal(ev_country_name("U.S.A.", 6), "United States");
	assert_string_equal(ev_country_name("The Netherlands", 15), "Netherlands");
	assert_null(ev_country_name("Atlantis", 8));

	/* Issue 17, point 5: every country listed counts, however many (the
	 * 17th was dropped, so a list the record lacks one of matched). */
	static const char *const lands[] = {"Arvenia",	"Belmoria", "Calvessa", "Dunmarch", "Eldmoor",	"Farrowind",
					    "Glimmerby", "Hollowmere", "Ivybrook", "Juniperra", "Kestrelle", "Larkvale",
					    "Mossford",	"Nettlewick", "Oakhallow", "Pebblemore", "Quillhaven"};
	struct ev_buf stated = EV_BUF_INIT, record = EV_BUF_INIT, expect = EV_BUF_INIT;
	for (int i = 0; i < 17; i++) {
		ev_buf_addf(&stated, "%s%s", i ? ", " : "", lands[i]);
		if (i < 16)
			ev_buf_addf(&record, "%s%s", i ? ", " : "", lands[i]);
	}
	/* The detail lists them as "A, B and C". */
	for (int side = 0; side < 2; side++) {
		int n = side ? 16 : 17;
		for (int i = 0; i < n; i++)
			ev_buf_addf(&expect, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", lands[i]);
		if (!side)
			ev_buf_adds(&expect, " vs ");
	}
	COUNTRY(ev_buf_str(&stated), ev_buf_str(&record), EV_CHECK_MISMATCH, ev_buf_str(&expect));
	/* Names are compared and shown whole: two long names that differ
	 * only at their ends are two countries (they were cut at 95 bytes). */
	ev_buf_reset(&stated);
	ev_buf_reset(&record);
	ev_buf_reset(&expect);
	for (int i = 0; i < 12; i++) {
		ev_buf_adds(&stated, "Lowlands of Quarrydown ");
		ev_buf_adds(&record, "Lowlands of Quarrydown ");
	}
	ev_buf_adds(&stated, "North");
	ev_buf_adds(&record, "South");
	ev_buf_addf(&expect, "%s vs %s", ev_buf_str(&stated), ev_buf_str(&record));
	COUNTRY(ev_buf_str(&stated), ev_buf_str(&record), EV_CHECK_MISMATCH, ev_buf_str(&expect));
	ev_buf_free(&stated);
	ev_buf_free(&record);
	ev_buf_free(&expect);
	ev_buf_free(&detail);
}

/* Issue 17, point 5: a long description is read to its end (words past
 * the 128th were dropped, and a condition named there was missed). */
static void test_population_parse_reads_every_word(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	ev_buf_adds(&b, "adults");
	for (int i = 0; i < 200; i++)
		ev_buf_adds(&b, " recruited");
	ev_buf_adds(&b, " with type 2 diabetes");
	struct ev_population p;
	ev_population_parse(ev_buf_str(&b), &p);
	assert_int_equal(p.conditions, 1u << 11);
	assert_string_equal(ev_condition_name(11), "type 2 diabetes");
	ev_buf_free(&b);
}

static void test_population_parse(void **state)
{
	(void)state;
	struct ev_population p;
	ev_population_parse("older men and postmenopausal women", &p);
	assert_int_equal(p.sex, EV_SEX_BOTH);
	assert_int_equal(p.meno, EV_MENO_POST);
	assert_true(p.has_age && p.age_vague && p.age_lo == 60 && isinf(p.age_hi));
	assert_int_equal(p.conditions, 0);

	ev_population_parse("patients with coronary artery disease, men and women", &p);
	assert_int_equal(p.sex, EV_SEX_BOTH);
	assert_int_equal(p.meno, EV_MENO_UNSTATED);
	assert_int_equal(p.conditions, 1u << 1);
	assert_string_equal(ev_condition_name(1), "coronary artery disease");

	ev_population_parse("men aged 65-74 with aortic valve calcification", &p);
	assert_int_equal(p.sex, EV_SEX_MEN);
	assert_true(p.has_age && !p.age_vague && p.age_lo == 65 && p.age_hi == 74);
	assert_int_equal(p.conditions, 1u << 5);

	ev_population_parse("healthy postmenopausal women", &p);
	assert_int_equal(p.sex, EV_SEX_WOMEN);
	assert_int_equal(p.meno, EV_MENO_POST);
	assert_true(p.healthy);
	assert_false(p.has_age);

	ev_population_parse("participants without prior myocardial infarction", &p);
	assert_int_equal(p.sex, EV_SEX_UNSTATED);
	assert_int_equal(p.conditions, 0);
	assert_int_equal(p.excluded, 1u << 2);

	/* The specific condition wins over its parent. */
	ev_population_parse("diabetic patients with type 2 diabetes and cardiovascular disease", &p);
	assert_int_equal(p.conditions, (1u << 11) | (1u << 0));

	ev_population_parse("Post-menopausal women aged 55 years and older", &p);
	assert_int_equal(p.meno, EV_MENO_POST);
	assert_true(p.has_age && p.age_lo == 55 && isinf(p.age_hi));

	ev_population_parse("participants aged 55+", &p);
	assert_true(p.has_age && !p.age_vague && p.age_lo == 55 && isinf(p.age_hi));

	ev_population_parse("children under 12", &p);
	assert_true(p.has_age && !p.age_vague && p.age_lo == 0 && p.age_hi == 12);

	ev_population_parse("adults older than 70", &p);
	assert_true(p.has_age && p.age_lo == 70 && isinf(p.age_hi));

	ev_population_parse("non-diabetic adults, both sexes", &p);
	assert_int_equal(p.sex, EV_SEX_BOTH);
	assert_int_equal(p.conditions, 0);
	assert_int_equal(p.excluded, 1u << 10);

	ev_population_parse("healthy volunteers on acenocoumarol", &p);
	assert_true(p.healthy);
	assert_int_equal(p.conditions, 1u << 15);
}

#define POP(stated, record, st, det)                                                             \
	do {                                                                                     \
		assert_int_equal(ev_audit_population(stated, record, &detail, &partial, &agreed), st); \
		assert_string_equal(ev_buf_str(&detail), det);                                   \
	} while (0)

static void test_population_compare(void **state)
{
	(void)state;
	int partial;
	struct ev_buf agreed = EV_BUF_INIT;
	POP("postmenopausal women", "patients with coronary artery disease, men and women", EV_CHECK_MISMATCH,
	    "sex: women vs men and women; condition: none stated vs coronary artery disease; menopausal status "
	    "(postmenopausal) not in the record");
	assert_false(partial);
	POP("postmenopausal women", "healthy postmenopausal women", EV_CHECK_MATCH, "");
	assert_string_equal(ev_buf_str(&agreed), "postmenopausal women");
	POP("postmenopausal women", "older men and postmenopausal women", EV_CHECK_MISMATCH,
	    "sex: women vs men and women");
	assert_true(partial);
	assert_string_equal(ev_buf_str(&agreed), "postmenopausal");
	POP("participants aged 55+", "participants without prior myocardial infarction", EV_CHECK_UNCHECKED,
	    "age (55+) not in the record");
	POP("postmenopausal women", "women aged 49-70", EV_CHECK_MATCH,
	    "menopausal status (postmenopausal) not in the record");
	assert_string_equal(ev_buf_str(&agreed), "women");
	/* Conditions meet through their kinds. */
	POP("men with coronary heart disease", "men with a prior myocardial infarction", EV_CHECK_MATCH, "");
	POP("adults with diabetes", "patients with type 2 diabetes", EV_CHECK_MATCH, "");
	assert_string_equal(ev_buf_str(&agreed), "with diabetes");
	POP("healthy adults", "patients with type 2 diabetes", EV_CHECK_MISMATCH, "health: healthy vs type 2 diabetes");
	POP("patients with type 2 diabetes", "healthy volunteers", EV_CHECK_MISMATCH, "health: type 2 diabetes vs healthy");
	POP("patients with diabetes", "participants without diabetes", EV_CHECK_MISMATCH,
	    "condition: diabetes vs excluded by the record");
	POP("people with osteoporosis", "postmenopausal women", EV_CHECK_MISMATCH,
	    "condition: osteoporosis vs none named");
	POP("healthy women", "women", EV_CHECK_MATCH, "health (healthy) not in the record");
	/* Ages: one range inside the other (2 years' slack) agrees. */
	POP("men aged 55+", "men aged 65-74 with aortic valve calcification", EV_CHECK_MISMATCH,
	    "condition: none stated vs aortic valve calcification");
	assert_true(partial);
	assert_string_equal(ev_buf_str(&agreed), "men aged 55+");
	POP("adults aged 40-50", "adults aged 65-74", EV_CHECK_MISMATCH, "age: 40-50 vs 65-74");
	POP("women aged 50-70", "women aged 49-70", EV_CHECK_MATCH, "");
	POP("older adults", "adults aged 60+", EV_CHECK_MATCH, "");
	POP("children", "adults aged 60+", EV_CHECK_MISMATCH, "age: under 12 vs 60+");
	/* Nothing to compare: the same words still match. */
	POP("mice", "Mice", EV_CHECK_MATCH, "");
	POP("mice", "human cells", EV_CHECK_UNCHECKED, "no sex, menopausal status, age or condition to compare");
	POP("women", "", EV_CHECK_UNCHECKED, "the record gives no population");
	ev_buf_free(&agreed);
	ev_buf_free(&detail);
}

static void test_results(void **state)
{
	(void)state;
	assert_int_equal(ev_result_parse("supports"), EV_RESULT_SUPPORTS);
	assert_int_equal(ev_result_parse("Supported"), EV_RESULT_SUPPORTS);
	assert_int_equal(ev_result_parse("positive"), EV_RESULT_SUPPORTS);
	assert_int_equal(ev_result_parse("contradicts"), EV_RESULT_CONTRADICTS);
	assert_int_equal(ev_result_parse("refutes"), EV_RESULT_CONTRADICTS);
	assert_int_equal(ev_result_parse("no-effect"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("No effect"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("no_effect"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("null"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("not significant"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("non-significant"), EV_RESULT_NO_EFFECT);
	assert_int_equal(ev_result_parse("mixed"), EV_RESULT_MIXED);
	assert_int_equal(ev_result_parse("Inconclusive"), EV_RESULT_MIXED);
	assert_int_equal(ev_result_parse("reduces risk"), -1);
	assert_int_equal(ev_result_parse(""), -1);

	assert_true(ev_claim_is_negative("Taking MK-7 daily did not significantly improve coronary artery calcium scores."));
	assert_true(ev_claim_is_negative("Eating more leafy greens will not raise K2 levels."));
	assert_true(ev_claim_is_negative("It doesn't work."));
	assert_true(ev_claim_is_negative("No benefit was seen."));
	assert_false(ev_claim_is_negative("Vitamin K2 helps keep arteries flexible."));
	assert_false(ev_claim_is_negative("D3 raises blood calcium without directing it into bone."));
	assert_false(ev_claim_is_negative("Knowledge is power."));

	assert_int_equal(ev_result_stance(EV_RESULT_NO_EFFECT, "MK-7 did not improve CAC."), EV_SUPPORTS);
	assert_int_equal(ev_result_stance(EV_RESULT_NO_EFFECT, "MK-7 improves CAC."), EV_CONTRADICTS);
	assert_int_equal(ev_result_stance(EV_RESULT_SUPPORTS, "anything"), EV_SUPPORTS);
	assert_int_equal(ev_result_stance(EV_RESULT_CONTRADICTS, "anything"), EV_CONTRADICTS);
	assert_int_equal(ev_result_stance(EV_RESULT_MIXED, "anything"), EV_INCONCLUSIVE);
}

static void test_names(void **state)
{
	(void)state;
	struct ev_audit_study protocol = {
		.key = "quinkcac-protocol-2015",
		.title = "Menaquinone-7 to slow vascular calcification in coronary artery disease: protocol of the "
			 "QuinK-CAC trial",
		.authors = "Vossmoor LM, Scurrowby LJ",
		.year = 2015,
	};
	struct ev_audit_study gallowmere = {
		.key = "gallowmere-2004",
		.title = "Menaquinone intake: the Larkhaven Study",
		.authors = "Gallowmere JM, Vermillow C, Knottingale MHJ",
		.notes = "Hollowfen-EPQ cohort mentioned for contrast",
		.year = 2004,
	};
	struct ev_audit_study knottingale = {.key = "k15", .title = "MK-7 and arterial stiffness", .authors = "Knottingale MHJ, Brambleford LAJLM", .year = 2015};
	assert_int_equal(ev_audit_name_strength("QuinK-CAC trial", &protocol), 3);
	assert_int_equal(ev_audit_name_strength("QuinKCAC", &protocol), 3);
	assert_int_equal(ev_audit_name_strength("the QuinK CAC study", &protocol), 3);
	assert_int_equal(ev_audit_name_strength("Larkhaven Study", &protocol), 0);
	assert_int_equal(ev_audit_name_strength("Larkhaven Study", &gallowmere), 2);
	assert_int_equal(ev_audit_name_strength("the Larkhaven cohort", &gallowmere), 2);
	assert_int_equal(ev_audit_name_strength("Hollowfen", &gallowmere), 1);
	assert_int_equal(ev_audit_name_strength("Knottingale 2015", &knottingale), 3);
	assert_int_equal(ev_audit_name_strength("Knottingale et al. (2015)", &knottingale), 3);
	assert_int_equal(ev_audit_name_strength("Knottingale 2016", &knottingale), 0);
	/* Knottingale is a co-author of gallowmere-2004, not its first author. */
	assert_int_equal(ev_audit_name_strength("Knottingale 2004", &gallowmere), 0);
	/* A name longer than any buffer is compared whole: all of its words,
	 * not the first few hundred characters of them. */
	struct ev_buf title = EV_BUF_INIT, more = EV_BUF_INIT;
	for (int i = 0; i < 40; i++)
		ev_buf_addf(&title, "%sQuillamore%02d", i ? " " : "", i);
	ev_buf_addf(&more, "%s Brindlewick", ev_buf_str(&title));
	struct ev_audit_study wordy = {.key = "wordy-2020", .title = ev_buf_str(&title), .year = 2020};
	assert_int_equal(ev_audit_name_strength(ev_buf_str(&title), &wordy), 2);
	assert_int_equal(ev_audit_name_strength(ev_buf_str(&more), &wordy), 0);
	ev_buf_free(&title);
	ev_buf_free(&more);
	/* Too short, or only generic words: names nothing. */
	assert_int_equal(ev_audit_name_strength("US", &protocol), 0);
	assert_int_equal(ev_audit_name_strength("the trial", &protocol), 0);
	/* Words must meet whole: "larkhaven" is not "larkhavense". */
	struct ev_audit_study other = {.key = "x-1", .title = "The Larkhavense hartstudie"};
	assert_int_equal(ev_audit_name_strength("Larkhaven", &other), 0);
}

/* Studies shaped like the sample fixture's records that the QuinK-CAC
 * claim touches. */
static const struct ev_audit_study k2[] = {
	{"knottingale-2015", "Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women",
	 "Knottingale MHJ", NULL, 2015, EV_VERIFIED, "Netherlands", "healthy postmenopausal women", "36", 244},
	{"larkhaven-2004", "Menaquinone intake ...: the Larkhaven Study", "Gallowmere JM", NULL, 2004,
	 EV_VERIFIED, "Netherlands", "participants without prior myocardial infarction", "84-120", 4807},
	{"sheafmoor-2009", "Vitamin K supplements and coronary artery calcium progression in older men and women",
	 "Sheafmoor MK", "Quillford", 2009, EV_VERIFIED, "USA", "older men and postmenopausal women", "36", 388},
	{"quinkcac-protocol-2015", "...: protocol of the QuinK-CAC trial", "Vossmoor LM",
	 "Study protocol only", 2015, EV_VERIFIED, "Netherlands", "patients with coronary artery disease, men and women",
	 "24", 180},
	{"quinkcac-results", "[QuinK-CAC trial results; primary publication not verified]", NULL, NULL, 0,
	 EV_UNVERIFIED, "Netherlands", "patients with coronary artery disease", "24", 0},
	{"brackwater-2009", "Dietary menaquinone intake and reduced coronary calcification in postmenopausal women",
	 "Brackwater JWJ", NULL, 2009, EV_VERIFIED, "Netherlands", "postmenopausal women", NULL, 564},
};
#define NK2 ((int)(sizeof k2 / sizeof k2[0]))

static void check_item(const struct ev_audit_result *r, int i, const char *field, enum ev_check st,
		       const char *article, const char *record, const char *det)
{
	assert_true(i < r->nitems);
	assert_string_equal(r->items[i].field, field);
	assert_string_equal(ev_check_names[r->items[i].status], ev_check_names[st]);
	assert_string_equal(r->items[i].article, article);
	assert_string_equal(r->items[i].record, record);
	assert_string_equal(r->items[i].detail, det);
}

static void test_claim_conflation(void **state)
{
	(void)state;
	struct ev_link links[] = {
		{.study = "quinkcac-results", .direction = EV_CONTRADICTS, .status = EV_UNVERIFIED},
		{.study = "sheafmoor-2009", .direction = EV_SUPPORTS, .status = EV_VERIFIED},
	};
	struct ev_audit_claim c = {
		.key = "mk7-no-cac-benefit",
		.text = "Taking MK-7 daily did not significantly improve coronary artery calcium scores.",
		.study = "QuinK-CAC trial",
		.population = "postmenopausal women",
		.country = "U.S.",
		.duration = "36",
		.result = "no-effect",
		.n = 243,
		.verdict = EV_MIXED,
		.certainty = 3,
		.links = links,
		.nlinks = 2,
	};
	struct ev_audit_result r;
	ev_audit_claim(&c, k2, NK2, &r);
	assert_true(r.audited);
	assert_int_equal(r.ndetails, 4);
	assert_string_equal(k2[r.study].key, "quinkcac-protocol-2015"); /* verified before unverified */
	assert_int_equal(r.nnamed, 2);
	assert_string_equal(k2[r.named[1]].key, "quinkcac-results");
	assert_int_equal(r.nitems, 7);
	check_item(&r, 0, "study", EV_CHECK_MATCH, "QuinK-CAC trial", "quinkcac-protocol-2015",
		   "named in its key; also named: quinkcac-results (unverified)");
	check_item(&r, 1, "n", EV_CHECK_MISMATCH, "243", "180", "+63 (+35%)");
	check_item(&r, 2, "population", EV_CHECK_MISMATCH, "postmenopausal women",
		   "patients with coronary artery disease, men and women",
		   "sex: women vs men and women; condition: none stated vs coronary artery disease; menopausal "
		   "status (postmenopausal) not in the record");
	check_item(&r, 3, "country", EV_CHECK_MISMATCH, "U.S.", "Netherlands", "United States vs Netherlands");
	check_item(&r, 4, "duration", EV_CHECK_MISMATCH, "36 months", "24 months", "+12 months (+50%)");
	check_item(&r, 5, "result", EV_CHECK_MISMATCH, "no-effect", "quinkcac-results contradicts (unverified)",
		   "the article has the study backing the claim; its record has it going against the claim");
	check_item(&r, 6, "verdict", EV_CHECK_MISMATCH, "no-effect", "mixed, moderate certainty",
		   "the article reports no effect, which backs the claim (it denies an effect); the graded "
		   "evidence is mixed");
	assert_int_equal(r.ncands, 2);
	assert_string_equal(k2[r.cands[0].study].key, "knottingale-2015");
	assert_string_equal(r.cands[0].summary, "n 244, postmenopausal women, 36 months");
	assert_int_equal(r.cands[0].matched, 3);
	assert_string_equal(k2[r.cands[1].study].key, "sheafmoor-2009");
	assert_string_equal(r.cands[1].summary, "USA, 36 months, partly postmenopausal (older men and postmenopausal women)");
	assert_true(r.cands[1].score == 2.5);
	/* 6 mismatches and one likely conflation. */
	assert_int_equal(r.problems, 7);
	ev_audit_result_free(&r);
}

static void test_claim_matching(void **state)
{
	(void)state;
	struct ev_link links[] = {{.study = "larkhaven-2004", .direction = EV_SUPPORTS, .status = EV_VERIFIED}};
	struct ev_audit_claim c = {
		.text = "People with the highest vitamin K2 intake have a 52% lower risk of severe arterial calcification.",
		.study = "Larkhaven Study",
		.population = "participants aged 55+",
		.country = "Netherlands",
		.duration = "84-120",
		.result = "supports",
		.n = 4807,
		.verdict = EV_SUPPORTED,
		.certainty = 3,
		.links = links,
		.nlinks = 1,
	};
	struct ev_audit_result r;
	ev_audit_claim(&c, k2, NK2, &r);
	assert_string_equal(k2[r.study].key, "larkhaven-2004");
	check_item(&r, 1, "n", EV_CHECK_MATCH, "4807", "4807", "");
	check_item(&r, 2, "population", EV_CHECK_UNCHECKED, "participants aged 55+",
		   "participants without prior myocardial infarction", "age (55+) not in the record");
	check_item(&r, 3, "country", EV_CHECK_MATCH, "Netherlands", "Netherlands", "");
	check_item(&r, 4, "duration", EV_CHECK_MATCH, "84-120 months", "84-120 months", "");
	check_item(&r, 5, "result", EV_CHECK_MATCH, "supports", "larkhaven-2004 supports", "");
	check_item(&r, 6, "verdict", EV_CHECK_MATCH, "supports", "supported, moderate certainty", "");
	assert_int_equal(r.ncands, 0);
	assert_int_equal(r.problems, 0);
	ev_audit_result_free(&r);
}

static void test_claim_unresolved(void **state)
{
	(void)state;
	/* A name the database does not know: the details still point at a
	 * study. */
	struct ev_audit_claim c = {
		.text = "MK-7 improved arterial stiffness.",
		.study = "Quillford stiffness trial",
		.population = "healthy postmenopausal women",
		.duration = "36",
		.n = 240,
		.verdict = EV_INSUFFICIENT,
	};
	struct ev_audit_result r;
	ev_audit_claim(&c, k2, NK2, &r);
	assert_int_equal(r.study, -1);
	assert_int_equal(r.nitems, 1);
	check_item(&r, 0, "study", EV_CHECK_NOT_FOUND, "Quillford stiffness trial", "",
		   "no study in the database is named 'Quillford stiffness trial'");
	assert_int_equal(r.ncands, 1);
	assert_string_equal(k2[r.cands[0].study].key, "knottingale-2015");
	assert_string_equal(r.cands[0].summary, "n 244, healthy postmenopausal women, 36 months");
	assert_int_equal(r.problems, 2);
	ev_audit_result_free(&r);

	/* No name: the linked study the details fit best is compared. */
	struct ev_link links[] = {
		{.study = "brackwater-2009", .direction = EV_SUPPORTS},
		{.study = "sheafmoor-2009", .direction = EV_SUPPORTS},
	};
	struct ev_audit_claim d = {
		.text = "Vitamin K slowed calcification.",
		.country = "US",
		.duration = "36",
		.result = "supports",
		.verdict = EV_SUPPORTED,
		.certainty = 2,
		.links = links,
		.nlinks = 2,
	};
	ev_audit_claim(&d, k2, NK2, &r);
	assert_string_equal(k2[r.study].key, "sheafmoor-2009");
	assert_int_equal(r.how, EV_RESOLVED_LINK);
	check_item(&r, 0, "study", EV_CHECK_UNCHECKED, "", "sheafmoor-2009",
		   "no study named; compared with the linked study the details fit best");
	check_item(&r, 1, "country", EV_CHECK_MATCH, "US", "USA", "");
	check_item(&r, 3, "result", EV_CHECK_MATCH, "supports", "sheafmoor-2009 supports", "");
	assert_int_equal(r.problems, 0);
	ev_audit_result_free(&r);

	/* Nothing stated: nothing audited. */
	struct ev_audit_claim e = {.text = "Magnesium helps."};
	ev_audit_claim(&e, k2, NK2, &r);
	assert_false(r.audited);
	assert_int_equal(r.nitems, 0);
	ev_audit_result_free(&r);

	/* A result word outside the vocabulary is reported, not guessed. */
	struct ev_audit_claim f = {.text = "K2 lowers risk.", .result = "lowers risk", .verdict = EV_SUPPORTED, .certainty = 1};
	ev_audit_claim(&f, k2, NK2, &r);
	check_item(&r, 0, "verdict", EV_CHECK_UNCHECKED, "lowers risk", "supported, very-low certainty",
		   "'lowers risk' is not a result word (supports, contradicts, no-effect, mixed)");
	assert_int_equal(r.problems, 0);
	ev_audit_result_free(&r);

	/* The article says "supports"; the evidence is insufficient. */
	struct ev_audit_claim g = {.text = "Magnesium prevents deposits.", .result = "supports", .verdict = EV_INSUFFICIENT};
	ev_audit_claim(&g, k2, NK2, &r);
	check_item(&r, 0, "verdict", EV_CHECK_MISMATCH, "supports", "insufficient",
		   "the article presents the evidence as backing the claim; there is too little evidence to grade it");
	assert_int_equal(r.problems, 1);
	ev_audit_result_free(&r);
}

/* Issue 17, point 5: what the article states is quoted whole in the
 * details, however long (the study's name was cut at 1 KiB, the result
 * word at 512 bytes). */
static void test_claim_long_texts(void **state)
{
	(void)state;
	struct ev_buf name = EV_BUF_INIT, result = EV_BUF_INIT, want = EV_BUF_INIT;
	for (int i = 0; i < 100; i++) {
		ev_buf_addf(&name, "%sWrenfield%03d", i ? " " : "", i);
		ev_buf_addf(&result, "%sthe trial hinted at a trend %03d", i ? "; " : "", i);
	}
	assert_true(name.len > 1024 && result.len > 512);
	struct ev_audit_claim c = {.text = "Magnesium prevents deposits.", .study = ev_buf_str(&name),
				   .result = ev_buf_str(&result), .verdict = EV_INSUFFICIENT};
	struct ev_audit_result r;
	ev_audit_claim(&c, k2, NK2, &r);
	assert_int_equal(r.nitems, 2);
	ev_buf_addf(&want, "no study in the database is named '%s'", ev_buf_str(&name));
	check_item(&r, 0, "study", EV_CHECK_NOT_FOUND, ev_buf_str(&name), "", ev_buf_str(&want));
	ev_buf_reset(&want);
	ev_buf_addf(&want, "'%s' is not a result word (supports, contradicts, no-effect, mixed)", ev_buf_str(&result));
	check_item(&r, 1, "verdict", EV_CHECK_UNCHECKED, ev_buf_str(&result), "insufficient", ev_buf_str(&want));
	ev_audit_result_free(&r);
	ev_buf_free(&name);
	ev_buf_free(&result);
	ev_buf_free(&want);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_n),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_population_parse),
		cmocka_unit_test(test_population_parse_reads_every_word),
		cmocka_unit_test(test_population_compare),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_claim_conflation),
		cmocka_unit_test(test_claim_matching),
		cmocka_unit_test(test_claim_unresolved),
		cmocka_unit_test(test_claim_long_texts),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
