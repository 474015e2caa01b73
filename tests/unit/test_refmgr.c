/*
 * test_refmgr.c: the reference manager readers (RIS, BibTeX through
 * libbtparse, CSL-JSON) and what they share: names back to the stored
 * form, TeX back to text, the line of every field, recognition from the
 * first bytes, and problems with their lines.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cite.h"
#include "refmgr.h"

/* What a reader delivered: each entry's fields as "column=value@line". */
struct got {
	char text[8192];
	int entries;
	char errors[1024];
};

static int on_entry(void *ud, struct ev_bibentry *e)
{
	struct got *g = ud;
	size_t n = strlen(g->text);
	g->entries++;
	n += (size_t)snprintf(g->text + n, sizeof g->text - n, "[%ld key=%s%s]", e->ref.start, e->key ? e->key : "-",
			      e->ref.retracted ? " retracted" : "");
	for (int i = 0; i < EV_REF_COUNT; i++)
		if (e->ref.value[i])
			n += (size_t)snprintf(g->text + n, sizeof g->text - n, " %s=%s@%s:%ld", ev_ref_columns[i],
					      e->ref.value[i], e->ref.origin[i], e->ref.line[i]);
	snprintf(g->text + n, sizeof g->text - n, "\n");
	return 0;
}

static void on_error(void *ud, long line, const char *field, const char *msg)
{
	struct got *g = ud;
	size_t n = strlen(g->errors);
	snprintf(g->errors + n, sizeof g->errors - n, "%ld: %s%s%s\n", line, field ? field : "", field ? ": " : "",
		 msg);
}

static void test_names_store(void **state)
{
	(void)state;
	struct ev_name_parts v[] = {
		{"van der Meerwold", "I. M.", NULL, 0},
		{"Kingsnorth", "J. T.", "Jr.", 0},
		{"Sartrevane", "J.-P.", NULL, 0},
		{"World Fixture Organization", NULL, NULL, 1},
		{"Ødegrimsby", "Å.", NULL, 0},
	};
	char *s = ev_names_store(v, 5, 1);
	assert_string_equal(s, "van der Meerwold IM, Kingsnorth JT Jr, Sartrevane J-P, World Fixture Organization, Ødegrimsby Å, et al.");
	/* and ev_names_parse reads it back as it was */
	struct ev_names nm;
	ev_names_parse(s, &nm);
	assert_int_equal(nm.n, 5);
	assert_true(nm.et_al);
	assert_string_equal(nm.v[0].particle, "van der");
	assert_string_equal(nm.v[1].suffix, "Jr");
	assert_string_equal(nm.v[2].initials, "J-P");
	assert_true(nm.v[3].literal);
	ev_names_free(&nm);
	free(s);
	/* a full given name keeps the "Family, Given;" form */
	struct ev_name_parts w[] = {{"van den Brakelhof", "Pieter J.", NULL, 0}, {"Harrow", "T. E.", "Jr.", 0}};
	s = ev_names_store(w, 2, 0);
	assert_string_equal(s, "van den Brakelhof, Pieter J.; Harrow, T. E., Jr");
	free(s);
	assert_null(ev_names_store(w, 0, 1));
}

static void test_unescape(void **state)
{
	(void)state;
	struct ev_buf b = EV_BUF_INIT;
	ev_bibtex_unescape(&b, "M{\\\"u}ller \\& {MK-7}: 45\\% \\textasciitilde{} {\\O}rnholt \\'{e}\\'e {\\'e} "
			       "\\textbraceleft{}x\\} \\unknown{}");
	assert_string_equal(ev_buf_str(&b), "Müller & MK-7: 45% ~ Ørnholt éé é {x} \\unknown");
	ev_buf_free(&b);
}

