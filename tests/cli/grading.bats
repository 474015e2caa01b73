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

@test "outcomes that differ only in case, spacing or Unicode form are one group everywhere" {
	cat >s.csv <<'CSV'
key,title,authors,journal,year,doi,design,sample_size,risk_of_bias,status
un-a,Plimbo trial A,Ombel R,J Invented Res,2015,10.5555/un.a,rct,400,low,verified
un-b,Plimbo trial B,Ombel R,J Invented Res,2016,10.5555/un.b,rct,300,low,verified
un-c,Plimbo trial C,Ombel R,J Invented Res,2017,10.5555/un.c,rct,500,low,verified
un-d,Plimbo trial D,Ombel R,J Invented Res,2018,10.5555/un.d,rct,200,low,verified
un-e,Plimbo trial E,Ombel R,J Invented Res,2019,10.5555/un.e,rct,250,low,verified
CSV
	printf 'key,topics,text\nun-claim,un,Plimbo lowers stroke and death.\n' >c.csv
	# "Stroke", "stroke " and fullwidth "ｓｔｒｏｋｅ"; "décès" composed (NFC) and decomposed (NFD)
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\nun-claim,un-a,supports,Stroke,RR,0.8,0.6,1.05\nun-claim,un-b,supports,"stroke ",RR,0.7,0.5,0.98\nun-claim,un-c,supports,\357\275\223\357\275\224\357\275\222\357\275\217\357\275\213\357\275\205,RR,0.9,0.7,1.15\nun-claim,un-d,supports,d\303\251c\303\250s,RR,0.85,0.6,1.2\nun-claim,un-e,supports,de\314\201ce\314\200s,RR,0.75,0.5,1.1\n' >e.csv
	ev -q import s.csv c.csv e.csv
	run --separate-stderr ev explain un-claim --format json
	assert_status 0
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [(p["outcome"], p["k"]) for p in d["pooled"]] == [("Stroke", 3), ("d\u00e9c\u00e8s", 2)], d["pooled"]
assert [(b["outcome"], b["links"]) for b in d["bodies"]] == [("Stroke", 3), ("d\u00e9c\u00e8s", 2)], d["bodies"]
' "$output"
	# the forest plot draws the same two groups, each with its diamond
	ev plot un-claim -o p.svg
	assert_equal 2 "$(grep -c 'class="evfp-pool' p.svg)"
	# and meta, and pooling by another estimator, find the same members
	run --separate-stderr ev meta un-claim --format json
	assert_status 0
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [(g["outcome"], g["pooled"]["k"]) for g in d["groups"]] == [("Stroke", 3), ("d\u00e9c\u00e8s", 2)], d["groups"]
' "$output"
	run --separate-stderr ev query un --method reml --format csv
	assert_output_has '"Stroke: k=3 RR 0.8156 (0.6933 to 0.9596), I2 0% (REML random effects); décès: k=2 '
}
