/*
 * html.c: the evidence report as a web page (see html.h).
 *
 * One file that opens anywhere, offline, and prints well: the styles are
 * inline, the forest plots are inline SVG (svg.c), and nothing needs
 * JavaScript. The markup is also well-formed XML (void elements closed,
 * only XML's five entities), so `xmllint --noout` can prove in the tests
 * that no user text broke out of its element.
 *
 * Two kinds of writer keep escaping honest: raw() takes markup and
 * numbers from this file only, txt() takes anything a user typed and
 * always escapes it.
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "claimreview.h"
#include "numfmt.h"
#include "sof.h"
#include "svg.h"
#include "view.h"

static void raw(struct ev_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void raw(struct ev_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ev_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

static void txt(struct ev_buf *b, const char *s) { ev_xml_escape(b, s); }

/* A record's field as text (numbers formatted), or NULL when empty. */
static const char *field(const struct ev_record *r, const char *name, char *buf, size_t size)
{
	int i = ev_field_index(r->kind, name);
	if (i < 0 || r->v[i].type == EV_V_NULL)
		return NULL;
	const char *s = ev_value_format(r, i, buf, size);
	return s && *s ? s : NULL;
}

/* The number the digits s[from .. to) spell, or -1 when one is not a digit. */
static int digits(const char *s, int from, int to)
{
	int v = 0;
	for (int i = from; i < to; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *ev_html_date(const char *s, char *buf, size_t size)
{
	static const char *const months[] = {"January", "February", "March",	 "April",   "May",	"June",
					     "July",	"August",   "September", "October", "November", "December"};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return NULL;
	int y = digits(s, 0, 4), m = digits(s, 5, 7), d = digits(s, 8, 10);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	snprintf(buf, size, "%d %s %d", d, months[m - 1], y);
	return buf;
}

void ev_html_doi_url(struct ev_buf *b, const char *doi)
{
	ev_buf_adds(b, "https://doi.org/");
	for (const unsigned char *p = (const unsigned char *)doi; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/:;()", *p))
			ev_buf_addc(b, (char)*p);
		else
			ev_buf_addf(b, "%%%02X", *p);
	}
}

/* Whether a URL may become a link: http(s) only, so a stored value can
 * never turn into a javascript: or data: link. */
static int safe_url(const char *u)
{
	return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

static const char *const verdict_class[] = {"supported", "contradicted", "mixed", "insufficient"};
static const char *const verdict_word[] = {"Supported", "Contradicted", "Mixed", "Insufficient evidence"};
/* A mark beside the word, so the badge reads without colour. */
static const char *const verdict_mark[] = {"\xe2\x9c\x93", "\xe2\x9c\x97", "\xc2\xb1", "?"};

const char *ev_html_verdict_class(int v) { return v >= 0 && v < EV_VERDICT_COUNT ? verdict_class[v] : "insufficient"; }
const char *ev_html_verdict_mark(int v) { return v >= 0 && v < EV_VERDICT_COUNT ? verdict_mark[v] : "?"; }

/* The page's styles: light by default, dark where the screen prefers it,
 * a single column on a phone, plain black on white in print. Colours are
 * GitHub's Primer scales, whose pairs meet WCAG AA contrast. */
static const char *const css[] = {
	":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--soft:#f6f8fa;"
	"--link:#0969da;--sup:#0550ae;--con:#a44200;--shade:rgba(31,35,40,.28);"
	"--ok-bg:#dafbe1;--ok-fg:#116329;--ok-bd:#4ac26b;--mix-bg:#fff8c5;--mix-fg:#7d4e00;--mix-bd:#d4a72c;"
	"--no-bg:#ffebe9;--no-fg:#a40e26;--no-bd:#ff8182;--ins-bg:#eff2f5;--ins-fg:#424a53;--ins-bd:#afb8c1}\n",
	"@media screen and (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;"
	"--line:#3d444d;--soft:#151b23;--link:#4493f8;--sup:#79c0ff;--con:#f0883e;--shade:rgba(230,237,243,.3);"
	"--ok-bg:#0f2d1b;--ok-fg:#56d364;--ok-bd:#238636;--mix-bg:#2e2a12;--mix-fg:#e3b341;--mix-bd:#9e6a03;"
	"--no-bg:#35161a;--no-fg:#ff7b72;--no-bd:#da3633;--ins-bg:#212830;--ins-fg:#b7bdc8;--ins-bd:#656c76}}\n",
	"*{box-sizing:border-box}\n",
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n",
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans','Liberation Sans',sans-serif}\n",
	".page{max-width:64rem;margin:0 auto;padding:2rem 1.5rem 3rem}\n",
	"a{color:var(--link)}\n",
	"h1,h2,p,li,dd,figcaption{overflow-wrap:anywhere}\n",
	"h1{font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem;letter-spacing:-.01em}\n",
	"h2{font-size:1.35rem;line-height:1.3;margin:.35rem 0 .75rem}\n",
	"h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--mute);margin:1.5rem 0 .5rem}\n",
	"code{font:.85em ui-monospace,'DejaVu Sans Mono',monospace;background:var(--soft);padding:.1em .35em;"
	"border-radius:4px}\n",
	".kicker{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--mute);margin:0}\n",
	".byline{color:var(--mute);margin:0 0 1.25rem}\n",
	".summary{font-size:1.05rem;margin:0 0 .75rem}\n",
	".tally{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1.5rem}\n",
	".tally li{border:1px solid;border-radius:2rem;padding:.2rem .8rem;font-weight:600}\n",
	".tally .n{font-size:1.1rem;margin-right:.25rem}\n",
	".v-supported{background:var(--ok-bg);color:var(--ok-fg);border-color:var(--ok-bd)}\n",
	".v-mixed{background:var(--mix-bg);color:var(--mix-fg);border-color:var(--mix-bd)}\n",
	".v-contradicted{background:var(--no-bg);color:var(--no-fg);border-color:var(--no-bd)}\n",
	".v-insufficient{background:var(--ins-bg);color:var(--ins-fg);border-color:var(--ins-bd)}\n",
	"nav.toc{border:1px solid var(--line);border-radius:8px;padding:.75rem 1.25rem;margin-bottom:2rem;"
	"background:var(--soft)}\n",
	"nav.toc h2{font-size:1rem;margin:.25rem 0 .5rem}\n",
	"nav.toc ol{margin:0;padding-left:1.5rem}\n",
	"nav.toc li{margin:.3rem 0}\n",
	".tag{display:inline-block;font-size:.75rem;font-weight:600;border:1px solid;border-radius:1rem;"
	"padding:0 .5rem;margin-left:.35rem;white-space:nowrap;vertical-align:.1em}\n",
	"section.claim{border-top:1px solid var(--line);padding:1.75rem 0 1rem}\n",
	".claim-no{color:var(--mute);font-size:.85rem;margin:0}\n",
	".verdict{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;margin:0 0 1rem}\n",
	".badge{display:inline-block;border:2px solid;border-radius:6px;padding:.2rem .75rem;font-weight:700;"
	"font-size:1.05rem}\n",
	".certainty{color:var(--fg)}\n",
	".grade{letter-spacing:.1em;color:var(--mute);margin-left:.25rem}\n",
	"blockquote{margin:0 0 1rem;padding:.5rem 1rem;border-left:4px solid var(--line);background:var(--soft);"
	"border-radius:0 6px 6px 0}\n",
	"blockquote p{margin:0;font-style:italic}\n",
	"dl.stated{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem;"
	"font-size:.95rem}\n",
	"dl.stated dt{color:var(--mute)}\n",
	"dl.stated dd{margin:0}\n",
	".note{color:var(--mute);font-size:.95rem}\n",
	"ul.reasons{margin:0;padding-left:1.25rem}\n",
	"ul.reasons li{margin:.2rem 0}\n",
	"figure.plot{margin:1rem 0}\n",
	"figcaption{color:var(--mute);font-size:.85rem;margin-top:.25rem}\n",
	/* What does not fit scrolls sideways in its own box, never the page,
	 * and says so: a shadow at each edge with more beyond it (the covers
	 * scroll with the content, the shadows stay), and a visible scrollbar
	 * where the platform draws one. */
	".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;scrollbar-width:thin;"
	"scrollbar-color:var(--mute) transparent;"
	"background:linear-gradient(to right,var(--bg) 30%,transparent) left/2.5rem 100% no-repeat local,"
	"linear-gradient(to left,var(--bg) 30%,transparent) right/2.5rem 100% no-repeat local,"
	"radial-gradient(farthest-side at 0 50%,var(--shade),transparent) left/.9rem 100% no-repeat scroll,"
	"radial-gradient(farthest-side at 100% 50%,var(--shade),transparent) right/.9rem 100% no-repeat scroll}\n",
	/* A plot shrinks with the page down to a size its text can still be
	 * read at (--w, its own width, or 44rem), then scrolls. Its backdrop is
	 * the page's colour anyway; clearing it lets the shadows show. */
	".scroll svg{display:block;max-width:100%;min-width:min(var(--w,44rem),44rem);height:auto}\n",
	".scroll .evfp-bg{fill:none}\n",
	".hint{display:none;color:var(--mute);font-size:.8rem;margin:0 0 .25rem}\n",
	"table{border-collapse:collapse;width:100%;font-size:.9rem}\n",
	"th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid var(--line)}\n",
	"thead th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--mute);"
	"border-bottom:2px solid var(--line);white-space:nowrap}\n",
	"tbody th{font-weight:600;white-space:nowrap}\n",
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n",
	"th.num{text-align:right}\n",
	"td.eff{white-space:nowrap;font-variant-numeric:tabular-nums}\n",
	/* Its headers are long ("Difference with intervention (95% CI)"):
	 * they wrap, so the table fits the page where it can. */
	"table.sof{min-width:40rem}table.sof thead th{white-space:normal}\n",
	"ol.sof-notes{color:var(--mute);font-size:.85rem;margin:.5rem 0 0;padding-left:1.5rem}\n",
	".d-supports{color:var(--sup)}\n",
	".d-contradicts{color:var(--con)}\n",
	".d-inconclusive{color:var(--mute)}\n",
	".empty{color:var(--mute);font-style:italic}\n",
	"section.references{border-top:2px solid var(--line);margin-top:1.5rem;padding-top:1rem}\n",
	"section.references ol{padding-left:2rem}\n",
	"section.references li{margin:.4rem 0;overflow-wrap:anywhere}\n",
	"footer.about{color:var(--mute);font-size:.85rem;border-top:1px solid var(--line);margin-top:2rem;"
	"padding-top:1rem}\n",
	"@media (max-width:40rem){body{font-size:15px}.page{padding:1.25rem 1rem 2rem}h1{font-size:1.55rem}"
	"h2{font-size:1.15rem}dl.stated{grid-template-columns:1fr}dl.stated dd{margin-bottom:.35rem}"
	"table{font-size:.82rem}th,td{padding:.35rem .4rem}}\n",
	/* On a phone a study is a card: the row's study on top, then each
	 * non-empty cell under its column's name (data-label; the "/ ''" gives
	 * the label no alternative text, as the cell's column header already
	 * names it for a screen reader, whose table roles are kept by the role
	 * attributes that display:block would otherwise drop). Screens only:
	 * a printed page keeps the table. */
	"@media screen and (max-width:40rem){table.studies,table.studies tbody,table.studies tr,"
	"table.studies th,table.studies td{display:block}"
	"table.studies thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"table.studies tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .6rem;padding:.3rem .6rem}"
	"table.studies tbody th{white-space:normal;padding:.2rem 0 .3rem}"
	"table.studies td{border:0;padding:.15rem 0 .15rem 6.6rem;text-align:left;"
	"white-space:normal}"
	"table.studies td:empty{display:none}"
	"table.studies td::before{content:attr(data-label);content:attr(data-label) / \"\";display:inline-block;"
	"width:6rem;margin:0 .6rem 0 -6.6rem;vertical-align:top;color:var(--mute);font-size:.72rem;"
	"line-height:1.9;text-transform:uppercase;letter-spacing:.05em}"
	".hint{display:block}"
	/* The Summary of Findings as cards too, each label above its value
	 * (they are long: "Difference with intervention (95% CI)"). */
	"table.sof,table.sof tbody,table.sof tr,table.sof td{display:block}table.sof{min-width:0}"
	"table.sof thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"table.sof tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .6rem;padding:.3rem .6rem}"
	"table.sof td{border:0;padding:.15rem 0}"
	"table.sof td::before{content:attr(data-label);content:attr(data-label) / \"\";display:block;"
	"color:var(--mute);font-size:.72rem;text-transform:uppercase;letter-spacing:.05em}}\n",
	/* Print: a table's header repeats on every page and never ends one
	 * alone, headings stay with what follows them, rows are not split.
	 * Chromium keeps a header with the first row only by the row's
	 * break-before (it ignores break-after on the thead). */
	"@media print{body{font-size:10.5pt;background:#fff;color:#000}.page{max-width:none;padding:0}"
	"nav.toc,.hint{display:none}a{color:inherit;text-decoration:none}"
	"section.claim{break-inside:auto}h2,h3,caption{break-after:avoid}thead{display:table-header-group;"
	"break-inside:avoid;break-after:avoid}tbody tr:first-child{break-before:avoid}"
	"figure,tr,th,td,blockquote{break-inside:avoid}"
	".scroll{overflow:visible;background:none}.scroll svg{min-width:0;max-width:100%;height:auto}"
	".badge,.tag,.tally li{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n",
	NULL,
};

/* What only a site's pages add to the styles: the bar linking home, the
 * grading steps' table, the lists of the index and study pages, and the
 * evidence map, which becomes one card per topic on a phone as the
 * studies table does. A stand-alone report stays as it was. */
static const char *const site_css[] = {
	"nav.site{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.9rem;margin:0 0 1.25rem;"
	"padding-bottom:.5rem;border-bottom:1px solid var(--line)}\n",
	"table.steps td{overflow-wrap:anywhere}table.steps td.num{white-space:nowrap}\n",
	"ul.entries{list-style:none;padding:0;margin:0 0 1.5rem}"
	"ul.entries>li{border-top:1px solid var(--line);padding:.6rem 0;overflow-wrap:anywhere}\n",
	".entries .tally{margin:.35rem 0 0;font-size:.85rem}\n",
	".chip{display:inline-block;border:1px solid;border-radius:6px;padding:.1rem .45rem;margin:.15rem .25rem .15rem 0;"
	"font-size:.85rem;text-decoration:none;overflow-wrap:anywhere}\n",
	".chip.c4{border-width:3px}.chip.c3{border-width:2px}.chip.c1,.chip.c0{border-style:dashed}\n",
	"table.map td{min-width:7rem}\n",
	"@media screen and (max-width:40rem){table.map,table.map tbody,table.map tr,table.map th,"
	"table.map td{display:block;min-width:0}"
	"table.map thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"table.map tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .6rem;padding:.3rem .6rem}"
	"table.map td{border:0;padding:.15rem 0}table.map td:empty{display:none}"
	"table.map td::before{content:attr(data-label);content:attr(data-label) / \"\";display:block;"
	"color:var(--mute);font-size:.72rem;text-transform:uppercase;letter-spacing:.05em}}\n",
	"@media print{nav.site{display:none}.chip{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n",
	NULL,
};

