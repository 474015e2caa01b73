#!/usr/bin/env bats
# evidence claimreview: schema.org ClaimReview JSON-LD for an article.

load helper
bats_require_minimum_version 1.5.0

@test "sample article: valid JSON-LD, one ClaimReview per claim with the required properties" {
	load_sample
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --reviewer "Example Health Desk" \
		--review-date 2025-11-01 --review-url https://example.org/checks/k2
	assert_status 0
	assert_equal "" "$stderr"
	printf '%s\n' "$output" >cr.jsonld
	STUDIES="$SAMPLE" python3 - <<'EOF'
import csv, json, os
d = json.load(open("cr.jsonld"))
assert d["@context"] == "https://schema.org"
g = d["@graph"]
# The claims in article order, from the sample CSV.
rows = list(csv.DictReader(open(os.environ["STUDIES"] + "/claims.csv")))
assert len(g) == 13 == len(rows), len(g)
for r, row in zip(g, rows):
    key, text = row["key"], row["text"]
    assert r["@type"] == "ClaimReview"
    assert r["claimReviewed"] == text, (r["claimReviewed"], text)
    assert r["url"] == "https://example.org/checks/k2#claim-" + key and r["@id"] == r["url"]
    assert r["author"] == {"@type": "Organization", "name": "Example Health Desk"}
    assert r["datePublished"] == "2025-11-01"
    c = r["itemReviewed"]
    assert c["@type"] == "Claim" and c["author"] == {"@type": "Person", "name": "Quillfeather T"}
    assert c["datePublished"] == "2025-10-23"
    a = c["appearance"]
    assert a["@type"] == "Article" and a["headline"] == "Does Vitamin K2 Keep Arteries Flexible? A Test Article"
    rr = r["reviewRating"]
    assert rr["@type"] == "Rating" and rr["alternateName"] and rr["ratingExplanation"]
    if rr["alternateName"] == "Insufficient evidence":
        assert "ratingValue" not in rr and "bestRating" not in rr and "worstRating" not in rr
    else:
        assert 1 <= rr["ratingValue"] <= 5 and rr["bestRating"] == 5 and rr["worstRating"] == 1
by = {r["url"].split("#claim-")[1]: r for r in g}
def rating(k):
    rr = by[k]["reviewRating"]
    return rr.get("ratingValue"), rr["alternateName"]
assert rating("k2-activates-mgp") == (4, "Supported, low certainty")
assert rating("k2-intake-less-aortic-calcification") == (3, "Supported, very low certainty")
assert rating("k2-intake-lower-chd-mortality") == (3, "Supported, very low certainty")
assert rating("mk7-no-cac-benefit") == (3, "Supported, very low certainty")
assert rating("k2-prevention-not-reversal") == (3, "Contradicted, very low certainty")
assert rating("magnesium-prevents-calcium-deposits") == (None, "Insufficient evidence")
assert "citation" not in by["magnesium-prevents-calcium-deposits"]
# Citations: the linked studies by DOI and PubMed id, each once.
cites = by["k2-intake-less-aortic-calcification"]["citation"]
assert [c["url"] for c in cites] == ["https://doi.org/10.5555/sample.brackwater-2009",
                                     "https://doi.org/10.5555/sample.larkhaven-2004"], cites
assert cites[1]["sameAs"] == "https://pubmed.ncbi.nlm.nih.gov/90000110/"
assert {"@type": "PropertyValue", "propertyID": "PMID", "value": "90000110"} in cites[1]["identifier"]
mk7 = [c.get("url") for c in by["mk7-no-cac-benefit"]["citation"]]
# sheafmoor-2009 has a PMID and no DOI; quinkcac-results has neither.
assert "https://pubmed.ncbi.nlm.nih.gov/90000114/" in mk7 and None in mk7 and len(mk7) == 5, mk7
EOF
}

