/*
 * fuzz_html.c: the report as a web page (html.c) and the forest plots
 * (svg.c) with any text and numbers in the database: user text must
 * never become markup.
 *
 * Input: an options byte, then changes to the tests/data/core fixture
 * database, each [field][row] followed by the value's bytes up to 0x1f.
 * `field` picks one of the text columns the pages and plots show (titles,
 * authors, claim text and quotes, outcomes, notes, URLs ...) or one of a
 * link's numbers (estimate, interval, n: the value's first eight bytes as
 * a double or an integer), `row` the row (modulo the table's rows). The
 * changes run as another program would make them: with the schema's
 * CHECK constraints on (bit 0 of the options clear), so only values the
 * schema takes, or off (bit 0 set), so anything SQLite stores; SQLite's
 * refusals are skipped. Then `report --format html` runs for every
 * article, `query --format html` for every topic, and `plot` for every
 * claim, with side labels from the first values when bit 1 is set.
 *
 * Properties checked besides memory safety, with libxml2's parser:
 * - every page and plot is well-formed XML (as html.c promises, so that
 *   `xmllint` can check it);
 * - only the elements and attributes evidence writes appear: whatever
 *   the text, no <script> but the page head's JSON-LD (whose text parses
 *   as JSON), no event handler, no element of the text's making;
 * - every link goes to a fragment of the page or to an http(s) URL: a
 *   stored URL can never become a javascript: or data: link.
 */
#include "commands.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The columns changes go to: text shown on the pages, and a link's
 * numbers (type 'r' real, 'i' integer, 't' text). */
static const struct target {
	const char *table, *column;
	char type;
} targets[] = {
	{"articles", "title", 't'},	      {"articles", "author", 't'},	   {"articles", "publisher", 't'},
	{"articles", "url", 't'},	      {"articles", "published", 't'},	   {"claims", "text", 't'},
	{"claims", "quote", 't'},	      {"claims", "notes", 't'},		   {"claims", "stated_study", 't'},
	{"claims", "stated_population", 't'}, {"claims", "stated_country", 't'},	   {"claims", "stated_result", 't'},
	{"studies", "title", 't'},	      {"studies", "authors", 't'},	   {"studies", "journal", 't'},
	{"studies", "volume", 't'},	      {"studies", "issue", 't'},		   {"studies", "pages", 't'},
	{"studies", "doi", 't'},	      {"studies", "population", 't'},	   {"studies", "country", 't'},
	{"studies", "notes", 't'},	      {"studies", "intervention", 't'},	   {"studies", "funding", 't'},
	{"studies", "key", 't'},	      {"claims", "key", 't'},		   {"topics", "key", 't'},
	{"evidence", "outcome", 't'},	      {"evidence", "notes", 't'},	   {"evidence", "estimate", 'r'},
	{"evidence", "ci_low", 'r'},	      {"evidence", "ci_high", 'r'},	   {"evidence", "n", 'i'},
	{"evidence", "p_value", 'r'},	      {"studies", "year", 'i'},		   {"studies", "pmid", 'i'},
};
#define NTARGETS (sizeof targets / sizeof targets[0])

/* What html.c and svg.c write, and nothing else. */
static const char *const elements[] = {
	"a",	 "blockquote", "body", "br",  "caption", "code", "dd",	 "desc",    "div",   "dl",   "dt",
	"figcaption", "figure", "footer", "h1", "h2",   "h3",	"head",	 "header", "html",  "li",   "line",
	"main",	 "meta",       "nav",  "ol",  "p",	"polygon", "rect", "section", "span", "strong", "style",
	"sup",	 "svg",	       "table", "tbody", "td",	"text",	   "th",   "thead",   "time", "title",  "tr",
	"ul",	 NULL};
static const char *const attributes[] = {
	"aria-hidden", "aria-label", "aria-labelledby", "charset", "class",  "content", "data-label", "datetime", "fill",
	"font-family", "font-size",  "font-weight",	"height",  "href",   "id",	"lang",	    "name",
	"points",      "role",	     "scope",		"stroke",  "stroke-dasharray", "stroke-width", "style",
	"text-anchor", "type",
	"viewBox",     "width",	     "x",		"x1",	   "x2",     "y",	"y1",	    "y2",
	NULL};

static int listed(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* Recursive over the document's nesting, which evidence's own markup
 * bounds (a dozen levels). */
// NOLINTNEXTLINE(misc-no-recursion)
static void walk(xmlNode *node, const char *what)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (strcmp(name, "script") == 0) {
			/* The one script: ClaimReview JSON-LD in the head, data only. */
			xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
			FUZZ_CHECK(type && strcmp((const char *)type, "application/ld+json") == 0 && n->parent &&
					   strcmp((const char *)n->parent->name, "head") == 0 && !n->properties->next,
				   "%s: a <script> that is not the head's JSON-LD", what);
			xmlFree(type);
			xmlChar *text = xmlNodeGetContent(n);
			json_error_t err;
			json_t *j = json_loads(text ? (const char *)text : "", 0, &err);
			FUZZ_CHECK(j != NULL, "%s: the JSON-LD does not parse: %s", what, err.text);
			json_decref(j);
			xmlFree(text);
			continue;
		}
		FUZZ_CHECK(listed(elements, name), "%s: an element <%s> that evidence does not write", what, name);
		for (xmlAttr *a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			FUZZ_CHECK(listed(attributes, an), "%s: <%s> has an attribute '%s' that evidence does not write",
				   what, name, an);
			if (strcmp(an, "href") == 0) {
				xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
				const char *s = v ? (const char *)v : "";
				FUZZ_CHECK(s[0] == '#' || strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0,
					   "%s: a link to '%s'", what, s);
				xmlFree(v);
			}
		}
		walk(n->children, what);
	}
}

