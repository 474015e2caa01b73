/*
 * bibtex.c: a reader for BibTeX and BibLaTeX files, on libbtparse
 * (Debian's libbtparse-dev, the parser under Text::BibTeX and btOOL).
 *
 * Why libbtparse: it is the maintained C parser of the BibTeX language
 * itself (nested braces, quoted and concatenated values, @string macros,
 * @comment, error recovery) and splits names the way BibTeX does ("von
 * Last, Jr, First", "{World Health Organization}", "and others"), which
 * is where home-made readers go wrong. What is left here is mapping
 * fields and turning TeX back into text (ev_bibtex_unescape).
 *
 * libbtparse prints its own messages to stderr ("FILE, line N, syntax
 * error: ..."). They are caught around each call and given back through
 * the error callback, so import reports them as FILE:LINE like every
 * other problem, and nothing else writes to stderr. Entries are handed to
 * its string interface one at a time (see ev_bibtex_read for why not its
 * stream interface).
 */
#include "refmgr.h"

#include <btparse.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cite.h"
#include "util.h"

/* libbtparse leaks one byte (an empty string from bt_postprocess_value)
 * for every undefined @string macro it expands, inside bt_parse_entry,
 * out of our reach. The sanitizer build and the fuzzers run LeakSanitizer,
 * which reads this hook; without the sanitizers nothing calls it. (It
 * would hide a leak of bt_get_text's result too: map_entry frees that.) */
const char *__lsan_default_suppressions(void); // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
const char *__lsan_default_suppressions(void) // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
{
	return "leak:bt_postprocess_value\n";
}

