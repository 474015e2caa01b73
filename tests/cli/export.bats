#!/usr/bin/env bats
# evidence export: every format on the sample data and on a fixture of
# hard cases (golden files), filters, unknown keys, usage errors, -o and
# --no-header, and real readers of the output: Python's csv, json and
# sqlite3 modules, and pandoc (BibTeX and CSL-JSON through citeproc).

load helper

FORMATS="csv tsv json markdown bibtex ris csl-json vancouver apa"

# The golden file name of a format.
golden_name() {
	case "$1" in
	markdown) echo export.md ;;
	bibtex) echo export.bib ;;
	csl-json) echo export.csl.json ;;
	vancouver | apa) echo "export.$1.txt" ;;
	*) echo "export.$1" ;;
	esac
}

load_tricky() {
	ev -q import "$DATA"/export/tricky/{articles,studies,claims,evidence}.csv
}

# check_golden DIR: every format matches DIR/export.*
check_golden() {
	for f in $FORMATS; do
		ev export --format "$f" >"out.$f"
		if ! cmp -s "$1/$(golden_name "$f")" "out.$f"; then
			echo "--format $f differs from $1/$(golden_name "$f"):" >&2
			diff "$1/$(golden_name "$f")" "out.$f" >&2
			return 1
		fi
	done
}

@test "export: every format of the sample studies matches its golden file" {
	load_sample
	check_golden "$DATA/export/sample"
}

@test "export: every format of the hard-case fixture matches its golden file" {
	load_tricky
	check_golden "$DATA/export/tricky/expected"
}

@test "export: csv is the default format, and --no-header drops the header of csv and tsv" {
	load_sample
	run ev export
	assert_status 0
	assert_equal "$(ev export --format csv)" "$output"
	assert_equal "key,title,authors,journal,year,volume,issue,pages,doi,pmid,design,country,population,sample_size,duration_months,intervention,comparator,risk_of_bias,funding,status,source,notes,includes,included_design" "${lines[0]}"
	assert_equal 21 "${#lines[@]}"
	run ev export --no-header
	assert_equal 20 "${#lines[@]}"
	assert_equal "brackwater-2009," "${lines[0]:0:16}"
	run ev export --format tsv --no-header --study loamsby-1997
	assert_equal 1 "${#lines[@]}"
	assert_equal "loamsby-1997	Arterial and" "${lines[0]:0:25}"
}

@test "export: --topic, --claim, --article and --study select studies, sorted by key" {
	load_sample
	keys() { ev export --no-header "$@" | cut -d, -f1 | tr '\n' ' '; }
	assert_equal "lirren-2023 quinkcac-results sheafmoor-2009 valvek-2022 zwalmhollow-2019 " "$(keys --claim mk7-no-cac-benefit)"
	assert_equal "knottingale-2015 loamsby-1997 valvek-2022 " "$(keys --topic mechanism)"
	# every study but the QuinK-CAC protocol, which no claim cites
	assert_equal "$(ev export --no-header | cut -d, -f1 | grep -v quinkcac-protocol | tr '\n' ' ')" \
		"$(keys --article k2-arterial-flexibility)"
	assert_equal "loamsby-1997 saltmarsh-2012 " "$(keys --study saltmarsh-2012 --study loamsby-1997 --study saltmarsh-2012)"
	# filters combine: the union of what each selects
	assert_equal "gorsefield-2009 larkhaven-2004 loamsby-1997 " "$(keys --claim k2-intake-lower-chd-mortality --study loamsby-1997)"
	assert_equal "brackwater-2009 gorsefield-2009 larkhaven-2004 " \
		"$(keys --claim k2-intake-lower-chd-mortality --claim k2-intake-less-aortic-calcification)"
}

