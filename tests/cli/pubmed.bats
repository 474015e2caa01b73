#!/usr/bin/env bats
# Importing PubMed records: the "Save as CSV" export and the MEDLINE
# format, their variants, keys, duplicates and every refusal.
# Fixtures in tests/data/pubmed/: sample.* hold the studies of the sample
# fixture (tests/data/sample) as PubMed would export them; fictional.* and
# the others hold other fictional records.

load helper

PM() { printf '%s/pubmed/%s' "$DATA" "$1"; }

# fields KEY COLUMNS: the study's columns, '|'-separated, from the database.
fields() {
	sqlite3 evidence.db "SELECT $2 FROM studies WHERE key = '$1'"
}

@test "pubmed csv: recognised from its header, new studies unverified with author-year keys" {
	run ev import "$(PM sample.csv)"
	assert_status 0
	assert_output_has "studies: 7 added, 0 updated, 0 unchanged"
	assert_output_has "7 new studies from PubMed will not count toward any grade until curated"
	run sqlite3 evidence.db "SELECT key FROM studies ORDER BY key"
	assert_equal "gallowmere-2004
knottingale-2015
larchwood-2019
lirren-2023
loamsby-1997
sheafmoor-2009
vlasbrook-2020" "$output"
	assert_equal "Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial|Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C|Fict Thromb|2015|113|5|1135-1144|10.5555/sample.knottingale-2015|90000104" \
		"$(fields knottingale-2015 'title, authors, journal, year, volume, issue, pages, doi, pmid')"
	assert_equal "|||unverified|unknown|PubMed CSV export, PMID 90000104|" \
		"$(fields knottingale-2015 'design, sample_size, country, status, risk_of_bias, source, notes')"
	# issue-less citation, abbreviated pages, no DOI
	assert_equal "10||1115069|10.5555/sample.lirren-2023" "$(fields lirren-2023 'volume, issue, pages, doi')"
	assert_equal "89|6|1799-1807|" "$(fields sheafmoor-2009 'volume, issue, pages, doi')"
	assert_equal "Vitamin K, supplements and vascular disease: a systematic review and meta-analysis" \
		"$(fields larchwood-2019 title)"
}

@test "pubmed csv: BOM, CRLF, quoted header and \"\" empties give the same database" {
	ev -q import "$(PM sample.csv)"
	dump_data > plain.sql
	rm -f evidence.db*
	ev -q import "$(PM sample-quoted.csv)"
	dump_data > quoted.sql
	rm -f evidence.db*
	{ printf '\357\273\277'; sed 's/$/\r/' "$(PM sample-quoted.csv)"; } > bom-crlf.csv
	run ev import bom-crlf.csv
	assert_status 0
	assert_output_has "studies: 7 added"
	dump_data > bom-crlf.sql
	rm -f evidence.db*
	sed 's/$/\r/' "$(PM sample.csv)" | ev -q import -
	dump_data > stdin.sql
	# the source names the export, not the file, so all four are identical
	diff plain.sql quoted.sql
	diff plain.sql bom-crlf.sql
	diff plain.sql stdin.sql
}

@test "pubmed csv: on the sample data every record matches its study by PMID and changes nothing" {
	load_sample
	dump_db > before.sql
	run ev import --kind pubmed "$(PM sample.csv)"
	assert_status 0
	assert_output_has "studies: 0 added, 0 updated, 7 unchanged"
	assert_output_lacks "new stud"
	dump_db > after.sql
	diff before.sql after.sql
}

