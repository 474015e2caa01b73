#!/usr/bin/env bats
# evidence search: ranking, snippets, every format, filters, and text
# that must be searched literally (FTS5 syntax, SQL, punctuation).
# Fixtures in tests/data/search/ are fictional.

load helper

load_search() {
	ev -q import "$DATA/search/studies.csv" "$DATA/search/claims.csv"
}

@test "search: ranked hits with kind, key, field and the matching passage" {
	load_search
	run ev search calcification
	assert_status 0
	assert_equal "kind   key                     field  match
claim  prevents-calcification  text   Fictional supplements prevent [calcification] of arteries.
study  title-hit-2020          title  Imaginary [calcification] of fictional arteries
study  notes-hit-2021          notes  [Calcification] was not measured, though the protocol promised it; the authors say…" "$output"
}

@test "search: on the sample data" {
	load_sample
	run ev search stiffness
	assert_status 0
	assert_equal "$(cat "$DATA/search/sample-stiffness.txt")" "$output"
}

@test "search: a title or claim text outranks the same word in long notes" {
	load_search
	run ev search --format csv --no-header calcification
	assert_equal "study,notes-hit-2021,notes,\"[Calcification] was not measured, though the protocol promised it; the authors say…\"" "${lines[2]}"
}

@test "search: prefixes, phrases, all words in any order, accents and case folded" {
	load_search
	run ev search --format tsv --no-header 'calcif*'
	assert_equal 4 "${#lines[@]}"
	assert_output_has "study	author-hit-2019	authors	[Calcifer] C"
	run ev search '"coronary patients"'
	assert_output_has "phrase-2017  title  [Coronary patients] in a fictional town"
	run ev -q search '"patients coronary"'
	assert_status 0
	assert_equal "" "$output"
	run ev search patients CORONARY
	assert_output_has "phrase-2017  title  [Coronary] [patients] in a fictional town"
	run ev search muller
	assert_output_has "accent-2018  authors  [Müller]-Testmann Ö"
	run ev search ZURICH
	assert_output_has "accent-2018  title  Fictional outcomes in [Zürich]"
}

@test "search: --kind and --limit" {
	load_search
	run ev search --kind claim calcification
	assert_equal 2 "${#lines[@]}"
	assert_output_has "claim  prevents-calcification"
	run ev -q search --kind studies --limit 1 calcification
	assert_status 0
	assert_equal "kind   key             field  match
study  title-hit-2020  title  Imaginary [calcification] of fictional arteries" "$output"
	run ev search --kind studies --limit 1 calcification
	assert_output_has "1 of 2 matches shown (--limit N shows more)"
	run ev search --kind article calcification
	assert_status 2
	assert_output_has "--kind: 'article' is not one of study, claim"
	run ev search --limit 0 calcification
	assert_status 2
	assert_output_has "--limit: '0' is not a positive number of hits"
}

@test "search: json, markdown and tsv formats" {
	load_search
	ev search --format json calcification > out.json
	run sqlite3 :memory: "SELECT json_valid(readfile('out.json')), json_array_length(readfile('out.json')),
		json_extract(readfile('out.json'), '\$[1].kind'), json_extract(readfile('out.json'), '\$[1].key'),
		json_extract(readfile('out.json'), '\$[1].field'), json_extract(readfile('out.json'), '\$[1].snippet'),
		json_extract(readfile('out.json'), '\$[1].title'), json_extract(readfile('out.json'), '\$[0].text'),
		json_type(readfile('out.json'), '\$[0].score'),
		json_extract(readfile('out.json'), '\$[0].score') >= json_extract(readfile('out.json'), '\$[1].score')"
	assert_equal "1|3|study|title-hit-2020|title|Imaginary [calcification] of fictional arteries|Imaginary calcification of fictional arteries|Fictional supplements prevent calcification of arteries.|real|1" "$output"
	run ev search --format markdown calcification
	assert_equal "| kind | key | field | match |" "${lines[0]}"
	assert_equal "| study | title-hit-2020 | title | Imaginary **calcification** of fictional arteries |" "${lines[3]}"
	run ev -q search --format json nothingmatches
	assert_status 0
	assert_equal "[]" "$output"
	run ev -q search --format csv nothingmatches
	assert_equal "kind,key,field,match" "$output"
	run ev search nothingmatches
	assert_equal "no matches for 'nothingmatches'" "$output"
}