/* Reference numbers, in order of first citation. The doc's studies are
 * also kept sorted by key, so that finding a cited study and its number
 * is a binary search: a topic can cite many thousands of studies. */
struct keyed {
	const char *key;
	const struct ev_record *rec; /* borrowed from the doc */
	int number;                  /* its reference number, 0 while uncited */
};

struct refs {
	const struct ev_record **rec; /* in citation order */
	int n;
	struct keyed *by_key; /* the doc's studies, sorted by key */
	int nkeys;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

static struct keyed *find_keyed(const struct refs *r, const char *key)
{
	struct keyed probe = {key, NULL, 0};
	return bsearch(&probe, r->by_key, (size_t)r->nkeys, sizeof *r->by_key, cmp_keyed);
}

static int ref_number(const struct refs *r, const char *key)
{
	const struct keyed *k = find_keyed(r, key);
	return k ? k->number : 0;
}

static void certainty_line(struct ev_buf *b, int certainty)
{
	raw(b, "<span class=\"certainty\">Certainty of evidence: <strong>");
	txt(b, ev_certainty_name(certainty));
	raw(b, "</strong><span class=\"grade\" aria-hidden=\"true\">");
	for (int i = 1; i <= 4; i++)
		raw(b, "%s", i <= certainty ? "\xe2\x8a\x95" : "\xe2\x97\x8b");
	raw(b, "</span></span>");
}

/* A claim's stated details (what the article says about its source). */
static void stated(struct ev_buf *b, const struct ev_record *c)
{
	static const char *const names[][2] = {
		{"stated_study", "Source named"},	   {"stated_n", "Participants"},
		{"stated_population", "Population"},	   {"stated_country", "Country"},
		{"stated_duration_months", "Duration"},	   {"stated_result", "Result claimed"},
	};
	char buf[64];
	int any = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = field(c, names[i][0], buf, sizeof buf);
		if (!v)
			continue;
		if (!any++)
			raw(b, "<dl class=\"stated\" aria-label=\"What the article states\">\n");
		raw(b, "<dt>%s</dt><dd>", names[i][1]);
		if (strcmp(names[i][0], "stated_n") == 0) {
			char n[32];
			txt(b, ev_fmt_count(n, sizeof n, ev_record_get(c, "stated_n")->i));
		} else {
			txt(b, v);
		}
		if (strcmp(names[i][0], "stated_duration_months") == 0)
			raw(b, " months");
		raw(b, "</dd>\n");
	}
	if (any)
		raw(b, "</dl>\n");
}

