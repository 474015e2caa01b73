#!/usr/bin/env bats
# History: every change (import, add, edit, link, rm) recorded field by
# field with when, who and the command line; nothing recorded for changes
# that change nothing or fail; `evidence log` in every format.

bats_require_minimum_version 1.5.0
load helper

q() {
	sqlite3 evidence.db "$1"
}

# Timestamps differ from run to run; their format is checked separately.
mask_time() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g'
}

# History one row per field: an addition is one row (field '*') whose
# values history_full gives as a JSON object, spread out here as
# `evidence log` shows it. Read with the sqlite3 shell: the documented way
# works without evidence.
FIELDS="(SELECT id, 0 AS pos, change_id, kind, key, study, outcome, action, field, old, new FROM history
	WHERE field <> '*' UNION ALL SELECT h.id, j.id, h.change_id, h.kind, h.key, h.study, h.outcome, h.action,
	j.key, NULL, j.value FROM history_full h, json_each(h.new) j WHERE h.field = '*' AND j.value IS NOT NULL)"

# The history rows as "change|kind|key|study|outcome|action|field|old|new".
rows() {
	q "SELECT change_id, kind, key, coalesce(study, '-'), coalesce(outcome, '-'), action, field, coalesce(old, 'NULL'), coalesce(new, 'NULL') FROM $FIELDS ${1:-} ORDER BY id, pos"
}

# A short curation session, as alice.
session() {
	export USER=alice
	ev -q add article --key a1 --title 'An article'
	ev -q add study --key s1 --title 'A study' --authors 'Doe J' --year 2020 --design rct --sample-size 100
	ev -q add claim --key c1 --article a1 --topics 'x;y' --text 'A claim'
	ev -q link c1 s1 --direction supports --measure RR --estimate 0.5 --ci 0.25,0.9
	ev -q edit study s1 --sample-size 120 --notes "it's \"fine\""
	ev -q edit link c1 s1 --indirect yes
	ev -q edit claim c1 --topics 'y;z'
	ev -q rm link c1 s1
}

