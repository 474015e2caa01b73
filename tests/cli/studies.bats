#!/usr/bin/env bats
# evidence studies [--incomplete]: the list of studies and the curation
# queue, in every format.

load helper

@test "studies: every bundled study, in key order, with what it needs" {
	load_sample
	run ev studies
	assert_status 0
	assert_equal "$(cat "$DATA/search/sample-studies.txt")" "$output"
}

@test "studies --incomplete: missing design, sample_size, authors, year, or unverified" {
	load_sample
	run ev studies --incomplete
	assert_status 0
	assert_equal "$(cat "$DATA/search/sample-incomplete.txt")" "$output"
	# a study gains what it lacked and leaves the queue
	ev -q edit study loamsby-1997 --sample-size 10
	run ev studies --incomplete --format csv --no-header
	assert_status 0
	assert_output_lacks "loamsby-1997"
	assert_output_has 'quinkcac-results,,rct,,unverified,"sample_size, authors, year, verification",'
}

@test "studies: csv, tsv, markdown and json carry the same rows" {
	load_sample
	run ev studies --incomplete --format csv
	assert_status 0
	assert_equal "key,year,design,n,status,needs,title" "${lines[0]}"
	assert_equal 9 "${#lines[@]}"
	run ev studies --incomplete --format tsv
	assert_equal "loamsby-1997	1997	animal		verified	sample_size	Arterial and cartilage calcification in mice without matrix Gla protein" "${lines[1]}"
	run ev studies --incomplete --format markdown
	assert_equal "# 8 studies to curate" "${lines[0]}"
	assert_equal "| key | year | design | n | status | needs | title |" "${lines[1]}"
	ev studies --incomplete --format json > out.json
	run sqlite3 :memory: "SELECT json_valid(readfile('out.json')), json_array_length(readfile('out.json')),
		json_extract(readfile('out.json'), '\$[3].key'), json_extract(readfile('out.json'), '\$[3].needs'),
		json_type(readfile('out.json'), '\$[3].year'), json_extract(readfile('out.json'), '\$[0].year')"
	assert_equal '1|8|quinkcac-results|["sample_size","authors","year","verification"]|null|1997' "$output"
	ev studies --format json > all.json
	run sqlite3 :memory: "SELECT json_array_length(readfile('all.json')), json_extract(readfile('all.json'), '\$[0].needs')"
	assert_equal '20|[]' "$output"
}

@test "studies: an empty queue says so; an empty database too" {
	ev -q init
	run ev studies
	assert_status 0
	assert_equal "No studies yet." "$output"
	printf 'key,title,authors,year,design,sample_size\nfict-2020,A fictional title,Testwell A,2020,rct,10\n' > s.csv
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
