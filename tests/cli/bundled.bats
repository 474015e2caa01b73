#!/usr/bin/env bats
# The bundled data in studies/ itself: it loads cleanly, every claim is
# graded, and the commands the README and `make demo` show work on it.
# Nothing here pins a grade, a count or a citation (curation changes
# those) except where the README shows them: the README must show what the
# program prints.
# Every other test runs on fixtures under tests/data (see its README), so
# this is the only file that fails when studies/ is broken or missing; the
# doc tests are here for that reason (the README, help and man page show
# their examples on the bundled data).

load helper
load browser

BUNDLED_ARTICLE=k2-arterial-flexibility

setup_file() {
	export BUNDLED_DB="$BATS_FILE_TMPDIR/bundled.db"
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	"${EVIDENCE_BIN:-$REPO/evidence}" -q --db "$BUNDLED_DB" import "$REPO"/studies/*.csv
}

# bundled: a copy of the database loaded once from studies/, in ./evidence.db
bundled() {
	cp "$BUNDLED_DB" evidence.db
}

@test "bundled: the four files of studies/ import cleanly: exit 0, nothing on stderr" {
	for f in articles studies claims evidence; do
		[ -f "$REPO/studies/$f.csv" ] || { echo "missing studies/$f.csv" >&2; return 1; }
	done
	run --separate-stderr ev -q import "$REPO"/studies/*.csv
	assert_status 0
	assert_equal "" "$stderr"
	assert_equal "" "$output"
	# and every row of every file is in the database
	for kind in articles studies claims evidence; do
		rows=$(python3 -c 'import csv, sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))))' \
			"$REPO/studies/$kind.csv")
		[ "$rows" -gt 0 ]
		assert_equal "$rows" "$(sqlite3 evidence.db "SELECT count(*) FROM $kind")"
	done
}

@test "bundled: every claim of every article is graded with a verdict and, unless insufficient, a certainty" {
	bundled
	for article in $(sqlite3 evidence.db 'SELECT key FROM articles ORDER BY key'); do
		run --separate-stderr ev report "$article" --format json
		assert_status 0
		printf '%s' "$output" | python3 -c '
import json, sys
r = json.load(sys.stdin)
verdicts = set(r["summary"]) - {"claims"}
assert verdicts >= {"supported", "contradicted", "mixed", "insufficient"}, verdicts
certainties = {"high", "moderate", "low", "very-low"}
assert r["claims"], "no claims"
assert r["summary"]["claims"] == len(r["claims"]), r["summary"]
assert sum(r["summary"][v] for v in verdicts) == len(r["claims"]), r["summary"]
for c in r["claims"]:
    assert c["verdict"] in verdicts, (c["key"], c["verdict"])
    if c["verdict"] == "insufficient":
        assert c["certainty"] is None, (c["key"], c["certainty"])
    else:
        assert c["certainty"] in certainties, (c["key"], c["certainty"])
    assert c["reasons"], (c["key"], "no reasons")'
	done
	# every claim belongs to an article, so the reports covered them all
	assert_equal 0 "$(sqlite3 evidence.db "SELECT count(*) FROM claims WHERE article_id IS NULL")"
}

# Fails while studies/claims.csv has claims without a quote; the curation
# of issue 13 fills them.
@test "bundled: every claim has a quote" {
	bundled
	run sqlite3 evidence.db "SELECT key FROM claims WHERE coalesce(trim(quote), '') = '' ORDER BY key"
	assert_status 0
	if [ -n "$output" ]; then
		printf 'claims without a quote:\n%s\n' "$output" >&2
		return 1
	fi
	[ "$(sqlite3 evidence.db "SELECT count(*) FROM claims")" -gt 0 ]
}

@test "bundled: the demo query answers with the claims about arterial calcification" {
	bundled
	run --separate-stderr ev query arterial-calcification
	assert_status 0
	assert_equal "" "$stderr"
	[[ "${lines[0]}" =~ ^arterial-calcification:\ ([0-9]+)\ claims?$ ]]
	n=${BASH_REMATCH[1]}
	[ "$n" -gt 0 ]
	assert_equal "$n" "$(sqlite3 evidence.db "SELECT count(*) FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE t.key = 'arterial-calcification'")"
	# each claim about the topic is listed
	for c in $(ev query arterial-calcification --format csv --no-header | cut -d, -f1); do
		assert_equal 1 "$(sqlite3 evidence.db "SELECT count(*) FROM claims WHERE key = '$c'")"
	done
	assert_equal "$n" "$(ev query arterial-calcification --format csv --no-header | wc -l)"
}

@test "bundled: the commands of 'make demo' work from a clean folder" {
	# The ./evidence lines of the demo target, run as written with the
	# binary under test, from a copy of the repository's studies/.
	cmds=$(sed -n '/^demo:/,/^$/p' "$REPO/Makefile" | sed -n 's/^\t\.\/evidence /evidence /p')
	[ -n "$cmds" ]
	cp -r "$REPO/studies" studies
	export EVIDENCE_BIN
	while IFS= read -r cmd; do
		run --separate-stderr bash -c "evidence() { \"\$EVIDENCE_BIN\" \"\$@\"; }; $cmd"
		if [ "$status" -ne 0 ]; then
			printf '%s: exit %s\n%s\n' "$cmd" "$status" "$stderr" >&2
			return 1
		fi
	done <<<"$cmds"
	[ -s evidence.db ]
}

@test "bundled: the article's report and its BibTeX export succeed" {
	bundled
	run --separate-stderr ev report "$BUNDLED_ARTICLE"
	assert_status 0
	assert_equal "" "$stderr"
	assert_output_has "$(sqlite3 evidence.db "SELECT title FROM articles WHERE key = '$BUNDLED_ARTICLE'")"
	run --separate-stderr ev export --format bibtex --article "$BUNDLED_ARTICLE"
	assert_status 0
	# the only note allowed: unverified placeholders are left out of a bibliography
	unverified=$(sqlite3 evidence.db "SELECT count(DISTINCT s.id) FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN articles a ON a.id = c.article_id JOIN studies s ON s.id = e.study_id WHERE a.key = '$BUNDLED_ARTICLE' AND s.status = 'unverified'")
	if [ "$unverified" -eq 0 ]; then
		assert_equal "" "$stderr"
	else
		[[ "$stderr" == "$unverified unverified stud"*" left out (add --all to include "*")" ]]
	fi
	[[ "${lines[0]}" == @article\{* ]]
	# one entry per verified or retracted study the article's claims cite
	assert_equal "$(sqlite3 evidence.db "SELECT count(DISTINCT e.study_id) FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN articles a ON a.id = c.article_id JOIN studies s ON s.id = e.study_id WHERE a.key = '$BUNDLED_ARTICLE' AND s.status <> 'unverified'")" \
		"$(grep -c '^@' <<<"$output")"
}

@test "bundled: the article's Summary of Findings has a row per body of evidence of every claim" {
	bundled
	run --separate-stderr ev sof "$BUNDLED_ARTICLE" --format json
	assert_status 0
	assert_equal "" "$stderr"
	echo "$output" >sof.json
	for c in $(sqlite3 evidence.db "SELECT c.key FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.key = '$BUNDLED_ARTICLE'"); do
		ev explain "$c" --format json >"explain-$c.json"
	done
	python3 - "$BUNDLED_ARTICLE" <<'PY'
import glob, json, sys
sof = json.load(open("sof.json"))
assert sof["kind"] == "article" and sof["key"] == sys.argv[1], sof["kind"]
claims = {c["claim"]: c for c in sof["claims"]}
files = glob.glob("explain-*.json")
assert files and len(files) == len(claims), (len(files), len(claims))
for f in files:
    e = json.load(open(f))
    c = claims[e["claim"]]
    bodies = e["bodies"]
    assert len(c["rows"]) == len(bodies), (e["claim"], len(c["rows"]), len(bodies))
    assert (c["verdict"], c["certainty"]) == (e["verdict"], e["certainty"]), e["claim"]
    if bodies:
        # the primary body comes first
        primary = [b for b in bodies if b.get("primary")][0]
        assert c["rows"][0]["outcome"] == primary["outcome"], e["claim"]
    for r in c["rows"]:
        assert r["statement"] and r["difference"], (e["claim"], r)
PY
	run --separate-stderr ev sof "$BUNDLED_ARTICLE" --format html
	assert_status 0
	[ "$(grep -c '<section>' <<<"$output")" -eq "$(sqlite3 evidence.db "SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.key = '$BUNDLED_ARTICLE'")" ]
}

@test "bundled: evidence site builds the bundled site, and in Chromium every page passes at 390 and 1280 px" {
	bundled
	run --separate-stderr ev site public
	assert_status 0
	# a page per article, topic in use, claim and study, the index and the
	# map, and the style sheet they share
	n=$(sqlite3 evidence.db "SELECT 2 + (SELECT count(*) FROM articles) + (SELECT count(DISTINCT topic_id) FROM claim_topics)
		+ (SELECT count(*) FROM claims) + (SELECT count(*) FROM studies)")
	assert_equal "site: $((n + 1)) pages in public: $((n + 1)) written, 0 unchanged, 0 removed" "$stderr"
	sitecheck_or_skip
	shots=$(shots_dir bundled-site)
	run_sitecheck ${shots:+--shots "$shots"} public
	assert_status 0
	[[ $output =~ ^"pages $n, widths 390 1280, links "[1-9][0-9]*", all resolve, nothing overflows"$ ]] ||
		{ printf 'sitecheck said:\n%s\n' "$output" >&2; return 1; }
	if [ -n "$shots" ]; then
		run assert_shots "$shots" public 390 1280
		assert_status 0
	fi
}

@test "bundled: make install puts the data under DESTDIR and the installed copy loads" {
	root="$BATS_TEST_TMPDIR/root"
	run env -u MAKEFLAGS -u MAKELEVEL make -s -C "$REPO" install DESTDIR="$root" PREFIX=/usr/local
	assert_status 0
	for f in articles studies claims evidence; do
		cmp "$REPO/studies/$f.csv" "$root/usr/local/share/evidence/studies/$f.csv"
	done
	run --separate-stderr "$root/usr/local/bin/evidence" -q import "$root"/usr/local/share/evidence/studies/*.csv
	assert_status 0
	assert_equal "" "$stderr"
}

# ---- doc tests ---------------------------------------------------------------
# Doc tests: every example command line in the README ("$ evidence ..."),
# in each command's help (its Examples: section) and in the man page's
# EXAMPLES section is run, and must do what the text says: exit 0 (unless
# the text says otherwise: an error message shown under it, "exit status
# N" after it, or a command whose help documents another exit status),
# with output when the text shows output or the command prints some.
#
# The examples run on the bundled data (studies/), which is curated
# separately: the help's and man page's examples show no output, and only
# work; the README shows what its examples print, and that output must be
# what they print now (an excerpt, marked "...", its lines in order), so a
# change of the data or the program that changes it means updating the
# README with it.
# Files an example names come from tests/data/doctest (new-trials.csv,
# article.md, ...) or are made in set-up (a git repository for `dump`,
# ~/checks/k2.db). The examples of one source run in order in one folder,
# as a reader would type them.

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
	# `help meta` pools on a database with enough trials: dat.bcg's (tests/data/meta-cli)
	ev -q --db bcg.db import "$DATA"/meta-cli/*.csv
	git init -q data
}

# join_continued: example lines with their "\" continuation lines joined.
join_continued() {
	sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta'
}

# prints_data LINE: whether the example's command writes data on stdout
# (the curation commands, import, dump and site report on stderr).
prints_data() {
	# the command: the first word after the global options
	case $(printf '%s\n' "$1" | sed -E 's/^evidence( --db [^ ]+| -q| --color [^ ]+)* //' | awk '{print $1}') in
	add | edit | link | rm | init | import | dump | undo | site) return 1 ;;
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

@test "bundled: every example in the README works as the README says" {
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

# readme_examples DIR: each "$ evidence ..." or "$ sqlite3 ..." example of
# the README (continuation lines joined) as DIR/N.cmd, and the lines the
# README shows under it, four spaces of indent removed, as DIR/N.shown.
readme_examples() {
	python3 - "$REPO/README.md" "$1" <<-'PY'
	import os, sys
	lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
	n, cmd, shown, i = 0, None, [], 0
	def flush():
	    global n, cmd, shown
	    if cmd is not None:
	        n += 1
	        base = os.path.join(sys.argv[2], "%02d" % n)
	        open(base + ".cmd", "w").write(cmd + "\n")
	        open(base + ".shown", "w").write("".join(l + "\n" for l in shown))
	    cmd, shown = None, []
	while i < len(lines):
	    line = lines[i]
	    if line.startswith("    $ evidence ") or line.startswith("    $ sqlite3 "):
	        flush()
	        cmd = line[6:]
	        while cmd.endswith("\\") and i + 1 < len(lines):
	            i += 1
	            cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
	    elif cmd is not None and line.startswith("    "):
	        shown.append(line[4:])
	    elif line and cmd is not None:
	        flush()
	    i += 1
	flush()
	PY
}

@test "bundled: what the README shows under an example is what it prints" {
	setup_env
	mkdir examples
	readme_examples examples
	local f n=0 got
	for f in examples/*.cmd; do
		run --separate-stderr bash -c "$(cat "$f")"
		# stdout, or the message on stderr when the example prints nothing
		# there (an error, or what a curation command did); trailing blanks
		# are sqlite3's padding
		got=$output
		[ -n "$got" ] || got=$stderr
		printf '%s\n' "$got" | sed 's/[[:space:]]*$//' > got
		# an excerpt ("..." lines) shows some of the lines, in order; else all
		python3 - "${f%.cmd}.shown" "$(cat "$f")" <<-'PY' || return 1
		import sys
		shown = [l.rstrip() for l in open(sys.argv[1], encoding="utf-8").read().split("\n")]
		while shown and not shown[-1]:
		    shown.pop()
		got = open("got", encoding="utf-8").read().rstrip("\n").split("\n")
		def fail(what, whole=True):
		    sys.stderr.write("README example: %s\n%s\n" % (sys.argv[2], what))
		    if whole:
		        sys.stderr.write("the README shows:\n%s\nit prints:\n%s\n" % ("\n".join(shown), "\n".join(got)))
		    sys.exit(1)
		if any(l.strip() == "..." for l in shown):
		    at = 0
		    for l in shown:
		        if l.strip() in ("...", ""):
		            continue
		        try:
		            at = got.index(l, at) + 1
		        except ValueError:
		            fail("this line of the excerpt is not printed (in this order): %s" % l, False)
		elif [l for l in shown if l] != [l for l in got if l]:
		    fail("the output differs")
		PY
		n=$((n + 1))
	done
	[ "$n" -ge 10 ]
}

@test "bundled: every example in every command's help works" {
	local c n=0 line expected want
	# Each command's examples run in a fresh copy of one prepared folder
	# (preparing it imports twice: doing that per command was most of the
	# test's time).
	mkdir prepared && cd prepared && setup_env && cd .. || return 1
	for c in $(ev __complete "" | cut -f1); do
		cp -a prepared "$c" && cd "$c" || return 1
		export HOME="$PWD/home"
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

@test "bundled: every example in the man page works" {
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

@test "bundled: the example extraction finds the examples (a broken extractor would pass vacuously)" {
	run bash -c "sed -n '/^    \\\$ evidence /p' '$REPO/README.md' | wc -l"
	[ "$output" -ge 10 ]
	run bash -c "'$EVIDENCE_BIN' help link | sed -n '/^Examples:\$/,\$p' | grep -c '^  evidence link'"
	assert_equal 2 "$output"
}
