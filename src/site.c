/*
 * site.c: the index, the evidence map and the study pages of `evidence
 * site` (see site.h). They share the report's head, styles and footer
 * (html.h), so the whole site reads, prints and reflows on a phone as the
 * report does; like it, they need no script and link only relatively
 * (pages one folder down reach the root as "../").
 *
 * As in html.c, ev_buf_addf() takes markup and numbers from this file only and
 * txt() takes anything a user typed, always escaped.
 */
#include "site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "html.h"

static void txt(struct ev_buf *b, const char *s) { ev_xml_escape(b, s ? s : ""); }

int ev_site_key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n < 1 || n > 100 || key[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '-'))
			return 0;
	return 1;
}

int ev_site_path_ok(const char *path)
{
	static const char *const dirs[] = {"articles/", "topics/", "claims/", "studies/"};
	if (strcmp(path, "index.html") == 0 || strcmp(path, "map.html") == 0 || strcmp(path, "style.css") == 0)
		return 1;
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		size_t dn = strlen(dirs[d]), n = strlen(path);
		if (strncmp(path, dirs[d], dn) != 0 || n < dn + 6 || strcmp(path + n - 5, ".html") != 0)
			continue;
		char key[128];
		if (n - dn - 5 >= sizeof key)
			return 0;
		memcpy(key, path + dn, n - dn - 5);
		key[n - dn - 5] = '\0';
		return ev_site_key_ok(key);
	}
	return 0;
}

/* <a href="ROOTDIR/KEY.html">, the start of a link to an entity's page. */
static void href(struct ev_buf *b, const char *root, const char *dir, const char *key)
{
	ev_buf_addf(b, "<a href=\"%s%s/", root, dir);
	txt(b, key);
	ev_buf_addf(b, ".html\">");
}

/* "4 claims: 2 supported, 0 mixed, 1 contradicted, 1 insufficient", as
 * the report's summary counts them, then the report's coloured tally. */
static void tally(struct ev_buf *b, const struct ev_site *s, const int *claims, int n)
{
	static const int order[] = {EV_SUPPORTED, EV_MIXED, EV_CONTRADICTED, EV_INSUFFICIENT};
	int counts[EV_VERDICT_COUNT] = {0};
	for (int i = 0; i < n; i++)
		counts[s->claims[claims[i]].verdict]++;
	ev_buf_addf(b, "<p class=\"note\">%d claim%s: %d supported, %d mixed, %d contradicted, %d insufficient.</p>", n,
	    n == 1 ? "" : "s", counts[EV_SUPPORTED], counts[EV_MIXED], counts[EV_CONTRADICTED],
	    counts[EV_INSUFFICIENT]);
	ev_buf_addf(b, "<ul class=\"tally\" aria-hidden=\"true\">");
	for (int i = 0; i < 4; i++)
		if (counts[order[i]])
			ev_buf_addf(b, "<li class=\"v-%s\"><span class=\"n\">%d</span>%s %s</li>",
			    ev_html_verdict_class(order[i]), counts[order[i]], ev_html_verdict_mark(order[i]),
			    ev_verdict_names[order[i]]);
	ev_buf_addf(b, "</ul>");
}

/* A list of articles or topics, each linked, with its tally. */
static void groups(struct ev_buf *b, const struct ev_site *s, const struct ev_site_group *g, int n, const char *dir,
		   const char *id)
{
	ev_buf_addf(b, "<ul class=\"entries\">\n");
	for (int i = 0; i < n; i++) {
		ev_buf_addf(b, "<li id=\"%s-", id);
		txt(b, g[i].key);
		ev_buf_addf(b, "\">");
		href(b, "", dir, g[i].key);
		txt(b, g[i].title ? g[i].title : g[i].key);
		ev_buf_addf(b, "</a>");
		if (g[i].title) {
			ev_buf_addf(b, " <code>");
			txt(b, g[i].key);
			ev_buf_addf(b, "</code>");
		}
		tally(b, s, g[i].claims, g[i].nclaims);
		ev_buf_addf(b, "</li>\n");
	}
	ev_buf_addf(b, "</ul>\n");
}

