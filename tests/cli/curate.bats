#!/usr/bin/env bats
# evidence add, link, edit and rm: happy paths, every validation failure
# through flags (message pinned, exit 1, database unchanged), usage errors
# (exit 2), duplicates, near-duplicates, and removal with dependents.

bats_require_minimum_version 1.5.0
load helper

# expect_refused STATUS MESSAGE CMD...: CMD exits STATUS, prints exactly
# MESSAGE on stderr (first line for usage errors) and nothing on stdout,
# and leaves the database as it was.
expect_refused() {
	local want_status=$1 want=$2
	shift 2
	local before
	before=$(dump_db)
	run --separate-stderr ev "$@"
	assert_status "$want_status"
	assert_equal "" "$output"
	if [ "$want_status" -eq 2 ]; then
		assert_equal "$want" "${stderr%%$'\n'*}"
		assert_output_has_stderr "usage:"
	else
		assert_equal "$want" "$stderr"
	fi
	assert_equal "$before" "$(dump_db)"
}

assert_output_has_stderr() {
	case "$stderr" in *"$1"*) return 0 ;; esac
	printf 'expected stderr to contain:\n  %s\nstderr was:\n%s\n' "$1" "$stderr" >&2
	return 1
}

q() {
	sqlite3 evidence.db "$1"
}

# ---- add ------------------------------------------------------------------

@test "add study stores every flag, fills defaults, and says what it added" {
	load_sample
	run --separate-stderr ev add study --key test-2020 --title 'A trial of & 50% "quoted" things' \
		--authors 'Mülderhoff A, van der Quillberg B' --journal 'J Test' --year 2020 --volume 3 --issue 2 \
		--pages 10-20 --doi 10.5555/test.1 --pmid 90000301 --design rct --country Germany \
		--population adults --sample-size 120 --duration-months 6-12 --intervention X \
		--comparator placebo --funding none --source 'test fixture' --notes $'two\nlines'
	assert_status 0
	assert_equal "" "$output"
	assert_equal "added study 'test-2020'" "$stderr"
	assert_equal "test-2020|A trial of & 50% \"quoted\" things|Mülderhoff A, van der Quillberg B|J Test|2020|3|2|10-20|10.5555/test.1|90000301|rct|Germany|adults|120|6-12|X|placebo|unknown|none|verified|test fixture|two
lines" "$(q "SELECT key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country, population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status, source, notes FROM studies WHERE key = 'test-2020'")"
	assert_equal "integer|integer" "$(q "SELECT typeof(year), typeof(sample_size) FROM studies WHERE key = 'test-2020'")"
}

@test "add article and add claim, with topics and the article's order" {
	run --separate-stderr ev add article --key a1 --title 'An article' --author Someone \
		--publisher Pub --url https://example.org/a --published 2024-02-29
	assert_status 0
	assert_equal "added article 'a1'" "$stderr"
	run --separate-stderr ev add claim --key c1 --article a1 --topics 'one; two' --text 'First claim' \
		--quote 'as quoted' --stated-study S --stated-n 40 --stated-population P --stated-country C \
		--stated-duration-months 12 --stated-result supports --notes N
	assert_status 0
	assert_equal "added claim 'c1'" "$stderr"
	ev -q add claim --key c2 --article a1 --topics two --text 'Second claim'
	assert_equal "a1|An article|Someone|Pub|https://example.org/a|2024-02-29" \
		"$(q "SELECT key, title, author, publisher, url, published FROM articles")"
	assert_equal "c1|1|First claim|as quoted|S|40|P|C|12|supports|N
c2|2|Second claim||||||||" "$(q "SELECT key, position, text, quote, stated_study, stated_n, stated_population, stated_country, stated_duration_months, stated_result, notes FROM claims ORDER BY key")"
	assert_equal "one;two" "$(ev show --format csv claim c1 | awk -F, '$1 == "topics" { print $2 }')"
	assert_equal "one|1
two|2" "$(q "SELECT key, (SELECT count(*) FROM claim_topics WHERE topic_id = topics.id) FROM topics ORDER BY key")"
}