int ev_bibtex_sniff(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		while (i < n && isspace((unsigned char)head[i]))
			i++;
		if (i < n && head[i] == '%') {
			while (i < n && head[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i >= n) /* white space and comments so far: the entry may follow */
		return -1;
	if (head[i] != '@')
		return 0;
	i++;
	size_t w = i;
	while (i < n && isalpha((unsigned char)head[i]))
		i++;
	while (i < n && (head[i] == ' ' || head[i] == '\t'))
		i++;
	if (i >= n)
		return -1;
	return i > w && (head[i] == '{' || head[i] == '(');
}

/* Text of a value with TeX undone, trimmed; allocated. */
static char *plain(const char *tex)
{
	struct ev_buf b = EV_BUF_INIT;
	ev_bibtex_unescape(&b, tex);
	return ev_buf_take(&b);
}

static char *join_tokens(char **tok, int n)
{
	struct ev_buf b = EV_BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			ev_buf_addc(&b, ' ');
		ev_buf_adds(&b, tok[i]);
	}
	char *tex = ev_buf_take(&b);
	char *p = plain(tex);
	free(tex);
	return p;
}

/* The author field split the way BibTeX splits it. */
static void bib_authors(struct ev_bibentry *e, char *text, char *file, long line)
{
	bt_stringlist *list = bt_split_list(text, "and", file, (int)line, "name");
	if (!list)
		return;
	struct ev_name_parts *v = ev_xcalloc((size_t)list->num_items + 1, sizeof *v);
	char **owned = ev_xcalloc(3 * (size_t)list->num_items + 1, sizeof *owned);
	int n = 0, no = 0, et_al = 0;
	for (int i = 0; i < list->num_items; i++) {
		char *item = list->items[i];
		if (!item)
			continue;
		if (strcmp(item, "others") == 0) {
			et_al = 1;
			continue;
		}
		bt_name *nm = bt_split_name(item, file, (int)line, i);
		if (!nm)
			continue;
		struct ev_buf fam = EV_BUF_INIT;
		char *von = join_tokens(nm->parts[BTN_VON], nm->part_len[BTN_VON]);
		char *last = join_tokens(nm->parts[BTN_LAST], nm->part_len[BTN_LAST]);
		if (*von)
			ev_buf_addf(&fam, "%s ", von);
		ev_buf_adds(&fam, last);
		free(von);
		free(last);
		owned[no] = ev_buf_take(&fam);
		v[n].family = owned[no++];
		if (nm->part_len[BTN_FIRST]) {
			owned[no] = join_tokens(nm->parts[BTN_FIRST], nm->part_len[BTN_FIRST]);
			v[n].given = owned[no++];
		}
		if (nm->part_len[BTN_JR]) {
			owned[no] = join_tokens(nm->parts[BTN_JR], nm->part_len[BTN_JR]);
			v[n].suffix = owned[no++];
		}
		/* A braced name ({World Health Organization}) or one word is
		 * kept whole. */
		v[n].literal = !nm->part_len[BTN_FIRST] && !nm->part_len[BTN_VON] && !nm->part_len[BTN_JR];
		bt_free_name(nm);
		n++;
	}
	ev_bibentry_authors(e, v, n, et_al, "author", line);
	for (int i = 0; i < no; i++)
		free(owned[i]);
	free(owned);
	free(v);
	bt_free_list(list);
}

/* One regular entry to a bibentry. */
static void map_entry(AST *entry, struct ev_bibentry *e, char *file)
{
	AST *f = NULL;
	char *name;
	char *journal = NULL, *journaltitle = NULL, *eprint = NULL, *eprinttype = NULL;
	long journal_line = 0, jt_line = 0, eprint_line = 0;
	int et_al = 0;
	const char *key = bt_entry_key(entry);
	if (key && *key) {
		e->key = ev_xstrdup(key);
		e->key_line = entry->line;
	}
	while ((f = bt_next_field(entry, f, &name))) {
		/* The post-processed value, allocated by libbtparse. */
		char *raw = bt_get_text(f);
		long line = f->line;
		if (!raw || !*raw) {
			free(raw);
			continue;
		}
		if (strcmp(name, "author") == 0) {
			bib_authors(e, raw, file, line);
			free(raw);
			continue;
		}
		char *p = plain(raw);
		free(raw);
		if (strcmp(name, "doi") == 0) {
			/* Verbatim in biblatex: only an escaped brace or
			 * underscore to undo. */
			ev_bibentry_set_doi(e, p, "doi", line);
			free(p);
			continue;
		}
		if (strcmp(name, "title") == 0)
			ev_bibentry_set(e, EV_REF_TITLE, p, strlen(p), "title", line);
		else if (strcmp(name, "journal") == 0 && !journal) {
			journal = ev_xstrdup(p);
			journal_line = line;
		} else if (strcmp(name, "journaltitle") == 0 && !journaltitle) {
			journaltitle = ev_xstrdup(p);
			jt_line = line;
		} else if (strcmp(name, "year") == 0)
			ev_bibentry_set_year(e, p, "year", line);
		else if (strcmp(name, "date") == 0 && !e->ref.value[EV_REF_YEAR])
			ev_bibentry_set_year(e, p, "date", line);
		else if (strcmp(name, "volume") == 0)
			ev_bibentry_set(e, EV_REF_VOLUME, p, strlen(p), "volume", line);
		else if (strcmp(name, "number") == 0 || (strcmp(name, "issue") == 0 && !e->ref.value[EV_REF_ISSUE]))
			ev_bibentry_set(e, EV_REF_ISSUE, p, strlen(p), strcmp(name, "number") == 0 ? "number" : "issue",
					line);
		else if (strcmp(name, "pages") == 0) {
			/* "3100--3105" (BibTeX's en dash) is the range 3100-3105. */
			char *d;
			while ((d = strstr(p, "--")))
				memmove(d, d + 1, strlen(d));
			ev_bibentry_set(e, EV_REF_PAGES, p, strlen(p), "pages", line);
		} else if (strcmp(name, "pmid") == 0)
			ev_bibentry_set(e, EV_REF_PMID, p, strlen(p), "pmid", line);
		else if (strcmp(name, "eprint") == 0) {
			eprint = ev_xstrdup(p);
			eprint_line = line;
		} else if (strcmp(name, "eprinttype") == 0)
			eprinttype = ev_xstrdup(p);
		else if (strcmp(name, "url") == 0)
			ev_bibentry_url(e, p, "url", line);
		else if (strcmp(name, "note") == 0 || strcmp(name, "annote") == 0 || strcmp(name, "addendum") == 0 ||
			 strcmp(name, "extra") == 0)
			et_al |= ev_bibentry_note(e, p, strcmp(name, "note") == 0 ? "note" : "annote", line);
		free(p);
	}
	/* BibLaTeX: journaltitle; BibTeX: journal. */
	if (journal)
		ev_bibentry_set(e, EV_REF_JOURNAL, journal, strlen(journal), "journal", journal_line);
	else if (journaltitle)
		ev_bibentry_set(e, EV_REF_JOURNAL, journaltitle, strlen(journaltitle), "journaltitle", jt_line);
	if (eprint && eprinttype && strcasecmp(eprinttype, "pubmed") == 0 && !e->ref.value[EV_REF_PMID])
		ev_bibentry_set(e, EV_REF_PMID, eprint, strlen(eprint), "eprint", eprint_line);
	if (et_al && e->ref.value[EV_REF_AUTHORS] && !strstr(e->ref.value[EV_REF_AUTHORS], "et al.")) {
		char *a = ev_xasprintf("%s, et al.", e->ref.value[EV_REF_AUTHORS]);
		ev_bibentry_set(e, EV_REF_AUTHORS, a, strlen(a), "author", e->ref.line[EV_REF_AUTHORS]);
		free(a);
	}
	free(journal);
	free(journaltitle);
	free(eprint);
	free(eprinttype);
}

/* libbtparse's messages, caught on a temporary file standing in for
 * stderr. */
struct catcher {
	int saved;
	FILE *tmp;
};

static int catch_begin(struct catcher *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	c->saved = c->tmp ? dup(2) : -1;
	if (c->saved < 0 || dup2(fileno(c->tmp), 2) < 0) {
		if (c->tmp)
			fclose(c->tmp);
		if (c->saved >= 0)
			close(c->saved);
		c->tmp = NULL;
		return -1;
	}
	return 0;
}

/* Restores stderr and hands each caught line "FILE, line N, KIND: MSG" to
 * err (errors only when `errors_only`). Returns the number handed on. */
static int catch_end(struct catcher *c, int report, ev_bib_error_fn err, void *ud)
{
	int count = 0;
	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->tmp);
	/* A line whole, however long: one message quotes the file's name,
	 * and a line read in pieces made each piece a problem of its own. */
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, c->tmp) > 0) {
		line[strcspn(line, "\n")] = '\0';
		const char *at = strstr(line, ", line ");
		long ln = 0;
		const char *msg = line;
		if (at) {
			char *end;
			ln = strtol(at + 7, &end, 10);
			if (*end == ',' || *end == ':')
				msg = end + 1;
			while (*msg == ' ')
				msg++;
		}
		if (report && !strstr(msg, "warning")) {
			err(ud, ln, NULL, msg);
			count++;
		}
	}
	free(line);
	fclose(c->tmp);
	return count;
}

