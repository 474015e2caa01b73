#!/usr/bin/env bats
# `evidence sof`: GRADE Summary of Findings tables. The fixture
# (tests/data/sof) has trials with raw counts, published ratios without
# counts, arm means and a published risk difference; every absolute effect
# below is computed by hand from GRADEpro's formulas (docs/sof.md):
#   sof-rr-single: 30/200 vs 60/200: RR 0.5, SE(log RR) = sqrt(1/30 - 1/200
#     + 1/60 - 1/200) = 0.2, CI 0.5 exp(-+1.96 x 0.2) = 0.338 to 0.740;
#     comparator 300 per 1,000; difference 300 (RR - 1) = -150, -198.6, -78.0.
#   sof-rr-pooled: 100/2000 vs 200/2000 and 45/1000 vs 90/1000, both RR
#     0.5 (so tau2 = 0): comparator 290/3000 = 96.7 per 1,000; difference
#     96.67 x (0.5 - 1) = -48.3; SE = 1/sqrt(1/0.014 + 1/0.031333) = 0.09837,
#     CI 0.4127 to 0.6063: -56.8 and -38.1.
#   sof-or-given: OR 0.5 (0.25 to 1.0) on 20%: OR r/(1 - r + OR r):
#     0.1/0.9 = 111.1, 0.05/0.85 = 58.8, 0.2: -88.9, -141.2, 0.
#   sof-hr-given: HR 0.8 (0.64 to 1.0) on 20%: 1 - 0.8^HR: 163.5, 133.1,
#     200: -36.5, -66.9, 0.

load helper

