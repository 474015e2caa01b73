/*
 * validate.c: the record formats and the rules for each field.
 *
 * The field tables below are the CSV contract of docs and README: column
 * names, which are required, types and ranges. Messages say what is wrong
 * with the value in the user's terms and, where it helps, how to fix it;
 * the caller adds file:line and the column.
 */
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain.h"
#include "linkeffect.h"

const char *const ev_kind_names[] = {"article", "study", "claim", "link", NULL};
const char *const ev_kind_plurals[] = {"articles", "studies", "claims", "evidence", NULL};

int ev_kind_word(const char *word)
{
	int k = ev_lookup(ev_kind_names, word);
	if (k < 0)
		k = ev_lookup(ev_kind_plurals, word);
	if (k < 0 && strcmp(word, "links") == 0)
		k = EV_LINK;
	return k;
}

static const char *const yesno_words[] = {"yes", "no", NULL};

#define TEXT(n, fl) {n, EV_F_TEXT, fl, NULL, 0, 0, NULL}

static const struct ev_field article_fields[] = {
	{"key", EV_F_SLUG, EV_REQUIRED | EV_KEY, NULL, 0, 0, NULL},
	TEXT("title", EV_REQUIRED),
	TEXT("author", 0),
	TEXT("publisher", 0),
	{"url", EV_F_URL, 0, NULL, 0, 0, NULL},
	{"published", EV_F_DATE, 0, NULL, 0, 0, NULL},
};

static const struct ev_field study_fields[] = {
	{"key", EV_F_SLUG, EV_REQUIRED | EV_KEY, NULL, 0, 0, NULL},
	TEXT("title", EV_REQUIRED),
	TEXT("authors", EV_REQUIRED_VERIFIED),
	TEXT("journal", 0),
	{"year", EV_F_INT, EV_REQUIRED_VERIFIED, NULL, 1800, 2100, NULL},
	TEXT("volume", 0),
	TEXT("issue", 0),
	TEXT("pages", 0),
	{"doi", EV_F_DOI, 0, NULL, 0, 0, NULL},
	{"pmid", EV_F_PMID, 0, NULL, 1, 999999999, NULL},
	{"design", EV_F_ENUM, EV_REQUIRED_VERIFIED, ev_design_names, 0, 0, NULL},
	TEXT("country", 0),
	TEXT("population", 0),
	{"sample_size", EV_F_INT, 0, NULL, 1, 1e12, NULL},
	{"duration_months", EV_F_MONTHS, 0, NULL, 0, 0, NULL},
	TEXT("intervention", 0),
	TEXT("comparator", 0),
	{"risk_of_bias", EV_F_ENUM, 0, ev_rob_names, 0, 0, "unknown"},
	TEXT("funding", 0),
	{"status", EV_F_ENUM, 0, ev_status_names, 0, 0, "verified"},
	TEXT("source", 0),
	TEXT("notes", 0),
	{"includes", EV_F_SLUGS, 0, NULL, 0, 0, NULL},
	{"included_design", EV_F_ENUM, 0, ev_included_names, 0, 0, NULL},
};

static const struct ev_field claim_fields[] = {
	{"key", EV_F_SLUG, EV_REQUIRED | EV_KEY, NULL, 0, 0, NULL},
	{"article", EV_F_SLUG, 0, NULL, 0, 0, NULL},
	{"topics", EV_F_SLUGS, EV_REQUIRED, NULL, 0, 0, NULL},
	TEXT("text", EV_REQUIRED),
	TEXT("quote", 0),
	TEXT("stated_study", 0),
	{"stated_n", EV_F_INT, 0, NULL, 1, 1e12, NULL},
	TEXT("stated_population", 0),
	TEXT("stated_country", 0),
	{"stated_duration_months", EV_F_MONTHS, 0, NULL, 0, 0, NULL},
	TEXT("stated_result", 0),
	TEXT("notes", 0),
	TEXT("outcome", 0),
	{"asserts", EV_F_ENUM, 0, ev_asserts_names, 0, 0, NULL},
};