@test "import is recorded: one change set, who, the command line, every field added" {
	cp "$SAMPLE"/*.csv .
	USER=bob ev -q import articles.csv studies.csv claims.csv evidence.csv
	assert_equal "1|bob|evidence -q import articles.csv studies.csv claims.csv evidence.csv" \
		"$(q "SELECT id, who, command FROM changes")"
	# One row per non-empty field of every record (a claim's topics as one).
	assert_equal "$(q "SELECT
		(SELECT sum(2 + (author IS NOT NULL) + (publisher IS NOT NULL) + (url IS NOT NULL) + (published IS NOT NULL)) FROM articles) +
		(SELECT sum(4 + (authors IS NOT NULL) + (journal IS NOT NULL) + (year IS NOT NULL) + (volume IS NOT NULL) +
			(issue IS NOT NULL) + (pages IS NOT NULL) + (doi IS NOT NULL) + (pmid IS NOT NULL) + (design IS NOT NULL) +
			(country IS NOT NULL) + (population IS NOT NULL) + (sample_size IS NOT NULL) + (duration_months IS NOT NULL) +
			(intervention IS NOT NULL) + (comparator IS NOT NULL) + (funding IS NOT NULL) + (source IS NOT NULL) +
			(notes IS NOT NULL)) FROM studies) +
		(SELECT sum(3 + (article_id IS NOT NULL) + (quote IS NOT NULL) + (stated_study IS NOT NULL) + (stated_n IS NOT NULL) +
			(stated_population IS NOT NULL) + (stated_country IS NOT NULL) + (stated_duration_months IS NOT NULL) +
			(stated_result IS NOT NULL) + (notes IS NOT NULL)) FROM claims) +
		(SELECT sum(4 + (outcome <> '') + (measure IS NOT NULL) + (estimate IS NOT NULL) + (ci_low IS NOT NULL) +
			(ci_high IS NOT NULL) + (p_value IS NOT NULL) + (n IS NOT NULL) + (notes IS NOT NULL)) FROM evidence)")" \
		"$(q "SELECT count(*) FROM $FIELDS WHERE change_id = 1 AND action = 'add' AND old IS NULL AND new IS NOT NULL")"
	assert_equal "624" "$(q "SELECT count(*) FROM $FIELDS")"
	# stored as one row per added record
	assert_equal "59" "$(q "SELECT count(*) FROM history")"
	assert_equal "knottingale-2015|add|22" "$(q "SELECT key, action, count(*) FROM $FIELDS WHERE kind = 'study' AND key = 'knottingale-2015'")"
	assert_equal "key|NULL|knottingale-2015
sample_size|NULL|244
risk_of_bias|NULL|unknown" "$(q "SELECT field, coalesce(old, 'NULL'), new FROM $FIELDS WHERE key = 'knottingale-2015' AND kind = 'study' AND field IN ('key', 'sample_size', 'risk_of_bias') ORDER BY id, pos")"
	assert_equal "integer" "$(q "SELECT typeof(new) FROM $FIELDS WHERE key = 'knottingale-2015' AND field = 'sample_size'")"
	assert_equal "mechanism;arterial-calcification|add" "$(q "SELECT new, action FROM $FIELDS WHERE kind = 'claim' AND key = 'k2-activates-mgp' AND field = 'topics'")"
	assert_equal "1" "$(q "SELECT count(*) FROM changes WHERE at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'")"
}

@test "re-importing unchanged rows records nothing; a changed value records old and new" {
	cp "$SAMPLE"/*.csv .
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	before=$(dump_db)
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	assert_equal "$before" "$(dump_db)"
	printf 'key,title,authors,year,design,sample_size\nknottingale-2015,Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial,"Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C",2015,rct,240\n' > s.csv
	USER=carol ev -q import s.csv
	assert_equal "2|study|knottingale-2015|-|-|edit|sample_size|244|240" "$(rows "WHERE change_id = 2")"
	assert_equal "carol|evidence -q import s.csv" "$(q "SELECT who, command FROM changes WHERE id = 2")"
	ev -q import --dry-run "$SAMPLE"/studies.csv
	assert_equal "2" "$(q "SELECT max(id) FROM changes")"
}

@test "add, link, edit and rm record each field's old and new value" {
	session
	assert_equal "1|article|a1|-|-|add|key|NULL|a1
1|article|a1|-|-|add|title|NULL|An article
2|study|s1|-|-|add|key|NULL|s1
2|study|s1|-|-|add|title|NULL|A study
2|study|s1|-|-|add|authors|NULL|Doe J
2|study|s1|-|-|add|year|NULL|2020
2|study|s1|-|-|add|design|NULL|rct
2|study|s1|-|-|add|sample_size|NULL|100
2|study|s1|-|-|add|risk_of_bias|NULL|unknown
2|study|s1|-|-|add|status|NULL|verified
3|claim|c1|-|-|add|key|NULL|c1
3|claim|c1|-|-|add|article|NULL|a1
3|claim|c1|-|-|add|topics|NULL|x;y
3|claim|c1|-|-|add|text|NULL|A claim
4|link|c1|s1||add|claim|NULL|c1
4|link|c1|s1||add|study|NULL|s1
4|link|c1|s1||add|direction|NULL|supports
4|link|c1|s1||add|measure|NULL|RR
4|link|c1|s1||add|estimate|NULL|0.5
4|link|c1|s1||add|ci_low|NULL|0.25
4|link|c1|s1||add|ci_high|NULL|0.9
4|link|c1|s1||add|indirect|NULL|0
5|study|s1|-|-|edit|sample_size|100|120
5|study|s1|-|-|edit|notes|NULL|it's \"fine\"
6|link|c1|s1||edit|indirect|0|1
7|claim|c1|-|-|edit|topics|x;y|y;z
8|link|c1|s1||remove|claim|c1|NULL
8|link|c1|s1||remove|study|s1|NULL
8|link|c1|s1||remove|direction|supports|NULL
8|link|c1|s1||remove|measure|RR|NULL
8|link|c1|s1||remove|estimate|0.5|NULL
8|link|c1|s1||remove|ci_low|0.25|NULL
8|link|c1|s1||remove|ci_high|0.9|NULL
8|link|c1|s1||remove|indirect|1|NULL" "$(rows)"
	assert_equal "integer|integer|real" "$(q "SELECT typeof(old), typeof(new), (SELECT typeof(old) FROM history WHERE change_id = 8 AND field = 'estimate') FROM history WHERE change_id = 5 AND field = 'sample_size'")"
	assert_equal "8|alice" "$(q "SELECT count(*), min(who) FROM changes")"
	assert_equal "evidence -q edit study s1 --sample-size 120 --notes 'it'\\''s \"fine\"'" "$(q "SELECT command FROM changes WHERE id = 5")"
}

@test "rm --cascade records every removed row; a renamed key is followed" {
	load_sample
	ev -q edit study knottingale-2015 --key knottingale-2015-pwv --funding ''
	ev -q rm study knottingale-2015-pwv --cascade
	assert_equal "study|knottingale-2015-pwv|edit|key|knottingale-2015|knottingale-2015-pwv
study|knottingale-2015-pwv|edit|funding|Quillco Nutrition|NULL" "$(q "SELECT kind, key, action, field, old, coalesce(new, 'NULL') FROM history WHERE change_id = 2 ORDER BY id")"
	assert_equal "link|k2-activates-mgp|knottingale-2015-pwv|remove|6
link|k2-improves-arterial-flexibility|knottingale-2015-pwv|remove|6
study|knottingale-2015-pwv||remove|21" "$(q "SELECT kind, key, coalesce(study, ''), action, count(*) FROM history WHERE change_id = 3 GROUP BY kind, key, study ORDER BY kind, key")"
	# log by the old key finds the import, the rename and the removal.
	run ev log knottingale-2015 --format csv --no-header
	assert_status 0
	assert_equal "3
2
1" "$(printf '%s\n' "$output" | cut -d, -f1 | uniq)"
	assert_output_has "knottingale-2015-pwv,,,remove,sample_size,244,"
}

@test "a failed or refused command leaves no history" {
	load_sample
	before=$(dump_db)
	run ev edit study knottingale-2015 --sample-size 245 --year 1700
	assert_status 1
	run ev rm study knottingale-2015
	assert_status 1
	run ev add study --key x --title T --authors A --year 2015 --design rct --doi 10.5555/sample.knottingale-2015
	assert_status 1
	run ev edit study knottingale-2015 --sample-size 245 --dry-run
	assert_status 0
	assert_equal "$before" "$(dump_db)"
	assert_equal "1" "$(q "SELECT count(*) FROM changes")"
}

@test "who is \$USER, else the name of the user id" {
	run env -u USER "$EVIDENCE_BIN" -q add article --key a1 --title T
	assert_status 0
	assert_equal "$(id -un)" "$(q "SELECT who FROM changes")"
}

@test "the command line is recorded shell-quoted, with the program's name" {
	ev -q --db evidence.db add article --key a1 --title "Bob's \$HOME & more" --author ''
	assert_equal "evidence -q --db evidence.db add article --key a1 --title 'Bob'\\''s \$HOME & more' --author ''" \
		"$(q "SELECT command FROM changes")"
}

@test "an addition is an event: its values stay the row's until the row, or a key it names, changes" {
	session
	ev -q add study --key s2 --title 'Another study' --authors 'Roe K' --year 2021 --design cohort
	ev -q link c1 s2 --direction supports --outcome o1
	ev -q link c1 s2 --direction contradicts --outcome o2
	# unchanged since they were added: a1, s2 and both links; s1 was
	# edited and c1 retopiced, so their additions hold their values
	assert_equal "article|a1|
claim|c1|{\"key\":\"c1\",\"article\":\"a1\",\"topics\":\"x;y\",\"text\":\"A claim\",\"quote\":null,\"stated_study\":null,\"stated_n\":null,\"stated_population\":null,\"stated_country\":null,\"stated_duration_months\":null,\"stated_result\":null,\"notes\":null,\"outcome\":null,\"asserts\":null}
link|c1|{\"claim\":\"c1\",\"study\":\"s1\",\"direction\":\"supports\",\"outcome\":null,\"measure\":\"RR\",\"estimate\":0.5,\"ci_low\":0.25,\"ci_high\":0.9,\"p_value\":null,\"n\":null,\"indirect\":0,\"notes\":null,\"events_treat\":null,\"total_treat\":null,\"events_control\":null,\"total_control\":null,\"mean_treat\":null,\"sd_treat\":null,\"mean_control\":null,\"sd_control\":null,\"subgroup\":null}
link|c1|
link|c1|
study|s1|{\"key\":\"s1\",\"title\":\"A study\",\"authors\":\"Doe J\",\"journal\":null,\"year\":2020,\"volume\":null,\"issue\":null,\"pages\":null,\"doi\":null,\"pmid\":null,\"design\":\"rct\",\"country\":null,\"population\":null,\"sample_size\":100,\"duration_months\":null,\"intervention\":null,\"comparator\":null,\"risk_of_bias\":\"unknown\",\"funding\":null,\"status\":\"verified\",\"source\":null,\"notes\":null,\"includes\":null,\"included_design\":null}
study|s2|" "$(q "SELECT kind, key, coalesce(new, '') FROM history WHERE field = '*' ORDER BY kind, key, id")"
	before=$(rows)
	# Renaming what a record names by key first keeps the records that
	# name it as they were added: everything before reads the same.
	ev -q edit article a1 --key a1-renamed
	ev -q edit claim c1 --key c1-renamed
	ev -q edit study s2 --key s2-renamed
	assert_equal "$before" "$(rows "WHERE change_id < 12")"
	assert_equal "0" "$(q "SELECT count(*) FROM history WHERE field = '*' AND new IS NULL")"
	# Undo reads the additions the same way: back to the session's end,
	# then to nothing, and the history of the renamed rows says so.
	ev -q undo --to 8
	assert_equal "a1|c1|s1" "$(q "SELECT (SELECT group_concat(key) FROM articles), (SELECT group_concat(key) FROM claims), (SELECT group_concat(key) FROM studies)")"
	ev -q undo --to 0
	assert_equal "0|0|0|0" "$(q "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims), (SELECT count(*) FROM studies), (SELECT count(*) FROM evidence)")"
	# a removed row's addition holds the values it was added with
	assert_equal "s2|Roe K|2021" "$(q "SELECT json_extract(new, '\$.key'), json_extract(new, '\$.authors'), json_extract(new, '\$.year') FROM history WHERE kind = 'study' AND key = 's2' AND field = '*' ORDER BY id LIMIT 1")"
}

@test "the database cannot be changed behind history's back" {
	load_sample
	before=$(dump_db)
	run sqlite3 evidence.db "UPDATE studies SET year = 2000 WHERE key = 'knottingale-2015'"
	assert_status 1
	assert_output_has "no such function: evidence_change"
	assert_equal "$before" "$(dump_db)"
}

@test "log --fields: table, newest first, every field grouped by command" {
	session
	run --separate-stderr ev log --fields
	assert_status 0
	assert_equal "" "$stderr"
	assert_equal "$(cat "$DATA/curate/log.table")" "$(printf '%s\n' "$output" | mask_time)"
}

@test "log: without KEY, one line per command says what it added, edited and removed" {
	session
	run --separate-stderr ev log --limit 5
	assert_status 0
	assert_equal "" "$stderr"
	assert_equal "change 8  TIME  alice
evidence -q rm link c1 s1
removed 1 link

change 7  TIME  alice
evidence -q edit claim c1 --topics 'y;z'
edited 1 claim (1 field)

change 6  TIME  alice
evidence -q edit link c1 s1 --indirect yes
edited 1 link (1 field)

change 5  TIME  alice
evidence -q edit study s1 --sample-size 120 --notes 'it'\''s \"fine\"'
edited 1 study (2 fields)

change 4  TIME  alice
evidence -q link c1 s1 --direction supports --measure RR --estimate 0.5 --ci 0.25,0.9
added 1 link" "$(printf '%s\n' "$output" | mask_time)"
	# an import sums up per kind, and --kind counts only that kind
	cp "$SAMPLE"/*.csv .
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	run ev log --limit 1
	assert_equal "added 1 article, 20 studies, 13 claims, 25 links" "${lines[2]}"
	run ev log --limit 1 --kind claim --format markdown
	assert_equal "## change 9  $(sqlite3 evidence.db "SELECT at FROM changes WHERE id = 9")  alice" "${lines[0]}"
	assert_equal "added 13 claims" "${lines[2]}"
	# an import that updates: the records and the fields it changed (the
	# sample has three studies of 2009)
	[ "$(grep -c ',2009,' studies.csv)" -eq 3 ]
	sed 's/,2009,/,2010,/' studies.csv > changed.csv
	ev -q import changed.csv
	run ev log --limit 1
	assert_equal "edited 3 studies (3 fields)" "${lines[2]}"
	# with KEY, every field, as before
	run ev log s1 --limit 1
	assert_equal "kind  key       action  field      old       new" "${lines[2]}"
}

@test "log KEY --format json: field changes as objects, typed values" {
	session
	run --separate-stderr ev log c1 --limit 3 --format json
	assert_status 0
	assert_equal "$(cat "$DATA/curate/log-c1.json")" "$(printf '%s\n' "$output" | mask_time)"
}

@test "log --format csv, tsv and markdown" {
	session
	run ev log --limit 2 --format csv
	assert_status 0
	assert_equal "$(cat "$DATA/curate/log.csv")" "$(printf '%s\n' "$output" | mask_time)"
	run ev log --limit 1 --format tsv --no-header
	assert_equal "$(tr ',' '\t' < "$DATA/curate/log.csv" | sed -n '2,9p')" "$(printf '%s\n' "$output" | mask_time)"
	run ev log s1 --kind study --format markdown
	assert_status 0
	assert_equal "$(cat "$DATA/curate/log-s1.md")" "$(printf '%s\n' "$output" | mask_time)"
}

@test "log filters: KEY takes in a study's or claim's links, --kind, --limit" {
	session
	assert_equal "8 6 5 4 2" "$(ev log s1 --format csv --no-header | cut -d, -f1 | uniq | tr '\n' ' ' | sed 's/ $//')"
	assert_equal "8 6 4" "$(ev log s1 --kind link --format csv --no-header | cut -d, -f1 | uniq | tr '\n' ' ' | sed 's/ $//')"
	assert_equal "8 7" "$(ev log c1 --limit 2 --format csv --no-header | cut -d, -f1 | uniq | tr '\n' ' ' | sed 's/ $//')"
	assert_equal "1" "$(ev log --kind article --format csv --no-header | cut -d, -f1 | uniq)"
	run --separate-stderr ev log s2
	assert_status 0
	assert_equal "" "$output"
	assert_equal "evidence: log: warning: no changes recorded for 's2'; did you mean 's1'?" "$stderr"
	run --separate-stderr ev log a1 --kind claim
	assert_equal "evidence: log: warning: no changes of a claim recorded for 'a1'" "$stderr"
	run ev log --format json --kind article --limit 1
	assert_equal "1" "$(printf '%s\n' "$output" | grep -c '"change"')"
}

@test "log misuse is a usage error" {
	session
	run ev log --limit 0
	assert_status 2
	assert_output_has "evidence: log: --limit: '0' is not a positive integer"
	run ev log --kind topic
	assert_status 2
	assert_output_has "evidence: log: --kind: 'topic' is not one of study, claim, article, link"
	run ev log a b
	assert_status 2
	assert_output_has "evidence: log: unexpected argument 'b'"
}

@test "an import into empty tables records the same history as one into tables that had rows" {
	# Into empty tables the rows load in bulk and history records them at
	# the end (model.c); otherwise a trigger records each row as it comes.
	ev -q import "$SAMPLE"/*.csv
	bulk=$(q "SELECT kind, key, coalesce(study, '-'), coalesce(outcome, '-'), action, field, new FROM history ORDER BY id")
	rm evidence.db
	ev -q add article --key zz-a --title 'Already here'
	ev -q add study --key zz-s --title 'Already here' --status unverified
	ev -q add claim --key zz-c --article zz-a --topics zz --text 'Already here'
	ev -q link zz-c zz-s --direction inconclusive
	ev -q import "$SAMPLE"/*.csv
	assert_equal "$bulk" "$(q "SELECT kind, key, coalesce(study, '-'), coalesce(outcome, '-'), action, field, new FROM history
		WHERE change_id = (SELECT max(id) FROM changes) ORDER BY id")"
	assert_equal "59" "$(q "SELECT count(*) FROM history WHERE change_id = (SELECT max(id) FROM changes)")"
}

@test "a bulk load puts back the triggers and indexes it set aside, and a failed one never took them away" {
	# A load into empty tables drops the per-row history and search
	# triggers and the lookup-only indexes, and makes them again from
	# their own definitions before it commits (model.c).
	ev init
	schema() { q "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"; }
	before=$(schema)
	[ "$(q "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND instr(sql, 'evidence_bulk()')")" -eq 6 ]
	ev -q import "$SAMPLE"/*.csv
	assert_equal "$before" "$(schema)"
	# The restored triggers work: a later addition is recorded and found.
	ev -q add study --key zz-later --title 'Added later' --status unverified
	assert_equal "1" "$(q "SELECT count(*) FROM history WHERE key = 'zz-later' AND action = 'add'")"
	run ev search --format csv later
	assert_status 0
	assert_output_has "zz-later"

	rm evidence.db
	ev init
	{ cat "$SAMPLE/studies.csv"; echo 'zz-bad,A bad year,Doe J,,1066,,,,,,rct,,,,,,,,,,,'; } >bad.csv
	run ev import bad.csv
	assert_status 1
	assert_output_has "bad.csv:$(wc -l <bad.csv): year:"
	assert_equal "$before" "$(schema)"
}

@test "whole-number reals are recorded as reals, as the database holds them" {
	ev -q add study --key s1 --title 'A study' --authors 'Doe J' --year 2020 --design rct
	ev -q add claim --key c1 --topics x --text 'A claim'
	ev -q link c1 s1 --direction supports --measure MD --estimate 2 --ci -4,8
	run q "SELECT j.key, j.type, j.value FROM history_full h, json_each(h.new) j
		WHERE h.kind = 'link' AND j.key IN ('estimate', 'ci_low', 'ci_high') ORDER BY j.id"
	[ "$status" -eq 0 ]
	[ "$output" = "estimate|real|2.0
ci_low|real|-4.0
ci_high|real|8.0" ]
	run q "SELECT typeof(estimate), typeof(ci_low), typeof(ci_high) FROM evidence"
	[ "$output" = "real|real|real" ]
}

@test "a database at schema 009 keeps every addition's values through 010; unchanged rows' copies go" {
	python3 "$DATA/history-009/old-db.py" old.db "$REPO/schema"
	sqlite3 old.db "SELECT id, change_id, kind, key, study, outcome, action, field, old FROM history ORDER BY id" >before-rows
	sqlite3 -json old.db "SELECT id, new FROM history ORDER BY id" >before-new.json
	ev --db old.db -q log --limit 1 >/dev/null
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sqlite3 old.db 'PRAGMA user_version')"
	assert_equal "$(cat before-rows)" "$(sqlite3 old.db "SELECT id, change_id, kind, key, study, outcome, action, field, old FROM history ORDER BY id")"
	# the article and the first study are as they were added: their copies
	# are gone; the edited study, the renamed claim and its links keep theirs
	assert_equal "article|old-article|
study|old-trial-2001|
study|old-trial-2002|kept
claim|old-claim|kept
link|old-claim|kept
link|old-claim|kept" "$(sqlite3 old.db "SELECT kind, key, CASE WHEN new IS NULL THEN '' ELSE 'kept' END FROM history WHERE field = '*' ORDER BY id")"
	# and history_full gives every value as before, to the sqlite3 shell too
	sqlite3 -json old.db "SELECT id, new FROM history_full ORDER BY id" >after-new.json
	run python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
def values(rows): return [(r["id"], json.loads(r["new"]) if isinstance(r["new"], str) and r["new"].startswith("{") else r["new"]) for r in rows]
print(len(a), values(a) == values(b))' before-new.json after-new.json
	assert_equal "8 True" "$output"
	run ev --db old.db log old-trial-2001 --fields --format csv
	assert_status 0
	assert_output_has "1,2026-01-01T00:00:00Z,tester,evidence import old.csv,study,old-trial-2001,,,add,sample_size,,400"
}