@test "search: SQL and FTS5 syntax in the text are searched literally" {
	load_search
	dump_db > before.sql
	run ev search '"); DROP TABLE studies;--'
	assert_status 0
	assert_equal "no matches for '\"); DROP TABLE studies;--'" "$output"
	run ev search "'; DELETE FROM studies; --"
	assert_status 0
	dump_db > after.sql
	diff before.sql after.sql
	run ev search 'NEAR('
	assert_status 0
	assert_output_has "study  symbols-2016  title  Signs & symbols: \"quotes\", 100% of [NEAR](misses) and OR-gates"
	run ev search 'NEAR(misses)'
	assert_output_has "symbols-2016  title  Signs & symbols: \"quotes\", 100% of [NEAR(misses]) and OR-gates"
	run ev search --format csv --no-header 'OR-gates'
	assert_equal 'study,symbols-2016,title,"Signs & symbols: ""quotes"", 100% of NEAR(misses) and [OR-gates]"' "$output"
	run ev search AND
	assert_output_has "[and] OR-gates"
	run ev search 'title:imaginary'
	assert_status 0
	assert_equal "no matches for 'title:imaginary'" "$output"
	run ev search '^imaginary * ( )'
	assert_status 0
	assert_output_has "title-hit-2020"
}

@test "search: text of punctuation only is refused with a clear message" {
	load_search
	run ev search '!!! ---'
	assert_status 1
	assert_equal "evidence: search: '!!! ---' has nothing to search for: give words with letters or digits" "$output"
	run ev search '"' '*'
	assert_status 1
	run ev search '—'
	assert_status 1
	assert_output_has "has nothing to search for"
	run ev search
	assert_status 2
	assert_output_has "what should be searched for?"
}

@test "search: the index follows inserts, updates and deletes" {
	ev -q import "$DATA/pubmed/fictional.csv"
	run ev search --format tsv --no-header ahead
	assert_equal "study	testwell-2024	title	An [ahead]-of-print fictional report" "$output"
	printf 'key,title,authors,year,design,status,notes\ntestwell-2024,A fictional report in print at last,Testwell A,2024,,unverified,now curated\n' > edit.csv
	ev -q import --kind studies edit.csv
	run ev -q search ahead
	assert_equal "" "$output"
	run ev search --format tsv --no-header curated
	assert_equal "study	testwell-2024	notes	now [curated]" "$output"
	ev -q rm study testwell-2024
	run ev -q search curated
	assert_equal "" "$output"
	# the index holds exactly the rows of studies and claims
	run sqlite3 evidence.db "SELECT (SELECT count(*) FROM search) = (SELECT count(*) FROM studies) + (SELECT count(*) FROM claims)"
	assert_equal 1 "$output"
}

@test "search: a database made before the index gets its rows indexed on upgrade" {
	sqlite3 old.db < "$REPO/schema/001-core.sql"
	sqlite3 old.db "PRAGMA application_id = 1165378658; PRAGMA user_version = 1;
		INSERT INTO studies(key, title, status) VALUES ('old-2001', 'An old fictional record on calcification', 'unverified');
		INSERT INTO claims(key, text) VALUES ('old-claim', 'Old fictional claims are searchable too.')"
	run ev --db old.db search calcification
	assert_status 0
	assert_output_has "study  old-2001  title  An old fictional record on [calcification]"
	run ev --db old.db search searchable
	assert_output_has "claim  old-claim  text   Old fictional claims are [searchable] too."
	run sqlite3 old.db "PRAGMA user_version"
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$output"
}

# big_import N: imports N fictional studies (key big-I, title "Bulk study I").
big_import() {
	awk -v n="$1" 'BEGIN { print "key,title,authors,year,design,status"; for (i = 1; i <= n; i++) printf "big-%d,Bulk study %d,,,,unverified\n", i, i }' > big.csv
	ev -q import big.csv
}

# The search queue: its rows, then its ranges (schema/013) as FIRST-LAST.
queue() {
	sqlite3 evidence.db "SELECT (SELECT count(*) FROM search_pending) || ' ' ||
		coalesce((SELECT group_concat(first || '-' || last, ' ') FROM search_pending_range), '')"
}

