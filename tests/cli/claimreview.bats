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
	assert_equal "evidence: export: --format claimreview needs --reviewer NAME and --review-url URL: ClaimReview requires the review's author and url (or store them for this database: evidence init --reviewer NAME --review-url URL)" "${stderr%%$'\n'*}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --reviewer Desk
	assert_status 2
	assert_equal "evidence: export: --format claimreview needs --review-url URL: ClaimReview requires the review's author and url (or store them for this database: evidence init --review-url URL)" "${stderr%%$'\n'*}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility --review-url https://example.org/r
	assert_status 2
	assert_equal "evidence: export: --format claimreview needs --reviewer NAME: ClaimReview requires the review's author and url (or store them for this database: evidence init --reviewer NAME)" "${stderr%%$'\n'*}"
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

# author: the @graph's first review's author; url: its url.
first_review() {
	python3 -c 'import json, sys; r = json.load(sys.stdin)["@graph"][0]; print(json.dumps(r["author"], sort_keys=True)); print(r["url"])'
}

@test "init stores the reviewer and the review url; export uses them, its own options win, an empty value removes one" {
	load_sample
	run --separate-stderr ev init --reviewer 'Invented Fact Desk' --reviewer-type person \
		--reviewer-url https://example.org/desk --review-url https://example.org/checks
	assert_status 0
	assert_equal "up to date: evidence.db (schema version $(sqlite3 evidence.db 'PRAGMA user_version'))
ClaimReview in this database: reviewer 'Invented Fact Desk' unless an export says otherwise
ClaimReview in this database: reviewer_type 'person' unless an export says otherwise
ClaimReview in this database: reviewer_url 'https://example.org/desk' unless an export says otherwise
ClaimReview in this database: review_url 'https://example.org/checks' unless an export says otherwise" "$stderr"
	assert_equal "review_url|https://example.org/checks
reviewer|Invented Fact Desk
reviewer_type|person
reviewer_url|https://example.org/desk" "$(sqlite3 evidence.db 'SELECT name, value FROM settings ORDER BY name')"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility
	assert_status 0
	assert_equal "" "$stderr"
	assert_equal '{"@type": "Person", "name": "Invented Fact Desk", "url": "https://example.org/desk"}
https://example.org/checks#claim-k2-directs-calcium-to-bone' "$(first_review <<<"$output")"
	# the command's own options win; the stored type and url belong to the stored reviewer
	run ev export --format claimreview --article k2-arterial-flexibility --reviewer 'Other Desk' \
		--review-url https://example.net/r
	assert_status 0
	assert_equal '{"@type": "Organization", "name": "Other Desk"}
https://example.net/r#claim-k2-directs-calcium-to-bone' "$(first_review <<<"$output")"
	run ev export --format claimreview --article k2-arterial-flexibility --reviewer-type organization
	assert_status 0
	assert_equal '{"@type": "Organization", "name": "Invented Fact Desk", "url": "https://example.org/desk"}
https://example.org/checks#claim-k2-directs-calcium-to-bone' "$(first_review <<<"$output")"
	# an empty value removes a setting: the export then asks for it
	run --separate-stderr ev init --reviewer ''
	assert_status 0
	assert_equal "ClaimReview in this database: no reviewer stored" "${stderr#*$'\n'}"
	run --separate-stderr ev export --format claimreview --article k2-arterial-flexibility
	assert_status 2
	assert_equal "evidence: export: --format claimreview needs --reviewer NAME: ClaimReview requires the review's author and url (or store them for this database: evidence init --reviewer NAME)" "${stderr%%$'\n'*}"
	# the pooling defaults and these live side by side
	ev -q init --method reml
	assert_equal "method|reml
review_url|https://example.org/checks
reviewer_type|person
reviewer_url|https://example.org/desk" "$(sqlite3 evidence.db 'SELECT name, value FROM settings ORDER BY name')"
}

@test "init refuses a bad reviewer setting with exit 2 and stores nothing" {
	load_sample
	ev -q init --reviewer 'Invented Fact Desk'
	before=$(dump_db)
	long=$(printf 'x%.0s' $(seq 1001))
	for bad in "--review-url:ftp://example.org:--review-url: 'ftp://example.org' is not an http(s):// URL" \
		"--review-url:https://example.org/a b:--review-url: 'https://example.org/a b' is not an http(s):// URL" \
		"--reviewer-url:https://:--reviewer-url: 'https://' is not an http(s):// URL" \
		"--reviewer-type:robot:--reviewer-type: 'robot' is not one of person, organization" \
		"--reviewer:$long:--reviewer: at most 1000 characters" \
		"--reviewer:Two"$'\n'"lines:--reviewer: a name is one line of text, without control characters"; do
		opt=${bad%%:*}
		rest=${bad#*:}
		value=${rest%%:--*}
		message=${rest#"$value":}
		run --separate-stderr ev init --review-url https://example.org/ok "$opt" "$value"
		assert_status 2
		assert_equal "evidence: init: $message" "${stderr%%$'\n'*}"
	done
	run --separate-stderr ev init --reviewer "$(printf 'Bad \xff name')"
	assert_status 2
	assert_equal "evidence: init: --reviewer: not valid UTF-8" "${stderr%%$'\n'*}"
	assert_equal "$before" "$(dump_db)"
	# the schema refuses what another program writes past these rules
	run sqlite3 evidence.db "INSERT INTO settings VALUES ('review_url', 'javascript:alert(1)')"
	[ "$status" -ne 0 ]
	[[ "$output" == *"CHECK constraint failed"* ]]
	run sqlite3 evidence.db "INSERT INTO settings VALUES ('colour', 'blue')"
	[ "$status" -ne 0 ]
	[[ "$output" == *"CHECK constraint failed"* ]]
	assert_equal "$before" "$(dump_db)"
}

@test "migration 009: a database at schema 8 keeps its pooling settings and takes the reviewer ones" {
	python3 - old.db "$REPO/schema" <<'PY'
import glob, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# stand-ins for the SQL functions evidence registers, which the
# migrations' triggers name
db.create_function("evidence_change", 0, lambda: 1)
db.create_function("evidence_bulk", 0, lambda: 0)
db.create_function("evidence_json_object", -1, lambda *a: json.dumps(dict(zip(a[::2], a[1::2]))))
for f in sorted(glob.glob(sys.argv[2] + "/00[1-8]-*.sql")):
    db.executescript(open(f).read())
db.execute("PRAGMA application_id = 1165378658")
db.execute("PRAGMA user_version = 8")
db.execute("INSERT INTO settings VALUES ('method', 'pm'), ('ci', 'hksj')")
db.commit()
PY
	# before 009 the table knows no reviewer
	run sqlite3 old.db "INSERT INTO settings VALUES ('reviewer', 'Invented Fact Desk')"
	[ "$status" -ne 0 ]
	[[ "$output" == *"CHECK constraint failed"* ]]
	run --separate-stderr ev --db old.db init --reviewer 'Invented Fact Desk' --review-url https://example.org/checks
	assert_status 0
	# init says it upgraded the file, not that it was up to date
	assert_equal "upgraded old.db from schema version 8 to $(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "${stderr%%$'\n'*}"
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sqlite3 old.db 'PRAGMA user_version')"
	assert_equal "ci|hksj
method|pm
review_url|https://example.org/checks
reviewer|Invented Fact Desk" "$(sqlite3 old.db 'SELECT name, value FROM settings ORDER BY name')"
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
