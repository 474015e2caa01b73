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
	assert_output_has "/nonexistent/opt/ev/share/evidence/studies/"
}
