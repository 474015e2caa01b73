#!/usr/bin/env bats
# Exact output of every printing command in every format, on the small
# fixture in tests/data/core (golden files in tests/data/core/golden).
# UPDATE_GOLDEN=1 rewrites the golden files instead of comparing: review
# the diff before committing.

load helper

CASES='
query-table        query t-pooled
query-csv          query t-pooled --format csv
query-tsv          query t-pooled --format tsv
query-json         query t-pooled --format json
query-markdown     query t-pooled --format markdown
query-all-json     query t-all --format json
report-table       report test-article
report-markdown    report test-article --format markdown
report-csv         report test-article --format csv
report-json        report test-article --format json
explain-table      explain pooled-claim
explain-mixed      explain mixed-claim
explain-json       explain upgraded-claim --format json
explain-csv        explain mixed-claim --format csv
show-study         show study trial-c-2005
show-study-json    show study trial-c-2005 --format json
show-claim         show claim mixed-claim
show-article       show article test-article --format markdown
topics-table       topics
topics-json        topics --format json
topics-noheader    topics --format csv --no-header
'

setup_fixture() {
	ev -q import "$DATA"/core/*.csv
}

@test "every command and format prints exactly its golden output" {
	setup_fixture
	golden="$DATA/core/golden"
	failed=""
	while read -r name args; do
		[ -n "$name" ] || continue
		# shellcheck disable=SC2086
		run --separate-stderr ev $args
		if [ "$status" -ne 0 ]; then
			failed="$failed $name(exit $status: $stderr)"
			continue
		fi
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			printf '%s\n' "$output" > "$golden/$name.out"
		elif [ "$output" != "$(cat "$golden/$name.out")" ]; then
			printf '%s differs:\n' "$name" >&2
			diff -u "$golden/$name.out" <(printf '%s\n' "$output") >&2 || true
			failed="$failed $name"
		fi
	done <<< "$CASES"
	[ -z "$failed" ] || { echo "failed:$failed" >&2; return 1; }
}

@test "query --format json has the contract's fields, numbers as numbers" {
	setup_fixture
	run ev query t-pooled --format json
	assert_status 0
	printf '%s' "$output" > q.json
	run python3 - q.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["topic"] == "t-pooled"
c = d["claims"][0]
for k in ["key", "text", "article", "verdict", "certainty", "studies", "participants", "reasons", "pooled", "evidence"]:
    assert k in c, k
p = c["pooled"][0]
for k in ["outcome", "measure", "k", "estimate", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2", "q"]:
    assert k in p, k
    assert k in ("outcome", "measure") or isinstance(p[k], (int, float)), k
e = c["evidence"][0]
for k in ["study", "design", "n", "direction", "outcome", "measure", "estimate", "ci_low", "ci_high", "indirect"]:
    assert k in e, k
assert isinstance(c["studies"], int) and isinstance(c["participants"], int)
assert abs(p["estimate"] - 0.7220715) < 1e-6
empty = [x for x in json.load(open(sys.argv[1]))["claims"] if x["key"] == "upgraded-claim"][0]
print("ok")
PY
	assert_status 0
	assert_equal "ok" "$output"
}

@test "insufficient claims have a null certainty and absent values are null" {
	setup_fixture
	run ev query t-all --format json
	printf '%s' "$output" > q.json
	run python3 -c 'import json,sys; c=[x for x in json.load(open("q.json"))["claims"] if x["key"]=="empty-claim"][0]; print(c["verdict"], c["certainty"], c["evidence"], c["pooled"])'
	assert_equal "insufficient None [] []" "$output"
}

@test "csv output reads back with an RFC 4180 reader" {
	setup_fixture
	ev show study trial-c-2005 --format csv > s.csv
	run python3 -c 'import csv; r=dict(list(csv.reader(open("s.csv")))[1:]); print(r["population"], "|", r["notes"])'
	assert_equal "women, postmenopausal | a note, with a comma" "$output"
}
