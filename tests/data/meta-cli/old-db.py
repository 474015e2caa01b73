#!/usr/bin/env python3
"""old-db.py OUT.db SCHEMA_DIR: a database as evidence made it before
migration 006: migrations 001-005 applied, then articles, studies, claims
and links written through the history triggers (with stand-ins for the
SQL functions evidence registers), in two change sets: an import and an
edit. Used by tests/cli/meta.bats to check that 006 keeps every row and
its history."""
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
for n in ("001-core", "002-search", "003-history", "004-views", "005-faster-writes"):
    db.executescript(open(f"{schema}/{n}.sql").read())
db.execute("PRAGMA application_id = 1165378658")
db.execute("PRAGMA user_version = 5")
db.execute("PRAGMA foreign_keys = ON")
db.execute("INSERT INTO changes VALUES (1, '2024-01-01T00:00:00Z', 'tester', 'evidence import old.csv')")
db.execute("INSERT INTO studies(key, title, authors, year, design, doi) VALUES "
           "('old-trial-2001', 'An invented old trial', 'Old A', 2001, 'rct', '10.5555/old.1'), "
           "('old-trial-2002', 'Another invented old trial', 'Old B', 2002, 'rct', '10.5555/old.2')")
db.execute("INSERT INTO claims(key, topics, text) VALUES ('old-claim', 'old-topic', 'An invented old claim.')")
db.execute("INSERT INTO topics(key) VALUES ('old-topic')")
db.execute("INSERT INTO claim_topics VALUES (1, 1, 1)")
db.execute("INSERT INTO evidence(claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, n) "
           "VALUES (1, 1, 'supports', 'events', 'RR', 0.7, 0.55, 0.89, 400), "
           "(1, 2, 'supports', 'events', 'RR', 0.85, 0.62, 1.16, 250)")
change[0] = 2
db.execute("INSERT INTO changes VALUES (2, '2024-01-02T00:00:00Z', 'tester', 'evidence edit link old-claim old-trial-2002 --notes x')")
db.execute("UPDATE evidence SET notes = 'edited before 006' WHERE study_id = 2")
db.commit()
db.close()
