#!/usr/bin/env bats
# evidence audit: stated study details against the records, likely
# conflations, result vs verdict, quotes and figure sentences in the text.

load helper
bats_require_minimum_version 1.5.0

AUDIT="$BATS_TEST_DIRNAME/../data/audit"

# load_zest: the fictional test articles of tests/data/audit in ./evidence.db
load_zest() {
	ev -q import "$AUDIT"/articles.csv "$AUDIT"/studies.csv "$AUDIT"/claims.csv "$AUDIT"/evidence.csv
}

@test "sample article: the exact audit, exit 3" {
	load_sample
	run --separate-stderr ev audit k2-arterial-flexibility
	assert_status 3
	assert_equal "$(cat "$AUDIT/sample.table")" "$output"
	assert_equal "audit: 6 problems found in 'k2-arterial-flexibility'" "$stderr"
}

@test "sample article: QuinK-CAC mismatches and the closer matches" {
	load_sample
	run ev audit k2-arterial-flexibility -f csv
	assert_status 3
	assert_output_has '5,mk7-no-cac-benefit,study,match,QuinK-CAC trial,quinkcac-protocol-2015,named in its key; also named: quinkcac-results (unverified)'
	assert_output_has '5,mk7-no-cac-benefit,n,mismatch,243,180,+63 (+35%)'
	assert_output_has '5,mk7-no-cac-benefit,population,mismatch,postmenopausal women,"patients with coronary artery disease, men and women",sex: women vs men and women; condition: none stated vs coronary artery disease'
	assert_output_has '5,mk7-no-cac-benefit,country,mismatch,U.S.,Netherlands,United States vs Netherlands'
	assert_output_has '5,mk7-no-cac-benefit,duration,mismatch,36 months,24 months,+12 months (+50%)'
	assert_output_has '5,mk7-no-cac-benefit,closer-match,likely-conflation,,knottingale-2015,"n 244, postmenopausal women, 36 months (3 of 4 details)"'
	assert_output_has '5,mk7-no-cac-benefit,closer-match,likely-conflation,,sheafmoor-2009,"USA, 36 months, partly postmenopausal (older men and postmenopausal women) (2.5 of 4 details)"'
	# knottingale-2015 is ranked above sheafmoor-2009.
	[ "$(grep -n closer-match <<<"$output" | head -1 | cut -d, -f6)" = knottingale-2015 ]
	# The Larkhaven claims: every detail the record gives matches.
	for c in 2,k2-intake-less-aortic-calcification 3,k2-intake-lower-chd-mortality; do
		assert_output_has "$c,n,match,4807,4807,"
		assert_output_has "$c,country,match,Netherlands,Netherlands,"
		assert_output_has "$c,duration,match,84-120 months,84-120 months,"
		assert_output_has "$c,result,match,supports,larkhaven-2004 supports,"
		assert_output_has "$c,population,unchecked,participants aged 55+,participants without prior myocardial infarction,age (55+) not in the record"
	done
	[ "$(grep -c '^[23],.*,mismatch,' <<<"$output")" -eq 0 ]
}

@test "sample article: every format is exact" {
	load_sample
	for f in csv tsv markdown json; do
		run --separate-stderr ev audit k2-arterial-flexibility --format "$f"
		assert_status 3
		assert_equal "$(cat "$AUDIT/sample.$f")" "$output"
	done
	run ev audit k2-arterial-flexibility -f csv --no-header
	assert_status 3
	assert_output_lacks 'position,claim,field'
}

@test "sample article: JSON carries the findings a program needs" {
	load_sample
	ev audit k2-arterial-flexibility -f json >audit.json || [ $? -eq 3 ]
	python3 - <<'EOF'
import json
d = json.load(open("audit.json"))
s = d["summary"]
assert (s["claims"], s["audited"], s["problems"], s["mismatches"], s["likely_conflations"]) == (13, 3, 6, 5, 1), s
c = {x["key"]: x for x in d["claims"]}
v = c["mk7-no-cac-benefit"]
assert v["study"] == {"key": "quinkcac-protocol-2015", "status": "verified", "resolved_by": "name",
                      "also_named": ["quinkcac-results"]}, v["study"]
checks = {x["field"]: x for x in v["checks"]}
assert checks["country"]["status"] == "mismatch" and checks["country"]["problem"] is True
assert checks["n"]["detail"] == "+63 (+35%)"
assert [m["study"] for m in v["closer_matches"]] == ["knottingale-2015", "sheafmoor-2009"]
assert v["closer_matches"][0]["details"] == "n 244, postmenopausal women, 36 months"
assert v["closer_matches"][1]["score"] == 2.5
for k in ("k2-intake-less-aortic-calcification", "k2-intake-lower-chd-mortality"):
    assert c[k]["problems"] == 0
    assert all(x["status"] in ("match", "unchecked") for x in c[k]["checks"])
assert c["k2-activates-mgp"]["audited"] is False and c["k2-activates-mgp"]["checks"] == []
EOF
}

