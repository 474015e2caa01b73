#!/usr/bin/env bats
# Reference manager libraries in and out (issue 14): RIS, BibTeX/BibLaTeX
# and CSL-JSON imports (recognised from content, matched by DOI, PMID and
# the near-duplicate rule, dry run field by field, errors as FILE:LINE,
# nothing written on failure, history), the round trip export -> import
# -> export, and names that come out right through pandoc's citeproc
# with the real CSL styles. Fixtures: tests/data/citations/ (invented
# people and journals, DOIs under 10.5555, PMIDs 90000001-90000999).

load helper

CIT() { echo "$DATA/citations/$1"; }

# starts_with PREFIX TEXT: TEXT begins with PREFIX (bytes, whatever the locale)
starts_with() {
	case "$2" in
	"$1"*) return 0 ;;
	*) echo "expected to start with: $1" >&2; echo "actual: $2" >&2; return 1 ;;
	esac
}

STUDY_COLS="key, authors, title, journal, year, volume, issue, pages, doi, pmid, status, source"

@test "import: a Zotero RIS library becomes unverified studies, names in the stored form" {
	run ev import "$(CIT zotero.ris)"
	assert_status 0
	assert_output_has "studies: 4 added, 0 updated, 0 unchanged"
	assert_equal "arvidsen-2020|3|1|1-15||90000103|unverified|RIS library zotero.ris
de-la-fontaine-2018|de la Fontaine, Carmen; Çelik, Zeynep; Mac Aodha, Séamus; et al.|Invented Cardiology Quarterly|2018|10.5555/icq.2018.0088|
nordmark-vitamin-research-consortium-2021|Nordmark Vitamin Research Consortium, Aminah|e1042|2021
van-der-berg-2019|van der Berg, Hendrika M.; Drittij-Ostrova, K.; Ødegård, Åse; Quill, R. T., Jr|Journal of Invented Vascular Research|201-209|10.5555/ivr.2019.0012|90000101" \
		"$(sqlite3 evidence.db "SELECT key, volume, issue, pages, doi, pmid, status, source FROM studies WHERE key = 'arvidsen-2020';
			SELECT key, authors, journal, year, doi, pmid FROM studies WHERE key = 'de-la-fontaine-2018';
			SELECT key, authors, pages, year FROM studies WHERE key LIKE 'nordmark%';
			SELECT key, authors, journal, pages, doi, pmid FROM studies WHERE key = 'van-der-berg-2019'")"
	# 32 authors, in order, none lost
	assert_equal 32 "$(sqlite3 evidence.db "SELECT authors FROM studies WHERE key = 'arvidsen-2020'" | tr ',' '\n' | wc -l)"
	assert_equal "Gravelund GH" "$(sqlite3 evidence.db "SELECT authors FROM studies WHERE key = 'arvidsen-2020'" | sed 's/.*, //')"
}

@test "import: BibLaTeX (journaltitle, date, eprint, @string, month macros, TeX accents) and CSL-JSON" {
	run ev import "$(CIT biblatex.bib)" "$(CIT zotero.json)"
	assert_status 0
	assert_output_has "studies: 4 added, 0 updated, 0 unchanged"
	assert_equal "harrow-2016|Harrow, Thomas E., Jr; Lindgren, A.; et al.|Vitamin K status & aortic stiffness: 45% of participants below target|Invented Nutrition Letters|2016|2||e0031|10.5555/inl.2016.0031||unverified|BibTeX library biblatex.bib
okafor2012|Okafor CN, Duval M III, et al.|Menaquinone-4 in an invented tissue study|Invented Trials Review|2012|1||12-19||90000302|unverified|CSL-JSON library zotero.json
van-beethoven-2014|van Beethoven, Ludmila; ter Meer, I. K.; Åkesson-Lind, B.; Invented Heart Registry|Dietary menaquinones and invented coronary outcomes|Invented Cardiology Quarterly|2014|40|4|301-310|10.5555/icq.2014.0301|90000301|unverified|CSL-JSON library zotero.json
van-den-brakelhof-2017|van den Brakelhof, Pieter J.; Müllerstein, Ilse; Ørnholt, Kjell; Invented Menaquinone Study Group|Plasma dp-ucMGP after menaquinone-7 in the Veldhoven trial|Journal of Invented Vascular Research|2017|10|2|55-61|10.5555/ivr.2017.0055|90000201|unverified|BibTeX library biblatex.bib" \
		"$(sqlite3 evidence.db "SELECT $STUDY_COLS FROM studies ORDER BY key")"
}

@test "import: --kind ris|bibtex|csl-json forces the reader; an unknown kind lists them" {
	run ev import --kind ris "$(CIT biblatex.bib)"
	assert_status 1
	assert_output_has "biblatex.bib:1: not a RIS line: a RIS record is lines 'XX  - value' from 'TY  - ' to 'ER  - '"
	run ev import --kind refworks x
	assert_status 2
	assert_output_has "--kind: 'refworks' is not one of articles, studies, claims, evidence, pubmed, medline, ris, bibtex, csl-json"
}

@test "import: matches by DOI (any case), PMID and near-duplicate; dry run shows each change and writes nothing" {
	ev -q import "$(CIT studies.csv)"
	before="$(dump_db)"
	run ev import --dry-run "$(CIT zotero.ris)"
	assert_status 0
	assert_equal "$before" "$(dump_db)"
	f="$(CIT zotero.ris)"
	assert_output_has "$f:1: study 'fjordvik-2019': title: 'Menaquinone-7 and arterial stiffness in the Fjordvik cohort' would become 'Menaquinone-7 and arterial stiffness in the invented Fjordvik cohort'"
	assert_output_has "$f:1: study 'fjordvik-2019': journal: 'J Invent Vasc Res' would become 'Journal of Invented Vascular Research'"
	assert_output_has "$f:1: study 'fjordvik-2019': pmid: '(none)' would become '90000101'"
	assert_output_lacks "study 'fjordvik-2019': doi:"
	assert_output_has "$f:20: no study has this DOI or PMID; matched to 'nordmark-2021' (same first author and year, nearly the same title)"
	assert_output_has "$f:20: study 'nordmark-2021' keeps its 3 authors; the record lists 2 (give the longer list with 'evidence edit' if it is right)"
	assert_output_has "$f:20: study 'nordmark-2021': doi: '(none)' would become '10.5555/inl.2021.1042'"
	assert_output_has "$f:30: study 'multik-2020': authors: 'Arvidsen A, et al.' would become 'Arvidsen A, Brekkan BK,"
	assert_output_has "studies: 1 to add, 3 to update, 0 unchanged (dry run: nothing written)"

	run ev import "$(CIT zotero.ris)"
	assert_status 0
	assert_output_has "studies: 1 added, 3 updated, 0 unchanged"
	# curated fields stay; the longer author list stays
	assert_equal "de-la-fontaine-2018|||unverified|10.5555/icq.2018.0088|
fjordvik-2019|cohort|2150|verified|10.5555/IVR.2019.0012|90000101
multik-2020|rct|964|verified||90000103
nordmark-2021|meta-analysis|12000|verified|10.5555/inl.2021.1042|" \
		"$(sqlite3 evidence.db "SELECT key, design, sample_size, status, doi, pmid FROM studies ORDER BY status, key")"
	assert_equal "Nordmark Vitamin Research Consortium, Aminah, Holbeck T" \
		"$(sqlite3 evidence.db "SELECT authors FROM studies WHERE key = 'nordmark-2021'")"
	# history: the import's changes, field by field
	run ev log fjordvik-2019
	assert_output_has "study  fjordvik-2019  edit    pmid"
	assert_output_has "import $f"
	# a second import changes nothing
	run ev import "$(CIT zotero.ris)"
	assert_output_has "studies: 0 added, 0 updated, 4 unchanged"
}

@test "import: a CSL-JSON file of one item, not in an array, is recognised without --kind" {
	# citeproc-js and some export tools write a single item as a bare object
	printf '%s\n' '{"id": "quillfeather-2019", "type": "article-journal",' \
		'"title": "A trial of testing in the land of make-believe", "author": [{"family": "Quillfeather",' \
		'"given": "Odo"}], "issued": {"date-parts": [[2019]]}, "DOI": "10.5555/csl.one"}' > one.json
	run --separate-stderr ev import one.json
	assert_status 0
	assert_equal "studies: 1 added, 0 updated, 0 unchanged" "$(printf '%s\n' "$stderr" | head -1)"
	assert_equal "quillfeather-2019|A trial of testing in the land of make-believe|2019|10.5555/csl.one|Quillfeather, Odo" \
		"$(sqlite3 evidence.db 'SELECT key, title, year, doi, authors FROM studies')"
	# another JSON object is read as an item too, and refused as one
	printf '{"topic": "x", "claims": []}\n' > other.json
	before="$(dump_db)"
	run ev import other.json
	assert_status 1
	assert_equal "evidence: import: other.json:1: title: a value is required
evidence: import: nothing was imported: 1 problem" "$output"
	assert_equal "$before" "$(dump_db)"
}

@test "import: a BibTeX or CSL-JSON dry run names each field that would change, old and new" {
	ev -q import "$(CIT studies.csv)"
	ev -q export --study fjordvik-2019 --format bibtex -o lib.bib
	ev -q export --study fjordvik-2019 --format csl-json -o lib.json
	ev -q edit study fjordvik-2019 --journal 'Other J' --authors 'Solo A'
	before="$(dump_db)"
	for f in lib.bib lib.json; do
		run --separate-stderr ev import --dry-run "$f"
		assert_status 0
		assert_equal "$before" "$(dump_db)"
		line=$(printf '%s\n' "$stderr" | head -1 | cut -d: -f2)
		# (the exports write pages in full, 201-209 for the stored 201-9,
		# which the import reports as a change too: not what this checks)
		assert_equal "$f:$line: study 'fjordvik-2019': authors: 'Solo A' would become 'van der Berg HM, Drittij-Ostrova K, Ødegård Å, Quill RT Jr'
$f:$line: study 'fjordvik-2019': journal: 'Other J' would become 'J Invent Vasc Res'" "$(printf '%s\n' "$stderr" | grep -v ': pages: ' | head -2)"
		assert_output_lacks "would become" # the changes go to stderr
		[[ $stderr == *"studies: 0 to add, 1 to update, 0 unchanged (dry run: nothing written)" ]]
	done
}

@test "import: bad libraries are refused with FILE:LINE: FIELD, exit 1, nothing written" {
	cd "$DATA/citations"
	db="$BATS_TEST_TMPDIR/e.db"
	run ev --db "$db" import unended.ris
	assert_status 1
	assert_equal "evidence: import: unended.ris:4: the record that starts on line 1 has no end ('ER  - ')
evidence: import: nothing was imported: 1 problem" "$output"
	run ev --db "$db" import badvalues.ris
	assert_status 1
	assert_equal "evidence: import: badvalues.ris:4: PY: '1750' is out of range (1800 to 2100)
evidence: import: badvalues.ris:5: DO: '11.5555/not-a-doi' is not a DOI (10.NNNN/...)
evidence: import: nothing was imported: 2 problems" "$output"
	run ev --db "$db" import broken.bib
	assert_status 1
	assert_equal "evidence: import: broken.bib:6: syntax error: at end of input, expected end of entry (\"}\" or \")\") (skipping to next \"@\")
evidence: import: nothing was imported: 1 problem" "$output"
	run ev --db "$db" import broken.json
	assert_status 1
	assert_equal "evidence: import: broken.json:3: string or '}' expected near '}'
evidence: import: nothing was imported: 1 problem" "$output"
	[ ! -e "$db" ]
	# a good file with a bad one: all or nothing
	run ev --db "$db" import zotero.ris badvalues.ris
	assert_status 1
	[ ! -e "$db" ]
}

# roundtrip DB FORMAT: export --all, import into an empty database, export
# again; every format of the second database must equal the first's.
roundtrip() {
	local ext="$2"
	ev --db "$1" export --all --format "$2" -o "lib.$ext"
	rm -f copy.db
	ev -q --db copy.db import "lib.$ext"
	for f in bibtex ris csl-json vancouver apa; do
		ev --db "$1" export --all --format "$f" >"a.$f"
		ev --db copy.db export --all --format "$f" >"b.$f"
		if ! cmp -s "a.$f" "b.$f"; then
			echo "via $2, --format $f differs:" >&2
			diff "a.$f" "b.$f" >&2
			return 1
		fi
	done
}

@test "import: a BibTeX file under a long path has its one problem reported once (issue 17 point 5)" {
	# libbtparse's message names the file: past 1 KiB it was read in
	# pieces, each reported as a problem of its own.
	d=$(printf 'q%.0s' $(seq 200))
	p="$d/$d/$d/$d/$d/$d"
	mkdir -p "$p"
	cp "$DATA/citations/broken.bib" "$p/broken.bib"
	run ev import "$p/broken.bib"
	assert_status 1
	assert_equal "evidence: import: $p/broken.bib:6: syntax error: at end of input, expected end of entry (\"}\" or \")\") (skipping to next \"@\")
evidence: import: nothing was imported: 1 problem" "$output"
}

@test "import: a library under a long path is named with its file and line whole (issue 17 point 5)" {
	# An invented path of 392 bytes: the place was cut at 299, without
	# its line.
	d=$(printf 'quarrydown-archive-%.0s' $(seq 10))
	p="$d/$d"
	mkdir -p "$p"
	cp "$(CIT zotero.ris)" "$p/zotero.ris"
	ev -q import "$(CIT studies.csv)"
	run ev import --dry-run "$p/zotero.ris"
	assert_status 0
	assert_output_has "$p/zotero.ris:1: study 'fjordvik-2019': title: 'Menaquinone-7 and arterial stiffness in the Fjordvik cohort' would become 'Menaquinone-7 and arterial stiffness in the invented Fjordvik cohort'"
	assert_output_has "$p/zotero.ris:20: no study has this DOI or PMID; matched to 'nordmark-2021' (same first author and year, nearly the same title)"
}

@test "import: a library is recognised however long what comes before its first record (issue 17 point 5)" {
	# The format was told from the first 4 KiB: a BibTeX library opening
	# with a longer comment, or a RIS or CSL-JSON file after as many blank
	# lines, was taken for a CSV file that matches no format.
	for i in $(seq 120); do echo "% licence and provenance notes of the invented library, line $i"; done > long.bib
	cat "$(CIT biblatex.bib)" >> long.bib
	{ printf '\r\n%.0s' $(seq 3000); cat "$(CIT zotero.ris)"; } > long.ris
	{ printf ' \n%.0s' $(seq 3000); cat "$(CIT zotero.json)"; } > long.json
	[ "$(head -c 4096 long.bib | grep -c '^@')" = 0 ]
	run ev import long.bib long.ris long.json
	assert_status 0
	assert_output_has "studies: 8 added, 0 updated, 0 unchanged"
	assert_equal "BibTeX library long.bib|2
CSL-JSON library long.json|2
RIS library long.ris|4" "$(sqlite3 evidence.db "SELECT source, count(*) FROM studies GROUP BY source ORDER BY source")"
	# and a file of nothing but a comment is still no library, said once
	head -n 100 long.bib > comments.bib
	run ev import comments.bib
	assert_status 1
	assert_output_has "comments.bib:1: cannot tell what this file holds"
}

@test "round trip: RIS, BibTeX and CSL-JSON exports import into an empty database and export identically" {
	ev -q import "$(CIT zotero.ris)" "$(CIT biblatex.bib)" "$(CIT zotero.json)"
	for f in ris bibtex csl-json; do
		roundtrip evidence.db "$f"
	done
	# keys survive (RIS ID, BibTeX key, CSL id)
	assert_equal "$(sqlite3 evidence.db 'SELECT key FROM studies ORDER BY key')" \
		"$(sqlite3 copy.db 'SELECT key FROM studies ORDER BY key')"
}

@test "round trip: a curated database comes back identical but for the unverified note" {
	load_sample
	for f in ris bibtex csl-json; do
		ev export --format "$f" -o "lib.$f" 2>/dev/null
		rm -f copy.db
		ev -q --db copy.db import "lib.$f"
		ev --db copy.db export --all --format "$f" -o "back.$f"
		# imported studies are unverified until curated: the only difference
		# is the note saying so (and, in BibTeX and CSL-JSON, the comma or
		# "; " before it)
		sed -e '/Unverified record/d' "back.$f" | tr -d ',;' >b
		sed -e '/Unverified record/d' "lib.$f" | tr -d ',;' >a
		if [ "$f" = csl-json ]; then
			python3 -c 'import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
for x in b:
    n=x.get("note","").replace("Unverified record: not yet checked against a primary bibliographic source","").lstrip("; ")
    if n: x["note"]=n
    else: x.pop("note",None)
assert a==b' "lib.$f" "back.$f"
		else
			cmp a b || { diff a b >&2; return 1; }
		fi
	done
}

# The tricky names through pandoc's citeproc with Debian's CSL styles,
# from our BibTeX and from our CSL-JSON. The expected text was read entry
# by entry (docs/export.md says what each style does with particles).
# APA is rendered without the "et al." study: pandoc 2.17's citeproc
# prints BibTeX's "and others" (and CSL's "others" marker) glued to the
# last name under APA's et-al-use-last ("Lindgren, A.others."); the other
# four styles print "et al." from the same data, and so does our own
# --format apa.
@test "pandoc: particles, hyphens, organisations, one-name, non-ASCII and 32 authors in five CSL styles" {
	command -v pandoc >/dev/null || skip "pandoc is not installed (make test-deps)"
	styles=/usr/share/citation-style-language/styles
	[ -e "$styles/apa.csl" ] || skip "citation-style-language-styles is not installed (make test-deps)"
	ev -q import "$(CIT names.csv)"
	printf -- '---\nnocite: "@*"\n---\n' >doc.md
	apa_only="--study particles-2019 --study hyphen-2018 --study corporate-2021 --study nonascii-2017 --study multik-2020"
	for f in bibtex csl-json; do
		ext=bib
		[ "$f" = csl-json ] && ext=json
		ev -q export --format "$f" -o "refs.$ext"
		# shellcheck disable=SC2086
		ev -q export --format "$f" $apa_only -o "apa-refs.$ext"
		for st in apa vancouver american-medical-association chicago-author-date nature; do
			bib="refs.$ext"
			[ "$st" = apa ] && bib="apa-refs.$ext"
			pandoc --citeproc --bibliography="$bib" --csl="$styles/$st.csl" -t plain --wrap=none doc.md >"$st.$ext.txt"
			if ! cmp -s "$(CIT pandoc)/$st.$ext.txt" "$st.$ext.txt"; then
				diff "$(CIT pandoc)/$st.$ext.txt" "$st.$ext.txt" >&2
				return 1
			fi
		done
	done
	# the defects of issue 14, gone
	grep -q "^van der Berg, H. M., de la Fontaine, C., ter Meer, I. K., & Quill, R. T., Jr. (2019)" apa.bib.txt
	grep -q "^6. van der Berg HM, de la Fontaine C, ter Meer IK, Quill RT Jr. " vancouver.bib.txt
	grep -q "^6. van der Berg HM, de la Fontaine C, ter Meer IK, Quill RT Jr. " american-medical-association.json.txt
	grep -q "^2. Harrow TE, Lindgren A, et al. " vancouver.json.txt
	grep -q "^2. Harrow, T. E., Lindgren, A., et al. " nature.bib.txt
	run grep -c "Unverified\|invented trial results" ./*.txt
	assert_output_lacks ":1"
}

@test "export: apa is alphabetical by APA's rules; vancouver is numbered in citation order" {
	ev -q import "$(CIT names.csv)"
	run ev export --format apa
	assert_status 0
	assert_equal "1 unverified study left out (add --all to include it)" "${lines[0]}"
	starts_with "Arvidsen, A., Brekkan" "${lines[1]}"
	starts_with "Drittij-Ostrova, K., Åkesson-Lind, B., & Sartrevane, J.-P. (2018)." "${lines[2]}"
	starts_with "Harrow, T. E., Lindgren, A., et al. (2016)." "${lines[3]}"
	starts_with "Nordmark Vitamin Research Consortium, & Aminah. (2021)." "${lines[4]}"
	starts_with "Ødegård, Å., Çelik, Z., Müllerstein, I., & Şahin, E. (2017)." "${lines[5]}"
	starts_with "van der Berg, H. M., de la Fontaine, C., ter Meer, I. K., & Quill, R. T., Jr. (2019)." "${lines[6]}"
	assert_equal 7 "${#lines[@]}"
	# a work without authors goes by its title (brackets and all ignored)
	run ev export --all --format apa
	starts_with "Harrow" "${lines[2]}"
	assert_equal "[invented trial results; primary publication not verified]. (n.d.). [Unverified record]" "${lines[3]}"
	starts_with "Nordmark" "${lines[4]}"

	# Vancouver: an article's claims in order, each claim's studies by key
	cat >articles.csv <<-EOF
	key,title,author,published
	a1,An invented article,Desk,2024-01-01
	EOF
	cat >claims.csv <<-EOF
	key,article,topics,text
	c-first,a1,t,First claim
	c-second,a1,t,Second claim
	EOF
	cat >evidence.csv <<-EOF
	claim,study,direction
	c-first,nonascii-2017,supports
	c-first,particles-2019,supports
	c-second,corporate-2021,supports
	c-second,nonascii-2017,supports
	c-second,hyphen-2018,contradicts
	EOF
	ev -q import articles.csv claims.csv evidence.csv
	run ev export --format vancouver --article a1
	assert_status 0
	starts_with "1. Ødegård Å, Çelik Z, Müllerstein I, Şahin E." "${lines[0]}"
	starts_with "2. van der Berg HM," "${lines[1]}"
	starts_with "3. Nordmark Vitamin Research Consortium, Aminah." "${lines[2]}"
	starts_with "4. Drittij-Ostrova K," "${lines[3]}"
	assert_equal 4 "${#lines[@]}"
}

@test "export: ris carries ID, DOI and PubMed links; the tags follow the RIS form" {
	ev -q import "$(CIT names.csv)"
	ev export --format ris --study particles-2019 -o one.ris
	assert_equal "TY  - JOUR
ID  - particles-2019
AU  - van der Berg, H. M.
AU  - de la Fontaine, C.
AU  - ter Meer, I. K.
AU  - Quill, R. T., Jr.
TI  - Menaquinone-7 and arterial stiffness in the invented Fjordvik cohort
T2  - J Invent Vasc Res
JO  - J Invent Vasc Res
PY  - 2019
VL  - 12
IS  - 3
SP  - 201
EP  - 209
DO  - 10.5555/ivr.2019.0012
AN  - 90000101
DB  - PubMed
UR  - https://doi.org/10.5555/ivr.2019.0012
UR  - https://pubmed.ncbi.nlm.nih.gov/90000101/
ER  - " "$(tr -d '\r' <one.ris)"
	# every line: two-letter tag, two spaces, hyphen, space; CRLF ends
	assert_equal 0 "$(tr -d '\r' <one.ris | grep -cv '^[A-Z][A-Z0-9]  - ')"
	assert_equal 20 "$(grep -c $'\r$' one.ris)"
}

@test "csv: export csv/tsv and studies csv neutralise formulas unless --raw; numbers stay; dump stays exact" {
	cat >f.csv <<-'EOF2'
	key,title,authors,year,design,notes
	f1,"=HYPERLINK(""http://x"",""y"")",Quill RT,2001,rct,-17.5
	f2,+cmd,@Evil A,2002,rct,-2+3
	f3,"	tab first",Quill RT,2003,rct,+4
	EOF2
	ev -q import f.csv
	run ev export --format csv --no-header
	assert_status 0
	assert_equal "f1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Quill RT,,2001,,,,,,rct,,,,,,,unknown,,verified,,-17.5,," "${lines[0]}"
	assert_equal "f2,'+cmd,'@Evil A,,2002,,,,,,rct,,,,,,,unknown,,verified,,'-2+3,," "${lines[1]}"
	assert_equal "f3,'	tab first,Quill RT,,2003,,,,,,rct,,,,,,,unknown,,verified,,+4,," "${lines[2]}"
	run ev export --format tsv --no-header --study f3
	assert_equal "f3	'\\ttab first	Quill RT		2003						rct							unknown		verified		+4		" "$output"
	run ev export --format csv --no-header --raw --study f2
	assert_equal "f2,+cmd,@Evil A,,2002,,,,,,rct,,,,,,,unknown,,verified,,-2+3,," "$output"
	run ev studies --format csv
	assert_equal "f1,2001,rct,,verified,\"sample_size, risk_of_bias\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "${lines[1]}"
	run ev studies --format csv --raw
	assert_equal "f2,2002,rct,,verified,\"sample_size, risk_of_bias\",+cmd" "${lines[2]}"
	# dump is for round trips: byte-exact
	ev dump d >/dev/null 2>&1
	grep -q '^f2,+cmd,@Evil A,' d/studies.csv
	rm -f copy.db
	ev -q --db copy.db import d/studies.csv
	assert_equal "$(sqlite3 evidence.db 'SELECT * FROM studies ORDER BY key')" "$(sqlite3 copy.db 'SELECT * FROM studies ORDER BY key')"
}

@test "retraction watch: retractions flag studies, corrections and concerns are recorded, the report shows the grade with them" {
	ev -q import "$(CIT names.csv)" "$(CIT retraction-claims.csv)" "$(CIT retraction-evidence.csv)"
	cat >art.csv <<-'EOF2'
	key,title,author,published
	a1,An invented article,Desk,2024-01-01
	EOF2
	printf 'key,article,topics,text\nrelies-on-multik,a1,vitamin-k,Menaquinone-7 lowers invented vascular events.\n' >cl.csv
	ev -q import art.csv cl.csv
	run ev report a1
	assert_output_has "1. relies-on-multik: mixed, low certainty"
	before="$(dump_db)"
	cd "$DATA/citations"
	run ev --db "$BATS_TEST_TMPDIR/evidence.db" import --dry-run retraction-watch.csv
	assert_status 0
	assert_equal "retraction-watch.csv:2: study 'multik-2020' would be retracted (Retraction Watch 5001: Retraction 2023-03-14: Falsification/Fabrication of Data; Investigation by Journal/Publisher)
retraction-watch.csv:3: study 'nonascii-2017': Correction would be recorded in its notes, not a retraction (Retraction Watch 5002: Correction 2021-06-02: Error in Table)
retraction-watch.csv:4: study 'particles-2019': Expression of concern would be recorded in its notes, not a retraction (Retraction Watch 5003: Expression of concern 2022-11-20: Concerns/Issues About Data)
studies: 0 to add, 3 to update, 0 unchanged (dry run: nothing written)
1 Retraction Watch record names no study in the database" "$output"
	cd "$BATS_TEST_TMPDIR"
	assert_equal "$before" "$(dump_db)"
	run ev import "$(CIT retraction-watch.csv)"
	assert_status 0
	assert_output_has "studies: 0 added, 3 updated, 0 unchanged"
	assert_equal "multik-2020|retracted|Retraction Watch 5001: Retraction 2023-03-14: Falsification/Fabrication of Data; Investigation by Journal/Publisher
nonascii-2017|verified|Retraction Watch 5002: Correction 2021-06-02: Error in Table
particles-2019|verified|Retraction Watch 5003: Expression of concern 2022-11-20: Concerns/Issues About Data" \
		"$(sqlite3 evidence.db "SELECT key, status, notes FROM studies WHERE notes IS NOT NULL ORDER BY key")"
	# history: the status change, with the import that made it
	run ev log multik-2020
	assert_output_has "study  multik-2020  edit    status  verified"
	# again: nothing new
	run ev import "$(CIT retraction-watch.csv)"
	assert_output_has "studies: 0 added, 0 updated, 3 unchanged"
	# the grade moved, and the report says from what
	run ev report a1
	assert_output_has "1. relies-on-multik: contradicted, very-low certainty"
	assert_output_has "  - not counted: multik-2020 (retracted)"
	assert_output_has "  - retracted: multik-2020; with it counted the grade was mixed, low certainty"
	run ev explain relies-on-multik
	assert_output_has "not counted: multik-2020 (retracted)"
	assert_output_has $'Retracted: multik-2020; with it counted the grade was mixed, low certainty\nVerdict: contradicted, very-low certainty'
	run ev explain relies-on-multik --format json
	assert_equal '{"studies":["multik-2020"],"verdict":"mixed","certainty":"low"}' "$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["with_retracted"], separators=(",", ":")))')"
	# a claim without retracted studies says nothing, and null in JSON
	ev -q edit study multik-2020 --status verified
	run ev explain relies-on-multik
	assert_output_lacks "Retracted:"
	run ev explain relies-on-multik --format json
	assert_equal null "$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["with_retracted"], separators=(",", ":")))')"
}

@test "retraction watch: bad rows are refused with FILE:LINE: COLUMN, nothing written" {
	ev -q import "$(CIT names.csv)"
	before="$(dump_db)"
	cat >rw.csv <<-'EOF2'
	Record ID,RetractionDate,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason
	1,13/45/2020 0:00,10.5555/ivr.2019.0012,0,Retraction,+x;
	2,1/2/2020 0:00,unavailable,abc,Retraction,+x;
	3,1/2/2020 0:00,unavailable,0,Retraction,+x;
	,1/2/2020 0:00,10.5555/ivr.2019.0012,0,Retraction,+x;
	6,the second of January in the year two thousand and twenty,10.5555/ivr.2019.0012,0,Retraction,+x;
	7,1/2/2020 0:00,unavailable,ninety million one hundred thousand and one,Retraction,+x;
	EOF2
	run ev import rw.csv
	assert_status 1
	# A long value is quoted in part, with "..." to say so (it was cut
	# at 40 bytes without a word: issue 17 point 5).
	assert_equal "evidence: import: rw.csv:2: RetractionDate: '13/45/2020 0:00' is not a date (M/D/YYYY, as the data set writes it, or YYYY-MM-DD)
evidence: import: rw.csv:3: OriginalPaperPubMedID: 'abc' is not a PubMed id
evidence: import: rw.csv:4: OriginalPaperDOI: neither OriginalPaperDOI nor OriginalPaperPubMedID names the paper
evidence: import: rw.csv:5: Record ID: a value is required
evidence: import: rw.csv:6: RetractionDate: 'the second of January in the year two th...' is not a date (M/D/YYYY, as the data set writes it, or YYYY-MM-DD)
evidence: import: rw.csv:7: OriginalPaperPubMedID: 'ninety million one hundred thousand and ...' is not a PubMed id
evidence: import: nothing was imported: 6 problems" "$output"
	assert_equal "$before" "$(dump_db)"
}

@test "retraction watch: a long nature, a long DOI and a long path are kept whole (issue 17 point 5)" {
	# Invented values: a nature of 113 bytes (the note cut it at 63), a
	# DOI of 311 bytes (past 255 it was taken for none, so the row was
	# refused) and a path of 388 bytes (the place was cut at 299).
	nature="Expression of concern from the editors of the Quarrydown Journal of Invented Results about its tables and figures"
	doi="10.5555/$(printf 'quarrydown-lowlands-%.0s' $(seq 15))end"
	d=$(printf 'quarrydown-archive-%.0s' $(seq 10))
	p="$d/$d"
	mkdir -p "$p"
	printf 'key,title,authors,year,design,doi\nashgrove-2021,A trial,Ashgrove A,2021,rct,10.5555/ashgrove.2021\nbirchley-2021,Another trial,Birchley B,2021,rct,%s\n' "$doi" > s.csv
	ev -q import s.csv
	printf 'Record ID,RetractionDate,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason\n5101,1/2/2020 0:00,10.5555/ashgrove.2021,0,%s,+Error in Data;\n5102,1/3/2020 0:00,%s,0,Correction,+Error in Table;\n' \
		"$nature" "$doi" > "$p/rw.csv"
	run --separate-stderr ev import "$p/rw.csv"
	assert_status 0
	assert_equal "$p/rw.csv:2: study 'ashgrove-2021': $nature recorded in its notes, not a retraction (Retraction Watch 5101: $nature 2020-01-02: Error in Data)
$p/rw.csv:3: study 'birchley-2021': Correction recorded in its notes, not a retraction (Retraction Watch 5102: Correction 2020-01-03: Error in Table)
studies: 0 added, 2 updated, 0 unchanged" "$stderr"
	assert_equal "ashgrove-2021|Retraction Watch 5101: $nature 2020-01-02: Error in Data
birchley-2021|Retraction Watch 5102: Correction 2020-01-03: Error in Table" \
		"$(sqlite3 evidence.db "SELECT key, notes FROM studies ORDER BY key")"
}
