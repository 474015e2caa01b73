#!/usr/bin/env bats
# Nothing hostile reaches the terminal (issue 18, item 4): every byte
# evidence prints as text, its messages included, goes through one
# escaping function (ev_term_escape), import refuses C0 and C1 controls in
# text, and bidirectional overrides show as <U+202E>.

load helper

FFFD=$'\xef\xbf\xbd'

# assert_no_controls TEXT: no ESC, no C0 control other than tab and
# newline, no DEL, no C1 control (as UTF-8 or as a lone byte) and no
# bidirectional override in TEXT, except colour sequences (ESC [ digits m)
# when $1 is "colour-ok".
assert_no_controls() {
	local allow=$1
	shift
	printf '%s' "$1" | python3 -c '
import re, sys
data = sys.stdin.buffer.read()
if sys.argv[1] == "colour-ok":
    data = re.sub(rb"\x1b\[(0|2|31|32|33|36)m", b"", data)
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", data)
if bad:
    sys.exit("control bytes %r at offset %d" % (bad.group(0), bad.start()))
' "$allow"
}

# core_db: ./evidence.db with the core fixtures.
core_db() {
	ev -q import "$DATA"/core/*.csv
}

@test "import refuses C1 controls in text fields, naming file, line and field" {
	core_db
	before=$(dump_db)
	printf 'key,title,authors,year,design\nc1-study,Before\xc2\x9b2J after,Doe J,2020,rct\n' > csi.csv
	printf 'key,article,topics,text\nc1-claim,,t-all,"OSC \xc2\x9d0;x\xc2\x9c here"\n' > osc.csv
	run --separate-stderr ev import csi.csv osc.csv
	assert_status 1
	assert_equal "evidence: import: csi.csv:2: title: contains the control character U+009B
evidence: import: osc.csv:2: text: contains the control character U+009D
evidence: import: nothing was imported: 2 problems" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "import keeps refusing C0 controls and DEL, and still takes tab and newline in text" {
	core_db
	before=$(dump_db)
	printf 'key,title,authors,year,design\nc0-study,Bell \x07 here,Doe J,2020,rct\ndel-study,Del \x7f here,Doe J,2020,rct\n' > c0.csv
	run --separate-stderr ev import c0.csv
	assert_status 1
	assert_equal "evidence: import: c0.csv:2: title: contains the control character 0x07
evidence: import: c0.csv:3: title: contains the control character 0x7f
evidence: import: nothing was imported: 2 problems" "$stderr"
	assert_equal "$before" "$(dump_db)"
	printf 'key,title,authors,year,design,notes\nws-study,Tab\there,Doe J,2020,rct,"two\nlines"\n' > ws.csv
	run ev -q import ws.csv
	assert_status 0
	assert_equal "2" "$(sqlite3 evidence.db "SELECT instr(title, char(9)) > 0 AND instr(notes, char(10)) > 0 FROM studies WHERE key = 'ws-study'" | tr 1 2)"
}

@test "a CSV header name with escape sequences is shown escaped in the message" {
	printf 'key,title,authors,year,design,\033]0;owned\007x\033[2J\nt-a,A,B,2020,rct,1\n' > h.csv
	run --separate-stderr ev import h.csv
	assert_status 1
	assert_equal "evidence: import: h.csv:1: unknown column '${FFFD}]0;owned${FFFD}x${FFFD}[2J' for studies
evidence: import: nothing was imported: 1 problem" "$stderr"
	[ ! -e evidence.db ]
}

@test "a PubMed extra column name with escape sequences is shown escaped in the warning" {
	P="$DATA/pubmed/fictional.csv"
	{
		head -1 "$P" | tr -d '\r\n'
		printf ',\033]0;owned\007Extra\033[2J\n'
		sed -n 2p "$P" | tr -d '\r\n'
		printf ',x\n'
	} > pm.csv
	run --separate-stderr ev import pm.csv
	assert_status 0
	assert_equal "evidence: import: warning: pm.csv:1: ignoring column '${FFFD}]0;owned${FFFD}Extra${FFFD}[2J', which PubMed's CSV export does not have" \
		"$(printf '%s\n' "$stderr" | head -1)"
	assert_no_controls strict "$stderr"
}

@test "arguments and file names echoed in messages are escaped" {
	run --separate-stderr ev import $'x\033[2J.csv'
	assert_status 1
	[[ "$stderr" == "evidence: import: x${FFFD}[2J.csv: No such file or directory"* ]]
	run --separate-stderr ev $'x\033]0;t\007'
	assert_status 2
	assert_equal "evidence: unknown command 'x${FFFD}]0;t${FFFD}'" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev import $'--\033[2Jx'
	assert_status 2
	assert_equal "evidence: import: unknown option '--${FFFD}[2Jx'" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev --color $'\xc2\x9bx'
	assert_status 2
	assert_equal "evidence: --color takes auto, always or never, not '${FFFD}x'" "$(printf '%s\n' "$stderr" | head -1)"
	# A lone byte 0x9b (CSI to a terminal in an 8-bit mode) too.
	core_db
	run --separate-stderr ev show study $'a\x9b2J'
	assert_status 1
	assert_equal "evidence: show: no study 'a${FFFD}2J'" "$stderr"
}

@test "escape sequences stored in the database never pass report, explain, audit, show or query, with or without colour" {
	core_db
	foreign_write evidence.db "UPDATE claims SET text = 'Bad ' || char(27) || '[2J' || char(27) || ']0;owned' || char(7) || ' ' || char(155) || '31m c1 ' || char(27) || '[31mRED', quote = 'Q ' || char(27) || '[2J', stated_result = 'S ' || char(27) || '[5m', notes = 'N ' || char(27) || '[2J';
		UPDATE studies SET title = title || char(27) || '[7m', notes = 'n' || char(27) || '[2J'"
	for cmd in "report test-article" "report test-article --format markdown" "explain pooled-claim" \
		"explain mixed-claim" "audit test-article" "show claim pooled-claim" "show study trial-a-2001" \
		"query t-pooled" "studies" "search Bad"; do
		for when in never always; do
			# shellcheck disable=SC2086
			run --separate-stderr ev --color $when $cmd
			if [ "$status" -gt 1 ]; then
				echo "$cmd: exit status $status" >&2
				return 1
			fi
			if [ $when = never ]; then
				assert_no_controls strict "$output$stderr" || { echo "$cmd --color $when" >&2; return 1; }
			else
				assert_no_controls colour-ok "$output$stderr" || { echo "$cmd --color $when" >&2; return 1; }
			fi
		done
	done
	run ev --color never explain pooled-claim
	assert_output_has "Bad ${FFFD}[2J${FFFD}]0;owned${FFFD} ${FFFD}31m c1 ${FFFD}[31mRED"
	# The verdict is still coloured when colour is asked for.
	run ev --color always explain pooled-claim
	assert_output_has $'Verdict: \033[32msupported\033[0m'
}

@test "a byte that is not UTF-8 after a newline in stored text shows as U+FFFD (the escaping once looped on it forever)" {
	core_db
	foreign_write evidence.db "UPDATE claims SET text = 'line one' || char(10) || CAST(x'ff' AS TEXT) || 'after' WHERE key = 'pooled-claim'"
	for cmd in "show study trial-a-2001" "explain pooled-claim" "report test-article"; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 20 "$EVIDENCE_BIN" $cmd
		assert_status 0
	done
	assert_output_has "${FFFD}after"
}

@test "bidirectional overrides are stored as given and shown by name on a terminal" {
	core_db
	printf 'key,title,authors,year,design\nbidi-study,Dose \xe2\x80\xae01 gm\xe2\x80\xac and \xe2\x81\xa6x\xe2\x81\xa9,Doe J,2020,rct\n' > bidi.csv
	run ev -q import bidi.csv
	assert_status 0
	assert_equal "e280ae" "$(sqlite3 evidence.db "SELECT hex(substr(title, 6, 1)) FROM studies WHERE key = 'bidi-study'" | tr 'A-F' 'a-f')"
	run ev show study bidi-study
	assert_status 0
	assert_output_has "Dose <U+202E>01 gm<U+202C> and <U+2066>x<U+2069>"
	assert_no_controls strict "$output"
	# Data formats keep every byte.
	run ev show study bidi-study --format json
	assert_output_has $'Dose \xe2\x80\xae01 gm'
	# Messages name them too.
	run --separate-stderr ev show study $'x\xe2\x80\xaey'
	assert_status 1
	assert_equal "evidence: show: no study 'x<U+202E>y'" "$stderr"
}

@test "completion menus show titles from the database escaped" {
	core_db
	foreign_write evidence.db "UPDATE studies SET title = 'T ' || char(27) || ']0;owned' || char(7) || char(8238) || 'B' WHERE key = 'trial-a-2001';
		UPDATE claims SET text = 'C ' || char(27) || '[2J' WHERE key = 'pooled-claim'"
	run ev __complete show study trial-a
	assert_status 0
	assert_equal "trial-a-2001	2001 rct: T ${FFFD}]0;owned${FFFD}<U+202E>B" "$output"
	run ev __complete explain pooled
	assert_equal "pooled-claim	C ${FFFD}[2J" "$output"
}

@test "a completion menu's description is cut at 72 columns, whatever bytes they take (issue 17 point 5)" {
	# 300 combining accents take no column, so the title fits whole (it
	# was copied into 512 bytes first, and cut there without "...").
	title="A$(printf '\xcc\x81%.0s' $(seq 300)) trial"
	ev -q add study --key accent-2020 --title "$title" --authors 'Ashgrove A' --year 2020 --design rct
	run ev __complete show study accent
	assert_status 0
	assert_equal "accent-2020	2020 rct: $title" "$output"
}