/* The studies table's columns after the first (the study, a row header),
 * in order: each cell repeats its column's name as data-label, which a
 * phone shows beside the value when the table becomes one card per
 * study. */
enum { C_YEAR, C_DESIGN, C_N, C_DIRECTION, C_OUTCOME, C_EFFECT, C_NOTES };
static const char *const column[] = {"Year", "Design", "n", "Direction", "Outcome", "Effect (95% CI)", "Notes"};

/* Closes the row's previous cell (the row header before the first
 * column) and opens the cell of column c, of class cls when not NULL. */
static void cell(struct ev_buf *b, int c, const char *cls)
{
	raw(b, "%s<td role=\"cell\"", c == C_YEAR ? "</th>" : "</td>");
	if (cls)
		raw(b, " class=\"%s\"", cls);
	raw(b, " data-label=\"%s\">", column[c]);
}

/* A link's effect as the forest plot on the same page writes it, after
 * the measure's name: "HR 0.91 [0.85, 1.00]", with the plot's decimals
 * for its panel (dec, from ev_svg_decimals), so that the table and the
 * plot never show one estimate two ways. A link the plot does not draw
 * (dec < 0) reads as the plot lists it under itself. */
static void effect_text(struct ev_buf *b, const struct ev_link *l, int dec)
{
	char buf[256];
	if (dec < 0) {
		txt(b, ev_link_effect_text(l, buf, sizeof buf));
		return;
	}
	txt(b, ev_measure_names[l->measure]);
	raw(b, " ");
	txt(b, ev_format_estimate(buf, sizeof buf, l->estimate, l->ci_low, l->ci_high, dec));
	if (l->computed)
		raw(b, " (from %s)", l->has_counts ? "counts" : "means");
}

