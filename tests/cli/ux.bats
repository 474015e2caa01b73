#!/usr/bin/env bats
# What people expect of a command-line tool: help for every command, the
# man page, shell completion, install and uninstall, colour and width on a
# terminal, the progress line, quiet mode, and the SQL views. Commands are
# taken from the binary (evidence __complete), so a new command is covered
# by these tests without editing them.

load helper

# commands: every command name, from the completion engine.
commands() {
	ev __complete "" | cut -f1
}

# on_tty COMMAND-LINE: runs it under script(1) so stdin, stdout and stderr
# are a terminal; prints what the terminal got, line ends as LF.
on_tty() {
	script -qec "$1" /dev/null </dev/null | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

# complete_bash WORD...: the candidates the bash completion function offers
# for the command line WORD... (the last word is under the cursor).
complete_bash() {
	PATH="$(dirname "$EVIDENCE_BIN"):$PATH" bash -c '
		source "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_evidence
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$REPO/docs/completion/evidence.bash" "$@"
}

# ---- help -------------------------------------------------------------

@test "every command's help has usage, its options, examples, and help CMD prints the same" {
	for c in $(commands); do
		run --separate-stderr ev "$c" --help
		assert_status 0
		[ -z "$stderr" ]
		help="$output"
		assert_output_has "evidence $c: "
		assert_output_has $'Usage:\n  evidence '"$c"
		assert_output_has "  -h, --help"
		# at least two examples, each a command line of this command
		examples=$(printf '%s\n' "$help" | sed -n '/^Examples:$/,$p' | grep -c "^  evidence $c\b" || true)
		[ "$examples" -ge 2 ] || { echo "$c: $examples examples" >&2; return 1; }
		# the examples come last, after the options
		[ "$(printf '%s\n' "$help" | grep -n '^Examples:$' | cut -d: -f1)" -gt \
			"$(printf '%s\n' "$help" | grep -n 'Options:$' | tail -1 | cut -d: -f1)" ]
		# every option the command accepts is described in its help
		for o in $(ev __complete "$c" -- | cut -f1); do
			printf '%s\n' "$help" | grep -qE "^  (-[a-zA-Z], )?$o( |$)" ||
				{ echo "$c: option $o is not in its help" >&2; return 1; }
		done
		run ev help "$c"
		assert_equal "$help" "$output"
	done
}

@test "evidence alone, evidence help and --help print the same one-screen overview" {
	run ev
	assert_status 0
	overview="$output"
	for c in $(commands); do
		assert_output_has "  $c  "
	done
	assert_output_has "Database:  evidence.db (not created yet; set with --db PATH or \$EVIDENCE_DB)"
	assert_output_has "Demo data: evidence import studies/*.csv
           evidence query arterial-calcification"
	assert_output_has "man evidence"
	# one screen: at most 40 lines, and on an 80-column terminal no line
	# wider (long summaries wrap under themselves)
	[ "$(printf '%s\n' "$overview" | wc -l)" -le 40 ]
	run on_tty "COLUMNS=80 '$EVIDENCE_BIN'"
	[ "$(printf '%s\n' "$output" | LC_ALL=C.UTF-8 wc -L)" -le 80 ]
	# at 60 columns the query summary takes two lines, the second indented
	run on_tty "COLUMNS=60 '$EVIDENCE_BIN'"
	entry=$(printf '%s\n' "$output" | awk '/^  query / { on = 1; print; next } on && /^    +[a-z]/ { print; next } { on = 0 }')
	[ "$(printf '%s\n' "$entry" | wc -l)" -eq 2 ]
	assert_equal "query grade the claims about a topic: verdict, certainty, studies, pooled effect" \
		"$(printf '%s\n' "$entry" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
	run ev help
	assert_equal "$overview" "$output"
	run ev --help
	assert_equal "$overview" "$output"
}

@test "the overview says where the database is and where it comes from" {
	ev -q import "$SAMPLE"/articles.csv
	run ev
	assert_output_has "Database:  evidence.db (set with --db PATH or \$EVIDENCE_DB)"
	run env EVIDENCE_DB=other.db "$EVIDENCE_BIN"
	assert_output_has "Database:  other.db (not created yet; from \$EVIDENCE_DB)"
	run ev --db evidence.db
	assert_output_has "Database:  evidence.db (from --db)"
}

@test "unknown commands, options and keys suggest the nearest name, with usage on stderr" {
	run --separate-stderr ev help qeury
	assert_status 2
	[ -z "$output" ]
	assert_equal "evidence: help: no command 'qeury'; did you mean 'query'?" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev help nothing-like-it
	assert_status 2
	assert_equal "evidence: help: no command 'nothing-like-it'" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev expalin x
	assert_status 2
	assert_equal "evidence: unknown command 'expalin'; did you mean 'explain'?" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev query x --frmat json
	assert_status 2
	assert_equal "evidence: query: unknown option '--frmat'; did you mean '--format'?" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev import --dryrun x.csv
	assert_equal "evidence: import: unknown option '--dryrun'; did you mean '--dry-run'?" "$(printf '%s\n' "$stderr" | head -1)"
	run ev show article k2-arterial-flexibilty --db missing.db
	assert_status 1
	load_sample
	run ev show article k2-arterial-flexibilty
	assert_status 1
	assert_equal "evidence: show: no article 'k2-arterial-flexibilty'; did you mean 'k2-arterial-flexibility'?" "$output"
}

@test "-q silences summaries but not errors, before or after the command" {
	run --separate-stderr ev -q import "$SAMPLE"/articles.csv
	assert_status 0
	[ -z "$stderr" ]
	run --separate-stderr ev import -q "$SAMPLE"/articles.csv
	[ -z "$stderr" ]
	run --separate-stderr ev init --quiet
	[ -z "$stderr" ]
	printf 'key,title\nBad Key,x\n' > bad.csv
	run --separate-stderr ev -q import --kind articles bad.csv
	assert_status 1
	assert_equal "evidence: import: bad.csv:2: key: 'Bad Key' is not a valid key (use lowercase letters, digits and '-', starting with a letter or digit)" \
		"$(printf '%s\n' "$stderr" | head -1)"
}

# ---- man page ---------------------------------------------------------

@test "the man page formats without a warning" {
	command -v groff >/dev/null || skip "groff is not installed"
	run groff -ww -man -z -Tutf8 "$REPO/docs/evidence.1"
	assert_status 0
	assert_equal "" "$output"
	run --separate-stderr env MANWIDTH=80 man --warnings -E UTF-8 -l "$REPO/docs/evidence.1"
	assert_status 0
	assert_equal "" "$stderr"
	assert_output_has "EVIDENCE(1)"
}

@test "the man page's generated sections are up to date (run 'make man' if not)" {
	run --separate-stderr ev __man < "$REPO/docs/evidence.1"
	assert_status 0
	if [ "$output" != "$(cat "$REPO/docs/evidence.1")" ]; then
		diff -u "$REPO/docs/evidence.1" <(printf '%s\n' "$output") >&2 || true
		return 1
	fi
}

@test "the man page documents every command, environment variable and exit status" {
	command -v man >/dev/null || skip "man is not installed"
	page=$(MANWIDTH=200 man -l "$REPO/docs/evidence.1" 2>/dev/null)
	for c in $(commands); do
		printf '%s\n' "$page" | grep -qE "^   $c\$" || { echo "no section for $c" >&2; return 1; }
		printf '%s\n' "$page" | grep -qE "^       evidence $c\b" || { echo "no synopsis for $c" >&2; return 1; }
	done
	for v in EVIDENCE_DB NO_COLOR COLUMNS TERM; do
		printf '%s\n' "$page" | grep -qE "^       $v( |\$)" || { echo "no $v" >&2; return 1; }
	done
	for s in "EXIT STATUS" "FILE FORMATS" "OUTPUT FORMATS" ENVIRONMENT FILES EXAMPLES "SHELL COMPLETION"; do
		printf '%s\n' "$page" | grep -qx "$s" || { echo "no $s section" >&2; return 1; }
	done
	# every CSV column of every kind
	for kind in articles studies claims evidence; do
		for col in $(head -1 "$SAMPLE/$kind.csv" | tr ',' ' '); do
			printf '%s\n' "$page" | grep -qE "^       $col( |\$)" || { echo "no column $kind.$col" >&2; return 1; }
		done
	done
}

@test "the README's table of commands has a row for every command" {
	[ "$(commands | wc -l)" -ge 8 ]
	for c in $(commands); do
		grep -qE "^\| \`evidence $c( |\`)" "$REPO/README.md" ||
			{ echo "README.md: no row for 'evidence $c' in the table of commands" >&2; return 1; }
	done
}

@test "__man refuses an unknown or unclosed generated section" {
	run --separate-stderr ev __man nonsense
	assert_status 1
	assert_equal "evidence: __man: no generated section 'nonsense'" "$stderr"
	printf '.TH X 1\n.\\" BEGIN GENERATED SECTION commands\nold\n' > page.1
	run --separate-stderr ev __man < page.1
	assert_status 1
	assert_equal "evidence: __man: <stdin>:2: generated section not closed by '.\\\" END GENERATED SECTION'" "$stderr"
}

# ---- completion --------------------------------------------------------

@test "the completion scripts are valid bash and zsh" {
	run bash -n "$REPO/docs/completion/evidence.bash"
	assert_status 0
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$REPO/docs/completion/_evidence"
	assert_status 0
}

@test "the completion engine offers commands, options, values, kinds and keys" {
	load_sample
	# every command of the table, in its (name) order, with its summary
	assert_equal "$(commands)" "$(commands | LC_ALL=C sort)"
	for c in explain help import init query report show topics; do
		commands | grep -qx "$c"
	done
	run ev __complete qu
	assert_equal "query	grade the claims about a topic: verdict, certainty, studies, pooled effe..." "$output"
	run ev __complete query arterial-
	assert_equal "arterial-calcification	5 claims
arterial-stiffness	1 claim" "$output"
	run ev __complete show ""
	assert_equal "study
claim
article" "$output"
	run ev __complete show study knot
	assert_equal "knottingale-2015	2015 rct: Menaquinone-7 supplements and arterial stiffness in healthy po..." "$output"
	run ev __complete explain mk7-
	assert_equal "mk7-most-bioavailable	MK-7 is the most bioavailable form of vitamin K2.
mk7-no-cac-benefit	Taking MK-7 daily did not significantly improve coronary artery calcium ..." "$output"
	run ev __complete report ""
	assert_equal "k2-arterial-flexibility	Does Vitamin K2 Keep Arteries Flexible? A Test Article" "$output"
	# the formats the command's help lists
	run ev __complete query --format ""
	assert_equal "$(ev help query | sed -n 's/^  -f, --format FORMAT  output format: \(.*\) (default .*/\1/p')" \
		"$(printf '%s\n' "$output" | tr '\n' ' ' | sed 's/ $//')"
	assert_output_has "markdown"
	run ev __complete query --format=j
	assert_equal "--format=json" "$output"
	run ev __complete query -fm
	assert_equal "-fmarkdown" "$output"
	run ev __complete import --kind ""
	assert_equal "articles studies claims evidence" "$(printf '%s\n' "$output" | tr '\n' ' ' | sed 's/ $//')"
	run ev __complete import --d
	assert_equal "--db	the database (default \$EVIDENCE_DB, else ./evidence.db)
--dry-run	check everything and report what would change; write nothing" "$output"
	run ev __complete import ""
	assert_equal ":files" "$output"
	run ev __complete help re
	assert_equal "report	judge every claim of an article, in the article's order" "$output"
	run ev __complete --color ""
	assert_equal "auto always never" "$(printf '%s\n' "$output" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
	run ev __complete --db ""
	assert_equal ":files" "$output"
	# commands without output options are not offered them
	run ev __complete init --
	assert_output_lacks "--format"
	assert_output_has "--db"
	run ev __complete help --
	assert_output_lacks "--db"
}

@test "completion follows the synopsis: word lists, --FIELD options, keys of any kind" {
	# link, edit and log come with the curation commands; skipped without them
	for c in link edit log; do
		ev help "$c" >/dev/null 2>&1 || skip "no '$c' command in this build"
	done
	load_sample
	# "--direction supports|contradicts|inconclusive" in the synopsis
	run ev __complete link k2-activates-mgp knottingale-2015 --direction ""
	assert_equal "supports
contradicts
inconclusive" "$output"
	run ev __complete link k2-act
	assert_equal "k2-activates-mgp" "$(printf '%s\n' "$output" | cut -f1)"
	run ev __complete link k2-activates-mgp knot
	assert_equal "knottingale-2015" "$(printf '%s\n' "$output" | cut -f1)"
	# "--FIELD VALUE": the columns of the kind named on the line
	run ev __complete edit study knottingale-2015 --ti
	assert_equal "--title" "$output"
	run ev __complete edit link k2-activates-mgp knottingale-2015 --dir
	assert_equal "--direction" "$output"
	# "[KEY]" with no kind named: keys of every kind
	run ev __complete log knot
	assert_equal "knottingale-2015" "$(printf '%s\n' "$output" | cut -f1)"
}

@test "completion reads keys from the database named on the command line" {
	ev -q --db other.db import "$SAMPLE"/*.csv
	run ev __complete query arterial-s
	assert_equal "" "$output"
	run ev __complete --db other.db query arterial-s
	assert_equal "arterial-stiffness	1 claim" "$output"
	run ev __complete query --db other.db arterial-s
	assert_equal "arterial-stiffness	1 claim" "$output"
	run env EVIDENCE_DB=other.db "$EVIDENCE_BIN" __complete query arterial-s
	assert_equal "arterial-stiffness	1 claim" "$output"
	# a broken database is no error while completing: nothing at all
	echo junk > junk.db
	run --separate-stderr ev __complete --db junk.db query ""
	assert_status 0
	assert_equal "" "$output"
	assert_equal "" "$stderr"
}

@test "bash completion offers the engine's candidates, --option= values and file names" {
	load_sample
	touch new-trials.csv
	run complete_bash evidence qu
	assert_equal "query" "$output"
	run complete_bash evidence query arterial-c
	assert_equal "arterial-calcification" "$output"
	run complete_bash evidence show claim k2-act
	assert_equal "k2-activates-mgp" "$output"
	# bash splits --format=js at '=': the candidate replaces the part after it
	run complete_bash evidence query --format = j
	assert_equal "json" "$output"
	run complete_bash evidence import --kind st
	assert_equal "studies" "$output"
	run complete_bash evidence import new-
	assert_equal "new-trials.csv" "$output"
	run complete_bash evidence --db evid
	printf '%s\n' "$output" | grep -qx evidence.db
	# the history commands of issue 19, and their options
	run complete_bash evidence un
	assert_equal "undo" "$output"
	run complete_bash evidence gaps --to
	assert_equal "--topic" "$output"
	run complete_bash evidence diff --si
	assert_equal "--since" "$output"
}

@test "zsh completion completes commands, options and keys in a real zsh" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	load_sample
	run timeout 60 "$DATA/ux/zsh-complete" "$REPO/docs/completion" "$(dirname "$EVIDENCE_BIN")" \
		'evidence qu' 'evidence show study knot' 'evidence query --format=j' 'evidence import --kind stu' \
		'evidence explain mk7-no' 'evidence und' 'evidence gap' 'evidence dif' 'evidence undo --ch'
	assert_status 0
	assert_equal "evidence query
evidence show study knottingale-2015
evidence query --format=json
evidence import --kind studies
evidence explain mk7-no-cac-benefit
evidence undo
evidence gaps
evidence diff
evidence undo --change" "$output"
}

# ---- install ------------------------------------------------------------

# (That the bundled data itself installs and loads is checked in bundled.bats;
# here studies/ may hold anything, or nothing.)
@test "make install puts binary, man page, completions and demo data under DESTDIR; uninstall removes them" {
	root="$BATS_TEST_TMPDIR/root"
	run env -u MAKEFLAGS -u MAKELEVEL make -s -C "$REPO" install DESTDIR="$root" PREFIX=/usr/local
	assert_status 0
	for f in bin/evidence share/man/man1/evidence.1 share/bash-completion/completions/evidence \
		share/zsh/site-functions/_evidence; do
		[ -f "$root/usr/local/$f" ] || { echo "missing $f" >&2; return 1; }
	done
	# every CSV file of studies/, unchanged, and nothing else
	for f in "$REPO"/studies/*.csv; do
		[ -e "$f" ] || continue
		cmp "$f" "$root/usr/local/share/evidence/studies/$(basename "$f")"
	done
	assert_equal "$(cd "$REPO/studies" 2>/dev/null && ls -- *.csv 2>/dev/null)" \
		"$(cd "$root/usr/local/share/evidence/studies" && ls)"
	[ -x "$root/usr/local/bin/evidence" ]
	run "$root/usr/local/bin/evidence" --version
	assert_status 0
	cmp "$REPO/docs/evidence.1" "$root/usr/local/share/man/man1/evidence.1"

	run env -u MAKEFLAGS -u MAKELEVEL make -s -C "$REPO" uninstall DESTDIR="$root" PREFIX=/usr/local
	assert_status 0
	assert_equal "" "$(find "$root" -type f)"
	[ ! -e "$root/usr/local/share/evidence" ]
}

@test "with PREFIX=/usr, zsh completion goes where Debian's zsh looks" {
	run env -u MAKEFLAGS -u MAKELEVEL make -n -C "$REPO" install DESTDIR=/nonexistent PREFIX=/usr
	assert_status 0
	assert_output_has "/nonexistent/usr/share/zsh/vendor-completions/_evidence"
	assert_output_has "/nonexistent/usr/share/bash-completion/completions/evidence"
	assert_output_has "/nonexistent/usr/share/man/man1/evidence.1"
}

# ---- terminal manners ------------------------------------------------------

@test "colour on a terminal, unless NO_COLOR, TERM=dumb or --color=never; --color=always wins" {
	load_sample
	green=$'\033[32msupported\033[0m'
	run on_tty "TERM=xterm '$EVIDENCE_BIN' query arterial-calcification"
	assert_output_has "$green"
	run on_tty "TERM=xterm NO_COLOR=1 '$EVIDENCE_BIN' query arterial-calcification"
	assert_output_lacks $'\033['
	run on_tty "TERM=dumb '$EVIDENCE_BIN' query arterial-calcification"
	assert_output_lacks $'\033['
	run on_tty "TERM=xterm '$EVIDENCE_BIN' --color=never query arterial-calcification"
	assert_output_lacks $'\033['
	run on_tty "TERM=xterm NO_COLOR=1 '$EVIDENCE_BIN' query arterial-calcification --color=always"
	assert_output_has "$green"
	# an empty NO_COLOR does not count (no-color.org)
	run on_tty "TERM=xterm NO_COLOR= '$EVIDENCE_BIN' query arterial-calcification"
	assert_output_has "$green"
	# not a terminal: no colour unless forced; formats for programs never
	run ev query arterial-calcification
	assert_output_lacks $'\033['
	run ev query arterial-calcification --color=always
	assert_output_has "$green"
	for f in csv tsv json markdown; do
		run ev query arterial-calcification --format "$f" --color=always
		assert_output_lacks $'\033['
	done
	run ev report k2-arterial-flexibility --format markdown --color=always
	assert_output_lacks $'\033['
}

@test "tables fit the terminal: wrapped at COLUMNS=130, one record per row at 60, whole when piped" {
	load_sample
	run on_tty "COLUMNS=130 '$EVIDENCE_BIN' query arterial-calcification --color=never"
	assert_equal "$(cat "$DATA/ux/query-130.out")" "$output"
	run on_tty "COLUMNS=60 '$EVIDENCE_BIN' query arterial-calcification --color=never"
	assert_equal "$(cat "$DATA/ux/query-60.out")" "$output"
	# without COLUMNS, the terminal's own width
	run on_tty "stty cols 72; '$EVIDENCE_BIN' explain k2-intake-lower-chd-mortality --color=never"
	assert_equal "$(cat "$DATA/ux/explain-72.out")" "$output"
	# not a terminal: COLUMNS is ignored and nothing is cut or wrapped
	whole=$(ev query arterial-calcification)
	run env COLUMNS=60 "$EVIDENCE_BIN" query arterial-calcification
	assert_equal "$whole" "$output"
	assert_output_has "k2-prevention-not-reversal           contradicted  very-low         2           388          Vitamin K2 may work better to prevent arterial calcification than to act on calcification that is already established."
	# nor when -o writes a file from a terminal; -o - is the terminal itself
	run on_tty "COLUMNS=60 '$EVIDENCE_BIN' query arterial-calcification -o out.txt"
	assert_equal "$whole" "$(cat out.txt)"
	run on_tty "COLUMNS=60 '$EVIDENCE_BIN' query arterial-calcification -o - --color=never"
	assert_equal "$(cat "$DATA/ux/query-60.out")" "$output"
}

@test "no line is wider than the terminal, whatever the width" {
	load_sample
	for w in 50 80 100; do
		for cmd in "query arterial-calcification" "report k2-arterial-flexibility" "show study knottingale-2015" \
			"explain mk7-no-cac-benefit" "topics"; do
			out=$(on_tty "COLUMNS=$w '$EVIDENCE_BIN' $cmd --color=never")
			widest=$(printf '%s\n' "$out" | LC_ALL=C.UTF-8 wc -L)
			[ "$widest" -le "$w" ] || { echo "$cmd at $w: a line of $widest" >&2; return 1; }
		done
	done
}

@test "the progress line shows on a terminal's stderr, and never in a pipe, a file or with -q" {
	run on_tty "'$EVIDENCE_BIN' import '$SAMPLE'/articles.csv '$SAMPLE'/studies.csv > /dev/null"
	assert_status 0
	# drawn with a carriage return, cleared before the summary
	assert_output_has "import "
	assert_output_has "% ["
	assert_output_has $'\033[K'"articles: 1 added, 0 updated, 0 unchanged"
	rm -f evidence.db*
	run --separate-stderr ev import "$SAMPLE"/*.csv
	assert_status 0
	assert_output_lacks $'\033'
	assert_equal "articles: 1 added, 0 updated, 0 unchanged
studies: 20 added, 0 updated, 0 unchanged
claims: 13 added, 0 updated, 0 unchanged
evidence: 25 added, 0 updated, 0 unchanged" "$stderr"
	rm -f evidence.db*
	run on_tty "'$EVIDENCE_BIN' -q import '$SAMPLE'/*.csv"
	assert_status 0
	assert_equal "" "$output"
	rm -f evidence.db*
	run on_tty "TERM=dumb '$EVIDENCE_BIN' import '$SAMPLE'/articles.csv"
	assert_output_lacks $'\033'
	assert_output_lacks "% ["
}

@test "a problem during import is reported on a clean line, not over the progress line" {
	printf 'key,title\nok-1,Fine\nBad Key,x\n' > bad.csv
	run on_tty "'$EVIDENCE_BIN' import --kind articles bad.csv"
	assert_status 1
	# the line is erased before the message, which starts a line of its own
	assert_output_has $'\033[Kevidence: import: bad.csv:3: key:'
}

# ---- open data ----------------------------------------------------------------

@test "the views answer like the program on the sample data" {
	load_sample
	# claim_summary: studies and participants as query reports them (the
	# graded verdict needs pooling, which SQL does not do: docs/schema.md)
	for t in $(sqlite3 evidence.db 'SELECT key FROM topics'); do
		expected=$(ev query "$t" --format csv --no-header | cut -d, -f1,4,5)
		actual=$(sqlite3 -csv evidence.db "SELECT claim, studies, participants FROM topic_claims WHERE topic = '$t'")
		assert_equal "$expected" "$actual"
	done
	# report order
	assert_equal "$(ev report k2-arterial-flexibility --format csv --no-header | cut -d, -f1-2)" \
		"$(sqlite3 -csv evidence.db "SELECT position, claim FROM claim_summary WHERE article = 'k2-arterial-flexibility'")"
	run sqlite3 -csv evidence.db 'SELECT * FROM article_summary'
	assert_equal "k2-arterial-flexibility,\"Does Vitamin K2 Keep Arteries Flexible? A Test Article\",\"Quillfeather T\",2025-10-23,,13,5,2,2,4" "$output"
	run sqlite3 -csv evidence.db "SELECT claim, topics, links, studies, supporting, contradicting, inconclusive, not_counted, participants, top_level, top_supporting, top_contradicting, top_participants, verdict FROM claim_summary WHERE claim IN ('mk7-no-cac-benefit', 'mk7-most-bioavailable', 'k2-directs-calcium-to-bone') ORDER BY claim"
	assert_equal "k2-directs-calcium-to-bone,mechanism;arterial-calcification,0,0,0,0,0,0,0,,0,0,0,insufficient
mk7-most-bioavailable,bioavailability,2,2,1,0,1,0,10,1,1,0,10,supported
mk7-no-cac-benefit,coronary-artery-calcification;arterial-calcification,5,5,3,1,0,1,2354,4,3,1,2354,mixed" "$output"
	run sqlite3 -csv evidence.db "SELECT study, design, level, direction, n, counted FROM claim_evidence WHERE claim = 'mk7-no-cac-benefit'"
	assert_equal "lirren-2023,meta-analysis,4,contradicts,1533,1
quinkcac-results,rct,4,contradicts,,0
sheafmoor-2009,rct,4,supports,388,1
valvek-2022,rct,4,supports,365,1
zwalmhollow-2019,rct,4,supports,68,1" "$output"
}

@test "study_citations builds Vancouver citations and links" {
	load_sample
	run sqlite3 -separator ' | ' evidence.db "SELECT citation, doi_url, pubmed_url FROM study_citations WHERE study IN ('knottingale-2015', 'valvek-2022', 'lirren-2023', 'brackwater-2009')"
	assert_equal "Brackwater JWJ, Bottlebrook ML, Ashgrovel F, Barrowfield MLEL, Pennyfeather M, Gallowmere JM, Whistledown JCM, Grimthorpe DE, van der Mistel YT. Dietary menaquinone intake and reduced coronary calcification in postmenopausal women. Fict Atheroscler. 2009;203(2):489-493. doi:10.5555/sample.brackwater-2009. | https://doi.org/10.5555/sample.brackwater-2009 | 
Knottingale MHJ, Brambleford LAJLM, Drumwhistle NE, Beckenthorn O, Hollowmere APG, Vermillow C. Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women: a randomised placebo-controlled trial. Fict Thromb. 2015;113(5):1135-1144. doi:10.5555/sample.knottingale-2015. PMID: 90000104. | https://doi.org/10.5555/sample.knottingale-2015 | https://pubmed.ncbi.nlm.nih.gov/90000104/
Lirren T, Wrenfold Y, Tumbleby WP. Vitamin K supplements and vascular calcification: a meta-analysis of randomised trials. Fict Front Nutr. 2023;10:1115069. doi:10.5555/sample.lirren-2023. PMID: 90000106. | https://doi.org/10.5555/sample.lirren-2023 | https://pubmed.ncbi.nlm.nih.gov/90000106/
Dunmorrow ACP, et al. Vitamin K2 and D in older men with aortic valve calcification: the VALVEK randomised trial. Fict Circ. 2022;145(18):1387-1397. doi:10.5555/sample.valvek-2022. PMID: 90000101. | https://doi.org/10.5555/sample.valvek-2022 | https://pubmed.ncbi.nlm.nih.gov/90000101/" "$output"
	# an unverified placeholder: what there is, and its status
	run sqlite3 -separator ' | ' evidence.db "SELECT status, citation FROM study_citations WHERE study = 'quinkcac-results'"
	assert_equal "unverified | [QuinK-CAC trial results; primary publication not verified]." "$output"
}

@test "docs/schema.md describes every table, view and column of the database" {
	ev init
	missing=""
	for t in $(sqlite3 evidence.db "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
		section=$(awk -v h="### \`$t\`" '$0 == h { on = 1; next } /^#/ { on = 0 } on' "$REPO/docs/schema.md")
		[ -n "$section" ] || { missing="$missing table:$t"; continue; }
		for c in $(sqlite3 evidence.db "SELECT name FROM pragma_table_info('$t')"); do
			case "$section" in *"\`$c\`"*) ;; *) missing="$missing $t.$c" ;; esac
		done
	done
	[ -z "$missing" ] || { echo "not in docs/schema.md:$missing" >&2; return 1; }
}
