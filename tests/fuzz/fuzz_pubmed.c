/*
 * fuzz_pubmed.c: PubMed's CSV export, the parsers behind it (pubmed.c),
 * and its way in through the real `import` command.
 *
 * Input: an options byte, then the bytes of one file. The file is
 * imported by the import command into a fresh in-memory database (empty,
 * or holding the tests/data/core fixtures), recognised from its header or
 * with --kind pubmed; when the import succeeds, every read command runs
 * over the result. Each line of the file (and each field of it, split at
 * commas) also goes through the pure parsers on its own.
 *
 * Options byte: bit 0 preload the fixtures, bit 1 --kind pubmed, bit 2
 * compare with --dry-run, bits 3-5 the format of the read commands (5-7:
 * table with colour).
 *
 * Properties checked besides memory safety:
 * - import: a failed import leaves the database exactly as it was;
 *   importing the same file again succeeds and changes nothing (a record
 *   updates the study with its PMID, which it now is); --dry-run succeeds
 *   exactly when the import does; whatever was imported reads back;
 * - citations: a date was found exactly when the year is a plausible one
 *   (1800-2100), and then only; without one, only a DOI may be set; every
 *   part is trimmed and not empty; a DOI holds no white space and does not
 *   end in the sentence's punctuation;
 * - page ranges: expanding is idempotent, keeps the commas, and changes
 *   nothing without a '-';
 * - authors: the names ev_authors_each hands out lie within the list,
 *   trimmed and not empty; a name's family and initials lie within it,
 *   initials after the family;
 * - keys: a slug is lowercase letters, digits and single inner '-', at
 *   most its limit long; a key base is a valid study key; the candidates
 *   for a taken key are valid keys, all different, starting with the base.
 */
#include "commands.h"
#include "pubmed.h"

static void no_problem(void *ud, const char *column, const char *msg)
{
	(void)ud;
	FUZZ_CHECK(0, "'%s': %s", column, msg);
}

/* Whether s is a key the studies table takes (schema/001-core.sql), by
 * the same rule import applies. */
static void check_key(const char *s)
{
	struct ev_record r = {0};
	ev_record_reset(&r, EV_STUDY);
	FUZZ_CHECK(ev_validate_field(&r, ev_field_index(EV_STUDY, "key"), s, strlen(s), no_problem, NULL) == 0,
		   "'%s' is not a valid key", s);
	ev_record_free(&r);
}

static int trimmed(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && !strchr(" \t\r\n", s[0]) && !strchr(" \t\r\n", s[n - 1]);
}

static void citation(const char *text, const char *journal)
{
	struct ev_citation c;
	int found = ev_citation_parse(text, journal, &c);
	FUZZ_CHECK(found == 0 || found == 1, "ev_citation_parse returned %d", found);
	if (found)
		FUZZ_CHECK(c.year >= 1800 && c.year <= 2100, "a date with the year %d", c.year);
	else
		FUZZ_CHECK(!c.year && !c.journal && !c.date && !c.volume && !c.issue && !c.pages,
			   "parts without a date in '%s'", text);
	const char *parts[] = {c.journal, c.date, c.volume, c.issue, c.pages, c.doi};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		FUZZ_CHECK(!parts[i] || trimmed(parts[i]), "part %zu '%s' of '%s' is empty or untrimmed", i,
			   parts[i], text);
	if (c.doi) {
		size_t n = strlen(c.doi);
		FUZZ_CHECK(strcspn(c.doi, " \t\r\n") == n, "the DOI '%s' holds white space", c.doi);
		FUZZ_CHECK(!strchr(".;,", c.doi[n - 1]), "the DOI '%s' ends in punctuation", c.doi);
	}
	ev_citation_free(&c);
}

static void pages(const char *s)
{
	char *once = ev_pages_expand(s);
	char *twice = ev_pages_expand(once);
	FUZZ_CHECK(strcmp(once, twice) == 0, "expanding '%s' gives '%s', then '%s'", s, once, twice);
	size_t commas = 0, commas_once = 0;
	for (const char *p = s; *p; p++)
		commas += *p == ',';
	for (const char *p = once; *p; p++)
		commas_once += *p == ',';
	FUZZ_CHECK(commas == commas_once, "'%s' became '%s'", s, once);
	if (!strchr(s, '-'))
		FUZZ_CHECK(strcmp(s, once) == 0, "'%s' has no range but became '%s'", s, once);
	free(once);
	free(twice);
}

