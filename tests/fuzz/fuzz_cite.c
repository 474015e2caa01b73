/*
 * fuzz_cite.c: the citation formatters (cite.c) with any bibliographic
 * text, and the export command's CSV and JSON read back.
 *
 * Input: an options byte, then the fields title, authors, journal, volume,
 * issue, pages, doi, year, pmid and key, separated by 0x1f. The key is
 * made a valid one (the schema allows no other); the year and PMID are
 * the numbers their digits spell.
 *
 * Options byte: bit 0 the fields as they are (as another program may have
 * stored them: any bytes, invalid UTF-8 included), else only the values
 * that validate as a study's fields (what import and add store); bit 1
 * BibTeX with LaTeX accents (--ascii); bits 2-3 the status (verified,
 * unverified, retracted); bit 4 also through the commands: the study is
 * imported into an empty in-memory database and exported.
 *
 * Properties checked besides memory safety:
 * - BibTeX: one @article entry with the study's key, one field a line,
 *   each value's braces balanced; no field can end the entry or start
 *   another; the characters LaTeX treats specially (% & # _ ~ ^) never
 *   appear unescaped outside the verbatim doi;
 * - RIS: every line is "XY  - value" ending in CRLF: a line break in a
 *   field can never start a line (a forged tag); TY first, ER last; the
 *   title is the title with its white space folded;
 * - CSL-JSON: the item written and parsed again is the same item; its id
 *   is the key; every author the list parser finds is there with the same
 *   parts; title, journal and DOI are there, folded, invalid UTF-8 shown
 *   as U+FFFD rather than dropped;
 * - Vancouver and APA references are one line;
 * - commands: the exported CSV imports into another empty database and
 *   exports to the same bytes; the exported JSON parses and holds the
 *   study's stored values; the exported BibTeX, RIS and CSL-JSON hold the
 *   properties above.
 */
#include "commands.h" /* first: it sets _GNU_SOURCE */
#include "cite.h"
#include "csvio.h"
#include "out.h"

enum { F_TITLE, F_AUTHORS, F_JOURNAL, F_VOLUME, F_ISSUE, F_PAGES, F_DOI, F_YEAR, F_PMID, F_KEY, NF };
static const char *const field_names[NF] = {"title", "authors", "journal", "volume", "issue",
					    "pages", "doi",	"year",	   "pmid",   "key"};

/* s with white space folded as the formatters fold it (cite.h), or NULL
 * when blank. Allocates. */
static char *folded(const char *s)
{
	if (!s)
		return NULL;
	struct ev_buf b = EV_BUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (strchr(" \t\r\n", *s)) {
			space = 1;
			continue;
		}
		if (space && b.len)
			ev_buf_addc(&b, ' ');
		space = 0;
		ev_buf_addc(&b, *s);
	}
	if (!b.len) {
		ev_buf_free(&b);
		return NULL;
	}
	return ev_buf_take(&b);
}

/* ---- BibTeX ------------------------------------------------------------- */

static void check_bibtex_entry(const char *e, size_t n, const char *key)
{
	static const char *const names[] = {"author", "title", "journal", "year",    "volume", "number",
					    "pages",  "doi",   "pmid",    "options", "note",   NULL};
	size_t kl = strlen(key);
	FUZZ_CHECK(n > 9 + kl && memcmp(e, "@article{", 9) == 0 && memcmp(e + 9, key, kl) == 0 && e[9 + kl] == ',' &&
			   e[10 + kl] == '\n',
		   "the entry does not start with @article{%s,: %.60s", key, e);
	FUZZ_CHECK(n >= 4 && memcmp(e + n - 4, "\n}\n\n", 4) == 0, "the entry does not end with a lone }");
	/* The field lines, between the first line and the closing brace. */
	const char *p = e + 11 + kl, *end = e + n - 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(nl != NULL, "a field line without its end");
		size_t len = (size_t)(nl - p);
		FUZZ_CHECK(len > 2 && p[0] == ' ' && p[1] == ' ', "a line that is no field: %.*s", (int)len, p);
		const char *eq = memchr(p, '=', len);
		FUZZ_CHECK(eq && eq + 2 < nl && eq[1] == ' ' && eq[2] == '{', "a field without ' = {': %.*s", (int)len,
			   p);
		size_t nlen = strcspn(p + 2, " ");
		int known = 0;
		for (int i = 0; names[i]; i++)
			known |= strlen(names[i]) == nlen && memcmp(names[i], p + 2, nlen) == 0;
		FUZZ_CHECK(known, "an unknown field: %.*s", (int)len, p);
		int is_doi = nlen == 3 && memcmp(p + 2, "doi", 3) == 0;
		/* The value: {...} then ',' unless it is the last field. */
		const char *v = eq + 3, *vend = nl - (nl + 1 < end ? 1 : 0);
		FUZZ_CHECK(vend > v && vend[-1] == '}' && (vend == nl || *vend == ','), "a field that does not end in }: %.*s",
			   (int)len, p);
		int depth = 1;
		for (const char *q = v; q < vend - 1; q++) {
			if (*q == '\\') {
				FUZZ_CHECK(q + 1 < vend - 1, "a value ends in a backslash: %.*s", (int)len, p);
				q++; /* \{ \} \% ...: an escaped character */
				continue;
			}
			if (*q == '{')
				depth++;
			else if (*q == '}')
				FUZZ_CHECK(--depth > 0, "a brace closes the field early: %.*s", (int)len, p);
			else if (!is_doi)
				FUZZ_CHECK(!strchr("%&#_~^", *q), "an unescaped '%c': %.*s", *q, (int)len, p);
		}
		FUZZ_CHECK(depth == 1, "unbalanced braces: %.*s", (int)len, p);
		p = nl + 1;
	}
}

