#!/usr/bin/env bats
# EVIDENCE_PLANS=1: the query plan of each statement on stderr, with any
# step that reads a whole table marked; stdout is unchanged. The rule that
# no lookup scans a table is held by tests/unit/test_plans.c; this pins
# the switch the benchmark and people use to look.

load helper

@test "plans: EVIDENCE_PLANS=1 prints each statement's plan on stderr, stdout unchanged" {
	load_sample
	ev query arterial-calcification --format json >plain.json
	run --separate-stderr env EVIDENCE_PLANS=1 "$EVIDENCE_BIN" query arterial-calcification --format json
	assert_status 0
	assert_equal "$(cat plain.json)" "$output"
	[[ "$stderr" == *"evidence: plan: SELECT id FROM topics WHERE key = ?1"* ]]
	[[ "$stderr" == *"evidence: plan:   SEARCH topics USING COVERING INDEX"* ]]
	[[ "$stderr" == *"SEARCH e USING INDEX sqlite_autoindex_evidence_1 (claim_id=?)"* ]]
	[[ "$stderr" != *"reads the whole table"* ]]
}

@test "plans: a whole-table scan is marked (an export of every study), a filtered export has none" {
	load_sample
	run --separate-stderr env EVIDENCE_PLANS=1 "$EVIDENCE_BIN" export --format bibtex
	assert_status 0
	[[ "$stderr" == *"SCAN studies USING INDEX sqlite_autoindex_studies_1   <-- reads the whole table"* ]]
	run --separate-stderr env EVIDENCE_PLANS=1 "$EVIDENCE_BIN" export --format bibtex --topic arterial-calcification
	assert_status 0
	[[ "$stderr" != *"reads the whole table"* ]]
	run --separate-stderr env EVIDENCE_PLANS=0 "$EVIDENCE_BIN" export --format bibtex
	# the sample's one unverified placeholder is left out, and said so; no plan lines
	assert_equal "1 unverified study left out (add --all to include it)" "$stderr"
}