void ev_site_index(struct ev_buf *b, const struct ev_site *s)
{
	int *all = ev_xcalloc((size_t)s->nclaims + 1, sizeof *all);
	for (int i = 0; i < s->nclaims; i++)
		all[i] = i;
	ev_html_page_begin(b, "Evidence: articles and topics", "");
	ev_buf_addf(b, "<header>\n<p class=\"kicker\">Evidence</p>\n<h1>Articles and topics</h1>\n");
	ev_buf_addf(b, "<p class=\"summary\"><strong>%d article%s, %d topic%s, %d stud%s.</strong></p>\n", s->narticles,
	    s->narticles == 1 ? "" : "s", s->ntopics, s->ntopics == 1 ? "" : "s", s->nstudies,
	    s->nstudies == 1 ? "y" : "ies");
	tally(b, s, all, s->nclaims);
	ev_buf_addf(b, "\n<p>The <a href=\"map.html\">evidence map</a> shows every topic's claims by verdict and "
	       "certainty.</p>\n</header>\n<main>\n");
	ev_buf_addf(b, "<h2>Articles</h2>\n");
	if (s->narticles)
		groups(b, s, s->articles, s->narticles, "articles", "article");
	else
		ev_buf_addf(b, "<p class=\"empty\">No articles.</p>\n");
	ev_buf_addf(b, "<h2>Topics</h2>\n");
	if (s->ntopics)
		groups(b, s, s->topics, s->ntopics, "topics", "topic");
	else
		ev_buf_addf(b, "<p class=\"empty\">No topics.</p>\n");
	ev_buf_addf(b, "<h2>Studies</h2>\n");
	if (s->nstudies) {
		ev_buf_addf(b, "<ul class=\"entries\">\n");
		for (int i = 0; i < s->nstudies; i++) {
			const char *key = ev_record_text(&s->studies[i], "key");
			ev_buf_addf(b, "<li>");
			href(b, "", "studies", key);
			txt(b, key);
			ev_buf_addf(b, "</a> ");
			txt(b, ev_record_text(&s->studies[i], "title"));
			ev_buf_addf(b, "</li>\n");
		}
		ev_buf_addf(b, "</ul>\n");
	} else {
		ev_buf_addf(b, "<p class=\"empty\">No studies.</p>\n");
	}
	ev_buf_addf(b, "</main>\n");
	ev_html_page_end(b, s->generated, s->database, s->version);
	free(all);
}

/* A claim as a chip: its verdict's colour, mark and word, and its key;
 * the border says the certainty too (thicker for higher, dashed for low
 * and very low), and the claim's text is its tooltip. */
static void chip(struct ev_buf *b, const char *root, const struct ev_site_claim *c)
{
	ev_buf_addf(b, "<a class=\"chip v-%s c%d\" href=\"%sclaims/", ev_html_verdict_class(c->verdict),
	    c->certainty >= 0 && c->certainty <= 4 ? c->certainty : 0, root);
	txt(b, c->key);
	ev_buf_addf(b, ".html\" title=\"");
	txt(b, c->text);
	ev_buf_addf(b, "\">%s ", ev_html_verdict_mark(c->verdict));
	txt(b, ev_verdict_names[c->verdict]);
	ev_buf_addf(b, ": ");
	txt(b, c->key);
	ev_buf_addf(b, "</a>");
}

