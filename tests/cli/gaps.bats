#!/usr/bin/env bats
# evidence gaps: the curation to-do list, on the fixture in tests/data/todo
# (invented studies, DOIs under 10.5555): pill-works has a link without an
# estimate to beta-2005, a study never assessed for risk of bias;
# pill-indirect has only an indirect link, pill-unverified only a link to
# an unverified study, pill-nothing no link at all.

load helper

setup() {
	export LC_ALL=C TZ=UTC NO_COLOR=
	unset EVIDENCE_DB COLUMNS
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	EVIDENCE_BIN="${EVIDENCE_BIN:-$REPO/evidence}"
	cd "$BATS_TEST_TMPDIR" || return 1
	ev -q import "$REPO/tests/data/todo"/*.csv
}

@test "gaps lists claims without counted or direct evidence, links without estimates, unassessed studies" {
	run --separate-stderr ev gaps
	assert_status 0
	assert_equal "kind   key                               gap                        detail
link   pill-works -> beta-2005 (events)  no estimate                direction only
claim  pill-indirect                     only indirect evidence     1 counted link, all indirect
claim  pill-unverified                   only unverified evidence   1 link, none counted (1 to unverified study)
claim  pill-nothing                      no evidence                no links
study  beta-2005                         risk of bias not assessed  cohort, verified" "$output"
	[ -z "$stderr" ]
}

@test "gaps in csv, tsv, markdown and json" {
	run ev gaps --format csv
	assert_equal 'kind,key,gap,detail
link,pill-works -> beta-2005 (events),no estimate,direction only
claim,pill-indirect,only indirect evidence,"1 counted link, all indirect"
claim,pill-unverified,only unverified evidence,"1 link, none counted (1 to unverified study)"
claim,pill-nothing,no evidence,no links
study,beta-2005,risk of bias not assessed,"cohort, verified"' "$output"
	run ev gaps --format tsv --no-header
	assert_equal "$(printf 'claim\tpill-nothing\tno evidence\tno links')" "$(printf '%s\n' "$output" | sed -n 4p)"
	run ev gaps --format markdown
	assert_equal "| kind | key | gap | detail |
|---|---|---|---|" "$(printf '%s\n' "$output" | head -2)"
	run ev gaps --topic doses --format json
	assert_status 0
	assert_equal '[
  {
    "gap": "only unverified evidence",
    "kind": "claim",
    "key": "pill-unverified",
    "detail": "1 link, none counted (1 to unverified study)"
  },
  {
    "gap": "no evidence",
    "kind": "claim",
    "key": "pill-nothing",
    "detail": "no links"
  }
]' "$output"
	run ev gaps --topic pills --format json
	assert_equal '{
  "gap": "no estimate",
  "kind": "link",
  "claim": "pill-works",
  "study": "beta-2005",
  "outcome": "events",
  "detail": "direction only"
},' "$(printf '%s\n' "$output" | sed -n '2,9p' | sed 's/^  //')"
}

@test "gaps narrows to a topic or an article; curating a gap removes it from the list" {
	run ev gaps --topic doses --format csv --no-header
	assert_equal "claim,pill-unverified,only unverified evidence,\"1 link, none counted (1 to unverified study)\"
claim,pill-nothing,no evidence,no links" "$output"
	ev -q edit study gamma-2010 --status verified
	ev -q edit study beta-2005 --risk-of-bias some
	ev -q edit link pill-works beta-2005 --measure RR --estimate 0.9 --ci 0.7,1.1
	ev -q edit link pill-indirect alpha-2001 --indirect no
	run ev gaps --article todo-news --format csv --no-header
	assert_equal "claim,pill-nothing,no evidence,no links" "$output"
	ev -q link pill-nothing alpha-2001 --direction inconclusive
	run ev gaps
	assert_equal "kind  key                         gap          detail
link  pill-nothing -> alpha-2001  no estimate  inconclusive" "$output"
	ev -q edit link pill-nothing alpha-2001 --measure RR --estimate 1 --ci 0.8,1.2
	run ev gaps
	assert_status 0
	assert_equal "Nothing to do: every claim has counted, direct evidence with estimates, and every study a risk of bias." "$output"
	run ev gaps --format json
	assert_equal "[]" "$output"
}

@test "gaps names a link with an estimate but no participant count" {
	ev -q add study --key delta-2020 --title 'Fixture pill trial Delta' --authors 'Delta D' --year 2020 --design rct
	ev -q link pill-nothing delta-2020 --direction supports --measure RR --estimate 0.9 --ci 0.8,1.0
	run ev gaps --format csv --no-header
	assert_equal "link,pill-works -> beta-2005 (events),no estimate,direction only
claim,pill-indirect,only indirect evidence,\"1 counted link, all indirect\"
claim,pill-unverified,only unverified evidence,\"1 link, none counted (1 to unverified study)\"
link,pill-nothing -> delta-2020,no participant count,neither the link nor the study gives n
study,beta-2005,risk of bias not assessed,\"cohort, verified\"
study,delta-2020,risk of bias not assessed,\"rct, verified\"" "$output"
	ev -q edit link pill-nothing delta-2020 --n 80
	run ev gaps --topic doses --format csv --no-header
	assert_equal "claim,pill-unverified,only unverified evidence,\"1 link, none counted (1 to unverified study)\"
study,delta-2020,risk of bias not assessed,\"rct, verified\"" "$output"
}

@test "gaps: an unknown article or topic fails with a suggestion; misuse exits 2" {
	run --separate-stderr ev gaps --topic dose
	assert_status 1
	assert_equal "evidence: gaps: no topic 'dose'; did you mean 'doses'?" "$stderr"
	run --separate-stderr ev gaps --article todo-new
	assert_status 1
	assert_equal "evidence: gaps: no article 'todo-new'; did you mean 'todo-news'?" "$stderr"
	run ev gaps extra
	assert_status 2
	assert_output_has "evidence: gaps: unexpected argument 'extra'"
	run ev gaps --format svg
	assert_status 2
}