/* The text of each entry: from a line whose first non-blank character
 * is '@' to the next such line. libbtparse's string interface parses one
 * entry a call and keeps no state about a file between calls, where its
 * stream interface exits the program when a file is left before its end
 * and another is begun ("you can't interleave calls across different
 * files"). Text before the first entry is a comment, as BibTeX has it. */
long ev_bibtex_read(const char *text, size_t n, const char *name, ev_bib_entry_fn fn, ev_bib_error_fn err, void *ud)
{
	static const char *const months[][2] = {{"jan", "January"}, {"feb", "February"}, {"mar", "March"},
						 {"apr", "April"},   {"may", "May"},	   {"jun", "June"},
						 {"jul", "July"},    {"aug", "August"},	   {"sep", "September"},
						 {"oct", "October"}, {"nov", "November"},  {"dec", "December"}};
	char *file = ev_xstrdup(name);
	long entries = 0, line = 1, start_line = 0;
	int stop = 0;
	size_t i = 0, start = 0;
	int have = 0, parsed = 0;
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	bt_initialize();
	for (size_t k = 0; k < sizeof months / sizeof months[0]; k++)
		bt_add_macro_text((char *)months[k][0], (char *)months[k][1], NULL, 0);
	while (!stop) {
		/* Find the next line that starts an entry (or the end). */
		size_t at = i, next = n;
		long at_line = line;
		while (at < n) {
			size_t b = at;
			while (b < n && (text[b] == ' ' || text[b] == '\t'))
				b++;
			if (b < n && text[b] == '@' && (!have || at > start)) {
				next = at;
				break;
			}
			const char *nl = memchr(text + at, '\n', n - at);
			if (!nl)
				break;
			at = (size_t)(nl - text) + 1;
			at_line++;
		}
		if (have) {
			/* The entry from start to next. */
			char *chunk = ev_xstrndup(text + start, next - start);
			boolean status = 1;
			struct catcher c;
			int caught = catch_begin(&c) == 0;
			AST *entry = bt_parse_entry_s(chunk, file, (int)start_line, 0, &status);
			parsed = 1;
			if ((!caught || catch_end(&c, !status, err, ud) == 0) && !status)
				err(ud, start_line, NULL, "the BibTeX entry does not parse");
			if (!status)
				stop = -1;
			else if (entry && bt_entry_metatype(entry) == BTE_REGULAR) {
				struct ev_bibentry e;
				ev_bibentry_init(&e, "BibTeX", entry->line);
				map_entry(entry, &e, file);
				entries++;
				if (fn(ud, &e))
					stop = 1;
				ev_bibentry_free(&e);
			}
			bt_free_ast(entry);
			free(chunk);
		}
		if (next >= n)
			break;
		have = 1;
		start = next;
		start_line = at_line;
		i = next;
		line = at_line;
	}
	/* The call that frees what the first one allocated; without a first
	 * one, libbtparse would abort freeing what it never allocated. */
	if (parsed)
		bt_parse_entry_s(NULL, NULL, 1, 0, NULL);
	bt_cleanup();
	free(file);
	return stop < 0 ? -1 : entries;
}