@test "export: json lists the claims each study bears on, within the selection unless named with --study" {
	load_sample
	run ev export --format json --claim k2-improves-arterial-flexibility --study valvek-2022
	assert_status 0
	claims=$(printf '%s' "$output" | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    print(s["key"], [(c["claim"], c["direction"], c["outcome"]) for c in s["claims"]])')
	assert_equal "knottingale-2015 [('k2-improves-arterial-flexibility', 'supports', 'carotid-femoral pulse wave velocity')]
larchwood-2019 [('k2-improves-arterial-flexibility', 'contradicts', 'vascular stiffness')]
valvek-2022 [('k2-activates-mgp', 'supports', 'dp-ucMGP'), ('mk7-no-cac-benefit', 'supports', 'aortic valve calcification')]
vlasbrook-2020 [('k2-improves-arterial-flexibility', 'contradicts', 'arterial stiffness')]" "$claims"
	# every study column is there, typed as in 'show --format json'
	run ev export --format json --study larkhaven-2004
	printf '%s' "$output" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
assert list(s)[:22] == ["key", "title", "authors", "journal", "year", "volume", "issue", "pages", "doi", "pmid", "design", "country", "population", "sample_size", "duration_months", "intervention", "comparator", "risk_of_bias", "funding", "status", "source", "notes"], list(s)
assert list(s)[22:] == ["includes", "included_design", "citation", "claims"], list(s)
assert s["year"] == 2004 and s["pmid"] == 90000110 and s["sample_size"] == 4807, s
assert s["citation"].startswith("Gallowmere JM, Vermillow C, Grimthorpe DE, Scurrowby LJ, Knottingale MHJ, van der Mistral IM, et al. Menaquinone intake"), s["citation"]
assert len(s["claims"]) == 2, s["claims"]'
}

@test "export: markdown shows only the claims of the selection, each with its direction" {
	load_sample
	run ev export --format markdown --topic k1-vs-k2
	assert_status 0
	assert_equal "| key | citation | design | n | claims |" "${lines[0]}"
	assert_equal "|---|---|---|---:|---|" "${lines[1]}"
	assert_equal 5 "${#lines[@]}"
	assert_output_has "| oakhollow-2008 | Oakhollow T, et al. Vitamin K1 becomes tissue menaquinone-4 in mice. Fict J Biochem. 2008;283(17):11270-9. doi:10.5555/sample.oakhollow-2008 | animal |  | greens-do-not-raise-k2 (contradicts) |"
	assert_output_has "| thimbleby-1996 |"
	# scurrowby-2007-blood bears on two claims; named, both show
	run ev export --format markdown --study scurrowby-2007-blood
	assert_output_has "| k2-interferes-with-anticoagulants (supports); mk7-most-bioavailable (inconclusive) |"
}

@test "export: an unknown key fails with a suggestion, prints nothing and leaves -o untouched" {
	load_sample
	echo old >refs.bib
	run ev export --format bibtex --study knottingale-2051 -o refs.bib
	assert_status 1
	assert_equal "evidence: export: no study 'knottingale-2051'; did you mean 'knottingale-2015'?" "$output"
	assert_equal old "$(cat refs.bib)"
	[ -z "$(ls refs.bib.tmp-* 2>/dev/null)" ]
	# every unknown key is reported, not just the first
	run ev export --topic mechanizm --claim no-such-claim --article k2-arterial-flexibilty
	assert_status 1
	assert_equal "evidence: export: no topic 'mechanizm'; did you mean 'mechanism'?" "${lines[0]}"
	assert_equal "evidence: export: no claim 'no-such-claim'" "${lines[1]}"
	assert_equal "evidence: export: no article 'k2-arterial-flexibilty'; did you mean 'k2-arterial-flexibility'?" "${lines[2]}"
	assert_equal 3 "${#lines[@]}"
}

@test "export: misuse is a usage error (exit 2)" {
	load_sample
	run ev export --format table
	assert_status 2
	assert_equal "evidence: export: --format: 'table' is not one of csv, tsv, json, markdown, bibtex, ris, csl-json, vancouver, apa, claimreview" "${lines[0]}"
	run ev export mk7-no-cac-benefit
	assert_status 2
	assert_output_has "unexpected argument 'mk7-no-cac-benefit' (filters are options"
	run ev export --ascii
	assert_status 2
	assert_output_has "--ascii applies only to --format bibtex"
	run ev export --topic
	assert_status 2
	assert_output_has "option '--topic' needs a value"
	# the citation formats belong to export alone
	run ev query arterial-calcification --format bibtex
	assert_status 2
	run ev export --help
	assert_status 0
	assert_output_has "-f, --format FORMAT  output format: csv tsv json markdown bibtex ris csl-json vancouver apa claimreview (default csv)"
}

@test "export: -o writes the file and nothing to stdout; no database is an error" {
	load_sample
	run ev export --format ris --all -o refs.ris --claim mk7-no-cac-benefit
	assert_status 0
	assert_equal "" "$output"
	assert_equal 5 "$(grep -c '^TY  - JOUR' refs.ris)"
	assert_equal 5 "$(grep -c '^ER  - ' refs.ris)"
	# RIS lines end in CRLF, every one of them
	assert_equal "$(wc -l <refs.ris)" "$(grep -c $'\r$' refs.ris)"
	run ev --db missing.db export
	assert_status 1
	assert_output_has "no database at 'missing.db'"
}

@test "export: an empty selection is a warning and an empty document" {
	load_sample
	run ev export --claim magnesium-prevents-calcium-deposits
	assert_status 0
	assert_equal "evidence: export: warning: no studies are linked to the selected claims" "${lines[0]}"
	assert_equal "key,title,authors" "${lines[1]:0:17}"
	run ev -q export --format json --claim magnesium-prevents-calcium-deposits
	assert_equal "[]" "$output"
	run ev -q export --format csl-json --claim magnesium-prevents-calcium-deposits
	assert_equal "[]" "$output"
	run ev -q export --format bibtex --claim magnesium-prevents-calcium-deposits
	assert_equal "" "$output"
}

@test "export: csv read back by an RFC 4180 reader gives the database's fields" {
	load_sample
	load_tricky
	ev export -o all.csv
	run python3 "$BATS_TEST_DIRNAME/export_check.py" csv-readback evidence.db all.csv
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	assert_equal "26 checked, 0 problems" "$output"
}

@test "export: the csv re-imports into an empty database as the same studies" {
	load_sample
	load_tricky
	ev export -o all.csv
	ev -q --db copy.db import all.csv
	studies="SELECT key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country, population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status, source, notes FROM studies ORDER BY key"
	assert_equal "$(sqlite3 evidence.db "$studies")" "$(sqlite3 copy.db "$studies")"
	assert_equal "$(cat all.csv)" "$(ev --db copy.db export)"
}

@test "export: the tsv re-imports too (tabs, line breaks and backslashes escaped)" {
	load_sample
	load_tricky
	ev export --format tsv -o all.tsv
	grep -q '\\n' all.tsv # the fixture has line breaks, written as \n
	run ev --db copy.db import all.tsv
	assert_status 0
	assert_equal "studies: 26 added, 0 updated, 0 unchanged" "$output"
	studies="SELECT key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country, population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status, source, notes FROM studies ORDER BY key"
	assert_equal "$(sqlite3 evidence.db "$studies")" "$(sqlite3 copy.db "$studies")"
	assert_equal "$(cat all.tsv)" "$(ev --db copy.db export --format tsv)"
}

@test "export: json and csl-json parse as JSON" {
	load_sample
	load_tricky
	for f in json csl-json; do
		ev export --all --format "$f" | python3 -c 'import json, sys; d = json.load(sys.stdin); assert isinstance(d, list) and len(d) == 26, len(d)'
	done
}

# pandoc_checks: pandoc reads our BibTeX (UTF-8 and --ascii) into the same
# fields as our CSL-JSON, and citeproc formats both into a bibliography
# with every item's authors, title, journal and year.
pandoc_checks() {
	local check="$BATS_TEST_DIRNAME/export_check.py"
	ev export --all --format bibtex -o refs.bib "$@"
	ev export --all --format bibtex --ascii -o ascii.bib "$@"
	ev export --all --format csl-json -o refs.json "$@"
	printf -- '---\nnocite: "@*"\n---\n' >doc.md
	for bib in refs.bib ascii.bib; do
		run python3 "$check" pandoc-bibtex "$bib" refs.json --title-case many-2020
		[ "$status" -eq 0 ] || { echo "$bib: $output" >&2; return 1; }
	done
	for bib in refs.bib refs.json; do
		pandoc --citeproc --bibliography="$bib" -t plain --wrap=none doc.md >"$bib.txt"
		run python3 "$check" citeproc "$bib.txt" refs.json
		[ "$status" -eq 0 ] || { echo "$bib: $output" >&2; return 1; }
	done
}

@test "export: pandoc citeproc reads the bibtex and csl-json of the sample studies" {
	command -v pandoc >/dev/null || skip "pandoc is not installed (make test-deps)"
	load_sample
	pandoc_checks
	# one spot check of the formatted result: particles and et al.
	grep -q "^Zwalmhollow, S. R., P. A. de Jagerfeld, J. W. Bartlemoss, et al. 2019. " refs.bib.txt
	grep -q "M. H. J. Knottingale, I. M. van der Mistral, A. Hoflinger, and J. C. M. Whistledown. 2004. " refs.json.txt
}

@test "export: pandoc citeproc reads the bibtex and csl-json of the hard cases" {
	command -v pandoc >/dev/null || skip "pandoc is not installed (make test-deps)"
	load_tricky
	pandoc_checks
	grep -q '^Mülderhoff, K. H., J.-P. van der Quillberg, M. de la Quintessa, T. O’Brollachan, and Å. Ødegrimsby. 2001. “R&D Costs: 50% of \$ Budgets, #1 in "Quality"_index {x} ~ ^ \\ Path.”' refs.bib.txt
	grep -q "^Kingsnorth, J. T., Jr., J. Smithwick, and World Fixture Organization. 2010." refs.json.txt
}
