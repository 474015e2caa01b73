/*
 * ris.c: a reader for RIS, the tagged format every reference manager
 * exports ("TY  - JOUR", "AU  - Knapen, M. H. J.", ..., "ER  - ").
 *
 * Why no library: Debian packages none for C, and the format is a line
 * format a page long: a two-character tag, two spaces, a hyphen, a space
 * and the value, one field a line, records from TY to ER. Writing it here
 * keeps every line number for the messages import gives, which the
 * readers for other languages do not offer. What is read follows the RIS
 * specification and what Zotero, EndNote and Mendeley write: authors in
 * AU (and A1), the title in TI (T1), the journal in T2 (then JO, JF, J2,
 * JA), dates in PY (Y1, DA), DOI in DO, PMID in AN when DB names PubMed,
 * or in a PubMed link (UR) or a "PMID: N" note; a line without a tag
 * continues the value above it (long abstracts are wrapped so).
 */
#include "refmgr.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cite.h"
#include "util.h"

/* A tag line: two characters (a capital letter, then a capital or a
 * digit), two spaces, a hyphen and a space or the line's end. */
static int is_tag_line(const char *s, size_t n)
{
	if (n < 5 || !isupper((unsigned char)s[0]) || !(isupper((unsigned char)s[1]) || isdigit((unsigned char)s[1])))
		return 0;
	if (s[2] != ' ' || s[3] != ' ' || s[4] != '-')
		return 0;
	return n == 5 || s[5] == ' ';
}

int ev_ris_sniff(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (head[i] == '\n' || head[i] == '\r' || head[i] == ' '))
		i++;
	if (i + 5 > n) /* the tag may go on past these bytes */
		return memcmp(head + i, "TY  -", n - i) == 0 ? -1 : 0;
	return memcmp(head + i, "TY  -", 5) == 0;
}

/* A field read so far. */
struct ris_field {
	char tag[3];
	struct ev_buf value;
	long line;
};

struct ris {
	struct ris_field *f;
	int n, cap;
	long start;
	ev_bib_entry_fn fn;
	ev_bib_error_fn err;
	void *ud;
	int stop;
	long entries;
};

static const char *val(struct ris_field *f) { return ev_buf_str(&f->value); }

/* The tag's name as messages give it: the entry keeps a pointer, so it is
 * one of these literals. */
static const char *origin_of(const char *tag)
{
	static const char *const tags[] = {"TI", "T1", "AU", "A1", "T2", "JO", "JF", "J2", "JA", "PY", "Y1", "DA",
					   "VL", "IS", "SP", "EP", "DO", "AN", "UR", "N1", "ID", "M1", NULL};
	for (int i = 0; tags[i]; i++)
		if (strcmp(tags[i], tag) == 0)
			return tags[i];
	return "RIS";
}

static struct ris_field *first(struct ris *r, const char *tag)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->f[i].tag, tag) == 0)
			return &r->f[i];
	return NULL;
}

/* "Family, Given[, Suffix]" (the RIS form), or a name without a comma,
 * which is kept whole (an organisation). Pointers into s, which is cut. */
static void ris_name(char *s, struct ev_name_parts *p)
{
	memset(p, 0, sizeof *p);
	char *c = strchr(s, ',');
	if (!c) {
		p->family = s;
		p->literal = 1;
		return;
	}
	*c = '\0';
	p->family = s;
	char *g = c + 1;
	while (*g == ' ')
		g++;
	char *c2 = strchr(g, ',');
	if (c2) {
		*c2 = '\0';
		char *x = c2 + 1;
		while (*x == ' ')
			x++;
		p->suffix = *x ? x : NULL;
	}
	size_t gl = strlen(g);
	while (gl && g[gl - 1] == ' ')
		g[--gl] = '\0';
	size_t fl = strlen(s);
	while (fl && s[fl - 1] == ' ')
		s[--fl] = '\0';
	p->given = *g ? g : NULL;
}