/* ---- RIS ---------------------------------------------------------------- */

/* Checks each line of a RIS document; returns the number of records. */
static int check_ris(const char *s, size_t n)
{
	int records = 0, open = 0;
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(nl && nl > p && nl[-1] == '\r', "a RIS line that does not end in CRLF");
		size_t len = (size_t)(nl - p) - 1;
		FUZZ_CHECK(!memchr(p, '\r', len), "a carriage return inside a RIS line");
		FUZZ_CHECK(len >= 5 && p[0] >= 'A' && p[0] <= 'Z' &&
				   ((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= '0' && p[1] <= '9')) && memcmp(p + 2, "  -", 3) == 0,
			   "not a RIS line: %.*s", (int)len, p);
		if (memcmp(p, "TY", 2) == 0) {
			FUZZ_CHECK(!open, "TY inside a record");
			open = 1;
		} else if (memcmp(p, "ER", 2) == 0) {
			FUZZ_CHECK(open && len == 6 && p[5] == ' ', "ER outside a record, or with a value");
			open = 0;
			records++;
		} else {
			FUZZ_CHECK(open, "a line outside a record: %.*s", (int)len, p);
			FUZZ_CHECK(len > 6 && p[5] == ' ', "a tag without a value: %.*s", (int)len, p);
		}
		p = nl + 1;
	}
	FUZZ_CHECK(!open, "a record without ER");
	return records;
}

/* ---- CSL-JSON ----------------------------------------------------------- */

/* The text a folded value must appear as in JSON. */
static void check_json_text(json_t *item, const char *name, const char *value)
{
	char *f = folded(value);
	json_t *got = json_object_get(item, name);
	if (!f) {
		FUZZ_CHECK(!got, "CSL '%s' without a value", name);
		return;
	}
	json_t *want = ev_json_text(f);
	FUZZ_CHECK(got && json_equal(got, want), "CSL '%s' is not '%s'", name, f);
	json_decref(want);
	free(f);
}

static void check_csl_part(json_t *a, const char *name, const char *want)
{
	json_t *got = json_object_get(a, name);
	if (!want) {
		FUZZ_CHECK(!got, "CSL author part '%s' that the name lacks", name);
		return;
	}
	json_t *w = ev_json_text(want);
	FUZZ_CHECK(got && json_equal(got, w), "CSL author part '%s' is not '%s'", name, want);
	json_decref(w);
}

static void check_csl(const struct ev_cite *c)
{
	json_t *item = ev_cite_csl(c);
	char *text = json_dumps(item, JSON_COMPACT);
	FUZZ_CHECK(text != NULL, "CSL-JSON does not serialise");
	json_error_t err;
	json_t *back = json_loads(text, 0, &err);
	FUZZ_CHECK(back && json_equal(item, back), "CSL-JSON does not read back: %s", back ? "different" : err.text);
	FUZZ_CHECK(json_equal(json_object_get(back, "id"), json_object_get(item, "id")) &&
			   strcmp(json_string_value(json_object_get(back, "id")), c->key) == 0,
		   "the CSL id is not the key");
	check_json_text(back, "title", c->title);
	check_json_text(back, "container-title", c->journal);
	check_json_text(back, "DOI", c->doi);
	struct ev_names nm;
	ev_names_parse(c->authors, &nm);
	json_t *authors = json_object_get(back, "author");
	/* an incomplete list ends with the "others" marker */
	FUZZ_CHECK((size_t)(nm.n + (nm.n && nm.et_al)) == (authors ? json_array_size(authors) : 0),
		   "%d names%s, %zu CSL authors", nm.n, nm.et_al ? " and et al." : "",
		   authors ? json_array_size(authors) : 0);
	for (int i = 0; i < nm.n; i++) {
		const struct ev_name *a = &nm.v[i];
		json_t *j = json_array_get(authors, (size_t)i);
		FUZZ_CHECK(a->family && *a->family, "name %d has no family name", i);
		if (a->literal) {
			check_csl_part(j, "literal", a->family);
			continue;
		}
		check_csl_part(j, "family", a->family);
		check_csl_part(j, "given", a->given);
		check_csl_part(j, "non-dropping-particle", a->particle);
	}
	ev_names_free(&nm);
	free(text);
	json_decref(back);
	json_decref(item);
}

