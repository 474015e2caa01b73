#!/usr/bin/env bats
# evidence dump DIR: canonical CSV files that import back to the same
# content and dump again to the same bytes, on the sample data, on the
# hard-case fixture and on a large generated set.

load helper

# content DB: everything in the database, rows named by key rather than
# id (ids may differ between databases holding the same content), reals
# and text quoted so no two contents print alike.
content() {
	sqlite3 -cmd '.mode quote' "$1" "
SELECT 'article', key, title, author, publisher, url, published FROM articles ORDER BY key;
SELECT 'study', key, title, authors, journal, year, volume, issue, pages, doi, pmid, design, country,
       population, sample_size, duration_months, intervention, comparator, risk_of_bias, funding, status,
       source, notes FROM studies ORDER BY key;
SELECT 'claim', c.key, a.key, c.position, c.text, c.quote, c.stated_study, c.stated_n, c.stated_population,
       c.stated_country, c.stated_duration_months, c.stated_result, c.notes,
       (SELECT group_concat(key, ';') FROM (SELECT t.key FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id
        WHERE ct.claim_id = c.id ORDER BY ct.position))
       FROM claims c LEFT JOIN articles a ON a.id = c.article_id ORDER BY c.key;
SELECT 'link', c.key, s.key, e.direction, e.outcome, e.measure, e.estimate, e.ci_low, e.ci_high, e.p_value, e.n,
       e.indirect, e.notes FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN studies s ON s.id = e.study_id
       ORDER BY c.key, s.key, e.outcome;
SELECT 'topic', key FROM topics ORDER BY key;"
}