# load_sof: the fixture in ./evidence.db
load_sof() {
	ev -q import "$DATA"/sof/*.csv
}

@test "sof: absolute effects per 1,000 from the control arms' counts, one trial and two pooled" {
	load_sof
	run --separate-stderr ev sof sof-article --intervention Zorblat --format tsv
	assert_status 0
	assert_equal "" "$stderr"
	# claim, outcome, participants (studies), certainty, relative, comparator, difference, statement
	assert_output_has "$(printf 'sof-rr-single\tstroke\t400 (1 RCT)\tmoderate\tRR 0.50 [0.34, 0.74]\t300 per 1,000\t150 fewer per 1,000 (from 199 fewer to 78 fewer)\tZorblat probably reduces stroke\t')"
	assert_output_has "$(printf 'sof-rr-pooled\tstroke\t6,000 (2 RCTs)\thigh\tRR 0.50 [0.41, 0.61]\t97 per 1,000\t48 fewer per 1,000 (from 57 fewer to 38 fewer)\tZorblat reduces stroke\t')"
	assert_output_has "a. Risk with the comparator: 290 events among 3,000 participants in the control arms of the pooled studies"
	# the JSON carries the unrounded numbers
	ev sof sof-rr-single --format json >single.json
	python3 - <<'PY'
import json, math
d = json.load(open("single.json"))
r = d["claims"][0]["rows"][0]
se = math.sqrt(1/30 - 1/200 + 1/60 - 1/200)
z = 1.959964  # meta.h EV_Z95, the z the links' CIs are computed with
lo, hi = 0.5 * math.exp(-z * se), 0.5 * math.exp(z * se)
assert d["kind"] == "claim" and d["key"] == "sof-rr-single" and d["baseline_risk"] is None, d
assert r["comparator"] == {"source": "control arms", "risk_per_1000": 300.0, "events": 60.0, "total": 200.0, "mean": None}, r
assert abs(r["estimate"] - 0.5) < 1e-12 and abs(r["ci_low"] - lo) < 1e-9 and abs(r["ci_high"] - hi) < 1e-9, r
assert abs(r["risk_with_intervention_per_1000"] - 150) < 1e-9, r
diff = r["difference_per_1000"]
assert abs(diff["per_1000"] + 150) < 1e-9, diff
assert abs(diff["low"] - 300 * (lo - 1)) < 1e-7 and abs(diff["high"] - 300 * (hi - 1)) < 1e-7, diff
PY
}

@test "sof: published ratios without counts need --baseline-risk, which counts never override" {
	load_sof
	run --separate-stderr ev sof sof-article --format tsv
	assert_status 0
	assert_output_has "$(printf 'sof-or-given\tfalls\t300 (1 RCT)\tlow\tOR 0.50 [0.25, 1.00]\t\tnot estimable without a comparator risk\t')"
	run --separate-stderr ev sof sof-article --baseline-risk 20% --format tsv
	assert_status 0
	assert_output_has "$(printf 'sof-or-given\tfalls\t300 (1 RCT)\tlow\tOR 0.50 [0.25, 1.00]\t200 per 1,000\t89 fewer per 1,000 (from 141 fewer to 0 fewer)\tThe intervention may reduce falls\t')"
	assert_output_has "$(printf 'sof-hr-given\tfracture\t900 (1 RCT)\tlow\tHR 0.80 [0.64, 1.00]\t200 per 1,000\t37 fewer per 1,000 (from 67 fewer to 0 fewer)\tThe intervention may reduce fracture slightly\t')"
	assert_output_has "Risk with the comparator: 20%, as given (--baseline-risk); the pooled studies record no control-arm counts"
	# the control arms' 300 per 1,000 stands whatever risk is given
	assert_output_has "$(printf 'sof-rr-single\tstroke\t400 (1 RCT)\tmoderate\tRR 0.50 [0.34, 0.74]\t300 per 1,000\t')"
	# 0.2 and 20% are the same risk
	run --separate-stderr ev sof sof-article --baseline-risk 0.2 --format tsv
	assert_output_has "$(printf '200 per 1,000\t89 fewer per 1,000 (from 141 fewer to 0 fewer)')"
}

@test "sof: continuous outcomes show the mean difference and the control arms' mean; a risk difference reads per 1,000 alone" {
	load_sof
	run --separate-stderr ev sof sof-md-means --format csv
	assert_status 0
	assert_equal "claim,outcome,participants (studies),certainty,relative effect (95% CI),risk with comparator,difference with intervention (95% CI),what happens,footnotes" "${lines[0]}"
	# MD -2, SE sqrt(16/50 + 16/50) = 0.8: CI -2 -+ 1.568 = -3.568 to -0.432 (two
	# decimals, as the forest plot shows a CI 3.1 wide)
	assert_output_has "sof-md-means,fatigue score,100 (1 RCT),low,,mean 12,MD 2.00 lower (3.57 lower to 0.43 lower),The intervention may reduce fatigue score,"
	run --separate-stderr ev sof sof-rd-published --format csv
	assert_output_has 'sof-rd-published,falls,"1,200 (1 RCT)",high,,,"50 fewer per 1,000 (from 80 fewer to 20 fewer)",The intervention reduces falls,'
}

@test "sof: the table shows GRADE's symbols, footnote marks and the footnotes under each claim" {
	load_sof
	run --separate-stderr ev sof sof-rr-single
	assert_status 0
	assert_equal "sof-rr-single: supported, moderate certainty" "${lines[0]}"
	assert_output_has "⊕⊕⊕◯ moderate a"
	assert_output_has "300 per 1,000 b"
	assert_output_has "a. Imprecision: downgraded one level (-1): 400 participants, optimal information size 1,806 (ratio measures): not met"
	assert_output_has "b. Risk with the comparator: 60 events among 200 participants in the control arms of the pooled studies"
	run --separate-stderr ev sof sof-article --format markdown
	assert_status 0
	assert_equal "# Summary of findings: Invented Claims For Summary Of Findings Tests" "${lines[0]}"
	assert_output_has "| stroke | 6,000 (2 RCTs) | ⊕⊕⊕⊕ high | RR 0.50 [0.41, 0.61] | 97 per 1,000 a | 48 fewer per 1,000 (from 57 fewer to 38 fewer) | The intervention reduces stroke |"
	assert_output_has "| fatigue score | 100 (1 RCT) | ⊕⊕◯◯ low a | - | mean 12 b | MD 2.00 lower (3.57 lower to 0.43 lower) |"
}

@test "sof: an article, a topic and a claim are found by key; a key naming two needs --as" {
	load_sof
	run --separate-stderr ev sof sof --format csv
	assert_status 0
	assert_equal 7 "${#lines[@]}" # header and six claims of one body each
	run --separate-stderr ev sof sof-article --format json
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["kind"]=="article" and [c["claim"] for c in d["claims"]]==["sof-rr-single","sof-rr-pooled","sof-or-given","sof-hr-given","sof-md-means","sof-rd-published"], d' "$output"
	# a topic with the article's key
	printf 'key,article,topics,text\nsof-extra,,sof-article,Another invented claim.\n' >extra.csv
	ev -q import extra.csv
	run --separate-stderr ev sof sof-article
	assert_status 2
	assert_equal "evidence: sof: 'sof-article' names an article and a topic: say which with --as" "${stderr_lines[0]}"
	run --separate-stderr ev sof sof-article --as topic --format json
	assert_status 0
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["kind"]=="topic" and [c["claim"] for c in d["claims"]]==["sof-extra"], d' "$output"
	run --separate-stderr ev sof sof-article --as claim
	assert_status 1
	assert_equal "evidence: sof: no claim 'sof-article'" "${stderr_lines[0]}"
	run --separate-stderr ev sof nothing-here
	assert_status 1
	assert_equal "evidence: sof: no claim, article or topic 'nothing-here' (see 'evidence topics' and 'evidence show')" "$stderr"
}

@test "sof: bad options are usage errors that name the value, and nothing is printed" {
	load_sof
	for bad in 1.5 -0.1 abc 12%% 150% ""; do
		run --separate-stderr ev sof sof-rr-single --baseline-risk "$bad"
		assert_status 2
		assert_equal "" "$output"
	done
	run --separate-stderr ev sof sof-rr-single --baseline-risk 1.5
	assert_equal "evidence: sof: --baseline-risk: '1.5' is not a risk between 0 and 1 (or 0% and 100%)" "${stderr_lines[0]}"
	run --separate-stderr ev sof sof-rr-single --baseline-risk abc
	assert_equal "evidence: sof: --baseline-risk: 'abc' is not a number" "${stderr_lines[0]}"
	run --separate-stderr ev sof sof-rr-single --as study
	assert_status 2
	assert_equal "evidence: sof: --as: 'study' is not claim, article or topic" "${stderr_lines[0]}"
	run --separate-stderr ev sof sof-rr-single --intervention ""
	assert_status 2
	run --separate-stderr ev sof
	assert_status 2
	assert_equal "evidence: sof: which claim, article or topic?" "${stderr_lines[0]}"
}

@test "sof: the HTML page is one self-contained table per claim, escaped, reflowing on a phone" {
	load_sof
	ev -q edit claim sof-rr-single --text 'Zorblat <b>lowers</b> "stroke" & more'
	run --separate-stderr ev sof sof-article --format html --intervention '<Zorblat>'
	assert_status 0
	assert_equal "<!DOCTYPE html>" "${lines[0]}"
	assert_output_has "<title>Summary of findings: Invented Claims For Summary Of Findings Tests</title>"
	assert_output_has '<meta name="viewport" content="width=device-width, initial-scale=1">'
	assert_output_has "<p>Zorblat &lt;b&gt;lowers&lt;/b&gt; &quot;stroke&quot; &amp; more</p>"
	assert_output_has '<td role="cell" data-label="Certainty">⊕⊕⊕◯ moderate <sup>a</sup></td>'
	assert_output_has '<td role="cell" data-label="What happens">&lt;Zorblat&gt; probably reduces stroke</td>'
	assert_output_has '<td role="cell" data-label="Difference with intervention (95% CI)">150 fewer per 1,000 (from 199 fewer to 78 fewer)</td>'
	assert_output_has '.sof td::before{content:attr(data-label)'
	assert_output_lacks "<script"
	assert_output_lacks "http"
	[ "$(grep -c '<table class="sof" role="table">' <<<"$output")" -eq 6 ]
	python3 -c 'import sys, html.parser; p = html.parser.HTMLParser(); p.feed(sys.stdin.read()); p.close()' <<<"$output"
}
