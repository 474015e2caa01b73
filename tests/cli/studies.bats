#!/usr/bin/env bats
# evidence studies [--incomplete]: the list of studies and the curation
# queue, in every format.

load helper

@test "studies: every sample study, in key order, with what it needs" {
	load_sample
	run ev studies
	assert_status 0
	assert_equal "$(cat "$DATA/search/sample-studies.txt")" "$output"
}

@test "studies --incomplete: missing design, sample_size, authors, year, risk of bias, or unverified; links without n" {
	load_sample
	run ev studies --incomplete
	assert_status 0
	assert_equal "$(cat "$DATA/search/sample-incomplete.txt")" "$output"
	# a study gains what it lacked and leaves the queue
	ev -q edit study loamsby-1997 --sample-size 10
	run ev studies --incomplete --format csv --no-header
	assert_output_has 'loamsby-1997,1997,animal,10,verified,risk_of_bias,'
	ev -q edit study loamsby-1997 --risk-of-bias low
	run ev studies --incomplete --format csv --no-header
	assert_status 0
	assert_output_lacks "loamsby-1997"
	assert_output_has 'quinkcac-results,,rct,,unverified,"sample_size, authors, year, verification, risk_of_bias",'
	# a link with an estimate gains its own n and leaves the queue
	assert_output_has 'mk7-no-cac-benefit,valvek-2022,aortic valve calcification,MD -17 (-86 to 53),365,n'
	ev -q edit link mk7-no-cac-benefit valvek-2022 --outcome 'aortic valve calcification' --n 304
	run ev studies --incomplete --format csv --no-header
	assert_output_lacks 'valvek-2022,aortic valve calcification'
}

@test "studies: csv, tsv, markdown and json carry the same rows" {
	load_sample
	run ev studies --incomplete --format csv
	assert_status 0
	# 20 studies (none assessed for risk of bias), a blank line, 7 links without n
	assert_equal "key,year,design,n,status,needs,title" "${lines[0]}"
	assert_equal "claim,study,outcome,effect,sample_size,needs" "${lines[21]}"
	assert_equal 29 "${#lines[@]}"
	run ev studies --incomplete --format tsv
	assert_equal "loamsby-1997	1997	animal		verified	sample_size, risk_of_bias	Arterial and cartilage calcification in mice without matrix Gla protein" "${lines[7]}"
	run ev studies --incomplete --format markdown
	assert_equal "# 20 studies to curate" "${lines[0]}"
	assert_equal "| key | year | design | n | status | needs | title |" "${lines[1]}"
	ev studies --incomplete --format json > out.json
	run sqlite3 :memory: "SELECT json_valid(readfile('out.json')), json_array_length(readfile('out.json')),
		json_extract(readfile('out.json'), '\$[10].key'), json_extract(readfile('out.json'), '\$[10].needs'),
		json_type(readfile('out.json'), '\$[10].year'), json_extract(readfile('out.json'), '\$[0].year'),
		json_extract(readfile('out.json'), '\$[19].kind'), json_extract(readfile('out.json'), '\$[20].kind')"
	assert_equal '1|27|quinkcac-results|["sample_size","authors","year","verification","risk_of_bias"]|null|2009|study|link' "$output"
	ev studies --format json > all.json
	run sqlite3 :memory: "SELECT json_array_length(readfile('all.json')), json_extract(readfile('all.json'), '\$[0].needs')"
	assert_equal '20|["risk_of_bias"]' "$output"
}

@test "studies: an empty queue says so; an empty database too" {
	ev -q init
	run ev studies
	assert_status 0
	assert_equal "No studies yet." "$output"
	printf 'key,title,authors,year,design,sample_size,risk_of_bias\nfict-2020,A fictional title,Testwell A,2020,rct,10,low\n' > s.csv
	ev -q import s.csv
	run ev studies --incomplete
	assert_equal "No study needs curation." "$output"
	run ev studies --incomplete --format json
	assert_equal "[]" "$output"
	run ev studies --incomplete --format csv
	assert_equal "key,year,design,n,status,needs,title" "$output"
}

@test "studies: misuse is exit 2 with usage" {
	run ev studies extra
	assert_status 2
	assert_output_has "unexpected argument 'extra'"
	assert_output_has "usage:"
	run ev studies --complete
	assert_status 2
}
