/*
 * test_hashtab.c: the hash table the importer and the search query keep
 * their entries in (hashtab.h): entries found by hash and key, colliding
 * hashes told apart by the caller's comparison, every entry kept in the
 * order added through the slots' growth, and an empty table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hashtab.h"

struct pair {
	int key, value;
};

static int same_key(const void *entry, const void *key) { return ((const struct pair *)entry)->key == *(const int *)key; }

/* Adds key with value when it is new; returns whether it was. */
static int put(struct ev_hashtab *t, uint64_t hash, int key, int value)
{
	int added;
	struct pair *p = ev_hashtab_add(t, sizeof *p, hash, same_key, &key, &added);
	if (added) {
		p->key = key;
		p->value = value;
	}
	return added;
}

static const struct pair *get(const struct ev_hashtab *t, uint64_t hash, int key)
{
	return ev_hashtab_find(t, sizeof(struct pair), hash, same_key, &key);
}

static void test_empty(void **state)
{
	struct ev_hashtab t = {0};
	(void)state;
	assert_null(get(&t, 7, 7));
	ev_hashtab_free(&t);
	assert_int_equal(t.n, 0);
}

static void test_add_and_find(void **state)
{
	struct ev_hashtab t = {0};
	int added, key = 5;
	(void)state;
	struct pair *p = ev_hashtab_add(&t, sizeof *p, 5, same_key, &key, &added);
	assert_int_equal(added, 1);
	assert_int_equal(p->key, 0); /* a new entry comes zeroed */
	p->key = 5;
	p->value = 50;
	assert_int_equal(put(&t, 5, 5, 99), 0); /* there already: not replaced */
	assert_int_equal(get(&t, 5, 5)->value, 50);
	assert_null(get(&t, 6, 6));
	assert_int_equal(t.n, 1);
	ev_hashtab_free(&t);
}

/* Every key under one hash: each probe passes the others, and the
 * comparison alone tells them apart. */
static void test_collisions(void **state)
{
	struct ev_hashtab t = {0};
	(void)state;
	for (int k = 0; k < 100; k++)
		assert_int_equal(put(&t, 42, k, k * 10), 1);
	for (int k = 0; k < 100; k++)
		assert_int_equal(get(&t, 42, k)->value, k * 10);
	assert_null(get(&t, 42, 100));
	assert_null(get(&t, 43, 5)); /* the right key under another hash is not it */
	ev_hashtab_free(&t);
}

/* Far more entries than the first slots hold: all still found after the
 * slots grow, and kept in the order added. */
static void test_growth_keeps_order(void **state)
{
	struct ev_hashtab t = {0};
	(void)state;
	for (int k = 0; k < 5000; k++)
		assert_int_equal(put(&t, ev_hash_bytes(&k, sizeof k), k, -k), 1);
	assert_int_equal(t.n, 5000);
	assert_true(2 * t.n <= t.cap);
	for (int k = 0; k < 5000; k++) {
		assert_int_equal(get(&t, ev_hash_bytes(&k, sizeof k), k)->value, -k);
		assert_int_equal(((const struct pair *)ev_hashtab_at(&t, sizeof(struct pair), (size_t)k))->key, k);
	}
	ev_hashtab_free(&t);
	assert_null(get(&t, ev_hash_bytes("x", 1), 1));
}

/* FNV-1a's published 64-bit values: the empty input gives the offset
 * basis. (The importer's earlier copies started from a basis with its
 * last digit lost; any start hashes, but this is the function named.) */
static void test_hash_bytes(void **state)
{
	(void)state;
	assert_true(ev_hash_bytes("", 0) == 0xcbf29ce484222325ull);
	assert_true(ev_hash_bytes("a", 1) == 0xaf63dc4c8601ec8cull);
	assert_true(ev_hash_bytes("foobar", 6) == 0x85944171f73967e8ull);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_and_find),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_growth_keeps_order),
		cmocka_unit_test(test_hash_bytes),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