@test "medline: tags, continuation lines, publication types as designs" {
	run ev import "$(PM sample.nbib)" "$(PM fictional.nbib)"
	assert_status 0
	assert_output_has "studies: 8 added, 0 updated, 0 unchanged"
	assert_output_has "fictional.nbib:39: PubMed marks PMID 900000203 as a retracted publication; it is imported as study 'testwell-2018' with status retracted"
	run ev studies --format csv
	assert_status 0
	assert_equal 'key,year,design,n,status,needs,title
fakerson-2017,2017,case-series,,unverified,"sample_size, verification, risk_of_bias",[A fictional case of nothing]
knottingale-2015,2015,rct,,unverified,"sample_size, verification, risk_of_bias",Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial
larchwood-2019,2019,meta-analysis,,unverified,"sample_size, verification, risk_of_bias","Vitamin K, supplements and vascular disease: a systematic review and meta-analysis"
lirren-2023,2023,meta-analysis,,unverified,"sample_size, verification, risk_of_bias",Vitamin K supplements and vascular calcification: a meta-analysis of randomised trials
loamsby-1997,1997,,,unverified,"design, sample_size, verification, risk_of_bias",Arterial and cartilage calcification in mice without matrix Gla protein
muller-testmann-2019,2019,rct,,unverified,"sample_size, verification, risk_of_bias",A fictional randomized trial of testing in the land of make-believe: the FICT-1 trial
otesty-2020,2020,,,unverified,"design, sample_size, verification, risk_of_bias",Invented observations of imaginary people
testwell-2018,2018,non-randomized-trial,,retracted,sample_size,A retracted fictional clinical trial' "$output"
	assert_equal "Müller-Testmann Ö, van der Testen AB, Fictional Study Group|J Fict Res|7|2|1135-1144|10.5555/fict.2019.7|PubMed publication types: Randomized Controlled Trial; Multicenter Study" \
		"$(fields muller-testmann-2019 'authors, journal, volume, issue, pages, doi, notes')"
	# FAU only; the DOI from AID; volume and pages from SO
	assert_equal "O'Testy JPQ, Åberg Ö|Fict Obs|4||e12-e15|10.5555/fobs.2020.12|PubMed publication types: Observational Study" \
		"$(fields otesty-2020 'authors, journal, volume, issue, pages, doi, notes')"
	# the year from SO when DP is missing; the DOI from SO when LID lacks one
	assert_equal "2017|2|1|3-4" "$(fields fakerson-2017 'year, volume, issue, pages')"
	assert_equal "10.5555/sample.loamsby-1997|PubMed MEDLINE export, PMID 90000107" "$(fields loamsby-1997 'doi, source')"
	# the abstract is not stored anywhere
	run sqlite3 evidence.db "SELECT count(*) FROM studies WHERE notes LIKE '%abstract%'"
	assert_equal 0 "$output"
}

@test "medline: hyphenated initials are initials: 'Quillfeather J-P' keys as quillfeather-2016" {
	printf 'PMID- 900000299\nTI  - An invented trial of hyphenated initials.\nDP  - 2016 Mar\nAU  - Quillfeather J-P\nAU  - Testwell A\nTA  - Invented J\nPT  - Randomized Controlled Trial\n' >hyphen.nbib
	run --separate-stderr ev import hyphen.nbib
	assert_status 0
	assert_equal "quillfeather-2016|Quillfeather J-P, Testwell A" "$(sqlite3 evidence.db "SELECT key, authors FROM studies")"
}

@test "medline: CRLF and a byte-order mark read the same; recognised without --kind" {
	ev -q import "$(PM fictional.nbib)"
	dump_data > lf.sql
	rm -f evidence.db*
	{ printf '\357\273\277'; sed 's/$/\r/' "$(PM fictional.nbib)"; } > crlf.txt
	run ev import crlf.txt
	assert_status 0
	assert_output_has "studies: 4 added"
	dump_data > crlf.sql
	diff lf.sql crlf.sql
}

@test "medline: on the sample data the records match by PMID and keep curated designs" {
	load_sample
	dump_db > before.sql
	run ev import --kind medline "$(PM sample.nbib)"
	assert_status 0
	assert_output_has "studies: 0 added, 0 updated, 4 unchanged"
	dump_db > after.sql
	diff before.sql after.sql
	# loamsby-1997's design stays the curated one, though MEDLINE states none
	assert_equal "animal|verified" "$(fields loamsby-1997 'design, status')"
}