@test "add creates the database when there is none; --dry-run writes nothing" {
	run --separate-stderr ev add article --key a1 --title T --dry-run
	assert_status 0
	assert_equal "would add article 'a1'" "$stderr"
	assert_equal "0" "$(q "SELECT count(*) FROM articles")"
	assert_equal "0" "$(q "SELECT count(*) FROM history")"
	ev -q add article --key a1 --title T
	assert_equal "a1|T" "$(q "SELECT key, title FROM articles")"
}

@test "add an existing key is refused: use edit" {
	load_sample
	expect_refused 1 "evidence: add: study 'knottingale-2015' already exists; change it with 'evidence edit study knottingale-2015'" \
		add study --key knottingale-2015 --title T --authors 'A B' --year 2015 --design rct
	expect_refused 1 "evidence: add: article 'k2-arterial-flexibility' already exists; change it with 'evidence edit article k2-arterial-flexibility'" \
		add article --key k2-arterial-flexibility --title T
}

@test "a study whose DOI or PMID is recorded is refused, naming the study that has it" {
	load_sample
	expect_refused 1 "evidence: add: --doi: '10.5555/Sample.Knottingale-2015' is already recorded for study 'knottingale-2015'" \
		add study --key k2 --title T --authors 'A B' --year 2015 --design rct --doi 10.5555/Sample.Knottingale-2015
	expect_refused 1 "evidence: add: --pmid: '90000104' is already recorded for study 'knottingale-2015'" \
		add study --key k2 --title T --authors 'A B' --year 2015 --design rct --pmid 90000104
	expect_refused 1 "evidence: add: --doi: '10.5555/sample.knottingale-2015' is already recorded for study 'knottingale-2015'
evidence: add: --pmid: '90000101' is already recorded for study 'valvek-2022'" \
		add study --key k2 --title T --authors 'A B' --year 2015 --design rct --doi 10.5555/sample.knottingale-2015 --pmid 90000101
	expect_refused 1 "evidence: edit: --doi: '10.5555/sample.knottingale-2015' is already recorded for study 'knottingale-2015'" \
		edit study valvek-2022 --doi 10.5555/sample.knottingale-2015
}

@test "a near-duplicate study is added with a warning naming the candidate" {
	load_sample
	run --separate-stderr ev add study --key knottingale-2015-again --authors 'Knottingale M, Vermillow C' --year 2015 \
		--design rct --title 'Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women'
	assert_status 0
	assert_equal "evidence: add: warning: study 'knottingale-2015-again' may be a duplicate of 'knottingale-2015' (same first author Knottingale M, same year 2015, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
added study 'knottingale-2015-again'" "$stderr"
	assert_equal "1" "$(q "SELECT count(*) FROM studies WHERE key = 'knottingale-2015-again'")"
	# Another year, or another first author: no warning.
	run --separate-stderr ev add study --key knottingale-2016 --authors 'Knottingale M' --year 2016 --design rct \
		--title 'Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women'
	assert_equal "added study 'knottingale-2016'" "$stderr"
	run --separate-stderr ev add study --key brambleford-2015 --authors 'Brambleford L, Knottingale M' --year 2015 --design rct \
		--title 'Menaquinone-7 supplements and arterial stiffness in healthy postmenopausal women'
	assert_equal "added study 'brambleford-2015'" "$stderr"
	# An edit that makes a study look like another warns too.
	run --separate-stderr ev edit study brambleford-2015 --authors 'Knottingale MHJ' --title \
		'Menaquinone-7 supplements and arterial stiffness in healthy post-menopausal women: a randomised trial'
	assert_status 0
	assert_output_has_stderr "warning: study 'brambleford-2015' may be a duplicate of 'knottingale-2015' (same first author Knottingale MHJ, same year 2015, titles"
}

