#!/usr/bin/env bats
# The command line as a whole: databases, help, usage errors, exit codes,
# the sample data's answers.

load helper

@test "evidence alone prints the overview with every command" {
	run ev
	assert_status 0
	assert_output_has "Commands:"
	for c in explain help import init query report show topics; do
		assert_output_has "  $c "
	done
	assert_output_has "Database:  evidence.db"
}

@test "--version names the program and SQLite" {
	run ev --version
	assert_status 0
	[[ "$output" =~ ^evidence\ [0-9]+\.[0-9]+\.[0-9]+\ \(SQLite\ 3\. ]]
}

# The command names, from the overview.
commands() {
	ev | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 && $1 != "Commands:" { print $1 }'
}

@test "every command has --help on stdout with exit 0, and help CMD prints the same" {
	[ "$(commands | wc -l)" -ge 8 ]
	for c in $(commands); do
		run ev "$c" --help
		assert_status 0
		assert_output_has "Usage:"
		assert_output_has "Examples:"
		a="$output"
		run ev help "$c"
		assert_equal "$a" "$output"
	done
}

@test "unknown commands and options exit 2 with a suggestion" {
	run ev qurey x
	assert_status 2
	assert_output_has "unknown command 'qurey'; did you mean 'query'?"
	run ev query --frmat json x
	assert_status 2
	assert_output_has "unknown option '--frmat'"
	run ev query x --format xml
	assert_status 2
	assert_output_has "--format: 'xml' is not one of table, csv, tsv, json, markdown"
	run ev init --format json
	assert_status 2
	assert_output_has "this command takes no --format"
	run ev query
	assert_status 2
	assert_output_has "which topic?"
	run ev query a b
	assert_status 2
}

@test "a missing database says how to create one" {
	run ev query arterial-calcification
	assert_status 1
	assert_output_has "no database at 'evidence.db'; create one with 'evidence init'"
	[ ! -e evidence.db ]
}

@test "--db, then EVIDENCE_DB, then ./evidence.db" {
	ev -q --db a.db import "$SAMPLE"/articles.csv
	[ -e a.db ] && [ ! -e evidence.db ]
	EVIDENCE_DB=b.db ev -q import "$SAMPLE"/articles.csv
	[ -e b.db ]
	run env EVIDENCE_DB=b.db "$EVIDENCE_BIN" show article k2-arterial-flexibility --db a.db --format csv
	assert_status 0
	assert_output_has "key,k2-arterial-flexibility"
}

@test "init creates an empty database and is idempotent" {
	run ev init
	assert_status 0
	assert_output_has "created evidence.db (schema version"
	before=$(dump_db)
	run ev init
	assert_status 0
	assert_output_has "up to date: evidence.db"
	assert_equal "$before" "$(dump_db)"
	# user_version is the number of the last migration in schema/
	latest=$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | tail -1 | xargs basename | cut -c1-3 | sed 's/^0*//')
	assert_equal "$latest" "$(sqlite3 evidence.db 'PRAGMA user_version')"
	assert_equal "wal" "$(sqlite3 evidence.db 'PRAGMA journal_mode')"
}

@test "a database from a newer version, a non-database and a foreign database are refused" {
	ev init
	sqlite3 evidence.db 'PRAGMA user_version = 99'
	run ev topics
	assert_status 1
	assert_output_has "was written by a newer version of evidence (schema 99; this one knows up to"
	printf 'this is not a database, just some text that is long enough to look like one...' > junk.db
	run ev --db junk.db topics
	assert_status 1
	assert_output_has "'junk.db' is not an evidence database"
	sqlite3 other.db 'CREATE TABLE t(x)'
	run ev --db other.db topics
	assert_status 1
	assert_output_has "'other.db' is an SQLite database but not an evidence database"
}

@test "the sample report lists every claim with its verdict and certainty" {
	load_sample
	run ev report k2-arterial-flexibility --format csv
	assert_status 0
	assert_equal "position,claim,verdict,certainty
1,k2-directs-calcium-to-bone,insufficient,
2,k2-intake-less-aortic-calcification,supported,very-low
3,k2-intake-lower-chd-mortality,supported,very-low
4,k2-activates-mgp,supported,low
5,mk7-no-cac-benefit,supported,very-low
6,k2-prevention-not-reversal,contradicted,very-low
7,greens-do-not-raise-k2,contradicted,very-low
8,magnesium-prevents-calcium-deposits,insufficient,
9,d3-without-k2-misroutes-calcium,insufficient,
10,k2-deficiency-common-and-silent,insufficient,
11,k2-interferes-with-anticoagulants,supported,very-low
12,mk7-most-bioavailable,supported,very-low
13,k2-improves-arterial-flexibility,supported,very-low" "$(printf '%s\n' "$output" | cut -d, -f1-4)"
}

@test "the demo query answers for the arterial-calcification claims" {
	load_sample
	run ev query arterial-calcification --format csv
	assert_status 0
	assert_equal "claim,verdict,certainty,studies,participants
k2-directs-calcium-to-bone,insufficient,,0,0
k2-intake-less-aortic-calcification,supported,very-low,2,5371
k2-activates-mgp,supported,low,3,609
mk7-no-cac-benefit,supported,very-low,5,2354
k2-prevention-not-reversal,contradicted,very-low,2,388" "$(printf '%s\n' "$output" | cut -d, -f1-5)"
}

