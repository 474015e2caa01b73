/*
 * test_view.c: the JSON of a claim's assessment, built afresh and built
 * with a pool that refills the link objects of the previous claim, must
 * be the same document, member order included, whatever the links hold:
 * values that change kind (a number, then null), strings jansson refuses
 * (not UTF-8), and an earlier document still held by the caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"
#include "view.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const keys[] = {"s1", "s2", "brackwater-2009", "\xc3\xa9tude", "bad-\xff", ""};
static const char *const outcomes[] = {"", "CAC", "outcome 1",
					   ("d\xc3\xa9" "c\xc3\xa8s"), /* one string ("\xa9c" would be one escape) */
					   "x\xc0"};

static void random_link(struct ev_link *l)
{
	memset(l, 0, sizeof *l);
	l->study_id = 1 + pick(5);
	/* now and then a string that is not UTF-8 */
	l->study = keys[pick(20) ? pick(4) : 4 + pick(2)];
	l->year = pick(3) ? 1990 + (int)pick(30) : 0;
	l->design = (enum ev_design)((int)pick(EV_DESIGN_COUNT + 1) - 1);
	l->direction = (enum ev_direction)pick(EV_DIRECTION_COUNT);
	l->n = pick(3) ? 1 + pick(5000) : 0;
	l->rob = (enum ev_rob)pick(EV_ROB_COUNT);
	l->status = (enum ev_status)pick(EV_STATUS_COUNT);
	l->indirect = (int)pick(2);
	l->outcome = outcomes[pick(10) ? pick(4) : 4];
	l->measure = (enum ev_measure)((int)pick(EV_MEASURE_COUNT + 1) - 1);
	l->has_estimate = (int)pick(2);
	l->estimate = (double)pick(300) / 100;
	l->has_ci = l->has_estimate && pick(2);
	l->ci_low = l->estimate - 0.5;
	l->ci_high = l->estimate + 0.5;
	l->has_p = (int)pick(2);
	l->p_value = (double)pick(100) / 100;
}

static char *text(const json_t *j) { return json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER); }

static void test_pool_same_document(void **state)
{
	(void)state;
	struct ev_json_pool *pool = ev_json_pool_new();
	json_t *held = NULL;
	char *held_text = NULL;
	for (int round = 0; round < 400; round++) {
		struct ev_assessment a;
		memset(&a, 0, sizeof a);
		ev_record_reset(&a.claim, EV_CLAIM);
		ev_record_set_text(&a.claim, 0, "c1", 2);
		ev_record_set_text(&a.claim, 3, "a claim", 7);
		a.links.n = (int)pick(14);
		a.links.v = ev_xcalloc((size_t)a.links.n + 1, sizeof *a.links.v);
		for (int i = 0; i < a.links.n; i++)
			random_link(&a.links.v[i]);
		json_t *fresh = ev_assessment_json(&a), *pooled = ev_assessment_json_pooled(&a, pool);
		char *want = text(fresh), *got = text(pooled);
		assert_string_equal(got, want);
		free(want);
		free(got);
		json_decref(fresh);
		/* Now and then the caller keeps a document: the pool must not
		 * refill its links under it. */
		if (held) {
			char *now = text(held);
			assert_string_equal(now, held_text);
			free(now);
			json_decref(held);
			free(held_text);
			held = NULL;
		}
		if (pick(5) == 0) {
			held = pooled;
			held_text = text(held);
		} else {
			json_decref(pooled);
		}
		ev_record_free(&a.claim);
		free(a.links.v);
	}
	json_decref(held);
	free(held_text);
	ev_json_pool_free(pool);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_same_document),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
