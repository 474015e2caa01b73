/*
 * cite.c: page ranges and the citation formats (BibTeX entries, RIS,
 * CSL-JSON, Vancouver and APA references). Every format starts from the
 * one parse of the author list (names.c), so a name is split the same way
 * in each; BibTeX's LaTeX text is latex.c's.
 */
#include "cite.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "latex.h"
#include "names.h"
#include "pubmed.h"

/* ---- pages ------------------------------------------------------------ */

/* Length of the run of digits at the end of s[0..n). */
static size_t trailing_digits(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && isdigit((unsigned char)s[n - 1 - k]))
		k++;
	return k;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int ev_pages_parse(const char *pages, struct ev_pages *p)
{
	struct ev_buf tmp = EV_BUF_INIT;
	memset(p, 0, sizeof *p);
	size_t n;
	const char *s = ev_spaces_folded(pages, &tmp, &n);
	if (!s)
		return -1;
	int rc = -1;
	if (n >= sizeof p->first)
		goto done;
	/* One separator: '-', "--" or an en dash, with a token on each side
	 * and no spaces or commas anywhere. */
	const char *sep = NULL;
	size_t seplen = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == ',' || s[i] == ';')
			goto done;
		size_t l = strncmp(s + i, "--", 2) == 0		      ? 2
			   : strncmp(s + i, "\xe2\x80\x93", 3) == 0 ? 3
			   : s[i] == '-'			      ? 1
								      : 0;
		if (!l)
			continue;
		if (sep)
			goto done;
		sep = s + i;
		seplen = l;
		i += l - 1;
	}
	if (!sep) {
		memcpy(p->first, s, n + 1);
		rc = 0;
		goto done;
	}
	size_t fl = (size_t)(sep - s);
	const char *last = sep + seplen;
	size_t ll = strlen(last);
	if (fl == 0 || ll == 0)
		goto done;
	memcpy(p->first, s, fl);
	p->first[fl] = '\0';
	memcpy(p->last, last, ll + 1);
	/* "1135-44" is 1135 to 1144; "S12-8" is S12 to S18. Expand only
	 * when the result does not go backwards. */
	size_t fd = trailing_digits(p->first, fl);
	if (all_digits(p->last) && ll < fd) {
		char full[sizeof p->first + sizeof p->last];
		snprintf(full, sizeof full, "%.*s%s", (int)(fl - ll), p->first, p->last);
		if (strtoull(full + (fl - fd), NULL, 10) >= strtoull(p->first + (fl - fd), NULL, 10))
			memcpy(p->last, full, fl + 1); /* fl < sizeof p->last */
	}
	p->range = 1;
	rc = 1;
done:
	ev_buf_free(&tmp);
	return rc;
}

/* Vancouver's abbreviated range: the leading digits the last page shares
 * with the first are dropped ("3100-3105" gives "3100-5"). */
static void add_pages_vancouver(struct ev_buf *b, const char *raw)
{
	struct ev_pages p;
	int rc = ev_pages_parse(raw, &p);
	if (rc < 0) {
		char *f = ev_spaces_fold(raw);
		ev_buf_adds(b, f ? f : "");
		free(f);
		return;
	}
	ev_buf_adds(b, p.first);
	if (rc == 0)
		return;
	size_t fl = strlen(p.first), ll = strlen(p.last), k = 0;
	if (fl == ll)
		while (k + 1 < ll && p.first[k] == p.last[k])
			k++;
	/* At least one character stays: "3100-3105" gives "3100-5", "78-81"
	 * stays, "S12-S18" gives "S12-8". */
	ev_buf_addc(b, '-');
	ev_buf_adds(b, p.last + k);
}

/* Whether a name part contains the word "and", which BibTeX would take
 * as a separator between names. */
static int has_and_word(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') && (s[i] | 0x20) == 'a' && (s[i + 1] | 0x20) == 'n' &&
		    (s[i + 2] | 0x20) == 'd' && (i + 3 == n || s[i + 3] == ' '))
			return 1;
	return 0;
}

/* ev_bibtex_escape of a string known to be folded already (the parts of
 * a parsed author list, fields folded by the caller): no second scan. */
