#!/usr/bin/env bats
# report and query --format html: the self-contained evidence page.

load helper
load browser

SMALL="$BATS_TEST_DIRNAME/../data/plot/small"
# Pages say when they were made: pinned, so that they can be compared.
# 1767225600 is 2026-01-01T00:00:00Z.
export SOURCE_DATE_EPOCH=1767225600

# version: the version evidence says it is.
version() {
	ev --version | cut -d' ' -f2
}

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
	# The one script element is the JSON-LD, where the hostile claim's
	# "</script>" and "</text></svg>" are \u003c-escaped JSON, not markup.
	run grep -o '<script[^>]*>' report.html
	assert_equal '<script type="application/ld+json">' "$output"
	grep -qF '"claimReviewed":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"quotes\" '"'"'single'"'"' \u003c/text\u003e\u003c/svg\u003e"' report.html
	# (In the JSON-LD a quote is only a character of a JSON string.)
	run sh -c "grep -v '^<script type=\"application/ld+json\">' report.html | grep -c \"' onmouseover\""
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
	# The footer says when, from which database and by which version.
	grep -qF "<footer class=\"about\"><p class=\"generated\">Generated <time datetime=\"2026-01-01T00:00:00Z\">1 January 2026, 00:00 UTC</time> from <code>evidence.db</code> by evidence $(version).</p><p>Made with" report.html
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
	grep -q 'doi:<a href="https://doi.org/10.5555/sample.larkhaven-2004">10.5555/sample.larkhaven-2004</a></span>. PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/90000110/">90000110</a>.' report.html
	grep -q '<th scope="col" role="columnheader">Study</th>' report.html
	grep -q '<th scope="row" role="rowheader"><a href="#ref-larkhaven-2004">larkhaven-2004</a> <sup>\[2\]</sup></th>' report.html
	grep -q '<strong>unverified</strong> (not counted)' report.html
}