@test "explain gives the steps for every sample claim" {
	load_sample
	for c in $(sqlite3 evidence.db 'SELECT key FROM claims'); do
		run ev explain "$c"
		assert_status 0
		assert_output_has "Grading steps"
		assert_output_has "Verdict: "
		# every claim with a counted link shows its bodies and the five domains
		if [ "$(sqlite3 evidence.db "SELECT count(*) FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id WHERE c.key = '$c' AND s.status = 'verified' AND s.design IS NOT NULL")" -gt 0 ]; then
			assert_output_has "Bodies of evidence"
			for d in "risk of bias" inconsistency indirectness imprecision "publication bias"; do
				assert_output_has "$d"
			done
		fi
	done
	run ev explain mk7-no-cac-benefit --format csv
	assert_output_has "not counted,,not counted: quinkcac-results (unverified)"
	# the direct randomized body is primary; the indirect one (sheafmoor-2009, vitamin K1) does not decide
	assert_output_has 'primary,,"primary body: aortic valve calcification (MD, randomized): the body that decides, with direct evidence'
	assert_output_has "review design,,lirren-2023 records neither includes nor included_design: assumed to pool observational studies"
}

@test "unknown keys suggest the nearest name" {
	load_sample
	run ev query arterial-calcifcation
	assert_status 1
	assert_output_has "no topic 'arterial-calcifcation'; did you mean 'arterial-calcification'?"
	run ev explain mk7-no-cac
	assert_status 1
	assert_output_has "no claim 'mk7-no-cac'; did you mean 'mk7-no-cac-benefit'?"
	run ev show study knottingale-2051
	assert_output_has "no study 'knottingale-2051'; did you mean 'knottingale-2015'?"
	run ev report nothing-like-it
	assert_status 1
	assert_equal "evidence: report: no article 'nothing-like-it'" "$output"
}

@test "-o writes the file only when the command succeeds" {
	load_sample
	run ev report k2-arterial-flexibility --format markdown -o report.md
	assert_status 0
	assert_equal "" "$output"
	head -1 report.md | grep -q '^# Does Vitamin K2 Keep Arteries Flexible? A Test Article$'
	echo keep > other.md
	run ev report no-such-article -o other.md
	assert_status 1
	assert_equal "keep" "$(cat other.md)"
	[ -z "$(ls | grep tmp-)" ]
}

@test "colour only when asked for or on a terminal, never with NO_COLOR" {
	load_sample
	run ev query arterial-calcification
	assert_output_lacks $'\033['
	run ev query arterial-calcification --color=always
	assert_output_has $'\033[32msupported\033[0m'
	run ev --color always query arterial-calcification --color never
	assert_output_lacks $'\033['
}

@test "a write error on stdout is an error, not silent truncation" {
	load_sample
	[ -w /dev/full ] || skip "no /dev/full on this system"
	run sh -c "'$EVIDENCE_BIN' report k2-arterial-flexibility --format json > /dev/full"
	assert_status 1
	assert_output_has "cannot write the output"
}

@test "a claim with 20,000 links: every study, participant and pooled group is counted" {
	# 20,000 studies (n = 10 .. 20,009) on one claim, in 10,000 outcomes of
	# two estimates each. Grading once compared every link with every other
	# (minutes at this size); it now sorts, so this also runs in well
	# under a second. The sanitizer build (EV_TEST_SIZE=tiny) checks the
	# same code paths with 2,000.
	local n=20000
	[ "${EV_TEST_SIZE:-small}" = tiny ] && n=2000
	local participants=$((10 * n + n * (n - 1) / 2))
	awk -v n="$n" 'BEGIN { print "key,title,authors,year,design,sample_size";
		for (i = 0; i < n; i++) printf "s-%d,Study %d,Doe J,2000,rct,%d\n", i, i, 10 + i }' > s.csv
	printf 'key,topics,text\nbig,load,A claim\n' > c.csv
	awk -v n="$n" 'BEGIN { print "claim,study,direction,outcome,measure,estimate,ci_low,ci_high";
		for (i = 0; i < n; i++) printf "big,s-%d,supports,outcome %d,RR,0.8,0.6,0.9\n", i, i - i % 2 }' > e.csv
	ev -q import s.csv c.csv e.csv
	run ev query load --format json
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
c = json.load(sys.stdin)["claims"][0]
print(c["studies"], c["participants"], len(c["pooled"]), len({p["outcome"] for p in c["pooled"]}),
      {p["k"] for p in c["pooled"]}, sum(p["participants"] for p in c["pooled"]), c["verdict"])
' <<< "$output"
	assert_equal "$n $participants $((n / 2)) $((n / 2)) {2} $participants supported" "$output"
	# The forest plot and the HTML page draw every row and every pool
	# (they too looked groups up row by row).
	ev plot big -o big.svg
	[ "$(grep -c "^<desc>Forest plot of $n estimates; " big.svg)" -eq 1 ]
	[ "$(grep -o 'Pooled, random effects (k = 2)' big.svg | wc -l)" -eq $((n / 2)) ]
	ev query load --format html -o big.html
	[ "$(grep -o 'id="ref-s-[0-9]*"' big.html | wc -l)" -eq "$n" ]
}