@test "a clean article exits 0, also with its text" {
	load_zest
	run --separate-stderr ev audit zest-clean
	assert_status 0
	assert_output_has 'No problems: every stated detail matches the record'
	assert_output_has 'n           match   410                                               412                                                      -2 (-0.5%), within 5%'
	assert_output_has 'duration    match   11-13 months'
	assert_equal "" "$stderr"
	run ev audit zest-clean --text "$AUDIT/clean.txt"
	assert_status 0
	assert_output_has 'Sentences with figures that no claim covers: 0 of 1'
}

@test "a name that is not in the database, and details that fit another study" {
	load_zest
	run ev audit zest-knees -f csv
	assert_status 3
	assert_output_has '3,zest-sharpens-memory,study,not-found,Oakridge Study,,no study in the database is named '"'Oakridge Study'"
	assert_output_has '2,zest-builds-bone,closer-match,likely-conflation,,willow-2018,"n 296, women with osteoporosis, USA, 36 months (4 of 4 details)"'
	assert_output_has '2,zest-builds-bone,verdict,mismatch,supports,"contradicted, very-low certainty",the article presents the evidence as backing the claim; the graded evidence contradicts it'
	# A null result on a claim that denies an effect backs it.
	assert_output_has '3,zest-sharpens-memory,verdict,match,no effect,"supported, very-low certainty","the article reports no effect, which backs the claim (it denies an effect)"'
}

@test "the likely conflations listed stop at five and say how many more there are (issue 17 point 5)" {
	# Seven invented studies fit the stated details better than any named
	# one: the list showed five and ended without a word.
	ev -q add article --key many-article --title 'An article with many candidates'
	ev -q add claim --key many-claim --article many-article --topics many \
		--text 'Quarrydown trials show a benefit.' --stated-n 200 --stated-country Atlantis
	for i in 1 2 3 4 5 6 7; do
		ev -q add study --key "cand-$i" --title "Candidate trial $i" --authors "Ashgrove$i A" --year "200$i" \
			--design rct --sample-size 200 --country Atlantis
	done
	run --separate-stderr ev audit many-article
	assert_status 3
	assert_output_has "  5. cand-5: n 200, Atlantis (2 of 2 details)
  and 2 more"
	assert_output_lacks "cand-6"
	# JSON listed the five and said nothing of the other two.
	ev audit many-article -f json > a.json || [ $? -eq 3 ]
	run python3 -c 'import json; c = json.load(open("a.json"))["claims"][0]; print([m["study"] for m in c["closer_matches"]], c["more_closer_matches"])'
	assert_equal "['cand-1', 'cand-2', 'cand-3', 'cand-4', 'cand-5'] 2" "$output"
}

@test "--text: a sentence's figures past the sixteenth are counted in JSON (issue 17 point 5)" {
	load_zest
	# An invented sentence with 18 figures: JSON listed 16 and said nothing more.
	printf '# Zest\n\nThe trial gave %s.\n' "$(seq -s ' mg, ' 101 118) mg" > many.md
	ev audit zest-knees --text many.md -f json > a.json || [ $? -eq 3 ]
	run python3 -c 'import json; s = json.load(open("a.json"))["text"]["figure_sentence_list"][0]; print(len(s["figures"]), s["figures"][0], s["figures"][-1], s["more_figures"])'
	assert_equal "16 101 mg 116 mg 2" "$output"
	# and a sentence with fewer says 0
	ev audit zest-knees --text "$AUDIT/article.md" -f json > b.json || [ $? -eq 3 ]
	run python3 -c 'import json; print(sorted({s["more_figures"] for s in json.load(open("b.json"))["text"]["figure_sentence_list"]}))'
	assert_equal "[0]" "$output"
}

@test "a closer match's details are written whole in csv, however long (issue 17 point 5)" {
	# An invented country of 690 bytes: the csv cell was cut at 600.
	land=$(printf 'Lowlands of Quarrydown %.0s' $(seq 30))
	land=${land% }
	ev -q add article --key long-land-article --title 'An article about a long-named land'
	ev -q add claim --key long-land-claim --article long-land-article --topics lands \
		--text 'Quarrydown trials show a benefit.' --stated-n 200 --stated-country "$land"
	ev -q add study --key land-2001 --title 'A trial' --authors 'Ashgrove A' --year 2001 --design rct \
		--sample-size 200 --country "$land"
	run --separate-stderr ev audit long-land-article -f csv
	assert_status 3
	assert_output_has "1,long-land-claim,closer-match,likely-conflation,,land-2001,\"n 200, $land (2 of 2 details)\""
}

@test "--text: quotes and uncovered figure sentences, exact" {
	load_zest
	cp "$AUDIT/article.md" .
	run --separate-stderr ev audit zest-knees --text article.md
	assert_status 3
	assert_equal "$(cat "$AUDIT/zest-knees-text.table")" "$output"
	assert_equal "audit: 10 problems found in 'zest-knees'" "$stderr"
	run --separate-stderr ev audit zest-knees --text article.md -f csv
	assert_status 3
	assert_equal "$(cat "$AUDIT/zest-knees-text.csv")" "$output"
}

