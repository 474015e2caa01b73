#!/usr/bin/env bats
# evidence undo: reverting recorded change sets, on the fixture in
# tests/data/todo (invented studies, DOIs under 10.5555).

load helper

setup_file() {
	export TODO_DATA="$BATS_TEST_DIRNAME/../data/todo"
}

# data: the curated rows, in a stable order, to compare states.
data() {
	sqlite3 evidence.db "SELECT 'article', key, title FROM articles ORDER BY key;
		SELECT 'study', key, sample_size, risk_of_bias, status, notes FROM studies ORDER BY key;
		SELECT 'claim', c.key, c.text, (SELECT group_concat(t.key, ';') FROM claim_topics ct JOIN topics t
			ON t.id = ct.topic_id WHERE ct.claim_id = c.id ORDER BY ct.position) FROM claims c ORDER BY key;
		SELECT 'link', c.key, s.key, e.outcome, e.direction, e.estimate, e.n, e.indirect FROM evidence e
			JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id ORDER BY 2, 3, 4;
		SELECT 'topic', key FROM topics ORDER BY key"
}

changes() {
	sqlite3 evidence.db "SELECT id, command FROM changes ORDER BY id"
}

@test "undo reverts the last command, prints what it reverted, and is itself undoable" {
	ev -q import "$TODO_DATA"/*.csv
	data > imported
	ev -q edit study beta-2005 --risk-of-bias some --notes 'assessed by hand'
	data > edited
	run --separate-stderr ev undo
	assert_status 0
	assert_equal "change at who command" "$(printf '%s\n' "$output" | head -1 | tr -s ' ')"
	[[ $(printf '%s\n' "$output" | sed -n 2p) == *"evidence -q edit study beta-2005 --risk-of-bias some --notes 'assessed by hand'" ]]
	assert_equal "updated study 'beta-2005':
  risk_of_bias: 'some' -> 'unknown'
  notes: 'assessed by hand' -> (none)" "$stderr"
	diff imported <(data)
	# recorded like any command, so undoing it redoes the edit
	assert_equal "3|evidence undo" "$(changes | tail -1)"
	ev -q undo
	diff edited <(data)
	assert_equal "4|evidence -q undo" "$(changes | tail -1)"
}

@test "undo N reverts the last N commands in one go; --to CHANGE every one after it" {
	ev -q import "$TODO_DATA"/*.csv
	data > imported
	ev -q rm link pill-works beta-2005
	ev -q edit claim pill-nothing --topics 'doses;pills' --key pill-unknown
	ev -q rm claim pill-indirect --cascade
	ev -q add study --key delta-2020 --title 'Fixture pill trial Delta' --authors 'Delta D' --year 2020 --design rct
	run ev -q undo 4 --format csv
	assert_status 0
	assert_equal "change,at,who,command
5,$(sqlite3 evidence.db 'SELECT at FROM changes WHERE id = 5'),$(id -un),evidence -q add study --key delta-2020 --title 'Fixture pill trial Delta' --authors 'Delta D' --year 2020 --design rct" \
		"$(printf '%s\n' "$output" | head -2)"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 5 ]
	diff imported <(data)
	# back to the state after the import, then to nothing at all
	ev -q undo
	ev -q undo --to 1
	diff imported <(data)
	ev -q undo --to 0
	[ -z "$(data)" ]
	# and the whole history replayed forward again by undoing that
	ev -q undo
	diff imported <(data)
}

@test "undo --format json: the reverted change sets as objects, numbers as numbers" {
	ev -q import "$TODO_DATA"/*.csv
	ev -q edit study beta-2005 --notes 'assessed by hand'
	ev -q edit study gamma-2010 --status verified
	run --separate-stderr ev -q undo 2 --format json
	assert_status 0
	assert_equal '[
  {
    "change": 3,
    "at": "'"$(sqlite3 evidence.db 'SELECT at FROM changes WHERE id = 3')"'",
    "who": "'"$(id -un)"'",
    "command": "evidence -q edit study gamma-2010 --status verified"
  },
  {
    "change": 2,
    "at": "'"$(sqlite3 evidence.db 'SELECT at FROM changes WHERE id = 2')"'",
    "who": "'"$(id -un)"'",
    "command": "evidence -q edit study beta-2005 --notes '"'assessed by hand'"'"
  }
]' "$output"
	assert_equal "" "$stderr"
	assert_equal "unknown||unverified" "$(sqlite3 evidence.db "SELECT s.risk_of_bias, s.notes, g.status FROM studies s, studies g WHERE s.key = 'beta-2005' AND g.key = 'gamma-2010'")"
}

@test "undo --dry-run shows what would be reverted and changes nothing" {
	ev -q import "$TODO_DATA"/*.csv
	ev -q link pill-nothing gamma-2010 --direction inconclusive
	dump_db > before
	run --separate-stderr ev undo --dry-run
	assert_status 0
	assert_output_has "evidence -q link pill-nothing gamma-2010 --direction inconclusive"
	assert_equal "would remove link pill-nothing -> gamma-2010" "$stderr"
	diff before <(dump_db)
}

@test "undo --change reverts one change set alone, or refuses naming the later command that changed its rows" {
	ev -q import "$TODO_DATA"/*.csv
	ev -q edit study alpha-2001 --notes 'first note'
	ev -q edit study gamma-2010 --status verified
	ev -q edit study alpha-2001 --sample-size 410
	dump_db > before
	run --separate-stderr ev undo --change 2
	assert_status 1
	assert_equal "evidence: undo: cannot undo change 2 alone: change 4 (evidence -q edit study alpha-2001 --sample-size 410) changed study 'alpha-2001' since; undo both with 'evidence undo --to 1'" "$stderr"
	diff before <(dump_db)
	# a link added later to a study stops undoing the study's addition
	ev -q add study --key delta-2020 --title 'Fixture pill trial Delta' --authors 'Delta D' --year 2020 --design rct
	ev -q link pill-nothing delta-2020 --direction supports
	run --separate-stderr ev undo --change 5
	assert_status 1
	assert_equal "evidence: undo: cannot undo change 5 alone: change 6 (evidence -q link pill-nothing delta-2020 --direction supports) changed link pill-nothing -> delta-2020 since; undo both with 'evidence undo --to 4'" "$stderr"
	# change 3 touched nothing that changed since
	run --separate-stderr ev undo --change 3
	assert_status 0
	assert_equal "updated study 'gamma-2010':
  status: 'verified' -> 'unverified'" "$stderr"
	assert_equal "unverified" "$(sqlite3 evidence.db "SELECT status FROM studies WHERE key = 'gamma-2010'")"
	assert_equal "410|first note" "$(sqlite3 evidence.db "SELECT sample_size, notes FROM studies WHERE key = 'alpha-2001'")"
}

@test "undo reverts a rename and a moved link; a later rename stops undoing an earlier change alone" {
	ev -q import "$TODO_DATA"/*.csv
	data > imported
	ev -q edit study beta-2005 --key beta-2006
	ev -q edit link pill-works alpha-2001 --claim pill-nothing --outcome deaths
	ev -q undo 2
	diff imported <(data)
	ev -q edit study gamma-2010 --notes 'to check'
	ev -q edit study gamma-2010 --key gamma-2011
	run --separate-stderr ev undo --change 5
	assert_status 1
	assert_equal "evidence: undo: cannot undo change 5 alone: change 6 (evidence -q edit study gamma-2010 --key gamma-2011) renamed study 'gamma-2010' to 'gamma-2011' since; undo both with 'evidence undo --to 4'" "$stderr"
}

@test "an undo that fails part-way (ulimit -f) changes nothing: it is one transaction" {
	ev -q import "$TODO_DATA"/*.csv
	data > imported
	python3 -c "
print('key,title,authors,year,design,sample_size')
for i in range(3000):
    print(f'load-{i}-2020,Invented load trial number {i} of a fixture,Doe J,2020,rct,{100 + i}')" > load.csv
	ev -q import load.csv
	dump_db > before
	# 100 KiB: less than removing 3,000 studies and recording it needs. The
	# write fails (EFBIG) part-way, and the rollback brings back every row.
	run --separate-stderr bash -c 'ulimit -f 100 && exec "$0" undo' "$EVIDENCE_BIN"
	assert_status 1
	# (where it runs out depends on the page cache; the message does not)
	[[ $stderr == "evidence: undo: "*"cannot write 'evidence.db' (File too large); nothing was written" ]]
	diff before <(dump_db)
	# with room, the same undo goes through
	ev -q undo
	diff imported <(data)
}

@test "undoing a large import holds each row's name, not its values: memory does not grow with the import" {
	# The undo read every added value (an addition as one history row per
	# field) to revert it, then every removed value to say "removed study
	# '...'": an undo of an import of 100,000 studies peaked at 959 MiB.
	# Here imports of 3,000 and of 12,000 studies with 2 KB of notes each:
	# the undo of the larger took 67 MiB against 26, and now about the same
	# as the smaller (what an undo holds a row is a name, and the search
	# index's catch-up goes 1,024 rows at a time).
	# (AddressSanitizer keeps what is freed for a while, 256 MB of it:
	# what the process holds is what is measured.)
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
	ev -q import "$TODO_DATA"/*.csv
	for n in 3000 12000; do
		python3 -c "
import sys
notes = 'x' * 2000
print('key,title,authors,year,design,sample_size,notes')
for i in range(int(sys.argv[1])):
    print(f'load-{i}-2020,Invented load trial number {i} of a fixture,Doe J,2020,rct,{100 + i},{notes} {i}')" "$n" > "load-$n.csv"
		cp evidence.db "db-$n.db"
		ev --db "db-$n.db" -q import "load-$n.csv"
	done
	read -r st small < <(peak small.err --db db-3000.db undo)
	assert_equal 0 "$st"
	read -r st big < <(peak big.err --db db-12000.db undo)
	assert_equal 0 "$st"
	[ "$big" -lt $((small + 12)) ] || { echo "peak $big MiB against $small MiB for a quarter of the rows" >&2; return 1; }
	# every row is still named, once, and nothing of the import is left
	assert_equal 12000 "$(grep -c "^removed study 'load-[0-9]*-2020'\$" big.err)"
	assert_equal 12000 "$(wc -l < big.err)"
	assert_equal 0 "$(sqlite3 db-12000.db "SELECT count(*) FROM studies WHERE key LIKE 'load-%'")"
}

@test "undo refuses what it cannot do, and misuse is a usage error" {
	ev -q init
	run --separate-stderr ev undo
	assert_status 1
	assert_equal "evidence: undo: nothing to undo: no change is recorded" "$stderr"
	ev -q import "$TODO_DATA"/*.csv
	run --separate-stderr ev undo 3
	assert_status 1
	assert_equal "evidence: undo: only 1 change is recorded; 'evidence undo 1' undoes it" "$stderr"
	run --separate-stderr ev undo --to 1
	assert_status 1
	assert_equal "evidence: undo: nothing to undo: change 1 is the latest" "$stderr"
	run --separate-stderr ev undo --change 7
	assert_status 1
	assert_equal "evidence: undo: no change 7 is recorded (see 'evidence log')" "$stderr"
	run ev undo 0
	assert_status 2
	assert_output_has "evidence: undo: '0' is not a number of commands to undo"
	run ev undo 2 --to 1
	assert_status 2
	assert_output_has "evidence: undo: give N, --to CHANGE or --change CHANGE, not several"
	run ev undo --to x
	assert_status 2
	assert_output_has "evidence: undo: --to: 'x' is not a change number (see 'evidence log')"
}