static void deliver(struct ris *r)
{
	struct ev_bibentry e;
	struct ris_field *f;
	ev_bibentry_init(&e, "RIS", r->start);
	const char *title_tags[] = {"TI", "T1", NULL}, *journal_tags[] = {"T2", "JO", "JF", "J2", "JA", NULL},
		   *date_tags[] = {"PY", "Y1", "DA", NULL};
	for (int i = 0; title_tags[i]; i++)
		if ((f = first(r, title_tags[i]))) {
			ev_bibentry_set(&e, EV_REF_TITLE, val(f), f->value.len, origin_of(f->tag), f->line);
			break;
		}
	for (int i = 0; journal_tags[i]; i++)
		if ((f = first(r, journal_tags[i]))) {
			ev_bibentry_set(&e, EV_REF_JOURNAL, val(f), f->value.len, origin_of(f->tag), f->line);
			break;
		}
	for (int i = 0; date_tags[i]; i++)
		if ((f = first(r, date_tags[i])) && f->value.len) {
			ev_bibentry_set_year(&e, val(f), origin_of(f->tag), f->line);
			break;
		}
	if ((f = first(r, "VL")))
		ev_bibentry_set(&e, EV_REF_VOLUME, val(f), f->value.len, "VL", f->line);
	if ((f = first(r, "IS")))
		ev_bibentry_set(&e, EV_REF_ISSUE, val(f), f->value.len, "IS", f->line);
	struct ris_field *sp = first(r, "SP"), *ep = first(r, "EP");
	if (sp)
		ev_bibentry_pages(&e, val(sp), ep ? val(ep) : NULL, "SP", sp->line);
	if ((f = first(r, "DO")))
		ev_bibentry_set_doi(&e, val(f), "DO", f->line);
	struct ris_field *db = first(r, "DB"), *an = first(r, "AN");
	if (an && strspn(val(an), "0123456789") == an->value.len &&
	    (!db || strcasecmp(val(db), "PubMed") == 0 || strcasecmp(val(db), "MEDLINE") == 0))
		ev_bibentry_set(&e, EV_REF_PMID, val(an), an->value.len, "AN", an->line);
	int et_al = 0;
	for (int i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (strcmp(f->tag, "UR") == 0 || strcmp(f->tag, "L2") == 0)
			ev_bibentry_url(&e, val(f), "UR", f->line);
		else if (strcmp(f->tag, "N1") == 0 || strcmp(f->tag, "M1") == 0)
			et_al |= ev_bibentry_note(&e, val(f), origin_of(f->tag), f->line);
	}
	/* Authors: AU, or A1 in older files; editors (A2, ED) are not authors. */
	int nau = 0;
	long au_line = r->start;
	struct ev_name_parts *names = ev_xcalloc((size_t)r->n + 1, sizeof *names);
	const char *au_tag = first(r, "AU") ? "AU" : "A1";
	for (int i = 0; i < r->n; i++) {
		f = &r->f[i];
		if (strcmp(f->tag, au_tag) != 0 || !f->value.len)
			continue;
		if (!nau)
			au_line = f->line;
		ris_name(f->value.data, &names[nau++]);
	}
	if (nau)
		ev_bibentry_authors(&e, names, nau, et_al, au_tag, au_line);
	free(names);
	if ((f = first(r, "ID")) && f->value.len) {
		e.key = ev_xstrdup(val(f));
		e.key_line = f->line;
	}
	r->entries++;
	if (r->fn(r->ud, &e))
		r->stop = 1;
	ev_bibentry_free(&e);
}

static void clear(struct ris *r)
{
	for (int i = 0; i < r->n; i++)
		ev_buf_free(&r->f[i].value);
	r->n = 0;
}

long ev_ris_read(const char *text, size_t n, ev_bib_entry_fn fn, ev_bib_error_fn err, void *ud)
{
	struct ris r = {0};
	int in = 0;
	long line = 0;
	size_t i = 0;
	r.fn = fn;
	r.err = err;
	r.ud = ud;
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && !r.stop) {
		const char *s = text + i, *nl = memchr(s, '\n', n - i);
		size_t len = nl ? (size_t)(nl - s) : n - i;
		i += len + (nl ? 1 : 0);
		line++;
		/* An empty line (nl == s) has len 0. */
		// cppcheck-suppress knownConditionTrueFalse
		if (len && s[len - 1] == '\r')
			len--;
		size_t blank = 0;
		while (blank < len && (s[blank] == ' ' || s[blank] == '\t'))
			blank++;
		if (blank == len)
			continue;
		if (memchr(s, '\0', len)) {
			err(ud, line, NULL, "a NUL byte in the file (is it RIS?)");
			r.stop = -1;
			break;
		}
		if (!is_tag_line(s, len)) {
			if (!in || !r.n) {
				err(ud, line, NULL,
				    "not a RIS line: a RIS record is lines 'XX  - value' from 'TY  - ' to 'ER  - '");
				r.stop = -1;
				break;
			}
			/* A wrapped value goes on. */
			struct ev_buf *v = &r.f[r.n - 1].value;
			ev_buf_addc(v, ' ');
			ev_buf_add(v, s + blank, len - blank);
			continue;
		}
		char tag[3] = {s[0], s[1], 0};
		const char *v = len > 6 ? s + 6 : s + len;
		size_t vl = len > 6 ? len - 6 : 0;
		if (strcmp(tag, "TY") == 0) {
			if (in) {
				char m[120];
				snprintf(m, sizeof m, "a new record starts before the one from line %ld ended ('ER  - ' missing)",
					 r.start);
				err(ud, line, "TY", m);
				r.stop = -1;
				break;
			}
			in = 1;
			r.start = line;
			clear(&r);
			continue;
		}
		if (!in) {
			char m[120];
			snprintf(m, sizeof m, "'%s' outside a record: a RIS record starts with 'TY  - '", tag);
			err(ud, line, tag, m);
			r.stop = -1;
			break;
		}
		if (strcmp(tag, "ER") == 0) {
			deliver(&r);
			clear(&r);
			in = 0;
			continue;
		}
		if (r.n == r.cap) {
			r.cap = r.cap ? r.cap * 2 : 32;
			r.f = ev_xrealloc(r.f, (size_t)r.cap * sizeof *r.f);
		}
		struct ris_field *f = &r.f[r.n++];
		memcpy(f->tag, tag, 3);
		f->line = line;
		f->value = (struct ev_buf)EV_BUF_INIT;
		ev_buf_add(&f->value, v, vl);
		ev_buf_str(&f->value);
	}
	if (in && !r.stop) {
		char m[120];
		snprintf(m, sizeof m, "the record that starts on line %ld has no end ('ER  - ')", r.start);
		err(ud, line, NULL, m);
		r.stop = -1;
	}
	clear(&r);
	free(r.f);
	return r.stop < 0 ? -1 : r.entries;
}
