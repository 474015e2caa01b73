/*
 * test_similar.c: first authors and title similarity behind the
 * near-duplicate warning of `evidence add study`.
 *
 * The titles are real ones from the bundled data and the reference file,
 * changed the ways a second entry of the same paper differs from the
 * first (case, punctuation, a typo, a missing subtitle), next to pairs of
 * different papers on one topic, which must stay apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "similar.h"

static void family(const char *authors, const char *expected)
{
	char buf[64];
	size_t n = ev_first_author_family(authors, buf, sizeof buf);
	assert_string_equal(buf, expected);
	assert_int_equal(n, strlen(expected));
}

static void test_first_author(void **state)
{
	(void)state;
	family("Knapen MHJ, Braam LAJLM, Drummen NE, Bekers O, Hoeks APG, Vermeer C", "knapen");
	family("Diederichsen ACP, et al.", "diederichsen");
	family("van der Schouw YT, Beulens JWJ", "van der schouw");
	family("Knapen MHJ.", "knapen");
	family("Smith J Jr, Doe A", "smith");
	family("J.-P. Martin", "j.-p. martin"); /* given name first: kept whole */
	family("Martin J.-P.", "martin");
	family("Geleijnse", "geleijnse");
	family("Shea, M. Kyla", "shea");
	family("et al.", "");
	family("", "");
	family(NULL, "");
}

static void test_first_author_truncates(void **state)
{
	char buf[8];
	(void)state;
	ev_first_author_family("Vlasschaert C, et al.", buf, sizeof buf);
	assert_true(strlen(buf) < sizeof buf);
	assert_string_equal(buf, "vlassc");
}

static const char knapen[] = "Menaquinone-7 supplementation improves arterial stiffness in healthy postmenopausal "
			     "women: a double-blind randomised clinical trial";

static void test_same_paper(void **state)
{
	(void)state;
	assert_true(ev_title_similarity(knapen, knapen) == 1.0);
	/* case and punctuation */
	assert_true(ev_title_similarity(knapen, "MENAQUINONE-7 SUPPLEMENTATION IMPROVES ARTERIAL STIFFNESS IN HEALTHY "
						"POSTMENOPAUSAL WOMEN - A DOUBLE BLIND RANDOMISED CLINICAL TRIAL.") == 1.0);
	/* a typo in one word (edit distance 1) */
	assert_true(ev_title_similarity(knapen, "Menaquinone-7 supplementation improves arterial stifness in healthy "
						"postmenopausal women: a double-blind randomised clinical trial") == 1.0);
	/* the subtitle left off: every word of the shorter title is in the longer */
	assert_true(ev_title_similarity(knapen, "Menaquinone-7 supplementation improves arterial stiffness in healthy "
						"postmenopausal women") == 1.0);
	/* randomized / randomised and one other word changed */
	double s = ev_title_similarity(knapen, "Menaquinone-7 supplementation improves arterial stiffness in healthy "
					       "postmenopausal women: a double-blind randomized controlled trial");
	assert_true(s >= EV_TITLE_SIMILAR);
	assert_true(s < 1.0);
}

static void test_different_papers(void **state)
{
	(void)state;
	/* Same topic, same first author family in the data: kept apart. */
	assert_true(ev_title_similarity(knapen, "Three-year low-dose menaquinone-7 supplementation helps decrease bone "
						"loss in healthy postmenopausal women") < EV_TITLE_SIMILAR);
	assert_true(ev_title_similarity("Dietary intake of menaquinone is associated with a reduced risk of coronary "
					"heart disease: the Rotterdam Study",
					"High dietary menaquinone intake is associated with reduced coronary "
					"calcification") < EV_TITLE_SIMILAR);
	/* Four shared topic words of seven: Dice 0.57, not contained. */
	assert_true(ev_title_similarity("Vitamin K2 supplementation and arterial stiffness in dialysis patients",
					"Vitamin K2 supplementation and vascular calcification in dialysis patients") <
		    EV_TITLE_SIMILAR);
	/* A short title inside a long one is not enough (fewer than four words). */
	assert_true(ev_title_similarity("Vitamin K2", knapen) < EV_TITLE_SIMILAR);
	/* Short words never count as typos of each other. */
	assert_true(ev_title_similarity("MK-4 and MK-7 in rats", "MK-5 and MK-8 in mice") < EV_TITLE_SIMILAR);
	assert_true(ev_title_similarity("", knapen) == 0);
	assert_true(ev_title_similarity(NULL, NULL) == 0);
	assert_true(ev_title_similarity("the of and", "a an the") == 0);
}

static void test_scores(void **state)
{
	(void)state;
	/* {vitamin, k2, bone} vs {vitamin, k2, heart}: Dice 2*2/6 */
	assert_float_equal(ev_title_similarity("Vitamin K2 and bone", "Vitamin K2 and the heart"), 2.0 / 3, 1e-12);
	/* Repeated words count once. */
	assert_float_equal(ev_title_similarity("bone bone bone", "bone"), 1.0, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_author),	  cmocka_unit_test(test_first_author_truncates),
		cmocka_unit_test(test_same_paper),	  cmocka_unit_test(test_different_papers),
		cmocka_unit_test(test_scores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
