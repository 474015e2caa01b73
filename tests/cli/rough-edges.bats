#!/usr/bin/env bats
# The small things a new user meets in the first hour (issue 19): plot on
# a terminal, did-you-mean, hints for common mistakes, DOI forms, widths.
# On the fixture in tests/data/todo (invented studies, DOIs under 10.5555).

load helper

TODO_DATA="$BATS_TEST_DIRNAME/../data/todo"

# on_tty COMMAND-LINE: runs it under script(1) so stdin, stdout and stderr
# are a terminal; prints what the terminal got, line ends as LF.
on_tty() {
	script -qec "$1" /dev/null </dev/null | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

@test "plot on a terminal without -o refuses and says how to write a file; piped it writes SVG" {
	ev -q import "$TODO_DATA"/*.csv
	run on_tty "'$EVIDENCE_BIN' plot pill-works"
	assert_status 2
	assert_output_has "evidence: plot: an SVG image is no use on a terminal: give -o FILE.svg (or '> FILE.svg')"
	[[ $output != *"<svg"* ]]
	run on_tty "'$EVIDENCE_BIN' plot pill-works -o forest.svg"
	assert_status 0
	head -c 5 forest.svg | grep -q '<?xml\|<svg'
	run ev plot pill-works
	assert_status 0
	assert_output_has "<svg"
}

@test "the man page lists exit status 3, the stated_result words, and the data path the binary was built with" {
	man_text=$(groff -man -Tascii "$REPO/docs/evidence.1" 2>/dev/null | sed 's/.\x08//g')
	printf '%s\n' "$man_text" | grep -qE '^ +3 +A check found problems: evidence audit'
	printf '%s\n' "$man_text" | tr -s ' \n' ' ' |
		grep -q "which 'evidence audit' checks when it is one of supports, contradicts, no-effect, mixed"
	# the installed data path comes from the binary (EV_DATADIR, from the
	# Makefile's DATADIR), and make install generates the page afresh
	run ev __man data-dir
	assert_equal ".IR $(sed -n 's/#define EV_DATADIR "\(.*\)"/\1/p' "$REPO/build/config.h" | sed 's/-/\\-/g')/studies/ ." "$output"
	run ev __man data-files
	assert_output_has "/studies/*.csv"
	run env -u MAKEFLAGS -u MAKELEVEL make -n -C "$REPO" install DESTDIR=/nonexistent PREFIX=/opt/ev
	assert_status 0
	assert_output_has '#define EV_DATADIR "%s"\n'"' '/opt/ev/share/evidence'"
	assert_output_has "__man < docs/evidence.1"
	# the data folder is made under the prefix whatever studies/ holds (the
	# files copied into it are bundled.bats's to check)
	assert_output_has "/nonexistent/opt/ev/share/evidence/studies"
}

@test "did you mean: a mistyped kind word, global option or key in an evidence CSV" {
	ev -q import "$TODO_DATA"/*.csv
	run ev show stduy alpha-2001
	assert_status 2
	assert_output_has "evidence: show: 'stduy' is not one of study, claim, article; did you mean 'study'?"
	run ev rm clam pill-works
	assert_status 2
	assert_output_has "evidence: rm: 'clam' is not one of study, claim, article, link; did you mean 'claim'?"
	run ev edit artcle todo-news --title x
	assert_status 2
	assert_output_has "evidence: edit: 'artcle' is not one of study, claim, article, link; did you mean 'article'?"
	run ev log --kind studis
	assert_status 2
	assert_output_has "evidence: log: --kind: 'studis' is not one of study, claim, article, link; did you mean 'study'?"
	run ev import --kind stduies studies.csv
	assert_status 2
	assert_output_has "evidence: import: --kind: 'stduies' is not one of articles, studies, claims, evidence, pubmed, medline, ris, bibtex, csl-json, retraction-watch; did you mean 'studies'?"
	run ev --colour never topics
	assert_status 2
	assert_output_has "evidence: unknown option '--colour'; did you mean '--color'?"
	printf 'claim,study,direction\npill-nothing,alpah-2001,supports\npill-nthing,alpha-2001,supports\n' > ev.csv
	run --separate-stderr ev import ev.csv
	assert_status 1
	assert_equal "evidence: import: ev.csv:2: study: no study 'alpah-2001' in the database or in this import; did you mean 'alpha-2001'?
evidence: import: ev.csv:3: claim: no claim 'pill-nthing' in the database or in this import; did you mean 'pill-nothing'?
evidence: import: nothing was imported: 2 problems" "$stderr"
}

@test "--format before the command says where it goes" {
	run --separate-stderr ev --format json topics
	assert_status 2
	assert_equal "evidence: '--format' is an option of the command: it goes after the command's name, as in 'evidence topics --format json'" "$stderr"
	run --separate-stderr ev -q -o out.csv --db x.db gaps
	assert_status 2
	assert_equal "evidence: '-o' is an option of the command: it goes after the command's name, as in 'evidence -q --db x.db gaps -o out.csv'" "$stderr"
}

@test "a semicolon-separated CSV is recognised as such, with how to convert it" {
	printf 'key;title;authors;year;design\nsemi-2020;A trial;Doe J;2020;rct\n' > studies.csv
	run --separate-stderr ev import studies.csv
	assert_status 1
	assert_equal "evidence: import: studies.csv:1: the file looks semicolon-separated (a spreadsheet's CSV where ',' is the decimal mark): save it again with ',' as the field separator, or as tab-separated text, and import that
evidence: import: nothing was imported: 1 problem" "$stderr"
}

@test "a DOI written as a link or with doi: is stored bare" {
	printf 'key,title,authors,year,design,doi\ndoi-a-2020,T,Doe J,2020,rct,https://doi.org/10.5555/Todo.A\ndoi-b-2021,T2,Doe J,2021,rct,doi: 10.5555/todo.b\ndoi-c-2022,T3,Doe J,2022,rct,https://dx.doi.org/10.5555/todo.c\n' > studies.csv
	run ev -q import studies.csv
	assert_status 0
	ev -q add study --key doi-d-2023 --title T4 --authors 'Doe J' --year 2023 --design rct --doi DOI:10.5555/todo.d
	assert_equal "doi-a-2020|10.5555/Todo.A
doi-b-2021|10.5555/todo.b
doi-c-2022|10.5555/todo.c
doi-d-2023|10.5555/todo.d" "$(sqlite3 evidence.db 'SELECT key, doi FROM studies ORDER BY key')"
	run --separate-stderr ev add study --key doi-e --title T5 --authors 'Doe J' --year 2023 --design rct --doi https://doi.org/10.55/x
	assert_status 1
	assert_equal "evidence: add: --doi: 'https://doi.org/10.55/x' is not a DOI (10.NNNN/...)" "$stderr"
}

@test "at 60 columns evidence and help break lines between words, never inside one" {
	# every word of the text on a terminal is a word of the text in a pipe
	for c in "" "help" "help undo" "help link"; do
		# shellcheck disable=SC2086
		piped=$(ev $c | tr -s ' \n' '\n\n' | sort -u)
		run on_tty "COLUMNS=60 '$EVIDENCE_BIN' $c"
		assert_status 0
		[ "$(printf '%s\n' "$output" | LC_ALL=C.UTF-8 wc -L)" -le 60 ]
		words=$(printf '%s\n' "$output" | tr -s ' \n' '\n\n' | sort -u)
		diff <(echo "$piped") <(echo "$words") || { echo "'evidence $c' at 60 columns breaks words" >&2; return 1; }
	done
	# a paragraph is filled again, a list item goes on under its text
	run on_tty "COLUMNS=60 '$EVIDENCE_BIN'"
	assert_output_has "A citation database for fact-checkers, health writers and
evidence reviewers: it links each claim of an article to the"
	assert_output_has "Database:  evidence.db (not created yet; set with --db PATH
           or \$EVIDENCE_DB)"
}

@test "query at 80 and 100 columns is a table with the text under each row, not one record per row" {
	ev -q import "$TODO_DATA"/*.csv
	printf 'key,article,topics,text\npill-lowers-the-risk-of-events-a-lot,todo-news,pills,"%s"\n' \
		'The pill lowers the risk of events a great deal, say the invented authors, in every group they looked at.' > claims.csv
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\npill-lowers-the-risk-of-events-a-lot,alpha-2001,supports,events,RR,0.70,0.55,0.89\npill-lowers-the-risk-of-events-a-lot,beta-2005,supports,events,RR,0.80,0.65,0.98\n' > evidence.csv
	ev -q import claims.csv evidence.csv
	run on_tty "COLUMNS=100 '$EVIDENCE_BIN' --color never query pills"
	assert_status 0
	assert_equal "pills: 4 claims
===============
claim                                 verdict       certainty  studies  participants  pooled
pill-works                            supported     low              2          2400
    The pill lowers the risk.
pill-indirect                         supported     very-low         1           400
    The pill helps the elderly.
pill-unverified                       insufficient                   1             0
    A double dose works better.
pill-lowers-the-risk-of-events-a-lot  supported     low              2          2400  events: k=2 R…
    The pill lowers the risk of events a great deal, say the invented authors, in every group they
    looked at." "$output"
	run on_tty "COLUMNS=80 '$EVIDENCE_BIN' --color never query pills"
	assert_status 0
	# the cut column goes under the row too, and the columns close up
	assert_equal "claim                                verdict      certainty studies participants
pill-works                           supported    low             2         2400
    The pill lowers the risk." "$(printf '%s\n' "$output" | sed -n 3,5p)"
	assert_equal "pill-lowers-the-risk-of-events-a-lot supported    low             2         2400
    pooled: events: k=2 RR 0.7562 (0.6469 to 0.8841), I2 0%
    The pill lowers the risk of events a great deal, say the invented authors,
    in every group they looked at." "$(printf '%s\n' "$output" | tail -4)"
	# where even that cannot fit, one record per row, as before
	run on_tty "COLUMNS=50 '$EVIDENCE_BIN' --color never query pills"
	assert_output_has "verdict       supported"
}
