/*
 * model_keys.h: every key of a kind with a short label, for shell
 * completion and other listings that help a person pick a key.
 */
#ifndef EV_MODEL_KEYS_H
#define EV_MODEL_KEYS_H

#include "db.h"
#include "validate.h"

/* Called for each key; label is a one-line description (a claim's text,
 * "year design: title" for a study, an article's title, "N claims" for a
 * topic) or NULL. Both strings are borrowed for the call. Return nonzero
 * to stop. */
typedef int (*ev_key_fn)(void *ud, const char *key, const char *label);

/* Calls fn for every key of `kind` (EV_KIND_COUNT: topics; EV_LINK has no
 * keys) that starts with `prefix` (may be ""), in key order. Returns 0, or
 * -1 after reporting a database error. */
int ev_model_keys(struct ev_db *db, enum ev_kind kind, const char *prefix, ev_key_fn fn, void *ud);

#endif
