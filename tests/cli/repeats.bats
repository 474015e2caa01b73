#!/usr/bin/env bats
# Issue 18, item 8: what used to take quadratic time gives the same
# answers in linear time. Sizes here are moderate, and nothing is timed
# (a loaded machine would make a timing flaky); the growth with size is
# measured by `make bench` (tests/bench/run, its "growth" rows) and
# recorded in docs/performance.md.

load helper

# medline N: N MEDLINE records of one first author, year and title.
medline() {
	local i
	for i in $(seq 1 "$1"); do
		printf 'PMID- %d\nDP  - 2019\nTI  - A fictional trial of the same thing.\nFAU - Testwell, Anna\nAU  - Testwell A\nPT  - Journal Article\nTA  - J Fict Res\n\n' $((900000000 + i))
	done
}

@test "MEDLINE records sharing author, year and title get the next free keys, each warned against the first" {
	medline 300 > same.nbib
	run --separate-stderr ev import same.nbib
	assert_status 0
	assert_equal 300 "$(sqlite3 evidence.db "SELECT count(DISTINCT key) FROM studies WHERE key GLOB 'testwell-2019*'")"
	assert_equal "testwell-2019 testwell-2019-b testwell-2019-y testwell-2019-z testwell-2019-aa testwell-2019-kn" \
		"$(echo $(sqlite3 evidence.db "SELECT key FROM studies WHERE pmid IN (900000001, 900000002, 900000025, 900000026, 900000027, 900000300) ORDER BY pmid"))"
	assert_equal 299 "$(printf '%s\n' "$stderr" | grep -c "warning: same.nbib:[0-9]*: study 'testwell-2019' has the same title and year but no matching PMID or DOI")"
	[[ "$stderr" == *"importing this record as 'testwell-2019-kn' (if they are one study, give 'testwell-2019' the PMID and DOI and remove 'testwell-2019-kn')"* ]]
	# Again: every record is found by its PMID, nothing is added.
	run --separate-stderr ev import same.nbib
	assert_status 0
	assert_equal "studies: 0 added, 0 updated, 300 unchanged" "$(printf '%s\n' "$stderr" | tail -1)"
}

@test "a key taken by an earlier import is skipped, and the records after it continue the series" {
	medline 3 > three.nbib
	ev -q import three.nbib
	medline 6 | sed 's/^PMID- 90000000\([1-3]\)$/PMID- 91000000\1/' > six.nbib
	run ev -q import six.nbib
	assert_status 0
	assert_equal "testwell-2019-d testwell-2019-e testwell-2019-f" \
		"$(echo $(sqlite3 evidence.db "SELECT key FROM studies WHERE pmid IN (910000001, 910000002, 910000003) ORDER BY pmid"))"
	assert_equal 9 "$(sqlite3 evidence.db "SELECT count(*) FROM studies")"
}

@test "a search repeating one term thousands of times answers as the term once" {
	ev -q import "$DATA"/core/*.csv
	ev search 'fixture*' --format csv > once
	words=$(printf 'fixture* %.0s' $(seq 1 5000))
	# shellcheck disable=SC2086
	run ev search $words --format csv
	assert_status 0
	assert_equal "$(cat once)" "$output"
	run ev search 'trial trial "trial" trial' --format csv
	assert_status 0
	assert_equal "$(ev search trial --format csv)" "$output"
}