/* The output must parse as XML and hold only evidence's markup. */
static void check_markup(const struct output *o, const char *what)
{
	xmlDoc *doc = xmlReadMemory(o->text, (int)o->len, "output.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		FUZZ_CHECK(0, "%s is not well-formed XML: line %d: %s", what, e ? e->line : 0, e ? e->message : "?");
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	FUZZ_CHECK(root != NULL, "%s: no root element", what);
	walk(root, what);
	xmlFreeDoc(doc);
}

/* Applies one change; SQLite's refusals are expected and skipped. */
static void change(sqlite3 *h, const struct target *t, unsigned row, const uint8_t *v, size_t n)
{
	char *sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = ?1 WHERE rowid = (SELECT rowid FROM \"%w\" ORDER BY "
				    "rowid LIMIT 1 OFFSET (?2 %% max(1, (SELECT count(*) FROM \"%w\"))))",
				    t->table, t->column, t->table, t->table);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (t->type == 't') {
			sqlite3_bind_text(st, 1, (const char *)v, (int)n, SQLITE_TRANSIENT);
		} else {
			uint8_t b[8] = {0};
			memcpy(b, v, n < 8 ? n : 8);
			if (t->type == 'r') {
				double d;
				memcpy(&d, b, sizeof d);
				sqlite3_bind_double(st, 1, d);
			} else {
				int64_t i;
				memcpy(&i, b, sizeof i);
				sqlite3_bind_int64(st, 1, i);
			}
		}
		sqlite3_bind_int(st, 2, (int)row);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	load_fixture();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_ctx ctx;
	if (size < 1)
		return 0;
	int opts = data[0], unchecked = opts & 1, labels = (opts >> 1) & 1;
	reset_ctx(&ctx, EV_FMT_TABLE, 0);
	open_db(&ctx, 1);
	sqlite3_exec(ctx.db.h, unchecked ? "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF"
					 : "PRAGMA foreign_keys = OFF",
		     NULL, NULL, NULL);
	char *label[2] = {NULL, NULL};
	int nlabels = 0;
	const uint8_t *p = data + 1, *end = data + size;
	while (end - p >= 2) {
		const struct target *t = &targets[p[0] % NTARGETS];
		unsigned row = p[1];
		p += 2;
		const uint8_t *sep = memchr(p, 0x1f, (size_t)(end - p));
		size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
		change(ctx.db.h, t, row, p, n);
		if (labels && nlabels < 2 && n && *p) /* plot refuses an empty label (usage) */
			label[nlabels++] = ev_xstrndup((const char *)p, n);
		p += n + (sep ? 1 : 0);
	}
	sqlite3_exec(ctx.db.h, "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON", NULL, NULL, NULL);

	char *keys[MAX_KEYS];
	int n = first_keys(&ctx, "SELECT key FROM articles ORDER BY key", keys);
	for (int i = 0; i < n; i++) {
		struct output o = capture(&ctx, &ev_cmd_report, ARGS("--format", "html", "--", keys[i]));
		FUZZ_CHECK(o.rc == EV_OK || o.rc == EV_FAIL, "report --format html: status %d", o.rc);
		if (o.rc == EV_OK)
			check_markup(&o, "report --format html");
		free(o.text);
		free(keys[i]);
	}
	n = first_keys(&ctx, "SELECT key FROM topics ORDER BY key", keys);
	for (int i = 0; i < n; i++) {
		struct output o = capture(&ctx, &ev_cmd_query, ARGS("--format", "html", "--", keys[i]));
		FUZZ_CHECK(o.rc == EV_OK || o.rc == EV_FAIL, "query --format html: status %d", o.rc);
		if (o.rc == EV_OK)
			check_markup(&o, "query --format html");
		free(o.text);
		free(keys[i]);
	}
	n = first_keys(&ctx, "SELECT key FROM claims ORDER BY key", keys);
	for (int i = 0; i < n; i++) {
		struct output o;
		if (label[0])
			o = capture(&ctx, &ev_cmd_plot,
				    ARGS("--left-label", label[0], "--right-label", label[1] ? label[1] : "b", "--", keys[i]));
		else
			o = capture(&ctx, &ev_cmd_plot, ARGS("--", keys[i]));
		FUZZ_CHECK(o.rc == EV_OK || o.rc == EV_FAIL, "plot: status %d", o.rc);
		if (o.rc == EV_OK)
			check_markup(&o, "plot");
		free(o.text);
		free(keys[i]);
	}
	close_db(&ctx);
	free(label[0]);
	free(label[1]);
	return 0;
}