@test "a near-duplicate's first author is compared and named whole, however long (issue 17 point 5)" {
	# Invented family names of 140 bytes that differ only at their ends:
	# they were cut at 126 bytes, so two authors were one, and the warning
	# named the author cut at 100 bytes.
	long=$(printf 'Quarrydown%.0s' $(seq 13))
	title='Menaquinone and arterial stiffness in older adults'
	ev -q add study --key north-2020 --authors "${long}North A, Doe J" --year 2020 --design rct --title "$title"
	run --separate-stderr ev add study --key south-2020 --authors "${long}South A" --year 2020 --design rct \
		--title "$title"
	assert_status 0
	assert_equal "added study 'south-2020'" "$stderr"
	run --separate-stderr ev add study --key north-2020-again --authors "${long}North A" --year 2020 --design rct \
		--title "$title"
	assert_status 0
	assert_equal "evidence: add: warning: study 'north-2020-again' may be a duplicate of 'north-2020' (same first author ${long}North A, same year 2020, titles 100% alike); if it is, remove one with 'evidence rm study KEY'
added study 'north-2020-again'" "$stderr"
}

# ---- validation through flags: the messages import gives, under the flag -----

@test "every study field is validated as import validates it" {
	load_sample
	S="add study --key s1 --title T --authors A --year 2020 --design rct"
	# shellcheck disable=SC2086
	{
	expect_refused 1 "evidence: add: --sample-size: '-4' is not a positive integer" $S --sample-size -4
	expect_refused 1 "evidence: add: --sample-size: '1,200' is not an integer (write digits only, without separators or spaces)" $S --sample-size 1,200
	expect_refused 1 "evidence: add: --year: '1700' is out of range (1800 to 2100)" add study --key s1 --title T --authors A --design rct --year 1700
	expect_refused 1 "evidence: add: --design: 'RCT' is not one of meta-analysis, systematic-review, rct, non-randomized-trial, cohort, case-control, cross-sectional, case-series, animal, in-vitro, review or other; did you mean 'rct'?" add study --key s1 --title T --authors A --year 2020 --design RCT
	expect_refused 1 "evidence: add: --doi: 'https://doi.org/10.1/x' is not a DOI (10.NNNN/...)" $S --doi https://doi.org/10.1/x
	expect_refused 1 "evidence: add: --doi: '10.12/x' is not a DOI (10.NNNN/...)" $S --doi 10.12/x
	expect_refused 1 "evidence: add: --pmid: 'PMC123' is not an integer" $S --pmid PMC123
	expect_refused 1 "evidence: add: --pmid: '0' is not a PubMed id (1 to 9 digits)" $S --pmid 0
	expect_refused 1 "evidence: add: --duration-months: '12-6' is not a number of months or a range LO-HI (e.g. 36 or 84-120)" $S --duration-months 12-6
	expect_refused 1 "evidence: add: --risk-of-bias: 'medium' is not one of low, some, high or unknown" $S --risk-of-bias medium
	expect_refused 1 "evidence: add: --status: 'Verified' is not one of verified, unverified or retracted; did you mean 'verified'?" $S --status Verified
	expect_refused 1 "evidence: add: --key: 'S1' is not a valid key (use lowercase letters, digits and '-', starting with a letter or digit)" add study --key S1 --title T --authors A --year 2020 --design rct
	expect_refused 1 "evidence: add: --title: contains the control character 0x01" add study --key s1 --title $'a\x01b' --authors A --year 2020 --design rct
	expect_refused 1 "evidence: add: --year: '20 20' is not an integer (write digits only, without separators or spaces)
evidence: add: --design: 'trial' is not one of meta-analysis, systematic-review, rct, non-randomized-trial, cohort, case-control, cross-sectional, case-series, animal, in-vitro, review or other" add study --key s1 --title T --authors A --year '20 20' --design trial
	}
}

