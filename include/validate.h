/*
 * validate.h: the record formats (the CSV column contract) and the rules
 * for every field. Import and the curation commands share these so the same
 * bad value gets the same message wherever it comes from.
 */
#ifndef EV_VALIDATE_H
#define EV_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum ev_kind { EV_ARTICLE, EV_STUDY, EV_CLAIM, EV_LINK, EV_KIND_COUNT };
/* "article", "study", "claim", "link"; and the file/table names
 * "articles", "studies", "claims", "evidence". */
extern const char *const ev_kind_names[];
extern const char *const ev_kind_plurals[];
/* The kind a user's word names: singular or plural, and "links"; -1 for
 * any other word. */
int ev_kind_word(const char *word);

enum ev_ftype {
	EV_F_TEXT,     /* free text, one or more lines */
	EV_F_SLUG,     /* a key: [a-z0-9-], starting with a letter or digit */
	EV_F_SLUGS,    /* ';'-separated keys (topics) */
	EV_F_INT,      /* integer within [min, max] */
	EV_F_REAL,     /* finite decimal number within [min, max] */
	EV_F_ENUM,     /* one word of `words` */
	EV_F_DATE,     /* YYYY-MM-DD, a real calendar date */
	EV_F_DOI,      /* 10.NNNN/suffix */
	EV_F_PMID,     /* PubMed id: digits */
	EV_F_MONTHS,   /* months, or a range LO-HI */
	EV_F_YESNO,    /* yes or no, stored as 1/0 */
	EV_F_URL,      /* http(s):// URL */
};

/* Field flags. */
#define EV_REQUIRED 1          /* must have a value */
#define EV_REQUIRED_VERIFIED 2 /* must have a value unless status is unverified */
#define EV_KEY 4               /* part of the record's identity */

struct ev_field {
	const char *name;           /* CSV column name (the contract) */
	enum ev_ftype type;
	unsigned flags;
	const char *const *words;   /* EV_F_ENUM: allowed values */
	double min, max;            /* EV_F_INT, EV_F_REAL ranges */
	const char *dflt;           /* value when empty (NULL: none) */
};

/* The fields of a kind, in canonical column order. */
const struct ev_field *ev_fields(enum ev_kind kind, int *count);
/* Index of column `name` in a kind, or -1. */
int ev_field_index(enum ev_kind kind, const char *name);

/* Longest value any field may hold, in bytes. */
#define EV_FIELD_MAX (1u << 20)
#define EV_MAX_FIELDS 32

/* A validated value. Text points into the record's own storage. */
enum ev_vtype { EV_V_NULL, EV_V_INT, EV_V_REAL, EV_V_TEXT };
struct ev_value {
	enum ev_vtype type;
	int64_t i;
	double d;
	const char *s; /* EV_V_TEXT: NUL-terminated, in the record's store */
	size_t len;    /* EV_V_TEXT: strlen(s) when known, else 0 */
};

/* A record of one kind: the values of its fields in canonical order. */
struct ev_record {
	enum ev_kind kind;
	struct ev_value v[EV_MAX_FIELDS];
	struct ev_buf store; /* owns the text of v[] */
};

/* Clears a record for `kind` (all fields NULL), keeping its storage. */
void ev_record_reset(struct ev_record *r, enum ev_kind kind);
void ev_record_free(struct ev_record *r);
/* Setters used when a record is filled from the database or from flags.
 * Text is copied (CRLF becomes LF); values are not validated here. */
void ev_record_set_text(struct ev_record *r, int index, const char *s, size_t n);
void ev_record_set_int(struct ev_record *r, int index, int64_t x);
void ev_record_set_real(struct ev_record *r, int index, double x);
void ev_record_set_null(struct ev_record *r, int index);
/* Sets field `index` to its default (risk_of_bias unknown, status
 * verified, indirect no) or NULL when it has none. */
void ev_record_default(struct ev_record *r, int index);
/* Convenience accessors by column name (aborts on an unknown name, which
 * is a programming error). Text returns NULL for a NULL value. */
const struct ev_value *ev_record_get(const struct ev_record *r, const char *name);
const char *ev_record_text(const struct ev_record *r, const char *name);

/* A problem found in a value: the column and what is wrong. */
typedef void (*ev_problem_fn)(void *ud, const char *column, const char *message);

/* Validates raw text for field `f` (n bytes, not necessarily terminated)
 * and stores the typed value in r->v[index]. An empty value becomes the
 * field's default or NULL. Returns 0, or -1 after calling `problem`. */
int ev_validate_field(struct ev_record *r, int index, const char *raw, size_t n, ev_problem_fn problem,
		      void *ud);

/* Checks the rules that involve several fields of one record (required
 * fields, CI order, ratio measures > 0, ...). Reports every problem;
 * returns the number found. */
int ev_validate_record(const struct ev_record *r, ev_problem_fn problem, void *ud);

/* How far an estimate may sit from the centre of its confidence interval,
 * as a fraction of the interval's half-width, beyond what rounding of the
 * printed values explains (docs/curation.md, "Estimates far from their
 * interval's centre"). */
#define EV_CI_CENTRE_TOLERANCE (1.0 / 3.0)

/* Whether a link's estimate sits far from the centre of its confidence
 * interval (on the log scale for ratios): further than
 * EV_CI_CENTRE_TOLERANCE of the half-width plus the most that rounding of
 * the three values, as written, can move them. That is a likely sign or
 * transcription error, worth a warning but not a refusal. Returns 1 and
 * writes the message (without the column name) into msg; 0 when the
 * estimate is near enough, when the record lacks an estimate or an
 * interval, or when its values break a rule ev_validate_record reports. */
int ev_validate_ci_centre(const struct ev_record *r, char *msg, size_t size);

/* Writes a value as it appears in CSV (the import format): integers in
 * digits, yes/no fields as words, reals in the shortest form that reads
 * back to the same double. Returns a pointer to the text (buf or the
 * record's store); "" for NULL. Text is returned, never copied: buf only
 * ever holds a number (at most 24 bytes), so 32 or 40 bytes suffice. */
const char *ev_value_format(const struct ev_record *r, int index, char *buf, size_t size);

/* Parses a months value ("36", "84-120") into lo/hi. Returns 0 or -1. */
int ev_parse_months(const char *s, double *lo, double *hi);

/* Small parsers shared with curation flags (`--ci LO,HI`). Each returns
 * 0, or -1 with a message ("is not a number") in msg. */
int ev_parse_int(const char *s, size_t n, int64_t *out, const char **msg);
int ev_parse_real(const char *s, size_t n, double *out, const char **msg);

#endif
