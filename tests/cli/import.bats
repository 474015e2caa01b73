#!/usr/bin/env bats
# evidence import: good files, re-import, updates, and every kind of bad input.

load helper

@test "import loads the sample data and reports what it added" {
	run --separate-stderr ev import "$SAMPLE"/*.csv
	assert_status 0
	assert_equal "" "$output"
	assert_equal "articles: 1 added, 0 updated, 0 unchanged
studies: 20 added, 0 updated, 0 unchanged
claims: 13 added, 0 updated, 0 unchanged
evidence: 25 added, 0 updated, 0 unchanged" "$stderr"
	assert_equal "1|20|13|25|10" "$(sqlite3 evidence.db "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM studies), (SELECT count(*) FROM claims), (SELECT count(*) FROM evidence), (SELECT count(*) FROM topics)")"
}

@test "re-importing the same files changes nothing and says so" {
	load_sample
	before=$(dump_db)
	run ev import "$SAMPLE"/*.csv
	assert_status 0
	assert_equal "articles: 0 added, 0 updated, 1 unchanged
studies: 0 added, 0 updated, 20 unchanged
claims: 0 added, 0 updated, 13 unchanged
evidence: 0 added, 0 updated, 25 unchanged" "$output"
	assert_equal "$before" "$(dump_db)"
}

@test "files are applied in dependency order whatever order they are given in" {
	run ev import "$SAMPLE/evidence.csv" "$SAMPLE/claims.csv" "$SAMPLE/studies.csv" "$SAMPLE/articles.csv"
	assert_status 0
	assert_output_has "evidence: 25 added"
}

@test "--dry-run checks and counts but writes nothing" {
	run ev import --dry-run "$SAMPLE"/*.csv
	assert_status 0
	assert_output_has "studies: 20 to add, 0 to update, 0 unchanged (dry run: nothing written)"
	[ ! -e evidence.db ] && [ ! -e evidence.db.new ]
	load_sample
	before=$(dump_db)
	printf 'key,title,authors,year,design\nknottingale-2015,New title,Knottingale MHJ,2015,rct\n' > s.csv
	run ev import -n s.csv
	assert_status 0
	# each field that would change, old and new
	assert_equal "s.csv:2: study 'knottingale-2015': title: 'Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial' would become 'New title'
s.csv:2: study 'knottingale-2015': authors: 'Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C' would become 'Knottingale MHJ'
studies: 0 to add, 1 to update, 0 unchanged (dry run: nothing written)" "$output"
	assert_equal "$before" "$(dump_db)"
}

@test "a changed row is updated, and columns the file lacks keep their values" {
	load_sample
	printf 'key,title,authors,year,design\nknottingale-2015,A new title,Knottingale MHJ,2015,rct\n' > s.csv
	run ev import s.csv
	assert_status 0
	# a curated value replaced by a shorter one is not lost without a word
	assert_equal "evidence: import: warning: s.csv:2: study 'knottingale-2015': title: 'Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial' replaced by the shorter 'A new title'
evidence: import: warning: s.csv:2: study 'knottingale-2015': authors: 'Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C' replaced by the shorter 'Knottingale MHJ'
studies: 0 added, 1 updated, 0 unchanged" "$output"
	assert_equal "A new title|244|10.5555/sample.knottingale-2015|Quillco Nutrition" \
		"$(sqlite3 evidence.db "SELECT title, sample_size, doi, funding FROM studies WHERE key = 'knottingale-2015'")"
}

@test "an empty value clears an optional field; defaults fill new rows" {
	load_sample
	printf 'key,title,authors,year,design,funding\nknottingale-2015,T,Knottingale MHJ,2015,rct,\nnew-2020,N,Doe J,2020,cohort,\n' > s.csv
	run --separate-stderr ev import s.csv
	assert_status 0
	[[ "$stderr" == *"evidence: import: warning: s.csv:2: study 'knottingale-2015': funding: 'Quillco Nutrition' cleared (the file's cell is empty)"* ]]
	[[ "$stderr" == *"studies: 1 added, 1 updated, 0 unchanged" ]]
	assert_equal "knottingale-2015||unknown|verified
new-2020||unknown|verified" "$(sqlite3 evidence.db "SELECT key, funding, risk_of_bias, status FROM studies WHERE key IN ('knottingale-2015', 'new-2020') ORDER BY key")"
}

@test "standard input, a UTF-8 BOM and CRLF line endings are accepted" {
	printf '\357\273\277key,title,published\r\nmy-article,"A title, with a comma\r\nand a second line",2024-02-29\r\n' | ev import -
	assert_equal "A title, with a comma
and a second line|2024-02-29" "$(sqlite3 evidence.db "SELECT title, published FROM articles")"
}

@test "claims keep the article's order and their topics' order" {
	load_sample
	run sqlite3 evidence.db "SELECT group_concat(key, ' ') FROM (SELECT key FROM claims ORDER BY position)"
	assert_equal "k2-directs-calcium-to-bone k2-intake-less-aortic-calcification k2-intake-lower-chd-mortality k2-activates-mgp mk7-no-cac-benefit k2-prevention-not-reversal greens-do-not-raise-k2 magnesium-prevents-calcium-deposits d3-without-k2-misroutes-calcium k2-deficiency-common-and-silent k2-interferes-with-anticoagulants mk7-most-bioavailable k2-improves-arterial-flexibility" "$output"
	run ev show claim mk7-no-cac-benefit --format json
	assert_output_has '"topics": "coronary-artery-calcification;arterial-calcification"'
}

@test "a topic no claim uses any more disappears" {
	load_sample
	printf 'key,topics,text\nmk7-most-bioavailable,absorption,MK-7 is absorbed best.\n' > c.csv
	ev -q import c.csv
	run ev topics --format csv
	assert_output_has "absorption,1"
	assert_output_lacks "bioavailability"
}

@test "--kind forces the kind of every file" {
	printf 'key,title\nonly-a-title,Some title\n' > x.csv
	run ev import --kind studies x.csv
	assert_status 1
	assert_output_has "x.csv:1: missing column 'authors', which studies require"
	run ev import --kind articles x.csv
	assert_status 0
	run ev import --kind nonsense x.csv
	assert_status 2
	assert_output_has "--kind: 'nonsense' is not one of articles, studies, claims, evidence"
}

@test "usage errors exit 2" {
	run ev import
	assert_status 2
	assert_output_has "no files to import"
	run ev import --bogus x.csv
	assert_status 2
	assert_output_has "unknown option '--bogus'"
	run ev import - -
	assert_status 2
}

@test "a missing file is reported, and no database is left behind" {
	run ev import no-such.csv
	assert_status 1
	assert_output_has "evidence: import: no-such.csv: No such file or directory"
	[ ! -e evidence.db ]
}

# Each file in tests/data/bad (or folder of files) must be rejected with
# exactly the messages in its .expected file, exit 1, leave the database
# as it was, and finish promptly.
@test "every bad input is rejected with its expected messages and changes nothing" {
	load_sample
	before=$(dump_db)
	db="$PWD/evidence.db"
	cd "$DATA"
	n=0
	for f in bad/*; do
		case "$f" in *.expected) continue ;; esac
		name=$(basename "$f" .csv)
		if [ -d "$f" ]; then set -- "$f"/*.csv; else set -- "$f"; fi
		run --separate-stderr timeout 10 "$EVIDENCE_BIN" --db "$db" import "$@"
		if [ "$status" -ne 1 ]; then
			echo "$name: exit status $status, expected 1" >&2
			return 1
		fi
		if [ "$stderr" != "$(cat "bad/$name.expected")" ]; then
			printf '%s: messages differ\nexpected:\n%s\nactual:\n%s\n' "$name" "$(cat "bad/$name.expected")" "$stderr" >&2
			return 1
		fi
		if [ "$before" != "$(dump_db "$db")" ]; then
			echo "$name: the database changed" >&2
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 50 ]
}

@test "a 10 MiB field and 100,000 columns are refused without trouble" {
	load_sample
	before=$(dump_db)
	{ printf 'key,title,authors,year,design\nbig,"'; head -c 10485760 /dev/zero | tr '\0' x; printf '",A,2020,rct\n'; } > big.csv
	run timeout 10 "$EVIDENCE_BIN" import big.csv
	assert_status 1
	assert_output_has "big.csv:2: title: field is longer than 1048576 bytes (is a closing quote missing?)"
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sc%d", (i ? "," : ""), i; print "" }' > wide.csv
	run timeout 10 "$EVIDENCE_BIN" import wide.csv
	assert_status 1
	assert_output_has "wide.csv:1: more than 1000 columns in one record"
	assert_equal "$before" "$(dump_db)"
}

@test "every problem in a file is listed, each with its line" {
	cd "$DATA"
	run "$EVIDENCE_BIN" --db "$BATS_TEST_TMPDIR/x.db" import bad/many-problems.csv
	assert_status 1
	[ "$(printf '%s\n' "$output" | grep -c 'many-problems.csv:2:')" -eq 6 ]
	assert_output_has "many-problems.csv:4: key: 't-ok' appears more than once in this import"
	assert_output_has "nothing was imported: 7 problems"
}

@test "an updated row under a long path is named with its file and line whole (issue 17 point 5)" {
	# An invented path of 387 bytes: the place was cut at 299, without
	# its line.
	d=$(printf 'quarrydown-archive-%.0s' $(seq 10))
	d="$d/$d"
	mkdir -p "$d"
	printf 'key,title,authors,year,design\nashgrove-2021,A trial,Ashgrove A,2021,rct\n' > "$d/s.csv"
	ev -q import "$d/s.csv"
	printf 'key,title,authors,year,design\nashgrove-2021,A trial of menaquinone,Ashgrove A,2021,rct\n' > "$d/s.csv"
	run --separate-stderr ev import --dry-run "$d/s.csv"
	assert_status 0
	assert_equal "$d/s.csv:2: study 'ashgrove-2021': title: 'A trial' would become 'A trial of menaquinone'
studies: 0 to add, 1 to update, 0 unchanged (dry run: nothing written)" "$stderr"
}

@test "a link given twice is refused, quoting its outcome whole (issue 17 point 5)" {
	# An invented outcome of 400 bytes: the message was cut at 299.
	out=$(printf 'serum phylloquinone level after a year %.0s' $(seq 10))
	out=${out% }
	printf 'key,title,authors,year,design\nashgrove-2021,A trial,Ashgrove A,2021,rct\n' > s.csv
	printf 'key,title,author,published\na1,An invented article,Desk,2024-01-01\n' > a.csv
	printf 'key,article,topics,text\nserum-claim,a1,serum,A claim about serum levels.\n' > c.csv
	printf 'claim,study,direction,outcome\nserum-claim,ashgrove-2021,supports,%s\nserum-claim,ashgrove-2021,supports,%s\n' \
		"$out" "$out" > e.csv
	run --separate-stderr ev import s.csv a.csv c.csv e.csv
	assert_status 1
	assert_equal "evidence: import: e.csv:3: the link serum-claim -> ashgrove-2021 for outcome $out appears more than once in this import
evidence: import: nothing was imported: 1 problem" "$stderr"
}

@test "a near-duplicate's first author is compared and named whole, however long (issue 17 point 5)" {
	# Invented family names of 140 bytes that differ only at their ends:
	# import cut them at 126 bytes, so two authors were one, and the
	# warning named the author cut at 100 bytes. The studies come from
	# the database (the first study added) and from the file itself.
	long=$(printf 'Quarrydown%.0s' $(seq 13))
	title='Menaquinone and arterial stiffness in older adults'
	printf 'key,title,authors,year,design\nnorth-2020,%s,"%sNorth A, Doe J",2020,rct\n' "$title" "$long" > s1.csv
	ev -q import s1.csv
	printf 'key,title,authors,year,design\nsouth-2020,%s,%sSouth A,2020,rct\nsouth-2020-again,%s,%sSouth A,2020,rct\nwest-2020,%s,%sWest A,2020,rct\nnorth-2020-again,%s,%sNorth A,2020,rct\n' \
		"$title" "$long" "$title" "$long" "$title" "$long" "$title" "$long" > s2.csv
	run --separate-stderr ev import s2.csv
	assert_status 0
	assert_equal "evidence: import: warning: s2.csv:3: study 'south-2020-again' may be a duplicate of 'south-2020' (same first author ${long}South A, same year 2020, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
evidence: import: warning: s2.csv:5: study 'north-2020-again' may be a duplicate of 'north-2020' (same first author ${long}North A, same year 2020, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
studies: 4 added, 0 updated, 0 unchanged" "$stderr"
}

@test "blank lines before the header are read through, not held: memory stays flat however many" {
	# Telling the format kept everything read while the start was still
	# blank: 100 MB of blank lines took 100 MB of memory (256 MiB asked).
	head -c 32000000 /dev/zero | tr '\0' '\n' > blank.csv
	cat blank.csv "$SAMPLE"/articles.csv > late.csv
	read -r st small < <(peak small.db.err --db small.db import "$SAMPLE"/articles.csv)
	assert_equal 0 "$st"
	read -r st big < <(peak late.db.err --db late.db import late.csv)
	assert_equal 0 "$st"
	assert_equal "$(sqlite3 small.db 'SELECT key, title FROM articles')" "$(sqlite3 late.db 'SELECT key, title FROM articles')"
	[ "$big" -lt $((small + 16)) ] || { echo "peak $big MiB against $small MiB without the blank lines" >&2; return 1; }
	read -r st big < <(peak empty.db.err --db empty.db import blank.csv)
	assert_equal 1 "$st"
	[ "$big" -lt $((small + 16)) ] || { echo "peak $big MiB for a file of blank lines" >&2; return 1; }
	assert_equal "evidence: import: blank.csv:1: the file is empty; a header row naming the columns is required
evidence: import: nothing was imported: 1 problem" "$(cat empty.db.err)"
}