@test "query --format html gives the same page for a topic" {
	load_sample
	run ev query arterial-calcification --format html -o q.html
	assert_status 0
	xmllint --noout q.html
	grep -q '<p class="kicker">Evidence on a topic</p>' q.html
	# Topics have only a key: the title is the key in words, the key beside it.
	grep -q '<title>Evidence on a topic: Arterial calcification</title>' q.html
	grep -q '<h1>Arterial calcification</h1>' q.html
	grep -q '<p class="byline">Topic <code>arterial-calcification</code></p>' q.html
	grep -qF "<p class=\"generated\">Generated <time datetime=\"2026-01-01T00:00:00Z\">1 January 2026, 00:00 UTC</time> from <code>evidence.db</code> by evidence $(version).</p>" q.html
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

@test "the footer's date is the clock's without SOURCE_DATE_EPOCH, a bad one is refused, the database is named by its base name" {
	load_sample
	mv evidence.db "my notes.db"
	SOURCE_DATE_EPOCH= ev --db "$PWD/my notes.db" report k2-arterial-flexibility --format html -o report.html
	grep -Eq '<p class="generated">Generated <time datetime="20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z">[1-9][0-9]? [A-Z][a-z]+ 20[0-9]{2}, [0-2][0-9]:[0-5][0-9] UTC</time> from <code>my notes.db</code> by evidence' report.html
	for bad in soon -5 12x 99999999999999999999; do
		SOURCE_DATE_EPOCH=$bad run --separate-stderr ev --db "my notes.db" report k2-arterial-flexibility --format html
		assert_status 1
		assert_equal "" "$output"
		assert_equal "evidence: report: SOURCE_DATE_EPOCH: '$bad' is not a number of seconds since 1970" "$stderr"
		SOURCE_DATE_EPOCH=$bad run --separate-stderr ev --db "my notes.db" query arterial-calcification --format html
		assert_status 1
	done
	# Other formats do not read it.
	SOURCE_DATE_EPOCH=soon ev --db "my notes.db" report k2-arterial-flexibility --format json >/dev/null
}

@test "the report embeds the ClaimReview JSON-LD that export writes, less the reviewer and page address" {
	load_sample
	ev report k2-arterial-flexibility --format html -o report.html
	ev export --format claimreview --article k2-arterial-flexibility --reviewer "Example Health Desk" \
		--review-date 2026-01-01 --review-url https://example.org/checks/k2 >cr.jsonld
	run "$PY" - <<'PY'
import json, re
page = open("report.html").read()
scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
assert len(scripts) == 1, len(scripts)
assert "<" not in scripts[0] and ">" not in scripts[0] and "&" not in scripts[0]
embedded = json.loads(scripts[0])
exported = json.load(open("cr.jsonld"))
for r in exported["@graph"]:
    for k in ("@id", "url", "author"):
        del r[k]
assert embedded == exported
print(len(embedded["@graph"]), embedded["@graph"][0]["@type"], embedded["@graph"][0]["datePublished"])
PY
	assert_status 0
	assert_equal "13 ClaimReview 2026-01-01" "$output"
	# A topic's claims come from several articles: no appearance, the rest the same.
	ev query arterial-calcification --format html -o q.html
	run "$PY" -c 'import json, re; g = json.loads(re.search(r"<script type=\"application/ld\+json\">(.*?)</script>", open("q.html").read()).group(1))["@graph"]; print(len(g), sorted(g[0]["itemReviewed"]))'
	assert_equal "$(ev query arterial-calcification --format csv --no-header | wc -l) ['@type']" "$output"
}

@test "the html report: diamonds explained only under a pooled plot, study cells labelled for a phone, print and phone rules" {
	ev -q import "$SMALL"/*.csv
	ev report plot-fixture --format html -o report.html
	# Three plots, the first two with pooled diamonds (1 and 3), the third
	# (hostile-text) with none: only the first two say what diamonds are.
	run sh -c "awk '/<figure class=\"plot\">/ { f++ } /<polygon[^>]*class=\"evfp-pool\"/ { print f }' report.html | uniq -c | tr -s ' '"
	assert_equal " 1 1
 3 2" "$output"
	run grep -o '<figcaption>.*</figcaption>' report.html
	assert_equal "<figcaption>Each study's estimate with its 95% confidence interval; diamonds are pooled estimates. The same plot: <code>evidence plot pooled-claim</code>.</figcaption>
<figcaption>Each study's estimate with its 95% confidence interval; diamonds are pooled estimates. The same plot: <code>evidence plot two-measures</code>.</figcaption>
<figcaption>Each study's estimate with its 95% confidence interval. The same plot: <code>evidence plot hostile-text</code>.</figcaption>" "$output"
	# Each plot says its width, so a phone shrinks it only so far, then scrolls.
	grep -q '<figure class="plot"><p class="hint" aria-hidden="true">Scroll sideways to see the whole plot.</p><div class="scroll" style="--w:[0-9]*px">' report.html
	# Every cell names its column, and keeps its table role.
	grep -qF '<table class="studies" role="table">' report.html
	grep -qF '<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Study</th><th scope="col" role="columnheader" class="num">Year</th>' report.html
	grep -Eq '</th><td role="cell" class="num" data-label="Year">[0-9]{4}</td><td role="cell" data-label="Design">' report.html
	grep -qF '<td role="cell" class="eff" data-label="Effect (95% CI)">' report.html
	assert_equal "$(grep -c '<tr role="row"><th scope="row"' report.html)" "$(grep -c 'data-label="Notes"' report.html)"
	# The rules: cards on a narrow screen only, table headers kept with their rows in print.
	grep -qF '@media screen and (max-width:40rem){table.studies,table.studies tbody,table.studies tr,table.studies th,table.studies td{display:block}' report.html
	grep -qF 'table.studies td::before{content:attr(data-label);content:attr(data-label) / "";' report.html
	grep -qF 'thead{display:table-header-group;break-inside:avoid;break-after:avoid}tbody tr:first-child{break-before:avoid}figure,tr,th,td,blockquote{break-inside:avoid}' report.html
	grep -qF 'h2,h3,caption{break-after:avoid}' report.html
}

@test "in Chromium at 390 and 1280 px: nothing overflows, tables reflow on a phone, plots scale and scroll with a sign, footer, JSON-LD, captions" {
	chromium_or_skip
	load_sample
	ev report k2-arterial-flexibility --format html -o report.html
	ev query arterial-calcification --format html -o topic.html
	ev -q --db small.db import "$SMALL"/*.csv
	ev --db small.db report plot-fixture --format html -o small.html
	footer="footer Generated 1 January 2026, 00:00 UTC from evidence.db by evidence $(version)."
	run chromium_layout report.html 390
	assert_equal "width 390: page fits
offenders none
tables 9, cards
plots 3, scrolling 3, scaled 3
caption ok (0 pooled)
scrolling boxes all signed
$footer
jsonld 13 ClaimReview" "$output"
	run chromium_layout report.html 1280
	assert_equal "width 1280: page fits
offenders none
tables 9, rows
plots 3, scrolling 0, scaled 0
caption ok (0 pooled)
scrolling boxes all signed
$footer
jsonld 13 ClaimReview" "$output"
	n=$(ev query arterial-calcification --format csv --no-header | wc -l)
	for w in 390 1280; do
		run chromium_layout topic.html $w
		assert_output_has "width $w: page fits"
		assert_output_has "offenders none"
		assert_output_has "scrolling boxes all signed"
		assert_output_has "caption ok"
		assert_output_has "$footer"
		assert_output_has "jsonld $n ClaimReview"
		run chromium_layout small.html $w
		assert_output_has "width $w: page fits"
		assert_output_has "offenders none"
		assert_output_has "scrolling boxes all signed"
		assert_output_has "caption ok (2 pooled)"
		assert_output_has "footer Generated 1 January 2026, 00:00 UTC from small.db by evidence $(version)."
		assert_output_has "jsonld 5 ClaimReview"
	done
}

@test "the layout check sees the old defects: a plot scrolling without a sign, a caption on a plot with no diamond, no footer" {
	chromium_or_skip
	# The fixture's page before these were fixed, cut down to what shows them.
	cat >old.html <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><style>.scroll{overflow-x:auto}</style></head><body>
<figure class="plot"><div class="scroll"><svg xmlns="http://www.w3.org/2000/svg" width="900" height="50" viewBox="0 0 900 50"><rect width="900" height="50" fill="#eee"/></svg></div>
<figcaption>Each study's estimate with its 95% confidence interval; diamonds are pooled estimates.</figcaption></figure>
<table><tr><td style="white-space:nowrap">a table cell far too wide for a phone, far too wide, far too wide</td></tr></table>
</body></html>
HTML
	run chromium_layout old.html 390
	assert_output_has "width 390: page overflows by"
	assert_output_has "offender table"
	assert_output_has "plots 1, scrolling 1 (1 without a sign), scaled 0"
	assert_output_has "caption wrong on 1 (0 pooled)"
	assert_output_has "scrolling boxes 1 without a sign"
	assert_output_has "footer missing"
	assert_output_has "jsonld 0 ClaimReview"
}

# stranded PAGE: prints "H:P" for each page P that ends with a studies
# table's header when the page is printed at height H mm, for heights from
# 120 to 300 mm in 10 mm steps (nothing when none does). A range, not a few
# heights that once showed the fault: any change to the page's content
# moves where its pages break.
stranded() {
	local h pages=()
	for h in $(seq 120 10 300); do
		sed "s#</head>#<style>@page{size:210mm ${h}mm;margin:12mm}</style></head>#" "$1" >"print-$h.html"
		pages+=("print-$h.html" "print-$h.pdf")
	done
	node "$BROWSER_TESTS/printpdf.mjs" --chromium "$CHROMIUM" "${pages[@]}" >&2 || return 1
	# pdftotext ends each page with a form feed: a page's last line that
	# is not blank, if it is the studies table's header, is stranded.
	for h in $(seq 120 10 300); do
		pdftotext -layout "print-$h.pdf" - |
			awk -v h="$h" 'BEGIN { RS = "\f" } { last = ""; n = split($0, line, "\n");
				for (i = 1; i <= n; i++) if (line[i] ~ /[^[:space:]]/) last = line[i];
				if (last ~ /STUDY.*YEAR.*DESIGN/) print h ":" NR }'
	done
	return 0
}

@test "printed, no page ends with a studies table's header: it stays with the first row" {
	sitecheck_or_skip
	command -v pdftotext >/dev/null ||
		skip "pdftotext is not installed (Debian package poppler-utils)"
	ev -q import "$SMALL"/*.csv
	ev report plot-fixture --format html -o report.html
	run stranded report.html
	assert_equal "" "$output"
	# Without the rule that keeps the first row with the header, the check
	# sees headers stranded at these heights.
	grep -q 'tbody tr:first-child{break-before:avoid}' report.html
	sed 's/tbody tr:first-child{break-before:avoid}//' report.html >without.html
	run stranded without.html
	[ -n "$output" ]
}

@test "each claim with a body of evidence opens with its Summary of Findings, before the reasons" {
	load_sample
	ev report k2-arterial-flexibility --format html -o report.html
	python3 - <<'PY'
import re, subprocess
page = open("report.html", encoding="utf-8").read()
sections = re.findall(r'<section class="claim" id="claim-([^"]+)".*?</section>', page, re.S)
bodies = {}
for key in sections:
    import json
    d = json.loads(subprocess.run(["bash", "-c", f'"$EVIDENCE_BIN" explain {key} --format json'], capture_output=True, text=True, check=True).stdout)
    bodies[key] = len(d["bodies"])
assert sections and any(bodies.values()) and not all(bodies.values()), bodies
for m in re.finditer(r'<section class="claim" id="claim-([^"]+)"(.*?)</section>', page, re.S):
    key, body = m.group(1), m.group(2)
    rows = re.findall(r'<tr role="row"><td role="cell" data-label="Outcome">', body)
    assert len(rows) == bodies[key], (key, len(rows), bodies[key])
    if bodies[key]:
        assert body.index("<h3>Summary of findings</h3>") < body.index("<h3>Why this verdict</h3>"), key
    else:
        assert "Summary of findings" not in body, key
PY
	# the same table as 'evidence sof' gives for the claim
	ev sof mk7-no-cac-benefit --format html >sof.html
	python3 - <<'PY'
import re
def table(path, key=None):
    page = open(path, encoding="utf-8").read()
    if key:
        page = re.search(r'<section class="claim" id="claim-%s".*?</section>' % key, page, re.S).group(0)
    return re.search(r'<table class="sof".*?</ol>', page, re.S).group(0)
assert table("report.html", "mk7-no-cac-benefit") == table("sof.html")
PY
}

# same_numbers PAGE: checks that each studies table on PAGE writes every
# link's estimate and CI exactly as the forest plot in the same claim
# section labels that link's row (the plot's measure, its decimals; a
# dagger there for "(from counts)" here), and each pooled line as the plot
# describes its diamond. Prints what it compared.
same_numbers() {
	"$PY" - "$1" <<'PY'
import collections, html, re, sys
page = open(sys.argv[1]).read()
sections = re.findall(r'<section class="claim".*?</section>', page, re.S)
rows = pooled = 0
for sec in sections:
    table = collections.Counter()
    for study, eff in re.findall(r'<tr role="row"><th scope="row" role="rowheader">(?:<a [^>]*>)?([^<]*)<.*?data-label="Effect \(95% CI\)">([^<]*)', sec):
        m = re.fullmatch(r'(\S+) (\S+ \[\S+, \S+\])( \(from (?:counts|means)\))?', html.unescape(eff))
        if m:
            table[(html.unescape(study), m.group(1), m.group(2) + ("\u2020" if m.group(3) else ""))] += 1
    plot = collections.Counter()
    svg = re.search(r'<svg .*?</svg>', sec, re.S)
    if svg:
        measure, by_y = None, collections.defaultdict(list)
        for y, text in re.findall(r'<text [^>]*y="([^"]*)"[^>]*>([^<]*)</text>', svg.group(0)):
            text = html.unescape(text)
            if text.endswith(" [95% CI]"):
                measure = text[:-len(" [95% CI]")]
            by_y[y].append((measure, text))
        for texts in by_y.values():
            est = [t for _, t in texts if re.fullmatch(r'\S+ \[\S+, \S+\]\u2020?', t)]
            if len(est) == 1 and len(texts) >= 6:
                plot[(texts[0][1], texts[0][0], est[0])] += 1
        desc = html.unescape(re.search(r'<desc>(.*?)</desc>', svg.group(0), re.S).group(1))
        for line in re.findall(r'<li>([^<]*: )?k=\d+ (\S+ \S+ \[\S+, \S+\]), I2', sec):
            want = html.unescape(line[0]) + "pooled " + html.unescape(line[1])
            assert want in desc, (want, desc)
            pooled += 1
    assert table == plot, (table - plot, plot - table)
    rows += sum(table.values())
print(len(sections), "claims", rows, "rows", pooled, "pooled")
PY
}

@test "a link's estimate reads the same in the studies table and in the forest plot beside it, and so does a pooled effect" {
	ev -q import "$SMALL"/*.csv
	ev report plot-fixture --format html -o report.html
	run same_numbers report.html
	assert_status 0
	assert_equal "5 claims 14 rows 4 pooled" "$output"
	grep -qF '<td role="cell" class="eff" data-label="Effect (95% CI)">RR 0.70 [0.50, 0.98]<br/>P = 0.04</td>' report.html
	grep -qF '<li>mortality: k=4 RR 0.82 [0.68, 0.98], I2 0%</li>' report.html
	# links computed from counts, many to a plot
	rm evidence.db
	ev -q import "$BATS_TEST_DIRNAME"/../data/meta-cli/*.csv
	ev query meta-cli --format html -o q.html
	run same_numbers q.html
	assert_status 0
	assert_equal "6 claims 59 rows 6 pooled" "$output"
	grep -qF "(from counts)</td>" q.html
	# the terminal keeps its own numbers
	run ev query meta-cli --format csv
	grep -q ' (.* to .*)' <<<"$output"
}

@test "each reference in the html report is the study's export --format vancouver line, its DOI and PubMed number links" {
	ev -q import "$SMALL"/*.csv
	ev report plot-fixture --format html -o report.html
	ev export --format vancouver --all >refs.txt
	run "$PY" - <<'PY'
import html, re
page = open("report.html").read()
lines = {}
for line in open("refs.txt", encoding="utf-8"):
    m = re.match(r"\d+\. (.*)", line.rstrip("\n"))
    if m:
        lines[m.group(1)] = True
n = 0
for key, cite in re.findall(r'<li id="ref-([^"]*)"><span class="cite">(.*?)</span>', page):
    text = html.unescape(re.sub(r"<[^>]*>", "", cite))
    assert text in lines, (key, text)
    n += 1
print(n)
PY
	assert_status 0
	assert_equal 8 "$output"
	grep -qF '<li id="ref-trial-a-2001"><span class="cite">Alpha A, Beta B, Gamma C, Delta D, Epsilon E, Zeta Z, et al. Fixture trial A of the made-up treatment. Journal of Fixtures. 2001;1(2):10-9. doi:<a href="https://doi.org/10.5555/fixture.a">10.5555/fixture.a</a></span>. PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/90000401/">90000401</a>. <code>trial-a-2001</code></li>' report.html
	grep -qF '<span class="cite">Fixture trial E (unverified record). <strong>[Unverified record]</strong></span>' report.html
	grep -qF 'doi:<a href="https://doi.org/10.5555/a%3Cb%3E%26c">10.5555/a&lt;b&gt;&amp;c</a></span>' report.html
}