/* ---- the formatters on one study ---------------------------------------- */

static void one_line(const struct ev_buf *b, const char *what)
{
	FUZZ_CHECK(!memchr(b->data ? b->data : "", '\n', b->len) && !memchr(b->data ? b->data : "", '\r', b->len),
		   "the %s reference is more than one line: %s", what, ev_buf_str(b));
}

static void formatters(const struct ev_cite *c, unsigned flags)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_cite_bibtex(&b, c, flags);
	check_bibtex_entry(b.data, b.len, c->key);
	ev_buf_reset(&b);
	ev_cite_ris(&b, c);
	FUZZ_CHECK(check_ris(b.data, b.len) == 1, "not one RIS record");
	char *title = folded(c->title);
	if (title) {
		char *line = ev_xasprintf("\r\nTI  - %s\r\n", title);
		FUZZ_CHECK(strstr(b.data, line) != NULL, "RIS lacks the title line %s", line);
		free(line);
	}
	free(title);
	ev_buf_reset(&b);
	ev_cite_vancouver(&b, c);
	one_line(&b, "Vancouver");
	ev_buf_reset(&b);
	ev_cite_apa(&b, c);
	one_line(&b, "APA");
	ev_buf_free(&b);
	check_csl(c);
}

/* ---- through the commands ----------------------------------------------- */

static struct output export(struct ev_ctx *ctx, const char *format)
{
	/* --all: an unverified study is in the bibliographies too; --raw: the
	 * CSV as stored, so that it imports back to the same values. */
	struct output o = capture(ctx, &ev_cmd_export, ARGS("--format", format, "--all", "--raw"));
	FUZZ_CHECK(o.rc == EV_OK, "export --format %s failed", format);
	return o;
}

/* Imports one study (a CSV file of the validated fields) and exports it. */
static void commands(const struct ev_record *r)
{
	static const char *const columns[] = {"key", "title",	  "authors", "journal", "year",
					      "volume", "issue", "pages", "doi",	"pmid",	   "status"};
	const size_t ncol = sizeof columns / sizeof columns[0];
	char *csv = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&csv, &len);
	FUZZ_CHECK(fp != NULL, "open_memstream");
	for (size_t i = 0; i < ncol; i++) {
		fputs(i ? "," : "", fp);
		fputs(columns[i], fp);
	}
	fputs(",design,sample_size\n", fp);
	for (size_t i = 0; i < ncol; i++) {
		char buf[64];
		const char *v = ev_value_format(r, ev_field_index(EV_STUDY, columns[i]), buf, sizeof buf);
		fputs(i ? "," : "", fp);
		if (v)
			ev_csv_write_field(fp, v, strlen(v), ',');
	}
	fputs(",rct,100\n", fp);
	fclose(fp);

	char p1[32], p2[32];
	int fd1 = mem_file(csv, len, p1);
	struct ev_ctx a, b;
	reset_ctx(&a, EV_FMT_CSV, 0);
	open_db(&a, 0);
	if (import(&a, ARGS(p1), 1, 0, "studies") != EV_OK)
		goto done; /* a rule across fields (a verified study's authors ...) */
	struct output first = export(&a, "csv");
	int fd2 = mem_file(first.text, first.len, p2);
	reset_ctx(&b, EV_FMT_CSV, 0);
	open_db(&b, 0);
	FUZZ_CHECK(import(&b, ARGS(p2), 1, 0, NULL) == EV_OK, "the exported CSV does not import:\n%s", first.text);
	struct output second = export(&b, "csv");
	FUZZ_CHECK(first.len == second.len && memcmp(first.text, second.text, first.len) == 0,
		   "export, import, export changed the CSV:\n%s\n%s", first.text, second.text);
	close_db(&b);
	close(fd2);
	free(second.text);
	free(first.text);

	/* JSON: the stored values. */
	struct output js = export(&a, "json");
	json_error_t err;
	json_t *doc = json_loadb(js.text, js.len, 0, &err), *st = json_array_get(doc, 0);
	FUZZ_CHECK(doc && json_array_size(doc) == 1, "export --format json: %s", doc ? "not one study" : err.text);
	for (size_t i = 0; i < ncol; i++) {
		const struct ev_value *v = ev_record_get(r, columns[i]);
		json_t *got = json_object_get(st, columns[i]);
		if (v->type == EV_V_TEXT)
			FUZZ_CHECK(json_is_string(got) && strcmp(json_string_value(got), v->s) == 0, "JSON %s is not '%s'",
				   columns[i], v->s);
		else if (v->type == EV_V_INT)
			FUZZ_CHECK(json_is_integer(got) && json_integer_value(got) == v->i, "JSON %s is not %lld",
				   columns[i], (long long)v->i);
	}
	json_decref(doc);
	free(js.text);

	/* The citation formats as the command writes them. */
	const char *key = ev_record_text(r, "key");
	struct output bib = export(&a, "bibtex");
	check_bibtex_entry(bib.text, bib.len, key);
	free(bib.text);
	struct output ris = export(&a, "ris");
	FUZZ_CHECK(check_ris(ris.text, ris.len) == 1, "export --format ris: not one record");
	free(ris.text);
	struct output csl = export(&a, "csl-json");
	doc = json_loadb(csl.text, csl.len, 0, &err);
	FUZZ_CHECK(doc && json_array_size(doc) == 1, "export --format csl-json: %s", doc ? "not one item" : err.text);
	json_decref(doc);
	free(csl.text);