void ev_site_map(struct ev_buf *b, const struct ev_site *s)
{
	/* Columns from the most to the least certain; 0 is "not graded". */
	static const int column[] = {4, 3, 2, 1, 0};
	static const char *const label[] = {"High", "Moderate", "Low", "Very low", "Not graded"};
	ev_html_page_begin(b, "Evidence map", "");
	ev_buf_addf(b, "<header>\n<p class=\"kicker\">Evidence</p>\n<h1>Evidence map</h1>\n"
	       "<p class=\"summary\">Each topic's claims by the certainty of their evidence; each claim says its "
	       "verdict in words and in colour, and links to its page.</p>\n</header>\n<main>\n");
	if (!s->ntopics) {
		ev_buf_addf(b, "<p class=\"empty\">No topics.</p>\n</main>\n");
		ev_html_page_end(b, s->generated, s->database, s->version);
		return;
	}
	ev_buf_addf(b, "<div class=\"scroll\"><table class=\"map\">\n<caption class=\"sr\">Claims by topic and certainty"
	       "</caption>\n<thead><tr><th scope=\"col\">Topic</th>");
	for (int c = 0; c < 5; c++)
		ev_buf_addf(b, "<th scope=\"col\">%s</th>", label[c]);
	ev_buf_addf(b, "</tr></thead>\n<tbody>\n");
	for (int t = 0; t < s->ntopics; t++) {
		const struct ev_site_group *g = &s->topics[t];
		ev_buf_addf(b, "<tr><th scope=\"row\">");
		href(b, "", "topics", g->key);
		txt(b, g->key);
		ev_buf_addf(b, "</a></th>");
		for (int c = 0; c < 5; c++) {
			ev_buf_addf(b, "<td data-label=\"%s\">", label[c]);
			for (int i = 0; i < g->nclaims; i++) {
				const struct ev_site_claim *cl = &s->claims[g->claims[i]];
				if ((cl->certainty >= 1 && cl->certainty <= 4 ? cl->certainty : 0) == column[c])
					chip(b, "", cl);
			}
			ev_buf_addf(b, "</td>");
		}
		ev_buf_addf(b, "</tr>\n");
	}
	ev_buf_addf(b, "</tbody></table></div>\n<p class=\"note\">Certainty of the evidence as GRADE names it; a claim "
	       "with no evidence that counts is not graded (insufficient).</p>\n</main>\n");
	ev_html_page_end(b, s->generated, s->database, s->version);
}

void ev_site_topic(struct ev_buf *b, const struct ev_site *s, const struct ev_site_group *topic)
{
	/* in words, as the map's columns name them */
	static const char *const certainty[] = {"not graded", "very low certainty", "low certainty",
						"moderate certainty", "high certainty"};
	char *name = ev_html_topic_name(topic->key);
	char *title = ev_xasprintf("Evidence on a topic: %s", name);
	ev_html_page_begin(b, title, "../");
	ev_buf_addf(b, "<header>\n<p class=\"kicker\">Evidence on a topic</p>\n<h1>");
	txt(b, name);
	ev_buf_addf(b, "</h1>\n<p class=\"byline\">Topic <code>");
	txt(b, topic->key);
	ev_buf_addf(b, "</code></p>\n");
	tally(b, s, topic->claims, topic->nclaims);
	ev_buf_addf(b, "\n<p>Each claim's page has its Summary of Findings, pooled effects, forest plot, every "
		       "grading step and its studies.</p>\n</header>\n<main>\n<h2>Claims</h2>\n");
	if (!topic->nclaims)
		ev_buf_addf(b, "<p class=\"empty\">No claims.</p>\n");
	else
		ev_buf_addf(b, "<ul class=\"entries\">\n");
	for (int i = 0; i < topic->nclaims; i++) {
		const struct ev_site_claim *c = &s->claims[topic->claims[i]];
		ev_buf_addf(b, "<li id=\"claim-");
		txt(b, c->key);
		ev_buf_addf(b, "\">");
		chip(b, "../", c);
		ev_buf_addf(b, "<br/>");
		txt(b, c->text);
		ev_buf_addf(b, "<p class=\"note\">%s \xc2\xb7 %d stud%s", certainty[c->certainty >= 1 && c->certainty <= 4 ?
			    c->certainty : 0], c->studies, c->studies == 1 ? "y" : "ies");
		if (c->article) {
			ev_buf_addf(b, " \xc2\xb7 article ");
			href(b, "../", "articles", c->article);
			ev_buf_addf(b, "<code>");
			txt(b, c->article);
			ev_buf_addf(b, "</code></a>");
		}
		ev_buf_addf(b, "</p></li>\n");
	}
	if (topic->nclaims)
		ev_buf_addf(b, "</ul>\n");
	ev_buf_addf(b, "</main>\n");
	ev_html_page_end(b, s->generated, s->database, s->version);
	free(title);
	free(name);
}