@test "search: thousands of changed rows are indexed as the import commits, batch after batch, none missed" {
	# Under EV_SEARCH_DEFER rows, the index catches up in the import's own
	# transaction, 1,024 queued rows per statement (model_search.c): 3,000
	# studies (even rowids in the queue) and 1,500 claims (odd) are five
	# batches, and their re-import replaces every entry.
	awk 'BEGIN { print "key,topics,text"; for (i = 1; i <= 1500; i++) printf "claim-%d,widgets,Claim %d about widgets.\n", i, i }' > claims.csv
	big_import 3000
	ev -q import claims.csv
	assert_equal "0 " "$(queue)"
	assert_equal "3000" "$(ev search --format tsv --no-header --limit 100000 bulk | wc -l)"
	sed 's/Bulk study/Revised study/' big.csv > revised.csv
	sed 's/about widgets/about gadgets/' claims.csv > gadgets.csv
	ev -q import revised.csv gadgets.csv
	assert_equal "0 " "$(queue)"
	run ev -q search bulk
	assert_equal "" "$output"
	run ev -q search widgets
	assert_equal "" "$output"
	assert_equal "3000" "$(ev search --format tsv --no-header --limit 100000 revised | wc -l)"
	assert_equal "1500" "$(ev search --format tsv --no-header --limit 100000 gadgets | wc -l)"
	run ev search --format csv --no-header 2999
	assert_equal "study,big-2999,title,Revised study [2999]" "$output"
	# one entry a row, and FTS5 finds its own index consistent
	run sqlite3 evidence.db "SELECT (SELECT count(*) FROM search) = (SELECT count(*) FROM studies) + (SELECT count(*) FROM claims)"
	assert_equal 1 "$output"
	sqlite3 evidence.db "INSERT INTO search(search) VALUES ('integrity-check')"
}

@test "search: a large import is indexed by the first search, once" {
	# An import this large leaves the search index to the first search
	# (model_search.h: EV_SEARCH_DEFER rows), which a reading command does.
	big_import 10001
	# the import's rows, queued as one range of study rowids (2 * id)
	assert_equal "0 2-20002" "$(queue)"
	run --separate-stderr ev search --format csv --no-header 9876
	assert_status 0
	assert_equal "study,big-9876,title,Bulk study [9876]" "$output"
	assert_equal "indexing 10001 new or changed studies and claims for search (once, after a large import)" "$stderr"
	assert_equal "0 " "$(queue)"
	assert_equal "10001" "$(sqlite3 evidence.db "SELECT count(*) FROM search WHERE kind = 'study'")"
	run --separate-stderr ev search --format csv --no-header 10001
	assert_equal "study,big-10001,title,Bulk study [10001]" "$output"
	assert_equal "" "$stderr"
	# A smaller write is indexed as it commits.
	ev -q add study --key small-1 --title 'Singular study' --status unverified
	assert_equal "0 " "$(queue)"
	run ev search --format csv --no-header singular
	assert_equal "study,small-1,title,[Singular] study" "$output"
}

@test "search: rows of a large import edited or removed before the first search are indexed as they are then, and counted once" {
	big_import 10001
	awk 'BEGIN { print "key,topics,text"; for (i = 1; i <= 10001; i++) printf "claim-%d,widgets,Claim %d about widgets.\n", i, i }' > claims.csv
	ev -q import claims.csv
	# claims' rowids are odd (2 * id + 1)
	assert_equal "0 2-20002 3-20003" "$(queue)"
	ev -q edit study big-5 --title 'Edited study'
	ev -q rm study big-7
	ev -q edit claim claim-9 --text 'Claim about gadgets.'
	# each write queued its row (a commit does not index under a large queue)
	assert_equal "3 2-20002 3-20003" "$(queue)"
	run --separate-stderr ev search --format csv --no-header edited
	assert_status 0
	assert_equal "study,big-5,title,[Edited] study" "$output"
	assert_equal "indexing 20002 new or changed studies and claims for search (once, after a large import)" "$stderr"
	assert_equal "0 " "$(queue)"
	run ev search --format csv --no-header gadgets
	assert_equal "claim,claim-9,text,Claim about [gadgets]." "$output"
	run ev -q search --format csv --no-header 7
	assert_equal "claim,claim-7,text,Claim [7] about widgets." "$output"
	assert_equal "10000 10001" "$(sqlite3 evidence.db "SELECT (SELECT count(*) FROM search WHERE kind = 'study') || ' ' || (SELECT count(*) FROM search WHERE kind = 'claim')")"
	sqlite3 evidence.db "INSERT INTO search(search) VALUES ('integrity-check')"
}
