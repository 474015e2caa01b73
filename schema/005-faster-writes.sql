-- 005-faster-writes.sql: history and search that a million-row import can
-- afford. Measured on `evidence import` of generated studies, the triggers
-- of 002 and 003 made every added study cost about thirty times what the
-- row itself costs:
--
--  * The search triggers wrote each row into the FTS5 index as its own
--    statement, and FTS5 flushes its pending terms to disk at the end of
--    every statement that holds a savepoint: one tiny index segment per
--    row. Writes now only queue the row (search_pending), and the program
--    re-indexes the queue in set-based statements just before COMMIT
--    (model_search.c), so a whole import is indexed in one pass.
--  * History wrote one row per field of every added record, and checked
--    `kind IN (...)` and `action IN (...)`, which makes SQLite build a
--    temporary index for each row written. An addition is now one row
--    whose `field` is '*' and whose `new` is a JSON object of the added
--    values, built by evidence_json_object() (db.c: SQLite's json_object
--    may not run in triggers of an untrusted schema), and shown field by
--    field by model_history.c, as before; edits
--    and removals stay one row per field, and the checks are '=' chains.
--  * A claim's topics were kept in history by triggers on claim_topics
--    that searched and rewrote history rows for every topic. The claim now
--    holds its topic list itself (claims.topics, the CSV column, written
--    with the row; claim_topics stays the index `query` uses), so topics
--    are recorded like any other field.
--
-- Nothing recorded so far is lost: history rows are copied as they are.

DROP TRIGGER articles_history_add;
DROP TRIGGER articles_history_edit;
DROP TRIGGER articles_history_remove;
DROP TRIGGER studies_history_add;
DROP TRIGGER studies_history_edit;
DROP TRIGGER studies_history_remove;
DROP TRIGGER claims_history_add;
DROP TRIGGER claims_history_edit;
DROP TRIGGER claims_history_remove;
DROP TRIGGER evidence_history_add;
DROP TRIGGER evidence_history_edit;
DROP TRIGGER evidence_history_remove;
DROP TRIGGER claim_topics_history_add;
DROP TRIGGER claim_topics_history_remove;
DROP TRIGGER search_study_insert;
DROP TRIGGER search_study_delete;
DROP TRIGGER search_study_update;
DROP TRIGGER search_claim_insert;
DROP TRIGGER search_claim_delete;
DROP TRIGGER search_claim_update;

-- The history table again, with checks SQLite evaluates without a
-- temporary index; same columns, same rows.
CREATE TABLE history_new (
	id        INTEGER PRIMARY KEY,
	change_id INTEGER NOT NULL REFERENCES changes(id) DEFERRABLE INITIALLY DEFERRED,
	kind      TEXT NOT NULL CHECK (kind = 'article' OR kind = 'study' OR kind = 'claim' OR kind = 'link'),
	key       TEXT NOT NULL,
	study     TEXT,
	outcome   TEXT,
	action    TEXT NOT NULL CHECK (action = 'add' OR action = 'edit' OR action = 'remove'),
	-- a column of the import format, or '*' for an addition, whose `new`
	-- is then a JSON object of every added value
	field     TEXT NOT NULL,
	old       ANY,
	new       ANY,
	CHECK ((kind = 'link') = (study IS NOT NULL AND outcome IS NOT NULL))
) STRICT;
INSERT INTO history_new SELECT id, change_id, kind, key, study, outcome, action, field, old, new FROM history;
DROP TABLE history;
ALTER TABLE history_new RENAME TO history;
CREATE INDEX history_key ON history(key, change_id);
CREATE INDEX history_study ON history(study, change_id) WHERE study IS NOT NULL;
CREATE INDEX history_renamed ON history(old) WHERE field = 'key';
CREATE INDEX history_change ON history(change_id);

-- A claim's topics, in the order given: 'a;b'.
ALTER TABLE claims ADD COLUMN topics TEXT;
UPDATE claims SET topics = (SELECT group_concat(key, ';') FROM (SELECT t.key FROM claim_topics ct
	JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = claims.id ORDER BY ct.position));