static const struct ev_field link_fields[] = {
	{"claim", EV_F_SLUG, EV_REQUIRED | EV_KEY, NULL, 0, 0, NULL},
	{"study", EV_F_SLUG, EV_REQUIRED | EV_KEY, NULL, 0, 0, NULL},
	{"direction", EV_F_ENUM, EV_REQUIRED, ev_direction_names, 0, 0, NULL},
	{"outcome", EV_F_TEXT, EV_KEY, NULL, 0, 0, NULL},
	{"measure", EV_F_ENUM, 0, ev_measure_names, 0, 0, NULL},
	{"estimate", EV_F_REAL, 0, NULL, -HUGE_VAL, HUGE_VAL, NULL},
	{"ci_low", EV_F_REAL, 0, NULL, -HUGE_VAL, HUGE_VAL, NULL},
	{"ci_high", EV_F_REAL, 0, NULL, -HUGE_VAL, HUGE_VAL, NULL},
	{"p_value", EV_F_REAL, 0, NULL, 0, 1, NULL},
	{"n", EV_F_INT, 0, NULL, 1, 1e12, NULL},
	{"indirect", EV_F_YESNO, 0, yesno_words, 0, 0, "no"},
	TEXT("notes", 0),
	/* Raw data (schema/006): counts or means, the totals shared. Ranges
	 * here, the rules between them in ev_validate_record. */
	{"events_treat", EV_F_INT, 0, NULL, 0, 1e12, NULL},
	{"total_treat", EV_F_INT, 0, NULL, 1, 1e12, NULL},
	{"events_control", EV_F_INT, 0, NULL, 0, 1e12, NULL},
	{"total_control", EV_F_INT, 0, NULL, 1, 1e12, NULL},
	{"mean_treat", EV_F_REAL, 0, NULL, -HUGE_VAL, HUGE_VAL, NULL},
	{"sd_treat", EV_F_REAL, 0, NULL, 0, HUGE_VAL, NULL},
	{"mean_control", EV_F_REAL, 0, NULL, -HUGE_VAL, HUGE_VAL, NULL},
	{"sd_control", EV_F_REAL, 0, NULL, 0, HUGE_VAL, NULL},
	/* schema/008: the subgroup a result is about; its participants are
	 * then the link's n alone, never the study's size. */
	TEXT("subgroup", 0),
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct ev_field *ev_fields(enum ev_kind kind, int *count)
{
	switch (kind) {
	case EV_ARTICLE:
		*count = COUNT(article_fields);
		return article_fields;
	case EV_STUDY:
		*count = COUNT(study_fields);
		return study_fields;
	case EV_CLAIM:
		*count = COUNT(claim_fields);
		return claim_fields;
	case EV_LINK:
		*count = COUNT(link_fields);
		return link_fields;
	default:
		*count = 0;
		return NULL;
	}
}

int ev_field_index(enum ev_kind kind, const char *name)
{
	int n;
	const struct ev_field *f = ev_fields(kind, &n);
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return i;
	return -1;
}

void ev_record_reset(struct ev_record *r, enum ev_kind kind)
{
	r->kind = kind;
	for (int i = 0; i < EV_MAX_FIELDS; i++) {
		r->v[i].type = EV_V_NULL;
		r->v[i].s = NULL;
	}
	ev_buf_reset(&r->store);
}

void ev_record_free(struct ev_record *r) { ev_buf_free(&r->store); }

const struct ev_value *ev_record_get(const struct ev_record *r, const char *name)
{
	int i = ev_field_index(r->kind, name);
	if (i < 0) {
		fprintf(stderr, "evidence: internal error: no field '%s' in %s\n", name, ev_kind_names[r->kind]);
		abort();
	}
	return &r->v[i];
}

const char *ev_record_text(const struct ev_record *r, const char *name)
{
	const struct ev_value *v = ev_record_get(r, name);
	return v->type == EV_V_TEXT ? v->s : NULL;
}

/* Quotes a value for a message: at most 40 bytes, control bytes as \xNN,
 * so a hostile value cannot garble the terminal or hide in a long line; a
 * longer value ends with "...". At most 40 * 4 + 6 bytes, so the callers'
 * 200 hold it, and their messages (a quote, fixed words, numbers, an enum
 * word or a validated key) fit the 200 to 640 bytes they have. */
static const char *show(char *buf, size_t size, const char *s, size_t n)
{
	size_t o = 0, limit = 40;
	buf[o++] = '\'';
	for (size_t i = 0; i < n && o + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= limit && (c & 0xC0) != 0x80) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

int ev_parse_int(const char *s, size_t n, int64_t *out, const char **msg)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	if (i == n) {
		*msg = "is not an integer";
		return -1;
	}
	for (; i < n; i++) {
		if (s[i] == ',' || s[i] == ' ' || s[i] == '_' || s[i] == '\'') {
			*msg = "is not an integer (write digits only, without separators or spaces)";
			return -1;
		}
		if (s[i] == '.' || s[i] == 'e' || s[i] == 'E') {
			*msg = "is not an integer (write whole numbers without decimals or exponents)";
			return -1;
		}
		if (!isdigit((unsigned char)s[i])) {
			*msg = "is not an integer";
			return -1;
		}
		if (v > (UINT64_MAX - 9) / 10 || v * 10 + (uint64_t)(s[i] - '0') > (uint64_t)INT64_MAX) {
			*msg = "is too large";
			return -1;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int ev_parse_real(const char *s, size_t n, double *out, const char **msg)
{
	char tmp[64];
	int digits = 0;
	if (n == 0 || n >= sizeof tmp) {
		*msg = n ? "is not a number (too long)" : "is not a number";
		return -1;
	}
	/* Only plain decimal notation with an optional exponent: strtod would
	 * also take hex, "inf", "nan" and leading spaces, none of which belong
	 * in a data file. */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (isdigit((unsigned char)c))
			digits++;
		else if (c == ',') {
			*msg = "is not a number (use '.' as the decimal mark and no thousands separators)";
			return -1;
		} else if (!(c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
			*msg = "is not a number";
			return -1;
		}
	}
	if (!digits) {
		*msg = "is not a number";
		return -1;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(tmp, &end);
	if (*end || end == tmp) {
		*msg = "is not a number";
		return -1;
	}
	if (errno == ERANGE && !isfinite(v)) {
		*msg = "is too large";
		return -1;
	}
	if (!isfinite(v)) {
		*msg = "is not a finite number";
		return -1;
	}
	*out = v == 0 ? 0 : v; /* no -0 */
	return 0;
}

static int is_slug(const char *s, size_t n)
{
	if (n == 0 || n > 100 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return s[n - 1] != '-';
}

/* Whether s[0..n) starts with `prefix` (s need not be NUL-terminated). */
static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static int valid_date(const char *s, size_t n)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	/* Digits by hand: s is not NUL-terminated, so atoi could read on. */
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int valid_doi(const char *s, size_t n)
{
	/* Crossref's pattern: 10.<4-9 digit registrant>/<suffix without space> */
	size_t i = 3, start;
	if (n < 6 || strncmp(s, "10.", 3) != 0)
		return 0;
	start = i;
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
		i++;
	if (i - start < 4 || i - start > 20 || i >= n || s[i] != '/' || i + 1 >= n)
		return 0;
	for (i++; i < n; i++)
		if (isspace((unsigned char)s[i]) || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

const char *ev_value_format(const struct ev_record *r, int index, char *buf, size_t size)
{
	int count;
	const struct ev_field *f = &ev_fields(r->kind, &count)[index];
	const struct ev_value *v = &r->v[index];
	switch (v->type) {
	case EV_V_TEXT:
		return v->s;
	case EV_V_INT:
		if (f->type == EV_F_YESNO)
			return v->i ? "yes" : "no";
		snprintf(buf, size, "%lld", (long long)v->i);
		return buf;
	case EV_V_REAL:
		return ev_fmt_exact(buf, size, v->d);
	default:
		return "";
	}
}

int ev_parse_months(const char *s, double *lo, double *hi)
{
	const char *dash = strchr(s, '-');
	const char *msg;
	if (!*s)
		return -1;
	if (!dash)
		return ev_parse_real(s, strlen(s), lo, &msg) || !(*lo > 0) ? -1 : (*hi = *lo, 0);
	if (dash == s || ev_parse_real(s, (size_t)(dash - s), lo, &msg) ||
	    ev_parse_real(dash + 1, strlen(dash + 1), hi, &msg))
		return -1;
	return *lo > 0 && *lo < *hi ? 0 : -1;
}

/* Appends a copy of s[0..n) to the record's storage with CRLF and lone CR
 * turned into LF, so a value reads the same whichever line endings the
 * file had. Returns the offset of the copy. */
static size_t store_text(struct ev_record *r, const char *s, size_t n)
{
	size_t off = r->store.len;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			ev_buf_addc(&r->store, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			size_t j = i;
			while (j < n && s[j] != '\r')
				j++;
			ev_buf_add(&r->store, s + i, j - i);
			i = j - 1;
		}
	}
	ev_buf_addc(&r->store, '\0');
	return off;
}

void ev_record_set_text(struct ev_record *r, int index, const char *s, size_t n)
{
	const char *before = r->store.data;
	r->v[index].type = EV_V_TEXT;
	r->v[index].i = (int64_t)store_text(r, s, n);
	r->v[index].s = r->store.data + r->v[index].i;
	r->v[index].len = r->store.len - 1 - (size_t)r->v[index].i;
	/* When the store moved, point every text value at it again. */
	if (before && before != r->store.data)
		for (int i = 0; i < EV_MAX_FIELDS; i++)
			if (r->v[i].type == EV_V_TEXT)
				r->v[i].s = r->store.data + r->v[i].i;
}

void ev_record_set_int(struct ev_record *r, int index, int64_t x)
{
	r->v[index].type = EV_V_INT;
	r->v[index].i = x;
	r->v[index].s = NULL;
}

void ev_record_set_real(struct ev_record *r, int index, double x)
{
	r->v[index].type = EV_V_REAL;
	r->v[index].d = x;
	r->v[index].s = NULL;
}

void ev_record_set_null(struct ev_record *r, int index)
{
	r->v[index].type = EV_V_NULL;
	r->v[index].s = NULL;
}

static void ignore_problem(void *ud, const char *column, const char *message)
{
	(void)ud;
	(void)column;
	(void)message;
}

void ev_record_default(struct ev_record *r, int index)
{
	/* An empty value validates to the default; defaults are always valid. */
	ev_validate_field(r, index, "", 0, ignore_problem, NULL);
}

static int enum_problem(const struct ev_field *f, const char *shown, const char *s, ev_problem_fn problem,
			void *ud)
{
	struct ev_buf m = EV_BUF_INIT;
	size_t count = 0;
	while (f->words[count])
		count++;
	const char *near = ev_suggest(s, f->words, count);
	for (size_t i = 0; !near && i < count; i++)
		if (strcasecmp(s, f->words[i]) == 0)
			near = f->words[i];
	ev_buf_addf(&m, "%s is not one of ", shown);
	for (size_t i = 0; i < count; i++)
		ev_buf_addf(&m, "%s%s", i ? (i + 1 == count ? " or " : ", ") : "", f->words[i]);
	if (near)
		ev_buf_addf(&m, "; did you mean '%s'?", near);
	problem(ud, f->name, ev_buf_str(&m));
	ev_buf_free(&m);
	return -1;
}

/* The value quoted for a message, in a function with `shown`, `raw` and
 * `n`; formatted only when there is one. */
#define SHOWN show(shown, sizeof shown, raw, n)

/* The checks every field's bytes pass, whatever its type: length, NUL
 * bytes, UTF-8, control characters, and one line for all but free text.
 * 0, or -1 with the problem reported. */
static int check_bytes(const struct ev_field *f, const char *raw, size_t n, ev_problem_fn problem, void *ud)
{
	long bad;
	if (n > EV_FIELD_MAX) {
		char m[96];
		snprintf(m, sizeof m, "value is %zu bytes long; the limit is %u", n, EV_FIELD_MAX);
		problem(ud, f->name, m);
		return -1;
	}
	/* Most values are printable ASCII, which passes every check below:
	 * one pass over them instead of three, on the thread that reads. */
	size_t plain = 0;
	while (plain < n && (unsigned char)raw[plain] >= 0x20 && (unsigned char)raw[plain] < 0x7f)
		plain++;
	if (plain == n)
		return 0;
	if (memchr(raw, '\0', n)) {
		problem(ud, f->name, "contains a NUL byte (is the file UTF-16 or binary?)");
		return -1;
	}
	if ((bad = ev_utf8_invalid_at(raw, n)) >= 0) {
		char m[160];
		snprintf(m, sizeof m, "is not valid UTF-8 (byte 0x%02x at offset %ld; save the file as UTF-8)",
			 (unsigned char)raw[bad], bad);
		problem(ud, f->name, m);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)raw[i];
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
			char m[96];
			snprintf(m, sizeof m, "contains the control character 0x%02x", c);
			problem(ud, f->name, m);
			return -1;
		}
		/* C1 controls (U+0080 to U+009F; U+009B is CSI, U+009D OSC)
		 * are as dangerous on a terminal as C0 and never text. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)raw[i + 1] <= 0x9f) {
			char m[96];
			snprintf(m, sizeof m, "contains the control character U+%04X", (unsigned char)raw[i + 1]);
			problem(ud, f->name, m);
			return -1;
		}
		if (f->type != EV_F_TEXT && (c == '\n' || c == '\r' || c == '\t')) {
			char shown[200], m[512];
			snprintf(m, sizeof m, "%s must be on one line, without tabs", SHOWN);
			problem(ud, f->name, m);
			return -1;
		}
	}
	return 0;
}

/* A ';'-separated list of keys, stored as "a;b" (spaces around each key
 * dropped); each must be a key and none may come twice. */
static int set_slugs(struct ev_record *r, int index, const struct ev_field *f, const char *raw, size_t n,
		     ev_problem_fn problem, void *ud)
{
	char shown[200];
	/* Normalise "a; b" to "a;b" and check each key. */
	struct ev_buf norm = EV_BUF_INIT;
	const char *p = raw, *end = raw + n;
	int parts = 0, ok = 1;
	while (p <= end && ok) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *e = semi ? semi : end;
		const char *a = p, *b = e;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (!is_slug(a, (size_t)(b - a))) {
			char part[200], m[640];
			show(part, sizeof part, a, (size_t)(b - a));
			snprintf(m, sizeof m, "%s: %s is not a valid key (use lowercase letters, digits and '-', "
					      "separated by ';')", SHOWN, b > a ? part : "an empty item");
			problem(ud, f->name, m);
			ok = 0;
			break;
		}
		/* Refuse the same key twice in the list. */
		const char *prev = ev_buf_str(&norm);
		size_t len = (size_t)(b - a);
		for (const char *q = prev; *q && ok;) {
			const char *qe = strchr(q, ';');
			size_t ql = qe ? (size_t)(qe - q) : strlen(q);
			if (ql == len && memcmp(q, a, len) == 0) {
				char m[300];
				snprintf(m, sizeof m, "%s lists '%.*s' twice", SHOWN, (int)len, a);
				problem(ud, f->name, m);
				ok = 0;
			}
			q = qe ? qe + 1 : q + ql;
		}
		if (!ok)
			break;
		if (parts++)
			ev_buf_addc(&norm, ';');
		ev_buf_add(&norm, a, len);
		if (!semi)
			break;
		p = semi + 1;
	}
	if (ok)
		ev_record_set_text(r, index, norm.data, norm.len);
	ev_buf_free(&norm);
	return ok ? 0 : -1;
}

/* An integer or a PubMed id within the field's range. 0; 1 with *msg
 * the problem for the caller to report; -1 with the problem reported. */
static int set_integer(struct ev_value *v, const struct ev_field *f, const char *raw, size_t n, const char **msg,
		       ev_problem_fn problem, void *ud)
{
	int64_t x;
	if (ev_parse_int(raw, n, &x, msg))
		return 1;
	if (f->type == EV_F_INT && raw[0] == '+') {
		*msg = "is not an integer (write it without '+')";
		return 1;
	}
	if (f->type == EV_F_PMID && (raw[0] == '-' || raw[0] == '+' || x < 1 || x > 999999999)) {
		*msg = "is not a PubMed id (1 to 9 digits)";
		return 1;
	}
	if ((double)x < f->min || (double)x > f->max) {
		char shown[200], m[512];
		if (f->min == 1 && f->max >= 1e12 && x > 0)
			snprintf(m, sizeof m, "%s is too large (at most %.0f)", SHOWN, f->max);
		else if (f->min == 1 && f->max >= 1e12)
			snprintf(m, sizeof m, "%s is not a positive integer", SHOWN);
		else if (f->min == 0 && f->max >= 1e12)
			snprintf(m, sizeof m, "%s is not 0 or a positive integer", SHOWN);
		else
			snprintf(m, sizeof m, "%s is out of range (%.0f to %.0f)", SHOWN, f->min, f->max);
		problem(ud, f->name, m);
		return -1;
	}
	v->type = EV_V_INT;
	v->i = x;
	return 0;
}

/* Recursive once at most: an empty value validates the field's default,
 * which is never empty. */
// NOLINTNEXTLINE(misc-no-recursion)
int ev_validate_field(struct ev_record *r, int index, const char *raw, size_t n, ev_problem_fn problem, void *ud)
{
	int count;
	const struct ev_field *f = &ev_fields(r->kind, &count)[index];
	struct ev_value *v = &r->v[index];
	char shown[200];
	const char *msg = NULL;

	v->type = EV_V_NULL;
	v->s = NULL;
	if (n == 0) {
		if (f->dflt)
			return ev_validate_field(r, index, f->dflt, strlen(f->dflt), problem, ud);
		return 0;
	}
	if (check_bytes(f, raw, n, problem, ud))
		return -1;

	switch (f->type) {
	case EV_F_TEXT:
	case EV_F_URL: {
		if (f->type == EV_F_URL &&
		    (!(starts(raw, n, "http://") || starts(raw, n, "https://")) || memchr(raw, ' ', n))) {
			msg = "is not an http:// or https:// URL";
			break;
		}
		ev_record_set_text(r, index, raw, n);
		return 0;
	}
	case EV_F_SLUG:
		if (!is_slug(raw, n)) {
			msg = n > 100 ? "is not a valid key (at most 100 characters)"
				      : "is not a valid key (use lowercase letters, digits and '-', starting with a "
					"letter or digit)";
			break;
		}
		ev_record_set_text(r, index, raw, n);
		return 0;
	case EV_F_SLUGS:
		return set_slugs(r, index, f, raw, n, problem, ud);
	case EV_F_INT:
	case EV_F_PMID: {
		int rc = set_integer(v, f, raw, n, &msg, problem, ud);
		if (rc == 1)
			break;
		return rc;
	}
	case EV_F_REAL: {
		double x;
		if (ev_parse_real(raw, n, &x, &msg))
			break;
		if (x < f->min || x > f->max) {
			char m[512];
			snprintf(m, sizeof m, "%s is out of range (%g to %g)", SHOWN, f->min, f->max);
			problem(ud, f->name, m);
			return -1;
		}
		v->type = EV_V_REAL;
		v->d = x;
		return 0;
	}
	case EV_F_ENUM:
	case EV_F_YESNO: {
		char word[64];
		if (n >= sizeof word) {
			msg = "is not an allowed value";
			break;
		}
		memcpy(word, raw, n);
		word[n] = '\0';
		int i = ev_lookup(f->words, word);
		if (i < 0)
			return enum_problem(f, SHOWN, word, problem, ud);
		if (f->type == EV_F_YESNO) {
			v->type = EV_V_INT;
			v->i = strcmp(word, "yes") == 0;
		} else {
			ev_record_set_text(r, index, raw, n);
		}
		return 0;
	}
	case EV_F_DATE:
		if (!valid_date(raw, n)) {
			msg = "is not a date (YYYY-MM-DD, a real calendar day)";
			break;
		}
		ev_record_set_text(r, index, raw, n);
		return 0;
	case EV_F_DOI: {
		/* A DOI as a link or with "doi:" is stored bare, as DOIs are
		 * compared and cited. */
		static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
						       "http://dx.doi.org/", "doi:"};
		size_t skip = 0;
		for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0] && !skip; p++)
			if (n > strlen(prefixes[p]) && strncasecmp(raw, prefixes[p], strlen(prefixes[p])) == 0)
				skip = strlen(prefixes[p]);
		while (skip && skip < n && raw[skip] == ' ')
			skip++;
		if (!valid_doi(raw + skip, n - skip)) {
			msg = "is not a DOI (10.NNNN/...)";
			break;
		}
		ev_record_set_text(r, index, raw + skip, n - skip);
		return 0;
	}
	case EV_F_MONTHS: {
		double lo, hi;
		char tmp[64];
		if (n >= sizeof tmp) {
			msg = "is not a number of months or a range LO-HI";
			break;
		}
		memcpy(tmp, raw, n);
		tmp[n] = '\0';
		/* Plain decimals only: "1e2" or "+12" months is no way to
		 * write a duration, and likelier a spreadsheet's doing. */
		if (strpbrk(tmp, "eE+") || ev_parse_months(tmp, &lo, &hi)) {
			msg = "is not a number of months or a range LO-HI (e.g. 36 or 84-120)";
			break;
		}
		ev_record_set_text(r, index, raw, n);
		return 0;
	}
	}
	char m[400];
	snprintf(m, sizeof m, "%s %s", SHOWN, msg ? msg : "is not valid");
	problem(ud, f->name, m);
	return -1;
}
#undef SHOWN

/* A study's includes and included_design: only a review pools studies,
 * and never itself. Returns the number of problems reported. */
static int review_rules(const struct ev_record *r, ev_problem_fn problem, void *ud)
{
	const char *key = ev_record_text(r, "key"), *inc = ev_record_text(r, "includes");
	const char *design = ev_record_text(r, "design");
	int problems = 0, review = design && (strcmp(design, "meta-analysis") == 0 ||
					       strcmp(design, "systematic-review") == 0);
	if (design && !review && (inc || ev_record_text(r, "included_design"))) {
		char m[200];
		snprintf(m, sizeof m, "only a meta-analysis or systematic-review pools studies, and this study's design is "
			 "'%s'", design);
		problem(ud, inc ? "includes" : "included_design", m);
		problems++;
	}
	size_t kl = key ? strlen(key) : 0;
	for (const char *p = inc; key && p && *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == kl && memcmp(p, key, len) == 0) {
			problem(ud, "includes", "a review cannot include itself");
			problems++;
			break;
		}
		p += len + (e != NULL);
	}
	return problems;
}

/* Decimals a published value was given with: those of the shortest text
 * that reads back to it (0.480 was stored as 0.48, so 2). */
static int decimals(double x)
{
	char buf[40];
	ev_fmt_exact(buf, sizeof buf, x);
	const char *dot = strchr(buf, '.'), *e = strpbrk(buf, "eE");
	int frac = 0;
	if (dot)
		frac = (int)((e ? e : buf + strlen(buf)) - dot - 1);
	if (e)
		frac -= (int)strtol(e + 1, NULL, 10); /* %.17g's exponent: always digits */
	return frac < 0 ? 0 : frac > 15 ? 15 : frac;
}

/* The raw-data rules of a link (schema/006, docs/meta-analysis.md): sets
 * complete, counts or means but not both, events within totals, a measure
 * that fits the data, and a published estimate and CI that the raw data
 * round to at the precision they were published with. Returns the number
 * of problems reported. */
static int raw_rules(const struct ev_record *r, const char *measure, ev_problem_fn problem, void *ud)
{
	static const char *const counts[] = {"events_treat", "total_treat", "events_control", "total_control"};
	static const char *const means[] = {"mean_treat", "sd_treat", "mean_control", "sd_control"};
	const struct ev_value *c[4], *mv[4];
	int nm = 0, problems = 0;
	char m[400], a[40];
	for (int i = 0; i < 4; i++) {
		c[i] = ev_record_get(r, counts[i]);
		mv[i] = ev_record_get(r, means[i]);
	}
	int has_events = c[0]->type != EV_V_NULL || c[2]->type != EV_V_NULL;
	int has_totals = c[1]->type != EV_V_NULL || c[3]->type != EV_V_NULL;
	for (int i = 0; i < 4; i++)
		nm += mv[i]->type != EV_V_NULL;
	if (!has_events && !has_totals && !nm)
		return 0;
	if (has_events && nm) {
		problem(ud, "mean_treat", "give counts (events_treat, events_control) or means (mean_treat, sd_treat, "
					  "mean_control, sd_control), not both");
		return 1;
	}
	if (!has_events && !nm) {
		problem(ud, c[1]->type != EV_V_NULL ? "total_treat" : "total_control",
			"totals need the events (events_treat, events_control) or the means and SDs (mean_treat, "
			"sd_treat, mean_control, sd_control) they go with");
		return 1;
	}
	/* Every member of the set that is in use. */
	const char *const *set = has_events ? counts : means;
	for (int i = 0; i < 4; i++)
		if (ev_record_get(r, set[i])->type == EV_V_NULL) {
			snprintf(m, sizeof m, "a value is required with the other %s (%s, %s, %s, %s)",
				 has_events ? "counts" : "means", set[0], set[1], set[2], set[3]);
			problem(ud, set[i], m);
			problems++;
		}
	if (nm)
		for (int i = 1; i < 4; i += 2)
			if (c[i]->type == EV_V_NULL) {
				problem(ud, counts[i], "a value is required with the means (the number in each arm)");
				problems++;
			}
	for (int i = 1; i < 4 && nm; i += 2)
		if (mv[i]->type != EV_V_NULL && !(mv[i]->d > 0)) {
			snprintf(m, sizeof m, "'%s' is not above 0, which a standard deviation must be",
				 ev_fmt_num(a, sizeof a, mv[i]->d, 15));
			problem(ud, means[i], m);
			problems++;
		}
	if (problems)
		return problems;
	if (has_events)
		for (int i = 0; i < 4; i += 2)
			if (c[i]->i > c[i + 1]->i) {
				snprintf(m, sizeof m, "'%lld' is above %s '%lld'", (long long)c[i]->i, counts[i + 1],
					 (long long)c[i + 1]->i);
				problem(ud, counts[i], m);
				problems++;
			}
	if (problems)
		return problems;
	enum ev_measure me = measure ? (enum ev_measure)ev_lookup(ev_measure_names, measure) : EV_MEASURE_NONE;
	int fits = has_events ? ev_link_measure_counts(me) : ev_link_measure_means(me);
	if (!fits) {
		const char *want = has_events ? "RR, OR or RD" : "MD or SMD";
		if (measure)
			snprintf(m, sizeof m, "'%s' does not fit %s: use %s", measure,
				 has_events ? "counts of events" : "means and SDs", want);
		else
			snprintf(m, sizeof m, "a measure (%s) is required with %s", want,
				 has_events ? "counts of events" : "means and SDs");
		problem(ud, "measure", m);
		return 1;
	}

	/* A published estimate and CI must agree with what the raw data give. */
	const struct ev_value *pub[3] = {ev_record_get(r, "estimate"), ev_record_get(r, "ci_low"),
					 ev_record_get(r, "ci_high")};
	static const char *const pub_names[] = {"estimate", "ci_low", "ci_high"};
	if (pub[0]->type == EV_V_NULL)
		return 0;
	struct ev_link l;
	memset(&l, 0, sizeof l);
	l.measure = me;
	ev_link_raw_from_record(&l, r);
	double y, v, got[3];
	const char *why = NULL;
	if (ev_link_raw_effect(&l, &y, &v, &why) != 0) {
		snprintf(m, sizeof m, "'%s' cannot be checked against the raw data, which give no %s (%s); give "
				      "one or the other",
			 ev_fmt_num(a, sizeof a, pub[0]->d, 15), measure, why ? why : "unusable");
		problem(ud, "estimate", m);
		return 1;
	}
	ev_link_interval(me, y, v, &got[0], &got[1], &got[2]);
	for (int i = 0; i < 3; i++) {
		if (pub[i]->type == EV_V_NULL)
			continue;
		int d = decimals(pub[i]->d);
		double tol = 0.5 * pow(10, -d);
		if (fabs(got[i] - pub[i]->d) <= tol * (1 + 1e-9) + 1e-12)
			continue;
		const char *what[] = {measure, "95% CI lower limit", "95% CI upper limit"};
		snprintf(m, sizeof m, "'%s' does not agree with the raw data, which give %s %.*f (%.*f to the %d "
				      "decimal%s published); give the raw data alone, or published values they round to",
			 ev_fmt_num(a, sizeof a, pub[i]->d, 15), what[i], d + 3, got[i], d, got[i], d, d == 1 ? "" : "s");
		problem(ud, pub_names[i], m);
		problems++;
	}
	return problems;
}

int ev_validate_record(const struct ev_record *cr, ev_problem_fn problem, void *ud)
{
	const struct ev_record *r = cr;
	int count, problems = 0;
	const struct ev_field *f = ev_fields(r->kind, &count);

	int unverified = 0;
	if (r->kind == EV_STUDY) {
		const char *status = ev_record_text(r, "status");
		unverified = status && strcmp(status, "unverified") == 0;
	}
	for (int i = 0; i < count; i++) {
		if (r->v[i].type != EV_V_NULL)
			continue;
		if (f[i].flags & EV_REQUIRED) {
			problem(ud, f[i].name, "a value is required");
			problems++;
		} else if ((f[i].flags & EV_REQUIRED_VERIFIED) && !unverified) {
			problem(ud, f[i].name, "a value is required (unless status is unverified)");
			problems++;
		}
	}
	if (r->kind == EV_STUDY)
		return problems + review_rules(r, problem, ud);
	if (r->kind != EV_LINK)
		return problems;

	const struct ev_value *est = ev_record_get(r, "estimate"), *lo = ev_record_get(r, "ci_low"),
			      *hi = ev_record_get(r, "ci_high");
	const char *measure = ev_record_text(r, "measure");
	int ratio = measure && ev_measure_is_ratio((enum ev_measure)ev_lookup(ev_measure_names, measure));
	char m[200], a[32], b[32], c[32];
	if (est->type != EV_V_NULL && !measure) {
		problem(ud, "measure", "a measure (RR, OR, HR, MD or SMD) is required when an estimate is given");
		problems++;
	}
	if ((lo->type == EV_V_NULL) != (hi->type == EV_V_NULL)) {
		problem(ud, lo->type == EV_V_NULL ? "ci_low" : "ci_high",
			"give both ends of the confidence interval, or neither");
		problems++;
	} else if (lo->type != EV_V_NULL) {
		if (est->type == EV_V_NULL) {
			problem(ud, "estimate", "a confidence interval needs an estimate");
			problems++;
		} else if (lo->d > hi->d) {
			snprintf(m, sizeof m, "'%s' is above ci_high '%s' (the interval is inverted)",
				 ev_fmt_num(a, sizeof a, lo->d, 15), ev_fmt_num(b, sizeof b, hi->d, 15));
			problem(ud, "ci_low", m);
			problems++;
		} else if (lo->d == hi->d) {
			problem(ud, "ci_high", "the confidence interval has zero width, so it cannot be weighted");
			problems++;
		} else if (est->d < lo->d || est->d > hi->d) {
			snprintf(m, sizeof m, "'%s' lies outside its confidence interval %s to %s",
				 ev_fmt_num(a, sizeof a, est->d, 15), ev_fmt_num(b, sizeof b, lo->d, 15),
				 ev_fmt_num(c, sizeof c, hi->d, 15));
			problem(ud, "estimate", m);
			problems++;
		}
	}
	problems += raw_rules(r, measure, problem, ud);
	if (ratio) {
		const struct ev_value *vals[] = {est, lo, hi};
		const char *names[] = {"estimate", "ci_low", "ci_high"};
		for (int i = 0; i < 3; i++)
			if (vals[i]->type != EV_V_NULL && vals[i]->d <= 0) {
				snprintf(m, sizeof m, "'%s' is not above 0, which a ratio (%s) must be",
					 ev_fmt_num(a, sizeof a, vals[i]->d, 15), measure);
				problem(ud, names[i], m);
				problems++;
			}
	}
	return problems;
}

/* Half the place value of the last significant digit of x as written in
 * its shortest form: 0.25 -> 0.005, 17 -> 0.5, 1200 -> 50 (trailing zeros
 * of a whole number may be rounding: "1200" can stand for 1150 to 1249).
 * A value published as "1.00" is stored as 1 and gets 0.5: too wide, which
 * makes the check laxer, never stricter. 0 for 0. */
static double half_unit(double x)
{
	char buf[40];
	if (x == 0 || !isfinite(x))
		return 0;
	/* d.ddddddddddddddde+XX: the digits after the point that are not
	 * trailing zeros, against the exponent. */
	snprintf(buf, sizeof buf, "%.14e", fabs(x));
	char *e = strchr(buf, 'e');
	if (!e)
		return 0;
	int exponent = (int)strtol(e + 1, NULL, 10), places = (int)(e - buf) - 2;
	while (places > 0 && buf[1 + places] == '0')
		places--;
	return 0.5 * pow(10, exponent - places);
}

/* The most that rounding to half-unit u can have moved x on the analysis
 * scale; HUGE_VAL when a ratio could have been any small positive number. */
static double rounding_shift(double x, double u, int ratio)
{
	if (!ratio)
		return u;
	return x - u > 0 ? log(x / (x - u)) : HUGE_VAL;
}

int ev_validate_ci_centre(const struct ev_record *r, char *msg, size_t size)
{
	if (r->kind != EV_LINK)
		return 0;
	const struct ev_value *est = ev_record_get(r, "estimate"), *lo = ev_record_get(r, "ci_low"),
			      *hi = ev_record_get(r, "ci_high");
	const char *measure = ev_record_text(r, "measure");
	if (!measure || est->type == EV_V_NULL || lo->type == EV_V_NULL ||
	    hi->type == EV_V_NULL)
		return 0;
	int m = ev_lookup(ev_measure_names, measure);
	if (m < 0)
		return 0;
	int ratio = ev_measure_is_ratio((enum ev_measure)m);
	double e = est->d, l = lo->d, h = hi->d;
	if (!(l < h) || e < l || e > h || (ratio && l <= 0))
		return 0;

	/* Each value's rounding half-unit; a 0 is taken to be written to the
	 * precision of the finest other value ("0.00" is stored as 0). */
	double ue = half_unit(e), ul = half_unit(l), uh = half_unit(h);
	double finest = HUGE_VAL;
	if (ue > 0)
		finest = ue;
	if (ul > 0 && ul < finest)
		finest = ul;
	if (uh > 0 && uh < finest)
		finest = uh;
	if (ue == 0)
		ue = finest;
	if (ul == 0)
		ul = finest;
	if (uh == 0)
		uh = finest;

	double se = rounding_shift(e, ue, ratio), sl = rounding_shift(l, ul, ratio), sh = rounding_shift(h, uh, ratio);
	if (se == HUGE_VAL || sl == HUGE_VAL || sh == HUGE_VAL)
		return 0;
	double y = ratio ? log(e) : e, yl = ratio ? log(l) : l, yh = ratio ? log(h) : h;
	double centre = (yl + yh) / 2, half = (yh - yl) / 2, sc = (sl + sh) / 2;
	/* Rounding moves the estimate by at most se and the centre by at most
	 * sc, and can have narrowed the interval by up to sc. */
	if (fabs(y - centre) <= EV_CI_CENTRE_TOLERANCE * (half + sc) + se + sc)
		return 0;
	char a[32], b[32], c[32], d[32];
	snprintf(msg, size, "'%s' is far from %s, the centre of its confidence interval %s to %s%s: "
		 "sign or transcription error?",
		 ev_fmt_num(a, sizeof a, e, 15), ev_fmt_num(b, sizeof b, ratio ? exp(centre) : centre, 4),
		 ev_fmt_num(c, sizeof c, l, 15), ev_fmt_num(d, sizeof d, h, 15), ratio ? " on the log scale" : "");
	return 1;
}
