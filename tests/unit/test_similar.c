/*
 * test_similar.c: first authors and title similarity behind the
 * near-duplicate warning of `evidence add study`.
 *
 * The titles are invented ones like the sample fixture's (tests/data/sample),
 * changed the ways a second entry of the same paper differs from the
 * first (case, punctuation, a typo, a missing subtitle), next to pairs of
 * different papers on one topic, which must stay apart.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "similar.h"
#include "util.h"

static void family(const char *authors, const char *expected)
{
	struct ev_buf b = EV_BUF_INIT;
	assert_int_equal(ev_first_author(authors, &b), strlen(expected));
	assert_string_equal(ev_buf_str(&b), expected);
	ev_buf_free(&b);
}

static void test_first_author(void **state)
{
	(void)state;
	family("Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C", "knottingale");
	family("Dunmorrow ACP, et al.", "dunmorrow");
	family("van der Mistel YT, Brackwater JWJ", "van der mistel");
	family("Knottingale MHJ.", "knottingale");
	family("Smithwick J Jr, Doe A", "smithwick");
	/* the words names.c takes for initials and suffixes: six capitals,
	 * a suffix names.c knows ("III"), a capital outside ASCII */
	family("Quillby ABCDEF, Doe A", "quillby");
	family("Quillby JT III", "quillby");
	family("Ostbrenner \xc3\x85, Doe A", "ostbrenner");
	family("J.-P. Martin", "j.-p. martin"); /* given name first: kept whole */
	family("Martin J.-P.", "martin");
	family("Gallowmere", "gallowmere");
	family("Sheafmoor, M. Kylara", "sheafmoor");
	family("et al.", "");
	family("", "");
	family(NULL, "");
}

/* Issue 17, point 5: the owned form takes the name whole, however long
 * and however many its words (it was cut at the buffer and at 16 words). */
static void test_first_author_whole(void **state)
{
	(void)state;
	struct ev_buf authors = EV_BUF_INIT, want = EV_BUF_INIT, got = EV_BUF_INIT;
	for (int i = 0; i < 20; i++) {
		ev_buf_addf(&authors, "%sQuarrydown%02d", i ? " " : "", i);
		ev_buf_addf(&want, "%squarrydown%02d", i ? " " : "", i);
	}
	ev_buf_adds(&authors, " AB, Doe J");
	assert_int_equal(ev_first_author(ev_buf_str(&authors), &got), want.len);
	assert_string_equal(ev_buf_str(&got), ev_buf_str(&want));
	ev_buf_free(&authors);
	ev_buf_free(&want);
	ev_buf_free(&got);
}

static const char knottingale[] = "Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal "
				  "women: a randomised placebo-controlled trial";

static void test_same_paper(void **state)
{
	(void)state;
	assert_true(ev_title_similarity(knottingale, knottingale) == 1.0);
	/* case and punctuation */
	assert_true(ev_title_similarity(knottingale, "MENAQUINONE-7 SUPPLEMENTS AND ARTERIAL STIFFNESS IN HEALTHY "
						"POSTMENOPAUSAL WOMEN - A RANDOMISED PLACEBO CONTROLLED TRIAL.") == 1.0);
	/* a typo in one word (edit distance 1) */
	assert_true(ev_title_similarity(knottingale, "Menaquinone-7 supplements and arterial stifness in healthy "
						"postmenopausal women: a randomised placebo-controlled trial") == 1.0);
	/* the subtitle left off: every word of the shorter title is in the longer */
	assert_true(ev_title_similarity(knottingale, "Menaquinone-7 supplements and arterial stiffness in healthy "
						"postmenopausal women") == 1.0);
	/* randomized / randomised and one other word changed */
	double s = ev_title_similarity(knottingale, "Menaquinone-7 supplements and arterial stiffness in healthy "
					       "postmenopausal women: a randomized placebo-controlled study");
	assert_true(s >= EV_TITLE_SIMILAR);
	assert_true(s < 1.0);
}