@test "medline: a dry run names each field that would change, old and new, and writes nothing" {
	load_sample
	ev -q edit study knottingale-2015 --journal 'Other J' --volume 99
	dump_db > before.sql
	run --separate-stderr ev import --dry-run "$(PM sample.nbib)"
	assert_status 0
	assert_equal "$(PM sample.nbib):2: study 'knottingale-2015': journal: 'Other J' would become 'Fict Thromb'
$(PM sample.nbib):2: study 'knottingale-2015': volume: '99' would become '113'
studies: 0 to add, 1 to update, 3 unchanged (dry run: nothing written)" "$stderr"
	dump_db > after.sql
	diff before.sql after.sql
}

@test "keys: unique against the database and the same import, -b, -c ..." {
	ev -q import "$(PM existing.csv)"
	run ev import "$(PM fictional.csv)"
	assert_status 0
	assert_output_has "studies: 7 added, 0 updated, 0 unchanged"
	assert_output_has "fictional.csv:2: study 'testwell-2021' has the same title and year but no matching PMID or DOI; importing this record as 'testwell-2021-b'"
	run sqlite3 evidence.db "SELECT key || ' ' || coalesce(pmid, '-') FROM studies ORDER BY key"
	assert_equal "anonymous-2022 900000107
fakerson-2021 -
fictional-study-group-2018 900000105
muller-testmann-2020 900000103
testwell-2021 -
testwell-2021-b 900000101
testwell-2021-c 900000102
testwell-2024 900000106
van-der-testen-2019 900000104" "$output"
	# the study curated by hand is untouched
	assert_equal "rct|80|verified|Curated by hand before any PubMed import." \
		"$(fields testwell-2021 'design, sample_size, status, notes')"
	# ahead of print: an electronic location as pages, no volume
	assert_equal "||S0000-0000(24)00001-1" "$(fields testwell-2024 'volume, issue, pages')"
	# no authors: the key comes from the title
	assert_equal "||2022" "$(fields anonymous-2022 'authors, volume, year')"
}

@test "update: a known PMID or DOI updates the bibliography and keeps curated fields" {
	ev -q import "$(PM existing.csv)" "$(PM fictional.csv)"
	ev -q edit study testwell-2024 --design rct --sample-size 120 --notes curated
	run ev import "$(PM fictional-v2.csv)"
	assert_status 0
	assert_output_has "studies: 0 added, 2 updated, 1 unchanged"
	assert_equal "4|1|10-19|rct|120|unverified|curated|PubMed CSV export, PMID 900000106" \
		"$(fields testwell-2024 'volume, issue, pages, design, sample_size, status, notes, source')"
	# matched by DOI (in another case): gains the PMID and PubMed's authors, keeps
	# its DOI as recorded and everything curated
	assert_equal "900000109|10.5555/jfr.2021.300|Fakerson C, Testwell A|3|5|300-304|cohort|150|verified|Curated by hand; its PMID comes from PubMed." \
		"$(fields fakerson-2021 'pmid, doi, authors, volume, issue, pages, design, sample_size, status, notes')"
	# a second run changes nothing
	run ev import "$(PM fictional-v2.csv)"
	assert_output_has "studies: 0 added, 0 updated, 3 unchanged"
}

@test "dry run: reports what would change and writes nothing" {
	ev -q import "$(PM existing.csv)"
	dump_db > before.sql
	run ev import --dry-run "$(PM fictional.csv)"
	assert_status 0
	assert_output_has "studies: 7 to add, 0 to update, 0 unchanged (dry run: nothing written)"
	dump_db > after.sql
	diff before.sql after.sql
}

@test "identical duplicates are skipped; differing ones are refused" {
	run ev import "$(PM duplicates.csv)"
	assert_status 0
	assert_output_has "studies: 2 added, 0 updated, 0 unchanged"
	assert_output_has "1 duplicate PubMed record skipped (the same publication twice, identical)"
	rm -f evidence.db*
	run ev import "$(PM duplicates-differ.csv)"
	assert_status 1
	assert_equal "evidence: import: $(PM duplicates-differ.csv):3: PMID 900000131 appears more than once in this import, with different details (study 'testwell-2021'); keep one record
evidence: import: nothing was imported: 1 problem" "$output"
	[ ! -e evidence.db ] || [ "$(sqlite3 evidence.db 'SELECT count(*) FROM studies')" = 0 ]
}

