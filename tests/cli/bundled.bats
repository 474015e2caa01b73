#!/usr/bin/env bats
# The bundled data in studies/ itself: it loads cleanly, every claim is
# graded, and the commands the README and `make demo` show work on it.
# Nothing here pins a grade, a count or a citation: curation changes those.
# Every other test runs on fixtures under tests/data (see its README), so
# this is the only file that fails when studies/ is broken or missing.

load helper

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