@test "required fields: missing flags and empty values name the flag" {
	load_sample
	expect_refused 1 "evidence: add: --title: a value is required
evidence: add: --authors: a value is required (unless status is unverified)
evidence: add: --year: a value is required (unless status is unverified)
evidence: add: --design: a value is required (unless status is unverified)" add study --key s1
	expect_refused 1 "evidence: add: --key: a value is required" add study --title T --status unverified
	run ev -q add study --key s1 --title 'Placeholder' --status unverified
	assert_status 0
	expect_refused 1 "evidence: edit: --title: a value is required" edit study knottingale-2015 --title ''
	expect_refused 1 "evidence: add: --topics: a value is required
evidence: add: --text: a value is required" add claim --key c1
	expect_refused 1 "evidence: add: --topics: 'a;;b': an empty item is not a valid key (use lowercase letters, digits and '-', separated by ';')" add claim --key c1 --text T --topics 'a;;b'
	expect_refused 1 "evidence: add: --topics: 'a;b;a' lists 'a' twice" add claim --key c1 --text T --topics 'a;b;a'
	expect_refused 1 "evidence: add: --stated-n: '0' is not a positive integer" add claim --key c1 --text T --topics a --stated-n 0
	expect_refused 1 "evidence: add: --published: '2023-02-29' is not a date (YYYY-MM-DD, a real calendar day)" add article --key a --title T --published 2023-02-29
	expect_refused 1 "evidence: add: --url: 'example.org' is not an http:// or https:// URL" add article --key a --title T --url example.org
}

@test "a claim's article must exist: did you mean" {
	load_sample
	expect_refused 1 "evidence: add: --article: no article 'k2-arterial-flexibilty'; did you mean 'k2-arterial-flexibility'?" \
		add claim --key c1 --text T --topics a --article k2-arterial-flexibilty
	expect_refused 1 "evidence: add: --article: no article 'elsewhere' (add it first with 'evidence add article')" \
		add claim --key c1 --text T --topics a --article elsewhere
	expect_refused 1 "evidence: edit: --article: no article 'nope'" edit claim k2-activates-mgp --article nope
}

# ---- link -------------------------------------------------------------------

@test "link adds an evidence link with its effect; --ci LO,HI fills both ends" {
	load_sample
	run --separate-stderr ev link mk7-most-bioavailable saltmarsh-2012 --direction supports --outcome 'serum MK-7' \
		--measure MD --estimate 1.5 --ci -0.25,3 --p-value 0.04 --n 10 --indirect yes --notes 'a note'
	assert_status 0
	assert_equal "" "$output"
	assert_equal "added link mk7-most-bioavailable -> saltmarsh-2012 (serum MK-7)" "$stderr"
	assert_equal "supports|serum MK-7|MD|1.5|-0.25|3.0|0.04|10|1|a note" "$(q "SELECT direction, e.outcome, measure, estimate, ci_low, ci_high, p_value, n, indirect, e.notes FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id WHERE c.key = 'mk7-most-bioavailable' AND s.key = 'saltmarsh-2012' AND e.outcome = 'serum MK-7'")"
	# --ci-low/--ci-high work as well, and options may come first.
	run ev -q link --direction contradicts --measure OR --estimate 0.9 --ci-low 0.5 --ci-high 1.5 mk7-most-bioavailable knottingale-2015
	assert_status 0
	assert_equal "|OR|0.9|0.5|1.5|0" "$(q "SELECT outcome, measure, estimate, ci_low, ci_high, indirect FROM evidence e JOIN studies s ON s.id = e.study_id WHERE s.key = 'knottingale-2015' AND e.direction = 'contradicts'")"
}