static int escape_folded(struct ev_buf *b, const char *f, unsigned flags) { return ev_bibtex_escape_folded(b, f, strlen(f), flags); }

static int bib_part(struct ev_buf *b, const char *s, unsigned flags)
{
	int brace = has_and_word(s), kept;
	if (brace)
		ev_buf_addc(b, '{');
	kept = escape_folded(b, s, flags);
	if (brace)
		ev_buf_addc(b, '}');
	return kept;
}

/* ",\n  name    = {": the field name padded to seven columns, as
 * "%-7s" would, without printf. */
static void bib_field_start(struct ev_buf *b, int *nfields, const char *name)
{
	size_t n = strlen(name);
	ev_buf_add(b, *nfields ? ",\n  " : "\n  ", *nfields ? 4 : 3);
	ev_buf_add(b, name, n);
	if (n < 7)
		ev_buf_add(b, "       ", 7 - n);
	ev_buf_add(b, " = {", 4);
	(*nfields)++;
}

const char *ev_cite_status_note(enum ev_status status)
{
	switch (status) {
	case EV_RETRACTED:
		return "Retracted publication";
	case EV_UNVERIFIED:
		return "Unverified record: not yet checked against a primary bibliographic source";
	default:
		return NULL;
	}
}

int ev_cite_bibtex(struct ev_buf *b, const struct ev_cite *c, unsigned flags)
{
	struct ev_names nm;
	struct ev_pages pg;
	struct ev_buf tmp = EV_BUF_INIT, fam = EV_BUF_INIT;
	int nf = 0, kept = 0;
	ev_names_parse(c->authors, &nm);
	ev_buf_add(b, "@article{", 9);
	ev_buf_adds(b, c->key ? c->key : "");
	ev_buf_addc(b, ',');
	if (nm.n) {
		bib_field_start(b, &nf, "author");
		for (int i = 0; i < nm.n; i++) {
			const struct ev_name *a = &nm.v[i];
			if (i)
				ev_buf_add(b, " and ", 5);
			if (a->literal) {
				/* Braces keep an organisation's name whole. */
				ev_buf_addc(b, '{');
				kept += escape_folded(b, a->family, flags);
				ev_buf_addc(b, '}');
				continue;
			}
			const char *family = a->family;
			if (a->particle) {
				ev_buf_reset(&fam);
				ev_name_add_family(&fam, a);
				family = fam.data;
			}
			kept += bib_part(b, family, flags);
			if (a->suffix) {
				ev_buf_add(b, ", ", 2);
				kept += bib_part(b, ev_name_suffix_dotted(a->suffix), flags);
			}
			if (a->given) {
				ev_buf_add(b, ", ", 2);
				kept += bib_part(b, a->given, flags);
			}
		}
		if (nm.et_al)
			ev_buf_adds(b, " and others");
		ev_buf_addc(b, '}');
	}
	bib_field_start(b, &nf, "title");
	kept += ev_bibtex_title(b, c->title, flags);
	ev_buf_addc(b, '}');
	const char *j = ev_spaces_folded(c->journal, &tmp, NULL);
	if (j) {
		bib_field_start(b, &nf, "journal");
		kept += escape_folded(b, j, flags);
		ev_buf_addc(b, '}');
	}
	if (c->year) {
		bib_field_start(b, &nf, "year");
		ev_buf_addi(b, c->year);
		ev_buf_addc(b, '}');
	}
	const char *simple[][2] = {{"volume", c->volume}, {"number", c->issue}};
	for (int i = 0; i < 2; i++) {
		const char *v = ev_spaces_folded(simple[i][1], &tmp, NULL);
		if (!v)
			continue;
		bib_field_start(b, &nf, simple[i][0]);
		kept += escape_folded(b, v, flags);
		ev_buf_addc(b, '}');
	}
	const char *raw = ev_spaces_folded(c->pages, &tmp, NULL);
	if (raw) {
		bib_field_start(b, &nf, "pages");
		if (ev_pages_parse(raw, &pg) == 1) {
			kept += escape_folded(b, pg.first, flags);
			ev_buf_add(b, "--", 2);
			kept += escape_folded(b, pg.last, flags);
		} else {
			kept += escape_folded(b, raw, flags);
		}
		ev_buf_addc(b, '}');
	}
	size_t n;
	const char *doi = ev_spaces_folded(c->doi, &tmp, &n);
	if (doi) {
		/* A verbatim field for biblatex and the url package: written as
		 * it is, unless a brace would unbalance the entry. */
		bib_field_start(b, &nf, "doi");
		if (ev_bibtex_braces_pair(doi, n))
			ev_buf_add(b, doi, n);
		else
			ev_bibtex_escape_folded(b, doi, n, 0);
		ev_buf_addc(b, '}');
	}
	if (c->pmid > 0) {
		bib_field_start(b, &nf, "pmid");
		ev_buf_addi(b, c->pmid);
		ev_buf_addc(b, '}');
	}
	/* biblatex's useprefix: "van der Meer" is cited, and sorted, with
	 * its particle, as our records and Vancouver write it. Without it
	 * pandoc and biber demote the particle ("Meer, I. M. van der"). */
	int particle = 0;
	for (int i = 0; i < nm.n && !particle; i++)
		particle = nm.v[i].particle != NULL;
	if (particle) {
		bib_field_start(b, &nf, "options");
		ev_buf_adds(b, "useprefix=true}");
	}
	const char *note = ev_cite_status_note(c->status);
	if (note) {
		bib_field_start(b, &nf, "note");
		ev_buf_adds(b, note);
		ev_buf_addc(b, '}');
	}
	ev_buf_add(b, "\n}\n\n", 4);
	ev_names_free(&nm);
	ev_buf_free(&fam);
	ev_buf_free(&tmp);
	return kept;
}