@test "required: --reviewer and --review-url, refused with exit 2 naming what is missing; date defaults to today" {
	load_sample
	USER=alice run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility
	assert_status 2
	assert_equal "" "$output"
	assert_equal "evidence: export: --format claimreview needs --reviewer NAME and --review-url URL: ClaimReview requires the review's author and url" "${stderr%%$'\n'*}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --reviewer Desk
	assert_status 2
	assert_equal "evidence: export: --format claimreview needs --review-url URL: ClaimReview requires the review's author and url" "${stderr%%$'\n'*}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --review-url https://example.org/r
	assert_status 2
	assert_equal "evidence: export: --format claimreview needs --reviewer NAME: ClaimReview requires the review's author and url" "${stderr%%$'\n'*}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --reviewer Desk \
		--review-url https://example.org/r
	assert_status 0
	assert_equal "" "$stderr"
	printf '%s\n' "$output" >cr.json
	python3 - <<'EOF'
import json, re
g = json.load(open("cr.json"))["@graph"]
for r in g:
    assert r["author"] == {"@type": "Organization", "name": "Desk"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["datePublished"])
    assert r["url"].startswith("https://example.org/r#")
EOF
	run ev -q export --format claimreview --article k2-arterial-flexibility --reviewer "Desk" --reviewer-type person \
		--reviewer-url https://example.org --review-url https://example.org/r -o out.jsonld
	assert_status 0
	python3 -c 'import json; a = json.load(open("out.jsonld"))["@graph"][0]["author"]; assert a == {"@type": "Person", "name": "Desk", "url": "https://example.org"}, a'
}

@test "the default date is SOURCE_DATE_EPOCH's day when set; each review's url is the claim's anchor in the report" {
	load_sample
	# 1764633600 is 2025-12-02T00:00:00Z; one second earlier is still 2025-12-01.
	SOURCE_DATE_EPOCH=1764633599 run --separate-stderr ev export --format claimreview \
		--article k2-arterial-flexibility --reviewer Desk --review-url https://example.org/r
	assert_status 0
	printf '%s\n' "$output" >cr.json
	run ev report k2-arterial-flexibility --format html -o page.html
	assert_status 0
	python3 - <<'EOF'
import json, re
g = json.load(open("cr.json"))["@graph"]
ids = set(re.findall(r' id="([^"]+)"', open("page.html").read()))
assert len(g) == 13
for r in g:
    assert r["datePublished"] == "2025-12-01", r["datePublished"]
    base, anchor = r["url"].split("#")
    assert base == "https://example.org/r" and anchor.startswith("claim-") and anchor in ids, anchor
EOF
	SOURCE_DATE_EPOCH=yesterday run --separate-stderr ev export --format claimreview \
		--article k2-arterial-flexibility --reviewer Desk --review-url https://example.org/r
	assert_status 1
	assert_equal "" "$output"
	assert_equal "evidence: export: SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds since 1970" "$stderr"
}

@test "misuse and errors" {
	load_sample
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --review-date 2025-02-30 \
		--reviewer Desk --review-url https://example.org/r
	assert_status 2
	[[ "$stderr" == *"--review-date: '2025-02-30' is not a date (YYYY-MM-DD)"* ]]
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --review-url example.org
	assert_status 2
	[[ "$stderr" == *"--review-url: 'example.org' is not an http(s):// URL"* ]]
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --reviewer-type robot
	assert_status 2
	run --separate-stderr ev export --article k2-arterial-flexibility --reviewer Desk
	assert_status 2
	[[ "$stderr" == *"apply only to --format claimreview"* ]]
	run --separate-stderr ev export --format claimreview
	assert_status 2
	[[ "$stderr" == *"--format claimreview needs exactly one --article and no other filter"* ]]
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --topic status
	assert_status 2
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibilty --reviewer Desk \
		--review-url https://example.org/r
	assert_status 1
	assert_equal "evidence: export: no article 'k2-arterial-flexibilty'; did you mean 'k2-arterial-flexibility'?" "$stderr"
	assert_equal "" "$output"
}