/* "P = 0.012", "P < 0.0001": a p value as ev_format_p writes it. */
static void p_text(struct ev_buf *b, double p)
{
	char buf[32];
	ev_format_p(buf, sizeof buf, p);
	raw(b, "P %s", buf[0] == '<' ? "" : "= ");
	txt(b, buf);
}

/* dec: each link's decimals, from ev_svg_decimals. */
/* root: a site's root from this page (each study then links to its own
 * page), or NULL (to its reference below). */
static void studies_table(struct ev_buf *b, const struct ev_assessment *a, const struct refs *refs, const int *dec,
			  const char *root)
{
	static const char *const num[] = {[C_YEAR] = "num", [C_N] = "num", [C_NOTES] = NULL};
	char buf[256];
	/* The roles restate what the elements are: a table shown as blocks
	 * (on a phone) loses its table semantics in some browsers otherwise. */
	raw(b, "<div class=\"scroll\"><table class=\"studies\" role=\"table\">\n"
	       "<caption class=\"sr\">Studies linked to this claim</caption>\n"
	       "<thead role=\"rowgroup\"><tr role=\"row\"><th scope=\"col\" role=\"columnheader\">Study</th>");
	for (int c = 0; c <= C_NOTES; c++) {
		raw(b, "<th scope=\"col\" role=\"columnheader\"%s>", num[c] ? " class=\"num\"" : "");
		txt(b, column[c]);
		raw(b, "</th>");
	}
	raw(b, "</tr></thead>\n<tbody role=\"rowgroup\">\n");
	for (int i = 0; i < a->links.n; i++) {
		const struct ev_link *l = &a->links.v[i];
		int ref = ref_number(refs, l->study);
		raw(b, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">");
		if (root) {
			raw(b, "<a href=\"");
			txt(b, root);
			raw(b, "studies/");
			txt(b, l->study);
			raw(b, ".html\">");
			txt(b, l->study);
			raw(b, "</a>");
			if (ref)
				raw(b, " <sup>[%d]</sup>", ref);
		} else if (ref) {
			raw(b, "<a href=\"#ref-");
			txt(b, l->study);
			raw(b, "\">");
			txt(b, l->study);
			raw(b, "</a> <sup>[%d]</sup>", ref);
		} else {
			txt(b, l->study);
		}
		cell(b, C_YEAR, "num");
		if (l->year)
			raw(b, "%d", l->year);
		cell(b, C_DESIGN, NULL);
		txt(b, l->design >= 0 ? ev_design_names[l->design] : "");
		cell(b, C_N, "num");
		if (l->n > 0)
			txt(b, ev_fmt_count(buf, sizeof buf, l->n));
		char dir[32];
		snprintf(dir, sizeof dir, "d-%s", ev_direction_names[l->direction]);
		cell(b, C_DIRECTION, dir);
		txt(b, ev_direction_names[l->direction]);
		cell(b, C_OUTCOME, NULL);
		txt(b, l->outcome ? l->outcome : "");
		cell(b, C_EFFECT, "eff");
		effect_text(b, l, dec[i]);
		if (l->has_p) {
			raw(b, "%s", l->has_estimate ? "<br/>" : "");
			p_text(b, l->p_value);
		}
		cell(b, C_NOTES, NULL);
		int sep = 0;
		if (l->status != EV_VERIFIED) {
			raw(b, "<strong>");
			txt(b, ev_status_names[l->status]);
			raw(b, "</strong> (not counted)");
			sep = 1;
		} else if (l->design < 0) {
			raw(b, "<strong>no design</strong> (not counted)");
			sep = 1;
		}
		if (l->indirect) {
			raw(b, "%sindirect", sep ? "; " : "");
			sep = 1;
		}
		if (l->notes && *l->notes) {
			raw(b, "%s", sep ? "; " : "");
			txt(b, l->notes);
		}
		raw(b, "</td></tr>\n");
	}
	raw(b, "</tbody></table></div>\n");
}

/* A pooled group as ev_group_summary says it, its estimate and CI
 * written as the forest plot writes its diamond (dec decimals; when the
 * plot draws none of the group's links, dec < 0, the decimals
 * ev_estimate_decimals gives the pooled estimate alone): "BMD: k=3 RR
 * 0.49 [0.34, 0.70], I2 92%". */