/* ---- RIS -------------------------------------------------------------- */

static void ris_line(struct ev_buf *b, const char *tag, const char *value)
{
	char *v = ev_spaces_fold(value);
	if (!v && strcmp(tag, "ER") != 0)
		return;
	ev_buf_addf(b, "%s  - %s\r\n", tag, v ? v : "");
	free(v);
}

static char *et_al_note(void) { return ev_xstrdup("Author list incomplete (et al.)"); }

void ev_cite_ris(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	char num[32];
	ev_names_parse(c->authors, &nm);
	ris_line(b, "TY", "JOUR");
	/* The key, so that a library imported back keeps it (import reads
	 * ID as the citation key; Zotero and EndNote ignore it). */
	ris_line(b, "ID", c->key);
	for (int i = 0; i < nm.n; i++) {
		const struct ev_name *a = &nm.v[i];
		struct ev_buf au = EV_BUF_INIT;
		if (a->literal) {
			ev_buf_adds(&au, a->family);
		} else {
			ev_name_add_family(&au, a);
			if (a->given || a->suffix)
				ev_buf_addf(&au, ", %s", a->given ? a->given : "");
			if (a->suffix)
				ev_buf_addf(&au, ", %s", ev_name_suffix_dotted(a->suffix));
		}
		ris_line(b, "AU", ev_buf_str(&au));
		ev_buf_free(&au);
	}
	ris_line(b, "TI", c->title);
	ris_line(b, "T2", c->journal);
	ris_line(b, "JO", c->journal);
	if (c->year) {
		snprintf(num, sizeof num, "%d", c->year);
		ris_line(b, "PY", num);
	}
	ris_line(b, "VL", c->volume);
	ris_line(b, "IS", c->issue);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc >= 0) {
		ris_line(b, "SP", pg.first);
		if (prc == 1)
			ris_line(b, "EP", pg.last);
	} else {
		ris_line(b, "SP", c->pages);
	}
	ris_line(b, "DO", c->doi);
	if (c->pmid > 0) {
		snprintf(num, sizeof num, "%lld", (long long)c->pmid);
		ris_line(b, "AN", num);
		ris_line(b, "DB", "PubMed");
	}
	/* Links every reference manager reads as the URL (the first) and
	 * as further links: the DOI's, then the PubMed record's, which is
	 * how Zotero, with no RIS tag for a PMID, still gets to it. */
	char *doi = ev_spaces_fold(c->doi);
	if (doi) {
		char *u = ev_xasprintf("https://doi.org/%s", doi);
		ris_line(b, "UR", u);
		free(u);
		free(doi);
	}
	if (c->pmid > 0) {
		char *u = ev_xasprintf("https://pubmed.ncbi.nlm.nih.gov/%lld/", (long long)c->pmid);
		ris_line(b, "UR", u);
		free(u);
	}
	const char *note = ev_cite_status_note(c->status);
	if (note)
		ris_line(b, "N1", note);
	if (nm.et_al) {
		char *n = et_al_note();
		ris_line(b, "N1", n);
		free(n);
	}
	ris_line(b, "ER", NULL);
	ev_names_free(&nm);
}