@test "link validates like a row of evidence.csv" {
	load_sample
	L="link mk7-most-bioavailable saltmarsh-2012"
	# shellcheck disable=SC2086
	{
	expect_refused 1 "evidence: link: --direction: a value is required" $L
	expect_refused 1 "evidence: link: --direction: 'support' is not one of supports, contradicts or inconclusive; did you mean 'supports'?" $L --direction support
	expect_refused 1 "evidence: link: --measure: 'rr' is not one of RR, OR, HR, MD, SMD or RD; did you mean 'RR'?" $L --direction supports --measure rr
	expect_refused 1 "evidence: link: --estimate: 'abc' is not a number" $L --direction supports --measure RR --estimate abc
	expect_refused 1 "evidence: link: --p-value: '2' is out of range (0 to 1)" $L --direction supports --p-value 2
	expect_refused 1 "evidence: link: --n: '0' is not a positive integer" $L --direction supports --n 0
	expect_refused 1 "evidence: link: --indirect: 'maybe' is not one of yes or no" $L --direction supports --indirect maybe
	expect_refused 1 "evidence: link: --measure: a measure (RR, OR, HR, MD or SMD) is required when an estimate is given" $L --direction supports --estimate 0.5
	expect_refused 1 "evidence: link: --ci: '0.9' is above ci_high '0.7' (the interval is inverted)" $L --direction supports --measure RR --estimate 0.8 --ci 0.9,0.7
	expect_refused 1 "evidence: link: --estimate: '0.5' lies outside its confidence interval 0.7 to 1.2" $L --direction supports --measure OR --estimate 0.5 --ci 0.7,1.2
	expect_refused 1 "evidence: link: --estimate: '0' is not above 0, which a ratio (HR) must be" $L --direction supports --measure HR --estimate 0
	expect_refused 1 "evidence: link: --ci: give both ends of the confidence interval, or neither" $L --direction supports --measure RR --estimate 0.8 --ci ,0.9
	expect_refused 1 "evidence: link: --ci: '0,5,1,2' is not LO,HI (two numbers separated by a comma, with '.' as the decimal mark)" $L --direction supports --measure RR --estimate 0.8 --ci 0,5,1,2
	expect_refused 1 "evidence: link: --ci: '0.5' is not LO,HI (two numbers separated by a comma)" $L --direction supports --measure RR --estimate 0.8 --ci 0.5
	expect_refused 1 "evidence: link: --ci-high: give both ends of the confidence interval, or neither" $L --direction supports --measure RR --estimate 0.8 --ci-low 0.5
	expect_refused 1 "evidence: link: claim: 'Bad' is not a valid key (use lowercase letters, digits and '-', starting with a letter or digit)" link Bad saltmarsh-2012 --direction supports
	}
}

@test "link: unknown claim or study gets a suggestion; an existing link is refused" {
	load_sample
	expect_refused 1 "evidence: link: no claim 'mk7-most-bioavailble'; did you mean 'mk7-most-bioavailable'?" \
		link mk7-most-bioavailble saltmarsh-2012 --direction supports
	expect_refused 1 "evidence: link: no study 'saltmarsh-2013'; did you mean 'saltmarsh-2012'?" \
		link mk7-most-bioavailable saltmarsh-2013 --direction supports
	expect_refused 1 "evidence: link: claim 'k2-activates-mgp' already has a link to study 'knottingale-2015' for outcome 'dp-ucMGP'; change it with: evidence edit link k2-activates-mgp knottingale-2015" \
		link k2-activates-mgp knottingale-2015 --direction contradicts --outcome dp-ucMGP
	# Another outcome is another link.
	run ev -q link k2-activates-mgp knottingale-2015 --direction supports --outcome 'total MGP'
	assert_status 0
	expect_refused 1 "evidence: link: claim 'k2-activates-mgp' already has a link to study 'knottingale-2015' for outcome 'total MGP'; change it with: evidence edit link k2-activates-mgp knottingale-2015 'total MGP'" \
		link k2-activates-mgp knottingale-2015 --direction contradicts --outcome 'total MGP'
}

@test "a link moved onto another's outcome is refused, quoting the outcome whole (issue 17 point 5)" {
	# An invented outcome of 780 bytes: the message was cut at 600.
	out=$(printf 'serum phylloquinone level after a year %.0s' $(seq 20))
	out=${out% }
	ev -q add study --key moved-2021 --title 'A trial' --authors 'Ashgrove A' --year 2021 --design rct
	ev -q add claim --key moved-claim --topics moved --text 'A claim about serum levels.'
	ev -q link moved-claim moved-2021 --direction supports --outcome "$out"
	ev -q link moved-claim moved-2021 --direction supports --outcome other
	run --separate-stderr ev edit link moved-claim moved-2021 other --outcome "$out"
	assert_status 1
	assert_equal "evidence: edit: --outcome: claim 'moved-claim' already has a link to study 'moved-2021' for outcome '$out'" "$stderr"
}

# ---- edit -------------------------------------------------------------------

