#!/usr/bin/env bats
# Doc tests: every example command line in the README ("$ evidence ..."),
# in each command's help (its Examples: section) and in the man page's
# EXAMPLES section is run, and must do what the text says: exit 0 (unless
# the text says otherwise: an error message shown under it, "exit status
# N" after it, or a command whose help documents another exit status),
# with output when the text shows output or the command prints some.
#
# The examples run on the bundled data (studies/), which is curated
# separately: outputs are not pinned here, only that each example works.
# Files an example names come from tests/data/doctest (new-trials.csv,
# article.md, ...) or are made in set-up (a git repository for `dump`,
# ~/checks/k2.db). The examples of one source run in order in one folder,
# as a reader would type them.

load helper

DOCTEST_DATA="$BATS_TEST_DIRNAME/../data/doctest"

# setup_env: a folder as a reader has it: the bundled data loaded into
# ./evidence.db, studies/ at hand, the files the examples name, and the
# program on PATH as `evidence`.
setup_env() {
	PATH="$(cd "$(dirname "$EVIDENCE_BIN")" && pwd):$PATH"
	export PATH HOME="$PWD/home"
	ln -s "$REPO/studies" studies
	ev -q import studies/*.csv
	cp "$DOCTEST_DATA"/* .
	cp "$DATA/pubmed/fictional.csv" pubmed-vitaminK-set.csv
	cp "$DATA/pubmed/fictional.nbib" pubmed-vitaminK-set.nbib
	mkdir -p home/checks home/fact-checks
	cp evidence.db home/checks/k2.db
	git init -q data
}

# join_continued: example lines with their "\" continuation lines joined.
join_continued() {
	sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta'
}

# prints_data LINE: whether the example's command writes data on stdout
# (the curation commands and import report on stderr).
prints_data() {
	# the command: the first word after the global options
	case $(printf '%s\n' "$1" | sed -E 's/^evidence( --db [^ ]+| -q| --color [^ ]+)* //' | awk '{print $1}') in
	add | edit | link | rm | init | import | dump | undo) return 1 ;;
	esac
}

# run_example LINE EXPECTED WANT_OUTPUT: runs LINE in bash; EXPECTED is an
# exit status, or "0|3"; WANT_OUTPUT 1 when stdout (or the -o file) must
# not be empty. Reports the example and what happened when it fails.
run_example() {
	local line=$1 expected=$2 want=$3 out
	run --separate-stderr bash -o pipefail -c "$line"
	case "|$expected|" in
	*"|$status|"*) ;;
	*)
		printf 'example failed: %s\nexpected exit status %s, got %s\nstderr:\n%s\n' "$line" "$expected" "$status" "$stderr" >&2
		return 1
		;;
	esac
	if [ "$status" -eq 1 ] && [ "$expected" = 1 ]; then
		# an error the text shows: reported as one, by this command
		local cmd
		cmd=$(printf '%s\n' "$line" | awk '{print $2}')
		[[ $stderr == "evidence: $cmd: "* ]] ||
			{ printf 'example %s: expected an error from evidence %s, got:\n%s\n' "$line" "$cmd" "$stderr" >&2; return 1; }
	fi
	[ "$want" = 1 ] || return 0
	out=$(printf '%s\n' "$line" | sed -n 's/.* -o \([^ ]*\).*/\1/p')
	if [ -n "$out" ]; then
		[ -s "$out" ] || { echo "example $line: $out is empty" >&2; return 1; }
	elif prints_data "$line" && [ -z "$output" ] && [ "$status" -eq 0 ]; then
		echo "example $line: no output" >&2
		return 1
	elif ! prints_data "$line" && [ -z "$stderr" ] && [ "$status" -eq 0 ]; then
		# the curation commands and import report what they did on stderr
		echo "example $line: no report on stderr" >&2
		return 1
	fi
}

@test "every example in the README works as the README says" {
	setup_env
	local n=0 line expected want next
	# "$ evidence ..." lines of the indented code blocks, with what follows
	# them: an "evidence: ..." line is an error the example shows (exit 1),
	# other lines output; "(exit status N" after the block gives N.
	while IFS=$'\x1f' read -r line next after; do
		expected=0 want=0
		case $next in
		"evidence: "*) expected=1 ;;
		"" | '$ '*) ;;
		*) want=1 ;;
		esac
		case $after in
		"(exit status "*) expected=$(printf '%s' "$after" | sed 's/(exit status \([0-9]\).*/\1/') ;;
		esac
		run_example "$line" "$expected" "$want"
		n=$((n + 1))
	done < <(join_continued < "$REPO/README.md" | awk '
		function flush() { if (cmd != "") print cmd "\037" first "\037" after; cmd = ""; first = ""; after = "" }
		/^    \$ evidence / { flush(); cmd = substr($0, 7); inblock = 1; next }
		/^    / && inblock && cmd != "" { if (first == "") { first = substr($0, 5) } next }
		/^$/ { next }
		{ if (cmd != "" && after == "") after = $0; inblock = 0; flush() }
		END { flush() }')
	[ "$n" -ge 10 ]
}

@test "every example in every command's help works" {
	local c n=0 line expected want
	for c in $(ev __complete "" | cut -f1); do
		mkdir "$c" && cd "$c" || return 1
		setup_env
		# a command whose help documents another exit status (audit: 3)
		expected=0
		if ev help "$c" | grep -q 'Exit status:.* 3 '; then
			expected="0|3"
		fi
		while IFS= read -r line; do
			want=0
			prints_data "$line" && want=1
			run_example "$line" "$expected" "$want"
			n=$((n + 1))
		done < <(ev help "$c" | sed -n '/^Examples:$/,$p' | join_continued | sed -n 's/^  \(evidence .*\)/\1/p')
		cd .. || return 1
	done
	[ "$n" -ge 40 ]
}

@test "every example in the man page works" {
	setup_env
	rm evidence.db # the page starts from the bundled files
	local n=0 line want
	while IFS= read -r line; do
		want=0
		prints_data "$line" && want=1
		run_example "$line" 0 "$want"
		n=$((n + 1))
	done < <(sed -n '/^\.SH EXAMPLES/,/^\.SH SEE ALSO/p' "$REPO/docs/evidence.1" |
		sed -n '/^\.EX/,/^\.EE/p' | grep -v '^\.' |
		sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\e/\\/g' | grep -E '^(evidence|sqlite3) ')
	[ "$n" -ge 7 ]
}

@test "the example extraction finds the examples (a broken extractor would pass vacuously)" {
	run bash -c "sed -n '/^    \\\$ evidence /p' '$REPO/README.md' | wc -l"
	[ "$output" -ge 10 ]
	run bash -c "'$EVIDENCE_BIN' help link | sed -n '/^Examples:\$/,\$p' | grep -c '^  evidence link'"
	assert_equal 2 "$output"
}