void ev_site_study(struct ev_buf *out, const struct ev_site *s, const struct ev_record *study,
		   const struct ev_site_bearing *bear, int nb)
{
	struct ev_buf *b = out;
	const char *key = ev_record_text(study, "key"), *title = ev_record_text(study, "title");
	const char *design = ev_record_text(study, "design");
	ev_html_page_begin(b, title ? title : key, "../");
	ev_buf_addf(b, "<header>\n<p class=\"kicker\">Study</p>\n<h1>");
	txt(b, title ? title : key);
	ev_buf_addf(b, "</h1>\n<p class=\"byline\">Study <code>");
	txt(b, key);
	ev_buf_addf(b, "</code>");
	if (design) {
		ev_buf_addf(b, " \xc2\xb7 ");
		txt(b, design);
	}
	ev_buf_addf(b, "</p>\n</header>\n<main>\n<section class=\"references\" aria-labelledby=\"ref-h\">\n"
	       "<h2 id=\"ref-h\">Reference</h2>\n<ol>\n");
	ev_html_reference(b, study, "../");
	ev_buf_addf(b, "</ol>\n</section>\n<h2>Claims it bears on</h2>\n");
	if (!nb) {
		ev_buf_addf(b, "<p class=\"empty\">No claim is linked to this study.</p>\n");
	} else {
		ev_buf_addf(b, "<div class=\"scroll\"><table class=\"studies\" role=\"table\">\n<caption class=\"sr\">Claims this "
		       "study bears on</caption>\n<thead role=\"rowgroup\"><tr role=\"row\">"
		       "<th scope=\"col\" role=\"columnheader\">Claim</th><th scope=\"col\" role=\"columnheader\">"
		       "Direction</th><th scope=\"col\" role=\"columnheader\">Outcome</th><th scope=\"col\" "
		       "role=\"columnheader\">Verdict on the claim</th></tr></thead>\n<tbody role=\"rowgroup\">\n");
		for (int i = 0; i < nb; i++) {
			ev_buf_addf(b, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">");
			href(b, "../", "claims", bear[i].claim);
			txt(b, bear[i].claim);
			ev_buf_addf(b, "</a>");
			if (bear[i].index >= 0) {
				ev_buf_addf(b, "<br/>");
				txt(b, s->claims[bear[i].index].text);
			}
			/* the direction's class is one of three words, but it is
			 * stored text: escaped like the rest */
			ev_buf_addf(b, "</th><td role=\"cell\" class=\"d-");
			txt(b, bear[i].direction);
			ev_buf_addf(b, "\" data-label=\"Direction\">");
			txt(b, bear[i].direction);
			ev_buf_addf(b, "</td><td role=\"cell\" data-label=\"Outcome\">");
			txt(b, bear[i].outcome);
			ev_buf_addf(b, "</td><td role=\"cell\" data-label=\"Verdict\">");
			if (bear[i].index >= 0) {
				const struct ev_site_claim *c = &s->claims[bear[i].index];
				ev_buf_addf(b, "%s ", ev_html_verdict_mark(c->verdict));
				txt(b, ev_verdict_names[c->verdict]);
				if (c->certainty)
					ev_buf_addf(b, ", %s", ev_certainty_name(c->certainty));
			}
			ev_buf_addf(b, "</td></tr>\n");
		}
		ev_buf_addf(b, "</tbody></table></div>\n");
	}
	ev_buf_addf(b, "</main>\n");
	ev_html_page_end(b, s->generated, s->database, s->version);
}