@test "edit changes the given fields, clears with '', restores defaults, and reports each change" {
	load_sample
	run --separate-stderr ev edit study knottingale-2015 --sample-size 245 --funding '' --risk-of-bias some
	assert_status 0
	assert_equal "updated study 'knottingale-2015':
  sample_size: 244 -> 245
  risk_of_bias: 'unknown' -> 'some'
  funding: 'Quillco Nutrition' -> (none)" "$stderr"
	assert_equal "245||some|Fict Thromb" "$(q "SELECT sample_size, funding, risk_of_bias, journal FROM studies WHERE key = 'knottingale-2015'")"
	run --separate-stderr ev edit study knottingale-2015 --risk-of-bias ''
	assert_equal "updated study 'knottingale-2015':
  risk_of_bias: 'some' -> 'unknown'" "$stderr"
}

@test "edit to the values already there changes nothing and records nothing" {
	load_sample
	before=$(dump_db)
	run --separate-stderr ev edit study knottingale-2015 --sample-size 244 --journal 'Fict Thromb'
	assert_status 0
	assert_equal "study 'knottingale-2015' is unchanged: it has these values already" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "edit of a missing key suggests the nearest one" {
	load_sample
	expect_refused 1 "evidence: edit: no study 'knottingale-2016'; did you mean 'knottingale-2015'?" edit study knottingale-2016 --year 2016
	expect_refused 1 "evidence: edit: no claim 'nothing-like-it'" edit claim nothing-like-it --text T
}

@test "edit validates the merged record like import" {
	load_sample
	expect_refused 1 "evidence: edit: --sample-size: '-4' is not a positive integer" edit study knottingale-2015 --sample-size -4
	expect_refused 1 "evidence: edit: --authors: a value is required (unless status is unverified)" edit study knottingale-2015 --authors ''
	# Unverified records may lack them.
	run ev -q edit study knottingale-2015 --authors '' --status unverified
	assert_status 0
	expect_refused 1 "evidence: edit: --estimate: '0.2' lies outside its confidence interval 0.32 to 0.71" \
		edit link k2-intake-less-aortic-calcification larkhaven-2004 --estimate 0.2
	expect_refused 1 "evidence: edit: --measure: a measure (RR, OR, HR, MD or SMD) is required when an estimate is given" \
		edit link k2-intake-less-aortic-calcification larkhaven-2004 --measure ''
}

@test "edit --key renames a record and its links follow" {
	load_sample
	run --separate-stderr ev edit study knottingale-2015 --key knottingale-2015-pwv
	assert_status 0
	assert_equal "updated study 'knottingale-2015-pwv':
  key: 'knottingale-2015' -> 'knottingale-2015-pwv'" "$stderr"
	assert_equal "k2-activates-mgp
k2-improves-arterial-flexibility" "$(q "SELECT c.key FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id WHERE s.key = 'knottingale-2015-pwv' ORDER BY 1")"
	expect_refused 1 "evidence: edit: --key: 'valvek-2022' is already the key of another study" edit study knottingale-2015-pwv --key valvek-2022
}

@test "edit link: named by claim and study, or by outcome when there are several; flags move it" {
	load_sample
	run --separate-stderr ev edit link k2-activates-mgp knottingale-2015 --notes 'changed' --measure MD --estimate -5 --ci=-8,-2
	assert_status 0
	assert_equal "updated link k2-activates-mgp -> knottingale-2015 (dp-ucMGP):
  measure: (none) -> 'MD'
  estimate: (none) -> -5
  ci_low: (none) -> -8
  ci_high: (none) -> -2
  notes: 'dp-ucMGP fell 50% with MK-7' -> 'changed'" "$stderr"
	ev -q link k2-activates-mgp knottingale-2015 --direction supports --outcome 'total MGP'
	expect_refused 1 "evidence: edit: claim 'k2-activates-mgp' has 2 links to study 'knottingale-2015', for outcomes 'dp-ucMGP' and 'total MGP'; name one, as in: evidence edit link k2-activates-mgp knottingale-2015 dp-ucMGP" \
		edit link k2-activates-mgp knottingale-2015 --notes x
	expect_refused 1 "evidence: edit: claim 'k2-activates-mgp' has no link to study 'knottingale-2015' for outcome 'MGP'; it has links for 'dp-ucMGP' and 'total MGP'" \
		edit link k2-activates-mgp knottingale-2015 MGP --notes x
	expect_refused 1 "evidence: edit: claim 'k2-activates-mgp' has no link to study 'loamsby-1997' without an outcome; it has one, for 'arterial calcification in MGP-null mice'" \
		edit link k2-activates-mgp loamsby-1997 '' --notes x
	expect_refused 1 "evidence: edit: claim 'k2-activates-mgp' has no link to study 'saltmarsh-2012'" \
		edit link k2-activates-mgp saltmarsh-2012 --notes x
	expect_refused 1 "evidence: edit: --outcome: claim 'k2-activates-mgp' already has a link to study 'knottingale-2015' for outcome 'dp-ucMGP'" \
		edit link k2-activates-mgp knottingale-2015 'total MGP' --outcome dp-ucMGP
	run --separate-stderr ev edit link k2-activates-mgp knottingale-2015 'total MGP' --outcome 'MGP' --study valvek-2022
	assert_status 0
	assert_equal "updated link k2-activates-mgp -> valvek-2022 (MGP):
  study: 'knottingale-2015' -> 'valvek-2022'
  outcome: 'total MGP' -> 'MGP'" "$stderr"
	expect_refused 1 "evidence: edit: --study: no study 'valvek-2023'; did you mean 'valvek-2022'?" \
		edit link k2-activates-mgp valvek-2022 MGP --study valvek-2023
}

# ---- rm ---------------------------------------------------------------------

@test "rm refuses while others depend on the record, and names them" {
	load_sample
	ev -q link k2-activates-mgp knottingale-2015 --direction supports --outcome 'total MGP'
	expect_refused 1 "evidence: rm: study 'knottingale-2015' is cited by 3 links: k2-activates-mgp (dp-ucMGP), k2-activates-mgp (total MGP) and k2-improves-arterial-flexibility; remove them too with --cascade" \
		rm study knottingale-2015
	expect_refused 1 "evidence: rm: claim 'mk7-no-cac-benefit' has 5 evidence links, to lirren-2023, quinkcac-results, sheafmoor-2009, valvek-2022 and zwalmhollow-2019; remove them too with --cascade" \
		rm claim mk7-no-cac-benefit
	expect_refused 1 "evidence: rm: article 'k2-arterial-flexibility' has 13 claims: k2-directs-calcium-to-bone, k2-intake-less-aortic-calcification, k2-intake-lower-chd-mortality, k2-activates-mgp, mk7-no-cac-benefit and 8 more (with 26 evidence links); remove them too with --cascade" \
		rm article k2-arterial-flexibility
	expect_refused 1 "evidence: rm: no study 'knottingale-2016'; did you mean 'knottingale-2015'?" rm study knottingale-2016
}

@test "rm --cascade removes the dependents and says how many" {
	load_sample
	run --separate-stderr ev rm study knottingale-2015 --cascade
	assert_status 0
	assert_equal "removed study 'knottingale-2015' and its 2 evidence links" "$stderr"
	assert_equal "0|23" "$(q "SELECT (SELECT count(*) FROM studies WHERE key = 'knottingale-2015'), (SELECT count(*) FROM evidence)")"
	run --separate-stderr ev rm claim mk7-no-cac-benefit --cascade
	assert_equal "removed claim 'mk7-no-cac-benefit' and its 5 evidence links" "$stderr"
	# Its topic coronary-artery-calcification had no other claim: gone too.
	assert_equal "0" "$(q "SELECT count(*) FROM topics WHERE key = 'coronary-artery-calcification'")"
	run --separate-stderr ev rm article k2-arterial-flexibility --cascade --dry-run
	assert_equal "would remove article 'k2-arterial-flexibility', its 12 claims and their 18 evidence links" "$stderr"
	run --separate-stderr ev rm article k2-arterial-flexibility --cascade
	assert_equal "removed article 'k2-arterial-flexibility', its 12 claims and their 18 evidence links" "$stderr"
	assert_equal "0|0|0|0|19" "$(q "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims), (SELECT count(*) FROM evidence), (SELECT count(*) FROM topics), (SELECT count(*) FROM studies)")"
}