/* ---- CSL-JSON --------------------------------------------------------- */

/* Text goes in through ev_json_text: jansson refuses a string that is not
 * UTF-8 (json_string returns NULL, and the member silently vanishes), which
 * only a database written by another program can hold; such bytes show as
 * U+FFFD, as in every other JSON evidence writes. */

static void set_text(json_t *o, const char *key, const char *value)
{
	char *v = ev_spaces_fold(value);
	if (v)
		json_object_set_new(o, key, ev_json_text(v));
	free(v);
}

json_t *ev_cite_csl(const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	json_t *o = json_object();
	ev_names_parse(c->authors, &nm);
	json_object_set_new(o, "id", ev_json_text(c->key));
	json_object_set_new(o, "type", json_string("article-journal"));
	if (nm.n) {
		json_t *arr = json_array();
		for (int i = 0; i < nm.n; i++) {
			const struct ev_name *a = &nm.v[i];
			json_t *n = json_object();
			if (a->literal) {
				json_object_set_new(n, "literal", ev_json_text(a->family));
			} else {
				json_object_set_new(n, "family", ev_json_text(a->family));
				if (a->given)
					json_object_set_new(n, "given", ev_json_text(a->given));
				/* A particle written before the family name and kept
				 * with it in citations ("van der Meer") is CSL's
				 * non-dropping particle; the style decides how it
				 * sorts. */
				if (a->particle)
					json_object_set_new(n, "non-dropping-particle", ev_json_text(a->particle));
				if (a->suffix)
					json_object_set_new(n, "suffix", ev_json_text(ev_name_suffix_dotted(a->suffix)));
			}
			json_array_append_new(arr, n);
		}
		/* The marker pandoc itself makes of BibTeX's "and others":
		 * citeproc prints it as "et al.". */
		if (nm.et_al)
			json_array_append_new(arr, json_pack("{s:s}", "literal", "others"));
		json_object_set_new(o, "author", arr);
	}
	set_text(o, "title", c->title);
	set_text(o, "container-title", c->journal);
	set_text(o, "volume", c->volume);
	set_text(o, "issue", c->issue);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc == 1) {
		char page[140];
		snprintf(page, sizeof page, "%s-%s", pg.first, pg.last);
		json_object_set_new(o, "page", ev_json_text(page));
	} else {
		set_text(o, "page", prc == 0 ? pg.first : c->pages);
	}
	if (c->year)
		json_object_set_new(o, "issued", json_pack("{s:[[i]]}", "date-parts", c->year));
	set_text(o, "DOI", c->doi);
	if (c->pmid > 0) {
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)c->pmid);
		json_object_set_new(o, "PMID", json_string(num));
	}
	const char *status = ev_cite_status_note(c->status);
	if (status || nm.et_al) {
		struct ev_buf note = EV_BUF_INIT;
		if (status)
			ev_buf_adds(&note, status);
		if (nm.et_al) {
			char *n = et_al_note();
			ev_buf_addf(&note, "%s%s", note.len ? "; " : "", n);
			free(n);
		}
		json_object_set_new(o, "note", json_string(ev_buf_str(&note)));
		ev_buf_free(&note);
	}
	ev_names_free(&nm);
	return o;
}

/* ---- formatted references --------------------------------------------- */

static int ends_with_any(const struct ev_buf *b, const char *chars)
{
	return b->len && strchr(chars, b->data[b->len - 1]) != NULL;
}

