/*
 * json.h: JSON text as evidence writes it. Documents are built with
 * jansson; these write them (pretty, key order kept, reals as jansson
 * writes them with 15 digits) and make strings from text that may not be
 * UTF-8. The output layer (out.h) prints documents through them; the
 * history (db.c) writes its JSON with them directly.
 */
#ifndef EV_JSON_H
#define EV_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

/* A JSON string for text that may not be valid UTF-8 (a database changed
 * by other tools can hold any bytes): each byte that does not belong to a
 * valid UTF-8 sequence becomes U+FFFD, because jansson refuses such a
 * string and the value would silently go missing from the output. NULL
 * gives JSON null. Returns a new reference. */
json_t *ev_json_text(const char *s);
json_t *ev_json_textn(const char *s, size_t n);

/* A JSON string (quoted and escaped) appended to b, for code that writes
 * JSON text without building a tree; bytes that are not UTF-8 become
 * U+FFFD. */
void ev_json_put_string(struct ev_buf *b, const char *s, size_t n);
/* An object's key (valid UTF-8, as jansson's keys are), quoted and escaped. */
void ev_json_put_key(struct ev_buf *b, const char *key);
/* v appended as JSON text at nesting depth `depth`, indented two spaces a
 * level; its first line is not indented (the caller has placed it). */
void ev_json_put_value(struct ev_buf *b, const json_t *v, int depth);
/* A line break and the indentation of nesting depth `depth`. */
void ev_json_newline(struct ev_buf *b, int depth);

#endif