-- Each table's rows as history records them when they are added: the key
-- (for a link its claim's, with its study and outcome) and a JSON object of
-- every value. The add triggers take one row from here; a bulk load, during
-- which they stand aside (evidence_bulk(), db.c), takes all of them in one
-- statement afterwards (model.c), so the two can never differ.
CREATE VIEW articles_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, evidence_json_object(
		'key', r.key,
		'title', r.title,
		'author', r.author,
		'publisher', r.publisher,
		'url', r.url,
		'published', r.published) AS record
FROM articles r;

CREATE VIEW studies_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, evidence_json_object(
		'key', r.key,
		'title', r.title,
		'authors', r.authors,
		'journal', r.journal,
		'year', r.year,
		'volume', r.volume,
		'issue', r.issue,
		'pages', r.pages,
		'doi', r.doi,
		'pmid', r.pmid,
		'design', r.design,
		'country', r.country,
		'population', r.population,
		'sample_size', r.sample_size,
		'duration_months', r.duration_months,
		'intervention', r.intervention,
		'comparator', r.comparator,
		'risk_of_bias', r.risk_of_bias,
		'funding', r.funding,
		'status', r.status,
		'source', r.source,
		'notes', r.notes) AS record
FROM studies r;

CREATE VIEW claims_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, evidence_json_object(
		'key', r.key,
		'article', (SELECT key FROM articles WHERE id = r.article_id),
		'topics', r.topics,
		'text', r.text,
		'quote', r.quote,
		'stated_study', r.stated_study,
		'stated_n', r.stated_n,
		'stated_population', r.stated_population,
		'stated_country', r.stated_country,
		'stated_duration_months', r.stated_duration_months,
		'stated_result', r.stated_result,
		'notes', r.notes) AS record
FROM claims r;

CREATE VIEW evidence_added AS SELECT r.id, (SELECT key FROM claims WHERE id = r.claim_id) AS key, (SELECT key FROM studies WHERE id = r.study_id) AS study,
	r.outcome AS outcome, evidence_json_object(
		'claim', (SELECT key FROM claims WHERE id = r.claim_id),
		'study', (SELECT key FROM studies WHERE id = r.study_id),
		'direction', r.direction,
		'outcome', nullif(r.outcome, ''),
		'measure', r.measure,
		'estimate', r.estimate,
		'ci_low', r.ci_low,
		'ci_high', r.ci_high,
		'p_value', r.p_value,
		'n', r.n,
		'indirect', r.indirect,
		'notes', r.notes) AS record
FROM evidence r;

CREATE TRIGGER articles_history_add AFTER INSERT ON articles WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'article', key, study, outcome, 'add', '*', record FROM articles_added WHERE id = NEW.id;
END;

CREATE TRIGGER articles_history_edit AFTER UPDATE ON articles BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'article', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 'title', OLD.title, NEW.title UNION ALL
		SELECT 'author', OLD.author, NEW.author UNION ALL
		SELECT 'publisher', OLD.publisher, NEW.publisher UNION ALL
		SELECT 'url', OLD.url, NEW.url UNION ALL
		SELECT 'published', OLD.published, NEW.published
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER articles_history_remove AFTER DELETE ON articles BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'article', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 'key' AS f, OLD.key AS v UNION ALL
		SELECT 'title', OLD.title UNION ALL
		SELECT 'author', OLD.author UNION ALL
		SELECT 'publisher', OLD.publisher UNION ALL
		SELECT 'url', OLD.url UNION ALL
		SELECT 'published', OLD.published
	) WHERE v IS NOT NULL;
END;

CREATE TRIGGER studies_history_add AFTER INSERT ON studies WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'study', key, study, outcome, 'add', '*', record FROM studies_added WHERE id = NEW.id;
END;

