#!/usr/bin/env bats
# The grading rule of docs/grading.md end to end (issue 11): bodies of
# evidence, the five domains in explain and in the claim JSON, what a claim
# asserts and which outcome decides it, and reviews' included studies
# through import, edit, history, dump and export. Fixtures: tests/data/grading
# (invented studies, DOIs under 10.5555).

load helper

setup_grading() {
	ev -q import "$DATA"/grading/*.csv
}

@test "explain shows each body and the five domains with their numbers" {
	setup_grading
	run ev explain quenzo-lowers-pain
	assert_status 0
	assert_output_has "Bodies of evidence"
	assert_output_has "1 (primary)  pain     MD       randomized      4      4  4          9420  MD -0.0157 (-0.0652 to 0.0338)  high       contradicted"
	assert_output_has "inconsistency     none    inconsistency: I2 = 30.3%, tau2 = 0.000765; the 4 CIs overlap"
	assert_output_has "includes the null but no appreciable effect (a precise null)"
	assert_output_has "publication bias  none    publication bias: not assessable: 4 estimates (Egger's test needs 10)"
	assert_output_has "Verdict: contradicted, high certainty"
}

@test "a null result is pooled whatever its label: one positive trial beside three null ones" {
	setup_grading
	run ev query grading --format csv
	assert_status 0
	assert_equal "claim,verdict,certainty,studies,participants
zorblat-lowers-fatigue,supported,moderate,3,1500
quenzo-lowers-pain,contradicted,high,4,9420
brimble-less-ear-noise,supported,low,1,90000
quenzo-no-effect-pain,supported,high,3,9000" "$(printf '%s\n' "$output" | cut -d, -f1-5)"
}

@test "a review and the trials it includes count once, through the review" {
	setup_grading
	run ev explain zorblat-lowers-fatigue
	assert_output_has "primary body: fatigue score (MD, randomized): the outcome the claim names"
	assert_output_has "zorblat-trial-a-2015, zorblat-trial-b-2017 counted through review zorblat-review-2021, which includes them"
	assert_output_has "randomized evidence: 1 link rated of 3, 1,500 participants in 1 study: start at high"
}

@test "a meta-analysis of cohort studies starts low" {
	setup_grading
	run ev explain brimble-less-ear-noise
	assert_output_has "observational evidence: 1 link rated of 1, 90,000 participants in 1 study: start at low"
	assert_output_has "inferred as 'lower' from the supporting estimates"
	assert_output_has "Verdict: supported, low certainty"
}

@test "the claim JSON keeps its members and adds bodies, domains and upgrade" {
	setup_grading
	for cmd in "query grading" "report grading-article" "explain quenzo-no-effect-pain"; do
		# shellcheck disable=SC2086
		run --separate-stderr ev $cmd --format json
		assert_status 0
		printf '%s' "$output" > out.json
		run python3 - out.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
claims = d["claims"] if "claims" in d else [d]
for c in claims:
    for k in ["verdict", "certainty", "pooled", "bodies", "domains", "upgrade", "asserts"]:
        assert k in c, k
    assert set(c["domains"]) == {"risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"}
    for v in c["domains"].values():
        assert v["change"] in (0, -1, -2) and isinstance(v["reason"], str) and v["reason"]
    assert isinstance(c["upgrade"]["change"], int)
    for b in c["bodies"]:
        for k in ["outcome", "measure", "design", "k", "participants", "pooled", "certainty", "verdict"]:
            assert k in b, k
    assert sum(b["primary"] for b in c["bodies"]) == 1
PY
		assert_status 0
	done
	run ev explain quenzo-no-effect-pain --format json
	assert_output_has '"asserts": "no-effect"'
	assert_output_has '"design": "randomized"'
}

@test "import refuses includes that name no study, or the review itself, and changes nothing" {
	setup_grading
	before="$(dump_db)"
	run ev import "$DATA"/grading/bad/studies-unknown.csv
	assert_status 1
	assert_output_has "studies-unknown.csv:2: includes: no study 'murk-missing-2019' in the database or in this import"
	run ev import "$DATA"/grading/bad/studies-self.csv
	assert_status 1
	assert_output_has "studies-self.csv:2: includes: a review cannot include itself"
	assert_output_has "studies-self.csv:3: included_design: only a meta-analysis or systematic-review pools studies, and this study's design is 'cohort'"
	assert_equal "$before" "$(dump_db)"
}

@test "import warns when an estimate points against its direction label" {
	setup_grading
	run --separate-stderr ev import "$DATA"/grading/bad/evidence-against.csv
	assert_status 0
	assert_equal "evidence: import: warning: $DATA/grading/bad/evidence-against.csv:2: estimate: MD 0.2 lies above the null, but the link supports a claim that asserts 'lower' (check its direction)
evidence: 0 added, 1 updated, 0 unchanged" "$stderr"
}

@test "a review may come before what it includes; a rename follows into includes and history" {
	setup_grading
	run ev edit study zorblat-trial-a-2015 --key zorblat-trial-a-2016
	assert_status 0
	assert_output_has "includes: 'zorblat-trial-a-2015;zorblat-trial-b-2017' -> 'zorblat-trial-a-2016;zorblat-trial-b-2017'"
	assert_equal "zorblat-trial-a-2016|1
zorblat-trial-b-2017|2" "$(sqlite3 evidence.db "SELECT s.key, si.position FROM study_includes si JOIN studies s ON s.id = si.study_id ORDER BY si.position")"
	run ev explain zorblat-lowers-fatigue
	assert_output_has "zorblat-trial-a-2016, zorblat-trial-b-2017 counted through review zorblat-review-2021"
}

@test "add and edit take the new columns; dump and export write them" {
	setup_grading
	run ev add claim --key zorblat-no-effect --topics grading --text 'Zorblat does nothing.' --asserts sideways
	assert_status 1
	assert_output_has "--asserts: 'sideways' is not one of"
	run ev add claim --key zorblat-no-effect --topics grading --text 'Zorblat does nothing.' --asserts no-effect --outcome 'fatigue score'
	assert_status 0
	run ev edit study zorblat-review-2021 --includes 'zorblat-trial-a-2015;nobody-2000'
	assert_status 1
	assert_output_has "no study 'nobody-2000'"
	run ev edit study zorblat-review-2021 --included-design mixed
	assert_status 0
	ev dump out
	head -1 out/studies.csv | grep -q ',includes,included_design$'
	head -1 out/claims.csv | grep -q ',outcome,asserts$'
	grep -q '^zorblat-no-effect,.*,fatigue score,no-effect$' out/claims.csv
	grep -q 'zorblat-trial-a-2015;zorblat-trial-b-2017,mixed$' out/studies.csv
	run ev export --format csv --study zorblat-review-2021
	assert_output_has "zorblat-trial-a-2015;zorblat-trial-b-2017,mixed"
	# the dump imports back into a database that dumps the same
	ev -q --db copy.db import out/*.csv
	ev -q --db copy.db dump again
	for f in articles studies claims evidence; do
		assert_equal "$(cat out/$f.csv)" "$(cat again/$f.csv)"
	done
	assert_equal "2" "$(sqlite3 copy.db 'SELECT count(*) FROM study_includes')"
}