static void pooled_line(struct ev_buf *b, const struct ev_group *g, int dec)
{
	char buf[256], i2[32];
	if (dec < 0) {
		struct ev_estimate e = {g->pool.estimate, g->pool.ci_low, g->pool.ci_high, 0};
		dec = ev_estimate_decimals(ev_measure_is_ratio(g->measure), &e, 1);
	}
	raw(b, "<li>");
	if (g->outcome && g->outcome[0]) {
		txt(b, g->outcome);
		raw(b, ": ");
	}
	raw(b, "k=%d ", g->k);
	txt(b, ev_measure_names[g->measure]);
	raw(b, " ");
	txt(b, ev_format_estimate(buf, sizeof buf, g->pool.estimate, g->pool.ci_low, g->pool.ci_high, dec));
	raw(b, ", I2 ");
	txt(b, ev_fmt_num(i2, sizeof i2, g->pool.i2, 3));
	raw(b, "%%</li>\n");
}

/* <code>KEY</code>, a link to root's page of it (dir "claims",
 * "articles", ...) on a site's page, plain text elsewhere (root NULL). */
static void key_ref(struct ev_buf *b, const char *root, const char *dir, const char *key)
{
	if (root) {
		raw(b, "<a href=\"");
		txt(b, root);
		raw(b, "%s/", dir);
		txt(b, key);
		raw(b, ".html\">");
	}
	raw(b, "<code>");
	txt(b, key);
	raw(b, "</code>");
	if (root)
		raw(b, "</a>");
}

/* Every grading step as `explain` lists it: the step, the levels it
 * moved (or "none" for a domain that moved nothing) and why. */
static void steps_table(struct ev_buf *b, const struct ev_grade *g)
{
	raw(b, "<h3>Grading steps</h3>\n<div class=\"scroll\"><table class=\"steps\">\n"
	       "<caption class=\"sr\">Every step of the grading rule for this claim</caption>\n"
	       "<thead><tr><th scope=\"col\">Step</th><th scope=\"col\" class=\"num\">Change</th>"
	       "<th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < g->nsteps; i++) {
		const struct ev_step *st = &g->steps[i];
		int domain = strcmp(st->name, "large effect") == 0;
		for (int k = 0; k < EV_DOMAIN_COUNT && !domain; k++)
			domain = strcmp(st->name, ev_domain_names[k]) == 0;
		raw(b, "<tr><th scope=\"row\">");
		txt(b, st->name);
		raw(b, "</th><td class=\"num\">");
		if (st->delta)
			raw(b, "%+d", st->delta);
		else if (domain)
			raw(b, "none");
		raw(b, "</td><td>");
		txt(b, st->text);
		raw(b, "</td></tr>\n");
	}
	raw(b, "</tbody></table></div>\n");
}

static void claim_section(struct ev_buf *b, const struct ev_html_doc *d, int pos, const struct refs *refs)
{
	const struct ev_assessment *a = &d->claims[pos];
	const struct ev_grade *g = &a->grade;
	const char *key = ev_record_text(&a->claim, "key"), *quote = ev_record_text(&a->claim, "quote");
	const char *notes = ev_record_text(&a->claim, "notes"), *article = ev_record_text(&a->claim, "article");

	raw(b, "<section class=\"claim\" id=\"claim-");
	txt(b, key);
	raw(b, "\" aria-labelledby=\"h-");
	txt(b, key);
	raw(b, "\">\n");
	/* A claim's own page has said all this in its header. */
	if (!d->claim_page) {
		raw(b, "<p class=\"claim-no\">Claim %d of %d \xc2\xb7 ", pos + 1, d->nclaims);
		key_ref(b, d->root, "claims", key);
		if (d->topic && article) {
			raw(b, " \xc2\xb7 from ");
			key_ref(b, d->root, "articles", article);
		}
		raw(b, "</p>\n<h2 id=\"h-");
		txt(b, key);
		raw(b, "\">");
		txt(b, ev_record_text(&a->claim, "text"));
		raw(b, "</h2>\n");
	}
	raw(b, "<p class=\"verdict\"><strong class=\"badge v-%s\">%s %s</strong>", verdict_class[g->verdict],
	    verdict_mark[g->verdict], verdict_word[g->verdict]);
	if (g->certainty)
		certainty_line(b, g->certainty);
	raw(b, "</p>\n");
	if (quote) {
		raw(b, "<blockquote><p>\xe2\x80\x9c");
		txt(b, quote);
		raw(b, "\xe2\x80\x9d</p></blockquote>\n");
	}
	stated(b, &a->claim);
	if (notes) {
		raw(b, "<p class=\"note\">Note: ");
		txt(b, notes);
		raw(b, "</p>\n");
	}

	/* GRADE's Summary of Findings first: what the evidence shows per
	 * outcome, before the steps that led there (sof.h). */
	if (g->nbodies) {
		struct ev_sof_table t;
		ev_sof_build(g, -1, NULL, &t);
		raw(b, "<h3>Summary of findings</h3>\n<div class=\"scroll\">\n");
		ev_sof_html(b, &t);
		raw(b, "</div>\n");
		ev_sof_table_free(&t);
	}
	if (d->claim_page) {
		steps_table(b, g);
	} else {
		raw(b, "<h3>Why this verdict</h3>\n<ul class=\"reasons\">\n");
		for (int i = 0; i < g->nsteps; i++)
			if (g->steps[i].applies) {
				raw(b, "<li>");
				txt(b, g->steps[i].text);
				raw(b, "</li>\n");
			}
		raw(b, "</ul>\n");
	}
	/* The decimals the forest plot below writes each estimate with, so
	 * the pooled lines and the studies table write them alike. */
	int *dec = ev_xcalloc((size_t)a->links.n + 1, sizeof *dec);
	int *gdec = ev_xcalloc((size_t)a->npooled + 1, sizeof *gdec);
	ev_svg_decimals(a->links.v, a->links.n, a->pooled, a->npooled, dec, gdec);
	if (a->npooled) {
		raw(b, "<h3>Pooled effects</h3>\n<ul class=\"reasons\">\n");
		for (int i = 0; i < a->npooled; i++)
			pooled_line(b, &a->pooled[i], gdec[i]);
		raw(b, "</ul>\n");
	}

	struct ev_buf svg = EV_BUF_INIT;
	char *label = ev_xasprintf("Forest plot for claim %s", key);
	struct ev_plot_opts po = {NULL, label, NULL, NULL, &a->opts, a->pooled, a->npooled};
	if (ev_svg_forest(&svg, a->links.v, a->links.n, &po) > 0) {
		/* The plot's own width (svg.c writes it first), so that it is
		 * never stretched past it on a phone (see .scroll svg). */
		const char *w = strstr(ev_buf_str(&svg), " width=\"");
		long width = w ? strtol(w + 8, NULL, 10) : 0;
		raw(b, "<h3>Forest plot</h3>\n<figure class=\"plot\"><p class=\"hint\" aria-hidden=\"true\">Scroll "
		       "sideways to see the whole plot.</p><div class=\"scroll\"");
		if (width > 0 && width < 100000)
			raw(b, " style=\"--w:%ldpx\"", width);
		raw(b, ">\n");
		ev_buf_add(b, svg.data, svg.len);
		/* Only a plot that drew a pooled diamond (svg.c's class for it)
		 * says what diamonds are. */
		int pooled = strstr(ev_buf_str(&svg), "class=\"evfp-pool\"") != NULL;
		raw(b, "</div><figcaption>Each study's estimate with its 95%% confidence interval%s. The same plot: "
		       "<code>evidence plot ",
		    pooled ? "; diamonds are pooled estimates" : "");
		txt(b, key);
		raw(b, "</code>.</figcaption></figure>\n");
	}
	free(label);
	ev_buf_free(&svg);

	raw(b, "<h3>Studies</h3>\n");
	if (a->links.n)
		studies_table(b, a, refs, dec, d->root);
	else
		raw(b, "<p class=\"empty\">No studies are linked to this claim, so there is no evidence to judge it "
		       "by.</p>\n");
	raw(b, "</section>\n");
	free(dec);
	free(gdec);
}

