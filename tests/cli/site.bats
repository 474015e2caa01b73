#!/usr/bin/env bats
# evidence site DIR: the whole database as a static site (docs/site.md).

load helper
load browser

# Pages say when they were made: pinned, so that reruns can be compared.
# 1767225600 is 2026-01-01T00:00:00Z.
export SOURCE_DATE_EPOCH=1767225600

# pages DIR: every file in DIR, relative, sorted.
pages() {
	(cd "$1" && find . -type f | sed 's#^\./##' | LC_ALL=C sort)
}

# snapshot DIR: every file with its modification time (to the
# nanosecond), size and checksum, to see that a rerun left it alone.
snapshot() {
	(cd "$1" && find . -type f -printf '%P %T@ %s ' -exec sha256sum {} \; | LC_ALL=C sort)
}

# written_since SNAPSHOT DIR: the files of DIR whose time or bytes differ
# from SNAPSHOT, or that it did not have.
written_since() {
	snapshot "$2" | LC_ALL=C comm -13 "$1" - | cut -d' ' -f1
}

SAMPLE_PAGES='.evidence-site
articles/k2-arterial-flexibility.html
claims/d3-without-k2-misroutes-calcium.html
claims/greens-do-not-raise-k2.html
claims/k2-activates-mgp.html
claims/k2-deficiency-common-and-silent.html
claims/k2-directs-calcium-to-bone.html
claims/k2-improves-arterial-flexibility.html
claims/k2-intake-less-aortic-calcification.html
claims/k2-intake-lower-chd-mortality.html
claims/k2-interferes-with-anticoagulants.html
claims/k2-prevention-not-reversal.html
claims/magnesium-prevents-calcium-deposits.html
claims/mk7-most-bioavailable.html
claims/mk7-no-cac-benefit.html
index.html
map.html
studies/brackwater-2009.html
studies/gorsefield-2009.html
studies/knottingale-2015.html
studies/larchwood-2019.html
studies/larkhaven-2004.html
studies/lirren-2023.html
studies/loamsby-1997.html
studies/nettlecombe-2010.html
studies/oakhollow-2008.html
studies/quinkcac-protocol-2015.html
studies/quinkcac-results.html
studies/saltmarsh-2012.html
studies/scurrowby-2004-blood.html
studies/scurrowby-2007-blood.html
studies/sheafmoor-2009.html
studies/thimbleby-1996.html
studies/thistlewood-2013.html
studies/valvek-2022.html
studies/vlasbrook-2020.html
studies/zwalmhollow-2019.html
style.css
topics/arterial-calcification.html
topics/arterial-stiffness.html
topics/bioavailability.html
topics/cofactors.html
topics/coronary-artery-calcification.html
topics/drug-interactions.html
topics/heart-disease-mortality.html
topics/k1-vs-k2.html
topics/mechanism.html
topics/status.html'

@test "site writes a page per article, topic, claim and study, an index and a map, and says so in one line" {
	load_sample
	run --separate-stderr ev site public/
	assert_status 0
	assert_equal "" "$output"
	assert_equal "site: 47 pages in public/: 47 written, 0 unchanged, 0 removed" "$stderr"
	assert_equal "$SAMPLE_PAGES" "$(pages public)"
	for f in $(find public -name '*.html'); do
		xmllint --noout "$f"
	done
	# the manifest lists exactly the pages
	assert_equal "$(printf '%s\n' "$SAMPLE_PAGES" | grep -v '^\.evidence-site$')" "$(grep -v '^#' public/.evidence-site)"
	# -q: nothing on stderr
	rm -r public
	run --separate-stderr ev -q site public
	assert_status 0
	assert_equal "" "$stderr"
}

@test "every link of every page resolves inside the site, and nothing is fetched" {
	load_sample
	ev -q site public
	run "$PY" "$TOOLS/sitecheck.py" public
	assert_status 0
	assert_equal "pages 46, links 484, all resolve" "$output"
	# the checker does catch a broken link and a fetch
	sed -i 's#href="../studies/larkhaven-2004.html"#href="../studies/nowhere.html"#' public/claims/k2-intake-less-aortic-calcification.html
	sed -i 's#</main>#<img src="https://example.org/x.png"/></main>#' public/map.html
	run "$PY" "$TOOLS/sitecheck.py" public
	assert_status 1
	assert_output_has "public/claims/k2-intake-less-aortic-calcification.html: ../studies/nowhere.html: no such page"
	assert_output_has "public/map.html: <img src> loads https://example.org/x.png"
}