/* Appends s, then a period unless s already ends a sentence. */
static void add_sentence(struct ev_buf *b, const char *s)
{
	ev_buf_adds(b, s);
	if (!ends_with_any(b, ".?!"))
		ev_buf_addc(b, '.');
}

static void add_status(struct ev_buf *b, enum ev_status status)
{
	if (status == EV_RETRACTED)
		ev_buf_adds(b, " [Retracted publication]");
	else if (status == EV_UNVERIFIED)
		ev_buf_adds(b, " [Unverified record]");
}

void ev_cite_vancouver(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_cite_spans sp;
	ev_cite_vancouver_spans(b, c, &sp);
}

void ev_cite_vancouver_spans(struct ev_buf *b, const struct ev_cite *c, struct ev_cite_spans *sp)
{
	memset(sp, 0, sizeof *sp);
	struct ev_names nm;
	char *title = ev_spaces_fold(c->title), *journal = ev_spaces_fold(c->journal), *vol = ev_spaces_fold(c->volume), *iss = ev_spaces_fold(c->issue);
	size_t start = b->len;
	ev_names_parse(c->authors, &nm);
	/* ICMJE: the first six authors, then "et al." */
	int more = nm.n > 6;
	int shown = more ? 6 : nm.n;
	for (int i = 0; i < shown; i++) {
		const struct ev_name *a = &nm.v[i];
		if (i)
			ev_buf_adds(b, ", ");
		if (a->literal) {
			ev_buf_adds(b, a->family);
			continue;
		}
		ev_name_add_family(b, a);
		if (a->initials)
			ev_buf_addf(b, " %s", a->initials);
		if (a->suffix)
			ev_buf_addf(b, " %s", a->suffix);
	}
	if (shown && (more || nm.et_al))
		ev_buf_adds(b, ", et al");
	else if (!shown && nm.et_al)
		ev_buf_adds(b, "et al");
	if (b->len > start) {
		if (!ends_with_any(b, "."))
			ev_buf_addc(b, '.');
		ev_buf_addc(b, ' ');
	}
	add_sentence(b, title ? title : "");
	if (journal) {
		ev_buf_addc(b, ' ');
		add_sentence(b, journal);
	}
	size_t before = b->len;
	ev_buf_addc(b, ' ');
	size_t mark = b->len;
	if (c->year)
		ev_buf_addf(b, "%d", c->year);
	if (vol || iss) {
		if (c->year)
			ev_buf_addc(b, ';');
		if (vol)
			ev_buf_adds(b, vol);
		if (iss)
			ev_buf_addf(b, "(%s)", iss);
	}
	if (c->pages && *c->pages) {
		char *pf = ev_spaces_fold(c->pages);
		if (pf) {
			if (b->len > mark)
				ev_buf_addc(b, ':');
			add_pages_vancouver(b, c->pages);
			free(pf);
		}
	}
	if (b->len > mark)
		ev_buf_addc(b, '.');
	else {
		b->len = before;
		b->data[b->len] = '\0';
	}
	char *doi = ev_spaces_fold(c->doi);
	if (doi) {
		ev_buf_adds(b, " doi:");
		sp->doi_at = b->len;
		ev_buf_adds(b, doi);
		sp->doi_end = b->len;
	}
	size_t status = b->len;
	add_status(b, c->status);
	if (b->len > status) {
		sp->status_at = status + 1;
		sp->status_end = b->len;
	}
	free(doi);
	free(title);
	free(journal);
	free(vol);
	free(iss);
	ev_names_free(&nm);
}

/* APA's initials: "I. M.", "J.-P." */

static void add_apa_name(struct ev_buf *b, const struct ev_name *a)
{
	if (a->literal) {
		ev_buf_adds(b, a->family);
		return;
	}
	ev_name_add_family(b, a);
	if (a->initials) {
		ev_buf_adds(b, ", ");
		ev_initials_add_given(b, a->initials);
	}
	if (a->suffix)
		ev_buf_addf(b, ", %s", ev_name_suffix_dotted(a->suffix));
}