CREATE TRIGGER studies_history_edit AFTER UPDATE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'study', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 'title', OLD.title, NEW.title UNION ALL
		SELECT 'authors', OLD.authors, NEW.authors UNION ALL
		SELECT 'journal', OLD.journal, NEW.journal UNION ALL
		SELECT 'year', OLD.year, NEW.year UNION ALL
		SELECT 'volume', OLD.volume, NEW.volume UNION ALL
		SELECT 'issue', OLD.issue, NEW.issue UNION ALL
		SELECT 'pages', OLD.pages, NEW.pages UNION ALL
		SELECT 'doi', OLD.doi, NEW.doi UNION ALL
		SELECT 'pmid', OLD.pmid, NEW.pmid UNION ALL
		SELECT 'design', OLD.design, NEW.design UNION ALL
		SELECT 'country', OLD.country, NEW.country UNION ALL
		SELECT 'population', OLD.population, NEW.population UNION ALL
		SELECT 'sample_size', OLD.sample_size, NEW.sample_size UNION ALL
		SELECT 'duration_months', OLD.duration_months, NEW.duration_months UNION ALL
		SELECT 'intervention', OLD.intervention, NEW.intervention UNION ALL
		SELECT 'comparator', OLD.comparator, NEW.comparator UNION ALL
		SELECT 'risk_of_bias', OLD.risk_of_bias, NEW.risk_of_bias UNION ALL
		SELECT 'funding', OLD.funding, NEW.funding UNION ALL
		SELECT 'status', OLD.status, NEW.status UNION ALL
		SELECT 'source', OLD.source, NEW.source UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER studies_history_remove AFTER DELETE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'study', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 'key' AS f, OLD.key AS v UNION ALL
		SELECT 'title', OLD.title UNION ALL
		SELECT 'authors', OLD.authors UNION ALL
		SELECT 'journal', OLD.journal UNION ALL
		SELECT 'year', OLD.year UNION ALL
		SELECT 'volume', OLD.volume UNION ALL
		SELECT 'issue', OLD.issue UNION ALL
		SELECT 'pages', OLD.pages UNION ALL
		SELECT 'doi', OLD.doi UNION ALL
		SELECT 'pmid', OLD.pmid UNION ALL
		SELECT 'design', OLD.design UNION ALL
		SELECT 'country', OLD.country UNION ALL
		SELECT 'population', OLD.population UNION ALL
		SELECT 'sample_size', OLD.sample_size UNION ALL
		SELECT 'duration_months', OLD.duration_months UNION ALL
		SELECT 'intervention', OLD.intervention UNION ALL
		SELECT 'comparator', OLD.comparator UNION ALL
		SELECT 'risk_of_bias', OLD.risk_of_bias UNION ALL
		SELECT 'funding', OLD.funding UNION ALL
		SELECT 'status', OLD.status UNION ALL
		SELECT 'source', OLD.source UNION ALL
		SELECT 'notes', OLD.notes
	) WHERE v IS NOT NULL;
END;

CREATE TRIGGER claims_history_add AFTER INSERT ON claims WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'claim', key, study, outcome, 'add', '*', record FROM claims_added WHERE id = NEW.id;
END;

CREATE TRIGGER claims_history_edit AFTER UPDATE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'claim', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 'article', (SELECT key FROM articles WHERE id = OLD.article_id), (SELECT key FROM articles WHERE id = NEW.article_id) UNION ALL
		SELECT 'topics', OLD.topics, NEW.topics UNION ALL
		SELECT 'text', OLD.text, NEW.text UNION ALL
		SELECT 'quote', OLD.quote, NEW.quote UNION ALL
		SELECT 'stated_study', OLD.stated_study, NEW.stated_study UNION ALL
		SELECT 'stated_n', OLD.stated_n, NEW.stated_n UNION ALL
		SELECT 'stated_population', OLD.stated_population, NEW.stated_population UNION ALL
		SELECT 'stated_country', OLD.stated_country, NEW.stated_country UNION ALL
		SELECT 'stated_duration_months', OLD.stated_duration_months, NEW.stated_duration_months UNION ALL
		SELECT 'stated_result', OLD.stated_result, NEW.stated_result UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER claims_history_remove AFTER DELETE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'claim', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 'key' AS f, OLD.key AS v UNION ALL
		SELECT 'article', (SELECT key FROM articles WHERE id = OLD.article_id) UNION ALL
		SELECT 'topics', OLD.topics UNION ALL
		SELECT 'text', OLD.text UNION ALL
		SELECT 'quote', OLD.quote UNION ALL
		SELECT 'stated_study', OLD.stated_study UNION ALL
		SELECT 'stated_n', OLD.stated_n UNION ALL
		SELECT 'stated_population', OLD.stated_population UNION ALL
		SELECT 'stated_country', OLD.stated_country UNION ALL
		SELECT 'stated_duration_months', OLD.stated_duration_months UNION ALL
		SELECT 'stated_result', OLD.stated_result UNION ALL
		SELECT 'notes', OLD.notes
	) WHERE v IS NOT NULL;