/* Appends the text b[from .. to) escaped. */
static void txt_range(struct ev_buf *b, const char *s, size_t from, size_t to)
{
	char *part = ev_xstrndup(s + from, to - from);
	txt(b, part);
	free(part);
}

/* A reference as `export --format vancouver` writes it (cite.c), word for
 * word, in a span of its own; its DOI is a link and a status note stands
 * out. The PubMed link and the study's key follow the span, as they are
 * not part of the Vancouver text. */
void ev_html_reference(struct ev_buf *b, const struct ev_record *r, const char *root)
{
	char pm[32];
	const char *key = ev_record_text(r, "key"), *pmid = field(r, "pmid", pm, sizeof pm);
	struct ev_cite c;
	struct ev_cite_spans sp;
	struct ev_buf v = EV_BUF_INIT, url = EV_BUF_INIT;
	ev_cite_from_record(&c, r);
	ev_cite_vancouver_spans(&v, &c, &sp);
	const char *s = ev_buf_str(&v);
	raw(b, "<li id=\"ref-");
	txt(b, key);
	raw(b, "\"><span class=\"cite\">");
	size_t at = 0;
	if (sp.doi_end > sp.doi_at) {
		char *doi = ev_xstrndup(s + sp.doi_at, sp.doi_end - sp.doi_at);
		txt_range(b, s, at, sp.doi_at);
		ev_html_doi_url(&url, doi);
		raw(b, "<a href=\"");
		txt(b, ev_buf_str(&url));
		raw(b, "\">");
		txt(b, doi);
		raw(b, "</a>");
		at = sp.doi_end;
		free(doi);
	}
	if (sp.status_end > sp.status_at) {
		txt_range(b, s, at, sp.status_at);
		raw(b, "<strong>");
		txt_range(b, s, sp.status_at, sp.status_end);
		raw(b, "</strong>");
		at = sp.status_end;
	}
	txt_range(b, s, at, v.len);
	raw(b, "</span>");
	if (pmid) {
		raw(b, "%s PMID: <a href=\"https://pubmed.ncbi.nlm.nih.gov/", v.len && s[v.len - 1] == '.' ? "" : ".");
		txt(b, pmid);
		raw(b, "/\">");
		txt(b, pmid);
		raw(b, "</a>.");
	}
	raw(b, " ");
	key_ref(b, root, "studies", key);
	raw(b, "</li>\n");
	ev_buf_free(&v);
	ev_buf_free(&url);
}

char *ev_html_topic_name(const char *key)
{
	char *s = ev_xstrdup(key);
	for (char *p = s; *p; p++)
		if (*p == '-')
			*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	return s;
}

/* The claims' schema.org ClaimReview JSON-LD in a script element, so that
 * search engines and fact-check aggregators find the reviews on the page
 * that makes them (the same document `export --format claimreview`
 * writes, without a reviewer or URL, which a report does not know). In
 * JSON every '<', '>' and '&' is inside a string, where \u003c (and so on)
 * means the same: written so, no text can end the script element ("</"),
 * open a comment in it, or break the page as XML. */
static void json_ld(struct ev_buf *b, const struct ev_html_doc *d)
{
	char date[11] = "";
	struct ev_cr_options opt = {NULL, 0, NULL, NULL, NULL};
	if (d->generated && strlen(d->generated) >= 10) {
		memcpy(date, d->generated, 10);
		opt.date = date;
	}
	json_t *doc = ev_claimreview_of(d->article, d->claims, d->nclaims, d->studies, d->nstudies, &opt);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return;
	raw(b, "<script type=\"application/ld+json\">");
	for (const char *p = text; *p; p++) {
		if (*p == '<' || *p == '>' || *p == '&')
			raw(b, "\\u%04x", (unsigned)*p);
		else
			ev_buf_addc(b, *p);
	}
	raw(b, "</script>\n");
	free(text);
}

/* "Generated 1 January 2026, 00:00 UTC from evidence.db by evidence
 * 0.1.0.": each part only when given. */