/* APA capitalises the first word of a subtitle: "...: The Rotterdam
 * Study". Only a plain lowercase word is changed (not "mRNA"). */
static void add_apa_title(struct ev_buf *b, const char *t)
{
	size_t n = strlen(t);
	for (size_t i = 0; i < n; i++) {
		ev_buf_addc(b, t[i]);
		if (t[i] == ':' && i + 2 < n && t[i + 1] == ' ' && islower((unsigned char)t[i + 2])) {
			size_t j = i + 2;
			int plain = 1;
			while (j < n && t[j] != ' ' && t[j] != ',' && t[j] != ':' && t[j] != '.') {
				if (isupper((unsigned char)t[j]) || isdigit((unsigned char)t[j]))
					plain = 0;
				j++;
			}
			if (plain) {
				ev_buf_addc(b, ' ');
				ev_buf_addc(b, (char)toupper((unsigned char)t[i + 2]));
				i += 2;
			}
		}
	}
}

void ev_cite_apa(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	struct ev_pages pg;
	char *title = ev_spaces_fold(c->title), *journal = ev_spaces_fold(c->journal), *vol = ev_spaces_fold(c->volume), *iss = ev_spaces_fold(c->issue);
	ev_names_parse(c->authors, &nm);
	struct ev_buf t = EV_BUF_INIT;
	add_apa_title(&t, title ? title : "");
	if (!ends_with_any(&t, ".?!"))
		ev_buf_addc(&t, '.');

	if (nm.n) {
		if (nm.et_al) {
			/* The full list is unknown: APA has no form for this, and
			 * inventing names is worse; say "et al." */
			for (int i = 0; i < nm.n; i++) {
				add_apa_name(b, &nm.v[i]);
				ev_buf_adds(b, ", ");
			}
			ev_buf_adds(b, "et al.");
		} else if (nm.n <= 20) {
			for (int i = 0; i < nm.n; i++) {
				if (i)
					ev_buf_adds(b, i + 1 == nm.n ? ", & " : ", ");
				add_apa_name(b, &nm.v[i]);
			}
		} else {
			for (int i = 0; i < 19; i++) {
				add_apa_name(b, &nm.v[i]);
				ev_buf_adds(b, ", ");
			}
			ev_buf_adds(b, ". . . ");
			add_apa_name(b, &nm.v[nm.n - 1]);
		}
		if (!ends_with_any(b, "."))
			ev_buf_addc(b, '.');
		ev_buf_addc(b, ' ');
	} else {
		/* No author: the title moves to the author's place. */
		ev_buf_adds(b, ev_buf_str(&t));
		ev_buf_addc(b, ' ');
	}
	if (c->year)
		ev_buf_addf(b, "(%d).", c->year);
	else
		ev_buf_adds(b, "(n.d.).");
	if (nm.n) {
		ev_buf_addc(b, ' ');
		ev_buf_adds(b, ev_buf_str(&t));
	}
	struct ev_buf src = EV_BUF_INIT;
	if (journal)
		ev_buf_adds(&src, journal);
	if (vol)
		ev_buf_addf(&src, "%s%s", src.len ? ", " : "", vol);
	if (iss)
		ev_buf_addf(&src, "%s(%s)", vol ? "" : src.len ? ", " : "", iss);
	int prc = ev_pages_parse(c->pages, &pg);
	if (prc == 1)
		ev_buf_addf(&src, "%s%s\xe2\x80\x93%s", src.len ? ", " : "", pg.first, pg.last);
	else if (prc == 0)
		/* A single number is taken as an article number (eLocator),
		 * which is what e-only journals print; see docs/export.md. */
		ev_buf_addf(&src, "%sArticle %s", src.len ? ", " : "", pg.first);
	else if (c->pages) {
		char *pf = ev_spaces_fold(c->pages);
		if (pf)
			ev_buf_addf(&src, "%s%s", src.len ? ", " : "", pf);
		free(pf);
	}
	if (src.len) {
		ev_buf_addc(b, ' ');
		add_sentence(b, ev_buf_str(&src));
	}
	char *doi = ev_spaces_fold(c->doi);
	if (doi)
		ev_buf_addf(b, " https://doi.org/%s", doi);
	add_status(b, c->status);
	free(doi);
	ev_buf_free(&src);
	ev_buf_free(&t);
	free(title);
	free(journal);
	free(vol);
	free(iss);
	ev_names_free(&nm);
}