# round_trip: the database in ./evidence.db dumps to d1; d1 imports into
# an empty database with the same content; that dumps to identical files;
# and importing those gives a database identical to the second, id for id
# (sqlite3 .dump), so dump and import are a fixed point.
round_trip() {
	ev -q dump d1
	ev -q --db second.db import d1/*.csv
	assert_equal "$(content evidence.db)" "$(content second.db)"
	ev -q --db second.db dump d2
	diff -r d1 d2
	ev -q --db third.db import d2/*.csv
	assert_equal "$(dump_data second.db)" "$(dump_data third.db)"
	# LF line endings, no temporary files left
	[ -z "$(grep -rl $'\r' d1)" ]
	assert_equal "articles.csv claims.csv evidence.csv studies.csv" "$(ls -A d1 | tr '\n' ' ' | sed 's/ $//')"
}

@test "dump: the sample data round-trips, and the claims keep the article's order" {
	load_sample
	run ev dump data
	assert_status 0
	assert_equal "data/articles.csv: 1 article
data/studies.csv: 20 studies
data/claims.csv: 13 claims
data/evidence.csv: 25 links" "$output"
	# articles and claims were written canonically already
	cmp data/articles.csv "$SAMPLE/articles.csv"
	# (the columns of schema 007, outcome and asserts, are empty there)
	cmp <(sed -e '1s/,outcome,asserts$//' -e 's/,,$//' data/claims.csv) "$SAMPLE/claims.csv"
	# evidence by claim key, then study key; studies by key
	# (claims in article order, not key order: d3-without-... would be first)
	assert_equal "k2-directs-calcium-to-bone" "$(sed -n 2p data/claims.csv | cut -d, -f1)"
	assert_equal "greens-do-not-raise-k2,nettlecombe-2010" "$(sed -n 2p data/evidence.csv | cut -d, -f1,2)"
	assert_equal "brackwater-2009" "$(sed -n 2p data/studies.csv | cut -d, -f1)"
	round_trip
}

@test "dump: the hard cases round-trip (quotes, line breaks, spaces, non-ASCII, reals)" {
	ev -q import "$DATA"/export/tricky/{articles,studies,claims,evidence}.csv
	round_trip
	# the orphan claim (no article) comes after the article's claims
	assert_equal "fixture-claim-one fixture-claim-two orphan-claim " "$(cut -d, -f1 d1/claims.csv | sed 1d | tr '\n' ' ')"
	# a trailing space and a line break inside a value survive
	grep -q '^line break and a trailing space ",,$' d1/studies.csv
}

@test "dump: a large generated database round-trips" {
	python3 - <<'EOF'
import csv, random
rnd = random.Random(20240131)
words = ["calcium", "vitamin", "K2", "MK-7", "Zürich", "\"quoted\"", "a, b", "50%", "line\nbreak", "  padded  ",
         "naïve", "ß", "—", "x;y", "'single'", "tab\there"]
def text(n):
    return " ".join(rnd.choice(words) for _ in range(rnd.randint(1, n)))
def w(name, header, rows):
    with open(name, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
arts = ["art-%03d" % i for i in range(40)]
w("articles.csv", ["key", "title", "author", "published"],
  [[a, text(8), text(3), "20%02d-0%d-1%d" % (rnd.randint(0, 24), rnd.randint(1, 9), rnd.randint(0, 9))] for a in arts])
designs = ["meta-analysis", "rct", "cohort", "case-control", "cross-sectional", "animal", "other"]
studies = []
for i in range(1500):
    status = rnd.choice(["verified"] * 8 + ["unverified", "retracted"])
    k = "study-%05d" % rnd.randrange(100000)
    studies.append([k, text(12), "Author%d AB, van der Test C, et al." % i, "J Test", str(rnd.randint(1950, 2024)),
                    str(rnd.randint(1, 300)), "", "%d-%d" % (i, i + 9), "10.%d/t.%d" % (1000 + i, i), str(i + 1),
                    rnd.choice(designs), text(2), text(4), str(rnd.randint(1, 90000)), str(rnd.randint(1, 120)),
                    text(3), "", rnd.choice(["low", "some", "high", "unknown"]), "", status, "generated", text(20)])
seen = set()
studies = [s for s in studies if not (s[0] in seen or seen.add(s[0]))]
w("studies.csv", ["key", "title", "authors", "journal", "year", "volume", "issue", "pages", "doi", "pmid", "design",
                  "country", "population", "sample_size", "duration_months", "intervention", "comparator",
                  "risk_of_bias", "funding", "status", "source", "notes"], studies)
# claims listed in an order that is neither by key nor by article
claims = []
for i in range(600):
    art = rnd.choice(arts + [""])
    claims.append(["claim-%04d" % rnd.randrange(100000) + "-%d" % i, art,
                   ";".join(rnd.sample(["t-a", "t-b", "t-c", "t-d", "t-e"], rnd.randint(1, 3))), text(10)])
rnd.shuffle(claims)
w("claims.csv", ["key", "article", "topics", "text"], claims)
links, seen = [], set()
for i in range(5000):
    c, s = rnd.choice(claims)[0], rnd.choice(studies)[0]
    outcome = rnd.choice(["", "mortality", "CAC, progression", "naïve outcome"])
    if (c, s, outcome) in seen:
        continue
    seen.add((c, s, outcome))
    est = rnd.uniform(-50, 50)
    lo, hi = est - rnd.random() * 10, est + rnd.random() * 10
    has = rnd.random() < 0.6
    links.append([c, s, rnd.choice(["supports", "contradicts", "inconclusive"]), outcome, "MD" if has else "",
                  repr(est) if has else "", repr(lo) if has else "", repr(hi) if has else "",
                  repr(rnd.random()) if rnd.random() < 0.5 else "", str(rnd.randint(1, 500)) if rnd.random() < 0.3 else "",
                  rnd.choice(["yes", "no"]), text(6)])
w("evidence.csv", ["claim", "study", "direction", "outcome", "measure", "estimate", "ci_low", "ci_high", "p_value",
                   "n", "indirect", "notes"], links)
EOF
	ev -q import articles.csv studies.csv claims.csv evidence.csv
	[ "$(sqlite3 evidence.db 'SELECT count(*) FROM evidence')" -gt 4000 ]
	round_trip
}

@test "dump: a table without rows gets no file, and an old file of it is removed" {
	ev -q import "$SAMPLE/studies.csv"
	mkdir data
	echo stale >data/articles.csv
	run ev dump data
	assert_status 0
	assert_equal "data/articles.csv: removed (there are no articles now)
data/studies.csv: 20 studies
data/claims.csv: not written (there are no claims)
data/evidence.csv: not written (there are no links)" "$output"
	assert_equal "studies.csv" "$(ls -A data)"
	ev -q --db copy.db import data/*.csv
	assert_equal "$(content evidence.db)" "$(content copy.db)"
}

@test "dump: usage errors and a path that is not a directory" {
	load_sample
	run ev dump
	assert_status 2
	assert_output_has "which directory?"
	run ev dump a b
	assert_status 2
	assert_output_has "unexpected argument 'b'"
	run ev dump --format csv data
	assert_status 2
	assert_output_has "this command takes no --format"
	touch afile
	run ev dump afile
	assert_status 1
	assert_equal "evidence: dump: 'afile' exists and is not a directory" "$output"
	run ev dump missing/parent/data
	assert_status 1
	assert_output_has "cannot create the directory 'missing/parent/data'"
	run ev --db none.db dump data
	assert_status 1
	[ ! -e data ]
}
