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

@test "plot draws every sample claim with an estimate, and refuses the others" {
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
	# li-2023's MD -17.37 (-34.18 to -0.56): a CI 34 wide shows to three
	# significant digits of its width, one decimal.
	grep -q '>-17.4 \[-34.2, -0.6\]<' mk7-no-cac-benefit.svg
	grep -q '>-17 \[-86, 53\]<' mk7-no-cac-benefit.svg
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
	# I2 24.21%, Q 47.4979 (p 0.0952), z 4.539 (p 5.7e-06); PI 0.9436 to 1.6256;
	# Fontham 1994 weight 8.20%.
	grep -q '>Pooled, random effects (k = 37)</text>' h.svg
	grep -q '>1.24 \[1.13, 1.36\]</text>' h.svg
	grep -q '>Heterogeneity: τ² = 0.017; Q = 47.50, df = 36 (P = 0.095); I² = 24.2%</text>' h.svg
	grep -q '>Test for overall effect: Z = 4.54 (P &lt; 0.0001)</text>' h.svg
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
	assert_equal "labels=288 overlaps=0" "$output"
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

# pooled_lines SVG: the heterogeneity and overall-effect lines under the
# diamonds, with tau², I² and &lt; spelled in ASCII as R prints them.
pooled_lines() {
	grep -o '>\(Heterogeneity\|Test for overall effect\): [^<]*<' "$1" |
		sed 's/^>//; s/<$//; s/τ²/tau2/; s/I²/I2/; s/&lt;/</'
}

@test "under each diamond: heterogeneity with its P and the test for the overall effect (Z, or t under HKSJ)" {
	load_small
	# metafor: rma(yi, sei, method = "DL") of the four counted RRs:
	# tau2 0, QE 1.8222 (p 0.6101), I2 0, z -2.2139 (p 0.02683); with
	# test = "knha": t -2.8407, df 3 (p 0.06561).
	ev plot pooled-claim >z.svg
	assert_equal "Heterogeneity: tau2 = 0; Q = 1.82, df = 3 (P = 0.61); I2 = 0.0%
Test for overall effect: Z = -2.21 (P = 0.027)" "$(pooled_lines z.svg)"
	ev plot pooled-claim --ci hksj >t.svg
	assert_equal "Heterogeneity: tau2 = 0; Q = 1.82, df = 3 (P = 0.61); I2 = 0.0%
Test for overall effect: t = -2.84, df = 3 (P = 0.066)" "$(pooled_lines t.svg)"
	# A fixed-effect pool has no tau2 to show, and says it is fixed.
	ev plot pooled-claim --method fe >f.svg
	grep -q '>Pooled, fixed effect (k = 4)</text>' f.svg
	assert_equal "Heterogeneity: Q = 1.82, df = 3 (P = 0.61); I2 = 0.0%
Test for overall effect: Z = -2.21 (P = 0.027)" "$(pooled_lines f.svg)"
	for f in z t f; do
		"$PY" "$TOOLS/textboxes.py" $f.svg >/dev/null
	done
}

@test "the pooled rows' statistics are metafor's, computed now, for every estimator and interval" {
	command -v Rscript >/dev/null || skip "R is not installed (Debian packages r-base-core r-cran-metafor)"
	ev -q import "$HACKSHAW"/*.csv
	load_small
	# The same lines from metafor's rma(), formatted as docs/plots.md says,
	# for every estimator and interval, from one R (it takes seconds to
	# start): into OUT-METHOD-CI.txt for each.
	cat >ref.R <<'R'
if (!suppressMessages(require(metafor, quietly = TRUE))) quit(status = 3)
args <- commandArgs(TRUE)
fp <- function(p) if (p < 1e-4) "P < 0.0001" else sprintf("P = %.2g", p)
d <- read.csv(args[1])
d <- d[d$claim == args[2] & d$measure != "" & !(d$study %in% args[-(1:3)]), ]
yi <- log(d$estimate); sei <- (log(d$ci_high) - log(d$ci_low)) / (2 * 1.959964)
for (m in c("dl", "reml", "pm", "fe")) for (ci in c("z", "hksj")) {
	# Tight tolerances, as tests/tools/metafor-reference.R fits (the
	# defaults stop REML and PM about 1e-4 short).
	r <- rma(yi, sei = sei, method = toupper(m), test = if (ci == "hksj") "knha" else "z",
		control = list(tol = 1e-12, threshold = 1e-12, maxiter = 10000))
	sink(sprintf("%s-%s-%s.txt", args[3], m, ci))
	cat(sprintf("Heterogeneity: %sQ = %.2f, df = %d (%s); I2 = %.1f%%\n",
		if (m == "fe") "" else sprintf("tau2 = %.3g; ", r$tau2), r$QE, r$k - 1, fp(r$QEp), r$I2))
	if (ci == "hksj") {
		cat(sprintf("Test for overall effect: t = %.2f, df = %d (%s)\n", r$zval, r$dfs, fp(r$pval)))
	} else cat(sprintf("Test for overall effect: Z = %.2f (%s)\n", r$zval, fp(r$pval)))
	sink()
}
R
	run Rscript ref.R "$HACKSHAW/evidence.csv" passive-smoking-lung-cancer h
	[ "$status" -ne 3 ] || skip "metafor is not installed (r-cran-metafor)"
	assert_status 0
	# trial-e-2015 is unverified: drawn, not pooled.
	run Rscript ref.R "$SMALL/evidence.csv" pooled-claim p trial-e-2015
	assert_status 0
	for m in dl reml pm fe; do
		for ci in z hksj; do
			ev plot passive-smoking-lung-cancer --method $m --ci $ci >h.svg
			assert_equal "$(cat h-$m-$ci.txt)" "$(pooled_lines h.svg)"
			ev plot pooled-claim --method $m --ci $ci >p.svg
			assert_equal "$(cat p-$m-$ci.txt)" "$(pooled_lines p.svg)"
		done
	done
}

@test "a ratio axis reaches past 1 on both sides, though every CI lies below it" {
	printf 'key,title\nart,Art\n' >articles.csv
	printf 'key,article,topics,text\nbelow,art,t,All below one\n' >claims.csv
	printf 'key,title,authors,year,design\nlow-2001,T,A,2001,rct\nlow-2002,T,B,2002,rct\n' >studies.csv
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\nbelow,low-2001,supports,deaths,OR,0.5,0.3,0.8\nbelow,low-2002,supports,deaths,OR,0.6,0.4,0.9\n' >evidence.csv
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	ev plot below >b.svg
	xmllint --noout b.svg
	"$PY" "$TOOLS/textboxes.py" b.svg >/dev/null
	# Ticks 0.2 0.5 1 2: half as far above 1 (log scale) as the data reach below.
	assert_equal "0.2 0.5 1 2" "$(grep -o 'text-anchor="middle" class="evfp-ink" fill="#1f2328">[0-9.]*<' b.svg | sed 's/.*>//; s/<//' | tr '\n' ' ' | sed 's/ $//')"
}

@test "differences get decimals from their CI widths: no -12345.000" {
	printf 'key,title\nart,Art\n' >articles.csv
	printf 'key,article,topics,text\nwide,art,t,Wide\n' >claims.csv
	printf 'key,title,authors,year,design\nw-2001,T,A,2001,rct\nw-2002,T,B,2002,rct\n' >studies.csv
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\nwide,w-2001,supports,cost,MD,-12345,-13345,-11345\nwide,w-2002,supports,cost,MD,-12000.125,-13000.25,-10999.75\n' >evidence.csv
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	ev plot wide >w.svg
	# CIs 2000 wide: no decimals, though one study gave three.
	grep -q '>-12345 \[-13345, -11345\]</text>' w.svg
	grep -q '>-12000 \[-13000, -11000\]</text>' w.svg
	run grep -c '[0-9]\.[0-9]* \[' w.svg
	assert_equal 0 "$output"
}

# Issue 18: MDs of 1e308 (an axis from such values had NaN coordinates,
# and two of them were reported as "no estimate").
@test "estimates too large to draw are named with their field, never drawn as NaN" {
	printf 'key,title\nart,Art\n' >articles.csv
	printf 'key,article,topics,text\none-huge,art,t,One\ntwo-huge,art,t,Two\nhuge-and-not,art,t,Mixed\nnear-limit,art,t,Near\n' >claims.csv
	printf 'key,title,authors,year,design\nhuge-2001,T,A,2001,rct\nhuge-2002,T,B,2002,rct\nsmall-2003,T,C,2003,rct\n' >studies.csv
	{
		printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\n'
		printf 'one-huge,huge-2001,supports,score,MD,1e308,1e307,1.7e308\n'
		printf 'two-huge,huge-2001,supports,score,MD,1e308,1e307,1.7e308\n'
		printf 'two-huge,huge-2002,supports,score,MD,1e308,1e307,1.7e308\n'
		printf 'huge-and-not,huge-2001,supports,score,MD,1e308,1e307,1.7e308\n'
		printf 'huge-and-not,small-2003,supports,score,MD,1,0.5,1.5\n'
		printf 'near-limit,huge-2001,supports,score,MD,1e149,1e148,1.9e149\n'
		printf 'near-limit,huge-2002,supports,score,MD,1.1e149,1e148,1.9e149\n'
		printf 'near-limit,small-2003,supports,score,MD,1,0.5,1.5\n'
	} >evidence.csv
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	run --separate-stderr ev plot one-huge -o one.svg
	assert_status 1
	assert_equal "evidence: plot: claim 'one-huge' has nothing to plot: none of its 1 link can be drawn: 'huge-2001': score: MD 1e+308 (1e+307 to 1.7e+308) cannot be drawn on its scale: estimate 1e+308 is too large (the plot draws values under 1e150 in size)" "$stderr"
	[ ! -e one.svg ]
	run --separate-stderr ev plot two-huge -o two.svg
	assert_status 1
	assert_equal "evidence: plot: claim 'two-huge' has nothing to plot: none of its 2 links can be drawn: 'huge-2001': score: MD 1e+308 (1e+307 to 1.7e+308) cannot be drawn on its scale: estimate 1e+308 is too large (the plot draws values under 1e150 in size); 'huge-2002': score: MD 1e+308 (1e+307 to 1.7e+308) cannot be drawn on its scale: estimate 1e+308 is too large (the plot draws values under 1e150 in size)" "$stderr"
	[ ! -e two.svg ]
	for c in huge-and-not near-limit; do
		ev plot $c >$c.svg
		xmllint --noout $c.svg
		run grep -Eci '="[^"]*(nan|inf)|>[^<]*(nan|inf)[^<]*<' $c.svg
		assert_equal 0 "$output"
	done
	grep -q '>Not plotted: no estimate with a 95% CI that can be drawn (1 link)</text>' huge-and-not.svg
	grep -q '>score: MD 1e+308 (1e+307 to 1.7e+308) cannot be drawn on its scale:</text>' huge-and-not.svg
	grep -q '>estimate 1e+308 is too large (the plot draws values under 1e150 in size)</text>' huge-and-not.svg
	# Values just under the limit are drawn, in significant digits.
	grep -q '>1e+149 \[1e+148, 1.9e+149\]</text>' near-limit.svg
	# A panel whose CIs are 1e149 wide rounds to whole numbers; a limit
	# that would round to 0 keeps two significant digits.
	grep -q '>1 \[0.5, 2\]</text>' near-limit.svg
}

# Issue 18: query, explain and meta pooled around such links unseen (an MD
# of 1e308 had weight 0 and gave "MD 0 (0 to 0)"; one of 1e160 gave NaN).
@test "query, explain and meta name each link too large to pool, and pool the others" {
	printf 'key,title\nart,Art\n' >articles.csv
	printf 'key,article,topics,text\ntwo-huge,art,t,Two\nhuge-and-not,art,t,Mixed\n' >claims.csv
	printf 'key,title,authors,year,design\nhuge-2001,T,A,2001,rct\nhuge-2002,T,B,2002,rct\nsmall-2003,T,C,2003,rct\nsmall-2004,T,D,2004,rct\n' >studies.csv
	{
		printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high\n'
		printf 'two-huge,huge-2001,supports,score,MD,1e308,1e307,1.7e308\n'
		printf 'two-huge,huge-2002,supports,score,MD,5,-1.7e308,1.7e308\n'
		printf 'huge-and-not,huge-2001,supports,score,MD,1e160,0.99999999999999e160,1.00000000000001e160\n'
		printf 'huge-and-not,small-2003,supports,score,MD,1,0.5,1.5\n'
		printf 'huge-and-not,small-2004,supports,score,MD,2,0.5,3.5\n'
	} >evidence.csv
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	why="too large to pool (pooling takes effects and CI half-widths under 1e150 in size)"
	w1="warning: claim 'two-huge': link 'huge-2001' (score: MD 1e+308 (1e+307 to 1.7e+308)): $why"
	w2="warning: claim 'two-huge': link 'huge-2002' (score: MD 5 (-1.7e+308 to 1.7e+308)): $why"
	w3="warning: claim 'huge-and-not': link 'huge-2001' (score: MD 1e+160 (1e+160 to 1e+160)): $why"
	run --separate-stderr ev query t
	assert_status 0
	assert_equal "evidence: query: $w1
evidence: query: $w2
evidence: query: $w3" "$stderr"
	assert_output_has "two-huge      supported  very-low         2             0                                                 Two"
	assert_output_has "huge-and-not  supported  low              3             0  score: k=2 MD 1.24 (0.403 to 2.076), I2 34.9%  Mixed"
	run --separate-stderr ev meta two-huge
	assert_status 1
	assert_equal "evidence: meta: $w1
evidence: meta: $w2
evidence: meta: claim 'two-huge' has no outcome with two or more usable estimates to pool (see 'evidence explain two-huge')" "$stderr"
	run --separate-stderr ev meta huge-and-not
	assert_status 0
	assert_equal "evidence: meta: $w3" "$stderr"
	assert_output_has "Pooled: score: k=2 MD 1.2 [0.4, 2.1], I2 34.9%"
	run --separate-stderr ev explain huge-and-not
	assert_status 0
	assert_equal "evidence: explain: $w3" "$stderr"
	assert_output_has "  - pooled score: k=2 MD 1.24 (0.403 to 2.076), I2 34.9% (DerSimonian-Laird random effects)"
	ev -q explain two-huge --format json >two.json
	assert_equal "['$why', '$why']" "$(python3 -c "import json; print([l.get('not_pooled') for l in json.load(open('two.json'))['links']])")"
	# -q leaves the warnings out; no number anywhere is NaN or infinite.
	run --separate-stderr ev -q query t --format json
	assert_equal "" "$stderr"
	python3 -c "import json, sys; json.loads(sys.argv[1], parse_constant=lambda c: sys.exit('not finite: ' + c))" "$output"
}