@test "--text: curly quotes, dashes, case and no-break spaces do not hide a quote" {
	load_zest
	run ev audit zest-knees --text "$AUDIT/article.md" -f csv
	# The claim's quote has straight quotes, a hyphen and a normal space;
	# the text has curly quotes, an em dash and a no-break space.
	assert_output_has '5,zest-sales-doubled,quote,found,"sales of the juice ""doubled"" - in just 2 years",,'
	assert_output_has '4,zest-fast-relief,quote,missing,relief starts within days,,not in the article'"'"'s text'
	# Front matter, code, image text and link targets are not prose.
	assert_output_lacks '42'
	assert_output_lacks 'photos'
	assert_output_lacks '2024-05-01'
}

@test "--text: JSON lists every figure sentence and what covers it" {
	load_zest
	ev audit zest-knees --text "$AUDIT/article.md" -f json >a.json || [ $? -eq 3 ]
	python3 - <<'EOF'
import json
d = json.load(open("a.json"))
t = d["text"]
assert (t["format"], t["figure_sentences"], t["uncovered"]) == ("markdown", 7, 2), t
got = [(s["line"], s["figures"], s["covered_by"], s["how"]) for s in t["figure_sentence_list"]]
assert got == [
    (10, ["412"], "zest-eases-knee-pain", "quote"),
    (12, ["12 months"], "zest-eases-knee-pain", "details"),
    (14, ["one in three", "50"], None, None),
    (18, ["three-year", "300"], "zest-builds-bone", "quote"),
    (23, ["50"], "zest-sharpens-memory", "quote"),
    (25, ["2\u00a0years"], "zest-sales-doubled", "quote"),
    (31, ["250 ml"], None, None),
], got
q = {c["key"]: c["quote"]["status"] for c in d["claims"]}
assert q == {"zest-eases-knee-pain": "found", "zest-builds-bone": "found", "zest-sharpens-memory": "found",
             "zest-fast-relief": "missing", "zest-sales-doubled": "found"}, q
assert d["summary"]["quotes_missing"] == 1 and d["summary"]["uncovered_sentences"] == 2
EOF
}

@test "--text: plain text for .txt, standard input, options before the article" {
	load_zest
	printf 'In a Canadian trial, a daily glass of juice eased knee pain in 412 older adults over 12 months.\n' >clean.md
	run ev audit --text - zest-clean <clean.md
	assert_status 0
	run ev audit zest-clean --text "$AUDIT/clean.txt" -f json
	assert_status 0
	assert_output_has '"format": "plain"'
	# In plain text, Markdown syntax stays as it is.
	printf 'It eased *knee pain* in 412 older adults, they say.\n' >starred.txt
	run ev audit zest-clean --text starred.txt -f csv
	assert_status 3
	assert_output_has '1,zest-clean-knees,quote,missing'
	cp starred.txt starred.md
	run ev audit zest-clean --text starred.md -f csv
	assert_status 0
}

@test "-o keeps the report when problems are found; the database is unchanged" {
	load_sample
	before="$(dump_db)"
	run ev audit k2-arterial-flexibility -f csv -o report.csv
	assert_status 3
	[ -s report.csv ]
	assert_equal "$(cat "$AUDIT/sample.csv")" "$(cat report.csv)"
	[ -z "$(ls report.csv.tmp-* 2>/dev/null)" ]
	assert_equal "$before" "$(dump_db)"
}

@test "errors: exit 1 with a message" {
	load_zest
	run --separate-stderr ev audit zest-knee
	assert_status 1
	assert_equal "evidence: audit: no article 'zest-knee'; did you mean 'zest-knees'?" "$stderr"
	run --separate-stderr ev audit zest-knees --text missing.md
	assert_status 1
	assert_equal "evidence: audit: --text: cannot open 'missing.md': No such file or directory" "$stderr"
	printf 'fine\nbad \xc3\x28 byte\n' >bad.md
	run --separate-stderr ev audit zest-knees --text bad.md
	assert_status 1
	assert_equal "evidence: audit: --text: bad.md:2: is not valid UTF-8" "$stderr"
	assert_equal "" "$output"
	run --separate-stderr ev --db nowhere.db audit zest-knees
	assert_status 1
	[ -n "$stderr" ]
}

@test "misuse: exit 2 with usage" {
	run --separate-stderr ev audit
	assert_status 2
	[[ "$stderr" == *"which article?"* ]]
	[[ "$stderr" == *"evidence audit ARTICLE [--text FILE]"* ]]
	run --separate-stderr ev audit a b
	assert_status 2
	[[ "$stderr" == *"unexpected argument 'b'"* ]]
	run --separate-stderr ev audit a --text
	assert_status 2
	[[ "$stderr" == *"option '--text' needs a value"* ]]
	run --separate-stderr ev audit a --format yaml
	assert_status 2
	run ev audit --help
	assert_status 0
	assert_output_has 'Exit status: 0 nothing found, 3 problems found'
}