static void test_ris(void **state)
{
	(void)state;
	static const char text[] = "\xEF\xBB\xBF"
				   "TY  - JOUR\r\n"
				   "ID  - van-der-berg-2019\r\n"
				   "AU  - van der Berg, H. M.\r\n"
				   "AU  - Quill, R. T., Jr.\r\n"
				   "AU  - Nordmark Consortium\r\n"
				   "TI  - A title wrapped\r\n"
				   "      over two lines\r\n"
				   "T2  - Invented Journal\r\n"
				   "DA  - 2019/03/01/\r\n"
				   "SP  - 201\r\n"
				   "EP  - 209\r\n"
				   "UR  - https://doi.org/10.5555/x.1\r\n"
				   "N1  - Retracted publication\r\n"
				   "N1  - Author list incomplete (et al.)\r\n"
				   "ER  - \r\n"
				   "\r\n"
				   "TY  - JOUR\n"
				   "TI  - Second\n"
				   "AN  - 90000001\n"
				   "ER  -\n";
	struct got g = {{0}, 0, {0}};
	assert_true(ev_ris_sniff(text, sizeof text - 1));
	assert_int_equal(ev_ris_read(text, sizeof text - 1, on_entry, on_error, &g), 2);
	assert_string_equal(g.errors, "");
	assert_string_equal(g.text,
			    "[1 key=van-der-berg-2019 retracted] title=A title wrapped over two lines@TI:6 "
			    "authors=van der Berg HM, Quill RT Jr, Nordmark Consortium, et al.@AU:3 "
			    "journal=Invented Journal@T2:8 year=2019@DA:9 pages=201-209@SP:10 doi=10.5555/x.1@UR:12\n"
			    "[17 key=-] title=Second@TI:18 pmid=90000001@AN:19\n");

	struct got e = {{0}, 0, {0}};
	assert_int_equal(ev_ris_read("AU  - Early, A.\nTY  - JOUR\n", 27, on_entry, on_error, &e), -1);
	assert_string_equal(e.errors, "1: AU: 'AU' outside a record: a RIS record starts with 'TY  - '\n");
	struct got u = {{0}, 0, {0}};
	assert_int_equal(ev_ris_read("TY  - JOUR\nTI  - x\nTY  - JOUR\n", 29, on_entry, on_error, &u), -1);
	assert_string_equal(u.errors, "3: TY: a new record starts before the one from line 1 ended ('ER  - ' missing)\n");
	assert_false(ev_ris_sniff("key,title\n", 10));
}

/* What the first bytes of a file say: 1 the format starts there, 0 it
 * cannot, -1 they do not decide and the importer reads on (a BibTeX
 * library may open with more comments than the first read holds). */
/* A sniffer over a string literal, without its terminator. */
#define SNIFF(format, text) ev_##format##_sniff(text, sizeof(text) - 1)

static void test_sniff_undecided(void **state)
{
	(void)state;
	assert_int_equal(SNIFF(ris, "\r\n\r\nTY  - JOUR\r\n"), 1);
	assert_int_equal(SNIFF(ris, "\r\n\r\n"), -1);
	assert_int_equal(SNIFF(ris, "\nTY "), -1);
	assert_int_equal(SNIFF(ris, "\nTX "), 0);
	assert_int_equal(SNIFF(bibtex, "% one\n% two\n@article{k,"), 1);
	assert_int_equal(SNIFF(bibtex, "% one\n% two, with a line that goes on"), -1);
	assert_int_equal(SNIFF(bibtex, "\n\n@artic"), -1);
	assert_int_equal(SNIFF(bibtex, "@article  "), -1);
	assert_int_equal(SNIFF(bibtex, "@article x"), 0);
	assert_int_equal(SNIFF(bibtex, "@{k,"), 0);
	assert_int_equal(SNIFF(csljson, "  \n [ \n {"), 1);
	assert_int_equal(SNIFF(csljson, " \n "), -1);
	assert_int_equal(SNIFF(csljson, "[  "), -1);
	assert_int_equal(SNIFF(csljson, "[1]"), 0);
	assert_int_equal(SNIFF(csljson, "key,title"), 0);
	/* one item alone, as citeproc-js writes it */
	assert_int_equal(SNIFF(csljson, "\xEF\xBB\xBF \n{ \"id\": "), 1);
	assert_int_equal(SNIFF(csljson, "{}"), 1);
	assert_int_equal(SNIFF(csljson, "{ \n"), -1);
	assert_int_equal(SNIFF(csljson, "{x}"), 0);
}

