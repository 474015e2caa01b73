#!/usr/bin/env bats
# Issue 18, item 7: the smaller defects, each with its reproducer. (The
# bad files among them are in tests/data/bad: cr-only-line-ends,
# int64-max, double-bom, number-forms; the :0 of an unopenable file in
# terminal.bats.)

load helper

core_db() {
	ev -q import "$DATA"/core/*.csv
}

@test "a row refused by a rule another program added is reported with the database's message, not 'not an error'" {
	core_db
	sqlite3 evidence.db "CREATE TRIGGER frozen_studies BEFORE UPDATE ON studies BEGIN SELECT RAISE(ABORT, 'studies are frozen'); END;
		CREATE TRIGGER frozen_links BEFORE INSERT ON evidence BEGIN SELECT RAISE(ABORT, 'links are frozen'); END"
	before=$(dump_db)
	printf 'key,title,authors,year,design\ntrial-a-2001,Changed,Doe J,2020,rct\n' > s.csv
	run --separate-stderr ev import s.csv
	assert_status 1
	assert_equal "evidence: import: s.csv:2: key: the database refused the row: studies are frozen
evidence: import: nothing was imported: 1 problem" "$stderr"
	printf 'claim,study,direction\npooled-claim,cohort-e-2010,supports\n' > e.csv
	run --separate-stderr ev import e.csv
	assert_status 1
	assert_equal "evidence: import: e.csv:2: key: the database refused the row: links are frozen
evidence: import: nothing was imported: 1 problem" "$stderr"
	run --separate-stderr ev link pooled-claim cohort-e-2010 --direction supports
	assert_status 1
	assert_equal "evidence: link: key: the database refused the row: links are frozen" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "the database's message and a repeated DOI are quoted whole, however long (issue 17 point 5)" {
	core_db
	# A trigger's message of 660 bytes (cut at 512 with the words before
	# it) and a DOI of 511 bytes (cut at 400), both invented.
	msg=$(printf 'the ledger of the Quarrydown archive refuses this row %.0s' $(seq 12))
	msg=${msg% }
	doi="10.5555/$(printf 'quarrydown-lowlands-%.0s' $(seq 25))end"
	ev -q add study --key long-doi-2021 --title 'A trial' --authors 'Ashgrove A' --year 2021 --design rct --doi "$doi"
	run --separate-stderr ev add study --key long-doi-2021-b --title 'Another trial' --authors 'Birchley B' \
		--year 2021 --design rct --doi "$doi"
	assert_status 1
	assert_equal "evidence: add: --doi: '$doi' is already recorded for study 'long-doi-2021'" "$stderr"
	sqlite3 evidence.db "CREATE TRIGGER refuse_studies BEFORE INSERT ON studies BEGIN SELECT RAISE(ABORT, '$msg'); END"
	run --separate-stderr ev add study --key refused-2021 --title 'A third trial' --authors 'Corran C' --year 2021 \
		--design rct
	assert_status 1
	assert_equal "evidence: add: --key: the database refused the row: $msg" "$stderr"
}

@test "a repeated DOI is still named as such" {
	core_db
	printf 'key,title,authors,year,design,doi\nother-trial,Other,Doe J,2020,rct,10.5555/fixture.a\n' > s.csv
	run --separate-stderr ev import s.csv
	assert_status 1
	assert_equal "evidence: import: s.csv:2: doi: '10.5555/fixture.a' is already recorded for study 'trial-a-2001'
evidence: import: nothing was imported: 1 problem" "$stderr"
}

@test "a mean difference near 1e308 draws no NaN in the forest plot" {
	core_db
	printf 'key,article,topics,text\nbig-claim,,t-big,Huge.\n' > c.csv
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\nbig-claim,cohort-e-2010,supports,score,MD,1e308,1e307,1.7e308\nbig-claim,cohort-f-2012,supports,score,MD,1,0.5,1.5\n' > e.csv
	ev -q import c.csv e.csv
	run --separate-stderr ev plot big-claim
	assert_status 0
	# No coordinate is NaN or infinite.
	! printf '%s' "$output" | grep -Eq '="[^"]*(nan|inf)'
	assert_output_has "MD 1e+308 (1e+307 to 1.7e+308) cannot be drawn on its scale"
}

@test "a lowered user_version is reported as a damaged schema, not a raw migration error" {
	ev -q init
	for v in 4 2 0; do
		cp evidence.db v$v.db
		sqlite3 v$v.db "PRAGMA user_version = $v"
	done
	before=$(dump_db v2.db)
	run --separate-stderr ev --db v2.db topics
	assert_status 1
	assert_equal "evidence: topics: 'v2.db' is damaged: its schema version (PRAGMA user_version) says 2, but its schema is not that version's (migration 003-history.sql: table changes already exists); another program may have changed the version: restore the database from a backup, or set it back to $(sqlite3 evidence.db 'PRAGMA user_version') if you know that to be right" "$stderr"
	assert_equal "$before" "$(dump_db v2.db)"
	for v in 4 0; do
		run --separate-stderr ev --db v$v.db init
		assert_status 1
		[[ "$stderr" == "evidence: init: 'v$v.db' is damaged: its schema version (PRAGMA user_version) says $v, but its schema is not that version's (migration "* ]]
	done
}

@test "CSV import warns of near-duplicate studies, as add does, with file and line" {
	core_db
	printf 'key,title,authors,year,design\ntrial-a-copy,Fixture trial A.,"Alpha A, Gamma G",2001,rct\nnew-one,A brand new cohort study of many things,Doe J,2020,cohort\nnew-two,A brand-new cohort study of many things,"Doe J, Roe R",2020,cohort\nnew-three,Something else entirely,Doe J,2020,cohort\n' > s.csv
	run --separate-stderr ev import s.csv
	assert_status 0
	assert_equal "evidence: import: warning: s.csv:2: study 'trial-a-copy' may be a duplicate of 'trial-a-2001' (same first author Alpha A, same year 2001, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
evidence: import: warning: s.csv:4: study 'new-two' may be a duplicate of 'new-one' (same first author Doe J, same year 2020, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
studies: 4 added, 0 updated, 0 unchanged" "$stderr"
	# Importing the same file again adds nothing and warns of nothing.
	run --separate-stderr ev import s.csv
	assert_status 0
	assert_equal "studies: 0 added, 0 updated, 4 unchanged" "$stderr"
	# -q silences the warning as it does every other.
	printf 'key,title,authors,year,design\nnew-five,A brand new cohort study of many things,Doe J,2020,cohort\n' > t.csv
	run --separate-stderr ev -q import t.csv
	assert_status 0
	assert_equal "" "$stderr"
}
