#!/usr/bin/env bats
# Hostile text that is valid data: it must be stored and printed exactly as
# given, and never be taken for SQL or for CSV structure.

load helper

SQL="'); DROP TABLE studies;--"

@test "SQL in every text field is stored verbatim and runs nothing" {
	load_sample
	q="\"$(printf '%s' "$SQL" | sed 's/"/""/g')\""
	{
		echo "key,title,author,publisher,url,published"
		echo "sql-article,$q,$q,$q,,"
	} > a.csv
	{
		echo "key,title,authors,journal,year,volume,issue,pages,design,country,population,intervention,comparator,funding,source,notes"
		echo "sql-study,$q,$q,$q,2020,$q,$q,$q,rct,$q,$q,$q,$q,$q,$q,$q"
	} > s.csv
	{
		echo "key,article,topics,text,quote,stated_study,stated_population,stated_country,stated_result,notes"
		echo "sql-claim,sql-article,sql-topic,$q,$q,$q,$q,$q,$q,$q"
	} > c.csv
	{
		echo "claim,study,direction,outcome,notes"
		echo "sql-claim,sql-study,supports,$q,$q"
	} > e.csv
	run ev import a.csv s.csv c.csv e.csv
	assert_status 0
	assert_equal "21|14|26" "$(sqlite3 evidence.db 'SELECT (SELECT count(*) FROM studies), (SELECT count(*) FROM claims), (SELECT count(*) FROM evidence)')"
	# Every text column of the new rows holds the text exactly.
	for t in "3 articles WHERE key = 'sql-article'" "13 studies WHERE key = 'sql-study'" \
		"7 claims WHERE key = 'sql-claim'" "2 evidence WHERE claim_id = (SELECT id FROM claims WHERE key = 'sql-claim')"; do
		assert_equal "${t%% *}" "$(sqlite3 -separator '|' evidence.db "SELECT * FROM ${t#* }" | tr '|' '\n' | grep -cxF "$SQL")"
	done
	run ev show study sql-study --format json
	assert_status 0
	[ "$(printf '%s' "$output" | python3 -c 'import json, sys; print(json.load(sys.stdin)["title"])')" = "$SQL" ]
	run ev query sql-topic --format csv
	assert_status 0
	assert_output_has "sql-claim,supported,very-low,1,0,,$SQL"
}

@test "a trigger another program added cannot call functions with side effects" {
	load_sample
	sqlite3 evidence.db "CREATE TRIGGER planted AFTER INSERT ON articles BEGIN SELECT load_extension('/tmp/x'); END"
	before=$(dump_db)
	printf 'key,title\nnew-article,A title\n' > a.csv
	run --separate-stderr ev import a.csv
	assert_status 1
	[[ "$stderr" == *"unsafe use of load_extension()"* ]]
	assert_equal "$before" "$(dump_db)"
}

@test "control characters from a database someone else wrote never reach the terminal" {
	load_sample
	foreign_write evidence.db "UPDATE claims SET text = 'Before' || char(27) || ']0;owned' || char(7) || char(27) || '[2J after' WHERE key = 'k2-activates-mgp'"
	for cmd in "report k2-arterial-flexibility" "query arterial-calcification" "explain k2-activates-mgp" \
		"show claim k2-activates-mgp" "report k2-arterial-flexibility --format markdown"; do
		# shellcheck disable=SC2086
		run ev $cmd
		assert_status 0
		assert_output_lacks $'\033'
		assert_output_lacks $'\007'
		assert_output_has $'Before\xef\xbf\xbd]0;owned\xef\xbf\xbd\xef\xbf\xbd[2J after'
	done
	# Data formats keep the text exactly (JSON escapes it).
	run ev show claim k2-activates-mgp --format json
	assert_output_has '"text": "Before\u001B]0;owned\u0007\u001B[2J after"'
}

@test "text another program stored as invalid UTF-8 shows as U+FFFD in every JSON output, never dropped" {
	load_sample
	foreign_write evidence.db "UPDATE studies SET title = 'Menaquinone-7 ' || CAST(X'FF' AS TEXT) || ' stiffness' WHERE key = 'knottingale-2015';
		UPDATE claims SET text = 'Vitamin K2 ' || CAST(X'C3' AS TEXT) || ' arteries.' WHERE key = 'k2-improves-arterial-flexibility';
		UPDATE articles SET title = 'Flexible ' || CAST(X'E9' AS TEXT) || ' arteries' WHERE key = 'k2-arterial-flexibility'"
	# jansson refuses text that is not UTF-8: written as it is, a member
	# would vanish (or a whole object, with json_pack).
	for cmd in "export --study knottingale-2015 --format json" "export --study knottingale-2015 --format csl-json" \
		"studies --format json" "show study knottingale-2015 --format json"; do
		# shellcheck disable=SC2086
		run ev $cmd
		assert_status 0
		assert_output_has $'Menaquinone-7 \xef\xbf\xbd stiffness'
	done
	run ev export --format claimreview --article k2-arterial-flexibility --review-date 2025-01-01 --reviewer Desk \
		--review-url https://example.org/r
	assert_status 0
	assert_output_has $'"headline": "Flexible \xef\xbf\xbd arteries"'
	assert_output_has $'"claimReviewed": "Vitamin K2 \xef\xbf\xbd arteries."'
	assert_output_has $'"name": "Menaquinone-7 \xef\xbf\xbd stiffness"'
	run ev audit k2-arterial-flexibility --format json
	assert_output_has $'"text": "Vitamin K2 \xef\xbf\xbd arteries."'
	run ev query arterial-stiffness --format json
	assert_status 0
	assert_output_has $'Vitamin K2 \xef\xbf\xbd arteries.'
}