@test "rm of records nothing depends on, and of a link" {
	load_sample
	ev -q add study --key spare --title T --status unverified
	run --separate-stderr ev rm study spare
	assert_status 0
	assert_equal "removed study 'spare'" "$stderr"
	run --separate-stderr ev rm link mk7-no-cac-benefit quinkcac-results
	assert_status 0
	assert_equal "removed link mk7-no-cac-benefit -> quinkcac-results (CAC progression)" "$stderr"
	expect_refused 1 "evidence: rm: claim 'mk7-no-cac-benefit' has no link to study 'quinkcac-results'" rm link mk7-no-cac-benefit quinkcac-results
}

# ---- usage ------------------------------------------------------------------

@test "misuse is a usage error (exit 2) that changes nothing" {
	load_sample
	expect_refused 2 "evidence: add: what to add: study, claim or article" add
	expect_refused 2 "evidence: add: 'paper' is not one of study, claim, article" add paper --key x
	expect_refused 2 "evidence: add: links are added with 'evidence link CLAIM STUDY --direction DIRECTION'" add link
	expect_refused 2 "evidence: add: the kind comes first: evidence add study|claim|article --key KEY ..." add --key x study
	expect_refused 2 "evidence: add: give the study's fields as --FIELD VALUE (see 'evidence add --help')" add study
	expect_refused 2 "evidence: add: unknown option '--sample-sise'; did you mean '--sample-size'?" add study --key x --sample-sise 3
	expect_refused 2 "evidence: add: a study has no field stated_n (claims have)" add study --key x --stated-n 3
	expect_refused 2 "evidence: add: --title given twice" add study --title a --title b
	expect_refused 2 "evidence: add: option '--title' needs a value" add study --key x --title
	expect_refused 2 "evidence: add: unexpected argument 'extra'" add study --key x extra
	expect_refused 2 "evidence: link: give a claim and a study" link --direction supports
	expect_refused 2 "evidence: link: give the study as well as the claim" link k2-activates-mgp --direction supports
	expect_refused 2 "evidence: link: unexpected argument 'x'" link a b x --direction supports
	expect_refused 2 "evidence: link: give the interval as --ci LO,HI or as --ci-low and --ci-high, not both" link a b --ci 1,2 --ci-low 1
	expect_refused 2 "evidence: edit: nothing to change: give the fields to change as --FIELD VALUE" edit study knottingale-2015
	expect_refused 2 "evidence: edit: give the key of the study to edit" edit study --year 2000
	expect_refused 2 "evidence: edit: give the link's claim and study (and its outcome, when they have several links)" edit link a --notes x
	expect_refused 2 "evidence: edit: unknown option '--ci'" edit study knottingale-2015 --ci 1,2
	expect_refused 2 "evidence: rm: what to remove: study, claim or article KEY, or link CLAIM STUDY [OUTCOME]" rm
	expect_refused 2 "evidence: rm: give the key of the study to remove" rm study
	expect_refused 2 "evidence: rm: unexpected argument 'b'" rm study a b
	expect_refused 2 "evidence: rm: --cascade is for studies, claims and articles: nothing depends on a link" rm link a b --cascade
}

@test "--help lists a flag for every column of the import format" {
	run ev add --help
	assert_status 0
	for f in "$SAMPLE"/studies.csv "$SAMPLE"/claims.csv "$SAMPLE"/articles.csv; do
		for col in $(head -1 "$f" | tr ',' ' '); do
			assert_output_has "--${col//_/-}"
		done
	done
	run ev link --help
	assert_status 0
	for col in $(head -1 "$SAMPLE"/evidence.csv | tr ',' ' '); do
		case $col in claim | study) continue ;; esac
		assert_output_has "--${col//_/-}"
	done
}