static void test_different_papers(void **state)
{
	(void)state;
	/* Same topic, same first author family in the data: kept apart. */
	assert_true(ev_title_similarity(knottingale, "Three-year low-dose menaquinone-7 supplements and bone "
						"loss in healthy postmenopausal women") < EV_TITLE_SIMILAR);
	assert_true(ev_title_similarity("Dietary menaquinone intake is linked with a lower risk of coronary "
					"heart disease: the Larkhaven Study",
					"High dietary menaquinone intake is linked with lower coronary "
					"calcification") < EV_TITLE_SIMILAR);
	/* Four shared topic words of seven: Dice 0.57, not contained. */
	assert_true(ev_title_similarity("Vitamin K2 supplementation and arterial stiffness in dialysis patients",
					"Vitamin K2 supplementation and vascular calcification in dialysis patients") <
		    EV_TITLE_SIMILAR);
	/* A short title inside a long one is not enough (fewer than four words). */
	assert_true(ev_title_similarity("Vitamin K2", knottingale) < EV_TITLE_SIMILAR);
	/* Short words never count as typos of each other. */
	assert_true(ev_title_similarity("MK-4 and MK-7 in rats", "MK-5 and MK-8 in mice") < EV_TITLE_SIMILAR);
	assert_true(ev_title_similarity("", knottingale) == 0);
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

/* Issue 17, point 5: every word counts, however many and however long.
 * Titles were cut at 128 distinct words and words at 47 bytes, so two
 * titles differing only beyond either cut scored as the same paper. */
static void test_long_titles_whole(void **state)
{
	(void)state;
	struct ev_buf a = EV_BUF_INIT, b = EV_BUF_INIT;
	/* 200 distinct words each, the last 50 different: Dice 2*150/400 */
	for (int i = 0; i < 200; i++) {
		ev_buf_addf(&a, "%sword%03d", i ? " " : "", i);
		ev_buf_addf(&b, "%s%s%03d", i ? " " : "", i < 150 ? "word" : "other", i);
	}
	assert_float_equal(ev_title_similarity(ev_buf_str(&a), ev_buf_str(&b)), 0.75, 1e-12);
	struct ev_title_words *w = ev_title_words_new(ev_buf_str(&a));
	assert_int_equal(w->n, 200);
	assert_string_equal(w->w[199], "word199");
	ev_title_words_free(w);
	/* and repeated, each word still counts once, where it first stands */
	ev_buf_reset(&b);
	ev_buf_addf(&b, "%s %s", ev_buf_str(&a), ev_buf_str(&a));
	ev_buf_reset(&a);
	ev_buf_add(&a, b.data, b.len);
	w = ev_title_words_new(ev_buf_str(&a));
	assert_int_equal(w->n, 200);
	assert_string_equal(w->w[0], "word000");
	assert_string_equal(w->w[199], "word199");
	ev_title_words_free(w);
	ev_buf_reset(&a);
	ev_buf_reset(&b);
	/* one 60-letter word each, alike for 50 letters, then two apart (no
	 * typo): three of four words shared */
	const char *stem = "tetrahydroxymethylphosphoniumchloridederivativesof";
	ev_buf_addf(&a, "Plasma %sabcdefghij in quarry voles", stem);
	ev_buf_addf(&b, "Plasma %sabcdefghzz in quarry voles", stem);
	assert_float_equal(ev_title_similarity(ev_buf_str(&a), ev_buf_str(&b)), 0.75, 1e-12);
	w = ev_title_words_new(ev_buf_str(&a));
	assert_int_equal(w->len[1], 60);
	assert_int_equal(strlen(w->w[1]), 60);
	ev_title_words_free(w);
	ev_buf_free(&a);
	ev_buf_free(&b);
}

/* The rule as similar.h states it, the slow way: every word of a with
 * every word of b, exact twins first, then typos by the edit distance
 * table. The prepared comparison must give the same score. */
static double reference_score(const struct ev_title_words *a, const struct ev_title_words *b)
{
	int m = 0;
	if (!a->n || !b->n)
		return 0;
	unsigned char *used = calloc((size_t)b->n, 1), *matched = calloc((size_t)a->n, 1);
	assert_non_null(used);
	assert_non_null(matched);
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (!used[j] && strcmp(a->w[i], b->w[j]) == 0) {
				used[j] = matched[i] = 1;
				m++;
				break;
			}
	for (int i = 0; i < a->n; i++) {
		if (matched[i] || strlen(a->w[i]) < 5)
			continue;
		for (int j = 0; j < b->n; j++)
			if (!used[j] && strlen(b->w[j]) >= 5 && ev_edit_distance(a->w[i], b->w[j]) == 1) {
				used[j] = matched[i] = 1;
				m++;
				break;
			}
	}
	free(used);
	free(matched);
	double dice = 2.0 * m / (a->n + b->n);
	int shorter = a->n < b->n ? a->n : b->n;
	double contained = shorter >= 4 ? (double)m / shorter : 0;
	return dice > contained ? dice : contained;
}

static unsigned long long rng_state = 20261206;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng_state >> 33) % n);
}