static void test_csljson(void **state)
{
	(void)state;
	static const char text[] = "[\n"
				   "  {\"id\": \"a-2014\", \"type\": \"article-journal\",\n"
				   "   \"title\": \"One\", \"issued\": {\"date-parts\": [[\"2014\", 11]]},\n"
				   "   \"author\": [{\"family\": \"Beethoven\", \"given\": \"L.\", \"dropping-particle\": "
				   "\"van\"},\n"
				   "              {\"literal\": \"Invented Registry\"}, {\"literal\": \"others\"}],\n"
				   "   \"PMID\": 90000301, \"volume\": 4, \"note\": \"PMID: 90000999\"},\n"
				   "  {\"id\": 7, \"title\": \"Two \\\"quoted\\\" {x}\", \"issued\": {\"raw\": \"2012-05\"},\n"
				   "   \"URL\": \"https://pubmed.ncbi.nlm.nih.gov/90000302/\", \"DOI\": \"https://doi.org/10.5555/y\"}\n"
				   "]\n";
	struct got g = {{0}, 0, {0}};
	assert_true(ev_csljson_sniff(text, sizeof text - 1));
	assert_int_equal(ev_csljson_read(text, sizeof text - 1, on_entry, on_error, &g), 2);
	assert_string_equal(g.errors, "");
	assert_string_equal(g.text, "[2 key=a-2014] title=One@title:2 authors=van Beethoven L, Invented Registry, et "
				    "al.@author:2 year=2014@issued:2 volume=4@volume:2 pmid=90000301@PMID:2\n"
				    "[7 key=7] title=Two \"quoted\" {x}@title:7 year=2012@issued:7 doi=10.5555/y@DOI:7 "
				    "pmid=90000302@URL:7\n");
	struct got e = {{0}, 0, {0}};
	assert_int_equal(ev_csljson_read("[\n{\"id\": 1,}\n]", 14, on_entry, on_error, &e), -1);
	assert_string_equal(e.errors, "2: string or '}' expected near '}'\n");
	struct got o = {{0}, 0, {0}};
	assert_int_equal(ev_csljson_read("[1]", 3, on_entry, on_error, &o), -1);
	assert_string_equal(o.errors, "1: an item of a CSL-JSON array must be an object\n");
}

static void test_bibtex(void **state)
{
	(void)state;
	static const char text[] = "% a comment\n"
				   "@string{jn = {Invented Journal}}\n"
				   "@Article{vdb-2017,\n"
				   "  author = {van den Brakelhof, P. J. and {Invented Group} and Harrow, Jr., T. E. and others},\n"
				   "  title = {Plasma {dp-ucMGP} in M{\\\"u}nster \\& elsewhere},\n"
				   "  journaltitle = jn,\n"
				   "  date = {2017-06},\n"
				   "  pages = {55--61},\n"
				   "  eprint = {90000201}, eprinttype = {pubmed},\n"
				   "  month = jun,\n"
				   "}\n"
				   "@comment{ignored}\n"
				   "@article{two, title = {Two}, year = 2012, doi = {10.5555/z\\_1}}\n";
	assert_true(ev_bibtex_sniff(text, sizeof text - 1));
	assert_false(ev_bibtex_sniff("key,title\n", 10));
	struct got g = {{0}, 0, {0}};
	assert_int_equal(ev_bibtex_read(text, sizeof text - 1, "t.bib", on_entry, on_error, &g), 2);
	assert_string_equal(g.errors, "");
	assert_string_equal(g.text, "[3 key=vdb-2017] title=Plasma dp-ucMGP in Münster & elsewhere@title:5 "
				    "authors=van den Brakelhof PJ, Invented Group, Harrow TE Jr, et al.@author:4 "
				    "journal=Invented Journal@journaltitle:6 year=2017@date:7 pages=55-61@pages:8 "
				    "pmid=90000201@eprint:9\n"
				    "[13 key=two] title=Two@title:13 year=2012@year:13 doi=10.5555/z_1@doi:13\n");
	/* a syntax error is a problem; a file left there does not stop the
	 * next one from being read (libbtparse's stream interface would exit) */
	static const char bad[] = "@article{a,\n  title = {open,\n  year = 2011\n}\n@article{b, title = {B}}\n";
	struct got e = {{0}, 0, {0}};
	assert_int_equal(ev_bibtex_read(bad, sizeof bad - 1, "t.bib", on_entry, on_error, &e), -1);
	/* Only that a problem was reported: libbtparse and cmocka both export
	 * a print_error, and in this binary libbtparse's messages go through
	 * cmocka's. The message itself is checked by citations.bats. */
	assert_true(strlen(e.errors) > 0);
	assert_int_equal(e.entries, 0);
	struct got again = {{0}, 0, {0}};
	assert_int_equal(ev_bibtex_read(text, sizeof text - 1, "t.bib", on_entry, on_error, &again), 2);
	assert_string_equal(again.text, g.text);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_store), cmocka_unit_test(test_unescape), cmocka_unit_test(test_ris),
		cmocka_unit_test(test_sniff_undecided),
		cmocka_unit_test(test_csljson),	    cmocka_unit_test(test_bibtex),
	};
	/* test_x PATTERN runs only the tests whose names match (* and ?) */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("refmgr", tests, NULL, NULL);
}