@test "broken header: a missing PMID or Title column is named with file:line" {
	run ev import "$(PM no-pmid.csv)"
	assert_status 1
	assert_equal "evidence: import: $(PM no-pmid.csv):1: missing column 'PMID': a PubMed CSV export has the header PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI
evidence: import: nothing was imported: 1 problem" "$output"
	run ev import --kind pubmed "$(PM no-title.csv)"
	assert_status 1
	assert_output_has "no-title.csv:1: missing column 'Title'"
	# --kind pubmed on one of our own study files says what is missing
	printf 'key,title\nx-2020,A title\n' > ours.csv
	run ev import --kind pubmed ours.csv
	assert_status 1
	assert_output_has "ours.csv:1: missing column 'PMID'"
	[ ! -e evidence.db ] || [ "$(sqlite3 evidence.db 'SELECT count(*) FROM studies')" = 0 ]
}

@test "bad values: every problem with file:line and PubMed's column; nothing imported" {
	load_sample
	dump_db > before.sql
	run ev import "$(PM bad-values.csv)"
	assert_status 1
	assert_equal "evidence: import: $(PM bad-values.csv):3: PMID: '90000012x' is not an integer
evidence: import: $(PM bad-values.csv):4: Publication Year: '20x1' is not an integer
evidence: import: $(PM bad-values.csv):5: DOI: 'doi:10.55/x' is not a DOI (10.NNNN/...)
evidence: import: $(PM bad-values.csv):6: Title: a value is required
evidence: import: $(PM bad-values.csv):7: PMID: a value is required (every PubMed record has one)
evidence: import: nothing was imported: 5 problems" "$output"
	run ev import "$(PM bad-values.nbib)"
	assert_status 1
	assert_equal "evidence: import: $(PM bad-values.nbib):5: PMID: '90000031x' is not an integer
evidence: import: $(PM bad-values.nbib):9: TI: a value is required
evidence: import: $(PM bad-values.nbib):13: PT: is not valid UTF-8 (byte 0xf4 at offset 20; save the file as UTF-8)
evidence: import: nothing was imported: 3 problems" "$output"
	run ev import "$(PM broken.nbib)"
	assert_status 1
	assert_output_has "broken.nbib:4: 'this line is broken' is not a MEDLINE line: expected a tag such as 'TI  - '"
	dump_db > after.sql
	diff before.sql after.sql
}

@test "conflicting identifiers: PMID and DOI of different studies are refused, naming both" {
	ev -q import "$(PM existing.csv)" "$(PM fictional.csv)"
	dump_db > before.sql
	run ev import "$(PM conflict.csv)"
	assert_status 1
	assert_equal "evidence: import: $(PM conflict.csv):2: DOI: '10.5555/jfr.2021.101' is recorded for study 'testwell-2021-b', but PMID 900000103 is study 'muller-testmann-2020'; correct or merge those two studies first
evidence: import: $(PM conflict.csv):3: DOI: '10.5555/fmr.2020.2909' is recorded for study 'muller-testmann-2020' with PMID 900000103, not 900000199; is one of them a different publication with the same DOI?
evidence: import: nothing was imported: 2 problems" "$output"
	dump_db > after.sql
	diff before.sql after.sql
}

@test "conflicting identifiers: a long DOI is quoted whole (issue 17 point 5)" {
	# An invented DOI of 511 bytes: the messages were cut at 400.
	doi="10.5555/$(printf 'quarrydown-lowlands-%.0s' $(seq 25))end"
	printf 'key,title,authors,year,design,doi,pmid\nlong-doi-2021,A trial,Ashgrove A,2021,rct,%s,\nother-2021,Another trial,Birchley B,2021,rct,,900000301\nthird-2021,A third trial,Corran C,2021,rct,10.5555/third.2021,900000302\n' "$doi" > s.csv
	ev -q import s.csv
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n900000301,Another trial.,Birchley B.,J Fict Res. 2021;3:1.,Birchley B,J Fict Res,2021,,,,%s\n' "$doi" > p1.csv
	run ev import p1.csv
	assert_status 1
	assert_equal "evidence: import: p1.csv:2: DOI: '$doi' is recorded for study 'long-doi-2021', but PMID 900000301 is study 'other-2021'; correct or merge those two studies first
evidence: import: nothing was imported: 1 problem" "$output"
	ev -q edit study long-doi-2021 --pmid 900000303
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n900000304,A trial.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,%s\n' "$doi" > p2.csv
	run ev import p2.csv
	assert_status 1
	assert_equal "evidence: import: p2.csv:2: DOI: '$doi' is recorded for study 'long-doi-2021' with PMID 900000303, not 900000304; is one of them a different publication with the same DOI?
evidence: import: nothing was imported: 1 problem" "$output"
}