@test "each claim page embeds one ClaimReview, of its claim, with the verdict query gives" {
	load_sample
	ev -q site public
	ev query arterial-calcification --format json >/dev/null
	for c in $(ev report k2-arterial-flexibility --format csv --no-header | cut -d, -f2); do
		ev explain "$c" --format json >"$c.json"
		run "$PY" - "public/claims/$c.html" "$c.json" <<'PY'
import json, re, sys
page = open(sys.argv[1]).read()
claim = json.load(open(sys.argv[2]))
scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
assert len(scripts) == 1, len(scripts)
reviews = [x for x in json.loads(scripts[0])["@graph"] if x["@type"] == "ClaimReview"]
assert len(reviews) == 1, len(reviews)
assert reviews[0]["claimReviewed"] == claim["text"], reviews[0]["claimReviewed"]
words = {"supported": "Supported", "contradicted": "Contradicted", "mixed": "Mixed", "insufficient": "Insufficient evidence"}
assert 'class="badge v-%s">' % claim["verdict"] in page
assert words[claim["verdict"]] in page
print("ok")
PY
		assert_equal "ok" "$output"
	done
	# the whole grading, as explain lists it, on the page
	grep -q '<h3>Grading steps</h3>' public/claims/k2-intake-less-aortic-calcification.html
	grep -q '<tr><th scope="row">risk of bias</th><td class="num">-1</td>' public/claims/k2-intake-less-aortic-calcification.html
	grep -q '<tr><th scope="row">inconsistency</th><td class="num">none</td>' public/claims/k2-intake-less-aortic-calcification.html
	grep -q '<h3>Summary of findings</h3>' public/claims/k2-intake-less-aortic-calcification.html
	grep -q '<h3>Forest plot</h3>' public/claims/k2-intake-less-aortic-calcification.html
}