/* A word from a small vocabulary, now and then with one typo (a letter
 * changed, added, dropped, or two swapped) or two. */
static void random_word(char *out, size_t size)
{
	static const char *const vocab[] = {"menaquinone", "arterial", "stiffness", "calcification", "placebo",
					    "trial", "women", "cohort", "vitamin", "k2", "density", "stiffnesses",
					    "arterail", "plasebo", "trials", "woman", "mk-7", "bone"};
	snprintf(out, size, "%s", vocab[rnd(sizeof vocab / sizeof vocab[0])]);
	for (unsigned typos = rnd(4) == 0 ? 1 + rnd(2) : 0; typos; typos--) {
		size_t len = strlen(out), at = rnd((unsigned)len);
		unsigned kind = rnd(4);
		if (kind == 0) { /* a letter changed */
			out[at] = (char)('a' + rnd(26));
		} else if (kind == 1 && len + 2 <= size) { /* a letter added */
			memmove(out + at + 1, out + at, len - at + 1);
			out[at] = (char)('a' + rnd(26));
		} else if (kind == 2 && len > 1) { /* a letter dropped */
			memmove(out + at, out + at + 1, len - at);
		} else if (kind == 3 && at + 1 < len) { /* two letters swapped */
			char c = out[at];
			out[at] = out[at + 1];
			out[at + 1] = c;
		}
	}
}

static void random_title(char *out, size_t size)
{
	size_t o = 0;
	for (unsigned n = rnd(12); n > 0 && o + 40 < size; n--) {
		char w[40];
		random_word(w, sizeof w);
		o += (size_t)snprintf(out + o, size - o, "%s%s", o ? " " : "", w);
	}
	out[o] = '\0';
}

static void test_prepared_words_score_as_the_rule_says(void **state)
{
	(void)state;
	char ta[600], tb[600];
	int alike = 0, typo_pairs = 0;
	for (int k = 0; k < 20000; k++) {
		random_title(ta, sizeof ta);
		/* half the time the second title is the first retyped */
		if (rnd(2)) {
			random_title(tb, sizeof tb);
		} else {
			snprintf(tb, sizeof tb, "%s", ta);
			size_t len = strlen(tb);
			if (len > 2) {
				size_t at = rnd((unsigned)len - 1);
				char c = tb[at];
				tb[at] = tb[at + 1];
				tb[at + 1] = c;
			}
		}
		struct ev_title_words *a = ev_title_words_new(ta), *b = ev_title_words_new(tb);
		double want = reference_score(a, b);
		assert_float_equal(ev_title_words_similarity(a, b, 0), want, 0);
		assert_float_equal(ev_title_similarity(ta, tb), want, 0);
		double cut = ev_title_words_similarity(a, b, EV_TITLE_SIMILAR);
		if (want >= EV_TITLE_SIMILAR) {
			assert_float_equal(cut, want, 0);
			alike++;
		} else {
			assert_true(cut < EV_TITLE_SIMILAR);
		}
		for (int i = 0; i < a->n; i++)
			for (int j = 0; j < b->n; j++)
				typo_pairs += ev_edit_distance(a->w[i], b->w[j]) == 1;
		ev_title_words_free(a);
		ev_title_words_free(b);
	}
	/* The generated pairs reach both sides of the threshold and typos. */
	assert_true(alike > 1000 && alike < 19000);
	assert_true(typo_pairs > 1000);
}

int main(int argc, char **argv)
{
	/* As main.c: letters outside ASCII are classed under a UTF-8 locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_author),
		cmocka_unit_test(test_first_author_whole),
		cmocka_unit_test(test_same_paper),	  cmocka_unit_test(test_different_papers),
		cmocka_unit_test(test_scores),		  cmocka_unit_test(test_long_titles_whole),
		cmocka_unit_test(test_prepared_words_score_as_the_rule_says),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
