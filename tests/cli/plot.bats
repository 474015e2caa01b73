#!/usr/bin/env bats
# evidence plot: forest plots as SVG.

load helper
load browser

SMALL="$BATS_TEST_DIRNAME/../data/plot/small"
HACKSHAW="$BATS_TEST_DIRNAME/../data/plot/hackshaw"

load_small() {
	ev -q import "$SMALL"/*.csv
}

@test "plot --help shows the synopsis and the options" {
	run ev plot --help
	assert_status 0
	assert_output_has "evidence plot CLAIM [-o FILE.svg] [--left-label TEXT] [--right-label TEXT]"
	assert_output_has "--left-label TEXT"
	assert_output_has "output format: svg (default svg)"
}

@test "plot misuse exits 2 with the usage" {
	load_small
	run ev plot
	assert_status 2
	assert_output_has "evidence: plot: which claim?"
	assert_output_has "usage:"
	run ev plot pooled-claim two-measures
	assert_status 2
	assert_output_has "unexpected argument 'two-measures'"
	run ev plot pooled-claim --format html
	assert_status 2
	assert_output_has "--format: 'html' is not one of svg"
	run ev plot pooled-claim --left-label ''
	assert_status 2
	assert_output_has "--left-label needs a non-empty label"
}

@test "other commands refuse the svg and html formats" {
	load_small
	run ev show pooled-claim --format svg
	assert_status 2
	run ev topics --format html
	assert_status 2
	assert_output_has "is not one of table, csv, tsv, json, markdown"
	run ev explain pooled-claim --format html
	assert_status 2
}

@test "plot of an unknown claim fails and suggests the nearest" {
	load_small
	run ev plot pooled-claims
	assert_status 1
	assert_output_has "pooled-claim"
}

@test "plot draws the golden SVG of a pooled claim" {
	load_small
	run ev plot pooled-claim -o pooled.svg
	assert_status 0
	assert_equal "" "$output"
	xmllint --noout pooled.svg
	assert_golden pooled.svg "$SMALL/pooled-claim.svg"
	run "$PY" "$TOOLS/textboxes.py" pooled.svg
	assert_status 0
}

@test "plot draws one panel per measure, and one per mean-difference outcome" {
	load_small
	ev plot two-measures >two.svg
	xmllint --noout two.svg
	assert_golden two.svg "$SMALL/two-measures.svg"
	run "$PY" "$TOOLS/textboxes.py" two.svg
	assert_status 0
	assert_equal 1 "$(grep -c '>Hazard ratio (HR), log scale<' two.svg)"
	assert_equal 2 "$(grep -c '>Mean difference (MD), linear scale<' two.svg)"
}

@test "plot escapes hostile text and stays well-formed" {
	load_small
	ev plot hostile-text -o hostile.svg
	xmllint --noout hostile.svg
	assert_golden hostile.svg "$SMALL/hostile-text.svg"
	run grep -c '<script' hostile.svg
	assert_equal 0 "$output"
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;/text&gt;&lt;/svg&gt;' hostile.svg
	run "$PY" "$TOOLS/textboxes.py" hostile.svg
	assert_status 0
}

@test "plot with side labels of the user's choosing" {
	load_small
	ev plot pooled-claim --left-label 'favours <treatment>' --right-label 'favours control' >p.svg
	xmllint --noout p.svg
	grep -q '>← favours &lt;treatment&gt;</text>' p.svg
	grep -q '>favours control →</text>' p.svg
}

@test "plot of a claim with nothing to draw fails with a clear message and writes no file" {
	load_small
	run ev plot nothing-to-plot -o none.svg
	assert_status 1
	assert_output_has "evidence: plot: claim 'nothing-to-plot' has nothing to plot: none of its 2 links has an estimate with a 95% CI (see 'evidence explain nothing-to-plot')"
	[ ! -e none.svg ]
	run ev plot no-links
	assert_status 1
	assert_output_has "claim 'no-links' has no evidence links, so there is nothing to plot"
}

@test "plot draws every bundled claim with an estimate, and refuses the others" {
	load_sample
	plotted=""
	for c in $(sqlite3 evidence.db 'SELECT key FROM claims ORDER BY key'); do
		if ev plot "$c" -o "$c.svg" 2>err.txt; then
			xmllint --noout "$c.svg"
			"$PY" "$TOOLS/textboxes.py" "$c.svg" >/dev/null
			plotted="$plotted $c"
		else
			grep -q "claim '$c' has" err.txt
		fi
	done
	assert_equal " k2-intake-less-aortic-calcification k2-intake-lower-chd-mortality mk7-no-cac-benefit" "$plotted"
	grep -q '>0.48 \[0.32, 0.71\]<' k2-intake-less-aortic-calcification.svg
	grep -q '>0.80 \[0.65, 0.98\]<' k2-intake-less-aortic-calcification.svg
	grep -q '>0.91 \[0.85, 1.00\]<' k2-intake-lower-chd-mortality.svg
	grep -q '>-17.37 \[-34.18, -0.56\]<' mk7-no-cac-benefit.svg
	grep -q '>17 \[-86, 53\]<' mk7-no-cac-benefit.svg
	# The unverified QuinK-CAC results and Sheafmoor 2009 have no estimate: listed.
	grep -q '>quinkcac-results</text>' mk7-no-cac-benefit.svg
	grep -q 'CAC progression: no effect estimate; not counted (unverified)' mk7-no-cac-benefit.svg
}

@test "plot of 37 studies (dat.hackshaw1998): every row, the grading's pooled numbers, no label overlaps" {
	ev -q import "$HACKSHAW"/*.csv
	ev plot passive-smoking-lung-cancer -o h.svg
	xmllint --noout h.svg
	run "$PY" "$TOOLS/textboxes.py" h.svg
	assert_status 0
	assert_output_has "labels, no overlap"
	for s in $(cut -d, -f1 "$HACKSHAW/studies.csv" | tail -n +2); do
		assert_equal 1 "$(grep -c ">$s</text>" h.svg)"
	done
	# metafor's rma(method = "DL"): 1.2385 (1.1292 to 1.3583), tau2 0.0170,
	# I2 24.21%, Q 47.4979; PI 0.9436 to 1.6256; Fontham 1994 weight 8.20%.
	grep -q '>Pooled, random effects (k = 37)</text>' h.svg
	grep -q '>1.24 \[1.13, 1.36\]</text>' h.svg
	grep -q '>Heterogeneity: τ² = 0.017, I² = 24.2%, Q = 47.5 (df = 36)</text>' h.svg
	grep -q '>95% PI \[0.94, 1.63\]</text>' h.svg
	grep -q '>8.2%</text>' h.svg
	# The same pooled estimate as the grading reports.
	ev query passive-smoking --format json >q.json
	run "$PY" -c 'import json,sys; p=json.load(open("q.json"))["claims"][0]["pooled"][0]; print("%.2f [%.2f, %.2f] k=%d" % (p["estimate"], p["ci_low"], p["ci_high"], p["k"]))'
	assert_equal "1.24 [1.13, 1.36] k=37" "$output"
}

@test "the overlap checker catches overlapping labels" {
	cat >bad.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50" font-size="12">
<text x="10" y="20">garfinkel-1981</text>
<text x="60" y="22">1981</text>
</svg>
SVG
	run "$PY" "$TOOLS/textboxes.py" bad.svg
	assert_status 1
	assert_output_has "'garfinkel-1981' overlaps '1981'"
	cat >off.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50" viewBox="0 0 50 50" font-size="12">
<text x="45" y="20" text-anchor="start">wide label</text>
</svg>
SVG
	run "$PY" "$TOOLS/textboxes.py" off.svg
	assert_status 1
	assert_output_has "off the canvas: 'wide label'"
}

@test "in Chromium the 37-study plot's labels do not overlap either" {
	chromium_or_skip
	ev -q import "$HACKSHAW"/*.csv
	ev plot passive-smoking-lung-cancer -o h.svg
	# A test page (the plot itself has no script) that measures every label
	# with the browser's own fonts and writes the overlapping pairs.
	{
		printf '<!DOCTYPE html><html lang="en"><body>'
		cat h.svg
		cat <<'JS'
<script>
const t = [...document.querySelectorAll('svg text')].map(e => { const b = e.getBBox();
  return [b.x, b.y, b.x + b.width, b.y + b.height, e.textContent]; });
const svg = document.querySelector('svg').viewBox.baseVal, bad = [];
for (let i = 0; i < t.length; i++) {
  const a = t[i];
  if (a[0] < 0 || a[2] > svg.width || a[1] < 0 || a[3] > svg.height) bad.push('off canvas: ' + a[4]);
  for (let j = i + 1; j < t.length; j++) { const b = t[j];
    if (a[0] < b[2] - 0.01 && b[0] < a[2] - 0.01 && a[1] < b[3] - 0.01 && b[1] < a[3] - 0.01) bad.push(a[4] + ' / ' + b[4]); } }
const p = document.createElement('pre'); p.id = 'result';
p.textContent = 'labels=' + t.length + ' overlaps=' + bad.length + '\n' + bad.join('\n');
document.body.appendChild(p);
</script></body></html>
JS
	} >page.html
	chromium_run --dump-dom --virtual-time-budget=5000 "file://$PWD/page.html" >dom.html
	run grep -o 'labels=[0-9]* overlaps=[0-9]*' dom.html
	assert_equal "labels=287 overlaps=0" "$output"
}

@test "plot wraps long text and long words, stays well-formed and free of overlaps" {
	key=$(printf 'k%.0s' $(seq 100))
	words=$(printf 'word %.0s' $(seq 2000))
	long=$(printf 'x%.0s' $(seq 20000))
	printf 'key,title\nlong-art,Long texts\n' >articles.csv
	printf 'key,article,topics,text\nlong-claim,long-art,t,%s\n' "$words" >claims.csv
	printf 'key,title,authors,year,design\n%s,T,A,2000,rct\nb-2001,T,A,2001,rct\n' "$key" >studies.csv
	{
		printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\n'
		printf 'long-claim,%s,supports,%s,OR,1.5,1.1,2\n' "$key" "$long"
		printf 'long-claim,b-2001,supports,%s,OR,1.2,0.9,1.6\n' "$words"
		printf 'long-claim,b-2001,supports,%s 2,,,,\n' "$long"
	} >evidence.csv
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	ev plot long-claim -o long.svg
	xmllint --noout long.svg
	run "$PY" "$TOOLS/textboxes.py" long.svg
	assert_status 0
	grep -q ">$key</text>" long.svg
}