static void generated_line(struct ev_buf *b, const char *generated, const char *database, const char *version)
{
	if (!generated && !database && !version)
		return;
	raw(b, "<p class=\"generated\">Generated");
	if (generated) {
		char day[11] = "", buf[64];
		snprintf(day, sizeof day, "%s", generated);
		const char *pretty = ev_html_date(day, buf, sizeof buf);
		raw(b, " <time datetime=\"");
		txt(b, generated);
		raw(b, "\">");
		if (pretty && strlen(generated) >= 16) {
			txt(b, pretty);
			raw(b, ", ");
			char hm[6];
			snprintf(hm, sizeof hm, "%s", generated + 11);
			txt(b, hm);
			raw(b, " UTC");
		} else {
			txt(b, generated);
		}
		raw(b, "</time>");
	}
	if (database) {
		raw(b, " from <code>");
		txt(b, database);
		raw(b, "</code>");
	}
	if (version) {
		raw(b, " by evidence ");
		txt(b, version);
	}
	raw(b, ".</p>");
}

/* Every style a page needs: the report's, then (site) the site's own, then
 * the screen-reader-only class both use. */
static void styles(struct ev_buf *b, int site)
{
	for (int i = 0; css[i]; i++)
		raw(b, "%s", css[i]);
	for (int i = 0; site && site_css[i]; i++)
		raw(b, "%s", site_css[i]);
	raw(b, ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n");
}

void ev_html_site_css(struct ev_buf *b) { styles(b, 1); }

/* The head up to the end of the styles: the title is `prefix` (markup
 * of this file) then `title` (escaped). A stand-alone page carries its
 * styles inline (one file to mail or attach); a site's page (root not
 * NULL) links the site's one style.css at its root instead: the styles
 * are 9 KB, two thirds of a study's page, and a site has a page per
 * study, so sharing them makes a large site a third smaller and quicker
 * to write, and a browser loads them once. */
static void head_open(struct ev_buf *b, const char *prefix, const char *title, const char *root)
{
	raw(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	       "<meta name=\"color-scheme\" content=\"light dark\"/>\n<meta name=\"generator\" content=\"evidence\"/>\n"
	       "<title>%s",
	    prefix);
	txt(b, title ? title : "");
	if (root) {
		raw(b, "</title>\n<link rel=\"stylesheet\" href=\"");
		txt(b, root);
		raw(b, "style.css\"/>\n");
		return;
	}
	raw(b, "</title>\n<style>\n");
	styles(b, 0);
	raw(b, "</style>\n");
}

/* Ends the head and opens the page; a site's page starts with the bar
 * linking to its index and its map. */
static void head_close(struct ev_buf *b, const char *root)
{
	raw(b, "</head>\n<body>\n<div class=\"page\">\n");
	if (root) {
		raw(b, "<nav class=\"site\" aria-label=\"Site\"><a href=\"");
		txt(b, root);
		raw(b, "index.html\">All articles and topics</a><a href=\"");
		txt(b, root);
		raw(b, "map.html\">Evidence map</a></nav>\n");
	}
}

void ev_html_page_begin(struct ev_buf *b, const char *title, const char *root)
{
	head_open(b, "", title, root);
	head_close(b, root);
}

void ev_html_page_end(struct ev_buf *b, const char *generated, const char *database, const char *version)
{
	raw(b, "<footer class=\"about\">");
	generated_line(b, generated, database, version);
	raw(b, "<p>Made with <strong>evidence</strong>. Each verdict follows a "
	       "GRADE-inspired rule: the certainty starts at the level of the best designs linked (high for "
	       "randomised trials, systematic reviews and meta-analyses; low for observational studies and "
	       "non-randomised trials; very low for other designs such as animal, in-vitro and case studies), "
	       "loses a level for each of risk of bias, inconsistency, indirectness and imprecision, and may gain "
	       "for a large effect in observational studies. Certainty: "
	       "\xe2\x8a\x95\xe2\x8a\x95\xe2\x8a\x95\xe2\x8a\x95 high, \xe2\x8a\x95\xe2\x8a\x95\xe2\x8a\x95\xe2\x97\x8b "
	       "moderate, \xe2\x8a\x95\xe2\x8a\x95\xe2\x97\x8b\xe2\x97\x8b low, "
	       "\xe2\x8a\x95\xe2\x97\x8b\xe2\x97\x8b\xe2\x97\x8b very low. <code>evidence explain CLAIM</code> "
	       "shows every step for a claim.</p></footer>\n</div>\n</body>\n</html>\n");
}

/* The article's byline: author, publisher, date and address, each when
 * known (the address a link only when it is http(s)). */
static void byline(struct ev_buf *b, const struct ev_record *art)
{
	const char *au = ev_record_text(art, "author"), *pub = ev_record_text(art, "publisher");
	const char *date = ev_record_text(art, "published"), *url = ev_record_text(art, "url");
	if (!au && !pub && !date && !url)
		return;
	const char *sep = "";
	raw(b, "<p class=\"byline\">");
	if (au) {
		raw(b, "By ");
		txt(b, au);
		sep = " \xc2\xb7 ";
	}
	if (pub) {
		raw(b, "%s", sep);
		txt(b, pub);
		sep = " \xc2\xb7 ";
	}
	if (date) {
		raw(b, "%s<time datetime=\"", sep);
		txt(b, date);
		raw(b, "\">");
		char buf[256];
		const char *pretty = ev_html_date(date, buf, sizeof buf);
		txt(b, pretty ? pretty : date);
		raw(b, "</time>");
		sep = " \xc2\xb7 ";
	}
	if (url) {
		raw(b, "%s", sep);
		if (safe_url(url)) {
			raw(b, "<a href=\"");
			txt(b, url);
			raw(b, "\">");
			txt(b, url);
			raw(b, "</a>");
		} else {
			txt(b, url);
		}
	}
	raw(b, "</p>\n");
}

/* A claim's own page's header: the claim's text is the heading; its key,
 * its article and its topics, linked, under it. */
static void claim_header(struct ev_buf *b, const struct ev_html_doc *d)
{
	const struct ev_record *c = &d->claims[0].claim;
	const char *key = ev_record_text(c, "key"), *article = ev_record_text(c, "article");
	const char *topics = ev_record_text(c, "topics");
	raw(b, "<p class=\"kicker\">Evidence on a claim</p>\n<h1 id=\"h-");
	txt(b, key);
	raw(b, "\">");
	txt(b, ev_record_text(c, "text"));
	raw(b, "</h1>\n<p class=\"byline\">Claim <code>");
	txt(b, key);
	raw(b, "</code>");
	if (article) {
		raw(b, " \xc2\xb7 from ");
		key_ref(b, d->root, "articles", article);
		if (d->article && ev_record_text(d->article, "title")) {
			raw(b, " (");
			txt(b, ev_record_text(d->article, "title"));
			raw(b, ")");
		}
	}
	/* Topics are stored as "a;b". */
	for (const char *p = topics, *sep = " \xc2\xb7 topics: "; p && *p; sep = ", ") {
		size_t n = strcspn(p, ";");
		char *t = ev_xstrndup(p, n);
		raw(b, "%s", sep);
		key_ref(b, d->root, "topics", t);
		free(t);
		p += n + (p[n] == ';');
	}
	raw(b, "</p>\n");
}

/* The tally of verdicts and, for more than one claim, their contents. */
static void summary(struct ev_buf *b, const struct ev_html_doc *d)
{
	int counts[EV_VERDICT_COUNT] = {0};
	for (int i = 0; i < d->nclaims; i++)
		counts[d->claims[i].grade.verdict]++;
	raw(b, "<p class=\"summary\"><strong>%d claim%s</strong>: %d supported, %d mixed, %d contradicted, %d "
	       "insufficient.</p>\n<ul class=\"tally\" aria-hidden=\"true\">",
	    d->nclaims, d->nclaims == 1 ? "" : "s", counts[EV_SUPPORTED], counts[EV_MIXED], counts[EV_CONTRADICTED],
	    counts[EV_INSUFFICIENT]);
	static const enum ev_verdict order[] = {EV_SUPPORTED, EV_MIXED, EV_CONTRADICTED, EV_INSUFFICIENT};
	for (int i = 0; i < 4; i++)
		raw(b, "<li class=\"v-%s\"><span class=\"n\">%d</span>%s %s</li>", verdict_class[order[i]],
		    counts[order[i]], verdict_mark[order[i]], ev_verdict_names[order[i]]);
	raw(b, "</ul>\n");
	if (!d->nclaims)
		return;
	raw(b, "<nav class=\"toc\" aria-labelledby=\"toc-h\"><h2 id=\"toc-h\">Claims</h2>\n<ol>\n");
	for (int i = 0; i < d->nclaims; i++) {
		const struct ev_grade *g = &d->claims[i].grade;
		raw(b, "<li><a href=\"#claim-");
		txt(b, ev_record_text(&d->claims[i].claim, "key"));
		raw(b, "\">");
		txt(b, ev_record_text(&d->claims[i].claim, "text"));
		raw(b, "</a> <span class=\"tag v-%s\">%s %s", verdict_class[g->verdict], verdict_mark[g->verdict],
		    ev_verdict_names[g->verdict]);
		if (g->certainty)
			raw(b, ", %s", ev_certainty_name(g->certainty));
		raw(b, "</span></li>\n");
	}
	raw(b, "</ol>\n</nav>\n");
}

void ev_html_report(struct ev_buf *b, const struct ev_html_doc *d)
{
	/* References in order of first citation (claims in order, then each
	 * claim's links). */
	struct refs refs = {ev_xcalloc((size_t)d->nstudies + 1, sizeof(const struct ev_record *)), 0,
			    ev_xcalloc((size_t)d->nstudies + 1, sizeof(struct keyed)), d->nstudies};
	for (int s = 0; s < d->nstudies; s++) {
		refs.by_key[s].key = ev_record_text(&d->studies[s], "key");
		refs.by_key[s].rec = &d->studies[s];
	}
	qsort(refs.by_key, (size_t)refs.nkeys, sizeof *refs.by_key, cmp_keyed);
	for (int c = 0; c < d->nclaims; c++)
		for (int i = 0; i < d->claims[c].links.n; i++) {
			struct keyed *k = find_keyed(&refs, d->claims[c].links.v[i].study);
			if (k && !k->number) {
				refs.rec[refs.n++] = k->rec;
				k->number = refs.n;
			}
		}

	int claim_page = d->claim_page && d->nclaims == 1;
	char *topic_name = d->topic ? ev_html_topic_name(d->topic) : NULL;
	if (claim_page)
		head_open(b, "Evidence on a claim: ", ev_record_text(&d->claims[0].claim, "text"), d->root);
	else if (d->article)
		head_open(b, "Evidence report: ", ev_record_text(d->article, "title"), d->root);
	else
		head_open(b, "Evidence on a topic: ", topic_name, d->root);
	if (d->nclaims)
		json_ld(b, d);
	head_close(b, d->root);
	raw(b, "<header>\n");
	if (claim_page) {
		claim_header(b, d);
	} else if (d->article) {
		raw(b, "<p class=\"kicker\">Evidence report</p>\n<h1>");
		txt(b, ev_record_text(d->article, "title"));
		raw(b, "</h1>\n");
		byline(b, d->article);
	} else {
		raw(b, "<p class=\"kicker\">Evidence on a topic</p>\n<h1>");
		txt(b, topic_name ? topic_name : "");
		raw(b, "</h1>\n<p class=\"byline\">Topic <code>");
		txt(b, d->topic ? d->topic : "");
		raw(b, "</code></p>\n");
	}
	if (!claim_page)
		summary(b, d);
	raw(b, "</header>\n<main>\n");
	if (!d->nclaims)
		raw(b, "<p class=\"empty\">No claims.</p>\n");
	for (int i = 0; i < d->nclaims; i++)
		claim_section(b, d, i, &refs);
	raw(b, "</main>\n");
	if (refs.n) {
		raw(b, "<section class=\"references\" aria-labelledby=\"refs-h\">\n<h2 id=\"refs-h\">References</h2>\n"
		       "<ol>\n");
		for (int i = 0; i < refs.n; i++)
			ev_html_reference(b, refs.rec[i], d->root);
		raw(b, "</ol>\n</section>\n");
	}
	ev_html_page_end(b, d->generated, d->database, d->version);
	free(refs.rec);
	free(refs.by_key);
	free(topic_name);
}