@test "the index's tallies are query's and report's counts" {
	load_sample
	ev -q site public
	for t in $(ev topics --format csv --no-header | cut -d, -f1); do
		want=$(ev query "$t" --format json | "$PY" -c 'import json, sys, collections
c = collections.Counter(x["verdict"] for x in json.load(sys.stdin)["claims"])
n = sum(c.values())
print("%d claim%s: %d supported, %d mixed, %d contradicted, %d insufficient." % (n, "" if n == 1 else "s", c["supported"], c["mixed"], c["contradicted"], c["insufficient"]))')
		got=$(grep -o "<li id=\"topic-$t\">.*</li>" public/index.html | sed 's#.*<p class="note">\([^<]*\)</p>.*#\1#')
		assert_equal "$want" "$got"
	done
	grep -q '<li id="article-k2-arterial-flexibility"><a href="articles/k2-arterial-flexibility.html">Does Vitamin K2 Keep Arteries Flexible? A Test Article</a> <code>k2-arterial-flexibility</code><p class="note">13 claims: 7 supported, 0 mixed, 2 contradicted, 4 insufficient.</p>' public/index.html
	# the article's and a topic's pages are report's and query's, with links
	grep -q '<p class="kicker">Evidence report</p>' public/articles/k2-arterial-flexibility.html
	grep -q '<strong>13 claims</strong>: 7 supported, 0 mixed, 2 contradicted, 4 insufficient.' public/articles/k2-arterial-flexibility.html
	grep -q '<p class="claim-no">Claim 1 of 13 · <a href="../claims/k2-directs-calcium-to-bone.html"><code>k2-directs-calcium-to-bone</code></a></p>' public/articles/k2-arterial-flexibility.html
	grep -q '<h1>Arterial calcification</h1>' public/topics/arterial-calcification.html
	# the map: every claim of every topic once, in words as well as colour
	assert_equal "$(ev query mechanism --format json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["claims"]))')" \
		"$(grep '<tr><th scope="row"><a href="topics/mechanism.html">' public/map.html | grep -o 'class="chip' | wc -l)"
	grep -q '<a class="chip v-contradicted c1" href="claims/greens-do-not-raise-k2.html" title="[^"]*">✗ contradicted: greens-do-not-raise-k2</a>' public/map.html
}

@test "study pages cite the study as export's Vancouver does, link its DOI and PubMed, and list its claims" {
	load_sample
	ev -q site public
	"$PY" - "$SAMPLE/studies.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    page = open("public/studies/%s.html" % r["key"]).read()
    doi = 'href="https://doi.org/%s"' % r["doi"]
    pubmed = 'href="https://pubmed.ncbi.nlm.nih.gov/%s/"' % r["pmid"]
    assert (doi in page) == bool(r["doi"]), (r["key"], "doi")
    assert (pubmed in page) == bool(r["pmid"]), (r["key"], "pmid")
    assert page.count("https://doi.org/") == (1 if r["doi"] else 0), r["key"]
    assert page.count("https://pubmed.ncbi.nlm.nih.gov/") == (1 if r["pmid"] else 0), r["key"]
PY
	# the citation's text is export's, word for word
	cite=$(ev export --format vancouver --study larkhaven-2004 | sed 's/^1\. //')
	text=$(sed -n 's#.*<span class="cite">\(.*\)</span>.*#\1#p' public/studies/larkhaven-2004.html | sed 's#<[^>]*>##g')
	assert_equal "$cite" "$text"
	grep -q '<tr role="row"><th scope="row" role="rowheader"><a href="../claims/k2-intake-less-aortic-calcification.html">k2-intake-less-aortic-calcification</a><br/>People with the highest vitamin K2 intake have a 52% lower risk of severe arterial calcification.</th><td role="cell" class="d-supports" data-label="Direction">supports</td><td role="cell" data-label="Outcome">severe aortic calcification</td>' public/studies/larkhaven-2004.html
}

@test "a rerun on an unchanged database rewrites nothing; an edit rewrites only the pages that show it" {
	load_sample
	ev -q site public
	snapshot public >before
	sleep 0.05
	run --separate-stderr ev site public
	assert_status 0
	assert_equal "site: 47 pages in public: 0 written, 47 unchanged, 0 removed" "$stderr"
	assert_equal "$(cat before)" "$(snapshot public)"
	# a claim's text shows on its page, its article's, its topics', its
	# studies' and (as a chip's tooltip) the map
	ev -q edit claim k2-activates-mgp --text 'Vitamin K2 activates MGP (edited).'
	run --separate-stderr ev site public
	assert_equal "site: 47 pages in public: 8 written, 39 unchanged, 0 removed" "$stderr"
	assert_equal "articles/k2-arterial-flexibility.html
claims/k2-activates-mgp.html
map.html
studies/knottingale-2015.html
studies/loamsby-1997.html
studies/valvek-2022.html
topics/arterial-calcification.html
topics/mechanism.html" "$(written_since before public)"
	grep -q '<h1 id="h-k2-activates-mgp">Vitamin K2 activates MGP (edited).</h1>' public/claims/k2-activates-mgp.html
	# a quote shows only on the claim's and article's pages (a topic's
	# lists its claims' verdicts and texts)
	snapshot public >before
	ev -q edit claim k2-activates-mgp --quote 'K2 switches MGP on'
	ev -q site public
	assert_equal "articles/k2-arterial-flexibility.html
claims/k2-activates-mgp.html" "$(written_since before public)"
}

@test "a removed study's page is removed, and only pages the site wrote ever are" {
	load_sample
	ev -q site public
	echo "mine" >public/notes.txt
	echo "mine too" >public/studies/my-notes.html
	snapshot public >before
	ev -q rm study quinkcac-results --cascade
	run --separate-stderr ev site public
	assert_status 0
	assert_equal "site: 46 pages in public: 5 written, 41 unchanged, 1 removed" "$stderr"
	# its one claim's pages (claim, article, topics) and the index's list
	# of studies change; the manifest no longer lists it
	assert_equal ".evidence-site
articles/k2-arterial-flexibility.html
claims/mk7-no-cac-benefit.html
index.html
topics/arterial-calcification.html
topics/coronary-artery-calcification.html" "$(written_since before public)"
	[ ! -e public/studies/quinkcac-results.html ]
	assert_equal "mine" "$(cat public/notes.txt)"
	assert_equal "mine too" "$(cat public/studies/my-notes.html)"
	! grep -q quinkcac-results public/.evidence-site
	"$PY" "$TOOLS/sitecheck.py" public >/dev/null
	# a manifest line naming anything but a page of the site is ignored
	printf '../evidence.db\nnotes.txt\nstudies/../../evidence.db\n' >>public/.evidence-site
	run --separate-stderr ev site public
	assert_status 0
	assert_equal "evidence: site: warning: public/.evidence-site: '../evidence.db' is not a page of the site; left alone
evidence: site: warning: public/.evidence-site: 'notes.txt' is not a page of the site; left alone
evidence: site: warning: public/.evidence-site: 'studies/../../evidence.db' is not a page of the site; left alone
site: 46 pages in public: 0 written, 46 unchanged, 0 removed" "$stderr"
	[ -e evidence.db ] && [ -e public/notes.txt ]
}

@test "a folder that is not a site, a file, a missing database, bad usage: refused, nothing written" {
	load_sample
	mkdir mine
	echo "keep me" >mine/notes.txt
	run --separate-stderr ev site mine
	assert_status 1
	assert_equal "evidence: site: 'mine' is not empty and has no .evidence-site: it is not a site evidence wrote, so nothing in it is replaced (give an empty or new directory)" "$stderr"
	assert_equal "notes.txt" "$(ls -A mine)"
	assert_equal "keep me" "$(cat mine/notes.txt)"
	# an empty folder is fine
	mkdir empty
	ev -q site empty
	[ -e empty/index.html ]
	touch afile
	run --separate-stderr ev site afile
	assert_status 1
	assert_equal "evidence: site: 'afile' is not a directory" "$stderr"
	run --separate-stderr ev site no/such/parent
	assert_status 1
	assert_equal "evidence: site: cannot create the directory 'no/such/parent': No such file or directory" "$stderr"
	run --separate-stderr ev --db missing.db site out
	assert_status 1
	assert_equal "evidence: site: no database at 'missing.db'; create one with 'evidence init' or load data with 'evidence import FILE...' (--db PATH or \$EVIDENCE_DB choose another)" "$stderr"
	[ ! -e out ]
	run --separate-stderr ev site
	assert_status 2
	assert_equal "evidence: site: which directory? (e.g. 'evidence site public/')" "$(printf '%s\n' "$stderr" | head -1)"
	run --separate-stderr ev site a b
	assert_status 2
	for n in 0 65 two; do
		run --separate-stderr ev site out --jobs "$n"
		assert_status 2
		assert_equal "evidence: site: --jobs: '$n' is not a number of processes from 1 to 64" "$(printf '%s\n' "$stderr" | head -1)"
	done
	SOURCE_DATE_EPOCH=soon run --separate-stderr ev site out
	assert_status 1
	assert_equal "evidence: site: SOURCE_DATE_EPOCH: 'soon' is not a number of seconds since 1970" "$stderr"
	[ ! -e out ]
}

@test "a failure part-way leaves the pages already there whole" {
	load_sample
	ev -q site public
	snapshot public >before
	ev -q edit claim k2-activates-mgp --text 'Edited.'
	# claims/ cannot be made: a file has its name
	rm -r public/claims
	echo x >public/claims
	run --separate-stderr ev site public
	assert_status 1
	assert_equal "evidence: site: cannot create the directory 'public/claims': a file has its name" "$stderr"
	# nothing else was touched, and no temporary file is left
	assert_equal "$(grep -v ' \./claims/' before | grep -v '^\.evidence-site ' | grep -v '^claims/')" \
		"$(snapshot public | grep -v '^claims ' | grep -v '^\.evidence-site ')"
	[ -z "$(find public -name '.*.html.*')" ]
	rm public/claims
	run --separate-stderr ev site public
	assert_status 0
	"$PY" "$TOOLS/sitecheck.py" public >/dev/null
}

@test "pages made in several processes are the pages one process makes, byte for byte" {
	load_sample
	ev -q site one --jobs 1
	run --separate-stderr ev site three --jobs 3
	assert_status 0
	assert_equal "site: 47 pages in three: 47 written, 0 unchanged, 0 removed" "$stderr"
	diff -r one three
	# and a rerun in several processes counts what each left alone
	ev -q edit claim k2-activates-mgp --text 'Edited.'
	run --separate-stderr ev site three --jobs 2
	assert_equal "site: 47 pages in three: 8 written, 39 unchanged, 0 removed" "$stderr"
}

@test "a page another process cannot write fails the run, said once, and the next run finishes" {
	load_sample
	ev -q site public
	ev -q edit claim k2-activates-mgp --text 'Edited.'
	# a folder where a study's page goes. Pages are made in the order
	# style.css, index, map, articles, topics, claims, studies (each in key
	# order), and of two processes the second makes every other one from
	# the second (the odd positions, from 0): this one is the second's.
	local at
	at=$((3 + $(ls public/articles | wc -l) + $(ls public/topics | wc -l) + $(ls public/claims | wc -l) +
		$(ls public/studies | grep -n '^larkhaven-2004.html$' | cut -d: -f1) - 1))
	assert_equal 1 "$((at % 2))"
	rm public/studies/larkhaven-2004.html
	mkdir -p public/studies/larkhaven-2004.html/inside
	run --separate-stderr ev site public --jobs 2
	assert_status 1
	assert_equal "evidence: site: cannot write 'public/studies/larkhaven-2004.html': Is a directory" "$stderr"
	[ -z "$(find public -name '.*.html.*')" ]
	rm -r public/studies/larkhaven-2004.html
	run --separate-stderr ev site public --jobs 2
	assert_status 0
	"$PY" "$TOOLS/sitecheck.py" public >/dev/null
}

@test "a run's leftovers go: a killed run's temporary files, and folders whose last page went" {
	load_sample
	ev -q site public
	# what a run killed between writing a page and renaming it leaves
	echo half >public/claims/.k2-activates-mgp.html.Ab3xYz
	echo half >public/.index.html.Q1w2E3
	# not the temporary file of a page: left alone
	echo mine >public/claims/.notes.Ab3xYz
	echo mine >public/claims/.k2-activates-mgp.html.toolong1
	ev -q site public
	assert_equal "public/claims/.k2-activates-mgp.html.toolong1
public/claims/.notes.Ab3xYz" "$(find public -name '.*' -type f ! -name .evidence-site | LC_ALL=C sort)"
	# every record gone: the page folders go with their pages
	rm evidence.db
	ev -q init
	rm public/claims/.notes.Ab3xYz public/claims/.k2-activates-mgp.html.toolong1
	run --separate-stderr ev site public
	assert_status 0
	assert_equal "site: 3 pages in public: 2 written, 1 unchanged, 44 removed" "$stderr"
	assert_equal "public" "$(find public -type d)"
	# a folder holding a file of someone else's stays, with the file
	load_sample
	ev -q site public
	echo mine >public/topics/notes.txt
	rm evidence.db
	ev -q init
	ev -q site public
	assert_equal "public
public/topics" "$(find public -type d | LC_ALL=C sort)"
}

@test "a folder evidence cannot write in is refused before anything is read" {
	[ "$(id -u)" -ne 0 ] || skip "root writes in any folder"
	load_sample
	mkdir ro
	chmod 555 ro
	run --separate-stderr ev site ro
	assert_status 1
	assert_equal "evidence: site: cannot write in 'ro': Permission denied" "$stderr"
}

@test "without SOURCE_DATE_EPOCH a page's time is the latest change to what it shows: reruns rewrite nothing, an edit only its pages" {
	load_sample
	unset SOURCE_DATE_EPOCH
	ev -q site public
	at=$(sqlite3 evidence.db 'SELECT max(at) FROM changes')
	for f in index.html map.html claims/k2-activates-mgp.html studies/larkhaven-2004.html; do
		grep -qF "<p class=\"generated\">Generated <time datetime=\"$at\">" "public/$f"
	done
	sleep 1
	run --separate-stderr ev site public
	assert_equal "site: 47 pages in public: 0 written, 47 unchanged, 0 removed" "$stderr"
	# an edit a second later: the pages that show the claim take its time
	# (the index and map show everything, so they do too); the others keep
	# theirs and are not rewritten
	snapshot public >before
	ev -q edit claim k2-activates-mgp --text 'Vitamin K2 activates MGP (edited).'
	edited=$(sqlite3 evidence.db 'SELECT at FROM changes ORDER BY id DESC LIMIT 1')
	[ "$edited" != "$at" ]
	run --separate-stderr ev site public
	assert_equal "site: 47 pages in public: 9 written, 38 unchanged, 0 removed" "$stderr"
	assert_equal "articles/k2-arterial-flexibility.html
claims/k2-activates-mgp.html
index.html
map.html
studies/knottingale-2015.html
studies/loamsby-1997.html
studies/valvek-2022.html
topics/arterial-calcification.html
topics/mechanism.html" "$(written_since before public)"
	for f in index.html claims/k2-activates-mgp.html studies/valvek-2022.html topics/mechanism.html; do
		grep -qF "<time datetime=\"$edited\">" "public/$f"
	done
	grep -qF "<time datetime=\"$at\">" public/studies/larkhaven-2004.html
}

@test "hostile text is escaped on every page of the site" {
	ev -q import "$BATS_TEST_DIRNAME/../data/plot/small"/*.csv
	ev -q site public
	for f in $(find public -name '*.html'); do
		xmllint --noout "$f"
		# the only scripts are JSON-LD
		! grep -o '<script[^>]*>' "$f" | grep -v '^<script type="application/ld+json">$'
		! grep -q '<img' "$f"
		! grep -q '<b>bold' "$f"
	done
	grep -q '<h1 id="h-hostile-text">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;/text&gt;&lt;/svg&gt;</h1>' public/claims/hostile-text.html
	grep -q 'title="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;/text&gt;&lt;/svg&gt;"' public/map.html
	"$PY" "$TOOLS/sitecheck.py" public >/dev/null
}

@test "in Chromium every page opens at 390 and 1280 px: nothing fetched, every link resolves, nothing overflows; a screenshot of each" {
	sitecheck_or_skip
	load_sample
	ev -q site public
	shots=$(shots_dir sample-site)
	run_sitecheck ${shots:+--shots "$shots"} public
	assert_status 0
	assert_equal "pages 46, widths 390 1280, links 376, all resolve, nothing overflows" "$output"
	if [ -n "$shots" ]; then
		run assert_shots "$shots" public 390 1280
		assert_status 0
	fi
}

@test "the browser check fails on a page too wide for a phone, a box scrolling without a sign, a broken link, a fetch, a script error" {
	sitecheck_or_skip
	# A small site (16 pages): the check's findings on one page are the point.
	ev -q import "$DATA"/core/*.csv
	ev -q site public
	# An element placed from the page's left edge, so its width is its
	# reach whatever the page's margins: 700 px, 310 past a phone's 390.
	sed -i 's#</main>#<div class="too-wide" style="position:absolute;left:0;width:700px">A box far too wide for a phone</div>\
<div class="silent" style="overflow-x:auto"><p style="width:1400px">Wide, and it scrolls</p></div>\
<a href="../studies/nowhere.html">gone</a> <a href="../claims/mixed-claim.html\#no-such-id">lost</a>\
<img src="https://example.org/x.png" alt=""/><img src="missing.png" alt=""/><script>notDefined()</script></main>#' \
		public/claims/pooled-claim.html
	run_sitecheck public
	assert_status 1
	p=claims/pooled-claim.html
	assert_equal "$p: claims/missing.png does not load: net::ERR_FILE_NOT_FOUND
$p: fetches https://example.org/x.png (nothing may come from the network)
$p: script error: notDefined is not defined
$p at 390 px: the page is 310 px wider than the viewport (it scrolls sideways)
$p at 390 px: div.too-wide \"A box far too wide for a phone\" reaches 700 px, past the viewport's right edge, and no box scrolls it
$p at 390 px: div.silent \"Wide, and it scrolls\" scrolls sideways with no sign that it does (no shadow at its edges)
$p at 1280 px: div.silent \"Wide, and it scrolls\" scrolls sideways with no sign that it does (no shadow at its edges)
$p: ../studies/nowhere.html: no such page
$p: ../claims/mixed-claim.html#no-such-id: no element with id 'no-such-id' there
pages 16, widths 390 1280, links 132: 9 problems" "$output"
	# a page the manifest lists that is not there, and a link to a page it
	# does not list (at one width: neither depends on it)
	ev -q site public
	rm public/studies/trial-a-2001.html
	sed -i 's#</main>#<a href="notes.html">notes</a></main>#' public/index.html
	echo '<!DOCTYPE html><html lang="en"><body>mine</body></html>' >public/notes.html
	run_sitecheck --widths 390 public
	assert_status 1
	assert_output_has "studies/trial-a-2001.html: listed in .evidence-site but not there"
	assert_output_has "index.html: notes.html: a page that .evidence-site does not list"
}

@test "an empty database gives an index and a map; a claim with no article gets its page" {
	ev -q init
	run --separate-stderr ev site public
	assert_status 0
	assert_equal "site: 3 pages in public: 3 written, 0 unchanged, 0 removed" "$stderr"
	assert_equal ".evidence-site
index.html
map.html
style.css" "$(pages public)"
	grep -q '<p class="empty">No articles.</p>' public/index.html
	grep -q '<p class="empty">No topics.</p>' public/map.html
	ev -q add claim --key lone-claim --topics lonely --text 'A claim with no article.'
	run --separate-stderr ev site public
	assert_equal "site: 5 pages in public: 4 written, 1 unchanged, 0 removed" "$stderr"
	grep -q '<p class="byline">Claim <code>lone-claim</code> · topics: <a href="../topics/lonely.html"><code>lonely</code></a></p>' public/claims/lone-claim.html
	run "$PY" "$TOOLS/sitecheck.py" public
	assert_equal "pages 4, links 14, all resolve" "$output"
}