done:
	close_db(&a);
	close(fd1);
	free(csv);
}

/* ---- the input ---------------------------------------------------------- */

/* The number the digits of s spell (others skipped), at most 10 digits. */
static int64_t number(const char *s)
{
	int64_t v = 0;
	int digits = 0;
	for (; *s && digits < 10; s++)
		if (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
			digits++;
		}
	return v;
}

/* A valid key from any bytes: [a-z0-9] first, then [a-z0-9-], not ending
 * in '-'. */
static char *make_key(const char *s)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
	struct ev_buf b = EV_BUF_INIT;
	for (size_t i = 0; s[i] && b.len < 60; i++)
		ev_buf_addc(&b, alphabet[(unsigned char)s[i] % (b.len ? 37 : 36)]);
	if (!b.len || b.data[b.len - 1] == '-')
		ev_buf_adds(&b, "s1");
	return ev_buf_take(&b);
}

static void ignore(void *ud, const char *column, const char *msg)
{
	(void)ud;
	(void)column;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ev_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ev_status statuses[] = {EV_VERIFIED, EV_UNVERIFIED, EV_RETRACTED, EV_VERIFIED};
	if (size < 1)
		return 0;
	int opts = data[0], raw = opts & 1, through = (opts >> 4) & 1;
	unsigned flags = (opts >> 1) & 1 ? EV_BIBTEX_ASCII : 0;
	enum ev_status status = statuses[(opts >> 2) & 3];
	char *field[NF] = {NULL};
	const uint8_t *p = data + 1, *end = data + size;
	for (int i = 0; i < NF && p <= end; i++) {
		const uint8_t *sep = memchr(p, 0x1f, (size_t)(end - p));
		size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
		field[i] = ev_xstrndup((const char *)p, n);
		p += n + 1;
	}
	char *key = make_key(field[F_KEY] ? field[F_KEY] : "");

	struct ev_cite c;
	struct ev_record r = {0};
	if (raw) {
		memset(&c, 0, sizeof c);
		c.key = key;
		c.title = field[F_TITLE];
		c.authors = field[F_AUTHORS];
		c.journal = field[F_JOURNAL];
		c.volume = field[F_VOLUME];
		c.issue = field[F_ISSUE];
		c.pages = field[F_PAGES];
		c.doi = field[F_DOI];
		c.year = field[F_YEAR] ? (int)number(field[F_YEAR]) : 0;
		c.pmid = field[F_PMID] ? number(field[F_PMID]) : 0;
		c.status = status;
		formatters(&c, flags);
	} else {
		/* Only what validates, as a stored study has it. */
		ev_record_reset(&r, EV_STUDY);
		for (int i = 0; i < NF; i++) {
			const char *v = i == F_KEY ? key : field[i];
			if (v)
				ev_validate_field(&r, ev_field_index(EV_STUDY, field_names[i]), v, strlen(v), ignore, NULL);
		}
		const char *sname = ev_status_names[status];
		ev_validate_field(&r, ev_field_index(EV_STUDY, "status"), sname, strlen(sname), ignore, NULL);
		ev_cite_from_record(&c, &r);
		formatters(&c, flags);
		if (through)
			commands(&r);
		ev_record_free(&r);
	}
	free(key);
	for (int i = 0; i < NF; i++)
		free(field[i]);
	return 0;
}