struct names {
	const char *list;
	size_t len;
	int count;
};

static int on_name(void *ud, const char *name, size_t n)
{
	struct names *nm = ud;
	struct ev_author a;
	FUZZ_CHECK(name >= nm->list && name + n <= nm->list + nm->len, "a name outside its list");
	FUZZ_CHECK(n > 0 && !strchr(" \t\r\n", name[0]) && !strchr(" \t\r\n", name[n - 1]),
		   "an empty or untrimmed name '%.*s'", (int)n, name);
	FUZZ_CHECK(ev_author_parse(name, n, &a) == 0, "'%.*s' did not parse", (int)n, name);
	FUZZ_CHECK(a.family >= name && a.family_len > 0 && a.family + a.family_len <= name + n,
		   "the family name of '%.*s' is outside it", (int)n, name);
	if (a.initials)
		FUZZ_CHECK(a.initials >= a.family + a.family_len && a.initials_len > 0 &&
				   a.initials + a.initials_len <= name + n,
			   "the initials of '%.*s' are outside it", (int)n, name);
	nm->count++;
	return 0;
}

static void keys(const char *s, int year)
{
	struct ev_buf slug = EV_BUF_INIT;
	size_t max = 1 + (size_t)(year & 63);
	ev_slug_add(&slug, s, strlen(s), max);
	FUZZ_CHECK(slug.len <= max, "the slug '%s' is longer than %zu", ev_buf_str(&slug), max);
	for (size_t i = 0; i < slug.len; i++) {
		char c = slug.data[i];
		FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-', "the slug '%s' has '%c'",
			   slug.data, c);
		FUZZ_CHECK(c != '-' || (i > 0 && i + 1 < slug.len && slug.data[i + 1] != '-'),
			   "the slug '%s' has a '-' at an end or twice", slug.data);
	}
	ev_buf_free(&slug);

	char *base = ev_key_base(s, strlen(s), year, s);
	check_key(base);
	char *no_author = ev_key_base(NULL, 0, year, s);
	check_key(no_author);
	free(no_author);
	struct ev_buf cand = EV_BUF_INIT, prev = EV_BUF_INIT;
	static const unsigned some[] = {0, 1, 2, 25, 26, 27, 701, 702, 18277, 18278, 4000000000u};
	for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
		ev_key_candidate(&cand, base, some[i]);
		check_key(ev_buf_str(&cand));
		FUZZ_CHECK(strncmp(cand.data, base, strlen(base)) == 0, "'%s' does not start with '%s'", cand.data,
			   base);
		FUZZ_CHECK(i == 0 || strcmp(cand.data, prev.data) != 0, "candidates %u and the one before are both '%s'",
			   some[i], cand.data);
		ev_buf_reset(&prev);
		ev_buf_adds(&prev, cand.data);
	}
	ev_buf_free(&cand);
	ev_buf_free(&prev);
	free(base);
}

/* The pure parsers over each line, and over each comma-separated part. */
static void parsers(const uint8_t *data, size_t size)
{
	char *text = ev_xstrndup((const char *)data, size); /* up to a NUL byte */
	char *prev = NULL;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		citation(line, prev);
		pages(line);
		struct names nm = {line, strlen(line), 0};
		int count = ev_authors_each(line, on_name, &nm);
		FUZZ_CHECK(count == nm.count, "%d names counted, %d handed out", count, nm.count);
		keys(line, (int)(strlen(line) % 400) + 1790);
		char *copy = ev_xstrdup(line);
		for (char *part = strtok(copy, ","); part; part = strtok(NULL, ",")) {
			citation(part, NULL);
			pages(part);
		}
		free(copy);
		prev = line;
	}
	free(text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	load_fixture();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[32];
	if (size < 1)
		return 0;
	int opts = data[0], preload = opts & 1, dry = (opts >> 2) & 1, fmt = (opts >> 3) & 7;
	const char *kind = (opts >> 1) & 1 ? "pubmed" : NULL;
	data++;
	size--;
	parsers(data, size);

	int fd = mem_file(data, size, path);
	const char *paths[] = {path};
	check_import(paths, 1, kind, preload, dry, fmt < FUZZ_TABLE_FORMATS ? (enum ev_format)fmt : EV_FMT_TABLE,
		     fmt >= FUZZ_TABLE_FORMATS);
	close(fd);
	return 0;
}
