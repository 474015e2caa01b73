#!/usr/bin/env python3
"""old-db.py OUT.db SCHEMA_DIR: a database as evidence made it at schema
009, before additions became events (010): migrations 001-009 applied,
then rows written through the history triggers (with stand-ins for the
SQL functions evidence registers), in three change sets: an import of an
article, two studies, a claim and two links; an edit of one study; a
rename of the claim. Used by tests/cli/history.bats to check that 010
keeps what every addition records."""
import json
import sqlite3
import sys

out, schema = sys.argv[1], sys.argv[2]
db = sqlite3.connect(out)
change = [1]
db.create_function("evidence_change", 0, lambda: change[0])
db.create_function("evidence_bulk", 0, lambda: 0)


def json_object(*a):
    return json.dumps({a[i]: a[i + 1] for i in range(0, len(a), 2)}, separators=(",", ":"))


db.create_function("evidence_json_object", -1, json_object)
for n in ("001-core", "002-search", "003-history", "004-views", "005-faster-writes", "006-raw-data",
          "007-grading-fields", "008-link-subgroup", "009-review-settings"):
    db.executescript(open(f"{schema}/{n}.sql").read())
db.execute("PRAGMA application_id = 1165378658")
db.execute("PRAGMA user_version = 9")
db.execute("PRAGMA foreign_keys = ON")
db.execute("INSERT INTO changes VALUES (1, '2026-01-01T00:00:00Z', 'tester', 'evidence import old.csv')")
db.execute("INSERT INTO articles(key, title) VALUES ('old-article', 'An invented article')")
db.execute("INSERT INTO studies(key, title, authors, year, design, doi, sample_size) VALUES "
           "('old-trial-2001', 'An invented old trial', 'Quillfeather A', 2001, 'rct', '10.5555/old.1', 400), "
           "('old-trial-2002', 'Another invented old trial', 'Brackenwold B', 2002, 'rct', '10.5555/old.2', 250)")
db.execute("INSERT INTO claims(key, article_id, topics, text) VALUES ('old-claim', 1, 'old-topic', 'An invented claim.')")
db.execute("INSERT INTO topics(key) VALUES ('old-topic')")
db.execute("INSERT INTO claim_topics VALUES (1, 1, 1)")
db.execute("INSERT INTO evidence(claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, n) "
           "VALUES (1, 1, 'supports', 'events', 'RR', 0.5, 0.25, 0.75, 400), "
           "(1, 2, 'supports', 'events', 'RR', 0.875, 0.625, 1.25, 250)")
change[0] = 2
db.execute("INSERT INTO changes VALUES (2, '2026-01-02T00:00:00Z', 'tester', 'evidence edit study old-trial-2002 --sample-size 260')")
db.execute("UPDATE studies SET sample_size = 260 WHERE key = 'old-trial-2002'")
change[0] = 3
db.execute("INSERT INTO changes VALUES (3, '2026-01-03T00:00:00Z', 'tester', 'evidence edit claim old-claim --key old-claim-renamed')")
db.execute("UPDATE claims SET key = 'old-claim-renamed' WHERE key = 'old-claim'")
db.commit()
db.close()
