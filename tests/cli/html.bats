#!/usr/bin/env bats
# report and query --format html: the self-contained evidence page.

load helper
load browser

SMALL="$BATS_TEST_DIRNAME/../data/plot/small"

@test "report --format html of the fixture article matches its golden page and is well-formed" {
	ev -q import "$SMALL"/*.csv
	run ev report plot-fixture --format html -o report.html
	assert_status 0
	assert_equal "" "$output"
	xmllint --noout report.html
	assert_golden report.html "$SMALL/report.html"
}

@test "the html report escapes hostile text everywhere" {
	ev -q import "$SMALL"/*.csv
	ev report plot-fixture --format html >report.html
	xmllint --noout report.html
	run grep -c '<script' report.html
	assert_equal 0 "$output"
	run grep -c "' onmouseover" report.html
	assert_equal 0 "$output"
	run grep -c '<img' report.html
	assert_equal 0 "$output"
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;/text&gt;&lt;/svg&gt;</h2>' report.html
	grep -q '“&lt;img src=x onerror=alert(1)&gt;”' report.html
	grep -q 'href="https://doi.org/10.5555/a%3Cb%3E%26c"' report.html
}

@test "report --format html of the sample article: structure, every claim, references with links" {
	load_sample
	ev report k2-arterial-flexibility --format html -o report.html
	xmllint --noout report.html
	head -2 report.html | grep -q '^<html lang="en">$'
	grep -q '<meta charset="utf-8"/>' report.html
	grep -q '<meta name="viewport" content="width=device-width, initial-scale=1"/>' report.html
	grep -q '<title>Evidence report: Does Vitamin K2 Keep Arteries Flexible? A Test Article</title>' report.html
	grep -q 'By Quillfeather T · <time datetime="2025-10-23">23 October 2025</time>' report.html
	grep -q '<strong>13 claims</strong>: 7 supported, 0 mixed, 2 contradicted, 4 insufficient.' report.html
	# The same counts as the JSON report.
	ev report k2-arterial-flexibility --format json >r.json
	run "$PY" -c 'import json; s=json.load(open("r.json"))["summary"]; print(s["supported"], s["mixed"], s["contradicted"], s["insufficient"])'
	assert_equal "7 0 2 4" "$output"
	# Every claim in article order, each with one badge.
	for c in $(ev report k2-arterial-flexibility --format csv --no-header | cut -d, -f2); do
		assert_equal 1 "$(grep -c "<section class=\"claim\" id=\"claim-$c\"" report.html)"
	done
	assert_equal 13 "$(grep -c '<section class="claim"' report.html)"
	assert_equal 13 "$(grep -o 'class="badge v-' report.html | wc -l)"
	# Forest plots for the three claims with estimates.
	assert_equal 3 "$(grep -c '<svg xmlns=' report.html)"
	# References: each study once, DOIs and PMIDs as links.
	assert_equal 19 "$(grep -c '<li id="ref-' report.html)"
	grep -q 'doi:<a href="https://doi.org/10.5555/sample.larkhaven-2004">10.5555/sample.larkhaven-2004</a>. PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/90000110/">90000110</a>.' report.html
	grep -q '<th scope="col">Study</th>' report.html
	grep -q '<th scope="row"><a href="#ref-larkhaven-2004">larkhaven-2004</a> <sup>\[2\]</sup></th>' report.html
	grep -q '<strong>unverified</strong> (not counted)' report.html
}

@test "query --format html gives the same page for a topic" {
	load_sample
	run ev query arterial-calcification --format html -o q.html
	assert_status 0
	xmllint --noout q.html
	grep -q '<p class="kicker">Evidence on a topic</p>' q.html
	grep -q '<h1>arterial-calcification</h1>' q.html
	n=$(ev query arterial-calcification --format json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["claims"]))')
	assert_equal "$n" "$(grep -c '<section class="claim"' q.html)"
	assert_equal "$n" "$(grep -o 'class="badge v-' q.html | wc -l)"
	grep -q 'from <code>k2-arterial-flexibility</code>' q.html
}

@test "the sample report renders in Chromium: a screenshot that is not blank, every claim in the DOM with one badge" {
	chromium_or_skip
	load_sample
	ev report k2-arterial-flexibility --format html -o report.html
	chromium_run --screenshot="$PWD/report.png" --window-size=1100,2400 "file://$PWD/report.html" >/dev/null
	run "$PY" "$TOOLS/pngcheck.py" report.png 1100 2400
	assert_status 0
	chromium_run --dump-dom "file://$PWD/report.html" >dom.html
	expect=$(ev report k2-arterial-flexibility --format csv --no-header | cut -d, -f2,3 | tr , :)
	run "$PY" "$TOOLS/domcheck.py" dom.html $expect
	assert_status 0
	assert_output_has "claim-k2-intake-less-aortic-calcification: 1 badge (✓ Supported), 1 heading"
	assert_output_has "claim-k2-prevention-not-reversal: 1 badge (✗ Contradicted), 1 heading"
	# The inline plots are in the DOM as SVG, with their text.
	grep -q '<text[^>]*>larkhaven-2004</text>' dom.html
	# On a phone-sized window the page still renders.
	chromium_run --screenshot="$PWD/phone.png" --window-size=390,1200 "file://$PWD/report.html" >/dev/null
	run "$PY" "$TOOLS/pngcheck.py" phone.png 390 1200
	assert_status 0
}

@test "the screenshot checker rejects a blank page" {
	"$PY" -c 'from PIL import Image; Image.new("RGB", (1100, 2400), "white").save("blank.png")' ||
		skip "python3-pil is not installed"
	run "$PY" "$TOOLS/pngcheck.py" blank.png 1100 2400
	assert_status 1
	assert_output_has "looks blank or too small"
}