END;

CREATE TRIGGER evidence_history_add AFTER INSERT ON evidence WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'link', key, study, outcome, 'add', '*', record FROM evidence_added WHERE id = NEW.id;
END;

CREATE TRIGGER evidence_history_edit AFTER UPDATE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = NEW.claim_id), (SELECT key FROM studies WHERE id = NEW.study_id), NEW.outcome, 'edit', f, o, n FROM (
		SELECT 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS o, (SELECT key FROM claims WHERE id = NEW.claim_id) AS n UNION ALL
		SELECT 'study', (SELECT key FROM studies WHERE id = OLD.study_id), (SELECT key FROM studies WHERE id = NEW.study_id) UNION ALL
		SELECT 'direction', OLD.direction, NEW.direction UNION ALL
		SELECT 'outcome', nullif(OLD.outcome, ''), nullif(NEW.outcome, '') UNION ALL
		SELECT 'measure', OLD.measure, NEW.measure UNION ALL
		SELECT 'estimate', OLD.estimate, NEW.estimate UNION ALL
		SELECT 'ci_low', OLD.ci_low, NEW.ci_low UNION ALL
		SELECT 'ci_high', OLD.ci_high, NEW.ci_high UNION ALL
		SELECT 'p_value', OLD.p_value, NEW.p_value UNION ALL
		SELECT 'n', OLD.n, NEW.n UNION ALL
		SELECT 'indirect', OLD.indirect, NEW.indirect UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER evidence_history_remove AFTER DELETE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = OLD.claim_id), (SELECT key FROM studies WHERE id = OLD.study_id), OLD.outcome, 'remove', f, v FROM (
		SELECT 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS v UNION ALL
		SELECT 'study', (SELECT key FROM studies WHERE id = OLD.study_id) UNION ALL
		SELECT 'direction', OLD.direction UNION ALL
		SELECT 'outcome', nullif(OLD.outcome, '') UNION ALL
		SELECT 'measure', OLD.measure UNION ALL
		SELECT 'estimate', OLD.estimate UNION ALL
		SELECT 'ci_low', OLD.ci_low UNION ALL
		SELECT 'ci_high', OLD.ci_high UNION ALL
		SELECT 'p_value', OLD.p_value UNION ALL
		SELECT 'n', OLD.n UNION ALL
		SELECT 'indirect', OLD.indirect UNION ALL
		SELECT 'notes', OLD.notes
	) WHERE v IS NOT NULL;
END;

-- Rows whose search entry is out of date, by FTS rowid (2 * id for a
-- study, 2 * id + 1 for a claim); emptied at every commit.
CREATE TABLE search_pending (rowid INTEGER PRIMARY KEY);

CREATE TRIGGER search_study_insert AFTER INSERT ON studies WHEN NOT evidence_bulk() BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * NEW.id);
END;

CREATE TRIGGER search_study_delete AFTER DELETE ON studies BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * OLD.id);
END;

CREATE TRIGGER search_study_update AFTER UPDATE ON studies
WHEN OLD.id IS NOT NEW.id OR OLD.key IS NOT NEW.key OR OLD.title IS NOT NEW.title
  OR OLD.authors IS NOT NEW.authors OR OLD.notes IS NOT NEW.notes
BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * OLD.id), (2 * NEW.id);
END;

CREATE TRIGGER search_claim_insert AFTER INSERT ON claims WHEN NOT evidence_bulk() BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * NEW.id + 1);
END;

CREATE TRIGGER search_claim_delete AFTER DELETE ON claims BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * OLD.id + 1);
END;

CREATE TRIGGER search_claim_update AFTER UPDATE ON claims
WHEN OLD.id IS NOT NEW.id OR OLD.key IS NOT NEW.key OR OLD.text IS NOT NEW.text
  OR OLD.quote IS NOT NEW.quote OR OLD.notes IS NOT NEW.notes
BEGIN
	INSERT OR IGNORE INTO search_pending VALUES (2 * OLD.id + 1), (2 * NEW.id + 1);
END;