@test "pubmed: a record under a long path is named with its file and line whole (issue 17 point 5)" {
	# An invented path of 82 bytes: the place was cut at 63, without its line.
	d=$(printf 'quarrydown-archive-%.0s' $(seq 4))
	mkdir -p "$d"
	printf 'key,title,authors,year,design,pmid\nashgrove-2021,A trial,Ashgrove A,2021,rct,900000401\n' > s.csv
	ev -q import s.csv
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n900000401,A trial of menaquinone.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,\n' > "$d/p.csv"
	run --separate-stderr ev import --dry-run "$d/p.csv"
	assert_status 0
	assert_equal "$d/p.csv:2: study 'ashgrove-2021': title: 'A trial' would become 'A trial of menaquinone'
$d/p.csv:2: study 'ashgrove-2021': journal: '(none)' would become 'J Fict Res'
$d/p.csv:2: study 'ashgrove-2021': volume: '(none)' would become '3'
$d/p.csv:2: study 'ashgrove-2021': pages: '(none)' would become '1'
studies: 0 to add, 1 to update, 0 unchanged (dry run: nothing written)" "$stderr"
}

@test "pubmed: a long DOI in another case is no change (issue 17 point 5)" {
	# An invented DOI of 311 bytes: the study matched by PMID lost its
	# DOI past 255 bytes, so a DOI in capitals was a change to write.
	doi="10.5555/$(printf 'quarrydown-lowlands-%.0s' $(seq 15))end"
	DOI=$(printf '%s' "$doi" | tr a-z A-Z)
	printf 'key,title,authors,year,design,pmid,doi\nashgrove-2021,A trial of menaquinone,Ashgrove A,2021,rct,900000401,%s\n' "$doi" > s.csv
	ev -q import s.csv
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n900000401,A trial of menaquinone.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,%s\n' "$DOI" > p.csv
	run --separate-stderr ev import p.csv
	assert_status 0
	assert_equal "p.csv:2: study 'ashgrove-2021': journal: '(none)' becomes 'J Fict Res'
p.csv:2: study 'ashgrove-2021': volume: '(none)' becomes '3'
p.csv:2: study 'ashgrove-2021': pages: '(none)' becomes '1'
studies: 0 added, 1 updated, 0 unchanged" "$stderr"
	assert_equal "$doi" "$(sqlite3 evidence.db "SELECT doi FROM studies WHERE key = 'ashgrove-2021'")"
}

@test "pubmed: a PMID given twice is quoted whole, leading zeros and all (issue 17 point 5)" {
	# An invented PMID written with 300 leading zeros: the message was
	# cut at 299 bytes.
	pm="$(printf '0%.0s' $(seq 300))900000402"
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n%s,A trial of menaquinone.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,\n%s,A trial of phylloquinone.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,\n' "$pm" "$pm" > p.csv
	run --separate-stderr ev import p.csv
	assert_status 1
	assert_equal "evidence: import: p.csv:3: PMID $pm appears more than once in this import, with different details (study 'ashgrove-2021'); keep one record
evidence: import: nothing was imported: 1 problem" "$stderr"
}

