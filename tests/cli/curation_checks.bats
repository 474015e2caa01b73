#!/usr/bin/env bats
# Checks that catch what a reviewer would: an estimate far from the centre
# of its confidence interval (a sign or transcription error, as AVADEC's
# "17 (-86 to 53)") warns in import, link and edit; `studies --incomplete`
# lists studies never assessed for risk of bias and links with an estimate
# but no n. Fixtures in tests/data/curation-checks (DOIs under 10.5555,
# invented names), never the bundled studies/.

load helper

fixture() {
	cp "$DATA"/curation-checks/*.csv .
}

@test "import: an estimate far from its interval's centre is a warning naming file, line and centre" {
	fixture
	run --separate-stderr ev import articles.csv studies.csv claims.csv evidence.csv
	assert_status 0
	assert_equal "evidence: import: warning: evidence.csv:2: estimate: '17' is far from -16.5, the centre of its confidence interval -86 to 53: sign or transcription error?
evidence: import: warning: evidence.csv:4: estimate: '1.25' is far from 0.8, the centre of its confidence interval 0.5 to 1.28 on the log scale: sign or transcription error?
articles: 1 added, 0 updated, 0 unchanged
studies: 5 added, 0 updated, 0 unchanged
claims: 2 added, 0 updated, 0 unchanged
evidence: 6 added, 0 updated, 0 unchanged" "$stderr"
	# a warning, not a refusal: the values are stored as given
	assert_equal "17.0|-86.0|53.0" "$(sqlite3 evidence.db "SELECT estimate, ci_low, ci_high FROM evidence WHERE ci_low = -86")"
}

@test "import: rounded published values do not warn (2 significant figures, 2 decimals, whole numbers)" {
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high,n\n' > e.csv
	printf 'claim-a,trial-round-2021,supports,o1,HR,0.91,0.85,1.00,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o2,HR,0.98,0.96,1.00,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o3,RR,1.5,0.93,2.4,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o4,OR,0.2,0.004,2.3,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o5,MD,-17,-86,53,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o6,MD,1200,1100,1300,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o7,SMD,0.25,-0.02,0.51,190\n' >> e.csv
	printf 'claim-a,trial-round-2021,supports,o8,MD,0.30,0.00,0.61,190\n' >> e.csv
	ev -q import "$DATA"/curation-checks/articles.csv "$DATA"/curation-checks/studies.csv "$DATA"/curation-checks/claims.csv
	run --separate-stderr ev import e.csv
	assert_status 0
	assert_equal "evidence: 8 added, 0 updated, 0 unchanged" "$stderr"
}

@test "import: the edge of the tolerance, both ways" {
	ev -q import "$DATA"/curation-checks/articles.csv "$DATA"/curation-checks/studies.csv "$DATA"/curation-checks/claims.csv
	# centre 0.515, half-width 0.195: allowed 0.0767 (a third of the
	# half-width, and rounding of 0.005 per value); 0.59 is off by 0.075,
	# 0.61 by 0.095 (0.60 would be read as 0.6, rounded to one decimal, and
	# pass: a value's precision is what its digits show)
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high,n\nclaim-a,trial-round-2021,supports,edge,MD,0.59,0.32,0.71,190\n' > near.csv
	run --separate-stderr ev import near.csv
	assert_status 0
	assert_equal "evidence: 1 added, 0 updated, 0 unchanged" "$stderr"
	printf 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high,n\nclaim-a,trial-round-2021,supports,edge,MD,0.61,0.32,0.71,190\n' > far.csv
	run --separate-stderr ev import far.csv
	assert_status 0
	assert_equal "evidence: import: warning: far.csv:2: estimate: '0.61' is far from 0.515, the centre of its confidence interval 0.32 to 0.71: sign or transcription error?
evidence: 0 added, 1 updated, 0 unchanged" "$stderr"
	# -q silences warnings; --dry-run warns as the import would
	run --separate-stderr ev -q import far.csv
	assert_equal "" "$stderr"
	run --separate-stderr ev import --dry-run far.csv
	assert_status 0
	assert_equal "evidence: import: warning: far.csv:2: estimate: '0.61' is far from 0.515, the centre of its confidence interval 0.32 to 0.71: sign or transcription error?" "${stderr_lines[0]}"
}

@test "link and edit warn the same way, naming the flag, and still write" {
	fixture
	ev -q import articles.csv studies.csv claims.csv
	run --separate-stderr ev link claim-a trial-flip-2020 --direction supports --outcome score --measure MD --estimate 17 --ci=-86,53
	assert_status 0
	assert_equal "evidence: link: warning: --estimate: '17' is far from -16.5, the centre of its confidence interval -86 to 53: sign or transcription error?
added link claim-a -> trial-flip-2020 (score)" "$stderr"
	run --separate-stderr ev edit link claim-a trial-flip-2020 --estimate -17
	assert_status 0
	assert_equal "updated link claim-a -> trial-flip-2020 (score):
  estimate: 17 -> -17" "$stderr"
	# an edit that moves the interval away from the estimate
	run --separate-stderr ev edit link claim-a trial-flip-2020 --ci=-53,86
	assert_status 0
	assert_equal "evidence: edit: warning: --estimate: '-17' is far from 16.5, the centre of its confidence interval -53 to 86: sign or transcription error?
updated link claim-a -> trial-flip-2020 (score):
  ci_low: -86 -> -53
  ci_high: 53 -> 86" "$stderr"
}

@test "studies --incomplete: studies never assessed for risk of bias, links with an estimate but no n" {
	fixture
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	run --separate-stderr ev studies --incomplete
	assert_status 0
	assert_equal "2 studies to curate
===================
key                year  design  n     status      needs                                                           title
cohort-norob-2019  2019  cohort  1000  verified    risk_of_bias                                                    Fixture cohort never assessed for bias
placeholder-2022                       unverified  design, sample_size, authors, year, verification, risk_of_bias  [Fixture results awaiting curation]

2 links to curate
=================
claim    study              outcome  effect                sample_size  needs
claim-a  cohort-norob-2019  score    MD 2.5                       1000  n
claim-b  cohort-norob-2019  events   RR 1.5 (0.93 to 2.4)         1000  n" "$output"
	# the retracted study is never assessed and never needs it; the
	# assessed ones are complete; a link without an estimate needs no n
	assert_output_lacks "retracted-2018"
	assert_output_lacks "trial-flip-2020"
	# both leave the queue once curated
	ev -q edit study cohort-norob-2019 --risk-of-bias some
	ev -q edit link claim-b cohort-norob-2019 --n 950
	run ev studies --incomplete --format csv
	assert_status 0
	assert_equal "key,year,design,n,status,needs,title
placeholder-2022,,,,unverified,\"design, sample_size, authors, year, verification, risk_of_bias\",[Fixture results awaiting curation]

claim,study,outcome,effect,sample_size,needs
claim-a,cohort-norob-2019,score,MD 2.5,1000,n" "$output"
}

@test "studies --incomplete: json has the studies, then the links, each with its kind" {
	fixture
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	ev studies --incomplete --format json > out.json
	run sqlite3 :memory: "SELECT group_concat(json_extract(value, '\$.kind') || ':' || coalesce(json_extract(value, '\$.key'), json_extract(value, '\$.claim') || '/' || json_extract(value, '\$.study') || '/' || json_extract(value, '\$.outcome')) || ':' || json_extract(value, '\$.needs'), ' ') FROM json_each(readfile('out.json'))"
	assert_equal 'study:cohort-norob-2019:["risk_of_bias"] study:placeholder-2022:["design","sample_size","authors","year","verification","risk_of_bias"] link:claim-a/cohort-norob-2019/score:["n"] link:claim-b/cohort-norob-2019/events:["n"]' "$output"
	run sqlite3 :memory: "SELECT json_extract(readfile('out.json'), '\$[3].estimate'), json_extract(readfile('out.json'), '\$[3].ci_low'), json_extract(readfile('out.json'), '\$[3].sample_size'), json_type(readfile('out.json'), '\$[2].ci_low'), json_extract(readfile('out.json'), '\$[0].risk_of_bias')"
	assert_equal "1.5|0.93|1000|null|unknown" "$output"
	# nothing to do: the empty queue
	ev -q edit study cohort-norob-2019 --risk-of-bias low
	ev -q edit link claim-a cohort-norob-2019 --n 1000
	ev -q edit link claim-b cohort-norob-2019 --n 1000
	ev -q rm study placeholder-2022
	run ev studies --incomplete
	assert_equal "No study needs curation." "$output"
	run ev studies --incomplete --format json
	assert_equal "[]" "$output"
}

@test "audit --text: a date written with full stops is neither a sentence break nor a figure" {
	fixture
	ev -q import articles.csv studies.csv claims.csv
	printf 'A Fixture Article\n\nby Fixture Writer 2025. 10. 23.\n\nThe supplement changes the score, and it lowers the risk. It was 2025. 12 people took it.\n' > article.txt
	run --separate-stderr ev audit fixture-article --text article.txt --format csv --no-header
	assert_status 3
	assert_equal ",,sentence,uncovered,12 people took it.,,line 5; figures: 12" "$(printf '%s\n' "$output" | grep ',sentence,')"
	assert_output_lacks "figures: 10"
	assert_output_lacks "figures: 23"
}