/* ---- records ---------------------------------------------------------- */

void ev_cite_from_record(struct ev_cite *c, const struct ev_record *r)
{
	/* Where each field sits in a study record, looked up by name once:
	 * the order is fixed (validate.c), and a lookup per field of each of
	 * a million exported studies showed in profiles. */
	enum { KEY, TITLE, AUTHORS, JOURNAL, YEAR, VOLUME, ISSUE, PAGES, DOI, PMID, STATUS, NFIELDS };
	static const char *const names[NFIELDS] = {"key",   "title", "authors", "journal", "year",  "volume",
						   "issue", "pages", "doi",	"pmid",	   "status"};
	static int at[NFIELDS], ready;
	if (!ready) {
		for (int i = 0; i < NFIELDS; i++)
			at[i] = (int)(ev_record_get(r, names[i]) - r->v);
		ready = 1;
	}
	const struct ev_value *v = r->v;
#define TEXT(i) (v[at[i]].type == EV_V_TEXT ? v[at[i]].s : NULL)
	const char *status = TEXT(STATUS);
	memset(c, 0, sizeof *c);
	c->key = TEXT(KEY);
	c->title = TEXT(TITLE);
	c->authors = TEXT(AUTHORS);
	c->journal = TEXT(JOURNAL);
	c->year = v[at[YEAR]].type == EV_V_INT ? (int)v[at[YEAR]].i : 0;
	c->volume = TEXT(VOLUME);
	c->issue = TEXT(ISSUE);
	c->pages = TEXT(PAGES);
	c->doi = TEXT(DOI);
	c->pmid = v[at[PMID]].type == EV_V_INT ? v[at[PMID]].i : 0;
#undef TEXT
	int s = status ? ev_lookup(ev_status_names, status) : -1;
	c->status = s >= 0 ? (enum ev_status)s : EV_VERIFIED;
}

/* Letters and digits of s, folded to ASCII lowercase (ev_slug_add without
 * its hyphens): APA alphabetises letter by letter. */
static void sort_letters(struct ev_buf *b, const char *s)
{
	struct ev_buf t = EV_BUF_INIT;
	ev_slug_add(&t, s, strlen(s), 4096);
	for (size_t i = 0; i < t.len; i++)
		if (t.data[i] != '-')
			ev_buf_addc(b, t.data[i]);
	ev_buf_free(&t);
}

void ev_cite_apa_sortkey(struct ev_buf *b, const struct ev_cite *c)
{
	struct ev_names nm;
	ev_names_parse(c->authors, &nm);
	const char *t = c->title ? c->title : "";
	/* A work without an author is alphabetised by its title, without a
	 * leading article. */
	static const char *const articles[] = {"A ", "An ", "The ", NULL};
	for (int i = 0; articles[i]; i++)
		if (strncmp(t, articles[i], strlen(articles[i])) == 0) {
			t += strlen(articles[i]);
			break;
		}
	/* \2 between a name's surname and initials, \3 between authors, \1
	 * after the last: "nothing precedes something" (Smith, J. before
	 * Smith, J., & Jones, before Smithson). */
	if (!nm.n)
		sort_letters(b, t);
	for (int i = 0; i < nm.n; i++) {
		struct ev_buf full = EV_BUF_INIT;
		ev_name_add_family(&full, &nm.v[i]);
		if (i)
			ev_buf_addc(b, '\3');
		sort_letters(b, ev_buf_str(&full));
		ev_buf_addc(b, '\2');
		if (nm.v[i].initials)
			sort_letters(b, nm.v[i].initials);
		ev_buf_free(&full);
	}
	ev_buf_addc(b, '\1');
	/* Then the year, works without a date first; then the title. */
	ev_buf_addf(b, "%04d", c->year > 0 ? c->year : 0);
	ev_buf_addc(b, '\1');
	sort_letters(b, t);
	ev_names_free(&nm);
}