@test "pubmed: an unknown column's long name is quoted to 40 bytes with \"...\" (issue 17 point 5)" {
	# Invented column names: one of 40 bytes is quoted whole; one of 60
	# was cut at 40 without a word, and "Q" and 30 é's was cut at 40,
	# inside an é.
	c40=$(printf 'Quarrydown%.0s' $(seq 4))
	c60=$(printf 'Quarrydown%.0s' $(seq 6))
	ce=Q$(printf '\303\251%.0s' $(seq 30))
	printf 'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI,%s,%s,%s\n900000401,A trial of menaquinone.,Ashgrove A.,J Fict Res. 2021;3:1.,Ashgrove A,J Fict Res,2021,,,,,,,\n' \
		"$c40" "$c60" "$ce" > p.csv
	run --separate-stderr ev import --dry-run p.csv
	assert_status 0
	assert_equal "evidence: import: warning: p.csv:1: ignoring column '$c40', which PubMed's CSV export does not have
evidence: import: warning: p.csv:1: ignoring column '${c60:0:40}...', which PubMed's CSV export does not have
evidence: import: warning: p.csv:1: ignoring column 'Q$(printf '\303\251%.0s' $(seq 19))...', which PubMed's CSV export does not have
studies: 1 to add, 0 to update, 0 unchanged (dry run: nothing written)" "$stderr"
}

@test "mixed import: PubMed records and our own CSV files in one transaction" {
	run ev import "$(PM sample.csv)" "$SAMPLE"/articles.csv "$SAMPLE"/claims.csv
	assert_status 0
	assert_output_has "studies: 7 added"
	assert_output_has "claims: 13 added"
	# one bad file stops everything
	rm -f evidence.db*
	run ev import "$(PM sample.csv)" "$(PM broken.nbib)"
	assert_status 1
	[ ! -e evidence.db ] || [ "$(sqlite3 evidence.db 'SELECT count(*) FROM studies')" = 0 ]
}

@test "--kind: the PubMed kinds are listed; medline forced on CSV fails at line 1" {
	run ev import --kind pubmd x.csv
	assert_status 2
	assert_output_has "--kind: 'pubmd' is not one of articles, studies, claims, evidence, pubmed, medline"
	run ev import --kind medline "$(PM sample.csv)"
	assert_status 1
	assert_output_has "sample.csv:1: 'PMID,Title,Authors,Citation,First Author...' is not a MEDLINE line"
	printf '\n\n' > empty.nbib
	run ev import --kind medline empty.nbib
	assert_status 1
	assert_output_has "empty.nbib:1: there are no MEDLINE records in the file (an empty export?); nothing to import"
}

@test "a study without PMID or DOI but with the same title and year is named as a likely duplicate" {
	load_sample
	ev -q edit study larkhaven-2004 --pmid '' --doi ''
	run ev import "$(PM sample.csv)"
	assert_status 0
	assert_output_has "sample.csv:3: study 'larkhaven-2004' has the same title and year but no matching PMID or DOI; importing this record as 'gallowmere-2004' (if they are one study, give 'larkhaven-2004' the PMID and DOI and remove 'gallowmere-2004')"
	assert_output_has "studies: 1 added, 0 updated, 6 unchanged"
}

@test "update: a curated longer author list is kept and the import says so; every changed field is named" {
	ev -q import "$(PM existing.csv)" "$(PM fictional.csv)"
	ev -q edit study fakerson-2021 --authors "Fakerson C, Testwell A, Mockridge B"
	run --separate-stderr ev import "$(PM fictional-v2.csv)"
	assert_status 0
	[[ "$stderr" == *"studies: 0 added, 2 updated, 1 unchanged" ]]
	[[ "$stderr" == *"study 'fakerson-2021' keeps its 3 authors; the record lists 2 (give the longer list with 'evidence edit' if it is right)"* ]]
	assert_equal "Fakerson C, Testwell A, Mockridge B" "$(fields fakerson-2021 'authors')"
	# the fields that did change are each named, old and new
	[[ "$stderr" == *"study 'fakerson-2021': pmid: '(none)' becomes '900000109'"* ]]
	# a dry run says the same, in the conditional
	ev -q undo
	run --separate-stderr ev import --dry-run "$(PM fictional-v2.csv)"
	[[ "$stderr" == *"study 'fakerson-2021': pmid: '(none)' would become '900000109'"* ]]
}
